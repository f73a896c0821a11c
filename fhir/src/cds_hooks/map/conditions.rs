//! Prefetch `Coverage` and `Condition` resources: active coverages; findings, the
//! differential, needle EMG exceptions and fallback diagnoses from Conditions.

use super::super::error::HookError;
use super::super::fhir::FhirObject;
use super::super::terminology as t;
use super::codings::{any_concept_has, status_code_found};
use super::prefetch::PrefetchPlace;
use super::{issue, Mapper};
use edx_coverage::{DifferentialCondition, Finding, FindingStatus};

impl<'v> Mapper<'v> {
    pub(super) fn coverage(&mut self, res: FhirObject<'_, '_>) -> Result<(), HookError> {
        let [status, id] = res.members.pick(["status", "id"]);
        let status = res.checked_str("status", status)?;
        let id = res.checked_str("id", id)?;
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

    /// A prefetch Condition; `place` is where it sits (its path, made only for an issue).
    pub(super) fn condition(
        &mut self,
        res: FhirObject<'_, '_>,
        place: PrefetchPlace<'v>,
    ) -> Result<(), HookError> {
        // The members read here, in one pass over the resource's members (the refusals in
        // the order of one `get` each, as the checks below keep it).
        let [subject, verification, code, clinical, category] = res.members.pick([
            "subject",
            "verificationStatus",
            "code",
            "clinicalStatus",
            "category",
        ]);
        if !self.about_patient_found(res, "subject", subject)? {
            return Ok(());
        }
        let verification = status_code_found(res, "verificationStatus", verification)?;
        if verification == Some("entered-in-error") {
            issue(&mut self.issues, res.at, "entered in error; ignored");
            return Ok(());
        }
        let at_code = res.at.key("code");
        let Some(code) = res.checked("code", code)? else {
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
            status_code_found(res, "clinicalStatus", clinical)?
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
                .push((Finding::new(kind).with_status(status), place));
        }
        // One reading of the categories for both systems (the first system's reading
        // already met every refusal the second's would).
        let problem = res.checked_array("category", category)?.is_empty()
            || any_concept_has(
                res,
                "category",
                category,
                &[
                    (
                        t::CONDITION_CATEGORY,
                        &["problem-list-item", "encounter-diagnosis"],
                    ),
                    (t::US_CORE_CONDITION_CATEGORY, &["health-concern"]),
                ],
            )?;
        if status == FindingStatus::Present && problem {
            for &icd in &codes.icd {
                self.candidates.push((icd, place));
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
}
