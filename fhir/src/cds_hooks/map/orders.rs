//! Orders to procedures: which draft `ServiceRequest`s are electrodiagnostic, their CPT
//! codes, units, study counts and insurance.

use super::super::json::Json;

use super::super::error::{HookError, HookErrorKind};
use super::super::fhir::{as_obj, each_coding, reference, target, wrong_type, Coding, FhirObject};
use super::super::path::JsonPath;
use super::super::request::Envelope;
use super::super::terminology as t;
use super::super::Issue;
use super::prefetch::ResourcesById;
use super::{issue, ElectrodiagnosticOrder, Mapper};
use edx_coverage::{CptCode, CptFamily, Procedure, Studies, Units};

impl<'v> Mapper<'v> {
    pub(super) fn orders(
        &mut self,
        env: &Envelope<'v>,
        index: &ResourcesById<'v>,
    ) -> Result<Vec<ElectrodiagnosticOrder>, HookError> {
        let root = JsonPath::Root;
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
            // The members read here, in one pass over the order's members (each checked where
            // one `get` read it, so the refusals come in the same order).
            let found = res.members.pick(ORDER_MEMBERS);
            let [kind, id, insurance_found, code, status, ratio, range, quantity, ..] = found;
            let [.., extension, reason_code, contained, reason_reference, authored_on] = found;
            let kind = res.resource_type_found(kind)?;
            let id = res.checked_str("id", id)?;
            let mut selected = env.selections.is_none();
            for (j, sel) in selections.iter().enumerate() {
                if id.is_some() && target(sel) == id.map(|id| (kind, id)) {
                    selected = true;
                    if let Some(m) = matched.get_mut(j) {
                        *m = true;
                    }
                }
            }
            let coverages = insurance(res, insurance_found)?;
            if kind != "ServiceRequest" {
                continue;
            }
            let (codes, others) = cpt_codes(res, code)?;
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
                res.checked_str("status", status)?
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
            let units = self.units(res, codes.len(), [ratio, range], quantity)?;
            let studies = self.studies(res, &codes, extension)?;
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
            self.reasons(res, index, [reason_code, contained, reason_reference])?;
            let authored_on = res
                .checked_str("authoredOn", authored_on)?
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

    /// Units from `quantityQuantity` (found as `quantity`) when the order has one CPT code
    /// and the quantity is a whole number 1–99; otherwise 1, with an issue when a quantity
    /// was sent (`others`: `quantityRatio` and `quantityRange` as found).
    pub(super) fn units(
        &mut self,
        res: FhirObject<'_, '_>,
        codes: usize,
        others: [Option<Json<'_>>; 2],
        quantity: Option<Json<'_>>,
    ) -> Result<Units, HookError> {
        for (other, found) in ["quantityRatio", "quantityRange"].into_iter().zip(others) {
            if res.checked(other, found)?.is_some() {
                issue(
                    &mut self.issues,
                    &res.at.key(other),
                    "a quantity that is not a count; 1 unit assumed",
                );
            }
        }
        let at_q = res.at.key("quantityQuantity");
        let Some(q) = res.checked("quantityQuantity", quantity)? else {
            return Ok(Units::ONE);
        };
        let q = as_obj(q, &at_q)?;
        let Some(value) = q.get("value")? else {
            return Ok(Units::ONE);
        };
        let Json::Number(n) = value else {
            return Err(wrong_type(&at_q.key("value"), "a number", value));
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

    /// The study count of the crate's `studies` extension (the order's `extension`, found as
    /// `extension`), for the order's NCS code(s).
    pub(super) fn studies(
        &mut self,
        res: FhirObject<'_, '_>,
        codes: &[CptCode],
        extension: Option<Json<'_>>,
    ) -> Result<Option<Studies>, HookError> {
        let at_ext = res.at.key("extension");
        let mut found = None;
        for (i, ext) in res
            .checked_array("extension", extension)?
            .iter()
            .enumerate()
        {
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
}

/// The `Coverage` references in an order's `insurance` (found as `found`; checked on every
/// draft order: an `insurance` that is not an array of References is invalid FHIR).
fn insurance(res: FhirObject<'_, '_>, found: Option<Json<'_>>) -> Result<Vec<String>, HookError> {
    let at = res.at.key("insurance");
    let mut refs = Vec::new();
    for (i, item) in res.checked_array("insurance", found)?.iter().enumerate() {
        let at_i = at.index(i);
        if let Some(r) = reference(item, &at_i)? {
            if target(r).map(|(kind, _)| kind) == Some("Coverage") {
                refs.push(r.to_owned());
            }
        }
    }
    Ok(refs)
}

/// The members of a draft order the mapping reads, in the order `orders` checks them.
const ORDER_MEMBERS: [&str; 13] = [
    "resourceType",
    "id",
    "insurance",
    "code",
    "status",
    "quantityRatio",
    "quantityRange",
    "quantityQuantity",
    "extension",
    "reasonCode",
    "contained",
    "reasonReference",
    "authoredOn",
];

/// An order's electrodiagnostic CPT codes, and its other CPT codes with their paths.
type CptCodes<'v> = (Vec<CptCode>, Vec<(String, &'v str)>);

/// The electrodiagnostic CPT codes of a ServiceRequest (its codings and CRD billing
/// options; its `code` found as `found`), and the other CPT codes with their paths.
fn cpt_codes<'v>(
    res: FhirObject<'v, '_>,
    found: Option<Json<'v>>,
) -> Result<CptCodes<'v>, HookError> {
    let mut codes = Vec::new();
    let mut others = Vec::new();
    let Some(code) = res.checked("code", found)? else {
        return Ok((codes, others));
    };
    let at_code = res.at.key("code");
    let mut take = |c: Coding<'v>, at: &JsonPath<'_>| {
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
