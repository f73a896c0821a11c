//! The policy switches.

use super::*;

proptest! {
    #![proptest_config(config(CASES))]

    /// Relaxing a switch (`accept_symptom_codes_with_support`, `require_differential`,
    /// `require_needle_emg_with_ncs`, or all three) never worsens the coverage outlook.
    #[test]
    fn relaxing_a_policy_switch_never_worsens_the_outlook(c in case(), p in policy()) {
        let relaxations = [
            ("accept_symptom_codes_with_support", p.with_accept_symptom_codes_with_support(true)),
            ("require_differential", p.with_require_differential(false)),
            ("require_needle_emg_with_ncs", p.with_require_needle_emg_with_ncs(false)),
            ("all three", p
                .with_accept_symptom_codes_with_support(true)
                .with_require_differential(false)
                .with_require_needle_emg_with_ncs(false)),
        ];
        let before = evaluate(&c, &p).coverage();
        for (knob, relaxed) in relaxations {
            let after = evaluate(&c, &relaxed).coverage();
            prop_assert!(
                coverage_rank(after) >= coverage_rank(before),
                "relaxing {} turned {} into {}", knob, before, after
            );
        }
    }

    /// Lowering `min_trial_days` never worsens the outlook, alone or with every switch
    /// relaxed too (RULES.md, *completed trial*: the minimum counts against failure only, so every
    /// policy field is monotone). Ruleset 2 broke this when a lower minimum let a trial that
    /// helped count; `a_short_helpful_trial_counts_under_any_minimum` pins that case.
    #[test]
    fn lowering_min_trial_days_never_worsens_the_outlook(
        c in case(),
        p in policy(),
        lower_days in any::<Index>(),
    ) {
        let lowered = lower_days.index(p.min_trial_days as usize + 1) as u32;
        let all = p
            .with_accept_symptom_codes_with_support(true)
            .with_require_differential(false)
            .with_require_needle_emg_with_ncs(false);
        let relaxations = [
            ("min_trial_days", p.with_min_trial_days(lowered)),
            ("min_trial_days=0", p.with_min_trial_days(0)),
            ("everything", all.with_min_trial_days(0)),
            ("everything, lowered", all.with_min_trial_days(lowered)),
        ];
        let before = evaluate(&c, &p);
        for (knob, relaxed) in relaxations {
            let after = evaluate(&c, &relaxed);
            prop_assert!(
                coverage_rank(after.coverage()) >= coverage_rank(before.coverage()),
                "relaxing {} turned {} into {}", knob, before.coverage(), after.coverage()
            );
            // Responsiveness no longer depends on the minimum at all.
            prop_assert_eq!(
                after.rule_ids().contains(RuleId::IndNotResponsive),
                before.rule_ids().contains(RuleId::IndNotResponsive)
            );
        }
    }

    /// A documented exception always lifts `ncs_without_needle_emg`, and changes nothing else.
    #[test]
    fn a_needle_emg_exception_only_lifts_ncs_without_needle_emg(
        c in case(),
        p in policy(),
        e in strategies::needle_emg_exception(),
    ) {
        let with = evaluate(&c.to_builder().needle_emg_exception(e).build().unwrap(), &p);
        prop_assert!(!with.pitfalls().contains(Pitfall::NcsWithoutNeedleEmg));
        let mut parts = Parts::of(&c);
        parts.exceptions.clear();
        let without = evaluate(&parts.build(), &p);
        let mut a = with.pitfalls();
        let mut b = without.pitfalls();
        a.remove(Pitfall::NcsWithoutNeedleEmg);
        b.remove(Pitfall::NcsWithoutNeedleEmg);
        prop_assert_eq!(a, b);
        prop_assert!(coverage_rank(with.coverage()) >= coverage_rank(without.coverage()));
    }

    /// Without procedures, `require_needle_emg_with_ncs` makes no difference at all.
    #[test]
    fn without_procedures_the_emg_switch_is_irrelevant(c in case(), p in policy()) {
        let mut parts = Parts::of(&c);
        parts.procedures.clear();
        let c = parts.build();
        prop_assert_eq!(
            evaluate(&c, &p.with_require_needle_emg_with_ncs(true)),
            evaluate(&c, &p.with_require_needle_emg_with_ncs(false))
        );
    }
}
