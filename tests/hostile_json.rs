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
// Generated: arbitrary bytes and mutated valid documents
// ---------------------------------------------------------------------------------------

#[cfg(feature = "proptest")]
mod generated {
    use super::*;
    use edx_coverage::{evaluate, strategies};
    use proptest::collection::vec;
    use proptest::prelude::*;
    use proptest::sample::{select, Index};

    const CASES: u32 = 10_000;

    /// Parses all three document types from `bytes`; only panics fail.
    fn parse_all(bytes: &[u8]) {
        if let Ok(case) = serde_json::from_slice::<Case>(bytes) {
            let d = evaluate(&case, &Policy::default());
            let back: Determination =
                serde_json::from_str(&serde_json::to_string(&d).unwrap()).unwrap();
            assert_eq!(back, d);
        }
        let _ = serde_json::from_slice::<Policy>(bytes);
        let _ = serde_json::from_slice::<Determination>(bytes);
    }

    /// Pieces of the wire format, so that random documents get past the tokenizer.
    const TOKENS: &[&str] = &[
        "{",
        "}",
        "[",
        "]",
        ",",
        ":",
        " ",
        "\"",
        "null",
        "true",
        "false",
        "0",
        "1",
        "-1",
        "2.5",
        "1e400",
        "99",
        "100",
        "18446744073709551616",
        "\"diagnoses\"",
        "\"findings\"",
        "\"code\"",
        "\"R25.2\"",
        "\"r252\"",
        "\"G62.9\"",
        "\"kind\"",
        "\"status\"",
        "\"source\"",
        "\"present\"",
        "\"absent\"",
        "\"exam\"",
        "\"history\"",
        "\"fasciculations\"",
        "\"numbness\"",
        "\"task_specific_cramps\"",
        "\"conservative_trials\"",
        "\"therapy\"",
        "\"outcome\"",
        "\"duration_days\"",
        "\"stretching\"",
        "\"unchanged\"",
        "\"resolved\"",
        "\"labs\"",
        "\"test\"",
        "\"result\"",
        "\"magnesium\"",
        "\"abnormal\"",
        "\"differential\"",
        "\"myopathy\"",
        "\"procedures\"",
        "\"cpt\"",
        "\"units\"",
        "\"95907\"",
        "\"95886\"",
        "\"95905\"",
        "\"schema_version\"",
        "\"min_trial_days\"",
        "\"require_differential\"",
        "\"ruleset\"",
        "\"edx-coverage/4\"",
        "\"diagnosis_code_issues\"",
        "\"header\"",
        "\"G62\"",
        "\"studies\"",
        "\"needle_emg_exceptions\"",
        "\"anticoagulation\"",
        "\"follow_up_study\"",
        "\"procedure_corrections\"",
        "\"replacement\"",
        "\"95913\"",
        "\"indication\"",
        "\"indicated\"",
        "\"reasons\"",
        "\"rule\"",
        "\"citations\"",
        "\"IND-RED-FLAG\"",
    ];

    /// The JSON type of a value, for type swaps.
    fn kind(v: &Value) -> usize {
        match v {
            Value::Null => 0,
            Value::Bool(_) => 1,
            Value::Number(_) => 2,
            Value::String(_) => 3,
            Value::Array(_) => 4,
            Value::Object(_) => 5,
        }
    }

    fn of_kind(k: usize) -> Value {
        [
            json!(null),
            json!(true),
            json!(7),
            json!("x"),
            json!([]),
            json!({}),
        ][k % 6]
            .clone()
    }

    /// Every node of the tree with its JSON pointer and its path as the crate names it.
    fn nodes(v: &Value, pointer: String, path: String, out: &mut Vec<(String, String)>) {
        out.push((pointer.clone(), path.clone()));
        match v {
            Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    nodes(item, format!("{pointer}/{i}"), format!("{path}[{i}]"), out);
                }
            }
            Value::Object(map) => {
                for (k, item) in map {
                    let p = if path.is_empty() {
                        k.clone()
                    } else {
                        format!("{path}.{k}")
                    };
                    nodes(item, format!("{pointer}/{k}"), p, out);
                }
            }
            _ => {}
        }
    }

    /// A mutation of a serialised document.
    #[derive(Debug, Clone)]
    enum Mutation {
        FlipByte(Index, u8),
        Truncate(Index),
        Splice(Index, Vec<&'static str>),
        RenameField(Index, usize),
        SwapType(Index, usize),
    }

    fn mutation() -> impl Strategy<Value = Mutation> {
        prop_oneof![
            (any::<Index>(), 1u8..=255).prop_map(|(i, x)| Mutation::FlipByte(i, x)),
            any::<Index>().prop_map(Mutation::Truncate),
            (any::<Index>(), vec(select(TOKENS), 1..4)).prop_map(|(i, t)| Mutation::Splice(i, t)),
            (any::<Index>(), 0usize..4).prop_map(|(i, how)| Mutation::RenameField(i, how)),
            (any::<Index>(), 1usize..6).prop_map(|(i, by)| Mutation::SwapType(i, by)),
        ]
    }

    /// A document mutated, and the path the refusal must name when the mutation is
    /// structural (a renamed field or a swapped type).
    fn apply(doc: &Value, m: &Mutation) -> (Vec<u8>, Option<String>) {
        let text = doc.to_string().into_bytes();
        match m {
            Mutation::FlipByte(i, x) => {
                let mut t = text;
                let at = i.index(t.len());
                t[at] ^= x;
                (t, None)
            }
            Mutation::Truncate(i) => {
                let mut t = text;
                t.truncate(i.index(t.len()));
                (t, None)
            }
            Mutation::Splice(i, tokens) => {
                let mut t = text;
                let at = i.index(t.len() + 1);
                let piece: String = tokens.concat();
                t.splice(at..at, piece.bytes());
                (t, None)
            }
            Mutation::RenameField(i, how) => {
                let mut objects = Vec::new();
                let mut all = Vec::new();
                nodes(doc, String::new(), String::new(), &mut all);
                for (pointer, path) in all {
                    if let Some(Value::Object(map)) = doc.pointer(&pointer) {
                        for key in map.keys() {
                            objects.push((pointer.clone(), path.clone(), key.clone()));
                        }
                    }
                }
                let (pointer, path, key) = objects[i.index(objects.len())].clone();
                let renamed = match how {
                    0 => format!("{key}s"),
                    1 => key.to_uppercase(),
                    2 => key.replace('_', "-") + "-",
                    _ => format!(" {key}"),
                };
                let mut d = doc.clone();
                let map = d.pointer_mut(&pointer).unwrap().as_object_mut().unwrap();
                let v = map.remove(&key).unwrap();
                map.insert(renamed, v);
                (d.to_string().into_bytes(), Some(path))
            }
            Mutation::SwapType(i, by) => {
                let mut all = Vec::new();
                nodes(doc, String::new(), String::new(), &mut all);
                let (pointer, path) = all[i.index(all.len())].clone();
                let mut d = doc.clone();
                let node = d.pointer_mut(&pointer).unwrap();
                *node = of_kind(kind(node) + by);
                (d.to_string().into_bytes(), Some(path))
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(CASES))]

        #[test]
        fn arbitrary_bytes_never_panic(bytes in vec(any::<u8>(), 0..256)) {
            parse_all(&bytes);
        }

        #[test]
        fn token_soup_never_panics(tokens in vec(select(TOKENS), 0..48)) {
            parse_all(tokens.concat().as_bytes());
        }

        /// `json::evaluate_str` promises never to panic on any input, and to agree with
        /// `evaluate` when it accepts.
        #[cfg(feature = "json")]
        #[test]
        fn evaluate_str_never_panics(
            case_text in prop_oneof![
                vec(select(TOKENS), 0..48).prop_map(|t| t.concat()),
                strategies::case().prop_map(|c| serde_json::to_string(&c).unwrap()),
                any::<String>(),
            ],
            policy_text in proptest::option::of(prop_oneof![
                vec(select(TOKENS), 0..16).prop_map(|t| t.concat()),
                strategies::policy().prop_map(|p| serde_json::to_string(&p).unwrap()),
            ]),
        ) {
            let out = edx_coverage::json::evaluate_str(&case_text, policy_text.as_deref());
            if let Ok(json) = out {
                let case: Case = serde_json::from_str(&case_text).unwrap();
                let policy: Policy = policy_text
                    .as_deref()
                    .map_or_else(Policy::default, |t| serde_json::from_str(t).unwrap());
                prop_assert_eq!(json, serde_json::to_string(&evaluate(&case, &policy)).unwrap());
            }
        }

        /// Byte flips, truncation, token splices, field renames and type swaps of a valid
        /// case: `Ok` or `Err`, never a panic; renames and swaps are refused at their path.
        #[test]
        fn mutated_cases_parse_or_fail_cleanly(c in strategies::case(), m in mutation()) {
            let doc = serde_json::to_value(&c).unwrap();
            let (bytes, path) = apply(&doc, &m);
            parse_all(&bytes);
            if let Some(path) = path {
                let err = serde_json::from_slice::<Case>(&bytes)
                    .expect_err("a renamed field or swapped type must be refused")
                    .to_string();
                if !path.is_empty() {
                    prop_assert!(err.starts_with(&format!("{path}: ")), "{:?} at {}: {}", m, path, err);
                }
            }
        }

        #[test]
        fn mutated_policies_parse_or_fail_cleanly(p in strategies::policy(), m in mutation()) {
            let doc = serde_json::to_value(p).unwrap();
            let (bytes, path) = apply(&doc, &m);
            parse_all(&bytes);
            if let Some(path) = path {
                let err = serde_json::from_slice::<Policy>(&bytes)
                    .expect_err("a renamed field or swapped type must be refused")
                    .to_string();
                if !path.is_empty() {
                    prop_assert!(err.starts_with(&format!("{path}: ")), "{:?} at {}: {}", m, path, err);
                }
            }
        }

        #[test]
        fn mutated_determinations_parse_or_fail_cleanly(
            c in strategies::case(),
            p in strategies::policy(),
            m in mutation(),
        ) {
            let doc = serde_json::to_value(evaluate(&c, &p)).unwrap();
            let (bytes, path) = apply(&doc, &m);
            parse_all(&bytes);
            if path.is_some() {
                prop_assert!(serde_json::from_slice::<Determination>(&bytes).is_err());
            }
        }
    }
}
