//! Indication (RULES.md: first rule that applies)

use super::*;

#[test]
fn ind_red_flag() {
    let on = run(r252().finding(hx(FunctionalImpairment)));
    let off = run(r252().finding(absent_hx(FunctionalImpairment)));
    assert_toggles(RuleId::IndRedFlag, &on, &off);
    assert_eq!(on.indication(), Indication::Indicated);
    assert_eq!(off.indication(), Indication::NotYetIndicated);
}

#[test]
fn ind_specific_dx() {
    let on = run(dx(&["R25.2", "G62.9"]));
    let off = run(dx(&["R25.2", "I10"]));
    assert_toggles(RuleId::IndSpecificDiagnosis, &on, &off);
    assert_eq!(on.indication(), Indication::Indicated);
    assert_eq!(off.indication(), Indication::NotYetIndicated);

    // Every block of the specific_neuromuscular list (docs/codes.md) makes it indicated ...
    for c in [
        "G12.21", "G13.0", "G24.9", "G54.0", "G55", "G56.00", "G57.90", "G58.9", "G59", "G60.0",
        "G61.0", "G62.9", "G63", "G64", "G65.2", "G70.00", "G71.0", "G72.9", "G73.7", "M33.20",
        "M60.9", "M54.10", "M54.17", "E08.40", "E09.42", "E10.40", "E11.40", "E11.42", "E13.40",
    ] {
        let d = run(dx(&[c]));
        assert_eq!(
            d.indication(),
            Indication::Indicated,
            "{c} is specific_neuromuscular"
        );
        assert_fired(RuleId::IndSpecificDiagnosis, &d, c);
    }
    // ... and near misses do not.
    for c in [
        "M54.2", "M54.5", "E11.9", "E11.51", "G47.62", "G25.81", "R25.9", "M62.83",
    ] {
        let d = run(dx(&[c]));
        assert_not_fired(RuleId::IndSpecificDiagnosis, &d, c);
        assert_ne!(d.indication(), Indication::Indicated, "{c} is not specific");
    }
}

#[test]
fn ind_task_specific() {
    let on = run(r252().finding(hx(TaskSpecificCramps)));
    let off = run(r252().finding(absent_hx(TaskSpecificCramps)));
    assert_toggles(RuleId::IndTaskSpecific, &on, &off);
    assert_eq!(on.indication(), Indication::Indicated);
    assert_eq!(off.indication(), Indication::NotYetIndicated);
}

#[test]
fn ind_refractory() {
    for outcome in [TrialOutcome::Unchanged, TrialOutcome::Worsened] {
        let on = run(r252().trial(trial(Therapy::Hydration, outcome)));
        // Still ongoing: not completed, so not refractory.
        let off = run(r252().trial(trial(Therapy::Hydration, TrialOutcome::Ongoing)));
        assert_toggles(RuleId::IndRefractory, &on, &off);
        assert_eq!(on.indication(), Indication::Indicated, "{outcome}");
        assert_eq!(off.indication(), Indication::NotYetIndicated, "ongoing");
    }
}

#[test]
fn refractory_only_when_not_responsive() {
    // One failed and one successful completed trial: responsive, hence not refractory.
    let d = run(r252()
        .trial(trial(Therapy::Hydration, TrialOutcome::Unchanged))
        .trial(trial(Therapy::Stretching, TrialOutcome::Resolved)));
    assert_eq!(d.indication(), Indication::NotIndicated);
    assert_not_fired(
        RuleId::IndRefractory,
        &d,
        "responsive trumps a failed trial",
    );
    assert_fired(
        RuleId::IndNotResponsive,
        &d,
        "one trial resolved the cramps",
    );
    assert!(
        !d.suspected_conditions()
            .contains(SuspectedCondition::ProgressiveOrRefractoryCramps),
        "not refractory when responsive: {:?}",
        d.suspected_conditions()
    );
    // ... unless the successful trial is still ongoing (not completed).
    let d = run(r252()
        .trial(trial(Therapy::Hydration, TrialOutcome::Unchanged))
        .trial(trial(Therapy::Stretching, TrialOutcome::Ongoing)));
    assert_eq!(d.indication(), Indication::Indicated);
    assert_fired(RuleId::IndRefractory, &d, "the only completed trial failed");
}

#[test]
fn ind_not_responsive() {
    for outcome in [TrialOutcome::Resolved, TrialOutcome::Improved] {
        let on = run(r252().trial(trial(Therapy::Stretching, outcome)));
        let off = run(r252().trial(trial(Therapy::Stretching, TrialOutcome::Ongoing)));
        assert_toggles(RuleId::IndNotResponsive, &on, &off);
        assert_eq!(on.indication(), Indication::NotIndicated, "{outcome}");
        assert_eq!(off.indication(), Indication::NotYetIndicated, "ongoing");
    }
}

#[test]
fn ind_not_benign_pattern() {
    for kind in [NocturnalCramps, ExerciseAssociatedCramps] {
        let on = run(r252().finding(hx(kind)));
        let off = run(r252().finding(absent_hx(kind)));
        assert_toggles(RuleId::IndNotBenignPattern, &on, &off);
        assert_eq!(on.indication(), Indication::NotIndicated, "{kind}");
        assert_eq!(
            off.indication(),
            Indication::NotYetIndicated,
            "{kind} absent"
        );
    }
}

#[test]
fn ind_not_yet() {
    let on = run(r252());
    let off = run(r252().finding(hx(NocturnalCramps)));
    assert_toggles(RuleId::IndNotYet, &on, &off);
    assert_eq!(on.indication(), Indication::NotYetIndicated);
    // Features that are neither red flags nor benign patterns leave it not yet indicated.
    for kind in [MuscleStiffness, ExerciseIntolerance, SevereSymptoms] {
        let d = run(r252().finding(hx(kind)));
        assert_eq!(d.indication(), Indication::NotYetIndicated, "{kind}");
        assert_fired(
            RuleId::IndNotYet,
            &d,
            "no red flag, nothing refractory, no trial",
        );
    }
}

#[test]
fn indication_is_first_match() {
    // A red flag wins over a responsive trial.
    let d = run(r252()
        .finding(hx(Fasciculations))
        .trial(trial(Therapy::Stretching, TrialOutcome::Improved)));
    assert_eq!(d.indication(), Indication::Indicated);
    assert_fired(RuleId::IndRedFlag, &d, "red flag");
    // A rule that lost the first match does not stand as a reason for a contrary verdict.
    assert_not_fired(RuleId::IndNotResponsive, &d, "indicated, not not_indicated");
    assert_not_fired(RuleId::IndNotYet, &d, "indicated");

    // Specific dx and task-specific cramps win over a benign pattern.
    let d = run(dx(&["G62.9"]).finding(hx(NocturnalCramps)));
    assert_eq!(d.indication(), Indication::Indicated);
    assert_not_fired(RuleId::IndNotBenignPattern, &d, "indicated");
    let d = run(r252()
        .finding(hx(TaskSpecificCramps))
        .finding(hx(ExerciseAssociatedCramps)));
    assert_eq!(d.indication(), Indication::Indicated);

    // Refractory wins over a benign pattern.
    let d = run(r252()
        .finding(hx(NocturnalCramps))
        .trial(trial(Therapy::Stretching, TrialOutcome::Unchanged)));
    assert_eq!(d.indication(), Indication::Indicated);
    assert_fired(RuleId::IndRefractory, &d, "failed trial");

    // Responsive and benign: not indicated.
    let d = run(r252()
        .finding(hx(NocturnalCramps))
        .trial(trial(Therapy::Stretching, TrialOutcome::Resolved)));
    assert_eq!(d.indication(), Indication::NotIndicated);
    assert_not_fired(RuleId::IndNotYet, &d, "not_indicated");

    // An ongoing trial is not completed: neither responsive nor refractory.
    let d = run(r252().trial(trial(Therapy::Stretching, TrialOutcome::Ongoing)));
    assert_eq!(d.indication(), Indication::NotYetIndicated);
    assert!(d.pitfalls().contains(Pitfall::PrematureTesting));
}
