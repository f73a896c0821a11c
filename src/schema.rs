//! JSON Schemas (draft 2020-12) of the wire format, generated from the crate's own types
//! (feature `schema`).
//!
//! [`Case`], [`Policy`] and [`Determination`] implement [`schemars::JsonSchema`] by hand,
//! because their serde impls are hand-written too. Every enum value list comes from the
//! crate's vocabularies ([`Member::ALL`] and `as_str`) and its code tables
//! ([`codes::CPT_CODES`](crate::codes::CPT_CODES),
//! [`codes::CANDIDATE_CODES`](crate::codes::CANDIDATE_CODES)), so a schema cannot drift from
//! what the crate reads and writes. The repository commits the output as
//! `schema/{case,policy,determination}.schema.json`; a test fails when they differ from what
//! this module generates (`cargo run --example gen-schema --features schema` rewrites them).
//!
//! ```
//! let case = edx_coverage::schema::case();
//! assert_eq!(case.get("title").and_then(|t| t.as_str()), Some("Case"));
//! ```
//!
//! # What the case schema cannot express
//! It refuses everything the crate refuses that JSON Schema can see: unknown fields
//! (`additionalProperties: false` everywhere), unknown names, codes outside the ICD-10-CM shape
//! or the CPT table, negative or fractional durations, units or studies outside 1–99, a
//! study count on a code that is not an NCS code (`dependentSchemas`), an empty or
//! non-object diagnosis list, `schema_version` other than 1, lists over
//! [`MAX_ENTRIES`], and one finding recorded both present and absent from the same source.
//! Three refusals stay with the crate:
//! - **duplicate keys** in one object (`{"kind": "a", "kind": "b"}`): a JSON parser keeps one
//!   before a validator sees the document;
//! - **how a number is written**: JSON Schema's `integer` is a value test, so `1.0`, `1e0` and
//!   `-0` pass it; the crate wants a whole number written without fraction or exponent;
//! - **nesting deeper than 32 levels**: unreachable for a document that passes the schema.

use std::borrow::Cow;

use schemars::generate::SchemaSettings;
use schemars::{JsonSchema, Schema, SchemaGenerator};
use serde_json::{json, Value};

use crate::citation::{Source, REFERENCES};
use crate::code_set::DiagnosisCodeIssue;
use crate::codes::{CANDIDATE_CODES, CPT_CODES};
use crate::correction::ProcedureCorrection;
use crate::determination::{Determination, SuggestedCode, RULESET};
use crate::error::MAX_ENTRIES;
use crate::model::{
    Case, ConservativeTrial, CptCode, Diagnosis, DifferentialCondition, Finding, FindingKind,
    FindingSource, FindingStatus, IcdCode, LabOutcome, LabResult, LabTest, NeedleEmgException,
    Procedure, Studies, Therapy, TrialOutcome, Units,
};
use crate::outcome::{
    Coverage, DocumentationGap, Indication, Pitfall, Recommendation, SuspectedCondition,
};
use crate::policy::Policy;
use crate::reason::{Reason, RuleId};
use crate::set::Member;

/// The schema of a [`Case`], the evaluator's input.
#[must_use]
pub fn case() -> Schema {
    root::<Case>()
}

/// The schema of a [`Policy`], the optional second input.
#[must_use]
pub fn policy() -> Schema {
    root::<Policy>()
}

/// The schema of a [`Determination`], the output.
#[must_use]
pub fn determination() -> Schema {
    root::<Determination>()
}

/// The committed schema files: each file name (under `schema/`) and its content, pretty
/// JSON ending in a newline. Deterministic: the same build always renders the same bytes.
#[must_use]
pub fn files() -> [(&'static str, String); 3] {
    [
        ("case.schema.json", render(&case())),
        ("policy.schema.json", render(&policy())),
        ("determination.schema.json", render(&determination())),
    ]
}

fn root<T: JsonSchema>() -> Schema {
    SchemaSettings::draft2020_12()
        .into_generator()
        .into_root_schema_for::<T>()
}

fn render(schema: &Schema) -> String {
    // Serialising a `Schema` (a JSON value) into a string cannot fail.
    let mut text = serde_json::to_string_pretty(schema).unwrap_or_default();
    text.push('\n');
    text
}

/// A schema from a `json!` object literal.
fn schema(value: Value) -> Schema {
    match value {
        Value::Object(map) => Schema::from(map),
        // Every caller passes an object literal.
        _ => Schema::default(),
    }
}

/// The schema of a vocabulary enum: a string, one of its wire names in declaration order.
pub(crate) fn vocabulary<T: Member>(what: &str, name: fn(T) -> &'static str) -> Schema {
    let values: Vec<&str> = T::ALL.iter().map(|v| name(*v)).collect();
    schema(json!({
        "description": format!("One {what} value, by its wire name."),
        "type": "string",
        "enum": values,
    }))
}

/// `value` (an object) with one more keyword.
fn with(mut value: Value, key: &str, keyword: Value) -> Value {
    if let Some(map) = value.as_object_mut() {
        map.insert(key.to_owned(), keyword);
    }
    value
}

/// An array of at most [`MAX_ENTRIES`] `items`.
fn list(items: Schema) -> Value {
    json!({ "type": "array", "items": items, "maxItems": MAX_ENTRIES })
}

/// An output set: each value at most once.
fn set(items: Schema) -> Value {
    json!({ "type": "array", "items": items, "uniqueItems": true })
}

/// A regex character class of the characters `str::trim` removes (Unicode `White_Space`),
/// derived from `char::is_whitespace` so it matches the crate by construction.
fn white_space_class() -> String {
    let mut class = String::from("[");
    let mut run: Option<(u32, u32)> = None;
    let flush = |class: &mut String, (lo, hi): (u32, u32)| {
        class.push_str(&format!("\\u{lo:04x}"));
        if hi > lo {
            class.push_str(&format!("-\\u{hi:04x}"));
        }
    };
    for c in (0..=0xFFFF_u32).filter_map(char::from_u32) {
        let n = u32::from(c);
        match (c.is_whitespace(), run) {
            (true, Some((lo, hi))) if hi + 1 == n => run = Some((lo, n)),
            (true, prev) => {
                if let Some(r) = prev {
                    flush(&mut class, r);
                }
                run = Some((n, n));
            }
            (false, _) => {}
        }
    }
    if let Some(r) = run {
        flush(&mut class, r);
    }
    class.push(']');
    class
}

/// What [`IcdCode::parse`] accepts: surrounding white space, `.` anywhere, ASCII letters in
/// either case, then a letter, a digit, a digit or letter, and up to four digits or letters.
fn icd_input_pattern() -> String {
    let ws = white_space_class();
    format!(r"^{ws}*\.*[A-Za-z]\.*[0-9]\.*[0-9A-Za-z](\.*[0-9A-Za-z]){{0,4}}\.*{ws}*$")
}

/// What [`CptCode::parse`] accepts: a code of the table, with surrounding white space.
fn cpt_input_pattern() -> String {
    let ws = white_space_class();
    let codes: Vec<String> = CPT_CODES.iter().map(|(c, _)| format!("{c:05}")).collect();
    format!("^{ws}*({}){ws}*$", codes.join("|"))
}

/// The NCS codes (95907–95913) as the crate writes them.
fn ncs_codes() -> Vec<String> {
    CPT_CODES
        .iter()
        .filter(|(_, family)| *family == crate::model::CptFamily::Ncs)
        .map(|(c, _)| format!("{c:05}"))
        .collect()
}

/// What [`CptCode::parse`] accepts that is an NCS code, white space included.
fn ncs_input_pattern() -> String {
    let ws = white_space_class();
    format!("^{ws}*({}){ws}*$", ncs_codes().join("|"))
}

macro_rules! named {
    ($ty:ty, $name:literal) => {
        fn schema_name() -> Cow<'static, str> {
            $name.into()
        }
        fn schema_id() -> Cow<'static, str> {
            concat!("edx_coverage::", $name).into()
        }
    };
}

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
                Every list is a set in the specification's declaration order.",
            "type": "object",
            "properties": properties,
            "required": required,
            "additionalProperties": false,
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn property_names(schema: &Schema) -> Vec<String> {
        schema
            .get("properties")
            .and_then(Value::as_object)
            .map(|m| m.keys().cloned().collect())
            .unwrap()
    }

    #[test]
    fn top_level_fields_are_the_wire_fields() {
        let mut want: Vec<String> = crate::wire::CASE_FIELDS
            .iter()
            .map(|s| s.to_string())
            .collect();
        want.sort();
        assert_eq!(property_names(&case()), want);
        let mut want: Vec<String> = crate::wire::POLICY_FIELDS
            .iter()
            .map(|s| s.to_string())
            .collect();
        want.sort();
        assert_eq!(property_names(&policy()), want);
    }

    #[test]
    fn white_space_class_is_rusts() {
        let class = white_space_class();
        assert!(
            class.starts_with("[\\u0009-\\u000d\\u0020\\u0085\\u00a0"),
            "{class}"
        );
        // The class is built from the Basic Multilingual Plane: nothing beyond it is white.
        assert!(!(0x1_0000..=0x10_FFFF_u32)
            .filter_map(char::from_u32)
            .any(char::is_whitespace));
    }

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

    #[test]
    fn ncs_codes_are_the_seven_tiers() {
        let want: Vec<String> = (1..=13)
            .step_by(2)
            .filter_map(CptCode::ncs_for_studies)
            .map(|c| c.to_string())
            .collect();
        assert_eq!(ncs_codes(), want);
    }

    #[test]
    fn rendering_is_deterministic() {
        assert_eq!(files(), files());
    }
}
