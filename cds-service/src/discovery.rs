//! The services this server offers and its discovery document (`GET /cds-services`).

use edx_coverage_fhir::cds_hooks::{CrdVersion, Hook};
use serde_json::{json, Value};

/// One CDS service: its id (the path segment) and hook.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ServiceDef {
    /// The id, as in `/cds-services/{id}`.
    pub id: &'static str,
    /// The hook it answers.
    pub hook: Hook,
    /// Its title.
    pub title: &'static str,
    /// Its description.
    pub description: &'static str,
}

/// The order-sign service (CRD primary hook).
pub const ORDER_SIGN: ServiceDef = ServiceDef {
    id: "edx-coverage-order-sign",
    hook: Hook::OrderSign,
    title: "Electrodiagnostic coverage (order-sign)",
    description: "When nerve conduction studies or needle EMG are signed for muscle cramps or \
        spasms, returns Da Vinci CRD coverage information on each such order, and a card \
        saying what documentation or coding is missing when coverage is at risk.",
};

/// The order-select service (CRD secondary hook).
pub const ORDER_SELECT: ServiceDef = ServiceDef {
    id: "edx-coverage-order-select",
    hook: Hook::OrderSelect,
    title: "Electrodiagnostic coverage (order-select)",
    description: "When nerve conduction studies or needle EMG are selected for muscle cramps \
        or spasms, returns early Da Vinci CRD coverage information and what to document \
        before signing.",
};

/// Every service, in discovery order.
pub const SERVICES: [ServiceDef; 2] = [ORDER_SIGN, ORDER_SELECT];

/// The service with this id.
#[must_use]
pub fn service(id: &str) -> Option<&'static ServiceDef> {
    SERVICES.iter().find(|s| s.id == id)
}

/// The prefetch templates: CRD's own three, then this service's (the patient's Conditions and
/// Observations, which give diagnoses, findings, labs and the differential).
#[must_use]
pub fn prefetch() -> Value {
    json!({
        "patient": "Patient/{{context.patientId}}",
        "encounter": "Encounter/{{context.encounterId}}",
        "coverage": "Coverage?patient={{context.patientId}}&status=active",
        "conditions": "Condition?patient={{context.patientId}}",
        "observations": "Observation?patient={{context.patientId}}",
    })
}

/// The discovery document. Both CRD versions are spoken: a request picks one with
/// `extension.davinci-crd.requestedVersion`, else the configured default applies.
#[must_use]
pub fn document() -> Value {
    let services: Vec<Value> = SERVICES
        .iter()
        .map(|s| {
            json!({
                "hook": s.hook.as_str(),
                "id": s.id,
                "title": s.title,
                "description": s.description,
                "prefetch": prefetch(),
                "usageRequirements": "Send the patient's active Coverage, Conditions and \
                    Observations in prefetch (or let them be fetched by the templates); the \
                    service does not query the FHIR server.",
                "extension": {
                    "davinci-crd.version": [CrdVersion::V2_1.as_str(), CrdVersion::V2_2.as_str()]
                },
            })
        })
        .collect();
    json!({ "services": services })
}
