//! Prefetch `Observation` resources: labs (LOINC), conservative trials and findings.

use super::super::json::Json;

use super::super::error::{HookError, HookErrorKind};
use super::super::fhir::{as_obj, each_coding, has_code, wrong_type, FhirObject};
use super::super::terminology as t;
use super::codings::any_concept_has;
use super::prefetch::PrefetchPlace;
use super::{issue, Mapper};
use edx_coverage::{
    ConservativeTrial, Finding, FindingSource, FindingStatus, LabOutcome, LabResult,
};

impl<'v> Mapper<'v> {
    /// A prefetch Observation; `place` is where it sits (its path, made only for an issue).
    pub(super) fn observation(
        &mut self,
        res: FhirObject<'_, '_>,
        place: PrefetchPlace<'v>,
    ) -> Result<(), HookError> {
        // The members read here, in one pass over the resource's members.
        let [subject, status, code, absent, boolean, concept, category, interpretation] =
            res.members.pick([
                "subject",
                "status",
                "code",
                "dataAbsentReason",
                "valueBoolean",
                "valueCodeableConcept",
                "category",
                "interpretation",
            ]);
        if !self.about_patient_found(res, "subject", subject)? {
            return Ok(());
        }
        let status = res.checked_str("status", status)?;
        if let Some(s @ ("entered-in-error" | "cancelled")) = status {
            issue(
                &mut self.issues,
                &res.at.key("status"),
                format!("{s}; ignored"),
            );
            return Ok(());
        }
        let at_code = res.at.key("code");
        let Some(code) = res.checked("code", code)? else {
            return Err(HookError::new(
                HookErrorKind::InvalidFhir,
                at_code.text(),
                "is required on an Observation",
            ));
        };
        // Labs by LOINC: pushed as they are found and given their outcome after (a refusal
        // refuses the whole request, so nothing half-read is ever used).
        let first_lab = self.labs.len();
        let labs = &mut self.labs;
        let mut therapy = None;
        each_coding(code, &at_code, |c, _| {
            match (c.system, c.code) {
                (Some(t::LOINC), Some(code)) => {
                    if let Some(found) = t::loinc_labs(code) {
                        labs.extend(
                            found
                                .iter()
                                .map(|&test| LabResult::new(test, LabOutcome::Pending)),
                        );
                    }
                }
                (Some(t::THERAPY_SYSTEM), Some(code)) => therapy = Some(code),
                _ => {}
            }
            Ok(())
        })?;
        if self.labs.len() > first_lab {
            let outcome = if matches!(status, Some("registered" | "preliminary")) {
                LabOutcome::Pending
            } else {
                self.interpretation(res, interpretation)?
            };
            for lab in self.labs.iter_mut().skip(first_lab) {
                *lab = LabResult::new(lab.test, outcome);
            }
            return Ok(());
        }
        if let Some(code) = therapy {
            return self.trial(res, code);
        }
        if res.checked("dataAbsentReason", absent)?.is_some() {
            issue(
                &mut self.issues,
                &res.at.key("dataAbsentReason"),
                "no value (dataAbsentReason); not used",
            );
            return Ok(());
        }
        let mut codes = self.read_codes(code, &at_code)?;
        let mut present = FindingStatus::Present;
        if let Some(value) = res.checked("valueBoolean", boolean)? {
            match value {
                Json::Bool(false) => present = FindingStatus::Absent,
                Json::Bool(true) => {}
                other => return Err(wrong_type(&res.at.key("valueBoolean"), "a boolean", other)),
            }
        }
        if let Some(value) = res.checked("valueCodeableConcept", concept)? {
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
        let exam: &[(&str, &[&str])] = &[(t::OBSERVATION_CATEGORY, &["exam"])];
        let source = if any_concept_has(res, "category", category, exam)? {
            FindingSource::Exam
        } else {
            FindingSource::History
        };
        for kind in codes.kinds.iter() {
            self.findings.push((
                Finding::new(kind).with_status(present).with_source(source),
                place,
            ));
        }
        Ok(())
    }

    /// Normal or abnormal from `interpretation`; pending without one the crate reads.
    pub(super) fn interpretation(
        &mut self,
        res: FhirObject<'_, '_>,
        found: Option<Json<'_>>,
    ) -> Result<LabOutcome, HookError> {
        let at = res.at.key("interpretation");
        let mut abnormal = false;
        let mut normal = false;
        for (i, concept) in res
            .checked_array("interpretation", found)?
            .iter()
            .enumerate()
        {
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
    pub(super) fn trial(
        &mut self,
        res: FhirObject<'_, '_>,
        therapy_code: &str,
    ) -> Result<(), HookError> {
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
                        Some(Json::Number(n)) => n.as_u64(),
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
}
