//! Recommendations (RULES.md)

use super::codes::suggested;
use super::*;

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
