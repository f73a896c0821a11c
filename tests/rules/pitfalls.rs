//! Pitfalls (RULES.md, whatever the indication)

use super::*;

#[test]
fn pit_symptom_only_coding() {
    let id = RuleId::PitSymptomOnlyCoding;
    let on = run(r252());
    let off = run(dx(&["R25.2", "R29.2"]));
    assert_toggles(id, &on, &off);
    assert!(on.pitfalls().contains(Pitfall::SymptomOnlyCoding));
    assert!(!off.pitfalls().contains(Pitfall::SymptomOnlyCoding));

    // Any supporting_finding or specific_neuromuscular code clears it, any other does not.
    for c in [
        "R25.3", "M62.81", "M62.50", "M62.561", "R20.2", "M79.2", "G62.9",
    ] {
        assert_not_fired(id, &run(dx(&["R25.2", c])), c);
    }
    for c in ["I10", "M62.838", "G47.62", "M62.810", "R25.8"] {
        assert_fired(id, &run(dx(&["R25.2", c])), c);
    }
    // Whatever the indication: an indicated case coded R25.2 alone has it too.
    let d = run(r252().finding(exam(Fasciculations)));
    assert_eq!(d.indication(), Indication::Indicated);
    assert_fired(id, &d, "indicated but symptom-coded");
}

#[test]
fn accept_symptom_codes_with_support_policy() {
    let id = RuleId::PitSymptomOnlyCoding;
    let accept = Policy::default().with_accept_symptom_codes_with_support(true);

    // Waived by a neurological finding (every kind 1-10) ...
    for kind in [
        Fasciculations,
        Myokymia,
        MuscleWeakness,
        MuscleAtrophy,
        AbnormalReflexes,
        SensoryLoss,
        Numbness,
        BurningPain,
        NeuropathicPain,
        AutonomicDysfunction,
    ] {
        let b = || r252().finding(exam(kind));
        let strict = run(b());
        let lenient = run_with(b(), &accept);
        assert_fired(id, &strict, "default policy does not waive");
        assert_not_fired(id, &lenient, "accepting policy with a neuro finding");
        assert!(
            !lenient.pitfalls().contains(Pitfall::SymptomOnlyCoding),
            "{kind}"
        );
    }
    // ... and by task-specific cramps.
    let d = run_with(r252().finding(hx(TaskSpecificCramps)), &accept);
    assert_not_fired(id, &d, "task-specific cramps support the study");
    let d = run(r252().finding(hx(TaskSpecificCramps)));
    assert_fired(id, &d, "default policy");

    // Without support, the policy does not waive it.
    assert_fired(id, &run_with(r252(), &accept), "R25.2 alone");
    for kind in [
        ProgressiveCourse,
        FunctionalImpairment,
        FamilyHistoryNeuromuscular,
        MuscleStiffness,
        SevereSymptoms,
        NocturnalCramps,
    ] {
        let d = run_with(r252().finding(exam(kind)), &accept);
        assert_fired(id, &d, "not a neurological finding or task");
    }
    // A pertinent negative is no support.
    let d = run_with(r252().finding(absent_exam(Fasciculations)), &accept);
    assert_fired(id, &d, "fasciculations absent");
    // A refractory course is no support either.
    let d = run_with(
        r252().trial(trial(Therapy::Stretching, TrialOutcome::Unchanged)),
        &accept,
    );
    assert_fired(id, &d, "refractory is not justified");
}

#[test]
fn pit_no_clinical_correlation() {
    let on = run(r252().finding(hx(Numbness)));
    let off = run(r252()
        .finding(hx(Numbness))
        .finding(absent_exam(SensoryLoss)));
    assert_toggles(RuleId::PitNoClinicalCorrelation, &on, &off);
    assert!(on.pitfalls().contains(Pitfall::LackOfClinicalCorrelation));
    assert!(!off.pitfalls().contains(Pitfall::LackOfClinicalCorrelation));
    // Whatever the indication.
    for b in [r252(), r252().finding(hx(NocturnalCramps)), dx(&["G62.9"])] {
        let d = run(b);
        assert!(
            d.pitfalls().contains(Pitfall::LackOfClinicalCorrelation),
            "{:?}: no exam",
            d.indication()
        );
    }
}

#[test]
fn pit_premature_testing() {
    let id = RuleId::PitPrematureTesting;
    let on = run(r252());
    let off = run(r252().trial(trial(Therapy::Stretching, TrialOutcome::Unchanged)));
    assert_toggles(id, &on, &off);
    assert!(on.pitfalls().contains(Pitfall::PrematureTesting));
    assert!(!off.pitfalls().contains(Pitfall::PrematureTesting));

    // Any completed trial counts, whatever its outcome ...
    for outcome in [
        TrialOutcome::Resolved,
        TrialOutcome::Improved,
        TrialOutcome::Worsened,
    ] {
        assert_not_fired(
            id,
            &run(r252().trial(trial(Therapy::Other, outcome))),
            "trial",
        );
    }
    // ... an ongoing one does not.
    let ongoing = run(r252().trial(trial(Therapy::Other, TrialOutcome::Ongoing)));
    assert_fired(id, &ongoing, "ongoing is not completed");
    // Red flag, specific dx and task-specific cramps each remove it.
    assert_not_fired(
        id,
        &run(r252().finding(hx(FamilyHistoryNeuromuscular))),
        "red flag",
    );
    assert_not_fired(id, &run(dx(&["M60.9"])), "specific dx");
    assert_not_fired(id, &run(r252().finding(hx(TaskSpecificCramps))), "task");
    // Whatever the indication: benign pattern, no trial.
    let d = run(r252().finding(hx(ExerciseAssociatedCramps)));
    assert_eq!(d.indication(), Indication::NotIndicated);
    assert_fired(id, &d, "benign pattern without a trial");
}

#[test]
fn pitfalls_follow_table_order() {
    let d = run(dx(&["R25.2"]));
    let got: Vec<_> = d.pitfalls().iter().collect();
    assert_eq!(
        got,
        [
            Pitfall::SymptomOnlyCoding,
            Pitfall::LackOfClinicalCorrelation,
            Pitfall::PrematureTesting
        ]
    );
}
