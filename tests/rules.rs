//! One test per rule of ruleset v1 (every `RuleId`), each from a minimal pair of cases: one
//! where the rule's condition holds, and a near-identical one where it does not. Removing a
//! rule, or inverting its condition, makes its test fail.
//!
//! Expectations come from RULES.md and docs/codes.md, not from running the code.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use edx_coverage::{
    evaluate, Case, CaseBuilder, ConservativeTrial, Coverage, Determination, DifferentialCondition,
    DocumentationGap, Finding, FindingKind, FindingSource, FindingStatus, IcdCode, Indication,
    LabOutcome, LabResult, LabTest, Member, Pitfall, Policy, Recommendation, RuleId,
    SuspectedCondition, Therapy, TrialOutcome,
};

use FindingKind::*;

// ---------------------------------------------------------------------------------------
// Building cases
// ---------------------------------------------------------------------------------------

fn code(s: &str) -> IcdCode {
    s.parse()
        .unwrap_or_else(|e| panic!("{s:?} should be a valid code: {e}"))
}

/// A builder holding these diagnoses.
fn dx(codes: &[&str]) -> CaseBuilder {
    codes
        .iter()
        .fold(Case::builder(), |b, c| b.diagnosis(code(c)))
}

/// R25.2 alone: the bare symptom code.
fn r252() -> CaseBuilder {
    dx(&["R25.2"])
}

/// Present, from the history (the wire defaults).
fn hx(kind: FindingKind) -> Finding {
    Finding::new(kind)
}

/// Present, seen on examination.
fn exam(kind: FindingKind) -> Finding {
    Finding::new(kind).with_source(FindingSource::Exam)
}

/// Looked for on history and not found.
fn absent_hx(kind: FindingKind) -> Finding {
    Finding::new(kind).with_status(FindingStatus::Absent)
}

/// A pertinent negative on examination (documents an exam without adding a finding).
fn absent_exam(kind: FindingKind) -> Finding {
    absent_hx(kind).with_source(FindingSource::Exam)
}

fn trial(therapy: Therapy, outcome: TrialOutcome) -> ConservativeTrial {
    ConservativeTrial::new(therapy, outcome)
}

fn trial_days(therapy: Therapy, outcome: TrialOutcome, days: u32) -> ConservativeTrial {
    ConservativeTrial::new(therapy, outcome).with_days(days)
}

fn lab(test: LabTest, result: LabOutcome) -> LabResult {
    LabResult::new(test, result)
}

/// The screening panel in docs/wire-format.md, labs order.
const PANEL: [LabTest; 5] = [
    LabTest::Electrolytes,
    LabTest::Calcium,
    LabTest::Magnesium,
    LabTest::ThyroidFunction,
    LabTest::CreatineKinase,
];

/// Adds a normal result for every panel test.
fn full_panel(b: CaseBuilder) -> CaseBuilder {
    PANEL
        .iter()
        .fold(b, |b, t| b.lab(lab(*t, LabOutcome::Normal)))
}

fn run(b: CaseBuilder) -> Determination {
    run_with(b, &Policy::default())
}

fn run_with(b: CaseBuilder, policy: &Policy) -> Determination {
    let case = b.build().expect("test case should be valid");
    evaluate(&case, policy)
}

// ---------------------------------------------------------------------------------------
// Assertions
// ---------------------------------------------------------------------------------------

fn fired(d: &Determination, id: RuleId) -> bool {
    d.rule_ids().contains(id)
}

/// `id` is among the reasons of `on` and not among those of `off`.
#[track_caller]
fn assert_toggles(id: RuleId, on: &Determination, off: &Determination) {
    assert!(
        fired(on, id),
        "{id} should fire when its condition holds; got reasons {:?}\n{on:?}",
        on.rule_ids()
    );
    assert!(
        !fired(off, id),
        "{id} must not fire when its condition does not hold; got reasons {:?}\n{off:?}",
        off.rule_ids()
    );
}

#[track_caller]
fn assert_not_fired(id: RuleId, d: &Determination, why: &str) {
    assert!(
        !fired(d, id),
        "{id} must not fire ({why}); got reasons {:?}",
        d.rule_ids()
    );
}

#[track_caller]
fn assert_fired(id: RuleId, d: &Determination, why: &str) {
    assert!(
        fired(d, id),
        "{id} should fire ({why}); got reasons {:?}",
        d.rule_ids()
    );
}

// ---------------------------------------------------------------------------------------
// Red flags (docs/wire-format.md, finding kinds: kinds 1–13 that are present)
// ---------------------------------------------------------------------------------------

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

// ---------------------------------------------------------------------------------------
// Suspected conditions (RULES.md)
// ---------------------------------------------------------------------------------------

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

// ---------------------------------------------------------------------------------------
// Indication (RULES.md: first rule that applies)
// ---------------------------------------------------------------------------------------

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

// ---------------------------------------------------------------------------------------
// Policy: min_trial_days (RULES.md, *completed trial*; docs/wire-format.md, Policy)
// ---------------------------------------------------------------------------------------

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

// ---------------------------------------------------------------------------------------
// Documentation gaps (RULES.md, only when indicated)
// ---------------------------------------------------------------------------------------

#[test]
fn gap_physical_exam() {
    // Indicated by a specific diagnosis (no other gap applies).
    let on = run(dx(&["G62.9"]).finding(hx(Numbness)));
    // Exam documented by a pertinent negative: absence still means the exam was done.
    let off = run(dx(&["G62.9"])
        .finding(hx(Numbness))
        .finding(absent_exam(MuscleWeakness)));
    assert_toggles(RuleId::GapPhysicalExam, &on, &off);
    assert!(on
        .documentation_gaps()
        .contains(DocumentationGap::PhysicalExam));
    assert!(
        off.documentation_gaps().is_empty(),
        "{:?}",
        off.documentation_gaps()
    );
    assert_eq!(off.coverage(), Coverage::LikelyCovered);

    // Not indicated: no gap even without an exam.
    let d = run(r252());
    assert!(
        d.documentation_gaps().is_empty(),
        "gaps only when indicated"
    );
    assert_not_fired(RuleId::GapPhysicalExam, &d, "not indicated");
}

#[test]
fn exam_documented_by_any_record_from_the_exam() {
    for f in [
        exam(Numbness),
        absent_exam(Numbness),
        exam(NocturnalCramps),
        absent_exam(SevereSymptoms),
    ] {
        let d = run(dx(&["G62.9"]).finding(f));
        assert!(
            !d.documentation_gaps()
                .contains(DocumentationGap::PhysicalExam),
            "{f:?} documents an exam"
        );
        assert!(!d.pitfalls().contains(Pitfall::LackOfClinicalCorrelation));
    }
    // History records, present or absent, do not.
    for f in [hx(Numbness), absent_hx(Numbness)] {
        let d = run(dx(&["G62.9"]).finding(f));
        assert!(
            d.documentation_gaps()
                .contains(DocumentationGap::PhysicalExam),
            "{f:?} is no exam"
        );
    }
}

#[test]
fn gap_neuro_findings() {
    // Indicated because refractory, with an exam and a differential, but no finding.
    let base = || {
        r252()
            .finding(absent_exam(MuscleWeakness))
            .trial(trial(Therapy::Hydration, TrialOutcome::Unchanged))
            .differential(DifferentialCondition::Myopathy)
    };
    let on = run(base());
    let off = run(base().finding(exam(AbnormalReflexes)));
    assert_toggles(RuleId::GapNeurologicalFindings, &on, &off);
    assert_eq!(on.indication(), Indication::Indicated);
    let got: Vec<_> = on.documentation_gaps().iter().collect();
    assert_eq!(got, [DocumentationGap::NeurologicalFindings]);
    assert!(off.documentation_gaps().is_empty());

    // Justified also by a specific diagnosis or task-specific cramps ...
    let d = run(base().diagnosis(code("G62.9")));
    assert_not_fired(RuleId::GapNeurologicalFindings, &d, "specific dx");
    let d = run(base().finding(hx(TaskSpecificCramps)));
    assert_not_fired(RuleId::GapNeurologicalFindings, &d, "task-specific");
    // ... but not by a course red flag, which is not a neurological finding.
    let d = run(base().finding(hx(ProgressiveCourse)));
    assert_fired(
        RuleId::GapNeurologicalFindings,
        &d,
        "progressive course is not kinds 1-10",
    );
}

#[test]
fn gap_conservative_trial() {
    // Indicated by a course red flag only: not justified and not refractory.
    let base = || {
        r252()
            .finding(hx(ProgressiveCourse))
            .finding(absent_exam(MuscleWeakness))
            .differential(DifferentialCondition::Neuropathy)
    };
    let on = run(base());
    let off = run(base().trial(trial(Therapy::Stretching, TrialOutcome::Worsened)));
    assert_toggles(RuleId::GapConservativeTrial, &on, &off);
    let got: Vec<_> = on.documentation_gaps().iter().collect();
    assert_eq!(
        got,
        [
            DocumentationGap::NeurologicalFindings,
            DocumentationGap::ConservativeTrial
        ]
    );
    let got: Vec<_> = off.documentation_gaps().iter().collect();
    assert_eq!(got, [DocumentationGap::NeurologicalFindings]);

    // A justified case needs no trial.
    let d = run(base().finding(hx(BurningPain)));
    assert_not_fired(RuleId::GapConservativeTrial, &d, "justified by a finding");
    // An ongoing trial is not a failed one.
    let d = run(base().trial(trial(Therapy::Stretching, TrialOutcome::Ongoing)));
    assert_fired(RuleId::GapConservativeTrial, &d, "ongoing trial");
}

#[test]
fn gap_differential() {
    let base = || dx(&["R25.2", "R25.3"]).finding(exam(Fasciculations));
    let on = run(base());
    let off = run(base().differential(DifferentialCondition::MotorNeuronDisease));
    assert_toggles(RuleId::GapDifferential, &on, &off);
    let got: Vec<_> = on.documentation_gaps().iter().collect();
    assert_eq!(got, [DocumentationGap::DifferentialDiagnosis]);
    assert!(off.documentation_gaps().is_empty());

    // Policy switch: require_differential = false waives it.
    let relaxed = Policy::default().with_require_differential(false);
    let d = run_with(base(), &relaxed);
    assert_not_fired(RuleId::GapDifferential, &d, "require_differential=false");
    assert!(d.documentation_gaps().is_empty());
    assert_eq!(d.coverage(), Coverage::LikelyCovered);
    assert!(!d
        .recommendations()
        .contains(Recommendation::DocumentDifferential));

    // A specific diagnosis is its own differential.
    let d = run(dx(&["G12.21"]).finding(exam(Fasciculations)));
    assert_not_fired(RuleId::GapDifferential, &d, "specific dx");

    // Not indicated: no gap.
    let d = run(r252().finding(absent_exam(Fasciculations)));
    assert_not_fired(RuleId::GapDifferential, &d, "not indicated");
}

// ---------------------------------------------------------------------------------------
// Pitfalls (RULES.md, whatever the indication)
// ---------------------------------------------------------------------------------------

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

// ---------------------------------------------------------------------------------------
// Coverage (RULES.md)
// ---------------------------------------------------------------------------------------

/// Indicated, exam documented, supporting code, differential: nothing missing.
fn well_documented() -> CaseBuilder {
    dx(&["R25.2", "R25.3"])
        .finding(exam(Fasciculations))
        .differential(DifferentialCondition::MotorNeuronDisease)
}

#[test]
fn cov_likely_covered() {
    let on = run(well_documented());
    let off = run(well_documented()
        .diagnosis(code("R25.2"))
        .finding(hx(Numbness)));
    // `off` only adds a finding whose code is missing: not a pitfall, so still covered.
    assert_eq!(off.coverage(), Coverage::LikelyCovered);
    let off = run(dx(&["R25.2"])
        .finding(exam(Fasciculations))
        .differential(DifferentialCondition::MotorNeuronDisease));
    assert_toggles(RuleId::CovLikelyCovered, &on, &off);
    assert_eq!(on.coverage(), Coverage::LikelyCovered);
    assert!(on.documentation_gaps().is_empty() && on.pitfalls().is_empty());
    assert_eq!(off.coverage(), Coverage::AtRisk, "symptom-only coding");
}

#[test]
fn cov_at_risk() {
    // A gap alone makes it at risk ...
    let on = run(dx(&["R25.2", "R25.3"]).finding(exam(Fasciculations)));
    let off = run(well_documented());
    assert_toggles(RuleId::CovAtRisk, &on, &off);
    assert_eq!(on.coverage(), Coverage::AtRisk);
    assert!(
        on.pitfalls().is_empty(),
        "only a gap here: {:?}",
        on.pitfalls()
    );
    assert_eq!(off.coverage(), Coverage::LikelyCovered);

    // ... and so does a pitfall alone.
    let d = run(dx(&["R25.2", "R25.3"])
        .finding(hx(Fasciculations))
        .differential(DifferentialCondition::MotorNeuronDisease));
    // No exam: both gap physical_exam and pitfall lack_of_clinical_correlation.
    assert_eq!(d.coverage(), Coverage::AtRisk);
    let d = run(dx(&["R25.2"])
        .finding(exam(Fasciculations))
        .differential(DifferentialCondition::MotorNeuronDisease));
    assert!(d.documentation_gaps().is_empty());
    assert_eq!(d.pitfalls().len(), 1);
    assert_eq!(d.coverage(), Coverage::AtRisk, "pitfall only");
    assert_fired(RuleId::CovAtRisk, &d, "pitfall only");
}

#[test]
fn cov_likely_denied() {
    let on = run(r252().finding(absent_exam(Fasciculations)));
    let off = run(r252().finding(exam(Fasciculations)));
    assert_toggles(RuleId::CovLikelyDenied, &on, &off);
    assert_eq!(on.coverage(), Coverage::LikelyDenied);
    assert_ne!(off.coverage(), Coverage::LikelyDenied);
    // Both non-indicated verdicts are denied, however well documented.
    let d = run(dx(&["R25.2", "R25.3"])
        .finding(exam(NocturnalCramps))
        .differential(DifferentialCondition::Myopathy));
    assert_eq!(d.indication(), Indication::NotIndicated);
    assert_eq!(d.coverage(), Coverage::LikelyDenied);
    assert_not_fired(RuleId::CovLikelyCovered, &d, "not indicated");
    assert_not_fired(RuleId::CovAtRisk, &d, "not indicated");
}

#[test]
fn exactly_one_coverage_reason_matching_the_outlook() {
    for b in [
        r252(),
        well_documented(),
        r252().finding(hx(NocturnalCramps)),
    ] {
        let d = run(b);
        let cov: Vec<RuleId> = [
            RuleId::CovLikelyCovered,
            RuleId::CovAtRisk,
            RuleId::CovLikelyDenied,
        ]
        .into_iter()
        .filter(|id| fired(&d, *id))
        .collect();
        let want = match d.coverage() {
            Coverage::LikelyCovered => RuleId::CovLikelyCovered,
            Coverage::AtRisk => RuleId::CovAtRisk,
            _ => RuleId::CovLikelyDenied,
        };
        assert_eq!(cov, [want], "{d:?}");
    }
}

// ---------------------------------------------------------------------------------------
// Suggested codes (RULES.md, `CODE-CANDIDATE`; docs/codes.md)
// ---------------------------------------------------------------------------------------

/// docs/codes.md: candidate code per finding, in finding-table order.
const CANDIDATES: [(FindingKind, &str); 8] = [
    (Fasciculations, "R25.3"),
    (MuscleWeakness, "M62.81"),
    (MuscleAtrophy, "M62.50"),
    (AbnormalReflexes, "R29.2"),
    (SensoryLoss, "R20.1"),
    (Numbness, "R20.0"),
    (BurningPain, "R20.8"),
    (NeuropathicPain, "M79.2"),
];

fn suggested(d: &Determination) -> Vec<(FindingKind, String)> {
    d.suggested_codes()
        .map(|s| (s.finding, s.code.to_string()))
        .collect()
}

#[test]
fn code_candidate() {
    for (kind, want) in CANDIDATES {
        let on = run(r252().finding(hx(kind)));
        let off = run(r252().finding(absent_hx(kind)));
        assert_toggles(RuleId::CodeCandidate, &on, &off);
        assert_eq!(suggested(&on), [(kind, want.to_owned())], "{kind}");
        assert!(suggested(&off).is_empty(), "{kind} absent");

        // Skipped when the exact same code is already a diagnosis.
        let coded = run(dx(&["R25.2", want]).finding(hx(kind)));
        assert!(suggested(&coded).is_empty(), "{kind}: {want} already coded");
        assert_not_fired(RuleId::CodeCandidate, &coded, "already coded");
    }
    // Kinds without a candidate code suggest nothing.
    for kind in [
        Myokymia,
        AutonomicDysfunction,
        ProgressiveCourse,
        FunctionalImpairment,
        FamilyHistoryNeuromuscular,
        MuscleStiffness,
        ExerciseIntolerance,
        TaskSpecificCramps,
        SevereSymptoms,
        NocturnalCramps,
        ExerciseAssociatedCramps,
    ] {
        let d = run(r252().finding(exam(kind)));
        assert!(suggested(&d).is_empty(), "{kind} has no candidate code");
        assert_not_fired(RuleId::CodeCandidate, &d, "no candidate");
    }
}

#[test]
fn suggested_codes_compare_normalised_codes() {
    for written in ["r253", "R253", " r25.3 ", "R25.3"] {
        let d = run(dx(&["R25.2", written]).finding(exam(Fasciculations)));
        assert!(
            suggested(&d).is_empty(),
            "{written:?} normalises to R25.3, already on the order: {:?}",
            suggested(&d)
        );
    }
    // Only the exact code counts: another code of the same block does not.
    let d = run(dx(&["R25.2", "R20.2"]).finding(hx(Numbness)));
    assert_eq!(suggested(&d), [(Numbness, "R20.0".to_owned())]);
    let d = run(dx(&["R25.2", "M62.561"]).finding(hx(MuscleAtrophy)));
    assert_eq!(suggested(&d), [(MuscleAtrophy, "M62.50".to_owned())]);
    // A code coded for one finding does not hide another's.
    let d = run(dx(&["R25.2", "R25.3"])
        .finding(hx(Fasciculations))
        .finding(hx(NeuropathicPain)));
    assert_eq!(suggested(&d), [(NeuropathicPain, "M79.2".to_owned())]);
}

#[test]
fn suggested_codes_follow_finding_table_order() {
    let d = run(r252()
        .finding(hx(NeuropathicPain))
        .finding(exam(MuscleWeakness))
        .finding(hx(Fasciculations)));
    assert_eq!(
        suggested(&d),
        [
            (Fasciculations, "R25.3".to_owned()),
            (MuscleWeakness, "M62.81".to_owned()),
            (NeuropathicPain, "M79.2".to_owned()),
        ]
    );
}

// ---------------------------------------------------------------------------------------
// Recommendations (RULES.md)
// ---------------------------------------------------------------------------------------

#[test]
fn rec_document_exam() {
    let on = run(dx(&["G62.9"]));
    let off = run(dx(&["G62.9"]).finding(absent_exam(Numbness)));
    assert_toggles(RuleId::RecDocumentExam, &on, &off);
    assert!(on
        .recommendations()
        .contains(Recommendation::DocumentPhysicalExam));
    assert!(!off
        .recommendations()
        .contains(Recommendation::DocumentPhysicalExam));
    // Whatever the indication.
    let d = run(r252().finding(hx(NocturnalCramps)));
    assert!(d
        .recommendations()
        .contains(Recommendation::DocumentPhysicalExam));
}

#[test]
fn rec_document_differential() {
    let base = || dx(&["R25.2", "R25.3"]).finding(exam(Fasciculations));
    let on = run(base());
    let off = run(base().differential(DifferentialCondition::Other));
    assert_toggles(RuleId::RecDocumentDifferential, &on, &off);
    assert!(on
        .recommendations()
        .contains(Recommendation::DocumentDifferential));
    assert!(!off
        .recommendations()
        .contains(Recommendation::DocumentDifferential));
    // Follows the gap: no gap when not indicated, so no recommendation.
    let d = run(r252());
    assert!(!d
        .recommendations()
        .contains(Recommendation::DocumentDifferential));
}

#[test]
fn rec_add_supporting_codes() {
    let id = RuleId::RecAddSupportingCodes;
    // Symptom-only coding, and a suggested code for fasciculations.
    let on = run(r252().finding(exam(Fasciculations)));
    // Myokymia: the same picture and the same pitfall, but no candidate code.
    let off = run(r252().finding(exam(Myokymia)));
    assert!(off.pitfalls().contains(Pitfall::SymptomOnlyCoding));
    assert_toggles(id, &on, &off);
    assert!(on
        .recommendations()
        .contains(Recommendation::AddSupportingCodes));
    assert!(!off
        .recommendations()
        .contains(Recommendation::AddSupportingCodes));

    // No pitfall (waived by policy): a suggestion alone does not trigger it.
    let accept = Policy::default().with_accept_symptom_codes_with_support(true);
    let d = run_with(r252().finding(exam(Fasciculations)), &accept);
    assert_eq!(suggested(&d).len(), 1);
    assert_not_fired(id, &d, "no symptom_only_coding pitfall");
    // No pitfall (specific dx) with a suggestion.
    let d = run(dx(&["G62.9"]).finding(exam(Numbness)));
    assert_eq!(suggested(&d).len(), 1);
    assert_not_fired(id, &d, "specific dx: no pitfall");
}

#[test]
fn rec_hyperexcitability_protocol() {
    for kind in [Fasciculations, Myokymia] {
        let on = run(r252().finding(exam(kind)));
        let off = run(r252().finding(absent_exam(kind)));
        assert_toggles(RuleId::RecHyperexcitabilityProtocol, &on, &off);
        assert!(on
            .recommendations()
            .contains(Recommendation::HyperexcitabilityProtocol));
    }
    let d = run(r252().finding(exam(MuscleStiffness)));
    assert_not_fired(RuleId::RecHyperexcitabilityProtocol, &d, "stiffness alone");
}

#[test]
fn rec_conservative_management() {
    let id = RuleId::RecConservativeManagement;
    let on = run(r252());
    let off = run(r252().trial(trial(Therapy::Hydration, TrialOutcome::Improved)));
    assert_toggles(id, &on, &off);
    assert!(on
        .recommendations()
        .contains(Recommendation::ConservativeManagement));
    // Ongoing is no completed trial.
    assert_fired(
        id,
        &run(r252().trial(trial(Therapy::Hydration, TrialOutcome::Ongoing))),
        "ongoing",
    );
    // Flagged cases are not sent back to conservative management.
    assert_not_fired(id, &run(r252().finding(hx(Myokymia))), "red flag");
    assert_not_fired(id, &run(dx(&["G70.00"])), "specific dx");
    assert_not_fired(id, &run(r252().finding(hx(TaskSpecificCramps))), "task");
}

#[test]
fn rec_lab_screening() {
    let id = RuleId::RecLaboratoryScreening;
    let all_but_ck = PANEL[..4]
        .iter()
        .fold(r252(), |b, t| b.lab(lab(*t, LabOutcome::Normal)));
    let on = run(all_but_ck.clone());
    let off = run(all_but_ck
        .clone()
        .lab(lab(LabTest::CreatineKinase, LabOutcome::Pending)));
    assert_toggles(id, &on, &off);
    assert!(on
        .recommendations()
        .contains(Recommendation::LaboratoryScreening));
    let labs: Vec<_> = on.recommended_labs().iter().collect();
    assert_eq!(labs, [LabTest::CreatineKinase], "only CK is missing");
    assert!(
        off.recommended_labs().is_empty(),
        "pending counts as ordered: {:?}",
        off.recommended_labs()
    );

    // Nothing ordered: the whole panel, in panel order.
    let d = run(r252());
    let labs: Vec<_> = d.recommended_labs().iter().collect();
    assert_eq!(labs, PANEL);
    // Missing labs of a flagged case are not recommended, and the list stays empty.
    let d = run(r252().finding(hx(Numbness)));
    assert_not_fired(id, &d, "red flag");
    assert!(
        d.recommended_labs().is_empty(),
        "{:?}",
        d.recommended_labs()
    );
    // Complete panel: nothing to order.
    let d = run(full_panel(r252()));
    assert_not_fired(id, &d, "complete panel");
    assert!(d.recommended_labs().is_empty());
    // Abnormal results count as ordered too.
    let d = run(r252()
        .lab(lab(LabTest::Magnesium, LabOutcome::Abnormal))
        .lab(lab(LabTest::Calcium, LabOutcome::Pending)));
    let labs: Vec<_> = d.recommended_labs().iter().collect();
    assert_eq!(
        labs,
        [
            LabTest::Electrolytes,
            LabTest::ThyroidFunction,
            LabTest::CreatineKinase
        ]
    );
}

#[test]
fn rec_correct_metabolic() {
    let id = RuleId::RecCorrectMetabolic;
    for test in [
        LabTest::Electrolytes,
        LabTest::Calcium,
        LabTest::Magnesium,
        LabTest::ThyroidFunction,
    ] {
        let on = run(r252().lab(lab(test, LabOutcome::Abnormal)));
        let off = run(r252().lab(lab(test, LabOutcome::Normal)));
        assert_toggles(id, &on, &off);
        assert!(
            on.recommendations()
                .contains(Recommendation::CorrectMetabolicAbnormality),
            "{test}"
        );
        let pending = run(r252().lab(lab(test, LabOutcome::Pending)));
        assert_not_fired(id, &pending, "pending is not abnormal");
    }
    // Creatine kinase is not a metabolic abnormality.
    let d = run(r252().lab(lab(LabTest::CreatineKinase, LabOutcome::Abnormal)));
    assert_not_fired(id, &d, "creatine kinase is excluded");
    // Flagged cases: no recommendation.
    let d = run(r252()
        .finding(hx(AutonomicDysfunction))
        .lab(lab(LabTest::Magnesium, LabOutcome::Abnormal)));
    assert_not_fired(id, &d, "red flag");
}

#[test]
fn rec_membrane_stabilizer() {
    let id = RuleId::RecMembraneStabilizer;
    let severe = || r252().finding(hx(SevereSymptoms));
    let on = run(severe());
    let off = run(severe().trial(trial(Therapy::MembraneStabilizer, TrialOutcome::Improved)));
    assert_toggles(id, &on, &off);
    assert!(on
        .recommendations()
        .contains(Recommendation::MembraneStabilizerTrial));

    // Not severe: no recommendation.
    assert_not_fired(
        id,
        &run(r252().finding(absent_hx(SevereSymptoms))),
        "not severe",
    );
    // A completed membrane-stabiliser trial of any outcome removes it ...
    let d = run(severe().trial(trial(Therapy::MembraneStabilizer, TrialOutcome::Unchanged)));
    assert_not_fired(id, &d, "completed (failed) membrane stabiliser trial");
    // ... other therapies and unfinished trials do not.
    let d = run(severe().trial(trial(Therapy::Stretching, TrialOutcome::Unchanged)));
    assert_fired(id, &d, "stretching is not a membrane stabiliser");
    let d = run(severe().trial(trial(Therapy::MembraneStabilizer, TrialOutcome::Ongoing)));
    assert_fired(id, &d, "ongoing");
    let p = Policy::default().with_min_trial_days(14);
    let d = run_with(
        severe().trial(trial_days(
            Therapy::MembraneStabilizer,
            TrialOutcome::Unchanged,
            7,
        )),
        &p,
    );
    assert_fired(id, &d, "too short to count under the policy");
    // Flagged cases: no recommendation.
    assert_not_fired(id, &run(severe().finding(hx(MuscleAtrophy))), "red flag");
    assert_not_fired(id, &run(severe().diagnosis(code("G71.0"))), "specific dx");
    assert_not_fired(id, &run(severe().finding(hx(TaskSpecificCramps))), "task");
}

#[test]
fn rec_reassess() {
    let on = run(r252());
    let off = run(r252().finding(hx(Fasciculations)));
    assert_toggles(RuleId::RecReassess, &on, &off);
    assert!(on
        .recommendations()
        .contains(Recommendation::ReassessIfNewSigns));
    let d = run(r252().finding(hx(NocturnalCramps)));
    assert!(
        d.recommendations()
            .contains(Recommendation::ReassessIfNewSigns),
        "not indicated"
    );
}

#[test]
fn recommendations_follow_table_order() {
    // Unflagged, no exam, no trial, severe, abnormal magnesium.
    let d = run(r252()
        .finding(hx(SevereSymptoms))
        .lab(lab(LabTest::Magnesium, LabOutcome::Abnormal)));
    let got: Vec<_> = d.recommendations().iter().collect();
    assert_eq!(
        got,
        [
            Recommendation::DocumentPhysicalExam,
            Recommendation::ConservativeManagement,
            Recommendation::LaboratoryScreening,
            Recommendation::CorrectMetabolicAbnormality,
            Recommendation::MembraneStabilizerTrial,
            Recommendation::ReassessIfNewSigns,
        ]
    );
}

// ---------------------------------------------------------------------------------------
// Reasons and citations (RULES.md, article references)
// ---------------------------------------------------------------------------------------

/// Every rule has a test above; adding a rule id without one fails here.
const TESTED: &[RuleId] = &[
    RuleId::RfFasciculations,
    RuleId::RfMyokymia,
    RuleId::RfMuscleWeakness,
    RuleId::RfMuscleAtrophy,
    RuleId::RfAbnormalReflexes,
    RuleId::RfSensoryLoss,
    RuleId::RfNumbness,
    RuleId::RfBurningPain,
    RuleId::RfNeuropathicPain,
    RuleId::RfAutonomicDysfunction,
    RuleId::RfProgressiveCourse,
    RuleId::RfFunctionalImpairment,
    RuleId::RfFamilyHistory,
    RuleId::ScCrampFasciculation,
    RuleId::ScPeripheralNeuropathy,
    RuleId::ScProgressiveOrRefractory,
    RuleId::ScOccupationalDystonia,
    RuleId::IndRedFlag,
    RuleId::IndSpecificDiagnosis,
    RuleId::IndTaskSpecific,
    RuleId::IndRefractory,
    RuleId::IndNotResponsive,
    RuleId::IndNotBenignPattern,
    RuleId::IndNotYet,
    RuleId::GapPhysicalExam,
    RuleId::GapNeurologicalFindings,
    RuleId::GapConservativeTrial,
    RuleId::GapDifferential,
    RuleId::PitSymptomOnlyCoding,
    RuleId::PitNoClinicalCorrelation,
    RuleId::PitPrematureTesting,
    RuleId::CovLikelyCovered,
    RuleId::CovAtRisk,
    RuleId::CovLikelyDenied,
    RuleId::CodeCandidate,
    RuleId::RecDocumentExam,
    RuleId::RecDocumentDifferential,
    RuleId::RecAddSupportingCodes,
    RuleId::RecHyperexcitabilityProtocol,
    RuleId::RecConservativeManagement,
    RuleId::RecLaboratoryScreening,
    RuleId::RecCorrectMetabolic,
    RuleId::RecMembraneStabilizer,
    RuleId::RecReassess,
    // Ruleset 2: tested one by one in tests/procedures.rs.
    RuleId::PitNcsWithoutNeedleEmg,
    RuleId::PitPointOfCareDevice,
    RuleId::PitNcsReportedMoreThanOnce,
    RuleId::PitEmgAddOnWithoutNcs,
    RuleId::RecAddNeedleEmg,
    RuleId::RecReplacePointOfCare,
    RuleId::RecReportNcsOnce,
    RuleId::RecUseStandaloneEmg,
    // Ruleset 3: tested one by one in tests/procedures.rs.
    RuleId::PitNcsCodeMismatch,
    RuleId::PitConflictingEmgCodes,
    RuleId::RecCodeNcsByStudyCount,
    RuleId::RecRemoveConflictingEmg,
    RuleId::RecAddRepetitiveStimulation,
    // Ruleset 4: tested one by one in tests/code_set.rs.
    RuleId::PitNonBillableDiagnosisCode,
    RuleId::PitUnknownDiagnosisCode,
    RuleId::RecUseBillableCodes,
];

#[test]
fn every_rule_id_has_a_test() {
    let untested: Vec<_> = RuleId::ALL
        .iter()
        .filter(|id| !TESTED.contains(id))
        .collect();
    assert!(untested.is_empty(), "rule ids without a test: {untested:?}");
    assert_eq!(TESTED.len(), RuleId::ALL.len());
}

#[test]
fn every_rule_cites_the_article() {
    // ruleset 1's rules all rest on the article, so each cites at least one of its numbers.
    // (Rules of later parts may rest on the sources of RULES.md instead and cite none of 1-7.)
    for id in TESTED {
        assert!(
            !id.citations().is_empty() || !id.sources().is_empty(),
            "{id} cites nothing"
        );
        // ruleset 1 rules cite the article; ruleset 2 rules cite payer sources instead. The one
        // rule that rests on both is ruleset 3's repetitive-stimulation recommendation.
        if *id != RuleId::RecAddRepetitiveStimulation {
            assert!(
                id.citations().is_empty() != id.sources().is_empty(),
                "{id} should cite exactly one kind of basis"
            );
        }
    }
    for id in RuleId::ALL {
        let cites = id.citations();
        assert!(
            cites.iter().all(|n| (1..=7).contains(n)),
            "{id} cites outside 1-7: {cites:?}"
        );
        assert!(
            cites.windows(2).all(|w| w[0] < w[1]),
            "{id}: citations should be distinct and ascending: {cites:?}"
        );
    }
}

#[test]
fn citations_are_the_numbers_the_article_attaches() {
    // Statements of the article that carry exactly one set of numbers.
    let want: &[(RuleId, &[u8])] = &[
        (RuleId::RfFasciculations, &[3]), // "Visible fasciculations or myokymia" 3
        (RuleId::RfMyokymia, &[3]),       // idem
        (RuleId::RfMuscleWeakness, &[4]), // "Muscle weakness, atrophy, or abnormal reflexes" 4
        (RuleId::RfMuscleAtrophy, &[4]),  // idem
        (RuleId::RfAbnormalReflexes, &[4]), // idem
        (RuleId::RfNumbness, &[2]),       // "Sensory symptoms (numbness, burning, ...)" 2
        (RuleId::RfBurningPain, &[2]),    // idem
        (RuleId::RfNeuropathicPain, &[2]), // idem
        (RuleId::RfAutonomicDysfunction, &[2]), // "Autonomic dysfunction" 2
        (RuleId::RfProgressiveCourse, &[5]), // "Progressive symptoms or functional impairment" 5
        (RuleId::RfFunctionalImpairment, &[5]), // idem
        (RuleId::RfFamilyHistory, &[7]),  // "Family history of neuromuscular disease" 7
        (RuleId::ScCrampFasciculation, &[2, 3]), // "Cramp-fasciculation syndrome" 2, 3
        (RuleId::ScPeripheralNeuropathy, &[4]), // "Peripheral neuropathy suspicion" 4
        (RuleId::ScProgressiveOrRefractory, &[5]), // "Progressive or severe symptoms" 5
        (RuleId::ScOccupationalDystonia, &[6]), // "Occupational dystonia" 6
        (RuleId::IndTaskSpecific, &[6]),
        (RuleId::IndNotResponsive, &[5]), // "Cramps responsive to conservative measures" 5
        (RuleId::IndNotBenignPattern, &[5]), // nocturnal / exercise-associated 5
        (RuleId::GapNeurologicalFindings, &[1]), // "Clinical justification" 1
        (RuleId::GapConservativeTrial, &[5]), // "Failed conservative management" 5
        (RuleId::GapDifferential, &[1]),  // "Differential diagnosis" 1
        (RuleId::PitSymptomOnlyCoding, &[1]),
        (RuleId::PitNoClinicalCorrelation, &[1]),
        (RuleId::PitPrematureTesting, &[5]),
        (RuleId::RecLaboratoryScreening, &[5]), // "Limited laboratory screening" 5
        (RuleId::RecMembraneStabilizer, &[2, 3]), // "membrane-stabilizing medications" 2, 3
        (RuleId::RecReassess, &[3]),            // "Reserve EMG-NCV ... new neurological signs" 3
    ];
    for (id, cites) in want {
        assert_eq!(id.citations(), *cites, "{id}");
    }
}

#[test]
fn reasons_carry_their_rule_citations() {
    let d = run(r252().finding(exam(Fasciculations)));
    let v = serde_json::to_value(&d).unwrap();
    for (i, reason) in v["reasons"].as_array().unwrap().iter().enumerate() {
        let rule: RuleId = serde_json::from_value(reason["rule"].clone()).unwrap();
        let cites: Vec<u8> = serde_json::from_value(reason["citations"].clone()).unwrap();
        assert_eq!(cites, rule.citations(), "reasons[{i}] {rule}");
    }
    let ids: Vec<RuleId> = d.reasons().map(|r| r.rule()).collect();
    let from_set: Vec<RuleId> = d.rule_ids().iter().collect();
    assert_eq!(ids, from_set, "reasons() and rule_ids() agree");
}

#[test]
fn every_determination_has_a_reason_for_each_verdict() {
    let cases = [
        r252(),
        r252().finding(exam(Fasciculations)),
        r252().finding(hx(NocturnalCramps)),
        full_panel(well_documented()),
    ];
    for b in cases {
        let d = run(b);
        assert_ne!(d.reasons().len(), 0, "reasons never empty");
        let ind = [
            RuleId::IndRedFlag,
            RuleId::IndSpecificDiagnosis,
            RuleId::IndTaskSpecific,
            RuleId::IndRefractory,
            RuleId::IndNotResponsive,
            RuleId::IndNotBenignPattern,
            RuleId::IndNotYet,
        ];
        assert!(
            ind.iter().any(|id| fired(&d, *id)),
            "no indication reason: {d:?}"
        );
    }
}
