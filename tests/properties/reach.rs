//! The strategy reaches every outcome, and fixed cases found by the properties.

use super::*;

/// The default strategy reaches every indication, outlook, red flag, suspected condition,
/// gap, pitfall and recommendation, so the properties above are not vacuous.
#[test]
fn the_case_strategy_reaches_every_outcome() {
    use proptest::strategy::ValueTree;
    let mut runner = TestRunner::deterministic();
    let cases = case();
    let policies = policy();
    let mut indications = Vec::new();
    let mut coverages = Vec::new();
    let mut seen = (
        edx_coverage::Set::<FindingKind>::new(),
        edx_coverage::Set::<SuspectedCondition>::new(),
        edx_coverage::Set::<DocumentationGap>::new(),
        edx_coverage::Set::<Pitfall>::new(),
        edx_coverage::Set::<Recommendation>::new(),
        edx_coverage::Set::<RuleId>::new(),
    );
    let (mut conflicting_sources, mut duplicates, mut empty_findings) = (0, 0, 0);
    let (mut repeated_lines, mut counted_lines, mut with_exceptions, mut corrected) = (0, 0, 0, 0);
    for _ in 0..4000 {
        let c = cases.new_tree(&mut runner).unwrap().current();
        let p = policies.new_tree(&mut runner).unwrap().current();
        let d = evaluate(&c, &p);
        if !indications.contains(&d.indication()) {
            indications.push(d.indication());
        }
        if !coverages.contains(&d.coverage()) {
            coverages.push(d.coverage());
        }
        seen.0.extend(d.red_flags());
        seen.1.extend(d.suspected_conditions());
        seen.2.extend(d.documentation_gaps());
        seen.3.extend(d.pitfalls());
        seen.4.extend(d.recommendations());
        seen.5.extend(d.rule_ids());
        let lines = c.procedures();
        repeated_lines += usize::from(
            lines
                .iter()
                .enumerate()
                .any(|(i, a)| lines[..i].contains(a)),
        );
        counted_lines += usize::from(lines.iter().any(|l| l.studies.is_some()));
        with_exceptions += usize::from(!c.needle_emg_exceptions().is_empty());
        corrected += usize::from(d.procedure_corrections().next().is_some());
        let f = c.findings();
        empty_findings += usize::from(f.is_empty());
        duplicates += usize::from(f.iter().enumerate().any(|(i, a)| f[..i].contains(a)));
        conflicting_sources += usize::from(f.iter().any(|a| {
            f.iter()
                .any(|b| a.kind == b.kind && a.source != b.source && a.status != b.status)
        }));
    }
    assert_eq!(indications.len(), Indication::ALL.len(), "{indications:?}");
    assert_eq!(coverages.len(), Coverage::ALL.len(), "{coverages:?}");
    assert_eq!(seen.0.len(), 13, "red flags {:?}", seen.0);
    assert_eq!(seen.1.len(), SuspectedCondition::ALL.len());
    assert_eq!(seen.2.len(), DocumentationGap::ALL.len(), "{:?}", seen.2);
    assert_eq!(seen.3.len(), Pitfall::ALL.len(), "{:?}", seen.3);
    assert_eq!(seen.4.len(), Recommendation::ALL.len(), "{:?}", seen.4);
    assert_eq!(
        seen.5.len(),
        RuleId::ALL.len(),
        "rules never fired: {:?}",
        edx_coverage::Set::<RuleId>::all().difference(seen.5)
    );
    assert!(empty_findings > 100, "{empty_findings}");
    assert!(duplicates > 100, "{duplicates}");
    assert!(conflicting_sources > 50, "{conflicting_sources}");
    assert!(repeated_lines > 100, "{repeated_lines}");
    assert!(counted_lines > 200, "{counted_lines}");
    assert!(with_exceptions > 200, "{with_exceptions}");
    assert!(corrected > 100, "{corrected}");
}

/// The counterexample proptest found under ruleset 2 to "relaxing the policy never worsens
/// the outlook", shrunk: a failed 32-day trial and a resolved trial without a duration. Under
/// ruleset 2 a strict payer (`min_trial_days = 1`) ignored the resolved trial (no duration),
/// so the case was refractory and indicated, and relaxing to 0 made it responsive and
/// denied. Ruleset 3 counts a trial that helped whatever its length (RULES.md, *completed trial*), so
/// both payers see a responsive case.
#[test]
fn a_short_helpful_trial_counts_under_any_minimum() {
    let case = Case::builder()
        .diagnosis("R25.3".parse().unwrap())
        .trial(ConservativeTrial::new(Therapy::Hydration, TrialOutcome::Unchanged).with_days(32))
        .trial(ConservativeTrial::new(
            Therapy::Hydration,
            TrialOutcome::Resolved,
        ))
        .build()
        .unwrap();
    for days in [0, 1, 28, 365, u32::MAX] {
        let d = evaluate(&case, &Policy::default().with_min_trial_days(days));
        assert_eq!(d.indication(), Indication::NotIndicated, "{days}");
        assert_eq!(d.coverage(), Coverage::LikelyDenied, "{days}");
        assert!(d.rule_ids().contains(RuleId::IndNotResponsive), "{days}");
        assert!(!d.rule_ids().contains(RuleId::IndRefractory), "{days}");
    }
}
