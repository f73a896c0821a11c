//! Diagnoses from reasons: ICD-10-CM codes in an order's `reasonCode`, and in the
//! Conditions its `reasonReference` names (in prefetch or `contained`).

use super::super::json::Json;

use super::super::error::HookError;
use super::super::fhir::{as_obj, each_coding, reference, target, FhirObject};
use super::super::path::JsonPath;
use super::super::terminology as t;
use super::codings::status_code;
use super::prefetch::{at_place, ResourcesById};
use super::{issue, Mapper};
use edx_coverage::IcdCode;

impl<'v> Mapper<'v> {
    /// The ICD-10-CM codes of a CodeableConcept become diagnoses; an issue when it has none.
    pub(super) fn reason_codes(
        &mut self,
        concept: Json<'_>,
        at: &JsonPath<'_>,
    ) -> Result<(), HookError> {
        // Straight into the diagnoses (a refusal refuses the whole request, so nothing
        // half-read is ever used).
        let codes = &mut self.diagnoses;
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
        Ok(())
    }

    /// Diagnoses from `reasonCode` and `reasonReference`; `found` is the order's
    /// `reasonCode`, `contained` and `reasonReference` as `JsonObject::pick` found them.
    pub(super) fn reasons(
        &mut self,
        res: FhirObject<'v, '_>,
        index: &ResourcesById<'v>,
        found: [Option<Json<'v>>; 3],
    ) -> Result<(), HookError> {
        let [reason_code, contained, reason_reference] = found;
        let at_codes = res.at.key("reasonCode");
        for (j, concept) in res
            .checked_array("reasonCode", reason_code)?
            .iter()
            .enumerate()
        {
            self.reason_codes(concept, &at_codes.index(j))?;
        }
        let at_refs = res.at.key("reasonReference");
        let at_contained = res.at.key("contained");
        let contained = res.checked_array("contained", contained)?;
        for (j, reference_value) in res
            .checked_array("reasonReference", reason_reference)?
            .iter()
            .enumerate()
        {
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
            match target(r).and_then(|(kind, id)| index.get(kind, id).map(|hit| (kind, hit))) {
                Some(("Condition", (members, place))) => {
                    at_place(place, |at| {
                        self.reason_condition(FhirObject { members, at })
                    })?;
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
    pub(super) fn reason_condition(&mut self, c: FhirObject<'_, '_>) -> Result<(), HookError> {
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
                self.reason_codes(code, &at_code)?;
            }
            None => issue(
                &mut self.issues,
                c.at,
                "a reason Condition without a code; not used",
            ),
        }
        Ok(())
    }
}
