//! Codings to vocabularies: what the codings of one CodeableConcept say in the crate's
//! terms (finding kinds, ICD-10-CM codes, differential class, needle EMG exception).

use super::super::json::Json;

use super::super::error::HookError;
use super::super::fhir::{each_coding, Coding, FhirObject};
use super::super::path::JsonPath;
use super::super::terminology as t;
use super::{issue, Mapper};
use edx_coverage::Set;
use edx_coverage::{DifferentialCondition, FindingKind, IcdCode, NeedleEmgException};

/// What the codings of one CodeableConcept say.
#[derive(Debug, Default)]
pub(super) struct ConceptCodes {
    pub(super) kinds: Set<FindingKind>,
    pub(super) icd: Vec<IcdCode>,
    pub(super) differential: Option<DifferentialCondition>,
    pub(super) exception: Option<NeedleEmgException>,
    pub(super) cramp: bool,
}

/// The first `code` of a CodeableConcept member (e.g. `clinicalStatus`), whatever its system.
pub(super) fn status_code<'v>(
    res: FhirObject<'v, '_>,
    key: &str,
) -> Result<Option<&'v str>, HookError> {
    status_code_found(res, key, res.members.get(key))
}

/// [`status_code`] with the member `key` found as `found` (by `JsonObject::pick`).
pub(super) fn status_code_found<'v>(
    res: FhirObject<'v, '_>,
    key: &str,
    found: Option<Json<'v>>,
) -> Result<Option<&'v str>, HookError> {
    let Some(concept) = res.checked(key, found)? else {
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

/// Whether any CodeableConcept of the array member `key` (found as `found`) holds one of
/// the `system|code`s of `wanted`: each concept's codings read once for all of them (the
/// same refusals, in the same order, as one `has_code` per system and code).
pub(super) fn any_concept_has(
    res: FhirObject<'_, '_>,
    key: &str,
    found: Option<Json<'_>>,
    wanted: &[(&str, &[&str])],
) -> Result<bool, HookError> {
    let at = res.at.key(key);
    let concepts = res.checked_array(key, found)?;
    let mut hit = false;
    if wanted.iter().all(|(_, codes)| codes.is_empty()) {
        return Ok(false); // no concept is read then
    }
    for (i, concept) in concepts.iter().enumerate() {
        let at_i = at.index(i);
        each_coding(concept, &at_i, |c, _| {
            if let (Some(system), Some(code)) = (c.system, c.code) {
                hit |= wanted
                    .iter()
                    .any(|(s, codes)| *s == system && codes.contains(&code));
            }
            Ok(())
        })?;
    }
    Ok(hit)
}

impl<'v> Mapper<'v> {
    pub(super) fn read_codes(
        &mut self,
        concept: Json<'_>,
        at: &JsonPath<'_>,
    ) -> Result<ConceptCodes, HookError> {
        let mut out = ConceptCodes::default();
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
}
