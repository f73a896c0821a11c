//! The schemas of the output: a [`Determination`] and the records it lists.

use schemars::{JsonSchema, Schema, SchemaGenerator};
use serde_json::json;

use super::keywords::{named, schema, set, with};
use super::patterns::ncs_codes;
use crate::citation::{Source, REFERENCES};
use crate::code_set::DiagnosisCodeIssue;
use crate::correction::ProcedureCorrection;
use crate::determination::{Determination, SuggestedCode, RULESET};
use crate::model::finding::CANDIDATE_CODES;
use crate::model::{FindingKind, LabTest};
use crate::outcome::{
    Coverage, DocumentationGap, Indication, Pitfall, Recommendation, SuspectedCondition,
};
use crate::reason::{Reason, RuleId};

impl JsonSchema for SuggestedCode {
    named!(SuggestedCode, "SuggestedCode");
    fn json_schema(g: &mut SchemaGenerator) -> Schema {
        let codes: Vec<&str> = CANDIDATE_CODES.iter().map(|(_, c)| c.as_str()).collect();
        schema(json!({
            "description": "A candidate ICD-10-CM code for a documented finding; a coder \
                confirms it against the record.",
            "type": "object",
            "properties": {
                "code": { "type": "string", "enum": codes },
                "finding": g.subschema_for::<FindingKind>(),
            },
            "required": ["code", "finding"],
            "additionalProperties": false,
        }))
    }
}

impl JsonSchema for ProcedureCorrection {
    named!(ProcedureCorrection, "ProcedureCorrection");
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        let ncs = ncs_codes();
        schema(json!({
            "description": "An NCS line whose code does not match its documented study count: \
                the requested code and the code for the count.",
            "type": "object",
            "properties": {
                "cpt": { "type": "string", "enum": ncs },
                "replacement": { "type": "string", "enum": ncs },
            },
            "required": ["cpt", "replacement"],
            "additionalProperties": false,
        }))
    }
}

impl JsonSchema for DiagnosisCodeIssue {
    named!(DiagnosisCodeIssue, "DiagnosisCodeIssue");
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        let code = "^[A-Z][0-9][0-9A-Z](\\.[0-9A-Z]{1,4})?$";
        let status = json!({ "type": "string", "enum": ["header", "unknown"] });
        schema(json!({
            "description": "A diagnosis code that is not billable in the FY2026 ICD-10-CM code \
                set: a header (category or subcategory) or a code not in it (ruleset 4).",
            "type": "object",
            "properties": { "code": { "type": "string", "pattern": code }, "status": status },
            "required": ["code", "status"],
            "additionalProperties": false,
        }))
    }
}

impl JsonSchema for Reason {
    named!(Reason, "Reason");
    fn json_schema(g: &mut SchemaGenerator) -> Schema {
        let numbers = REFERENCES.iter().map(|r| r.number);
        let (lo, hi) = (numbers.clone().min(), numbers.max());
        schema(json!({
            "description": "A rule that fired, with the article's reference numbers behind it \
                and, for procedure rules only, other sources.",
            "type": "object",
            "properties": {
                "rule": g.subschema_for::<RuleId>(),
                "citations": set(schema(json!({ "type": "integer", "minimum": lo, "maximum": hi }))),
                "sources": set(g.subschema_for::<Source>()),
            },
            "required": ["rule", "citations"],
            "additionalProperties": false,
        }))
    }
}

impl JsonSchema for Determination {
    named!(Determination, "Determination");
    fn json_schema(g: &mut SchemaGenerator) -> Schema {
        let reasons = with(set(g.subschema_for::<Reason>()), "minItems", json!(1));
        let properties = json!({
            "ruleset": { "const": RULESET },
            "indication": g.subschema_for::<Indication>(),
            "coverage": g.subschema_for::<Coverage>(),
            "red_flags": set(g.subschema_for::<FindingKind>()),
            "suspected_conditions": set(g.subschema_for::<SuspectedCondition>()),
            "documentation_gaps": set(g.subschema_for::<DocumentationGap>()),
            "pitfalls": set(g.subschema_for::<Pitfall>()),
            "recommendations": set(g.subschema_for::<Recommendation>()),
            "recommended_labs": set(g.subschema_for::<LabTest>()),
            "suggested_codes": set(g.subschema_for::<SuggestedCode>()),
            "procedure_corrections": set(g.subschema_for::<ProcedureCorrection>()),
            "diagnosis_code_issues": set(g.subschema_for::<DiagnosisCodeIssue>()),
            "reasons": reasons,
        });
        let required: Vec<&String> = properties
            .as_object()
            .map_or(Vec::new(), |m| m.keys().collect());
        schema(json!({
            "description": "What the evaluator concludes about one case under one policy. \
                Every list is a set in declaration order.",
            "type": "object",
            "properties": properties,
            "required": required,
            "additionalProperties": false,
        }))
    }
}
