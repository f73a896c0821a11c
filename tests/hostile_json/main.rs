//! Hostile JSON: whatever bytes arrive, parsing a `Case`, `Policy` or `Determination` returns
//! `Ok` or `Err`, never panics, never overflows the stack, and every refusal of a
//! well-formed document names the JSON path of the offending value.
//!
//! The deterministic tests run in every build; the generated ones need feature `proptest`.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use edx_coverage::{Case, Determination, Policy};
use serde_json::{json, Value};

/// The message of a refusal, whichever entry point was used.
fn case_error(doc: &str) -> String {
    match serde_json::from_str::<Case>(doc) {
        Ok(c) => panic!("accepted {doc}: {c:?}"),
        Err(e) => e.to_string(),
    }
}

fn policy_error(doc: &str) -> String {
    match serde_json::from_str::<Policy>(doc) {
        Ok(p) => panic!("accepted {doc}: {p:?}"),
        Err(e) => e.to_string(),
    }
}

/// A valid case with entries in every list, as a JSON tree to mutate.
fn full_case() -> Value {
    json!({
        "schema_version": 1,
        "diagnoses": [{ "code": "R25.2" }, { "code": "r253" }],
        "findings": [
            { "kind": "fasciculations", "status": "present", "source": "exam" },
            { "kind": "muscle_weakness", "status": "absent", "source": "exam" },
            { "kind": "nocturnal_cramps" }
        ],
        "conservative_trials": [
            { "therapy": "stretching", "outcome": "unchanged", "duration_days": 42 }
        ],
        "labs": [{ "test": "magnesium", "result": "normal" }],
        "differential": ["neuropathy", "motor_neuron_disease"],
        "procedures": [{ "cpt": "95886", "units": 2 }, { "cpt": "95909" }]
    })
}

fn with(mut doc: Value, pointer: &str, value: Value) -> String {
    *doc.pointer_mut(pointer)
        .unwrap_or_else(|| panic!("{pointer} in the document")) = value;
    doc.to_string()
}

#[test]
fn the_base_document_is_valid() {
    let case: Case = serde_json::from_value(full_case()).unwrap();
    assert_eq!(case.findings().len(), 3);
}

// ---------------------------------------------------------------------------------------
// Deep nesting
// ---------------------------------------------------------------------------------------

#[test]
fn deeply_nested_arrays_are_rejected_cleanly() {
    let open = "[".repeat(100_000);
    let balanced = format!("{open}{}", "]".repeat(100_000));
    let objects = "{\"a\":".repeat(100_000);
    let inside = format!("{{\"diagnoses\":{open}");
    let inside_finding =
        format!("{{\"diagnoses\":[{{\"code\":\"R25.2\"}}],\"findings\":[{{\"kind\":{open}");
    for doc in [&open, &balanced, &objects, &inside, &inside_finding] {
        assert!(serde_json::from_str::<Case>(doc).is_err());
        assert!(serde_json::from_str::<Policy>(doc).is_err());
        assert!(serde_json::from_str::<Determination>(doc).is_err());
        assert!(serde_json::from_slice::<Case>(doc.as_bytes()).is_err());
        assert!(serde_json::from_reader::<_, Case>(doc.as_bytes()).is_err());
    }
}

/// The crate refuses nesting deeper than its own limit (32) even where serde_json's
/// limit (128) would allow it, so a host using another deserializer is protected too.
#[test]
fn the_crate_has_its_own_depth_limit() {
    let doc = format!("{{\"diagnoses\":{}", "[".repeat(40));
    assert!(case_error(&doc).contains("nested deeper than 32 levels"));

    // serde_json::Value as the deserializer has no recursion limit of its own.
    let mut v = json!("R25.2");
    for _ in 0..1000 {
        v = json!([v]);
    }
    let doc = json!({ "diagnoses": v });
    let err = serde_json::from_value::<Case>(doc.clone()).unwrap_err();
    assert!(
        err.to_string().contains("nested deeper than 32 levels"),
        "{err}"
    );
    assert!(serde_json::from_value::<Policy>(json!({ "min_trial_days": v })).is_err());
    // A nested value well inside the limit still gets a typed error with its path.
    let shallow = json!({ "diagnoses": [[["R25.2"]]] });
    let err = serde_json::from_value::<Case>(shallow)
        .unwrap_err()
        .to_string();
    assert!(err.starts_with("diagnoses[0]: expected an object"), "{err}");
}

// ---------------------------------------------------------------------------------------
// Numbers
// ---------------------------------------------------------------------------------------

/// Where a number goes, and the path the error must name.
const NUMERIC_FIELDS: &[(&str, &str)] = &[
    ("/schema_version", "schema_version"),
    (
        "/conservative_trials/0/duration_days",
        "conservative_trials[0].duration_days",
    ),
    ("/procedures/0/units", "procedures[0].units"),
];

#[test]
fn huge_negative_and_fractional_numbers_are_rejected_with_their_path() {
    let hostile = [
        "-1",
        "18446744073709551616",
        "18446744073709551615",
        "4294967296",
        "2.5",
        "1e3",
        "-0",
        "1.0e0",
        "100",
        "0",
    ];
    for (pointer, path) in NUMERIC_FIELDS {
        for number in hostile {
            let valid = match (*path, number) {
                (p, "100") => p.ends_with("duration_days"),
                (p, "0") => p.ends_with("duration_days"),
                _ => false,
            };
            let doc =
                with(full_case(), pointer, json!("PLACEHOLDER")).replace("\"PLACEHOLDER\"", number);
            match serde_json::from_str::<Case>(&doc) {
                Ok(_) => assert!(valid, "{path} = {number} was accepted"),
                Err(e) => {
                    let msg = e.to_string();
                    assert!(!valid, "{path} = {number} refused: {msg}");
                    assert!(msg.starts_with(&format!("{path}: ")), "{msg}");
                    // The message must not contradict itself ("1 is outside 1-99").
                    assert!(!msg.starts_with(&format!("{path}: 1 ")), "{msg}");
                }
            }
        }
        // Out of f64 range: a syntax error from the parser, still no panic.
        let doc =
            with(full_case(), pointer, json!("PLACEHOLDER")).replace("\"PLACEHOLDER\"", "1e400");
        assert!(case_error(&doc).contains("number out of range"));
    }
    for number in ["-1", "1e400", "18446744073709551616", "4294967296", "0.5"] {
        let msg = policy_error(&format!("{{\"min_trial_days\":{number}}}"));
        assert!(
            msg.starts_with("min_trial_days: ") || msg.contains("number out of range"),
            "{msg}"
        );
    }
}

/// An integral float is refused as a float, and the message shows it as one (not as `1`,
/// which would read "1 is outside the allowed units 1-99").
#[test]
fn integral_floats_are_quoted_as_floats() {
    let doc = with(full_case(), "/procedures/0/units", json!(1.0));
    assert_eq!(
        case_error(&doc),
        "procedures[0].units: expected a whole number, found number 1.0"
    );
    let doc = with(full_case(), "/schema_version", json!(1.0));
    assert_eq!(
        case_error(&doc),
        "schema_version: expected the number 1, found number 1.0"
    );
}

// ---------------------------------------------------------------------------------------
// Paths in messages
// ---------------------------------------------------------------------------------------

#[test]
fn errors_name_the_json_path() {
    let table: &[(&str, Value, &str)] = &[
        (
            "/findings/2/kind",
            json!("fasiculations"),
            "findings[2].kind: unknown finding kind \"fasiculations\"",
        ),
        (
            "/diagnoses/1/code",
            json!("R2"),
            "diagnoses[1].code: \"R2\" is not an ICD-10-CM code",
        ),
        (
            "/findings/0/status",
            json!("maybe"),
            "findings[0].status: unknown finding status \"maybe\"",
        ),
        (
            "/findings/1/source",
            json!(3),
            "findings[1].source: expected a string, found number 3",
        ),
        (
            "/conservative_trials/0/outcome",
            json!(null),
            "conservative_trials[0].outcome: expected a string, found null",
        ),
        (
            "/labs/0/result",
            json!("low"),
            "labs[0].result: unknown lab result \"low\"",
        ),
        (
            "/differential/1",
            json!("stroke"),
            "differential[1]: unknown differential condition \"stroke\"",
        ),
        (
            "/procedures/1/cpt",
            json!("99213"),
            "procedures[1].cpt: \"99213\" is not an electrodiagnostic CPT code",
        ),
        (
            "/procedures/0/units",
            json!(100),
            "procedures[0].units: 100 is outside the allowed units 1-99",
        ),
        (
            "/findings",
            json!({}),
            "findings: expected an array, found an object",
        ),
        (
            "/findings/1",
            json!({ "kind": "fasciculations", "status": "absent", "source": "exam" }),
            "findings[1]: fasciculations is recorded both present and absent",
        ),
        ("/diagnoses", json!([]), "diagnoses: must hold at least one"),
        (
            "/findings/0",
            json!({ "knd": "numbness" }),
            "findings[0]: unknown field \"knd\"",
        ),
        (
            "/findings/0",
            json!({ "status": "present" }),
            "findings[0].kind: is required",
        ),
    ];
    for (pointer, value, want) in table {
        let msg = case_error(&with(full_case(), pointer, value.clone()));
        assert!(
            msg.starts_with(want),
            "{pointer}: got {msg:?}, want {want:?}"
        );
    }

    let mut doc = full_case();
    doc.as_object_mut().unwrap().remove("diagnoses");
    assert!(case_error(&doc.to_string()).starts_with("diagnoses: is required"));
    let mut doc = full_case();
    doc.as_object_mut()
        .unwrap()
        .insert("finding".into(), json!([]));
    assert!(case_error(&doc.to_string()).starts_with("unknown field \"finding\""));
    let many: Vec<Value> = (0..1001).map(|_| json!({ "kind": "numbness" })).collect();
    assert!(
        case_error(&with(full_case(), "/findings", Value::Array(many)))
            .starts_with("findings: has 1001 entries; at most 1000 are allowed")
    );
    let doc = r#"{"diagnoses":[{"code":"R25.2"}],"diagnoses":[{"code":"R25.2"}]}"#;
    assert!(case_error(doc).contains("\"diagnoses\" appears more than once"));

    assert!(policy_error(r#"{"require_differential":"yes"}"#)
        .starts_with("require_differential: expected true or false"));
    assert!(policy_error(r#"{"min_days":3}"#).starts_with("unknown field \"min_days\""));
}

#[test]
fn odd_bytes_and_encodings_are_refused_or_read_cleanly() {
    let docs: &[&[u8]] = &[
        b"",
        b" ",
        b"null",
        b"[]",
        b"{}",
        b"\xEF\xBB\xBF{\"diagnoses\":[{\"code\":\"R25.2\"}]}",
        b"{\"diagnoses\":[{\"code\":\"\xFF\xFE\"}]}",
        b"{\"diagnoses\":[{\"code\":\"\\ud800\"}]}",
        b"{\"diagnoses\":[{\"code\":\"R25\\u0000.2\"}]}",
        b"{\"diagnoses\":[{\"code\":\"R25.2\"}]} trailing",
        b"{\"diagnoses\":[{\"code\":\"R25.2\"}],}",
        b"{\"diagnoses\":[{\"code\":\"\xC3\x9F25.2\"}]}",
        b"{\"diagnoses\":[{\"code\":\"R\xE2\x80\x8B25.2\"}]}",
        b"{\"diagnoses\":[{\"code\":\"R25.2\"}],\"findings\":[{\"kind\":\"numbness\",\"kind\":\"numbness\"}]}",
    ];
    for doc in docs {
        assert!(serde_json::from_slice::<Case>(doc).is_err(), "{doc:?}");
        let _ = serde_json::from_slice::<Policy>(doc);
        let _ = serde_json::from_slice::<Determination>(doc);
    }
    // A long string is refused with its path (and without quadratic work).
    let long = "R".repeat(1 << 20);
    let msg = case_error(&with(full_case(), "/diagnoses/0/code", json!(long)));
    assert!(msg.starts_with("diagnoses[0].code: "));
}

// ---------------------------------------------------------------------------------------
// The other sections, one file each
// ---------------------------------------------------------------------------------------

mod generated;
