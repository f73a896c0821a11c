//! FHIR R4 → [`Case`]: which draft orders are electrodiagnostic, and the case the request
//! documents (the mapping table is in this crate's `README.md`).
//!
//! The mapping reads the request alone. It walks the draft orders, then the prefetch
//! resources (a resource or a search Bundle per key, whatever the key is called; `null` is
//! "no data"), and turns what it recognises into case entries. Everything it reads and cannot
//! use becomes an [`Issue`] with its JSON path. The case's lists come out sorted and without
//! duplicates, so the same request in any resource order gives the same case.

use std::collections::BTreeMap;

use super::json::{JMap, Json};

use super::error::{HookError, HookErrorKind};
use super::fhir::{
    as_obj, each_coding, has_code, is_patient, reference, target, wrong_type, Coding, Obj,
};
use super::path::Loc;
use super::request::{envelope, Envelope};
use super::terminology as t;
use super::{Hook, Issue};
use edx_coverage::ErrorKind;
use edx_coverage::Set;
use edx_coverage::{
    Case, ConservativeTrial, CptCode, CptFamily, DifferentialCondition, Finding, FindingKind,
    FindingSource, FindingStatus, IcdCode, LabOutcome, LabResult, NeedleEmgException, Procedure,
    Studies, Units,
};

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
        format!("{}/{}", self.resource_type, self.id)
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

    pub(crate) fn into_issues(self) -> Vec<Issue> {
        self.issues
    }
}

/// Maps a CDS Hooks request (as JSON text) to a case. As [`map_value`].
///
/// # Errors
/// As [`map_value`], and a 400 for text that is not one JSON document.
pub fn map(request: &str) -> Result<Mapping, HookError> {
    let tree = super::json::parse(request)
        .map_err(|e| HookError::new(HookErrorKind::Syntax, "", e.to_string()))?;
    map_tree(&tree)
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
    map_tree(&Json::borrow(request))
}

/// [`map_value`] on the crate's borrowed tree.
pub(crate) fn map_tree<'v>(request: &'v Json<'v>) -> Result<Mapping, HookError> {
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
    let orders = m.orders(&env, &index)?;
    m.prefetch(&env)?;
    m.finish(env, orders)
}

/// Where a prefetch resource sits: its key, and its entry when it came in a Bundle.
#[derive(Debug, Clone, Copy)]
struct Spot<'v> {
    key: &'v str,
    entry: Option<usize>,
}

/// Calls `f` with every resource in prefetch and its path, in key order then entry order.
fn each_prefetch<'v>(
    prefetch: Option<&'v JMap<'v>>,
    mut f: impl FnMut(Obj<'v, '_>, Spot<'v>) -> Result<(), HookError>,
) -> Result<(), HookError> {
    let Some(prefetch) = prefetch else {
        return Ok(());
    };
    let root = Loc::Root;
    let at_prefetch = root.key("prefetch");
    for (key, value) in prefetch.sorted() {
        let at_key = at_prefetch.key(key);
        if value.is_null() {
            continue; // CDS Hooks: the client has no data for this key.
        }
        let resource = as_obj(value, &at_key)?;
        if resource.resource_type()? != "Bundle" {
            f(resource, Spot { key, entry: None })?;
            continue;
        }
        let at_entries = at_key.key("entry");
        for (i, entry) in resource.array("entry")?.iter().enumerate() {
            let at_entry = at_entries.index(i);
            let entry_obj = as_obj(entry, &at_entry)?;
            let at_resource = at_entry.key("resource");
            let Some(inner) = entry_obj.obj("resource", &at_resource)? else {
                continue; // a search entry without a resource (e.g. an OperationOutcome link)
            };
            inner.resource_type()?;
            f(
                inner,
                Spot {
                    key,
                    entry: Some(i),
                },
            )?;
        }
    }
    Ok(())
}

/// The prefetch resources by `(resourceType, id)`, for `reasonReference`.
type Index<'v> = BTreeMap<(&'v str, &'v str), (&'v JMap<'v>, Spot<'v>)>;

fn prefetch_index<'v>(env: &Envelope<'v>) -> Result<Index<'v>, HookError> {
    let mut index = Index::new();
    each_prefetch(env.prefetch, |res, spot| {
        let kind = res.resource_type()?;
        if let Some(id) = res.str("id")? {
            index.entry((kind, id)).or_insert((res.map, spot));
        }
        Ok(())
    })?;
    Ok(index)
}

/// Calls `f` with the path of a prefetch resource at `spot`.
fn at_spot<R>(spot: Spot<'_>, f: impl FnOnce(&Loc<'_>) -> R) -> R {
    let root = Loc::Root;
    let at_prefetch = root.key("prefetch");
    let at_key = at_prefetch.key(spot.key);
    match spot.entry {
        None => f(&at_key),
        Some(i) => {
            let at_entries = at_key.key("entry");
            let at_entry = at_entries.index(i);
            let at_resource = at_entry.key("resource");
            f(&at_resource)
        }
    }
}

struct Mapper<'v> {
    patient_id: &'v str,
    issues: Vec<Issue>,
    diagnoses: Vec<IcdCode>,
    /// Fallback diagnoses: ICD-10-CM codes of the patient's active problems and encounter
    /// diagnoses, with their paths.
    candidates: Vec<(IcdCode, Spot<'v>)>,
    findings: Vec<(Finding, Spot<'v>)>,
    trials: Vec<ConservativeTrial>,
    labs: Vec<LabResult>,
    differential: Vec<DifferentialCondition>,
    exceptions: Vec<NeedleEmgException>,
    coverages: Vec<String>,
}

/// What the codings of one CodeableConcept say.
#[derive(Debug, Default)]
struct Codes {
    kinds: Set<FindingKind>,
    icd: Vec<IcdCode>,
    differential: Option<DifferentialCondition>,
    exception: Option<NeedleEmgException>,
    cramp: bool,
}

fn issue(issues: &mut Vec<Issue>, at: &Loc<'_>, message: impl Into<String>) {
    issues.push(Issue::new(at.text(), message));
}

/// The first `code` of a CodeableConcept member (e.g. `clinicalStatus`), whatever its system.
fn status_code<'v>(res: Obj<'v, '_>, key: &str) -> Result<Option<&'v str>, HookError> {
    let Some(concept) = res.get(key)? else {
        return Ok(None);
    };
    let at = res.at.key(key);
    let mut first = None;
    each_coding(concept, &at, |c, _| {
        if first.is_none() {
            first = c.code;
        }
        Ok(())
    })?;
    Ok(first)
}

/// Whether any CodeableConcept of the array member `key` holds `system|code`.
fn any_concept_has(
    res: Obj<'_, '_>,
    key: &str,
    system: &str,
    codes: &[&str],
) -> Result<bool, HookError> {
    let at = res.at.key(key);
    let mut found = false;
    for (i, concept) in res.array(key)?.iter().enumerate() {
        let at_i = at.index(i);
        for code in codes {
            found |= has_code(concept, &at_i, system, code)?;
        }
    }
    Ok(found)
}

impl<'v> Mapper<'v> {
    fn read_codes(&mut self, concept: &Json<'_>, at: &Loc<'_>) -> Result<Codes, HookError> {
        let mut out = Codes::default();
        let issues = &mut self.issues;
        each_coding(concept, at, |c: Coding<'_>, at_c| {
            let (Some(system), Some(code)) = (c.system, c.code) else {
                return Ok(());
            };
            match system {
                t::SNOMED => {
                    if let Some(kind) = t::snomed_finding(code) {
                        out.kinds.insert(kind);
                    }
                    out.cramp |= code == t::SNOMED_CRAMP;
                }
                t::ICD10CM => match IcdCode::parse(code) {
                    Ok(icd) => {
                        if let Some(kind) = t::icd_finding(code) {
                            out.kinds.insert(kind);
                        }
                        out.icd.push(icd);
                    }
                    Err(e) => issue(issues, &at_c.key("code"), format!("{e}; not used")),
                },
                t::FINDING_KIND_SYSTEM => match FindingKind::from_wire(code) {
                    Some(kind) => out.kinds.insert(kind),
                    None => issue(
                        issues,
                        &at_c.key("code"),
                        format!(
                            "unknown finding kind {:?}; not used",
                            edx_coverage::echo(code)
                        ),
                    ),
                },
                t::NEEDLE_EMG_EXCEPTION_SYSTEM => match NeedleEmgException::from_wire(code) {
                    Some(e) => out.exception = Some(e),
                    None => issue(
                        issues,
                        &at_c.key("code"),
                        format!(
                            "unknown needle EMG exception {:?}; not used",
                            edx_coverage::echo(code)
                        ),
                    ),
                },
                t::DIFFERENTIAL_SYSTEM => match DifferentialCondition::from_wire(code) {
                    Some(class) => out.differential = Some(class),
                    None => issue(
                        issues,
                        &at_c.key("code"),
                        format!(
                            "unknown differential condition {:?}; not used",
                            edx_coverage::echo(code)
                        ),
                    ),
                },
                _ => {}
            }
            Ok(())
        })?;
        Ok(out)
    }

    /// ICD-10-CM codes of a CodeableConcept; an issue when it has none.
    fn reason_codes(
        &mut self,
        concept: &Json<'_>,
        at: &Loc<'_>,
    ) -> Result<Vec<IcdCode>, HookError> {
        let mut codes = Vec::new();
        let mut seen_icd = false;
        let issues = &mut self.issues;
        each_coding(concept, at, |c, at_c| {
            if c.system == Some(t::ICD10CM) {
                seen_icd = true;
                if let Some(code) = c.code {
                    match IcdCode::parse(code) {
                        Ok(icd) => codes.push(icd),
                        Err(e) => issue(issues, &at_c.key("code"), format!("{e}; not used")),
                    }
                }
            }
            Ok(())
        })?;
        if !seen_icd {
            issue(
                &mut self.issues,
                at,
                "a reason without an ICD-10-CM coding; not used as a diagnosis",
            );
        }
        Ok(codes)
    }

    /// Whether the resource is about the request's patient (no subject: assumed so).
    fn about_patient(&mut self, res: Obj<'_, '_>, key: &str) -> Result<bool, HookError> {
        let Some(subject) = res.get(key)? else {
            return Ok(true);
        };
        let at = res.at.key(key);
        match reference(subject, &at)? {
            Some(r) if !is_patient(r, self.patient_id) => {
                issue(
                    &mut self.issues,
                    &at,
                    format!(
                        "about another patient ({:?}); not used",
                        edx_coverage::echo(r)
                    ),
                );
                Ok(false)
            }
            _ => Ok(true),
        }
    }

    fn orders(
        &mut self,
        env: &Envelope<'v>,
        index: &Index<'v>,
    ) -> Result<Vec<ElectrodiagnosticOrder>, HookError> {
        let root = Loc::Root;
        let at_context = root.key("context");
        let at_draft = at_context.key("draftOrders");
        let at_entries = at_draft.key("entry");
        let selections = env.selections.as_deref().unwrap_or(&[]);
        let mut matched = vec![false; selections.len()];
        let mut orders = Vec::new();
        for (i, entry) in env.entries.iter().enumerate() {
            let at_entry = at_entries.index(i);
            let entry = as_obj(entry, &at_entry)?;
            let at_res = at_entry.key("resource");
            let res = entry.obj("resource", &at_res)?.ok_or_else(|| {
                HookError::new(
                    HookErrorKind::InvalidFhir,
                    at_res.text(),
                    "is required in a draftOrders entry",
                )
            })?;
            let kind = res.resource_type()?;
            let id = res.str("id")?;
            let mut selected = env.selections.is_none();
            for (j, sel) in selections.iter().enumerate() {
                if id.is_some() && target(sel) == id.map(|id| (kind, id)) {
                    selected = true;
                    if let Some(m) = matched.get_mut(j) {
                        *m = true;
                    }
                }
            }
            let coverages = insurance(res)?;
            if kind != "ServiceRequest" {
                continue;
            }
            let (codes, others) = cpt_codes(res)?;
            if codes.is_empty() {
                continue;
            }
            let Some(id) = id else {
                return Err(HookError::new(
                    HookErrorKind::CrdConstraint,
                    at_res.key("id").text(),
                    "an electrodiagnostic order needs an id: the CRD update names the order by it",
                ));
            };
            if let Some(status @ ("entered-in-error" | "revoked" | "completed")) =
                res.str("status")?
            {
                issue(
                    &mut self.issues,
                    &at_res.key("status"),
                    format!("an electrodiagnostic order with status {status}; not judged"),
                );
                continue;
            }
            for (path, code) in others {
                self.issues.push(Issue::new(
                    path,
                    format!(
                        "CPT {:?} is not an electrodiagnostic code; not judged",
                        edx_coverage::echo(code)
                    ),
                ));
            }
            let units = self.units(res, codes.len())?;
            let studies = self.studies(res, &codes)?;
            let procedures = codes
                .iter()
                .map(|&cpt| {
                    let line = Procedure::new(cpt).with_units(units);
                    match studies {
                        Some(n) if cpt.family() == CptFamily::Ncs => line.with_studies(n),
                        _ => line,
                    }
                })
                .collect();
            self.reasons(res, index)?;
            let authored_on = res
                .str("authoredOn")?
                .and_then(|d| d.get(..10))
                .map(str::to_owned);
            orders.push(ElectrodiagnosticOrder {
                entry: i,
                resource_type: kind.to_owned(),
                id: id.to_owned(),
                procedures,
                judged: selected,
                coverages,
                authored_on,
            });
        }
        if let Some(j) = matched.iter().position(|m| !m) {
            return Err(HookError::new(
                HookErrorKind::NotARequest,
                format!("context.selections[{j}]"),
                "names no order in context.draftOrders",
            ));
        }
        Ok(orders)
    }

    /// Units from `quantityQuantity` when the order has one CPT code and the quantity is a
    /// whole number 1–99; otherwise 1, with an issue when a quantity was sent.
    fn units(&mut self, res: Obj<'_, '_>, codes: usize) -> Result<Units, HookError> {
        for other in ["quantityRatio", "quantityRange"] {
            if res.get(other)?.is_some() {
                issue(
                    &mut self.issues,
                    &res.at.key(other),
                    "a quantity that is not a count; 1 unit assumed",
                );
            }
        }
        let at_q = res.at.key("quantityQuantity");
        let Some(q) = res.obj("quantityQuantity", &at_q)? else {
            return Ok(Units::ONE);
        };
        let Some(value) = q.get("value")? else {
            return Ok(Units::ONE);
        };
        let Json::Num(n) = value else {
            return Err(super::fhir::wrong_type(
                &at_q.key("value"),
                "a number",
                value,
            ));
        };
        if codes > 1 {
            issue(
                &mut self.issues,
                &at_q,
                "a quantity on an order with several CPT codes; 1 unit each assumed",
            );
            return Ok(Units::ONE);
        }
        let units = n
            .as_u64()
            .and_then(|n| u32::try_from(n).ok())
            .and_then(Units::new);
        Ok(units.unwrap_or_else(|| {
            issue(
                &mut self.issues,
                &at_q.key("value"),
                format!("{n} is not a whole number of units from 1 to 99; 1 unit assumed"),
            );
            Units::ONE
        }))
    }

    /// The study count of the crate's `studies` extension, for the order's NCS code(s).
    fn studies(
        &mut self,
        res: Obj<'_, '_>,
        codes: &[CptCode],
    ) -> Result<Option<Studies>, HookError> {
        let at_ext = res.at.key("extension");
        let mut found = None;
        for (i, ext) in res.array("extension")?.iter().enumerate() {
            let at_i = at_ext.index(i);
            let ext = as_obj(ext, &at_i)?;
            if ext.str("url")? != Some(t::STUDIES_EXTENSION_URL) {
                continue;
            }
            let value = ext
                .get("valuePositiveInt")?
                .or(ext.get("valueInteger")?)
                .and_then(Json::as_u64)
                .and_then(|n| u32::try_from(n).ok())
                .and_then(Studies::new);
            match value {
                None => issue(
                    &mut self.issues,
                    &at_i,
                    "a study count that is not a whole number from 1 to 99; not used",
                ),
                Some(_) if !codes.iter().any(|c| c.family() == CptFamily::Ncs) => issue(
                    &mut self.issues,
                    &at_i,
                    "a study count on an order without a nerve conduction code; not used",
                ),
                Some(n) => found = Some(n),
            }
        }
        Ok(found)
    }

    /// Diagnoses from `reasonCode` and `reasonReference`.
    fn reasons(&mut self, res: Obj<'v, '_>, index: &Index<'v>) -> Result<(), HookError> {
        let at_codes = res.at.key("reasonCode");
        for (j, concept) in res.array("reasonCode")?.iter().enumerate() {
            let codes = self.reason_codes(concept, &at_codes.index(j))?;
            self.diagnoses.extend(codes);
        }
        let at_refs = res.at.key("reasonReference");
        let at_contained = res.at.key("contained");
        let contained = res.array("contained")?;
        for (j, reference_value) in res.array("reasonReference")?.iter().enumerate() {
            let at_j = at_refs.index(j);
            let Some(r) = reference(reference_value, &at_j)? else {
                issue(
                    &mut self.issues,
                    &at_j,
                    "a reason without a reference; not used",
                );
                continue;
            };
            if let Some(local) = r.strip_prefix('#') {
                let mut found = false;
                for (k, c) in contained.iter().enumerate() {
                    let at_k = at_contained.index(k);
                    let c = as_obj(c, &at_k)?;
                    if c.str("id")? == Some(local) && c.resource_type()? == "Condition" {
                        found = true;
                        self.reason_condition(c)?;
                    }
                }
                if !found {
                    issue(
                        &mut self.issues,
                        &at_j,
                        "names no contained Condition; not used",
                    );
                }
                continue;
            }
            match target(r).and_then(|(kind, id)| index.get(&(kind, id)).map(|hit| (kind, hit))) {
                Some(("Condition", &(map, spot))) => {
                    at_spot(spot, |at| self.reason_condition(Obj { map, at }))?;
                }
                Some(_) => issue(
                    &mut self.issues,
                    &at_j,
                    "a reason that is not a Condition; not used",
                ),
                None => issue(
                    &mut self.issues,
                    &at_j,
                    format!("{:?} is not in prefetch; not used", edx_coverage::echo(r)),
                ),
            }
        }
        Ok(())
    }

    /// The ICD-10-CM codes of a Condition named as a reason become diagnoses.
    fn reason_condition(&mut self, c: Obj<'_, '_>) -> Result<(), HookError> {
        if let Some(v @ ("entered-in-error" | "refuted")) = status_code(c, "verificationStatus")? {
            issue(
                &mut self.issues,
                c.at,
                format!("a reason Condition that is {v}; not used as a diagnosis"),
            );
            return Ok(());
        }
        let at_code = c.at.key("code");
        match c.get("code")? {
            Some(code) => {
                let codes = self.reason_codes(code, &at_code)?;
                self.diagnoses.extend(codes);
            }
            None => issue(
                &mut self.issues,
                c.at,
                "a reason Condition without a code; not used",
            ),
        }
        Ok(())
    }

    fn prefetch(&mut self, env: &Envelope<'v>) -> Result<(), HookError> {
        let mut seen: BTreeMap<(&'v str, &'v str), &'v JMap<'v>> = BTreeMap::new();
        each_prefetch(env.prefetch, |res, spot| {
            let kind = res.resource_type()?;
            if let Some(id) = res.str("id")? {
                match seen.get(&(kind, id)) {
                    Some(&first) if first == res.map => return Ok(()), // the same resource again
                    Some(_) => issue(
                        &mut self.issues,
                        res.at,
                        format!("{kind}/{id} appears twice with different content; both read"),
                    ),
                    None => {
                        seen.insert((kind, id), res.map);
                    }
                }
            }
            match kind {
                "Condition" => self.condition(res, spot),
                "Observation" => self.observation(res, spot),
                "Coverage" => self.coverage(res),
                _ => Ok(()), // Patient, Encounter, Practitioner...: nothing the case needs.
            }
        })
    }

    fn coverage(&mut self, res: Obj<'_, '_>) -> Result<(), HookError> {
        let status = res.str("status")?;
        let id = res.str("id")?;
        match (status, id) {
            (Some("active"), Some(id)) => self.coverages.push(format!("Coverage/{id}")),
            (Some("active"), None) => {
                issue(
                    &mut self.issues,
                    res.at,
                    "an active Coverage without an id cannot be referenced; not used",
                );
            }
            (status, _) => issue(
                &mut self.issues,
                &res.at.key("status"),
                format!(
                    "a Coverage that is not active ({}); not used",
                    status.unwrap_or("no status")
                ),
            ),
        }
        Ok(())
    }

    /// A prefetch Condition; `spot` is where it sits (its path, made only for an issue).
    fn condition(&mut self, res: Obj<'_, '_>, spot: Spot<'v>) -> Result<(), HookError> {
        if !self.about_patient(res, "subject")? {
            return Ok(());
        }
        let verification = status_code(res, "verificationStatus")?;
        if verification == Some("entered-in-error") {
            issue(&mut self.issues, res.at, "entered in error; ignored");
            return Ok(());
        }
        let at_code = res.at.key("code");
        let Some(code) = res.get("code")? else {
            issue(
                &mut self.issues,
                res.at,
                "a Condition without a code; not used",
            );
            return Ok(());
        };
        let codes = self.read_codes(code, &at_code)?;
        if verification == Some("differential") {
            let class = codes
                .differential
                .or_else(|| codes.icd.first().map(|c| t::icd_differential(c.as_str())));
            let class = class.unwrap_or_else(|| {
                issue(
                    &mut self.issues,
                    &at_code,
                    "a differential without an ICD-10-CM or edx-coverage code; counted as other",
                );
                DifferentialCondition::Other
            });
            self.differential.push(class);
            return Ok(());
        }
        if let Some(clinical @ ("inactive" | "resolved" | "remission")) =
            status_code(res, "clinicalStatus")?
        {
            issue(
                &mut self.issues,
                &res.at.key("clinicalStatus"),
                format!("{clinical}: not a current condition; not used"),
            );
            return Ok(());
        }
        let status = if verification == Some("refuted") {
            FindingStatus::Absent
        } else {
            FindingStatus::Present
        };
        if let Some(exception) = codes.exception {
            if status == FindingStatus::Present {
                self.exceptions.push(exception);
            }
            return Ok(());
        }
        for kind in codes.kinds.iter() {
            self.findings
                .push((Finding::new(kind).with_status(status), spot));
        }
        let problem = res.array("category")?.is_empty()
            || any_concept_has(
                res,
                "category",
                t::CONDITION_CATEGORY,
                &["problem-list-item", "encounter-diagnosis"],
            )?
            || any_concept_has(
                res,
                "category",
                t::US_CORE_CONDITION_CATEGORY,
                &["health-concern"],
            )?;
        if status == FindingStatus::Present && problem {
            for &icd in &codes.icd {
                self.candidates.push((icd, spot));
            }
        }
        if codes.kinds.is_empty() && (codes.icd.is_empty() || status == FindingStatus::Absent) {
            let message = if codes.cramp {
                "the cramp symptom itself: the diagnosis codes carry it; not used"
            } else if status == FindingStatus::Absent {
                "a refuted Condition that is not a finding the crate reads; not used"
            } else {
                "no SNOMED CT, ICD-10-CM or edx-coverage code the mapping reads; not used"
            };
            issue(&mut self.issues, &at_code, message);
        }
        Ok(())
    }

    /// A prefetch Observation; `spot` is where it sits (its path, made only for an issue).
    fn observation(&mut self, res: Obj<'_, '_>, spot: Spot<'v>) -> Result<(), HookError> {
        if !self.about_patient(res, "subject")? {
            return Ok(());
        }
        let status = res.str("status")?;
        if let Some(s @ ("entered-in-error" | "cancelled")) = status {
            issue(
                &mut self.issues,
                &res.at.key("status"),
                format!("{s}; ignored"),
            );
            return Ok(());
        }
        let at_code = res.at.key("code");
        let Some(code) = res.get("code")? else {
            return Err(HookError::new(
                HookErrorKind::InvalidFhir,
                at_code.text(),
                "is required on an Observation",
            ));
        };
        // Labs by LOINC.
        let mut tests = Vec::new();
        let mut therapy = None;
        each_coding(code, &at_code, |c, _| {
            match (c.system, c.code) {
                (Some(t::LOINC), Some(code)) => {
                    if let Some(found) = t::loinc_labs(code) {
                        tests.extend_from_slice(found);
                    }
                }
                (Some(t::THERAPY_SYSTEM), Some(code)) => therapy = Some(code),
                _ => {}
            }
            Ok(())
        })?;
        if !tests.is_empty() {
            let outcome = if matches!(status, Some("registered" | "preliminary")) {
                LabOutcome::Pending
            } else {
                self.interpretation(res)?
            };
            for test in tests {
                self.labs.push(LabResult::new(test, outcome));
            }
            return Ok(());
        }
        if let Some(code) = therapy {
            return self.trial(res, code);
        }
        if res.get("dataAbsentReason")?.is_some() {
            issue(
                &mut self.issues,
                &res.at.key("dataAbsentReason"),
                "no value (dataAbsentReason); not used",
            );
            return Ok(());
        }
        let mut codes = self.read_codes(code, &at_code)?;
        let mut present = FindingStatus::Present;
        if let Some(value) = res.get("valueBoolean")? {
            match value {
                Json::Bool(false) => present = FindingStatus::Absent,
                Json::Bool(true) => {}
                other => {
                    return Err(super::fhir::wrong_type(
                        &res.at.key("valueBoolean"),
                        "a boolean",
                        other,
                    ))
                }
            }
        }
        if let Some(value) = res.get("valueCodeableConcept")? {
            let at_v = res.at.key("valueCodeableConcept");
            if has_code(value, &at_v, t::SNOMED, t::SNOMED_ABSENT)? {
                present = FindingStatus::Absent;
            } else if codes.kinds.is_empty() {
                let from_value = self.read_codes(value, &at_v)?;
                codes.kinds = from_value.kinds;
                codes.cramp |= from_value.cramp;
            }
        }
        if let Some(exception) = codes.exception {
            if present == FindingStatus::Present {
                self.exceptions.push(exception);
            }
            return Ok(());
        }
        if codes.kinds.is_empty() {
            let message = if codes.cramp {
                "the cramp symptom itself: the diagnosis codes carry it; not used"
            } else {
                "no SNOMED CT, ICD-10-CM, LOINC or edx-coverage code the mapping reads; not used"
            };
            issue(&mut self.issues, &at_code, message);
            return Ok(());
        }
        let source = if any_concept_has(res, "category", t::OBSERVATION_CATEGORY, &["exam"])? {
            FindingSource::Exam
        } else {
            FindingSource::History
        };
        for kind in codes.kinds.iter() {
            self.findings.push((
                Finding::new(kind).with_status(present).with_source(source),
                spot,
            ));
        }
        Ok(())
    }

    /// Normal or abnormal from `interpretation`; pending without one the crate reads.
    fn interpretation(&mut self, res: Obj<'_, '_>) -> Result<LabOutcome, HookError> {
        let at = res.at.key("interpretation");
        let mut abnormal = false;
        let mut normal = false;
        for (i, concept) in res.array("interpretation")?.iter().enumerate() {
            let at_i = at.index(i);
            let issues = &mut self.issues;
            each_coding(concept, &at_i, |c, at_c| {
                if c.system == Some(t::INTERPRETATION) {
                    match c.code.and_then(t::interpretation) {
                        Some(true) => abnormal = true,
                        Some(false) => normal = true,
                        None => issue(
                            issues,
                            &at_c.key("code"),
                            "an interpretation the crate does not read; not used",
                        ),
                    }
                }
                Ok(())
            })?;
        }
        Ok(if abnormal {
            LabOutcome::Abnormal
        } else if normal {
            LabOutcome::Normal
        } else {
            LabOutcome::Pending
        })
    }

    /// A conservative trial: therapy in `code`, outcome in `valueCodeableConcept`, days in
    /// the `duration` component.
    fn trial(&mut self, res: Obj<'_, '_>, therapy_code: &str) -> Result<(), HookError> {
        let at_code = res.at.key("code");
        let Some(therapy) = t::therapy(therapy_code) else {
            issue(
                &mut self.issues,
                &at_code,
                format!(
                    "unknown therapy {:?}; not used",
                    edx_coverage::echo(therapy_code)
                ),
            );
            return Ok(());
        };
        let at_v = res.at.key("valueCodeableConcept");
        let mut outcome = None;
        if let Some(value) = res.get("valueCodeableConcept")? {
            each_coding(value, &at_v, |c, _| {
                if c.system == Some(t::TRIAL_OUTCOME_SYSTEM) {
                    outcome = c.code.and_then(t::trial_outcome);
                }
                Ok(())
            })?;
        }
        let Some(outcome) = outcome else {
            issue(
                &mut self.issues,
                &at_v,
                "a trial without an edx-coverage trial outcome; not used",
            );
            return Ok(());
        };
        let mut trial = ConservativeTrial::new(therapy, outcome);
        let at_components = res.at.key("component");
        for (i, component) in res.array("component")?.iter().enumerate() {
            let at_i = at_components.index(i);
            let comp = as_obj(component, &at_i)?;
            let at_cc = at_i.key("code");
            let Some(cc) = comp.get("code")? else {
                return Err(HookError::new(
                    HookErrorKind::InvalidFhir,
                    at_cc.text(),
                    "is required on an Observation component",
                ));
            };
            if !has_code(cc, &at_cc, t::TRIAL_SYSTEM, "duration")? {
                continue;
            }
            let at_q = at_i.key("valueQuantity");
            // A `code` that is not a string or a `value` that is not a number is invalid
            // FHIR, refused with its path as everywhere else; a valid quantity that is not
            // a whole number of days (UCUM `d`, 0 to 2^32 - 1) is an issue.
            let days = match comp.obj("valueQuantity", &at_q)? {
                None => None,
                Some(q) => {
                    let unit_ok = q.str("code")? == Some("d");
                    let value = match q.get("value")? {
                        None => None,
                        Some(Json::Num(n)) => n.as_u64(),
                        Some(other) => {
                            return Err(wrong_type(&at_q.key("value"), "a number", other))
                        }
                    };
                    Some((unit_ok, value.and_then(|v| u32::try_from(v).ok())))
                }
            };
            match days {
                Some((true, Some(days))) => trial = trial.with_days(days),
                _ => issue(
                    &mut self.issues,
                    &at_q,
                    "a duration that is not a whole number of days (UCUM d); duration not used",
                ),
            }
        }
        self.trials.push(trial);
        Ok(())
    }

    fn finish(
        mut self,
        env: Envelope<'v>,
        orders: Vec<ElectrodiagnosticOrder>,
    ) -> Result<Mapping, HookError> {
        let mut diagnoses = std::mem::take(&mut self.diagnoses);
        if diagnoses.is_empty() {
            diagnoses = self.candidates.iter().map(|(icd, _)| *icd).collect();
        } else {
            for (icd, spot) in &self.candidates {
                if t::icd_finding(icd.as_str()).is_none() && !diagnoses.contains(icd) {
                    self.issues.push(Issue::new(
                        at_spot(*spot, |at| at.text()),
                        format!(
                            "{} is a diagnosis in the record that no order gives as its reason; not used",
                            icd.as_str()
                        ),
                    ));
                }
            }
        }
        diagnoses.sort_unstable();
        diagnoses.dedup();

        // A kind recorded both present and absent from one source: neither is used.
        let mut findings: Vec<Finding> = Vec::new();
        for (f, spot) in &self.findings {
            let conflict = self
                .findings
                .iter()
                .any(|(g, _)| g.kind == f.kind && g.source == f.source && g.status != f.status);
            if conflict {
                self.issues.push(Issue::new(
                    at_spot(*spot, |at| at.text()),
                    format!(
                        "{} is recorded both present and absent in the {}; neither is used",
                        f.kind, f.source
                    ),
                ));
            } else {
                findings.push(*f);
            }
        }
        findings.sort_unstable_by_key(|f| (f.kind, f.status, f.source));
        findings.dedup();

        let mut procedures: Vec<Procedure> = orders
            .iter()
            .flat_map(|o| o.procedures.iter().copied())
            .collect();
        // Claim lines: a line repeated on two orders counts twice (RULES.md, ruleset 3), so no dedup.
        procedures.sort_unstable_by_key(|p| (p.cpt, p.units, p.studies));
        let mut labs = std::mem::take(&mut self.labs);
        labs.sort_unstable_by_key(|l| (l.test, l.result));
        labs.dedup();
        let mut trials = std::mem::take(&mut self.trials);
        trials.sort_unstable_by_key(|t| (t.therapy, t.outcome, t.duration_days));
        trials.dedup();
        let mut differential = std::mem::take(&mut self.differential);
        differential.sort_unstable();
        differential.dedup();
        let mut coverages = std::mem::take(&mut self.coverages);
        coverages.sort_unstable();
        coverages.dedup();

        let mut builder = Case::builder();
        for d in diagnoses {
            builder = builder.diagnosis(d);
        }
        for f in findings {
            builder = builder.finding(f);
        }
        for t in trials {
            builder = builder.trial(t);
        }
        for l in labs {
            builder = builder.lab(l);
        }
        for d in differential {
            builder = builder.differential(d);
        }
        for p in procedures {
            builder = builder.procedure(p);
        }
        for e in std::mem::take(&mut self.exceptions) {
            builder = builder.needle_emg_exception(e);
        }
        let case = match builder.build() {
            Ok(case) => Some(case),
            Err(e) if *e.kind() == ErrorKind::NoDiagnosis => None,
            Err(e) => {
                return Err(HookError::new(
                    HookErrorKind::CrdConstraint,
                    "prefetch",
                    format!("the case the request documents is refused: {e}"),
                ))
            }
        };
        Ok(Mapping {
            hook: env.hook,
            hook_instance: env.hook_instance.to_owned(),
            case,
            orders,
            coverages,
            issues: self.issues,
            max_cards: env.max_cards,
            requested_version: env.requested_version,
        })
    }
}

/// The `Coverage` references in an order's `insurance` (checked on every draft order: an
/// `insurance` that is not an array of References is invalid FHIR).
fn insurance(res: Obj<'_, '_>) -> Result<Vec<String>, HookError> {
    let at = res.at.key("insurance");
    let mut refs = Vec::new();
    for (i, item) in res.array("insurance")?.iter().enumerate() {
        let at_i = at.index(i);
        if let Some(r) = reference(item, &at_i)? {
            if target(r).map(|(kind, _)| kind) == Some("Coverage") {
                refs.push(r.to_owned());
            }
        }
    }
    Ok(refs)
}

/// An order's electrodiagnostic CPT codes, and its other CPT codes with their paths.
type CptCodes<'v> = (Vec<CptCode>, Vec<(String, &'v str)>);

/// The electrodiagnostic CPT codes of a ServiceRequest (its codings and CRD billing
/// options), and the other CPT codes with their paths.
fn cpt_codes<'v>(res: Obj<'v, '_>) -> Result<CptCodes<'v>, HookError> {
    let mut codes = Vec::new();
    let mut others = Vec::new();
    let Some(code) = res.get("code")? else {
        return Ok((codes, others));
    };
    let at_code = res.at.key("code");
    let mut take = |c: Coding<'v>, at: &Loc<'_>| {
        if let (Some(t::CPT), Some(code)) = (c.system, c.code) {
            match CptCode::parse(code) {
                Ok(cpt) if !codes.contains(&cpt) => codes.push(cpt),
                Ok(_) => {}
                Err(_) => others.push((at.key("code").text(), code)),
            }
        }
        Ok(())
    };
    each_coding(code, &at_code, &mut take)?;
    let code_obj = as_obj(code, &at_code)?;
    let at_ext = at_code.key("extension");
    for (j, ext) in code_obj.array("extension")?.iter().enumerate() {
        let at_j = at_ext.index(j);
        let ext = as_obj(ext, &at_j)?;
        if ext.str("url")? != Some(t::BILLING_OPTIONS_URL) {
            continue;
        }
        let at_v = at_j.key("valueCodeableConcept");
        let Some(value) = ext.get("valueCodeableConcept")? else {
            return Err(HookError::new(
                HookErrorKind::InvalidFhir,
                at_v.text(),
                "a billing option carries a valueCodeableConcept",
            ));
        };
        each_coding(value, &at_v, &mut take)?;
    }
    Ok((codes, others))
}
