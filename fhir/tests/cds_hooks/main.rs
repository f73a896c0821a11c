//! CDS Hooks and FHIR R4: every vignette sent as a CDS Hooks request,
//! the HL7 CRD IG's and the Inferno CRD test kit's example requests, refusals, and the
//! structure of every response.
//!
//! Run with `cargo test -p edx-coverage-fhir --test cds_hooks`.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

#[path = "../common/mod.rs"]
mod common;

use common::{policy_of, vignette_case};

use std::path::PathBuf;

use common::cds_check::{
    self, canonical, check_action, check_response, without_coverage_information, Version,
};
use edx_coverage::{evaluate, Audience, Case, Coverage, Explained, Policy, Procedure, Units};
use edx_coverage_fhir::card::Card;
use edx_coverage_fhir::cds_hooks::{
    answer, answer_value, map_value, to_request, CrdVersion, Hook, HookErrorKind, Options,
};
use serde_json::{json, Value};

const DATE: &str = "2026-11-27";

fn options() -> Options {
    Options::default().with_date(DATE)
}

fn coverage_of(name: &str) -> Coverage {
    match name {
        "likely_covered" => Coverage::LikelyCovered,
        "at_risk" => Coverage::AtRisk,
        "likely_denied" => Coverage::LikelyDenied,
        other => panic!("unknown coverage {other}"),
    }
}

fn covered_code(c: Coverage) -> &'static str {
    match c {
        Coverage::LikelyCovered => "covered",
        Coverage::AtRisk => "conditional",
        _ => "not-covered",
    }
}

fn sub<'a>(info: &'a Value, url: &str) -> Vec<&'a Value> {
    info["extension"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["url"] == url)
        .collect()
}

fn coverage_information(action: &Value) -> Vec<&Value> {
    action["resource"]["extension"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["url"] == cds_check::EXT_URL)
        .collect()
}

fn names(v: &Value) -> usize {
    v.as_array().map_or(0, Vec::len)
}

#[test]
fn every_vignette_as_a_request_gives_its_determination() {
    let vignettes = common::vignettes();
    assert!(vignettes.len() >= 13);
    for (name, doc) in vignettes {
        let case = vignette_case(&doc);
        let policy = policy_of(&doc);
        let expect = &doc["expect"];
        let want = coverage_of(expect["coverage"].as_str().unwrap());
        for hook in [Hook::OrderSign, Hook::OrderSelect] {
            let request = to_request(&case, hook, DATE);
            let text = request.to_string();
            let mapping = map_value(&request).unwrap();
            assert_eq!(mapping.case(), Some(&canonical(&case)), "{name}: case");
            assert!(
                mapping.issues().is_empty(),
                "{name}: {:?}",
                mapping.issues()
            );

            let answer = answer(&text, &policy, &options()).unwrap();
            // Text in and a parsed value in answer alike.
            let from_value = answer_value(&request, &policy, &options()).unwrap();
            assert_eq!(answer, from_value, "{name}");
            assert_eq!(answer.outlook(), Some(want), "{name}");
            assert_eq!(answer.hook(), hook);
            let response: Value = serde_json::from_str(answer.json()).unwrap();
            assert_eq!(response, answer.to_value());
            assert!(
                check_response(&response, Version::V2_2).is_empty(),
                "{name}: {:?}",
                check_response(&response, Version::V2_2)
            );

            // One update per order, each carrying the vignette's verdict and one detail per
            // expected gap, pitfall and recommendation.
            let actions = response["systemActions"].as_array().unwrap();
            assert_eq!(actions.len(), case.procedures().len(), "{name}");
            let details = names(&expect["documentation_gaps"])
                + names(&expect["pitfalls"])
                + names(&expect["recommendations"])
                + names(&expect["procedure_corrections"]);
            for action in actions {
                assert_eq!(action["type"], "update");
                let infos = coverage_information(action);
                assert_eq!(infos.len(), 1, "{name}");
                let info = infos[0];
                assert_eq!(
                    sub(info, "covered")[0]["valueCode"],
                    covered_code(want),
                    "{name}"
                );
                assert_eq!(sub(info, "detail").len(), details, "{name}");
                assert_eq!(
                    sub(info, "doc-needed").len(),
                    usize::from(names(&expect["documentation_gaps"]) > 0),
                    "{name}"
                );
                assert_eq!(
                    sub(info, "coverage")[0]["valueReference"]["reference"],
                    "Coverage/example-coverage"
                );
                assert_eq!(sub(info, "date")[0]["valueDate"], DATE);
            }

            // The card: only when not likely covered, and it is the crate's card.
            let cards = response["cards"].as_array().unwrap();
            if want == Coverage::LikelyCovered {
                assert!(cards.is_empty(), "{name}");
            } else {
                assert_eq!(cards.len(), 1, "{name}");
                let card = Card::new(&evaluate(&case, &policy));
                assert_eq!(cards[0]["summary"], card.summary(), "{name}");
                assert_eq!(cards[0]["indicator"], "warning");
                // The crate's card, then (when the plan has steps) the path to coverage.
                let detail = cards[0]["detail"].as_str().unwrap();
                assert!(detail.starts_with(card.detail()), "{name}");
                let plan = edx_coverage::plan(&case, &policy);
                assert_eq!(
                    detail.contains("**Path to coverage**"),
                    !plan.steps().is_empty(),
                    "{name}"
                );
                for gap in expect["documentation_gaps"].as_array().unwrap() {
                    let gap: edx_coverage::DocumentationGap =
                        gap.as_str().unwrap().parse().unwrap();
                    assert!(
                        card.detail().contains(gap.text(Audience::Clinician)),
                        "{name}: {gap}"
                    );
                }
            }
        }
    }
}

#[test]
fn the_system_action_changes_nothing_but_the_extension() {
    for (name, doc) in common::vignettes() {
        let case = vignette_case(&doc);
        let mut request = to_request(&case, Hook::OrderSign, DATE);
        // Give the first order elements of its own, including an extension to keep.
        request["context"]["draftOrders"]["entry"][0]["resource"]["extension"] =
            json!([{"url": "http://example.org/keep-me", "valueString": "kept"}]);
        request["context"]["draftOrders"]["entry"][0]["resource"]["note"] =
            json!([{"text": "bilateral legs"}]);
        let answer = answer_value(&request, &policy_of(&doc), &options()).unwrap();
        let response = answer.to_value();
        let entries = request["context"]["draftOrders"]["entry"]
            .as_array()
            .unwrap();
        for (i, action) in response["systemActions"]
            .as_array()
            .unwrap()
            .iter()
            .enumerate()
        {
            let sent = &entries[i]["resource"];
            assert_eq!(
                without_coverage_information(&action["resource"]),
                *sent,
                "{name}: order {i}"
            );
        }
        let first = &response["systemActions"][0]["resource"]["extension"];
        assert_eq!(first[0]["url"], "http://example.org/keep-me", "{name}");
    }
}

#[test]
fn crd_2_1_on_request() {
    for (name, doc) in common::vignettes() {
        let case = vignette_case(&doc);
        let request = to_request(&case, Hook::OrderSign, DATE);
        let opts = options().with_crd_version(CrdVersion::V2_1);
        let response = answer_value(&request, &policy_of(&doc), &opts)
            .unwrap()
            .to_value();
        let errors = check_response(&response, Version::V2_1);
        assert!(errors.is_empty(), "{name}: {errors:?}");
        // 2.1 has no detail.category.
        let text = response.to_string();
        assert!(!text.contains("\"category\""), "{name}");
        // The request may ask for 2.1 itself.
        let mut asked = request.clone();
        asked["extension"] = json!({"davinci-crd.requestedVersion": "2.1"});
        let response = answer_value(&asked, &policy_of(&doc), &options())
            .unwrap()
            .to_value();
        assert!(
            check_response(&response, Version::V2_1).is_empty(),
            "{name}"
        );
        assert!(!response.to_string().contains("\"category\""), "{name}");
    }
}

#[test]
fn no_diagnosis_anywhere_is_indeterminate() {
    let case = Case::builder()
        .diagnosis("R25.2".parse().unwrap())
        .procedure(Procedure::new("95886".parse().unwrap()))
        .build()
        .unwrap();
    let mut request = to_request(&case, Hook::OrderSign, DATE);
    request["context"]["draftOrders"]["entry"][0]["resource"]
        .as_object_mut()
        .unwrap()
        .remove("reasonCode");
    let mapping = map_value(&request).unwrap();
    assert_eq!(mapping.case(), None);
    let answer = answer_value(&request, &Policy::default(), &options()).unwrap();
    assert_eq!(answer.outlook(), None);
    let response = answer.to_value();
    assert!(
        check_response(&response, Version::V2_2).is_empty(),
        "{response}"
    );
    let info = &response["systemActions"][0]["resource"]["extension"][0];
    assert_eq!(sub(info, "covered")[0]["valueCode"], "indeterminate");
    assert_eq!(response["cards"][0]["indicator"], "warning");
    // CRD 2.1 has no indeterminate: conditional, with info-needed OTH.
    let v21 = options().with_crd_version(CrdVersion::V2_1);
    let response = answer_value(&request, &Policy::default(), &v21)
        .unwrap()
        .to_value();
    assert!(
        check_response(&response, Version::V2_1).is_empty(),
        "{response}"
    );
    let info = &response["systemActions"][0]["resource"]["extension"][0];
    assert_eq!(sub(info, "covered")[0]["valueCode"], "conditional");
    assert_eq!(sub(info, "info-needed")[0]["valueCode"], "OTH");
}

#[test]
fn the_patients_problems_are_the_fallback_diagnoses() {
    let case = Case::builder()
        .diagnosis("G62.9".parse().unwrap())
        .procedure(Procedure::new("95886".parse().unwrap()))
        .build()
        .unwrap();
    let mut request = to_request(&case, Hook::OrderSign, DATE);
    let order = &mut request["context"]["draftOrders"]["entry"][0]["resource"];
    order.as_object_mut().unwrap().remove("reasonCode");
    request["prefetch"]["conditions"]["entry"] = json!([
        {"resource": {"resourceType": "Condition", "id": "p1",
            "clinicalStatus": {"coding": [{"code": "active"}]},
            "category": [{"coding": [{"system": "http://terminology.hl7.org/CodeSystem/condition-category", "code": "problem-list-item"}]}],
            "code": {"coding": [{"system": "http://hl7.org/fhir/sid/icd-10-cm", "code": "G62.9"}]},
            "subject": {"reference": "Patient/example-patient"}}},
        {"resource": {"resourceType": "Condition", "id": "p2",
            "clinicalStatus": {"coding": [{"code": "resolved"}]},
            "code": {"coding": [{"system": "http://hl7.org/fhir/sid/icd-10-cm", "code": "E11.9"}]},
            "subject": {"reference": "Patient/example-patient"}}},
        {"resource": {"resourceType": "Condition", "id": "p3",
            "code": {"coding": [{"system": "http://hl7.org/fhir/sid/icd-10-cm", "code": "G12.21"}]},
            "subject": {"reference": "Patient/someone-else"}}}
    ]);
    let mapping = map_value(&request).unwrap();
    assert_eq!(mapping.case(), Some(&case));
    let paths: Vec<&str> = mapping.issues().iter().map(|i| i.path()).collect();
    assert_eq!(
        paths,
        [
            "prefetch.conditions.entry[1].resource.clinicalStatus",
            "prefetch.conditions.entry[2].resource.subject"
        ]
    );
}

#[test]
fn max_cards_zero_means_no_card() {
    let (_, doc) = common::vignettes()
        .into_iter()
        .find(|(n, _)| n == "r25.2-alone.json")
        .unwrap();
    let mut request = to_request(&vignette_case(&doc), Hook::OrderSign, DATE);
    request["extension"] = json!({"davinci-crd.configuration": {"max-cards": 0}});
    let response = answer_value(&request, &Policy::default(), &options())
        .unwrap()
        .to_value();
    assert_eq!(response["cards"], json!([]));
    assert_eq!(names(&response["systemActions"]), 3);
    request["extension"] = json!({"davinci-crd.configuration": {"max-cards": 5}});
    let response = answer_value(&request, &Policy::default(), &options())
        .unwrap()
        .to_value();
    assert_eq!(names(&response["cards"]), 1);
}

#[test]
fn order_select_judges_only_the_selected_orders() {
    let (_, doc) = common::vignettes()
        .into_iter()
        .find(|(n, _)| n == "r25.2-alone.json")
        .unwrap();
    let mut request = to_request(&vignette_case(&doc), Hook::OrderSelect, DATE);
    request["context"]["selections"] = json!(["ServiceRequest/order-1"]);
    let response = answer_value(&request, &Policy::default(), &options())
        .unwrap()
        .to_value();
    let actions = response["systemActions"].as_array().unwrap();
    assert_eq!(actions.len(), 1);
    assert_eq!(actions[0]["resource"]["id"], "order-1");
    request["context"]["selections"] = json!(["ServiceRequest/nope"]);
    let err = answer_value(&request, &Policy::default(), &options()).unwrap_err();
    assert_eq!((err.status(), err.path()), (400, "context.selections[0]"));
}

// ---------------------------------------------------------------------------------------
// The other groups, one file each
// ---------------------------------------------------------------------------------------

mod command_line;
mod durations;
mod others;
mod our_requests;
mod refusals;
