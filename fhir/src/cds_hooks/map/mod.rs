//! FHIR R4 → [`Case`]: which draft orders are electrodiagnostic, and the case the request
//! documents (the mapping table is in this crate's `README.md`).
//!
//! The mapping reads the request alone. It walks the draft orders, then the prefetch
//! resources (a resource or a search Bundle per key, whatever the key is called; `null` is
//! "no data"), and turns what it recognises into case entries. Everything it reads and cannot
//! use becomes an [`Issue`] with its JSON path. The case's lists come out sorted and without
//! duplicates, so the same request in any resource order gives the same case.
mod assemble;
mod codings;
mod conditions;
mod observations;
mod orders;
mod prefetch;
mod reasons;

use super::error::{HookError, HookErrorKind};
use super::json::Json;
use super::path::JsonPath;
use super::request::envelope;
use super::{Hook, Issue};
use edx_coverage::{
    Case, ConservativeTrial, DifferentialCondition, Finding, IcdCode, LabResult,
    NeedleEmgException, Procedure,
};
use prefetch::{prefetch_index, PrefetchPlace};

/// A draft order the mapping found to be electrodiagnostic.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ElectrodiagnosticOrder {
    entry: usize,
    resource_type: String,
    id: String,
    procedures: Vec<Procedure>,
    judged: bool,
    coverages: Vec<String>,
    authored_on: Option<String>,
}

impl ElectrodiagnosticOrder {
    /// Its index in `context.draftOrders.entry`.
    #[must_use]
    pub fn entry(&self) -> usize {
        self.entry
    }

    /// Its `resourceType` (`ServiceRequest`).
    #[must_use]
    pub fn resource_type(&self) -> &str {
        &self.resource_type
    }

    /// Its `id`.
    #[must_use]
    pub fn id(&self) -> &str {
        &self.id
    }

    /// `ResourceType/id`, as a reference.
    #[must_use]
    pub fn reference(&self) -> String {
        [self.resource_type.as_str(), "/", self.id.as_str()].concat()
    }

    /// The procedure lines it requests (one per electrodiagnostic CPT code it carries).
    #[must_use]
    pub fn procedures(&self) -> &[Procedure] {
        &self.procedures
    }

    /// Whether the answer judges it: always for `order-sign`; for `order-select`, only the
    /// orders in `context.selections` (the others still count as part of the case).
    #[must_use]
    pub fn judged(&self) -> bool {
        self.judged
    }

    /// The `Coverage` references it names in `insurance` (empty when it names none).
    #[must_use]
    pub fn insurance(&self) -> &[String] {
        &self.coverages
    }

    /// Its `authoredOn` date (`YYYY-MM-DD`), when it has one.
    #[must_use]
    pub fn authored_on(&self) -> Option<&str> {
        self.authored_on.as_deref()
    }
}

/// What the mapping made of a request: the case, the electrodiagnostic orders and the
/// issues met on the way.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Mapping {
    hook: Hook,
    hook_instance: String,
    case: Option<Case>,
    orders: Vec<ElectrodiagnosticOrder>,
    coverages: Vec<String>,
    issues: Vec<Issue>,
    max_cards: Option<u64>,
    requested_version: Option<super::CrdVersion>,
    /// No order gave a reason: the diagnoses are the record's active problems.
    diagnoses_from_record: bool,
}

impl Mapping {
    /// The hook of the request.
    #[must_use]
    pub fn hook(&self) -> Hook {
        self.hook
    }

    /// The request's `hookInstance`.
    #[must_use]
    pub fn hook_instance(&self) -> &str {
        &self.hook_instance
    }

    /// The case, or `None` when the request holds no usable ICD-10-CM diagnosis anywhere
    /// (the crate cannot judge: CRD `indeterminate`). Lists are sorted, without duplicates.
    #[must_use]
    pub fn case(&self) -> Option<&Case> {
        self.case.as_ref()
    }

    /// The electrodiagnostic draft orders, in request order.
    #[must_use]
    pub fn orders(&self) -> &[ElectrodiagnosticOrder] {
        &self.orders
    }

    /// The active `Coverage` references found in prefetch, sorted.
    #[must_use]
    pub fn prefetch_coverages(&self) -> &[String] {
        &self.coverages
    }

    /// What the mapping read and could not use, in request order.
    #[must_use]
    pub fn issues(&self) -> &[Issue] {
        &self.issues
    }

    /// `extension.davinci-crd.configuration.max-cards`, when sent.
    #[must_use]
    pub fn max_cards(&self) -> Option<u64> {
        self.max_cards
    }

    /// `extension.davinci-crd.requestedVersion`, when sent.
    #[must_use]
    pub fn requested_version(&self) -> Option<super::CrdVersion> {
        self.requested_version
    }

    /// Whether the diagnoses came from the patient's record because no electrodiagnostic
    /// order gave a reason (an order that gains a reason must then carry them all).
    pub(crate) fn diagnoses_from_record(&self) -> bool {
        self.diagnoses_from_record
    }

    /// The hook instance and the issues, moved out (the answer keeps both).
    pub(crate) fn into_parts(self) -> (String, Vec<Issue>) {
        (self.hook_instance, self.issues)
    }
}

/// Maps a CDS Hooks request (as JSON text) to a case. As [`map_value`].
///
/// # Errors
/// As [`map_value`], and a 400 for text that is not one JSON document.
pub fn map(request: &str) -> Result<Mapping, HookError> {
    let tree = super::json::parse(edx_coverage::json::strip_bom(request))
        .map_err(|e| HookError::new(HookErrorKind::Syntax, "", e.to_string()))?;
    map_tree(tree.root())
}

/// Maps a CDS Hooks request to a case: the envelope is checked, the draft orders and the
/// prefetch resources read.
///
/// ```
/// use edx_coverage_fhir::cds_hooks::map_value;
/// use serde_json::json;
///
/// let request = json!({"hook": "order-sign", "hookInstance": "h1",
///   "context": {"userId": "Practitioner/1", "patientId": "p1", "draftOrders": {
///     "resourceType": "Bundle", "type": "collection", "entry": [{"resource": {
///       "resourceType": "ServiceRequest", "id": "emg", "status": "draft",
///       "intent": "order", "subject": {"reference": "Patient/p1"},
///       "code": {"coding": [{"system": "http://www.ama-assn.org/go/cpt", "code": "95886"}]},
///       "reasonCode": [{"coding": [{"system": "http://hl7.org/fhir/sid/icd-10-cm", "code": "R25.2"}]}]
///     }}]}}});
/// let mapping = map_value(&request)?;
/// assert_eq!(mapping.orders()[0].id(), "emg");
/// let case = mapping.case().unwrap();
/// assert_eq!(case.diagnoses()[0].code().as_str(), "R25.2");
/// assert_eq!(case.procedures()[0].cpt.to_string(), "95886");
/// # Ok::<(), edx_coverage_fhir::cds_hooks::HookError>(())
/// ```
///
/// # Errors
/// A [`HookError`]: 400 for a request that is not CDS Hooks, an unsupported hook, or FHIR
/// the mapping needs that is invalid (a wrong JSON type, a `null`, a missing
/// `resourceType`); 422 for an electrodiagnostic order without an `id` (CRD updates the order
/// by id) or a case over the crate's size limits.
pub fn map_value(request: &serde_json::Value) -> Result<Mapping, HookError> {
    map_tree(super::json::Doc::from_value(request).root())
}

/// [`map_value`] on the crate's borrowed tree.
pub(crate) fn map_tree<'v>(request: Json<'v>) -> Result<Mapping, HookError> {
    let mut issues = Vec::new();
    let env = envelope(request, &mut issues)?;
    let mut m = Mapper {
        patient_id: env.patient_id,
        issues,
        diagnoses: Vec::new(),
        candidates: Vec::new(),
        findings: Vec::new(),
        trials: Vec::new(),
        labs: Vec::new(),
        differential: Vec::new(),
        exceptions: Vec::new(),
        coverages: Vec::new(),
    };
    let index = prefetch_index(&env)?;
    let orders = m.orders(&env, &index.by_id)?;
    m.prefetch(&index)?;
    m.finish(env, orders)
}

struct Mapper<'v> {
    patient_id: &'v str,
    issues: Vec<Issue>,
    diagnoses: Vec<IcdCode>,
    /// Fallback diagnoses: ICD-10-CM codes of the patient's active problems and encounter
    /// diagnoses, with their paths.
    candidates: Vec<(IcdCode, PrefetchPlace<'v>)>,
    findings: Vec<(Finding, PrefetchPlace<'v>)>,
    trials: Vec<ConservativeTrial>,
    labs: Vec<LabResult>,
    differential: Vec<DifferentialCondition>,
    exceptions: Vec<NeedleEmgException>,
    coverages: Vec<String>,
}

fn issue(issues: &mut Vec<Issue>, at: &JsonPath<'_>, message: impl Into<String>) {
    issues.push(Issue::new(at.text(), message));
}
