//! Refusals.

use super::*;

pub(super) fn complete_request() -> Value {
    let (_, doc) = common::vignettes()
        .into_iter()
        .find(|(n, _)| n == "cfs-well-documented.json")
        .unwrap();
    to_request(&vignette_case(&doc), Hook::OrderSign, DATE)
}

pub(super) fn refusal(request: &Value) -> (u16, String, HookErrorKind) {
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
