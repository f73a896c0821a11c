//! [`Case`] → CDS Hooks request: the inverse of the mapping, one documented way to write a
//! case in FHIR R4 so that [`map_value`](super::map_value) reads it back.
//!
//! For hosts and tests: it shows how each case entry is sent (which resource, which code
//! system, which element), and it is what the crate's own tests, benchmark and fuzz seeds
//! use. Each procedure becomes a draft `ServiceRequest` (odd-numbered ones carry their CPT
//! code as a CRD billing option on an order code given as text); diagnoses become the orders'
//! `reasonCode` (and, for codes that are not findings, a `reasonReference` to a Condition in
//! prefetch); findings, labs and trials become Observations; the differential becomes
//! Conditions with verificationStatus `differential`, needle EMG exceptions Conditions in the
//! crate's code system; an NCS line's study count is the crate's `studies` extension on its
//! order. Prefetch holds the Patient and an
//! active Coverage under CRD's keys, and the clinical resources under `conditions` and
//! `observations` search Bundles.

use serde_json::{json, Value};

use super::terminology as t;
use super::Hook;
use edx_coverage::{Case, FindingKind, FindingSource, FindingStatus, LabOutcome, LabTest};

/// The patient id the written requests use.
pub const PATIENT_ID: &str = "example-patient";
/// The Coverage id the written requests use (prefetch key `coverage`).
pub const COVERAGE_ID: &str = "example-coverage";

/// Writes `case` as a CDS Hooks request for `hook` (`order-select` selects every order).
///
/// A case without procedures gets no draft order, so its answer is `{"cards": []}` and its
/// diagnoses (which travel as the orders' reasons) are not in the request; add a procedure
/// to have it judged.
///
/// ```
/// use edx_coverage_fhir::cds_hooks::{map_value, to_request, Hook};
/// use edx_coverage::{Case, Procedure};
///
/// let case = Case::builder()
///     .diagnosis("R25.2".parse()?)
///     .procedure(Procedure::new("95886".parse()?))
///     .build()?;
/// let request = to_request(&case, Hook::OrderSign, "2026-11-27");
/// assert_eq!(map_value(&request)?.case(), Some(&case));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[must_use]
pub fn to_request(case: &Case, hook: Hook, date: &str) -> Value {
    let subject = json!({"reference": format!("Patient/{PATIENT_ID}")});
    let mut conditions = Vec::new();
    let mut reason_codes = Vec::new();
    let mut reason_refs = Vec::new();
    for (i, d) in case.diagnoses().iter().enumerate() {
        let code = d.code();
        let icd = concept(t::ICD10CM, code.as_str());
        if i % 2 == 1 && t::icd_finding(code.as_str()).is_none() {
            let id = format!("dx-{i}");
            reason_refs.push(json!({"reference": format!("Condition/{id}")}));
            conditions.push(json!({
                "resourceType": "Condition",
                "id": id,
                "clinicalStatus": concept(
                    "http://terminology.hl7.org/CodeSystem/condition-clinical", "active"),
                "verificationStatus": concept(
                    "http://terminology.hl7.org/CodeSystem/condition-ver-status", "confirmed"),
                "category": [concept(t::CONDITION_CATEGORY, "encounter-diagnosis")],
                "code": icd,
                "subject": subject,
            }));
        } else {
            reason_codes.push(icd);
        }
    }
    for (i, d) in case.differential().iter().enumerate() {
        conditions.push(json!({
            "resourceType": "Condition",
            "id": format!("ddx-{i}"),
            "clinicalStatus": concept(
                "http://terminology.hl7.org/CodeSystem/condition-clinical", "active"),
            "verificationStatus": concept(
                "http://terminology.hl7.org/CodeSystem/condition-ver-status", "differential"),
            "code": concept(t::DIFFERENTIAL_SYSTEM, d.as_str()),
            "subject": subject,
        }));
    }

    let mut observations = Vec::new();
    for (i, f) in case.findings().iter().enumerate() {
        let mut obs = json!({
            "resourceType": "Observation",
            "id": format!("finding-{i}"),
            "status": "final",
            "code": finding_code(f.kind),
            "subject": subject,
        });
        if f.source == FindingSource::Exam {
            set(
                &mut obs,
                "category",
                json!([concept(t::OBSERVATION_CATEGORY, "exam")]),
            );
        }
        match (f.status, i % 2) {
            (FindingStatus::Absent, 0) => set(&mut obs, "valueBoolean", json!(false)),
            (FindingStatus::Absent, _) => {
                set(
                    &mut obs,
                    "valueCodeableConcept",
                    concept(t::SNOMED, t::SNOMED_ABSENT),
                );
            }
            (_, 0) => set(&mut obs, "valueBoolean", json!(true)),
            _ => {}
        }
        observations.push(obs);
    }
    for (i, lab) in case.labs().iter().enumerate() {
        let mut obs = json!({
            "resourceType": "Observation",
            "id": format!("lab-{i}"),
            "status": "final",
            "category": [concept(t::OBSERVATION_CATEGORY, "laboratory")],
            "code": concept(t::LOINC, lab_code(lab.test)),
            "subject": subject,
        });
        match lab.result {
            LabOutcome::Normal => {
                set(
                    &mut obs,
                    "interpretation",
                    json!([concept(t::INTERPRETATION, "N")]),
                );
            }
            LabOutcome::Abnormal => {
                set(
                    &mut obs,
                    "interpretation",
                    json!([concept(t::INTERPRETATION, "L")]),
                );
            }
            _ => set(&mut obs, "status", json!("preliminary")),
        }
        observations.push(obs);
    }
    for (i, exception) in case.needle_emg_exceptions().iter().enumerate() {
        conditions.push(json!({
            "resourceType": "Condition",
            "id": format!("exception-{i}"),
            "code": concept(t::NEEDLE_EMG_EXCEPTION_SYSTEM, exception.as_str()),
            "subject": subject,
        }));
    }
    for (i, trial) in case.conservative_trials().iter().enumerate() {
        let mut obs = json!({
            "resourceType": "Observation",
            "id": format!("trial-{i}"),
            "status": "final",
            "code": concept(t::THERAPY_SYSTEM, trial.therapy.as_str()),
            "valueCodeableConcept": concept(t::TRIAL_OUTCOME_SYSTEM, trial.outcome.as_str()),
            "subject": subject,
        });
        if let Some(days) = trial.duration_days {
            set(
                &mut obs,
                "component",
                json!([{
                    "code": concept(t::TRIAL_SYSTEM, "duration"),
                    "valueQuantity": {"value": days, "unit": "d",
                        "system": "http://unitsofmeasure.org", "code": "d"},
                }]),
            );
        }
        observations.push(obs);
    }

    let mut entries = Vec::new();
    let mut selections = Vec::new();
    for (i, p) in case.procedures().iter().enumerate() {
        let id = format!("order-{i}");
        let cpt = concept(t::CPT, &p.cpt.to_string());
        let code = if i % 2 == 1 {
            json!({
                "text": "Electrodiagnostic study",
                "extension": [{"url": t::BILLING_OPTIONS_URL, "valueCodeableConcept": cpt}],
            })
        } else {
            cpt
        };
        let mut order = json!({
            "resourceType": "ServiceRequest",
            "id": id,
            "status": "draft",
            "intent": "order",
            "code": code,
            "subject": subject,
            "authoredOn": date,
        });
        if p.units.get() != 1 {
            set(
                &mut order,
                "quantityQuantity",
                json!({"value": p.units.get()}),
            );
        }
        if let Some(studies) = p.studies {
            set(
                &mut order,
                "extension",
                json!([{"url": t::STUDIES_EXTENSION_URL, "valuePositiveInt": studies.get()}]),
            );
        }
        if !reason_codes.is_empty() {
            set(&mut order, "reasonCode", Value::Array(reason_codes.clone()));
        }
        if !reason_refs.is_empty() {
            set(
                &mut order,
                "reasonReference",
                Value::Array(reason_refs.clone()),
            );
        }
        selections.push(json!(format!("ServiceRequest/{id}")));
        entries.push(json!({"resource": order}));
    }

    let mut context = json!({
        "userId": "Practitioner/example-practitioner",
        "patientId": PATIENT_ID,
        "draftOrders": {"resourceType": "Bundle", "type": "collection", "entry": entries},
    });
    if hook == Hook::OrderSelect {
        set(&mut context, "selections", Value::Array(selections));
    }
    let bundle = |resources: Vec<Value>| {
        let entry: Vec<Value> = resources
            .into_iter()
            .map(|r| json!({"resource": r}))
            .collect();
        json!({"resourceType": "Bundle", "type": "searchset", "entry": entry})
    };
    json!({
        "hook": hook.as_str(),
        "hookInstance": "00000000-0000-4000-8000-000000000000",
        "context": context,
        "prefetch": {
            "patient": {"resourceType": "Patient", "id": PATIENT_ID},
            "coverage": bundle(vec![json!({
                "resourceType": "Coverage",
                "id": COVERAGE_ID,
                "status": "active",
                "beneficiary": subject,
                "payor": [{"display": "Example payer"}],
            })]),
            "conditions": bundle(conditions),
            "observations": bundle(observations),
        },
    })
}

/// Sets `key` on a JSON object (the values here are always objects).
fn set(object: &mut Value, key: &str, value: Value) {
    if let Some(map) = object.as_object_mut() {
        map.insert(key.to_owned(), value);
    }
}

fn concept(system: &str, code: &str) -> Value {
    json!({"coding": [{"system": system, "code": code}]})
}

/// SNOMED CT when the table has the kind, else the crate's own code.
fn finding_code(kind: FindingKind) -> Value {
    match t::SNOMED_FINDINGS.iter().find(|(_, k, _)| *k == kind) {
        Some((id, _, display)) => {
            json!({"coding": [{"system": t::SNOMED, "code": id, "display": display}]})
        }
        None => concept(t::FINDING_KIND_SYSTEM, kind.as_str()),
    }
}

/// The LOINC code for one test alone (panels would count for several tests).
fn lab_code(test: LabTest) -> &'static str {
    t::LOINC_LABS
        .iter()
        .find(|(_, tests, _)| tests == &[test])
        .map_or("", |(code, _, _)| code)
}
