//! Determination → CDS Hooks response: an `update` system action per judged
//! electrodiagnostic order, carrying the whole order plus CRD `ext-coverage-information`, and
//! at most one clinician card.

use serde_json::{json, Map, Value};

use super::error::{HookError, HookErrorKind};
use super::map::{ElectrodiagnosticOrder, Mapping};
use super::{CrdVersion, Issue, Options};
use crate::cds::{content_uuid, Card};
use crate::crd::{CoverageInformation, CrdInputs, EXTENSION_URL};
use crate::determination::{Determination, RULESET};
use crate::outcome::Coverage;

/// CRD 2.2's code system for `detail.code`.
pub const COVERAGE_DETAIL_SYSTEM: &str =
    "http://terminology.hl7.org/CodeSystem/crd-coverage-detail";
/// CDS Hooks card types (CRD response types), for `card.source.topic`.
pub const CARD_TYPE_SYSTEM: &str = "http://terminology.hl7.org/CodeSystem/cdshooks-card-type";
/// The response extension that carries the mapping's issues as an `OperationOutcome`.
pub const ISSUES_EXTENSION: &str = "edx-coverage.issues";

/// What the response builder needs besides the mapping.
pub(crate) struct Ctx<'a> {
    pub(crate) request: &'a Value,
    pub(crate) mapping: &'a Mapping,
    pub(crate) determination: Option<&'a Determination>,
    pub(crate) version: CrdVersion,
    pub(crate) options: &'a Options,
}

/// The response body; `{"cards": []}` when no judged order is electrodiagnostic.
pub(crate) fn response(ctx: &Ctx<'_>) -> Result<Value, HookError> {
    let judged: Vec<&ElectrodiagnosticOrder> =
        ctx.mapping.orders().iter().filter(|o| o.judged()).collect();
    if judged.is_empty() {
        return Ok(json!({"cards": []}));
    }
    let entries = ctx
        .request
        .pointer("/context/draftOrders/entry")
        .and_then(Value::as_array)
        .map_or(&[][..], Vec::as_slice);
    let mut actions = Vec::with_capacity(judged.len());
    for order in &judged {
        actions.push(action(ctx, order, entries)?);
    }
    let mut cards = Vec::new();
    let wants_card =
        ctx.determination.map(Determination::coverage) != Some(Coverage::LikelyCovered);
    if wants_card && ctx.mapping.max_cards() != Some(0) {
        cards.push(card(ctx, &judged));
    }
    let mut body = Map::new();
    body.insert("cards".to_owned(), Value::Array(cards));
    body.insert("systemActions".to_owned(), Value::Array(actions));
    if !ctx.mapping.issues().is_empty() {
        body.insert(
            "extension".to_owned(),
            json!({ ISSUES_EXTENSION: issues_outcome(ctx.mapping.issues()) }),
        );
    }
    Ok(Value::Object(body))
}

/// The issues as a FHIR `OperationOutcome`: one `warning` issue (code `informational`) per
/// issue, its `expression` the JSON path in the request.
pub(crate) fn issues_outcome(issues: &[Issue]) -> Value {
    let issue: Vec<Value> = issues
        .iter()
        .map(|i| {
            json!({
                "severity": "warning",
                "code": "informational",
                "diagnostics": i.message(),
                "expression": [i.path()],
            })
        })
        .collect();
    json!({"resourceType": "OperationOutcome", "issue": issue})
}

/// One `update` system action: the order as sent plus one coverage-information extension per
/// coverage.
fn action(
    ctx: &Ctx<'_>,
    order: &ElectrodiagnosticOrder,
    entries: &[Value],
) -> Result<Value, HookError> {
    let at = format!("context.draftOrders.entry[{}].resource", order.entry());
    let coverages: Vec<String> = if order.insurance().is_empty() {
        ctx.mapping.prefetch_coverages().to_vec()
    } else {
        order.insurance().to_vec()
    };
    if coverages.is_empty() {
        return Err(HookError::new(
            HookErrorKind::PrefetchMissing,
            "prefetch",
            format!(
                "no active Coverage for {}: neither its insurance nor the prefetch (CRD's \
                 Coverage?patient={{{{context.patientId}}}}&status=active) names one",
                order.reference()
            ),
        ));
    }
    let date = match (ctx.options.date(), order.authored_on()) {
        (Some(date), _) => {
            if crate::crd::is_date(date) {
                date.to_owned()
            } else {
                return Err(HookError::new(
                    HookErrorKind::InvalidOptions,
                    "options.date",
                    format!(
                        "{:?} is not a date written YYYY-MM-DD",
                        crate::error::echo(date)
                    ),
                ));
            }
        }
        (None, Some(date)) if crate::crd::is_date(date) => date.to_owned(),
        _ => {
            return Err(HookError::new(
                HookErrorKind::CrdConstraint,
                format!("{at}.authoredOn"),
                "no date for the coverage assertion: the order has no authoredOn date and the \
                 host gave none",
            ))
        }
    };
    let mut resource = entries
        .get(order.entry())
        .and_then(|e| e.get("resource"))
        .cloned()
        .unwrap_or(Value::Null);
    let Some(map) = resource.as_object_mut() else {
        return Err(HookError::new(
            HookErrorKind::InvalidFhir,
            at,
            "expected an object",
        ));
    };
    let mut added = Vec::with_capacity(coverages.len());
    for coverage in &coverages {
        let reference = order.reference();
        let id = content_uuid(&[ctx.mapping.hook_instance(), &reference, coverage]);
        added.push(coverage_information(ctx, coverage, &date, &id)?);
    }
    match map.get_mut("extension") {
        None => {
            map.insert("extension".to_owned(), Value::Array(added));
        }
        Some(Value::Array(list)) => list.extend(added),
        Some(_) => {
            return Err(HookError::new(
                HookErrorKind::InvalidFhir,
                format!("{at}.extension"),
                "expected an array",
            ))
        }
    }
    Ok(json!({
        "type": "update",
        "description": format!("Coverage information for {} ({})", order.reference(), RULESET),
        "resource": resource,
    }))
}

/// The coverage-information extension for one coverage.
fn coverage_information(
    ctx: &Ctx<'_>,
    coverage: &str,
    date: &str,
    assertion_id: &str,
) -> Result<Value, HookError> {
    let Some(d) = ctx.determination else {
        return Ok(indeterminate(ctx.version, coverage, date, assertion_id));
    };
    let inputs = CrdInputs {
        coverage,
        date,
        coverage_assertion_id: assertion_id,
    };
    let info = CoverageInformation::new(d, &inputs)
        .map_err(|e| HookError::new(HookErrorKind::InvalidFhir, "prefetch", e.to_string()))?;
    let mut value = serde_json::to_value(&info)
        .map_err(|e| HookError::new(HookErrorKind::InvalidOptions, "", e.to_string()))?;
    fix_details(&mut value, ctx.version);
    Ok(value)
}

/// Every `detail.code` is CRD's `instructions` (the only detail code for free-text guidance;
/// `instructions-clinical` is in neither code system); STU 2.2 takes it from the official
/// code system and adds a `category` to each detail: `cat-decisional` for what the clinical
/// record must show, `cat-other` for coding advice.
fn fix_details(value: &mut Value, version: CrdVersion) {
    let Some(exts) = value.get_mut("extension").and_then(Value::as_array_mut) else {
        return;
    };
    for ext in exts {
        if ext.get("url").and_then(Value::as_str) != Some("detail") {
            continue;
        }
        let Some(parts) = ext.get_mut("extension").and_then(Value::as_array_mut) else {
            continue;
        };
        let mut category = "cat-other";
        for part in parts.iter_mut() {
            if part.get("url").and_then(Value::as_str) != Some("code") {
                continue;
            }
            if let Some(coding) = part.pointer_mut("/valueCodeableConcept/coding/0") {
                if coding.get("code").and_then(Value::as_str) == Some("instructions-clinical") {
                    category = "cat-decisional";
                }
                let system = match version {
                    CrdVersion::V2_1 => crate::crd::TEMP_CODE_SYSTEM,
                    CrdVersion::V2_2 => COVERAGE_DETAIL_SYSTEM,
                };
                *coding = json!({"system": system, "code": "instructions"});
            }
        }
        if version == CrdVersion::V2_2 {
            parts.insert(0, json!({"url": "category", "valueCode": category}));
        }
    }
}

/// The extension when the crate cannot judge (no ICD-10-CM diagnosis anywhere): STU 2.2
/// `indeterminate` with a reason; STU 2.1 (no `indeterminate`) `conditional` with
/// `info-needed` `OTH`.
fn indeterminate(version: CrdVersion, coverage: &str, date: &str, assertion_id: &str) -> Value {
    const WHY: &str = "No ICD-10-CM diagnosis on the order or in the record: the crate cannot \
                       judge medical necessity without one.";
    const TODO: &str = "Give the order a reason coded in ICD-10-CM (for cramps and spasms, \
                        R25.2 and any more specific finding or neuromuscular code).";
    let mut exts = vec![json!({"url": "coverage", "valueReference": {"reference": coverage}})];
    let (detail_code, detail_extra) = match version {
        CrdVersion::V2_1 => {
            exts.push(json!({"url": "covered", "valueCode": "conditional"}));
            exts.push(json!({"url": "doc-needed", "valueCode": "clinical"}));
            exts.push(json!({"url": "doc-purpose", "valueCode": "retain-doc"}));
            exts.push(json!({"url": "info-needed", "valueCode": "OTH"}));
            (
                json!({"system": crate::crd::TEMP_CODE_SYSTEM, "code": "instructions"}),
                None,
            )
        }
        CrdVersion::V2_2 => {
            exts.push(json!({"url": "covered", "valueCode": "indeterminate"}));
            exts.push(json!({"url": "doc-needed", "valueCode": "clinical"}));
            exts.push(json!({"url": "doc-purpose", "valueCode": "retain-doc"}));
            (
                json!({"system": COVERAGE_DETAIL_SYSTEM, "code": "instructions"}),
                Some(json!({"url": "category", "valueCode": "cat-decisional"})),
            )
        }
    };
    exts.push(json!({"url": "reason", "valueCodeableConcept": {"text": WHY}}));
    let mut detail = Vec::new();
    detail.extend(detail_extra);
    detail.push(json!({"url": "code", "valueCodeableConcept": {"coding": [detail_code], "text": "Documentation gap"}}));
    detail.push(json!({"url": "value", "valueString": TODO}));
    exts.push(json!({"url": "detail", "extension": detail}));
    exts.push(json!({"url": "date", "valueDate": date}));
    exts.push(json!({"url": "coverage-assertion-id", "valueString": assertion_id}));
    json!({"url": EXTENSION_URL, "extension": exts})
}

/// The clinician card: the crate's card for the determination (or the indeterminate one),
/// with CRD's topic, the orders it is about, and the mapping's issues in its detail.
fn card(ctx: &Ctx<'_>, judged: &[&ElectrodiagnosticOrder]) -> Value {
    let label = format!("edx-coverage, ruleset {RULESET}");
    let (summary, indicator, mut detail) = match ctx.determination {
        Some(d) => {
            let card = Card::new(d);
            (
                card.summary().to_owned(),
                card.indicator().as_str(),
                card.detail().to_owned(),
            )
        }
        None => (
            "NCS/EMG for cramps: cannot judge coverage, no ICD-10-CM diagnosis".to_owned(),
            "warning",
            "**Cannot judge.** Neither the order's reasons nor the patient's active problems \
             and encounter diagnoses hold an ICD-10-CM code, and medical necessity is judged \
             on the diagnosis.\n\n**What to do:** give the order a reason coded in ICD-10-CM \
             (for cramps and spasms, R25.2 and any more specific finding or neuromuscular \
             code), then sign again.\n"
                .to_owned(),
        ),
    };
    if !ctx.mapping.issues().is_empty() {
        detail.push_str("\n**Not used from the request:**\n");
        for issue in ctx.mapping.issues() {
            detail.push_str(&format!("- `{}`: {}\n", issue.path(), issue.message()));
        }
    }
    let uuid = content_uuid(&[indicator, &summary, &detail, &label]);
    let associated: Vec<Value> = judged
        .iter()
        .map(|o| json!({"reference": o.reference()}))
        .collect();
    json!({
        "uuid": uuid,
        "summary": summary,
        "indicator": indicator,
        "detail": detail,
        "source": {
            "label": label,
            "topic": {"system": CARD_TYPE_SYSTEM, "code": "guideline", "display": "Guideline"},
        },
        "extension": {"davinci-crd.associated-resource": associated},
    })
}
