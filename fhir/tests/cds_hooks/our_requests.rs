//! Our own requests.

use super::others::fixtures;
use super::*;

pub(super) fn ours(name: &str) -> Value {
    fixtures("ours")
        .into_iter()
        .find(|(n, _)| n == name)
        .unwrap_or_else(|| panic!("no fixture {name}"))
        .1
}

/// The typical request, read resource by resource into the case written here by hand.
#[test]
fn the_typical_request_maps_to_the_case_it_documents() {
    use edx_coverage::{
        ConservativeTrial, DifferentialCondition as D, Finding, FindingKind as K,
        FindingSource as S, FindingStatus as St, LabOutcome as O, LabResult, LabTest as L, Therapy,
        TrialOutcome,
    };
    let request = ours("typical-order-sign.json");
    let f = |k, st, s| Finding::new(k).with_status(st).with_source(s);
    let want = Case::builder()
        .diagnosis("R25.2".parse().unwrap())
        .diagnosis("R25.3".parse().unwrap())
        .finding(f(K::Fasciculations, St::Present, S::Exam))
        .finding(f(K::Fasciculations, St::Present, S::History)) // the R25.3 Condition
        .finding(f(K::MuscleWeakness, St::Absent, S::Exam))
        .finding(f(K::MuscleStiffness, St::Present, S::History))
        .finding(f(K::ExerciseIntolerance, St::Present, S::History))
        .lab(LabResult::new(L::Magnesium, O::Normal))
        .lab(LabResult::new(L::Electrolytes, O::Normal))
        .lab(LabResult::new(L::Calcium, O::Normal))
        .lab(LabResult::new(L::ThyroidFunction, O::Normal))
        .lab(LabResult::new(L::CreatineKinase, O::Pending))
        .trial(ConservativeTrial::new(Therapy::Stretching, TrialOutcome::Unchanged).with_days(42))
        .differential(D::Neuropathy)
        .differential(D::MotorNeuronDisease)
        .procedure(Procedure::new("95909".parse().unwrap()))
        .procedure(Procedure::new("95886".parse().unwrap()).with_units(Units::new(2).unwrap()))
        .build()
        .unwrap();
    let mapping = map_value(&request).unwrap();
    assert_eq!(mapping.case(), Some(&canonical(&want)));
    let ids: Vec<&str> = mapping.orders().iter().map(|o| o.id()).collect();
    assert_eq!(ids, ["ncs-1", "emg-1"]);
    let mut issues: Vec<&str> = mapping.issues().iter().map(|i| i.path()).collect();
    issues.sort_unstable();
    assert_eq!(
        issues,
        [
            "prefetch.conditions.entry[3].resource", // I10: not a reason of the orders
            "prefetch.observations.entry[10].resource.code", // the cramp symptom itself
            "prefetch.observations.entry[9].resource.code", // a heart rate
        ],
        "{:?}",
        mapping.issues()
    );

    let answer = answer_value(&request, &Policy::default(), &options()).unwrap();
    assert_eq!(
        answer.outlook(),
        Some(evaluate(&want, &Policy::default()).coverage())
    );
    let response = answer.to_value();
    assert!(check_response(&response, Version::V2_2).is_empty());
    // The issues travel with the response, as an OperationOutcome.
    let outcome = &response["extension"]["edx-coverage.issues"];
    assert_eq!(outcome["resourceType"], "OperationOutcome");
    assert_eq!(names(&outcome["issue"]), 3);
    // The NCS order names its own coverage.
    let info = coverage_information(&response["systemActions"][0])[0];
    assert_eq!(
        sub(info, "coverage")[0]["valueReference"]["reference"],
        "Coverage/cov-1"
    );
}

#[test]
fn order_select_fixture_judges_the_selected_order() {
    let a = answer_value(&ours("order-select.json"), &Policy::default(), &options()).unwrap();
    let response = a.to_value();
    assert_eq!(names(&response["systemActions"]), 1);
    assert_eq!(response["systemActions"][0]["resource"]["id"], "emg-1");
    assert_eq!(a.hook(), Hook::OrderSelect);
    assert_eq!(a.hook_instance(), "0b7b1f0e-8b0a-4a53-8a63-33d9c1b2f001");
}
