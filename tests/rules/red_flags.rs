//! Red flags (RULES.md, the `RF-*` rows: kinds 1–13 that are present)

use super::*;

/// One test per red-flag kind: present (history) → a red flag, indicated; the same kind as a
/// history pertinent negative → no red flag.
macro_rules! red_flag_test {
    ($($name:ident: $kind:ident => $rule:ident;)+) => {$(
        #[test]
        fn $name() {
            let on = run(r252().finding(hx($kind)));
            let off = run(r252().finding(absent_hx($kind)));
            assert_toggles(RuleId::$rule, &on, &off);
            assert!(on.red_flags().contains($kind), "{:?} present must be a red flag: {:?}", $kind, on.red_flags());
            assert_eq!(on.red_flags().len(), 1, "only {:?} is present: {:?}", $kind, on.red_flags());
            assert!(off.red_flags().is_empty(), "{:?} absent is no red flag: {:?}", $kind, off.red_flags());
            assert_eq!(on.indication(), Indication::Indicated, "a red flag makes testing indicated");
            assert_eq!(off.indication(), Indication::NotYetIndicated);

            // Present from the exam is just as much a red flag.
            let seen = run(r252().finding(exam($kind)));
            assert!(seen.red_flags().contains($kind), "{:?} on exam must be a red flag", $kind);
            assert_fired(RuleId::$rule, &seen, "present on exam");
        }
    )+};
}

red_flag_test! {
    rf_fasciculations: Fasciculations => RfFasciculations;
    rf_myokymia: Myokymia => RfMyokymia;
    rf_muscle_weakness: MuscleWeakness => RfMuscleWeakness;
    rf_muscle_atrophy: MuscleAtrophy => RfMuscleAtrophy;
    rf_abnormal_reflexes: AbnormalReflexes => RfAbnormalReflexes;
    rf_sensory_loss: SensoryLoss => RfSensoryLoss;
    rf_numbness: Numbness => RfNumbness;
    rf_burning_pain: BurningPain => RfBurningPain;
    rf_neuropathic_pain: NeuropathicPain => RfNeuropathicPain;
    rf_autonomic_dysfunction: AutonomicDysfunction => RfAutonomicDysfunction;
    rf_progressive_course: ProgressiveCourse => RfProgressiveCourse;
    rf_functional_impairment: FunctionalImpairment => RfFunctionalImpairment;
    rf_family_history: FamilyHistoryNeuromuscular => RfFamilyHistory;
}

#[test]
fn kinds_14_to_19_are_never_red_flags() {
    for kind in [
        MuscleStiffness,
        ExerciseIntolerance,
        TaskSpecificCramps,
        SevereSymptoms,
        NocturnalCramps,
        ExerciseAssociatedCramps,
    ] {
        let d = run(r252().finding(exam(kind)));
        assert!(
            d.red_flags().is_empty(),
            "{kind} is not a red flag: {:?}",
            d.red_flags()
        );
        assert_not_fired(RuleId::IndRedFlag, &d, "no red flag");
    }
}

#[test]
fn a_kind_is_present_whatever_the_source() {
    // Absent on history but present on exam (different sources may disagree): present.
    let d = run(r252().finding(absent_hx(Numbness)).finding(exam(Numbness)));
    assert!(d.red_flags().contains(Numbness), "{:?}", d.red_flags());
    // Present on history, absent on exam: still present.
    let d = run(r252()
        .finding(hx(MuscleWeakness))
        .finding(absent_exam(MuscleWeakness)));
    assert!(
        d.red_flags().contains(MuscleWeakness),
        "{:?}",
        d.red_flags()
    );
    assert_eq!(d.indication(), Indication::Indicated);
    // Absent on both: not present.
    let d = run(r252()
        .finding(absent_hx(MuscleWeakness))
        .finding(absent_exam(MuscleWeakness)));
    assert!(d.red_flags().is_empty(), "{:?}", d.red_flags());
}

#[test]
fn red_flags_follow_table_order_not_input_order() {
    let d = run(r252()
        .finding(hx(FamilyHistoryNeuromuscular))
        .finding(exam(Numbness))
        .finding(hx(Fasciculations)));
    let got: Vec<FindingKind> = d.red_flags().iter().collect();
    assert_eq!(got, [Fasciculations, Numbness, FamilyHistoryNeuromuscular]);
}
