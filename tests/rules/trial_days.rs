//! Policy: min_trial_days (RULES.md, *completed trial*; docs/wire-format.md, Policy)

use super::*;

#[test]
fn min_trial_days_decides_whether_a_trial_is_completed() {
    let p28 = Policy::default().with_min_trial_days(28);
    let failed = |days: Option<u32>| {
        let t = trial(Therapy::Stretching, TrialOutcome::Unchanged);
        r252().trial(match days {
            Some(n) => t.with_days(n),
            None => t,
        })
    };

    // Long enough (>=) counts; one day short does not.
    let d = run_with(failed(Some(28)), &p28);
    assert_eq!(d.indication(), Indication::Indicated, "28 >= 28 days");
    assert_fired(RuleId::IndRefractory, &d, "28-day failed trial");
    let d = run_with(failed(Some(27)), &p28);
    assert_eq!(d.indication(), Indication::NotYetIndicated, "27 < 28 days");
    assert_not_fired(RuleId::IndRefractory, &d, "too short");
    assert!(
        d.pitfalls().contains(Pitfall::PrematureTesting),
        "no completed trial"
    );
    assert!(d
        .recommendations()
        .contains(Recommendation::ConservativeManagement));

    // A missing duration does not count when the policy asks for one ...
    let d = run_with(failed(None), &p28);
    assert_eq!(d.indication(), Indication::NotYetIndicated, "no duration");
    // ... but any finished trial counts under the default policy (0 days).
    let d = run(failed(None));
    assert_eq!(d.indication(), Indication::Indicated, "default policy");
    let d = run(failed(Some(0)));
    assert_eq!(
        d.indication(),
        Indication::Indicated,
        "0 days, default policy"
    );

    // Ruleset 3 (RULES.md, *completed trial*): the length counts against failure only. A trial that
    // helped counts whatever its length, with or without a duration.
    for outcome in [TrialOutcome::Improved, TrialOutcome::Resolved] {
        let short = r252().trial(trial_days(Therapy::Hydration, outcome, 10));
        assert_eq!(run(short.clone()).indication(), Indication::NotIndicated);
        let d = run_with(short, &p28);
        assert_eq!(
            d.indication(),
            Indication::NotIndicated,
            "{outcome}: 10 < 28"
        );
        assert_fired(RuleId::IndNotResponsive, &d, "a short trial that helped");
        assert!(!d.pitfalls().contains(Pitfall::PrematureTesting));
        let undated = r252().trial(trial(Therapy::Hydration, outcome));
        assert_eq!(
            run_with(undated, &p28).indication(),
            Indication::NotIndicated,
            "{outcome}: no duration"
        );
    }
    // A short worsened trial does not count either.
    let worse = r252().trial(trial_days(Therapy::Hydration, TrialOutcome::Worsened, 27));
    assert_eq!(
        run_with(worse.clone(), &p28).indication(),
        Indication::NotYetIndicated
    );
    assert_eq!(run(worse).indication(), Indication::Indicated);
}
