//! A structural validator for what a CDS Hooks card's suggestion proposes: the suggestion
//! (CDS Hooks 2.0), its actions, and every resource as a FHIR R4 `ServiceRequest`, written
//! from the specifications, independent of the crate's code. It returns every violation.

use serde_json::Value;

/// The elements of a FHIR R4 `ServiceRequest` (R4 4.0.1 StructureDefinition), with
/// `resourceType`.
const SERVICE_REQUEST_ELEMENTS: &[&str] = &[
    "resourceType",
    "id",
    "meta",
    "implicitRules",
    "language",
    "text",
    "contained",
    "extension",
    "modifierExtension",
    "identifier",
    "instantiatesCanonical",
    "instantiatesUri",
    "basedOn",
    "replaces",
    "requisition",
    "status",
    "intent",
    "category",
    "priority",
    "doNotPerform",
    "code",
    "orderDetail",
    "quantityQuantity",
    "quantityRatio",
    "quantityRange",
    "subject",
    "encounter",
    "occurrenceDateTime",
    "occurrencePeriod",
    "occurrenceTiming",
    "asNeededBoolean",
    "asNeededCodeableConcept",
    "authoredOn",
    "requester",
    "performerType",
    "performer",
    "locationCode",
    "locationReference",
    "reasonCode",
    "reasonReference",
    "insurance",
    "supportingInfo",
    "specimen",
    "bodySite",
    "note",
    "patientInstruction",
    "relevantHistory",
];

/// Violations of a CDS Hooks suggestion (CDS Hooks 2.0: `label` required, `uuid`,
/// `isRecommended`, `actions`), each action checked by [`check_suggestion_action`].
pub fn check_suggestion(suggestion: &Value) -> Vec<String> {
    let mut errors = Vec::new();
    if suggestion["label"].as_str().is_none_or(str::is_empty) {
        errors.push("suggestion label missing".into());
    }
    if suggestion["uuid"].as_str().is_none_or(|u| u.len() != 36) {
        errors.push(format!("suggestion uuid {}", suggestion["uuid"]));
    }
    if !suggestion["isRecommended"].is_boolean() {
        errors.push("suggestion isRecommended not a boolean".into());
    }
    match suggestion["actions"].as_array() {
        Some(actions) if !actions.is_empty() => {
            for action in actions {
                errors.extend(check_suggestion_action(action));
            }
        }
        _ => errors.push("suggestion without actions".into()),
    }
    errors
}

/// Violations of one suggestion action: `type` create / update / delete, a `description`,
/// the whole resource for create and update, `resourceId` (a relative reference) for delete;
/// every resource a valid R4 `ServiceRequest` as far as [`check_service_request`] reads.
pub fn check_suggestion_action(action: &Value) -> Vec<String> {
    let mut errors = Vec::new();
    let kind = action["type"].as_str().unwrap_or("");
    if !["create", "update", "delete"].contains(&kind) {
        errors.push(format!("action type {}", action["type"]));
    }
    if action["description"].as_str().is_none_or(str::is_empty) {
        errors.push("action description missing".into());
    }
    if kind == "delete" {
        let id = action["resourceId"].as_str().unwrap_or("");
        if id
            .split_once('/')
            .is_none_or(|(t, i)| t.is_empty() || i.is_empty())
        {
            errors.push(format!(
                "delete without a resourceId: {}",
                action["resourceId"]
            ));
        }
    } else if !action["resource"].is_object() {
        errors.push(format!("{kind} without resource"));
    }
    if action["resource"].is_object() {
        errors.extend(check_service_request(&action["resource"]));
    }
    errors
}

/// Violations of the FHIR R4 `ServiceRequest` structure in what a suggestion writes: only R4
/// elements, the required `status`, `intent` and `subject` with values of their value sets,
/// an `id` of FHIR's id type, and the JSON types of the elements the crate changes.
pub fn check_service_request(r: &Value) -> Vec<String> {
    let mut errors = Vec::new();
    let Some(obj) = r.as_object() else {
        return vec!["resource is not an object".into()];
    };
    if r["resourceType"] != "ServiceRequest" {
        errors.push(format!("resourceType {}", r["resourceType"]));
    }
    for key in obj.keys() {
        if !SERVICE_REQUEST_ELEMENTS.contains(&key.as_str()) {
            errors.push(format!("{key} is not an R4 ServiceRequest element"));
        }
    }
    let id = r["id"].as_str().unwrap_or("");
    if id.is_empty()
        || id.len() > 64
        || !id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.')
    {
        errors.push(format!("id {}", r["id"]));
    }
    const STATUS: &[&str] = &[
        "draft",
        "active",
        "on-hold",
        "revoked",
        "completed",
        "entered-in-error",
        "unknown",
    ];
    if !STATUS.contains(&r["status"].as_str().unwrap_or("")) {
        errors.push(format!("status {}", r["status"]));
    }
    const INTENT: &[&str] = &[
        "proposal",
        "plan",
        "directive",
        "order",
        "original-order",
        "reflex-order",
        "filler-order",
        "instance-order",
        "option",
    ];
    if !INTENT.contains(&r["intent"].as_str().unwrap_or("")) {
        errors.push(format!("intent {}", r["intent"]));
    }
    if r["subject"]["reference"].as_str().is_none_or(str::is_empty) {
        errors.push("subject is not a Reference".into());
    }
    let concept_ok = |c: &Value| {
        c.is_object()
            && c.get("coding").is_none_or(|list| {
                list.as_array().is_some_and(|l| {
                    l.iter().all(|c| {
                        c.is_object()
                            && c.get("system").is_none_or(Value::is_string)
                            && c.get("code").is_none_or(Value::is_string)
                            && c.get("display").is_none_or(Value::is_string)
                    })
                })
            })
    };
    if !r["code"].is_null() && !concept_ok(&r["code"]) {
        errors.push(format!("code {}", r["code"]));
    }
    if !r["reasonCode"].is_null()
        && !r["reasonCode"]
            .as_array()
            .is_some_and(|l| l.iter().all(concept_ok))
    {
        errors.push(format!("reasonCode {}", r["reasonCode"]));
    }
    if !r["quantityQuantity"].is_null() && !r["quantityQuantity"]["value"].is_number() {
        errors.push(format!("quantityQuantity {}", r["quantityQuantity"]));
    }
    for list in ["extension", "insurance", "reasonReference", "contained"] {
        if !r[list].is_null() && !r[list].is_array() {
            errors.push(format!("{list} is not an array"));
        }
    }
    for ext in r["extension"].as_array().into_iter().flatten() {
        if ext["url"].as_str().is_none_or(str::is_empty) {
            errors.push(format!("extension without url: {ext}"));
        }
    }
    errors
}
