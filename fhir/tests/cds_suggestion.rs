//! The path to coverage on the CDS Hooks card: the steps that change the order are one
//! suggestion whose actions hold whole R4 `ServiceRequest`s; applying them to the request's
//! draft orders and sending it again gives the outlook the plan promises (a round trip);
//! the steps a person takes are in the card's detail.
//!
//! Run with `cargo test -p edx-coverage-fhir --test cds_suggestion`.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use common::{policy_of, vignette_case};

use common::cds_check::{check_response, Version};
use common::suggestion_check::{check_service_request, check_suggestion};
use edx_coverage::{plan, Case, Coverage, Plan, Policy, StepKind};
use edx_coverage_fhir::cds_hooks::{answer, to_request, Hook, Options};
use serde_json::{json, Value};

const DATE: &str = "2026-11-27";

fn options() -> Options {
    Options::default().with_date(DATE)
}

/// The steps a changed order expresses (`edx_coverage::StepKind`): coding the findings
/// on the order and the six claim-line steps.
const ORDER_STEPS: [StepKind; 7] = [
    StepKind::AddFindingCodes,
    StepKind::CodeNcsByStudyCount,
    StepKind::ReportNcsOnce,
    StepKind::RemoveConflictingEmgCodes,
    StepKind::ReplacePointOfCareNcs,
    StepKind::UseStandaloneEmgCodes,
    StepKind::AddNeedleEmg,
];

fn order_steps(p: &Plan) -> usize {
    p.steps()
        .iter()
        .filter(|s| ORDER_STEPS.contains(&s.step.kind()))
        .count()
}

/// The response to `request`, checked against the CDS Hooks / CRD validator.
fn respond(request: &Value, policy: &Policy) -> Value {
    let answer = answer(&request.to_string(), policy, &options()).unwrap();
    let response: Value = serde_json::from_str(answer.json()).unwrap();
    let errors = check_response(&response, Version::V2_2);
    assert!(errors.is_empty(), "{errors:?}");
    response
}

/// The card's one suggestion, if any, checked structurally.
fn the_suggestion(response: &Value) -> Option<&Value> {
    let card = response["cards"].as_array()?.first()?;
    let suggestions = card["suggestions"].as_array()?;
    assert_eq!(suggestions.len(), 1, "one suggestion");
    assert_eq!(card["selectionBehavior"], "at-most-one");
    let s = &suggestions[0];
    let errors = check_suggestion(s);
    assert!(errors.is_empty(), "{errors:?}: {s}");
    assert_eq!(s["isRecommended"], true);
    Some(s)
}

/// The request with the suggestion's actions applied to its draft orders, as an EHR does
/// when the clinician accepts it.
fn accept(request: &Value, suggestion: &Value) -> Value {
    let mut request = request.clone();
    let entries = request["context"]["draftOrders"]["entry"]
        .as_array_mut()
        .unwrap();
    let id_of = |e: &Value| {
        format!(
            "{}/{}",
            e["resource"]["resourceType"].as_str().unwrap(),
            e["resource"]["id"].as_str().unwrap()
        )
    };
    for action in suggestion["actions"].as_array().unwrap() {
        let resource = &action["resource"];
        match action["type"].as_str().unwrap() {
            "update" => {
                let target = format!("ServiceRequest/{}", resource["id"].as_str().unwrap());
                let entry = entries.iter_mut().find(|e| id_of(e) == target).unwrap();
                entry["resource"] = resource.clone();
            }
            "create" => entries.push(json!({ "resource": resource })),
            "delete" => {
                let target = action["resourceId"].as_str().unwrap();
                let before = entries.len();
                entries.retain(|e| id_of(e) != target);
                assert_eq!(entries.len(), before - 1, "{target}");
            }
            other => panic!("action type {other}"),
        }
    }
    request
}

/// Every vignette as an order-sign request: a suggestion exactly when the plan has a step
/// that changes the order, every action a valid R4 ServiceRequest; accepting it and signing
/// again gives the plan's target when the order changes were the whole plan (`covered` in
/// the CRD extension when that target is likely covered).
#[test]
fn every_vignette_suggestion_validates_and_round_trips() {
    let mut round_trips_to_covered = 0;
    let mut suggestions = 0;
    for (name, doc) in common::vignettes() {
        let case = vignette_case(&doc);
        let policy = policy_of(&doc);
        let p = plan(&case, &policy);
        let request = to_request(&case, Hook::OrderSign, DATE);
        let response = respond(&request, &policy);
        let Some(s) = the_suggestion(&response) else {
            assert!(
                order_steps(&p) == 0 || p.from() == Coverage::LikelyCovered,
                "{name}: no suggestion for {:?}",
                p.steps()
            );
            continue;
        };
        suggestions += 1;
        // Order-select answers with the same suggestion shape.
        let select = respond(&to_request(&case, Hook::OrderSelect, DATE), &policy);
        assert!(the_suggestion(&select).is_some(), "{name}: order-select");
        assert!(
            order_steps(&p) > 0,
            "{name}: a suggestion without an order step"
        );
        // The same request gives the same suggestion, byte for byte.
        assert_eq!(
            the_suggestion(&respond(&request, &policy)),
            Some(s),
            "{name}"
        );

        let after = respond(&accept(&request, s), &policy);
        if order_steps(&p) == p.steps().len() {
            let answer = answer(&accept(&request, s).to_string(), &policy, &options()).unwrap();
            assert_eq!(answer.outlook(), Some(p.target()), "{name}: {s}");
            assert!(answer.issues().is_empty(), "{name}: {:?}", answer.issues());
            if p.target() == Coverage::LikelyCovered {
                for action in after["systemActions"].as_array().unwrap() {
                    let info = action["resource"]["extension"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .find(|e| e["url"].as_str().unwrap().ends_with("coverage-information"))
                        .unwrap();
                    let covered = info["extension"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .find(|e| e["url"] == "covered")
                        .unwrap();
                    assert_eq!(covered["valueCode"], "covered", "{name}");
                }
                assert_eq!(after["cards"], json!([]), "{name}: no card once covered");
                round_trips_to_covered += 1;
            }
        }
    }
    assert!(
        suggestions >= 10,
        "only {suggestions} vignettes had a suggestion"
    );
    assert!(
        round_trips_to_covered >= 8,
        "only {round_trips_to_covered} vignettes went from a suggestion to covered"
    );
}

/// The by-hand steps are in the card's detail, and a plan of only such steps has no
/// suggestion.
#[test]
fn by_hand_steps_are_written_in_the_detail() {
    // Fasciculations on exam, coded: only the differential is missing.
    let case: Case = serde_json::from_str(
        r#"{"diagnoses":[{"code":"R25.2"},{"code":"R25.3"}],
            "findings":[{"kind":"fasciculations","source":"exam"}],
            "procedures":[{"cpt":"95909"},{"cpt":"95886"}]}"#,
    )
    .unwrap();
    let p = plan(&case, &Policy::default());
    assert_eq!(order_steps(&p), 0, "{:?}", p.steps());
    assert!(!p.steps().is_empty());
    let response = respond(
        &to_request(&case, Hook::OrderSign, DATE),
        &Policy::default(),
    );
    assert!(the_suggestion(&response).is_none());
    let detail = response["cards"][0]["detail"].as_str().unwrap();
    assert!(detail.contains("**Path to coverage**"), "{detail}");
    assert!(
        detail.contains("- By hand: document the differential diagnosis the study must settle: motor neuron disease."),
        "{detail}"
    );
}

/// Coding the findings: the order's reasons gain the suggested code (with its official
/// description), nothing else in the order changes.
#[test]
fn finding_codes_go_into_the_orders_reasons() {
    let case: Case = serde_json::from_str(
        r#"{"diagnoses":[{"code":"R25.2"}],
            "findings":[{"kind":"fasciculations","source":"exam"}],
            "differential":["motor_neuron_disease"],
            "procedures":[{"cpt":"95909"},{"cpt":"95886"}]}"#,
    )
    .unwrap();
    let request = to_request(&case, Hook::OrderSign, DATE);
    let response = respond(&request, &Policy::default());
    let s = the_suggestion(&response).unwrap();
    let actions = s["actions"].as_array().unwrap();
    assert_eq!(actions.len(), 2, "{s}");
    let sent = request["context"]["draftOrders"]["entry"]
        .as_array()
        .unwrap();
    for (action, entry) in actions.iter().zip(sent) {
        assert_eq!(action["type"], "update");
        let mut resource = action["resource"].clone();
        let reasons = resource["reasonCode"].as_array_mut().unwrap();
        let added = reasons.pop().unwrap();
        assert_eq!(
            added,
            json!({"coding": [{"system": "http://hl7.org/fhir/sid/icd-10-cm", "code": "R25.3",
                              "display": "Fasciculation"}]})
        );
        assert_eq!(resource, entry["resource"], "only the reason is added");
    }
}

/// The claim lines: a point-of-care study is deleted and a standard NCS created; the created
/// order is a draft for the same patient and date as the first order.
#[test]
fn claim_line_steps_delete_and_create_orders() {
    let case: Case = serde_json::from_str(
        r#"{"diagnoses":[{"code":"G62.9"}],
            "findings":[{"kind":"numbness","source":"exam"}],
            "differential":["neuropathy"],
            "procedures":[{"cpt":"95905"},{"cpt":"95886"}]}"#,
    )
    .unwrap();
    let p = plan(&case, &Policy::default());
    let kinds: Vec<StepKind> = p.steps().iter().map(|s| s.step.kind()).collect();
    assert!(
        kinds.contains(&StepKind::ReplacePointOfCareNcs),
        "{kinds:?}"
    );
    let request = to_request(&case, Hook::OrderSign, DATE);
    let response = respond(&request, &Policy::default());
    let s = the_suggestion(&response).unwrap();
    let actions = s["actions"].as_array().unwrap();
    let deleted: Vec<&Value> = actions.iter().filter(|a| a["type"] == "delete").collect();
    assert_eq!(deleted.len(), 1, "{s}");
    assert_eq!(deleted[0]["resource"]["code"]["coding"][0]["code"], "95905");
    let created: Vec<&Value> = actions.iter().filter(|a| a["type"] == "create").collect();
    assert_eq!(created.len(), 1, "{s}");
    let order = &created[0]["resource"];
    assert!(check_service_request(order).is_empty());
    assert_eq!(order["status"], "draft");
    assert_eq!(order["code"]["coding"][0]["code"], "95907");
    let first = &request["context"]["draftOrders"]["entry"][0]["resource"];
    assert_eq!(order["subject"], first["subject"]);
    assert_eq!(order["authoredOn"], first["authoredOn"]);
    assert_eq!(order["reasonCode"], first["reasonCode"]);
}

/// A recode keeps the order and its study count, and changes only the code.
#[test]
fn an_ncs_code_is_recoded_in_place() {
    let case: Case = serde_json::from_str(
        r#"{"diagnoses":[{"code":"G62.9"}],
            "findings":[{"kind":"numbness","source":"exam"}],
            "differential":["neuropathy"],
            "procedures":[{"cpt":"95911","studies":7},{"cpt":"95886"}]}"#,
    )
    .unwrap();
    let request = to_request(&case, Hook::OrderSign, DATE);
    let response = respond(&request, &Policy::default());
    let s = the_suggestion(&response).unwrap();
    let actions = s["actions"].as_array().unwrap();
    assert_eq!(actions.len(), 1, "{s}");
    assert_eq!(actions[0]["type"], "update");
    let mut want = request["context"]["draftOrders"]["entry"][0]["resource"].clone();
    let text = want.to_string().replace("\"95911\"", "\"95910\"");
    want = serde_json::from_str(&text).unwrap();
    assert_eq!(actions[0]["resource"], want);
}

/// A plan that cannot reach coverage (not yet indicated) suggests no order change.
#[test]
fn no_suggestion_without_a_path() {
    let case: Case = serde_json::from_str(
        r#"{"diagnoses":[{"code":"R25.2"}],"findings":[{"kind":"nocturnal_cramps"}],
            "conservative_trials":[{"therapy":"stretching","outcome":"resolved"}],
            "procedures":[{"cpt":"95907"}]}"#,
    )
    .unwrap();
    let p = plan(&case, &Policy::default());
    assert_eq!(p.target(), Coverage::LikelyDenied);
    let response = respond(
        &to_request(&case, Hook::OrderSign, DATE),
        &Policy::default(),
    );
    assert!(the_suggestion(&response).is_none());
}

/// Every CDS Hooks fixture (the CRD IG's, the Inferno test kit's and the crate's own
/// requests): whatever suggestion the card carries validates.
#[test]
fn every_fixture_suggestion_validates() {
    let root = common::manifest_dir().join("tests/fixtures/cds-hooks");
    let mut answered = 0;
    for dir in ["crd-ig", "inferno", "ours"] {
        let mut paths: Vec<_> = std::fs::read_dir(root.join(dir))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|x| x == "json"))
            .collect();
        paths.sort();
        for path in paths {
            let text = std::fs::read_to_string(&path).unwrap();
            let Ok(answer) = answer(&text, &Policy::default(), &options()) else {
                continue;
            };
            answered += 1;
            let response: Value = serde_json::from_str(answer.json()).unwrap();
            for card in response["cards"].as_array().unwrap() {
                for s in card["suggestions"].as_array().into_iter().flatten() {
                    let errors = check_suggestion(s);
                    assert!(errors.is_empty(), "{}: {errors:?}", path.display());
                }
            }
        }
    }
    assert!(answered >= 5, "{answered}");
}

/// Orders without a reason: the diagnoses are the record's active problems. Coding the
/// finding gives the orders reasons, so the suggestion must carry the record's diagnoses
/// too; signing again keeps R25.2 and uses everything in the record.
#[test]
fn reasons_added_to_orders_without_any_keep_the_records_diagnoses() {
    let case: Case = serde_json::from_str(
        r#"{"diagnoses":[{"code":"R25.2"}],
            "findings":[{"kind":"fasciculations","source":"exam"}],
            "differential":["motor_neuron_disease"],
            "procedures":[{"cpt":"95909"},{"cpt":"95886"}]}"#,
    )
    .unwrap();
    let mut request = to_request(&case, Hook::OrderSign, DATE);
    for entry in request["context"]["draftOrders"]["entry"]
        .as_array_mut()
        .unwrap()
    {
        entry["resource"]
            .as_object_mut()
            .unwrap()
            .remove("reasonCode");
    }
    request["prefetch"]["conditions"]["entry"]
        .as_array_mut()
        .unwrap()
        .push(json!({"resource": {
            "resourceType": "Condition",
            "id": "problem-1",
            "clinicalStatus": {"coding": [{
                "system": "http://terminology.hl7.org/CodeSystem/condition-clinical",
                "code": "active"}]},
            "category": [{"coding": [{
                "system": "http://terminology.hl7.org/CodeSystem/condition-category",
                "code": "problem-list-item"}]}],
            "code": {"coding": [{"system": "http://hl7.org/fhir/sid/icd-10-cm", "code": "R25.2"}]},
            "subject": {"reference": "Patient/example-patient"},
        }}));
    let first = answer(&request.to_string(), &Policy::default(), &options()).unwrap();
    assert!(first.issues().is_empty(), "{:?}", first.issues());
    assert_eq!(first.outlook(), Some(Coverage::AtRisk));
    let response = respond(&request, &Policy::default());
    let s = the_suggestion(&response).unwrap();
    for action in s["actions"].as_array().unwrap() {
        let codes: Vec<&str> = action["resource"]["reasonCode"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["coding"][0]["code"].as_str().unwrap())
            .collect();
        assert_eq!(codes, ["R25.2", "R25.3"], "{action}");
    }
    let again = answer(
        &accept(&request, s).to_string(),
        &Policy::default(),
        &options(),
    )
    .unwrap();
    assert!(again.issues().is_empty(), "{:?}", again.issues());
    assert_eq!(again.outlook(), Some(Coverage::LikelyCovered));
}
