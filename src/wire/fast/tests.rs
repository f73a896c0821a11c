//! The fast pass and the path-tracking pass agree: the same documents accepted, the same
//! values built. (The `fast_slow` fuzz target checks the same on any text.)
#![cfg(feature = "json")]

use std::path::Path;

use crate::json::passes::{case_fast, case_slow, policy_fast, policy_slow};

#[track_caller]
fn agree(text: &str) {
    let slow = case_slow(text);
    assert_eq!(
        case_fast(text),
        slow.clone().ok(),
        "case {text:?}: slow says {slow:?}"
    );
    let slow = policy_slow(text);
    assert_eq!(
        policy_fast(text),
        slow.clone().ok(),
        "policy {text:?}: slow says {slow:?}"
    );
}

fn bundled_texts() -> Vec<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut out = Vec::new();
    for dir in ["tests/fixtures/vignettes", "examples/cases"] {
        let mut paths: Vec<_> = std::fs::read_dir(root.join(dir))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|x| x == "json"))
            .collect();
        paths.sort();
        for p in paths {
            let text = std::fs::read_to_string(&p).unwrap();
            let doc: serde_json::Value = serde_json::from_str(&text).unwrap();
            match (doc.get("case"), doc.get("policy")) {
                (Some(case), policy) => {
                    out.push(case.to_string());
                    out.extend(policy.map(ToString::to_string));
                }
                (None, _) => out.push(text),
            }
        }
    }
    out
}

#[test]
fn every_bundled_document_is_read_by_the_fast_pass() {
    let texts = bundled_texts();
    assert!(texts.len() > 30, "{}", texts.len());
    for text in &texts {
        agree(text);
        assert!(
            case_fast(text).is_some() || policy_fast(text).is_some(),
            "the fast pass gave up on a bundled document: {text}"
        );
    }
}

#[test]
fn the_fast_pass_gives_up_where_the_slow_pass_refuses() {
    let dx = r#""diagnoses":[{"code":"R25.2"}]"#;
    let cases = [
        format!("{{{dx}}}"),
        format!("\u{feff}{{{dx}}}"),
        format!("{{{dx},{dx}}}"),
        format!("{{{dx},\"x\":1}}"),
        r#"{"diagnoses":[]}"#.to_owned(),
        r#"{"findings":[]}"#.to_owned(),
        r#"{"diagnoses":[{"code":"R25.2","code":"R25.3"}]}"#.to_owned(),
        r#"{"diagnoses":[{"code":"R2"}]}"#.to_owned(),
        r#"{"diagnoses":[{"code":null}]}"#.to_owned(),
        r#"{"diagnoses":[{}]}"#.to_owned(),
        r#"{"diagnoses":{"code":"R25.2"}}"#.to_owned(),
        r#"{"diagnoses":[{"c\u006fde":"R25.2"}]}"#.to_owned(),
        r#"{"diagnoses":[{"code":"R25.\u0032"}]}"#.to_owned(),
        r#"{"diagnoses":[{"code":"r25.2"}]}"#.to_owned(),
        format!("{{{dx}}} x"),
        format!("{{{dx}}}\u{feff}"),
        format!("{{{dx},\"schema_version\":1}}"),
        format!("{{{dx},\"schema_version\":2}}"),
        format!("{{{dx},\"schema_version\":1.0}}"),
        format!("{{{dx},\"schema_version\":-1}}"),
        format!("{{{dx},\"schema_version\":\"1\"}}"),
        format!("{{{dx},\"findings\":null}}"),
        format!("{{{dx},\"findings\":[{{\"kind\":\"fasciculations\",\"status\":null}}]}}"),
        format!("{{{dx},\"findings\":[{{\"kind\":\"fasciculations\",\"source\":\"exam\"}},{{\"kind\":\"fasciculations\",\"status\":\"absent\",\"source\":\"exam\"}}]}}"),
        format!("{{{dx},\"findings\":[{{\"kind\":\"fasiculations\"}}]}}"),
        format!("{{{dx},\"conservative_trials\":[{{\"therapy\":\"stretching\",\"outcome\":\"unchanged\",\"duration_days\":42}}]}}"),
        format!("{{{dx},\"conservative_trials\":[{{\"therapy\":\"stretching\",\"outcome\":\"unchanged\",\"duration_days\":-0}}]}}"),
        format!("{{{dx},\"conservative_trials\":[{{\"therapy\":\"stretching\",\"outcome\":\"unchanged\",\"duration_days\":4294967296}}]}}"),
        format!("{{{dx},\"conservative_trials\":[{{\"therapy\":\"stretching\",\"outcome\":\"unchanged\",\"duration_days\":4294967295}}]}}"),
        format!("{{{dx},\"conservative_trials\":[{{\"therapy\":\"stretching\",\"outcome\":\"unchanged\",\"duration_days\":4e1}}]}}"),
        format!("{{{dx},\"conservative_trials\":[{{\"therapy\":\"stretching\"}}]}}"),
        format!("{{{dx},\"labs\":[{{\"test\":\"calcium\",\"result\":\"normal\"}}]}}"),
        format!("{{{dx},\"labs\":[{{\"test\":\"calcium\"}}]}}"),
        format!("{{{dx},\"differential\":[\"neuropathy\",\"neuropathy\"]}}"),
        format!("{{{dx},\"differential\":[\"nope\"]}}"),
        format!("{{{dx},\"procedures\":[{{\"cpt\":\"95911\",\"studies\":7}}]}}"),
        format!("{{{dx},\"procedures\":[{{\"cpt\":\"95886\",\"studies\":7}}]}}"),
        format!("{{{dx},\"procedures\":[{{\"cpt\":\"95886\",\"units\":0}}]}}"),
        format!("{{{dx},\"procedures\":[{{\"cpt\":\"95886\",\"units\":2}}]}}"),
        format!("{{{dx},\"procedures\":[{{\"cpt\":\"95911\",\"studies\":0}}]}}"),
        format!("{{{dx},\"procedures\":[{{\"cpt\":95911}}]}}"),
        format!("{{{dx},\"procedures\":[{{\"units\":1}}]}}"),
        format!("{{{dx},\"needle_emg_exceptions\":[\"follow_up_study\",\"follow_up_study\"]}}"),
        format!("{{{dx},\"needle_emg_exceptions\":[\"x\"]}}"),
        format!("{{\"diagnoses\":[{}]}}", vec![r#"{"code":"R25.2"}"#; 1001].join(",")),
        format!("{{\"diagnoses\":[{}]}}", vec![r#"{"code":"R25.2"}"#; 1000].join(",")),
        format!(
            "{{{dx},\"needle_emg_exceptions\":[{}]}}",
            vec!["\"follow_up_study\""; 1001].join(",")
        ),
        "[]".to_owned(),
        "null".to_owned(),
        "{".to_owned(),
        String::new(),
        "{}".to_owned(),
        r#"{"min_trial_days":28}"#.to_owned(),
        r#"{"min_trial_days":-0}"#.to_owned(),
        r#"{"min_trial_days":28,"min_trial_days":28}"#.to_owned(),
        r#"{"require_differential":true,"accept_symptom_codes_with_support":false,"require_needle_emg_with_ncs":true}"#.to_owned(),
        r#"{"require_differential":1}"#.to_owned(),
        r#"{"require_differential":null}"#.to_owned(),
        r#"{"min_trial_day":28}"#.to_owned(),
    ];
    for text in &cases {
        agree(text);
    }
}

#[test]
fn every_bundled_document_cut_short_or_with_a_byte_dropped_agrees() {
    for text in bundled_texts().iter().take(6) {
        for (i, _) in text.char_indices() {
            agree(text.get(..i).unwrap());
            let mut dropped = text.clone();
            dropped.remove(i);
            agree(&dropped);
        }
    }
}
