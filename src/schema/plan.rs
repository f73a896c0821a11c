//! The schema of a [`Plan`], the path to coverage (docs/plan.md, JSON): one object per step
//! kind, each with its own fields, and every code a step can add, recode or drop drawn from
//! the tables the steps themselves use.

use schemars::{JsonSchema, Schema, SchemaGenerator};
use serde_json::{json, Map, Value};

use super::keywords::{named, schema, set, with};
use super::patterns::ncs_codes;
use crate::codes::cpt::{CptFamily, CPT_CODES, EMG_ADD_ON_CONFLICTS};
use crate::correction::ProcedureCorrection;
use crate::determination::RULESET;
use crate::model::finding::CANDIDATE_CODES;
use crate::model::DifferentialCondition;
use crate::outcome::{Coverage, DocumentationGap, Pitfall};
use crate::plan::candidates::{NEEDLE_EMG_WITH_NCS, POINT_OF_CARE, STANDALONE_EMG, STANDARD_NCS};
use crate::plan::{Actor, Plan, PlanStep, Problems, StepKind};
use crate::set::Member;

impl JsonSchema for Problems {
    named!(Problems, "Problems");
    fn json_schema(g: &mut SchemaGenerator) -> Schema {
        schema(json!({
            "description": "Documentation gaps and pitfalls, each a set in declaration order.",
            "type": "object",
            "properties": {
                "documentation_gaps": set(g.subschema_for::<DocumentationGap>()),
                "pitfalls": set(g.subschema_for::<Pitfall>()),
            },
            "required": ["documentation_gaps", "pitfalls"],
            "additionalProperties": false,
        }))
    }
}

impl JsonSchema for PlanStep {
    named!(PlanStep, "PlanStep");
    fn json_schema(g: &mut SchemaGenerator) -> Schema {
        let kinds: Vec<Value> = StepKind::ALL.iter().map(|&k| step_kind(g, k)).collect();
        schema(json!({
            "description": "One change to the record, the order or the claim: `step`, `actor`, \
                `conditional`, the fields of its kind, `clears` (the gaps first, then the \
                pitfalls) and `without` (the outlook of the plan without this step).",
            "type": "object",
            "properties": {
                "step": g.subschema_for::<StepKind>(),
                "actor": g.subschema_for::<Actor>(),
                "conditional": { "type": "boolean" },
            },
            "required": ["step", "actor", "conditional", "clears", "without"],
            "oneOf": kinds,
        }))
    }
}

impl JsonSchema for Plan {
    named!(Plan, "Plan");
    fn json_schema(g: &mut SchemaGenerator) -> Schema {
        let coverage = g.subschema_for::<Coverage>();
        let steps = json!({ "type": "array", "items": g.subschema_for::<PlanStep>() });
        schema(json!({
            "description": "The path to coverage of one case under one policy: the outlook as \
                it is, the best outlook some honest set of steps reaches, the steps in candidate \
                order (none when the target is `likely_denied` or nothing needs changing) and \
                the gaps and pitfalls left after them.",
            "type": "object",
            "properties": {
                "ruleset": { "const": RULESET },
                "from": coverage,
                "target": coverage,
                "steps": steps,
                "remaining": g.subschema_for::<Problems>(),
            },
            "required": ["ruleset", "from", "target", "steps", "remaining"],
            "additionalProperties": false,
        }))
    }
}

/// The object of one step kind: the common fields with this kind's constants, then its own.
fn step_kind(g: &mut SchemaGenerator, kind: StepKind) -> Value {
    let cleared = json!({ "anyOf": [
        g.subschema_for::<DocumentationGap>(),
        g.subschema_for::<Pitfall>(),
    ]});
    let mut properties = Map::new();
    properties.insert("step".into(), json!({ "const": kind.as_str() }));
    properties.insert("actor".into(), json!({ "const": kind.actor().as_str() }));
    let conditional = kind == StepKind::ConservativeTrial;
    properties.insert("conditional".into(), json!({ "const": conditional }));
    for (name, field) in fields(g, kind) {
        properties.insert(name.into(), field);
    }
    properties.insert("clears".into(), set(schema(cleared)));
    properties.insert("without".into(), g.subschema_for::<Coverage>().into());
    let required: Vec<String> = properties.keys().cloned().collect();
    json!({
        "title": kind.as_str(),
        "description": kind.description(),
        "type": "object",
        "properties": properties,
        "required": required,
        "additionalProperties": false,
    })
}

/// The fields of one step kind (docs/plan.md, the table of fields per step).
fn fields(g: &mut SchemaGenerator, kind: StepKind) -> Vec<(&'static str, Value)> {
    match kind {
        StepKind::AddFindingCodes => {
            let codes: Vec<&str> = CANDIDATE_CODES.iter().map(|(_, c)| c.as_str()).collect();
            let code = schema(json!({ "type": "string", "enum": codes }));
            vec![("codes", non_empty(code))]
        }
        StepKind::DocumentExam => Vec::new(),
        StepKind::ConservativeTrial => vec![(
            "min_days",
            json!({
                "description": "The policy's minimum trial length in days; null when it sets none.",
                "type": ["integer", "null"],
                "minimum": 1,
                "maximum": u32::MAX,
            }),
        )],
        StepKind::DocumentDifferential => {
            let condition = g.subschema_for::<DifferentialCondition>();
            vec![("differential", non_empty(condition))]
        }
        StepKind::CodeNcsByStudyCount => {
            let correction = g.subschema_for::<ProcedureCorrection>();
            vec![("corrections", non_empty(correction))]
        }
        StepKind::ReportNcsOnce => {
            let line = json!({
                "description": "The one NCS line; `studies` only when every NCS line had a count.",
                "type": "object",
                "properties": {
                    "cpt": { "type": "string", "enum": ncs_codes() },
                    "studies": { "type": "integer", "minimum": 1, "maximum": 99 },
                },
                "required": ["cpt"],
                "additionalProperties": false,
            });
            vec![("line", line)]
        }
        StepKind::RemoveConflictingEmgCodes => {
            vec![("removed", non_empty(codes(&conflicting_codes())))]
        }
        StepKind::ReplacePointOfCareNcs => vec![("added", code_or_null(STANDARD_NCS.value()))],
        StepKind::UseStandaloneEmgCodes => {
            let add_ons: Vec<u32> = CPT_CODES
                .iter()
                .filter(|(_, family)| *family == CptFamily::NeedleEmgAddOn)
                .map(|(c, _)| *c)
                .collect();
            vec![
                ("removed", non_empty(codes(&add_ons))),
                ("added", code_or_null(STANDALONE_EMG.value())),
            ]
        }
        StepKind::AddNeedleEmg => {
            vec![(
                "added",
                json!({ "const": cpt(NEEDLE_EMG_WITH_NCS.value()) }),
            )]
        }
    }
}

/// The codes a conflicting-codes step can drop: every code some add-on code is not reported
/// with, except the point-of-care code (its own step replaces it), ascending.
fn conflicting_codes() -> Vec<u32> {
    let mut all: Vec<u32> = EMG_ADD_ON_CONFLICTS
        .iter()
        .flat_map(|(_, others)| others.iter().copied())
        .filter(|&c| c != POINT_OF_CARE)
        .collect();
    all.sort_unstable();
    all.dedup();
    all
}

fn cpt(code: u32) -> String {
    format!("{code:05}")
}

/// A string, one of `codes` written as the crate writes CPT codes.
fn codes(codes: &[u32]) -> Schema {
    let names: Vec<String> = codes.iter().map(|&c| cpt(c)).collect();
    schema(json!({ "type": "string", "enum": names }))
}

/// One code, or `null` when the step did not add it.
fn code_or_null(code: u32) -> Value {
    json!({ "enum": [cpt(code), null] })
}

/// A non-empty set of `items`, in the order the step lists them.
fn non_empty(items: Schema) -> Value {
    with(set(items), "minItems", json!(1))
}
