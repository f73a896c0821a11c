//! The committed JSON Schemas (`schema/*.schema.json`) against the types and the crate.
//!
//! Run with `cargo test --features schema`. After a change to a vocabulary, a code table or
//! the wire format, `cargo run --example gen-schema --features schema` rewrites the files.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]
#![cfg(feature = "schema")]

mod common;

use std::path::Path;

use edx_coverage::{evaluate, Case, CptCode, IcdCode, Policy};
use jsonschema::Validator;
use serde_json::{json, Value};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn read_json(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn validator(name: &str) -> Validator {
    let schema = read_json(&root().join("schema").join(name));
    jsonschema::draft202012::new(&schema).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn errors(v: &Validator, instance: &Value) -> Vec<String> {
    v.iter_errors(instance)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}

#[test]
fn committed_schemas_are_what_the_types_generate() {
    for (name, generated) in edx_coverage::schema::files() {
        let path = root().join("schema").join(name);
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            committed == generated,
            "{} differs from what the types generate: run \
             `cargo run --example gen-schema --features schema` and commit the result",
            path.display()
        );
    }
}

#[test]
fn schemas_are_valid_draft_2020_12() {
    for name in [
        "case.schema.json",
        "policy.schema.json",
        "determination.schema.json",
        "plan.schema.json",
    ] {
        let schema = read_json(&root().join("schema").join(name));
        assert!(
            jsonschema::meta::is_valid(&schema),
            "{name} is not a valid schema"
        );
    }
}

#[test]
fn every_vignette_validates_and_so_does_its_determination() {
    let case_schema = validator("case.schema.json");
    let policy_schema = validator("policy.schema.json");
    let det_schema = validator("determination.schema.json");
    for (name, doc) in common::vignettes() {
        let case_json = &doc["case"];
        assert_eq!(
            errors(&case_schema, case_json),
            Vec::<String>::new(),
            "{name}: case"
        );
        let case: Case = serde_json::from_value(case_json.clone()).unwrap();
        let policy: Policy = match doc.get("policy") {
            Some(p) => {
                assert_eq!(
                    errors(&policy_schema, p),
                    Vec::<String>::new(),
                    "{name}: policy"
                );
                serde_json::from_value(p.clone()).unwrap()
            }
            None => Policy::default(),
        };
        let out = serde_json::to_value(evaluate(&case, &policy)).unwrap();
        assert_eq!(
            errors(&det_schema, &out),
            Vec::<String>::new(),
            "{name}: output"
        );
        // What the crate writes for a case, it reads back; the schema agrees.
        let written = serde_json::to_value(&case).unwrap();
        assert_eq!(
            errors(&case_schema, &written),
            Vec::<String>::new(),
            "{name}: case out"
        );
        let written = serde_json::to_value(policy).unwrap();
        assert_eq!(
            errors(&policy_schema, &written),
            Vec::<String>::new(),
            "{name}: policy out"
        );
    }
}

#[test]
fn bundled_example_cases_validate() {
    let case_schema = validator("case.schema.json");
    let policy_schema = validator("policy.schema.json");
    for entry in std::fs::read_dir(root().join("examples/cases")).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let doc = read_json(&path);
        let schema = if name.ends_with(".policy.json") {
            &policy_schema
        } else {
            &case_schema
        };
        assert_eq!(errors(schema, &doc), Vec::<String>::new(), "{name}");
    }
}

/// A case that is valid everywhere, to break one field at a time.
fn full_case() -> Value {
    json!({
        "schema_version": 1,
        "diagnoses": [{ "code": "R25.2" }, { "code": " r253 " }, { "code": "g62.9" }],
        "findings": [
            { "kind": "fasciculations", "status": "present", "source": "exam" },
            { "kind": "fasciculations", "status": "absent", "source": "history" },
            { "kind": "muscle_weakness", "status": "absent", "source": "exam" },
            { "kind": "nocturnal_cramps" }
        ],
        "conservative_trials": [
            { "therapy": "stretching", "outcome": "unchanged", "duration_days": 42 },
            { "therapy": "hydration", "outcome": "ongoing", "duration_days": 0 },
            { "therapy": "other", "outcome": "improved" }
        ],
        "labs": [{ "test": "magnesium", "result": "normal" }],
        "differential": ["neuropathy", "motor_neuron_disease", "neuropathy"],
        "procedures": [
            { "cpt": "95886", "units": 99 },
            { "cpt": " 95909", "studies": 7 },
            { "cpt": "95913", "studies": 99 },
            { "cpt": "95905", "units": 1 }
        ],
        "needle_emg_exceptions": ["lymphedema", "follow_up_study", "lymphedema"]
    })
}

/// The crate's verdict and the schema's on one case document.
fn both(case_schema: &Validator, doc: &Value) -> (bool, bool) {
    let crate_ok = serde_json::from_value::<Case>(doc.clone()).is_ok();
    (crate_ok, case_schema.is_valid(doc))
}

#[test]
fn the_full_case_is_accepted_by_both() {
    let v = validator("case.schema.json");
    assert_eq!(
        both(&v, &full_case()),
        (true, true),
        "{:?}",
        errors(&v, &full_case())
    );
    assert_eq!(
        both(&v, &json!({ "diagnoses": [{ "code": "R25.2" }] })),
        (true, true)
    );
}

#[test]
fn the_schema_refuses_what_the_crate_refuses() {
    let v = validator("case.schema.json");
    let many = |item: Value| Value::Array(vec![item; 1001]);
    let dx = json!([{ "code": "R25.2" }]);
    let broken: Vec<(&str, Value)> = vec![
        (
            "unknown top-level field",
            json!({ "diagnoses": dx, "diagnosis": [] }),
        ),
        (
            "unknown diagnosis field",
            json!({ "diagnoses": [{ "code": "R25.2", "system": "icd" }] }),
        ),
        (
            "unknown finding field",
            json!({ "diagnoses": dx, "findings": [{ "kind": "numbness", "side": "left" }] }),
        ),
        (
            "unknown trial field",
            json!({ "diagnoses": dx, "conservative_trials": [{ "therapy": "other", "outcome": "resolved", "days": 3 }] }),
        ),
        (
            "unknown lab field",
            json!({ "diagnoses": dx, "labs": [{ "test": "calcium", "result": "normal", "unit": "mg" }] }),
        ),
        (
            "unknown procedure field",
            json!({ "diagnoses": dx, "procedures": [{ "cpt": "95886", "modifier": "26" }] }),
        ),
        (
            "unknown finding kind",
            json!({ "diagnoses": dx, "findings": [{ "kind": "fasiculations" }] }),
        ),
        (
            "unknown status",
            json!({ "diagnoses": dx, "findings": [{ "kind": "numbness", "status": "maybe" }] }),
        ),
        (
            "unknown source",
            json!({ "diagnoses": dx, "findings": [{ "kind": "numbness", "source": "lab" }] }),
        ),
        (
            "unknown therapy",
            json!({ "diagnoses": dx, "conservative_trials": [{ "therapy": "quinine", "outcome": "resolved" }] }),
        ),
        (
            "unknown trial outcome",
            json!({ "diagnoses": dx, "conservative_trials": [{ "therapy": "other", "outcome": "gone" }] }),
        ),
        (
            "unknown lab test",
            json!({ "diagnoses": dx, "labs": [{ "test": "ferritin", "result": "normal" }] }),
        ),
        (
            "unknown lab result",
            json!({ "diagnoses": dx, "labs": [{ "test": "calcium", "result": "low" }] }),
        ),
        (
            "unknown differential",
            json!({ "diagnoses": dx, "differential": ["stroke"] }),
        ),
        (
            "wrong-case enum value",
            json!({ "diagnoses": dx, "differential": ["Myopathy"] }),
        ),
        (
            "negative duration",
            json!({ "diagnoses": dx, "conservative_trials": [{ "therapy": "other", "outcome": "resolved", "duration_days": -1 }] }),
        ),
        (
            "fractional duration",
            json!({ "diagnoses": dx, "conservative_trials": [{ "therapy": "other", "outcome": "resolved", "duration_days": 1.5 }] }),
        ),
        (
            "duration over u32",
            json!({ "diagnoses": dx, "conservative_trials": [{ "therapy": "other", "outcome": "resolved", "duration_days": 4_294_967_296_u64 }] }),
        ),
        (
            "duration as string",
            json!({ "diagnoses": dx, "conservative_trials": [{ "therapy": "other", "outcome": "resolved", "duration_days": "7" }] }),
        ),
        (
            "zero units",
            json!({ "diagnoses": dx, "procedures": [{ "cpt": "95886", "units": 0 }] }),
        ),
        (
            "100 units",
            json!({ "diagnoses": dx, "procedures": [{ "cpt": "95886", "units": 100 }] }),
        ),
        (
            "negative units",
            json!({ "diagnoses": dx, "procedures": [{ "cpt": "95886", "units": -2 }] }),
        ),
        ("empty diagnoses", json!({ "diagnoses": [] })),
        ("missing diagnoses", json!({ "findings": [] })),
        ("diagnosis as a string", json!({ "diagnoses": ["R25.2"] })),
        ("diagnosis as null", json!({ "diagnoses": [null] })),
        ("diagnosis without code", json!({ "diagnoses": [{}] })),
        (
            "diagnoses as an object",
            json!({ "diagnoses": { "code": "R25.2" } }),
        ),
        (
            "schema_version 2",
            json!({ "schema_version": 2, "diagnoses": dx }),
        ),
        (
            "schema_version 0",
            json!({ "schema_version": 0, "diagnoses": dx }),
        ),
        (
            "schema_version \"1\"",
            json!({ "schema_version": "1", "diagnoses": dx }),
        ),
        (
            "1001 diagnoses",
            json!({ "diagnoses": many(json!({ "code": "R25.2" })) }),
        ),
        (
            "1001 findings",
            json!({ "diagnoses": dx, "findings": many(json!({ "kind": "numbness" })) }),
        ),
        (
            "1001 trials",
            json!({ "diagnoses": dx, "conservative_trials": many(json!({ "therapy": "other", "outcome": "ongoing" })) }),
        ),
        (
            "1001 labs",
            json!({ "diagnoses": dx, "labs": many(json!({ "test": "calcium", "result": "normal" })) }),
        ),
        (
            "1001 differential",
            json!({ "diagnoses": dx, "differential": many(json!("myopathy")) }),
        ),
        (
            "1001 procedures",
            json!({ "diagnoses": dx, "procedures": many(json!({ "cpt": "95886" })) }),
        ),
        (
            "ICD code too short",
            json!({ "diagnoses": [{ "code": "R2" }] }),
        ),
        (
            "ICD code too long",
            json!({ "diagnoses": [{ "code": "R25.21234" }] }),
        ),
        (
            "ICD code with dash",
            json!({ "diagnoses": [{ "code": "R25-2" }] }),
        ),
        (
            "ICD code with inner space",
            json!({ "diagnoses": [{ "code": "R25 .2" }] }),
        ),
        (
            "ICD code starting with a digit",
            json!({ "diagnoses": [{ "code": "225.2" }] }),
        ),
        (
            "ICD code as a number",
            json!({ "diagnoses": [{ "code": 252 }] }),
        ),
        (
            "CPT outside the table",
            json!({ "diagnoses": dx, "procedures": [{ "cpt": "99213" }] }),
        ),
        (
            "CPT as a number",
            json!({ "diagnoses": dx, "procedures": [{ "cpt": 95886 }] }),
        ),
        (
            "studies on a needle EMG code",
            json!({ "diagnoses": dx, "procedures": [{ "cpt": "95886", "studies": 4 }] }),
        ),
        (
            "studies on the point-of-care code",
            json!({ "diagnoses": dx, "procedures": [{ "cpt": " 95905 ", "studies": 4 }] }),
        ),
        (
            "studies 0",
            json!({ "diagnoses": dx, "procedures": [{ "cpt": "95909", "studies": 0 }] }),
        ),
        (
            "studies 100",
            json!({ "diagnoses": dx, "procedures": [{ "cpt": "95909", "studies": 100 }] }),
        ),
        (
            "studies fractional",
            json!({ "diagnoses": dx, "procedures": [{ "cpt": "95909", "studies": 5.5 }] }),
        ),
        (
            "studies as a string",
            json!({ "diagnoses": dx, "procedures": [{ "cpt": "95909", "studies": "6" }] }),
        ),
        (
            "unknown needle EMG exception",
            json!({ "diagnoses": dx, "needle_emg_exceptions": ["pregnancy"] }),
        ),
        (
            "needle EMG exceptions not a list",
            json!({ "diagnoses": dx, "needle_emg_exceptions": "lymphedema" }),
        ),
        (
            "CPT with a sixth digit",
            json!({ "diagnoses": dx, "procedures": [{ "cpt": "958860" }] }),
        ),
        (
            "conflicting finding, exam",
            json!({ "diagnoses": dx, "findings": [
            { "kind": "numbness", "source": "exam" },
            { "kind": "numbness", "status": "absent", "source": "exam" }] }),
        ),
        (
            "conflicting finding, defaults",
            json!({ "diagnoses": dx, "findings": [
            { "kind": "myokymia", "status": "absent", "source": "history" },
            { "kind": "myokymia" }] }),
        ),
        (
            "findings as null",
            json!({ "diagnoses": dx, "findings": null }),
        ),
        ("a case that is an array", json!([dx])),
    ];
    for (what, doc) in broken {
        assert_eq!(both(&v, &doc), (false, false), "{what}: {doc}");
    }
}

#[test]
fn policy_schema_refuses_what_the_crate_refuses() {
    let v = validator("policy.schema.json");
    for doc in [
        json!({ "min_trial_days": -1 }),
        json!({ "min_trial_days": 2.5 }),
        json!({ "require_differential": "yes" }),
        json!({ "require_emg": true }),
        json!(null),
    ] {
        assert!(
            serde_json::from_value::<Policy>(doc.clone()).is_err(),
            "{doc}"
        );
        assert!(!v.is_valid(&doc), "{doc}");
    }
    let all = json!({ "min_trial_days": 28, "require_differential": false,
        "accept_symptom_codes_with_support": true, "require_needle_emg_with_ncs": false });
    assert!(serde_json::from_value::<Policy>(all.clone()).is_ok());
    assert!(v.is_valid(&all) && v.is_valid(&json!({})));
}

/// Every string over a small alphabet up to a length: the ICD pattern agrees with
/// `IcdCode::parse` on each one.
#[test]
fn icd_pattern_agrees_with_the_parser() {
    let v = validator("case.schema.json");
    let alphabet = ['R', 'g', '2', '5', '.', ' ', '\u{85}', '-', 'é'];
    let mut words = vec![String::new()];
    let mut checked = 0;
    for _ in 0..6 {
        let mut next = Vec::new();
        for w in &words {
            for c in alphabet {
                let s = format!("{w}{c}");
                let doc = json!({ "diagnoses": [{ "code": s }] });
                assert_eq!(v.is_valid(&doc), IcdCode::parse(&s).is_ok(), "{s:?}");
                checked += 1;
                next.push(s);
            }
        }
        words = next;
    }
    assert!(checked > 500_000);
    // Longer codes, dots anywhere, and every white-space character at either end.
    for s in [
        "M62.831",
        "m62831",
        "..M.6.2.8.3.1..",
        "E11.4010",
        "M62.8311",
        "R25.2\u{3000}",
    ] {
        let doc = json!({ "diagnoses": [{ "code": s }] });
        assert_eq!(v.is_valid(&doc), IcdCode::parse(s).is_ok(), "{s:?}");
    }
    for c in (0..=0x10FFFF_u32).filter_map(char::from_u32) {
        let s = format!("{c}R25.2");
        if c.is_whitespace() || c.is_ascii_alphanumeric() || c == '.' || c as u32 % 97 == 0 {
            let doc = json!({ "diagnoses": [{ "code": s }] });
            assert_eq!(
                v.is_valid(&doc),
                IcdCode::parse(&s).is_ok(),
                "U+{:04X}",
                c as u32
            );
        }
    }
}

#[test]
fn studies_schema_agrees_with_the_crate_on_every_code() {
    let v = validator("case.schema.json");
    for (code, _) in edx_coverage::codes::CPT_CODES {
        for spelled in [format!("{code}"), format!(" {code}\t")] {
            for studies in [json!(1), json!(13), json!(99), json!(0), json!(100)] {
                let doc = json!({
                    "diagnoses": [{ "code": "R25.2" }],
                    "procedures": [{ "cpt": spelled, "studies": studies }]
                });
                let (crate_ok, schema_ok) = both(&v, &doc);
                assert_eq!(crate_ok, schema_ok, "{doc}: {:?}", errors(&v, &doc));
            }
        }
    }
}

#[test]
fn determinations_with_corrections_validate() {
    let v = validator("determination.schema.json");
    let case: Case = serde_json::from_value(json!({
        "diagnoses": [{ "code": "G62.9" }],
        "procedures": [{ "cpt": "95913", "studies": 3 }, { "cpt": "95907", "studies": 20 }]
    }))
    .unwrap();
    let d = serde_json::to_value(evaluate(&case, &Policy::default())).unwrap();
    assert_eq!(d["procedure_corrections"].as_array().unwrap().len(), 2);
    assert!(v.is_valid(&d), "{:?}", errors(&v, &d));
    let mut bad = d.clone();
    bad["procedure_corrections"][0]["replacement"] = json!("95886");
    assert!(!v.is_valid(&bad), "a correction names NCS codes only");
    let mut bad = d;
    bad.as_object_mut().unwrap().remove("procedure_corrections");
    assert!(!v.is_valid(&bad), "procedure_corrections is required");
}

#[test]
fn cpt_pattern_agrees_with_the_parser() {
    let v = validator("case.schema.json");
    let mut inputs: Vec<String> = (95_800..96_000).map(|n| n.to_string()).collect();
    inputs.extend(
        [
            "095886",
            "9588",
            " 95886\t",
            "95886\u{a0}",
            "95 886",
            "\u{feff}95886",
        ]
        .map(String::from),
    );
    for s in inputs {
        let doc = json!({ "diagnoses": [{ "code": "R25.2" }], "procedures": [{ "cpt": s }] });
        assert_eq!(v.is_valid(&doc), CptCode::parse(&s).is_ok(), "{s:?}");
    }
}
