//! Generated: arbitrary bytes and mutated valid documents
#![cfg(feature = "proptest")]

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
