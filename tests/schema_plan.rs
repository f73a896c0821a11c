//! The committed plan schema (`schema/plan.schema.json`) against docs/plan.md's JSON, the
//! vignettes' `expect_plan` and the plans the crate writes.
//!
//! Run with `cargo test --features schema,json --test schema_plan` (the generated-case property
//! also needs `proptest`: `cargo test --all-features --test schema_plan`).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]
#![cfg(all(feature = "schema", feature = "json"))]

mod common;

use std::path::Path;
use std::sync::OnceLock;

use edx_coverage::{json::plan_str, plan, Case, Member, Policy, StepKind, RULESET};
use jsonschema::Validator;
use serde_json::{json, Value};

/// The committed schema, compiled once.
fn validator() -> &'static Validator {
    static V: OnceLock<Validator> = OnceLock::new();
    V.get_or_init(|| {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("schema/plan.schema.json");
        let text = std::fs::read_to_string(&path).unwrap();
        let schema: Value = serde_json::from_str(&text).unwrap();
        assert!(jsonschema::meta::is_valid(&schema), "not a valid schema");
        jsonschema::draft202012::new(&schema).unwrap()
    })
}

fn errors(v: &Validator, instance: &Value) -> Vec<String> {
    v.iter_errors(instance)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}

/// docs/plan.md's JSON example, with its two coder steps.
fn documented_plan() -> Value {
    json!({
        "ruleset": RULESET,
        "from": "at_risk",
        "target": "likely_covered",
        "steps": [
            { "step": "report_ncs_once", "actor": "coder", "conditional": false,
              "line": { "cpt": "95909", "studies": 6 },
              "clears": ["ncs_reported_more_than_once"], "without": "at_risk" },
            { "step": "remove_conflicting_emg_codes", "actor": "coder", "conditional": false,
              "removed": ["95864"], "clears": ["conflicting_emg_codes"], "without": "at_risk" }
        ],
        "remaining": { "documentation_gaps": [], "pitfalls": [] }
    })
}

/// One step of every kind, with the fields docs/plan.md's table gives it.
fn one_step_of_each_kind() -> Vec<Value> {
    let step = |kind: &str, actor: &str, fields: Value| {
        let mut s = json!({
            "step": kind, "actor": actor, "conditional": kind == "conservative_trial",
            "clears": ["symptom_only_coding"], "without": "at_risk",
        });
        for (k, v) in fields.as_object().unwrap() {
            s[k] = v.clone();
        }
        s
    };
    vec![
        step(
            "add_finding_codes",
            "coder",
            json!({ "codes": ["R25.3", "M62.81"] }),
        ),
        step("document_exam", "clinician", json!({})),
        step("conservative_trial", "clinician", json!({ "min_days": 28 })),
        step(
            "conservative_trial",
            "clinician",
            json!({ "min_days": null }),
        ),
        step(
            "document_differential",
            "clinician",
            json!({ "differential": ["motor_neuron_disease", "neuropathy"] }),
        ),
        step(
            "code_ncs_by_study_count",
            "coder",
            json!({ "corrections": [{ "cpt": "95911", "replacement": "95910" }] }),
        ),
        step(
            "report_ncs_once",
            "coder",
            json!({ "line": { "cpt": "95909" } }),
        ),
        step(
            "remove_conflicting_emg_codes",
            "coder",
            json!({ "removed": ["95861", "95870"] }),
        ),
        step(
            "replace_point_of_care_ncs",
            "clinician",
            json!({ "added": "95907" }),
        ),
        step(
            "replace_point_of_care_ncs",
            "clinician",
            json!({ "added": null }),
        ),
        step(
            "use_standalone_emg_codes",
            "coder",
            json!({ "removed": ["95885", "95887"], "added": "95870" }),
        ),
        step(
            "use_standalone_emg_codes",
            "coder",
            json!({ "removed": ["95886"], "added": null }),
        ),
        step("add_needle_emg", "clinician", json!({ "added": "95886" })),
    ]
}

fn with_steps(steps: Vec<Value>) -> Value {
    let mut p = documented_plan();
    p["steps"] = Value::Array(steps);
    p
}

#[test]
fn the_documented_plan_and_every_step_kind_validate() {
    let v = validator();
    assert_eq!(errors(v, &documented_plan()), Vec::<String>::new());
    let steps = one_step_of_each_kind();
    let mut kinds: Vec<&str> = steps.iter().map(|s| s["step"].as_str().unwrap()).collect();
    kinds.dedup();
    let all: Vec<&str> = StepKind::ALL.iter().map(|k| k.as_str()).collect();
    assert_eq!(kinds, all, "one example per kind, in candidate order");
    for s in steps {
        assert_eq!(
            errors(v, &with_steps(vec![s.clone()])),
            Vec::<String>::new(),
            "{s}"
        );
    }
}

#[test]
fn every_vignettes_expected_plan_validates_and_so_does_the_plan_written() {
    let v = validator();
    let mut seen = 0;
    for (name, doc) in common::vignettes() {
        let Some(expected) = doc.get("expect_plan") else {
            continue;
        };
        seen += 1;
        let mut expected = expected.clone();
        expected["ruleset"] = json!(RULESET);
        assert_eq!(
            errors(v, &expected),
            Vec::<String>::new(),
            "{name}: expect_plan"
        );

        let case_text = doc["case"].to_string();
        let policy_text = doc.get("policy").map(Value::to_string);
        let written = plan_str(&case_text, policy_text.as_deref()).unwrap();
        let written: Value = serde_json::from_str(&written).unwrap();
        assert_eq!(
            errors(v, &written),
            Vec::<String>::new(),
            "{name}: plan_str"
        );
    }
    assert!(seen > 0, "no vignette carries expect_plan");
}

/// One way to break a valid plan.
type Break = Box<dyn Fn(&mut Value)>;

#[test]
fn the_schema_refuses_a_wrong_plan() {
    let v = validator();
    let wrong: Vec<(&str, Break)> = vec![
        (
            "unknown top-level field",
            Box::new(|p| p["note"] = json!("x")),
        ),
        (
            "no ruleset",
            Box::new(|p| drop(p.as_object_mut().unwrap().remove("ruleset"))),
        ),
        (
            "another ruleset",
            Box::new(|p| p["ruleset"] = json!("edx-coverage/1")),
        ),
        (
            "unknown outlook",
            Box::new(|p| p["target"] = json!("covered")),
        ),
        (
            "no remaining",
            Box::new(|p| drop(p.as_object_mut().unwrap().remove("remaining"))),
        ),
        (
            "remaining without pitfalls",
            Box::new(|p| p["remaining"] = json!({ "documentation_gaps": [] })),
        ),
        (
            "unknown remaining field",
            Box::new(|p| p["remaining"]["red_flags"] = json!([])),
        ),
        (
            "unknown gap",
            Box::new(|p| p["remaining"]["documentation_gaps"] = json!(["exam"])),
        ),
        (
            "unknown step kind",
            Box::new(|p| p["steps"][0]["step"] = json!("fix_everything")),
        ),
        (
            "unknown step field",
            Box::new(|p| p["steps"][0]["note"] = json!("x")),
        ),
        (
            "wrong actor for the kind",
            Box::new(|p| p["steps"][0]["actor"] = json!("clinician")),
        ),
        (
            "unknown actor",
            Box::new(|p| p["steps"][0]["actor"] = json!("payer")),
        ),
        (
            "conditional on a change",
            Box::new(|p| p["steps"][0]["conditional"] = json!(true)),
        ),
        (
            "no conditional",
            Box::new(|p| drop(p["steps"][0].as_object_mut().unwrap().remove("conditional"))),
        ),
        (
            "no clears",
            Box::new(|p| drop(p["steps"][0].as_object_mut().unwrap().remove("clears"))),
        ),
        (
            "no without",
            Box::new(|p| drop(p["steps"][0].as_object_mut().unwrap().remove("without"))),
        ),
        (
            "cleared twice",
            Box::new(|p| {
                p["steps"][0]["clears"] = json!(["conflicting_emg_codes", "conflicting_emg_codes"])
            }),
        ),
        (
            "clears an unknown problem",
            Box::new(|p| p["steps"][0]["clears"] = json!(["premature"])),
        ),
        (
            "a kind without its field",
            Box::new(|p| drop(p["steps"][0].as_object_mut().unwrap().remove("line"))),
        ),
        (
            "another kind's field",
            Box::new(|p| p["steps"][0]["removed"] = json!(["95864"])),
        ),
        (
            "a line that is not NCS",
            Box::new(|p| p["steps"][0]["line"]["cpt"] = json!("95886")),
        ),
        (
            "a line with zero studies",
            Box::new(|p| p["steps"][0]["line"]["studies"] = json!(0)),
        ),
        (
            "a line with units",
            Box::new(|p| p["steps"][0]["line"]["units"] = json!(1)),
        ),
        (
            "nothing removed",
            Box::new(|p| p["steps"][1]["removed"] = json!([])),
        ),
        (
            "the point-of-care code removed",
            Box::new(|p| p["steps"][1]["removed"] = json!(["95905"])),
        ),
        (
            "a code not as the crate writes it",
            Box::new(|p| p["steps"][1]["removed"] = json!([" 95864"])),
        ),
        ("steps not a list", Box::new(|p| p["steps"] = json!({}))),
    ];
    for (what, break_it) in wrong {
        let mut p = documented_plan();
        break_it(&mut p);
        assert!(!v.is_valid(&p), "accepted: {what}: {p}");
    }
    let wrong_steps = [
        json!({ "step": "document_exam", "actor": "clinician", "conditional": false,
                "codes": ["R25.2"], "clears": [], "without": "at_risk" }),
        json!({ "step": "conservative_trial", "actor": "clinician", "conditional": false,
                "min_days": 28, "clears": [], "without": "at_risk" }),
        json!({ "step": "conservative_trial", "actor": "clinician", "conditional": true,
                "min_days": 0, "clears": [], "without": "at_risk" }),
        json!({ "step": "add_finding_codes", "actor": "coder", "conditional": false,
                "codes": ["R25.3", "R25.3"], "clears": [], "without": "at_risk" }),
        json!({ "step": "add_finding_codes", "actor": "coder", "conditional": false,
                "codes": ["G62.9"], "clears": [], "without": "at_risk" }),
        json!({ "step": "add_needle_emg", "actor": "clinician", "conditional": false,
                "added": "95885", "clears": [], "without": "at_risk" }),
        json!({ "step": "replace_point_of_care_ncs", "actor": "clinician", "conditional": false,
                "added": "95908", "clears": [], "without": "at_risk" }),
        json!({ "step": "use_standalone_emg_codes", "actor": "coder", "conditional": false,
                "removed": ["95870"], "added": null, "clears": [], "without": "at_risk" }),
        json!({ "step": "document_differential", "actor": "clinician", "conditional": false,
                "differential": ["gout"], "clears": [], "without": "at_risk" }),
    ];
    for s in wrong_steps {
        assert!(!v.is_valid(&with_steps(vec![s.clone()])), "accepted: {s}");
    }
}

#[test]
fn plans_of_the_bundled_example_cases_validate() {
    let v = validator();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/cases");
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| !p.to_string_lossy().ends_with(".policy.json"))
        .collect();
    paths.sort();
    for path in paths {
        let case: Case = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let written = serde_json::to_value(plan(&case, &Policy::default())).unwrap();
        assert_eq!(
            errors(v, &written),
            Vec::<String>::new(),
            "{}",
            path.display()
        );
    }
}

#[cfg(feature = "proptest")]
mod generated {
    use edx_coverage::strategies::{case, policy};
    use proptest::prelude::*;

    use super::*;

    proptest! {
        #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

        #[test]
        fn every_generated_plan_validates(case in case(), policy in policy()) {
            let v = validator();
            let written = serde_json::to_value(plan(&case, &policy)).unwrap();
            prop_assert_eq!(errors(v, &written), Vec::<String>::new(), "{}", written);
        }
    }
}
