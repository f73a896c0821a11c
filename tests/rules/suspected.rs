//! Suspected conditions (RULES.md)

use super::*;

#[test]
fn sc_cramp_fasciculation() {
    let id = RuleId::ScCrampFasciculation;
    let want = SuspectedCondition::CrampFasciculationSyndrome;
    for kind in [Fasciculations, Myokymia] {
        let on = run(r252().finding(hx(kind)));
        let off = run(r252().finding(absent_hx(kind)));
        assert_toggles(id, &on, &off);
        assert!(on.suspected_conditions().contains(want), "{kind}");
        assert!(!off.suspected_conditions().contains(want), "{kind} absent");
    }
    // Stiffness and exercise intolerance accompany the syndrome but do not suggest it alone.
    for kind in [MuscleStiffness, ExerciseIntolerance, AutonomicDysfunction] {
        let d = run(r252().finding(hx(kind)));
        assert!(!d.suspected_conditions().contains(want), "{kind} alone");
        assert_not_fired(id, &d, "no fasciculations or myokymia");
    }
}

#[test]
fn sc_peripheral_neuropathy() {
    let id = RuleId::ScPeripheralNeuropathy;
    let want = SuspectedCondition::PeripheralNeuropathy;
    for kind in [
        MuscleWeakness,
        MuscleAtrophy,
        AbnormalReflexes,
        SensoryLoss,
        Numbness,
        BurningPain,
        NeuropathicPain,
    ] {
        let on = run(r252().finding(hx(kind)));
        let off = run(r252().finding(absent_hx(kind)));
        assert_toggles(id, &on, &off);
        assert!(on.suspected_conditions().contains(want), "{kind}");
        assert!(!off.suspected_conditions().contains(want), "{kind} absent");
    }
    // Neuro findings outside the neuropathy-sign group do not suggest it.
    for kind in [
        Fasciculations,
        Myokymia,
        AutonomicDysfunction,
        ProgressiveCourse,
    ] {
        let d = run(r252().finding(hx(kind)));
        assert!(!d.suspected_conditions().contains(want), "{kind}");
        assert_not_fired(id, &d, "not a neuropathy sign");
    }
}

#[test]
fn sc_progressive_or_refractory() {
    let id = RuleId::ScProgressiveOrRefractory;
    let want = SuspectedCondition::ProgressiveOrRefractoryCramps;

    // progressive_course present
    let on = run(r252().finding(hx(ProgressiveCourse)));
    let off = run(r252().finding(absent_hx(ProgressiveCourse)));
    assert_toggles(id, &on, &off);
    assert!(on.suspected_conditions().contains(want));
    assert!(off.suspected_conditions().is_empty());

    // muscle_weakness present
    let on = run(r252().finding(hx(MuscleWeakness)));
    let off = run(r252().finding(absent_hx(MuscleWeakness)));
    assert_toggles(id, &on, &off);
    assert!(on.suspected_conditions().contains(want));

    // refractory: a completed trial left the cramps unchanged (or worse)
    for outcome in [TrialOutcome::Unchanged, TrialOutcome::Worsened] {
        let on = run(r252().trial(trial(Therapy::Stretching, outcome)));
        let off = run(r252().trial(trial(Therapy::Stretching, TrialOutcome::Ongoing)));
        assert_toggles(id, &on, &off);
        assert!(on.suspected_conditions().contains(want), "{outcome}");
        assert!(!off.suspected_conditions().contains(want), "ongoing");
    }

    // Other course findings and atrophy do not suggest it.
    for kind in [
        FunctionalImpairment,
        FamilyHistoryNeuromuscular,
        MuscleAtrophy,
    ] {
        let d = run(r252().finding(hx(kind)));
        assert!(!d.suspected_conditions().contains(want), "{kind}");
    }
}

#[test]
fn sc_occupational_dystonia() {
    let on = run(r252().finding(hx(TaskSpecificCramps)));
    let off = run(r252().finding(absent_hx(TaskSpecificCramps)));
    assert_toggles(RuleId::ScOccupationalDystonia, &on, &off);
    let want = SuspectedCondition::OccupationalDystonia;
    assert!(on.suspected_conditions().contains(want));
    assert!(!off.suspected_conditions().contains(want));
}

#[test]
fn suspected_conditions_follow_table_order() {
    let d = run(r252()
        .finding(hx(TaskSpecificCramps))
        .finding(hx(MuscleWeakness))
        .finding(hx(Myokymia)));
    let got: Vec<_> = d.suspected_conditions().iter().collect();
    assert_eq!(
        got,
        [
            SuspectedCondition::CrampFasciculationSyndrome,
            SuspectedCondition::PeripheralNeuropathy,
            SuspectedCondition::ProgressiveOrRefractoryCramps,
            SuspectedCondition::OccupationalDystonia,
        ]
    );
}
