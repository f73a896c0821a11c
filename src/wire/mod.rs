//! The JSON wire format (`docs/wire-format.md`) as `serde` impls.
//!
//! Inputs ([`Case`], [`Policy`]) are converted from a neutral tree ([`raw::Raw`]) so that
//! every refusal names its path and value (the JSON helpers first try a typed pass without
//! the tree, `fast`, and fall back to the tree only when it gives up; the `Deserialize` impls
//! read in one pass that builds the tree only from the first value it cannot vouch for,
//! `one_pass`); outputs are written field
//! by field in the documented order (the JSON helpers write the same text directly,
//! `write`). Works with any self-describing serde format, JSON first.

mod de;
#[cfg(feature = "json")]
mod fast;
mod one_pass;
mod raw;
#[cfg(feature = "json")]
mod write;

/// The determination as compact JSON text, byte for byte `serde_json::to_string`'s, written
/// directly (the JSON helpers use it).
#[cfg(feature = "json")]
pub(crate) use write::determination as determination_json;

#[cfg(all(test, feature = "schema"))]
pub(crate) use de::{CASE_FIELDS, POLICY_FIELDS};

use serde::de::Error as _;
use serde::ser::{SerializeStruct, Serializer};
use serde::{Deserialize, Deserializer, Serialize};

use crate::citation::Source;
use crate::code_set::issues::CodeIssues;
use crate::code_set::{CodeStatus, DiagnosisCodeIssue};
use crate::codes::candidate_code;
use crate::correction::{Corrections, ProcedureCorrection};
use crate::determination::{Determination, SuggestedCode, RULESET};
use crate::model::{
    Case, ConservativeTrial, CptCode, Diagnosis, Finding, FindingKind, IcdCode, LabResult, LabTest,
    Procedure, Units,
};
use crate::outcome::{
    Coverage, DocumentationGap, Indication, Pitfall, Recommendation, SuspectedCondition,
};
use crate::policy::Policy;
use crate::reason::{Reason, RuleId};
use crate::set::{Member, Set};

/// Reads a case in one typed pass that trusts the common case: any error only means "read
/// it again with [`case_from`]", which names the refusal (the JSON helpers do both).
#[cfg(feature = "json")]
pub(crate) use fast::case as fast_case;
/// Reads a policy in one typed pass, as [`fast_case`] (then [`policy_from`] on any error).
#[cfg(feature = "json")]
pub(crate) use fast::policy as fast_policy;

/// Parses a case from its raw tree (the JSON helpers' second pass; the `Deserialize` impls
/// read in one pass, `one_pass`).
#[cfg(feature = "json")]
pub(crate) fn case_from<'de, D: Deserializer<'de>>(
    d: D,
) -> Result<Result<Case, crate::Error>, D::Error> {
    let raw = serde::de::DeserializeSeed::deserialize(raw::RawSeed { depth: 0 }, d)?;
    Ok(de::case(&raw))
}

/// Parses a policy from its raw tree.
#[cfg(feature = "json")]
pub(crate) fn policy_from<'de, D: Deserializer<'de>>(
    d: D,
) -> Result<Result<Policy, crate::Error>, D::Error> {
    let raw = serde::de::DeserializeSeed::deserialize(raw::RawSeed { depth: 0 }, d)?;
    Ok(de::policy(&raw))
}

/// One pass that makes the tree's calls and builds the tree only from the first value it
/// cannot vouch for (`one_pass`): the same refusals as `case_from`, without the tree for
/// the documents it accepts.
impl<'de> Deserialize<'de> for Case {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        one_pass::case(d)?.map_err(D::Error::custom)
    }
}

/// One pass, as for [`Case`].
impl<'de> Deserialize<'de> for Policy {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        one_pass::policy(d)?.map_err(D::Error::custom)
    }
}

impl Serialize for Case {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("Case", 8)?;
        st.serialize_field("schema_version", &1u32)?;
        st.serialize_field("diagnoses", &self.diagnoses)?;
        st.serialize_field("findings", &self.findings)?;
        st.serialize_field("conservative_trials", &self.conservative_trials)?;
        st.serialize_field("labs", &self.labs)?;
        st.serialize_field("differential", &self.differential)?;
        st.serialize_field("procedures", &self.procedures)?;
        st.serialize_field("needle_emg_exceptions", &self.needle_emg_exceptions)?;
        st.end()
    }
}

impl Serialize for Diagnosis {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("Diagnosis", 1)?;
        st.serialize_field("code", &self.code())?;
        st.end()
    }
}

impl Serialize for Finding {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("Finding", 3)?;
        st.serialize_field("kind", &self.kind)?;
        st.serialize_field("status", &self.status)?;
        st.serialize_field("source", &self.source)?;
        st.end()
    }
}

impl Serialize for ConservativeTrial {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let n = 2 + usize::from(self.duration_days.is_some());
        let mut st = s.serialize_struct("ConservativeTrial", n)?;
        st.serialize_field("therapy", &self.therapy)?;
        st.serialize_field("outcome", &self.outcome)?;
        if let Some(days) = self.duration_days {
            st.serialize_field("duration_days", &days)?;
        }
        st.end()
    }
}

impl Serialize for LabResult {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("LabResult", 2)?;
        st.serialize_field("test", &self.test)?;
        st.serialize_field("result", &self.result)?;
        st.end()
    }
}

impl Serialize for CptCode {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl Serialize for Units {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_u32(self.get())
    }
}

impl Serialize for Procedure {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let n = 2 + usize::from(self.studies.is_some());
        let mut st = s.serialize_struct("Procedure", n)?;
        st.serialize_field("cpt", &self.cpt)?;
        st.serialize_field("units", &self.units)?;
        if let Some(studies) = self.studies {
            st.serialize_field("studies", &studies.get())?;
        }
        st.end()
    }
}

impl Serialize for Policy {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("Policy", 4)?;
        st.serialize_field("min_trial_days", &self.min_trial_days)?;
        st.serialize_field("require_differential", &self.require_differential)?;
        st.serialize_field(
            "accept_symptom_codes_with_support",
            &self.accept_symptom_codes_with_support,
        )?;
        st.serialize_field(
            "require_needle_emg_with_ncs",
            &self.require_needle_emg_with_ncs,
        )?;
        st.end()
    }
}

impl<T: Member + Serialize> Serialize for Set<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.iter())
    }
}

impl<'de, T: Member + Deserialize<'de>> Deserialize<'de> for Set<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let items = Vec::<T>::deserialize(d)?;
        let set: Set<T> = items.iter().copied().collect();
        if set.len() != items.len() {
            return Err(D::Error::custom("a set lists the same value twice"));
        }
        Ok(set)
    }
}

impl Serialize for SuggestedCode {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("SuggestedCode", 2)?;
        st.serialize_field("code", &self.code)?;
        st.serialize_field("finding", &self.finding)?;
        st.end()
    }
}

impl Serialize for ProcedureCorrection {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("ProcedureCorrection", 2)?;
        st.serialize_field("cpt", &self.cpt)?;
        st.serialize_field("replacement", &self.replacement)?;
        st.end()
    }
}

impl Serialize for DiagnosisCodeIssue {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("DiagnosisCodeIssue", 2)?;
        st.serialize_field("code", &self.code)?;
        st.serialize_field("status", &self.status)?;
        st.end()
    }
}

impl Serialize for Reason {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        // `sources` is additive (ruleset 2): written only when the rule has any, so the
        // reasons of article-based rules look exactly as in ruleset 1.
        let sources = self.sources();
        let mut st = s.serialize_struct("Reason", 2 + usize::from(!sources.is_empty()))?;
        st.serialize_field("rule", &self.rule())?;
        st.serialize_field("citations", self.citations())?;
        if !sources.is_empty() {
            st.serialize_field("sources", sources)?;
        }
        st.end()
    }
}

struct Seq<I>(I);

impl<I: Iterator + Clone> Serialize for Seq<I>
where
    I::Item: Serialize,
{
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.0.clone())
    }
}

/// Field by field for every serializer, except `serde_json`'s compact one (what
/// `serde_json::to_string`, `to_vec` and `to_writer` use, a determination nested in a host's
/// document included): that one gets the text of the direct writer (`write`), byte for byte
/// what the fields make (tests compare the two), handed over as a raw JSON value, without a
/// `serialize_*` call and an escape check per word.
impl Serialize for Determination {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        #[cfg(feature = "json")]
        if write::is_compact_serde_json::<S>() {
            return write::as_raw_value(&write::determination(self), s);
        }
        self.serialize_fields(s)
    }
}

impl Determination {
    /// The generic `Serialize`: one field at a time.
    pub(crate) fn serialize_fields<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("Determination", 13)?;
        st.serialize_field("ruleset", self.ruleset())?;
        st.serialize_field("indication", &self.indication)?;
        st.serialize_field("coverage", &self.coverage)?;
        st.serialize_field("red_flags", &self.red_flags)?;
        st.serialize_field("suspected_conditions", &self.suspected_conditions)?;
        st.serialize_field("documentation_gaps", &self.documentation_gaps)?;
        st.serialize_field("pitfalls", &self.pitfalls)?;
        st.serialize_field("recommendations", &self.recommendations)?;
        st.serialize_field("recommended_labs", &self.recommended_labs)?;
        st.serialize_field("suggested_codes", &Seq(self.suggested_codes()))?;
        st.serialize_field("procedure_corrections", &Seq(self.procedure_corrections()))?;
        st.serialize_field("diagnosis_code_issues", &Seq(self.diagnosis_code_issues()))?;
        st.serialize_field("reasons", &Seq(self.reasons()))?;
        st.end()
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SuggestedCodeWire {
    code: IcdCode,
    finding: FindingKind,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ProcedureCorrectionWire {
    cpt: String,
    replacement: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DiagnosisCodeIssueWire {
    code: IcdCode,
    status: CodeStatus,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ReasonWire {
    rule: RuleId,
    citations: Vec<u8>,
    #[serde(default)]
    sources: Vec<Source>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DeterminationWire {
    ruleset: String,
    indication: Indication,
    coverage: Coverage,
    red_flags: Set<FindingKind>,
    suspected_conditions: Set<SuspectedCondition>,
    documentation_gaps: Set<DocumentationGap>,
    pitfalls: Set<Pitfall>,
    recommendations: Set<Recommendation>,
    recommended_labs: Set<LabTest>,
    suggested_codes: Vec<SuggestedCodeWire>,
    procedure_corrections: Vec<ProcedureCorrectionWire>,
    diagnosis_code_issues: Vec<DiagnosisCodeIssueWire>,
    reasons: Vec<ReasonWire>,
}

/// Reads a determination back (for hosts that store and reload them). Checks that it belongs
/// to this ruleset and that codes and citations are the ones this ruleset emits.
impl<'de> Deserialize<'de> for Determination {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let w = DeterminationWire::deserialize(d)?;
        if w.ruleset != RULESET {
            return Err(D::Error::custom(format_args!(
                "ruleset: {:?} is not this crate's ruleset {RULESET:?}",
                w.ruleset
            )));
        }
        let mut suggested = Set::new();
        for (i, sc) in w.suggested_codes.iter().enumerate() {
            if candidate_code(sc.finding) != Some(sc.code) {
                return Err(D::Error::custom(format_args!(
                    "suggested_codes[{i}]: {} is not the candidate code for {}",
                    sc.code, sc.finding
                )));
            }
            suggested.insert(sc.finding);
        }
        let mut corrections = Corrections::new();
        for (i, c) in w.procedure_corrections.iter().enumerate() {
            let code = |field: &str, text: &str| {
                CptCode::parse(text).map_err(|kind| {
                    D::Error::custom(format_args!("procedure_corrections[{i}].{field}: {kind}"))
                })
            };
            let correction = ProcedureCorrection {
                cpt: code("cpt", &c.cpt)?,
                replacement: code("replacement", &c.replacement)?,
            };
            if !corrections.insert(correction) {
                return Err(D::Error::custom(format_args!(
                    "procedure_corrections[{i}]: {} to {} is not a correction between two different NCS codes",
                    correction.cpt, correction.replacement
                )));
            }
        }
        let mut issues = Vec::with_capacity(w.diagnosis_code_issues.len());
        for (i, issue) in w.diagnosis_code_issues.iter().enumerate() {
            let status = issue.code.status();
            if status != issue.status || status == CodeStatus::Billable {
                return Err(D::Error::custom(format_args!(
                    "diagnosis_code_issues[{i}].status: {} is {status} in the code set, not {}",
                    issue.code, issue.status
                )));
            }
            if issues
                .last()
                .is_some_and(|last: &DiagnosisCodeIssue| last.code >= issue.code)
            {
                return Err(D::Error::custom(format_args!(
                    "diagnosis_code_issues[{i}].code: {} is out of code order or repeated",
                    issue.code
                )));
            }
            issues.push(DiagnosisCodeIssue {
                code: issue.code,
                status,
            });
        }
        let mut reasons = Set::new();
        for (i, r) in w.reasons.iter().enumerate() {
            if r.citations != r.rule.citations() {
                return Err(D::Error::custom(format_args!(
                    "reasons[{i}].citations: {:?} are not the citations of {}",
                    r.citations, r.rule
                )));
            }
            if r.sources != r.rule.sources() {
                return Err(D::Error::custom(format_args!(
                    "reasons[{i}].sources: {:?} are not the sources of {}",
                    r.sources, r.rule
                )));
            }
            reasons.insert(r.rule);
        }
        Ok(Determination {
            indication: w.indication,
            coverage: w.coverage,
            red_flags: w.red_flags,
            suspected_conditions: w.suspected_conditions,
            documentation_gaps: w.documentation_gaps,
            pitfalls: w.pitfalls,
            recommendations: w.recommendations,
            recommended_labs: w.recommended_labs,
            suggested_codes: suggested,
            procedure_corrections: corrections,
            diagnosis_code_issues: CodeIssues::from_list(&mut issues),
            reasons,
        })
    }
}
