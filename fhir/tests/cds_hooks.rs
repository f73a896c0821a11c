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

// ---- refusals ---------------------------------------------------------------------------

fn complete_request() -> Value {
    let (_, doc) = common::vignettes()
        .into_iter()
        .find(|(n, _)| n == "cfs-well-documented.json")
        .unwrap();
    to_request(&vignette_case(&doc), Hook::OrderSign, DATE)
}

fn refusal(request: &Value) -> (u16, String, HookErrorKind) {
    let err = answer_value(request, &Policy::default(), &options()).unwrap_err();
    let outcome = err.operation_outcome();
    assert_eq!(outcome["resourceType"], "OperationOutcome");
    assert_eq!(outcome["issue"][0]["severity"], "error");
    assert_eq!(outcome["issue"][0]["diagnostics"], err.message());
    if !err.path().is_empty() {
        assert_eq!(outcome["issue"][0]["expression"][0], err.path());
    }
    assert!(err.to_string().contains(err.message()));
    (err.status(), err.path().to_owned(), err.kind())
}

#[test]
fn refusals_carry_status_path_and_operation_outcome() {
    // Not JSON, not a request.
    for text in ["", "{", "[]", "null", "{\"hook\": 1}"] {
        let err = answer(text, &Policy::default(), &options()).unwrap_err();
        assert_eq!(err.status(), 400, "{text}");
    }
    let ok = complete_request();
    let mut cases: Vec<(Value, u16, &str)> = Vec::new();
    let mut r = ok.clone();
    r["hook"] = json!("patient-view");
    cases.push((r, 400, "hook"));
    let mut r = ok.clone();
    r.as_object_mut().unwrap().remove("hookInstance");
    cases.push((r, 400, "hookInstance"));
    let mut r = ok.clone();
    r["context"].as_object_mut().unwrap().remove("patientId");
    cases.push((r, 400, "context.patientId"));
    let mut r = ok.clone();
    r["context"]["draftOrders"]["resourceType"] = json!("List");
    cases.push((r, 400, "context.draftOrders.resourceType"));
    // Invalid FHIR where the mapping reads it.
    let mut r = ok.clone();
    r["context"]["draftOrders"]["entry"][1]["resource"]["code"] = json!("95886");
    cases.push((r, 400, "context.draftOrders.entry[1].resource.code"));
    let mut r = ok.clone();
    r["context"]["draftOrders"]["entry"][0]["resource"]["insurance"] =
        json!({"reference": "Coverage/1"});
    cases.push((r, 400, "context.draftOrders.entry[0].resource.insurance"));
    let mut r = ok.clone();
    r["context"]["draftOrders"]["entry"][0]["resource"]["reasonCode"][0]["coding"][0]["code"] =
        json!(252);
    cases.push((
        r,
        400,
        "context.draftOrders.entry[0].resource.reasonCode[0].coding[0].code",
    ));
    let mut r = ok.clone();
    r["prefetch"]["observations"]["entry"][0]["resource"]["valueBoolean"] = json!("yes");
    cases.push((
        r,
        400,
        "prefetch.observations.entry[0].resource.valueBoolean",
    ));
    let mut r = ok.clone();
    r["prefetch"]["observations"]["entry"][0]["resource"]["id"] = Value::Null;
    cases.push((r, 400, "prefetch.observations.entry[0].resource.id"));
    let mut r = ok.clone();
    r["prefetch"]["observations"]["entry"][0]["resource"]
        .as_object_mut()
        .unwrap()
        .remove("resourceType");
    cases.push((
        r,
        400,
        "prefetch.observations.entry[0].resource.resourceType",
    ));
    // CRD: an electrodiagnostic order must have an id; the version must be one we speak.
    let mut r = ok.clone();
    r["context"]["draftOrders"]["entry"][0]["resource"]
        .as_object_mut()
        .unwrap()
        .remove("id");
    cases.push((r, 422, "context.draftOrders.entry[0].resource.id"));
    let mut r = ok.clone();
    r["extension"] = json!({"davinci-crd.requestedVersion": "1.0"});
    cases.push((r, 422, "extension.davinci-crd.requestedVersion"));
    // No coverage: the required prefetch is missing (null = the client has no data).
    let mut r = ok.clone();
    r["prefetch"]["coverage"] = Value::Null;
    cases.push((r, 412, "prefetch"));
    let mut r = ok.clone();
    r["prefetch"]["coverage"]["entry"][0]["resource"]["status"] = json!("cancelled");
    cases.push((r, 412, "prefetch"));

    for (request, status, path) in cases {
        let (got_status, got_path, kind) = refusal(&request);
        assert_eq!((got_status, got_path.as_str()), (status, path), "{kind:?}");
    }
}

#[test]
fn a_coverage_named_by_the_order_wins_over_prefetch() {
    let mut r = complete_request();
    r["prefetch"]["coverage"] = Value::Null;
    for entry in r["context"]["draftOrders"]["entry"].as_array_mut().unwrap() {
        entry["resource"]["insurance"] = json!([{"reference": "Coverage/from-order"}]);
    }
    let response = answer_value(&r, &Policy::default(), &options())
        .unwrap()
        .to_value();
    let info = &response["systemActions"][0]["resource"]["extension"][0];
    assert_eq!(
        sub(info, "coverage")[0]["valueReference"]["reference"],
        "Coverage/from-order"
    );
}

#[test]
fn without_a_host_date_the_order_date_is_used() {
    let r = complete_request();
    let response = answer_value(&r, &Policy::default(), &Options::default())
        .unwrap()
        .to_value();
    let info = &response["systemActions"][0]["resource"]["extension"][0];
    assert_eq!(sub(info, "date")[0]["valueDate"], DATE);
    let err = answer_value(
        &r,
        &Policy::default(),
        &Options::default().with_date("27/11/2026"),
    )
    .unwrap_err();
    assert_eq!((err.status(), err.path()), (500, "options.date"));
}

// ---- requests written by others ---------------------------------------------------------

fn fixtures(dir: &str) -> Vec<(String, Value)> {
    let dir = common::manifest_dir()
        .join("tests/fixtures/cds-hooks")
        .join(dir);
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|p| {
            let v = serde_json::from_str(&std::fs::read_to_string(&p).unwrap()).unwrap();
            (p.file_name().unwrap().to_string_lossy().into_owned(), v)
        })
        .collect()
}

/// Every hook request the IG and the test kit ship: order-sign / order-select requests carry
/// no electrodiagnostic order, so the answer is "no decision support"; the other hooks are
/// not ours.
#[test]
fn others_requests_are_answered_sensibly() {
    let mut answered = 0;
    let mut refused = 0;
    for dir in ["crd-ig", "inferno"] {
        for (name, request) in fixtures(dir) {
            let Some(hook) = request.get("hook").and_then(Value::as_str) else {
                continue; // a response or system action example
            };
            let result = answer_value(&request, &Policy::default(), &options());
            match hook {
                "order-sign" | "order-select" => {
                    let a = result.unwrap_or_else(|e| panic!("{dir}/{name}: {e}"));
                    assert_eq!(a.json(), r#"{"cards":[]}"#, "{dir}/{name}");
                    assert_eq!(a.outlook(), None);
                    answered += 1;
                }
                _ => {
                    let e = result.unwrap_err();
                    assert_eq!((e.status(), e.path()), (400, "hook"), "{dir}/{name}");
                    assert_eq!(e.kind(), HookErrorKind::UnsupportedHook);
                    refused += 1;
                }
            }
        }
    }
    assert!(answered >= 4, "{answered}");
    assert!(refused >= 5, "{refused}");
}

/// The same requests with their invalid FHIR made so: a 400 naming the path.
#[test]
fn others_requests_with_invalid_fhir_are_refused_with_the_path() {
    let (_, ig) = fixtures("crd-ig")
        .into_iter()
        .find(|(n, _)| n == "CRDServiceRequest.json")
        .unwrap();
    let mut r = ig.clone();
    r["context"]["draftOrders"]["entry"][0]["resource"]["insurance"] =
        json!({"reference": "Coverage/COV1"});
    let (status, path, _) = refusal(&r);
    assert_eq!(
        (status, path.as_str()),
        (400, "context.draftOrders.entry[0].resource.insurance")
    );

    let (_, inferno) = fixtures("inferno")
        .into_iter()
        .find(|(n, _)| n == "order_sign_hook_request.json")
        .unwrap();
    let mut r = inferno.clone();
    r["context"]["draftOrders"]["entry"][1]["resource"]["insurance"] =
        json!({"reference": "Coverage/1"});
    let (status, path, _) = refusal(&r);
    assert_eq!(
        (status, path.as_str()),
        (400, "context.draftOrders.entry[1].resource.insurance")
    );
    let mut r = inferno;
    r["context"]["draftOrders"]["entry"][0]["resource"]
        .as_object_mut()
        .unwrap()
        .remove("resourceType");
    let (status, path, _) = refusal(&r);
    assert_eq!(
        (status, path.as_str()),
        (400, "context.draftOrders.entry[0].resource.resourceType")
    );
}

/// The IG's order-sign request with its mammography CPT codes swapped for needle EMG: the
/// crate answers with an update on the IG's own ServiceRequest, for the IG's Coverage.
#[test]
fn the_ig_request_as_an_emg_order() {
    let (_, ig) = fixtures("crd-ig")
        .into_iter()
        .find(|(n, _)| n == "CRDServiceRequest.json")
        .unwrap();
    let text = ig.to_string().replace("\"77061\"", "\"95886\"");
    let mut request: Value = serde_json::from_str(&text).unwrap();
    let a = answer_value(&request, &Policy::default(), &options()).unwrap();
    let response = a.to_value();
    assert!(check_response(&response, Version::V2_2).is_empty());
    let action = &response["systemActions"][0];
    assert_eq!(action["resource"]["id"], "1357");
    let info = coverage_information(action)[0];
    assert_eq!(
        sub(info, "coverage")[0]["valueReference"]["reference"],
        "Coverage/COV1"
    );
    // The IG's order gives no reason, and its record no ICD-10-CM problem: indeterminate.
    assert_eq!(sub(info, "covered")[0]["valueCode"], "indeterminate");
    // With a reason, a verdict.
    request["context"]["draftOrders"]["entry"][0]["resource"]["reasonCode"] = json!([
        {"coding": [{"system": "http://hl7.org/fhir/sid/icd-10-cm", "code": "R25.2"}]}
    ]);
    let a = answer_value(&request, &Policy::default(), &options()).unwrap();
    assert_eq!(a.outlook(), Some(Coverage::LikelyDenied));
    assert!(check_response(&a.to_value(), Version::V2_2).is_empty());
}

/// The validator agrees with the test kit's own coverage-information examples, so its
/// verdicts on ours mean something.
#[test]
fn the_validator_accepts_the_test_kits_system_actions() {
    let mut seen = 0;
    for (name, action) in fixtures("inferno") {
        if action.get("hook").is_some() || action.get("type").is_none() {
            continue;
        }
        let errors = check_action(&action, Version::V2_2);
        // The kit targets CRD 2.0.1, before invariant crd-ci-q8 (doc-purpose needs a reason):
        // its conditional example breaks that one rule and nothing else.
        let allowed: &[&str] = if name.contains("conditional") {
            &["crd-ci-q8: doc-purpose without reason"]
        } else {
            &[]
        };
        assert_eq!(errors, allowed, "{name}");
        seen += 1;
        // And it catches a broken one.
        let mut broken = action.clone();
        let subs = broken["resource"]["extension"][0]["extension"]
            .as_array_mut()
            .unwrap();
        subs.retain(|s| s["url"] != "date");
        assert!(!check_action(&broken, Version::V2_2).is_empty(), "{name}");
    }
    assert_eq!(seen, 2);
}

#[test]
fn resource_order_and_prefetch_key_names_do_not_matter() {
    for (name, doc) in common::vignettes() {
        let case = vignette_case(&doc);
        let request = to_request(&case, Hook::OrderSign, DATE);
        let want = map_value(&request).unwrap();
        // Reverse every bundle and move the observations under another key.
        let mut other = request.clone();
        let pf = other["prefetch"].as_object_mut().unwrap();
        let obs = pf.remove("observations").unwrap();
        pf.insert("zz-my-own-key".into(), obs);
        pf.insert("medications".into(), Value::Null);
        for key in ["conditions", "zz-my-own-key"] {
            if let Some(list) = other["prefetch"][key]["entry"].as_array_mut() {
                list.reverse();
            }
        }
        other["context"]["unknownElement"] = json!({"anything": [1, 2]});
        let got = map_value(&other).unwrap();
        assert_eq!(got.case(), want.case(), "{name}");
        let a = answer_value(&request, &policy_of(&doc), &options()).unwrap();
        let b = answer_value(&other, &policy_of(&doc), &options()).unwrap();
        assert_eq!(a.to_value(), b.to_value(), "{name}");
    }
}

// ---- our own requests -------------------------------------------------------------------

fn ours(name: &str) -> Value {
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

// ---- the command line -------------------------------------------------------------------

#[test]
fn the_example_answers_request_files() {
    let bin = common::example_binary();
    let path = "tests/fixtures/cds-hooks/ours/typical-order-sign.json";
    let out = common::run_binary(bin, &["--format", "cds-hooks", path], "");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let printed: Value = serde_json::from_slice(&out.stdout).unwrap();
    // Without --date the orders' authoredOn day is the assertion date.
    let want = answer_value(
        &ours("typical-order-sign.json"),
        &Policy::default(),
        &Options::default(),
    )
    .unwrap()
    .to_value();
    assert_eq!(printed, want);

    let out = common::run_binary(
        bin,
        &[
            "--format",
            "cds-hooks",
            "--crd-version",
            "2.1",
            "--date",
            DATE,
            "-",
        ],
        &ours("typical-order-sign.json").to_string(),
    );
    assert!(out.status.success());
    let printed: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(check_response(&printed, Version::V2_1).is_empty());
    for action in printed["systemActions"].as_array().unwrap() {
        for info in coverage_information(action) {
            for detail in sub(info, "detail") {
                assert!(!detail.to_string().contains("\"category\""));
            }
        }
    }

    // A refused request: exit 2, one line with the status, the path and the reason.
    let inferno = "tests/fixtures/cds-hooks/inferno/encounter_start_hook_request.json";
    let out = common::run_binary(bin, &["--format", "cds-hooks", inferno], "");
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.starts_with("error: request refused (400): hook: "),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1);

    // --format crd honours --crd-version too.
    let case = "../tests/fixtures/vignettes/r25.2-alone.json"; // gaps: details to code
    let doc: Value = serde_json::from_str(&std::fs::read_to_string(case).unwrap()).unwrap();
    let case_text = doc["case"].to_string();
    for (version, system) in [
        ("2.1", "http://hl7.org/fhir/us/davinci-crd/CodeSystem/temp"),
        (
            "2.2",
            "http://terminology.hl7.org/CodeSystem/crd-coverage-detail",
        ),
    ] {
        let out = common::run_binary(
            bin,
            &[
                "--format",
                "crd",
                "--crd-version",
                version,
                "--date",
                DATE,
                "--coverage",
                "Coverage/1",
                "--assertion-id",
                "a1",
                "-",
            ],
            &case_text,
        );
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(text.contains(system), "{version}");
    }
}

// ---- wrong JSON types in a trial's duration ----------------------------------------------

/// Sets `key` to `value` in every `valueQuantity` object in `v`; returns how many.
fn edit_quantities(v: &mut Value, key: &str, value: &Value) -> usize {
    match v {
        Value::Object(map) => {
            let mut n = 0;
            if let Some(Value::Object(q)) = map.get_mut("valueQuantity") {
                q.insert(key.to_owned(), value.clone());
                n += 1;
            }
            for (k, child) in map.iter_mut() {
                if k != "valueQuantity" {
                    n += edit_quantities(child, key, value);
                }
            }
            n
        }
        Value::Array(items) => items
            .iter_mut()
            .map(|c| edit_quantities(c, key, value))
            .sum(),
        _ => 0,
    }
}

/// A trial's duration with a `code` that is not a string, or a `value` that is not a number,
/// is refused with its path like any other wrong JSON type (it used to be dropped with a
/// "duration not used" issue at the quantity); a valid quantity of the wrong unit is still
/// an issue.
#[test]
fn a_duration_of_the_wrong_json_type_is_refused_with_its_path() {
    use edx_coverage::{ConservativeTrial, Therapy, TrialOutcome};
    let case = Case::builder()
        .diagnosis("R25.2".parse().unwrap())
        .procedure(Procedure::new("95886".parse().unwrap()))
        .trial(ConservativeTrial::new(Therapy::Stretching, TrialOutcome::Unchanged).with_days(42))
        .build()
        .unwrap();
    let request = to_request(&case, Hook::OrderSign, DATE);
    let options = Options::default().with_date(DATE);
    let edited = |key: &str, value: Value| {
        let mut r = request.clone();
        assert_eq!(
            edit_quantities(&mut r, key, &value),
            1,
            "one duration in the request"
        );
        r
    };
    for (key, value) in [("code", json!(5)), ("value", json!("42"))] {
        let err = answer_value(&edited(key, value), &Policy::default(), &options).unwrap_err();
        assert_eq!(err.kind(), HookErrorKind::InvalidFhir, "{err}");
        assert!(
            err.path().ends_with(&format!(".valueQuantity.{key}")),
            "{err}"
        );
    }
    // Right types, wrong unit: answered, with an issue at the quantity.
    let a = answer_value(&edited("code", json!("wk")), &Policy::default(), &options).unwrap();
    assert!(
        a.issues()
            .iter()
            .any(|i| i.path().ends_with(".valueQuantity")
                && i.message().contains("duration not used")),
        "{:?}",
        a.issues()
    );
}
