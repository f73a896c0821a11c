//! The schemas of the inputs: a [`Case`] with its entries, and a [`Policy`].

use schemars::{JsonSchema, Schema, SchemaGenerator};
use serde_json::{json, Value};

use super::keywords::{list, named, schema, with};
use super::patterns::{cpt_input_pattern, icd_input_pattern, ncs_input_pattern};
use crate::codes::cpt::CPT_CODES;
use crate::model::{
    Case, ConservativeTrial, CptCode, Diagnosis, DifferentialCondition, Finding, FindingKind,
    FindingSource, FindingStatus, IcdCode, LabOutcome, LabResult, LabTest, NeedleEmgException,
    Procedure, Studies, Therapy, TrialOutcome, Units,
};
use crate::policy::Policy;
use crate::set::Member;

impl JsonSchema for IcdCode {
    named!(IcdCode, "IcdCode");
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        schema(json!({
            "description": "An ICD-10-CM code. Read case-insensitively, with or without dots, \
                surrounding white space ignored: `r252`, ` R25.2 ` and `R25.2` are the same code. \
                Shape: a letter, a digit, a digit or letter, then up to four digits or letters.",
            "type": "string",
            "pattern": icd_input_pattern(),
        }))
    }
}

impl JsonSchema for CptCode {
    named!(CptCode, "CptCode");
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        let codes: Vec<String> = CPT_CODES.iter().map(|(c, _)| format!("{c:05}")).collect();
        schema(json!({
            "description": "An electrodiagnostic CPT code from the crate's table. Surrounding \
                white space is ignored (the `pattern` branch); the `enum` branch lists the codes.",
            "type": "string",
            "anyOf": [{ "enum": codes }, { "pattern": cpt_input_pattern() }],
        }))
    }
}

impl JsonSchema for Units {
    named!(Units, "Units");
    fn inline_schema() -> bool {
        true
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        schema(json!({
            "description": "Units requested, 1-99.",
            "type": "integer",
            "minimum": 1,
            "maximum": 99,
            "default": Units::default().get(),
        }))
    }
}

impl JsonSchema for Studies {
    named!(Studies, "Studies");
    fn inline_schema() -> bool {
        true
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        schema(json!({
            "description": "The nerve conduction studies the report documents for this line,                 1-99, counted as CPT counts them. NCS codes (95907-95913) only.",
            "type": "integer",
            "minimum": 1,
            "maximum": 99,
        }))
    }
}

impl JsonSchema for Diagnosis {
    named!(Diagnosis, "Diagnosis");
    fn json_schema(g: &mut SchemaGenerator) -> Schema {
        schema(json!({
            "type": "object",
            "properties": { "code": g.subschema_for::<IcdCode>() },
            "required": ["code"],
            "additionalProperties": false,
        }))
    }
}

impl JsonSchema for Finding {
    named!(Finding, "Finding");
    fn json_schema(g: &mut SchemaGenerator) -> Schema {
        let mut status = g.subschema_for::<FindingStatus>();
        status.insert("default".into(), FindingStatus::default().as_str().into());
        let mut source = g.subschema_for::<FindingSource>();
        source.insert("default".into(), FindingSource::default().as_str().into());
        schema(json!({
            "type": "object",
            "properties": {
                "kind": g.subschema_for::<FindingKind>(),
                "status": status,
                "source": source,
            },
            "required": ["kind"],
            "additionalProperties": false,
        }))
    }
}

impl JsonSchema for ConservativeTrial {
    named!(ConservativeTrial, "ConservativeTrial");
    fn json_schema(g: &mut SchemaGenerator) -> Schema {
        schema(json!({
            "type": "object",
            "properties": {
                "therapy": g.subschema_for::<Therapy>(),
                "outcome": g.subschema_for::<TrialOutcome>(),
                "duration_days": {
                    "description": "How long the trial ran, in whole days.",
                    "type": "integer",
                    "minimum": 0,
                    "maximum": u32::MAX,
                },
            },
            "required": ["therapy", "outcome"],
            "additionalProperties": false,
        }))
    }
}

impl JsonSchema for LabResult {
    named!(LabResult, "LabResult");
    fn json_schema(g: &mut SchemaGenerator) -> Schema {
        schema(json!({
            "type": "object",
            "properties": {
                "test": g.subschema_for::<LabTest>(),
                "result": g.subschema_for::<LabOutcome>(),
            },
            "required": ["test", "result"],
            "additionalProperties": false,
        }))
    }
}

impl JsonSchema for Procedure {
    named!(Procedure, "Procedure");
    fn json_schema(g: &mut SchemaGenerator) -> Schema {
        schema(json!({
            "type": "object",
            "properties": {
                "cpt": g.subschema_for::<CptCode>(),
                "units": g.subschema_for::<Units>(),
                "studies": g.subschema_for::<Studies>(),
            },
            "required": ["cpt"],
            "dependentSchemas": {
                "studies": {
                    "description": "A study count is allowed only on an NCS code.",
                    "properties": { "cpt": { "pattern": ncs_input_pattern() } },
                },
            },
            "additionalProperties": false,
        }))
    }
}

/// One `(kind, status, source)` record as a pattern for `contains`: a field at its default
/// value may also be absent.
fn finding_record(kind: FindingKind, status: FindingStatus, source: FindingSource) -> Value {
    let mut required = vec!["kind"];
    if status != FindingStatus::default() {
        required.push("status");
    }
    if source != FindingSource::default() {
        required.push("source");
    }
    json!({
        "properties": {
            "kind": { "const": kind.as_str() },
            "status": { "const": status.as_str() },
            "source": { "const": source.as_str() },
        },
        "required": required,
    })
}

/// No kind recorded both present and absent from the same source (the crate's
/// conflicting-finding refusal), one clause per `(kind, source)`.
fn no_conflicting_findings() -> Value {
    let mut clauses = Vec::new();
    for &kind in FindingKind::ALL {
        for &source in FindingSource::ALL {
            clauses.push(json!({ "allOf": [
                { "contains": finding_record(kind, FindingStatus::Present, source) },
                { "contains": finding_record(kind, FindingStatus::Absent, source) },
            ]}));
        }
    }
    json!({
        "description": "No finding kind is recorded both present and absent from the same \
            source (a missing status is `present`, a missing source is `history`).",
        "not": { "anyOf": clauses },
    })
}

impl JsonSchema for Case {
    named!(Case, "Case");
    fn json_schema(g: &mut SchemaGenerator) -> Schema {
        // Kept under `$defs` so that `findings` itself stays readable.
        g.definitions_mut()
            .insert("NoConflictingFindings".into(), no_conflicting_findings());
        let findings = with(
            list(g.subschema_for::<Finding>()),
            "allOf",
            json!([{ "$ref": "#/$defs/NoConflictingFindings" }]),
        );
        schema(json!({
            "description": "One patient's documented picture for one electrodiagnostic order \
                (wire format v1). Every list holds at most 1,000 entries.",
            "type": "object",
            "properties": {
                "schema_version": {
                    "description": "The wire-format version; only 1 exists.",
                    "type": "integer",
                    "const": 1,
                },
                "diagnoses": with(list(g.subschema_for::<Diagnosis>()), "minItems", json!(1)),
                "findings": findings,
                "conservative_trials": list(g.subschema_for::<ConservativeTrial>()),
                "labs": list(g.subschema_for::<LabResult>()),
                "differential": list(g.subschema_for::<DifferentialCondition>()),
                "procedures": with(
                    list(g.subschema_for::<Procedure>()),
                    "description",
                    json!("The requested procedures, one entry per claim line: a line \
                        listed twice is two lines."),
                ),
                "needle_emg_exceptions": with(
                    list(g.subschema_for::<NeedleEmgException>()),
                    "description",
                    json!("Documented reasons why needle EMG is not done with the NCS; order \
                        and repetition do not matter."),
                ),
            },
            "required": ["diagnoses"],
            "additionalProperties": false,
        }))
    }
}

impl JsonSchema for Policy {
    named!(Policy, "Policy");
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        let d = Policy::default();
        schema(json!({
            "description": "A payer's reading of the record. Every field is optional and \
                defaults to the strict reading.",
            "type": "object",
            "properties": {
                "min_trial_days": {
                    "description": "A conservative trial shorter than this (or without a \
                        duration) does not count as completed; 0: any finished trial counts.",
                    "type": "integer",
                    "minimum": 0,
                    "maximum": u32::MAX,
                    "default": d.min_trial_days,
                },
                "require_differential": {
                    "description": "An indicated case needs a documented differential diagnosis.",
                    "type": "boolean",
                    "default": d.require_differential,
                },
                "accept_symptom_codes_with_support": {
                    "description": "Symptom-only coding is no pitfall when the record shows a \
                        neurological finding or task-specific cramps.",
                    "type": "boolean",
                    "default": d.accept_symptom_codes_with_support,
                },
                "require_needle_emg_with_ncs": {
                    "description": "Nerve conduction studies must come with needle EMG.",
                    "type": "boolean",
                    "default": d.require_needle_emg_with_ncs,
                },
            },
            "additionalProperties": false,
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn units_bounds_match_the_type() {
        assert!(Units::new(0).is_none() && Units::new(1).is_some());
        assert!(Units::new(99).is_some() && Units::new(100).is_none());
    }

    #[test]
    fn studies_bounds_match_the_type() {
        assert!(Studies::new(0).is_none() && Studies::new(1).is_some());
        assert!(Studies::new(99).is_some() && Studies::new(100).is_none());
    }
}
