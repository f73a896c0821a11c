//! The refusals of the typed `serde` path pinned byte for byte: the text of the error
//! `serde_json::from_str::<Case>` / `::<Policy>` (and a case nested in a host's struct, and
//! a case read from a `serde_json::Value` or through serde's buffered `untagged` content)
//! gives on a few dozen refused documents, serde_json's " at line L column C" suffix
//! included. Pinned from the tree-only `Deserialize` impls before the single-pass one, so
//! any change in what a host sees fails here.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use edx_coverage::{Case, Policy};
use serde::Deserialize;

/// A host's document with a case inside (errors get the position of the case's end).
#[derive(Debug, Deserialize)]
#[allow(dead_code)]
struct Request {
    id: u32,
    case: Case,
    policy: Option<Policy>,
}

/// serde's buffered content (`untagged`): a deserializer that is not serde_json's.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
#[allow(dead_code)]
enum Either {
    Case(Case),
    Other(u32),
}

fn case_err(text: &str) -> String {
    match serde_json::from_str::<Case>(text) {
        Ok(c) => panic!("accepted {text}: {c:?}"),
        Err(e) => e.to_string(),
    }
}

fn policy_err(text: &str) -> String {
    match serde_json::from_str::<Policy>(text) {
        Ok(p) => panic!("accepted {text}: {p:?}"),
        Err(e) => e.to_string(),
    }
}

fn request_err(text: &str) -> String {
    match serde_json::from_str::<Request>(text) {
        Ok(r) => panic!("accepted {text}: {r:?}"),
        Err(e) => e.to_string(),
    }
}

fn value_err(text: &str) -> String {
    let v: serde_json::Value = serde_json::from_str(text).unwrap();
    match serde_json::from_value::<Case>(v) {
        Ok(c) => panic!("accepted {text}: {c:?}"),
        Err(e) => e.to_string(),
    }
}

const R252: &str = r#"{"code":"R25.2"}"#;

fn deep(n: usize) -> String {
    format!(
        r#"{{"diagnoses":[{R252}],"x":{}{}}}"#,
        "[".repeat(n),
        "]".repeat(n)
    )
}

/// (document, error text) for `from_str::<Case>`.
fn case_table() -> Vec<(String, &'static str)> {
    let many = format!(r#"{{"diagnoses":[{}]}}"#, vec![R252; 1001].join(","));
    vec![
        // Syntax: serde_json's own messages and positions.
        (r#"{"diagnoses":[{"code":"R25.2"}],}"#.into(), "trailing comma at line 1 column 33"),
        (r#"{"diagnoses":[{"code":"R25.2"},]}"#.into(), "trailing comma at line 1 column 32"),
        (r#"{"diagnoses":[{"code":"R25.2"}]"#.into(), "EOF while parsing an object at line 1 column 31"),
        (r#"{"diagnoses":[{"code":"R25.2"}]} x"#.into(), "trailing characters at line 1 column 34"),
        ("  \n  {\"diagnoses\":tru}".into(), "expected ident at line 2 column 19"),
        (r#"{"diagnoses" [{"code":"R25.2"}]}"#.into(), "expected `:` at line 1 column 14"),
        (r#"{"diagnoses":[{"code":"\ud800"}]}"#.into(), "unexpected end of hex escape at line 1 column 30"),
        (r#"{"diagnoses":[{"code":"R25.2"}],"labs":1e400}"#.into(), "number out of range at line 1 column 44"),
        (r#"{"diagnoses":[{"code":"R25.2"}],"labs":[1e400, }"#.into(), "number out of range at line 1 column 45"),
        (deep(40), "input nested deeper than 32 levels at line 1 column 68"),
        (format!("{}{}", deep(200), " x"), "input nested deeper than 32 levels at line 1 column 68"),
        // A syntax error wins over a refusal earlier in the document.
        (r#"{"findings":[{"kind":"nope"}],"diagnoses":[}"#.into(), "expected value at line 1 column 44"),
        (r#"{"diagnoses":[{"code":"R2"}],"x":[1,]}"#.into(), "trailing comma at line 1 column 37"),
        // Refusals: path and value, no position (the text was read to its end).
        (r#"{"diagnoses":[{"code":"R25.2"}],"bogus":1}"#.into(), "unknown field \"bogus\" (expected one of: schema_version, diagnoses, findings, conservative_trials, labs, differential, procedures, needle_emg_exceptions)"),
        (r#"{"findings":[{"kind":"nope"}],"bogus":1,"diagnoses":[]}"#.into(), "unknown field \"bogus\" (expected one of: schema_version, diagnoses, findings, conservative_trials, labs, differential, procedures, needle_emg_exceptions)"),
        (r#"{"diagnoses":[{"code":"R25.2"}],"diagnoses":[]}"#.into(), "field \"diagnoses\" appears more than once"),
        ("{}".into(), "diagnoses: is required"),
        (r#"{"diagnoses":[]}"#.into(), "diagnoses: must hold at least one diagnosis"),
        ("[]".into(), "expected an object, found an array"),
        ("null".into(), "expected an object, found null"),
        (r#"{"schema_version":2,"diagnoses":[{"code":"R25.2"}]}"#.into(), "schema_version: 2 is not a supported schema version (only 1 is)"),
        (r#"{"schema_version":1.0,"diagnoses":[{"code":"R25.2"}]}"#.into(), "schema_version: expected the number 1, found number 1.0"),
        (r#"{"diagnoses":[{"code":"R25.2"},{"code":"R2"}]}"#.into(), "diagnoses[1].code: \"R2\" is not an ICD-10-CM code"),
        (r#"{"diagnoses":[{"code":"R25.2","code":"R25.2"}]}"#.into(), "diagnoses[0]: field \"code\" appears more than once"),
        (r#"{"diagnoses":[{"cod":"R25.2"}]}"#.into(), "diagnoses[0]: unknown field \"cod\" (expected one of: code)"),
        (r#"{"diagnoses":[{"code":"R25.2"}],"findings":[{"kind":"fasciculations"},{"kind":"nope"}]}"#.into(), "findings[1].kind: unknown finding kind \"nope\""),
        (r#"{"findings":[{"kind":"nope"}],"diagnoses":[{"code":"R2"}]}"#.into(), "diagnoses[0].code: \"R2\" is not an ICD-10-CM code"),
        (r#"{"diagnoses":[{"code":"R25.2"}],"findings":[{"kind":"fasciculations","status":"present","source":"exam"},{"kind":"fasciculations","status":"absent","source":"exam"}]}"#.into(), "findings[1]: fasciculations is recorded both present and absent from the exam (conflicting finding)"),
        (r#"{"diagnoses":[{"code":"R25.2"}],"conservative_trials":[{"therapy":"stretching","outcome":"improved","duration_days":"x"}]}"#.into(), "conservative_trials[0].duration_days: expected a whole number, found string \"x\""),
        (r#"{"diagnoses":[{"code":"R25.2"}],"labs":[{"test":"calcium"}]}"#.into(), "labs[0].result: is required"),
        (r#"{"diagnoses":[{"code":"R25.2"}],"procedures":[{"cpt":"95886","studies":4}]}"#.into(), "procedures[0].studies: 4 studies on 95886: a study count belongs only on an NCS code (95907-95913)"),
        (r#"{"diagnoses":[{"code":"R25.2"}],"procedures":[{"cpt":"95908","units":0}]}"#.into(), "procedures[0].units: 0 is outside the allowed units 1-99"),
        (r#"{"diagnoses":[{"code":"R25.2"}],"procedures":[{"cpt":"95908","units":-1}]}"#.into(), "procedures[0].units: -1 is outside the allowed units 1-99"),
        (r#"{"diagnoses":[{"code":"R25.2"}],"needle_emg_exceptions":["anticoagulation","anticoagulation","nope"]}"#.into(), "needle_emg_exceptions[2]: unknown needle EMG exception \"nope\""),
        (r#"{"diagnoses":[{"code":"R25.2"}],"differential":"neuropathy"}"#.into(), "differential: expected an array, found string \"neuropathy\""),
        ("\u{feff}{\"diagnoses\":[{\"code\":\"R25.2\"}]}".into(), "expected value at line 1 column 1"),
        (r#"{"diagnoses":[{"code":"R25.2"}],"findings":[{"kind":"nope","x":[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]}]}"#.into(), "input nested deeper than 32 levels at line 1 column 93"),
        (r#"{"diagnoses":[{"c\u006fde":"R25.2"}],"fin\u0064ings":[{"kind":"n\u006fpe"}]}"#.into(), "findings[0].kind: unknown finding kind \"nope\""),
        (r#"{"diagnoses":[{"code":"R25.2"}],"\ud800":1}"#.into(), "unexpected end of hex escape at line 1 column 40"),
        ("\n\n   {\"diagnoses\":[{\"code\":\"R25.2\"}],\n\"labs\":[{\"test\":\"calcium\",\"result\":\"high\"}]}".into(), "labs[0].result: unknown lab result \"high\""),
        (r#"{"diagnoses":[{"code":"R25.2"}],"procedures":[{"cpt":"95908","units":1.5},{"cpt":"9"}]}"#.into(), "procedures[0].units: expected a whole number, found number 1.5"),
        (r#"{"diagnoses":[{"code":"R25.2"}],"conservative_trials":[{"outcome":"improved","therapy":"stretching","duration_days":-0}]}"#.into(), "conservative_trials[0].duration_days: expected a whole number, found number -0.0"),
        (r#"{"diagnoses":[{"code":"R25.2"}],"schema_version":"1"}"#.into(), "schema_version: expected the number 1, found string \"1\""),
        (r#"{"diagnoses":[{"code":"R25.2"}],"findings":[{"kind":"fasciculations"},5]}"#.into(), "findings[1]: expected an object, found number 5"),
        (r#"{"diagnoses":[{"code":"R25.2"}],"findings":[{"kind":"fasciculations"}],"findings":[{"kind":"nope"}]}"#.into(), "field \"findings\" appears more than once"),
        (many, "diagnoses: has 1001 entries; at most 1000 are allowed"),
    ]
}

#[test]
fn case_refusals_are_pinned() {
    let mut wrong = Vec::new();
    for (text, want) in case_table() {
        let got = case_err(&text);
        if got != want {
            wrong.push(format!(
                "{}\n  want: {want}\n  got:  {got}",
                &text[..text.len().min(100)]
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn policy_refusals_are_pinned() {
    let table = [
        (r#"{"min_trial_days":-1}"#, "min_trial_days: -1 is not a whole number from 0 to 4294967295"),
        (r#"{"require_differential":1}"#, "require_differential: expected true or false, found number 1"),
        (r#"{"x":true}"#, "unknown field \"x\" (expected one of: min_trial_days, require_differential, accept_symptom_codes_with_support, require_needle_emg_with_ncs)"),
        ("[]", "expected an object, found an array"),
        (r#"{"min_trial_days":1,}"#, "trailing comma at line 1 column 21"),
        (r#"{"min_trial_days":1,"min_trial_days":2}"#, "field \"min_trial_days\" appears more than once"),
        (r#"{"min_trial_days":1.5}"#, "min_trial_days: expected a whole number, found number 1.5"),
    ];
    let mut wrong = Vec::new();
    for (text, want) in table {
        let got = policy_err(text);
        if got != want {
            wrong.push(format!(
                "{}\n  want: {want}\n  got:  {got}",
                &text[..text.len().min(100)]
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn nested_and_other_deserializers_are_pinned() {
    type Reader = fn(&str) -> String;
    let table: [(&str, Reader, &str); 6] = [
        (r#"{"id":1,"case":{"diagnoses":[]}}"#, request_err, "diagnoses: must hold at least one diagnosis at line 1 column 32"),
        (r#"{"id":1,"case":{"x":1},"policy":null}"#, request_err, "unknown field \"x\" (expected one of: schema_version, diagnoses, findings, conservative_trials, labs, differential, procedures, needle_emg_exceptions) at line 1 column 22"),
        (r#"{"id":1,"case":{"diagnoses":[{"code":"R25.2"}]},"policy":{"min_trial_days":true}}"#, request_err, "min_trial_days: expected a whole number, found boolean true at line 1 column 81"),
        (r#"{"id":1,"case":{"diagnoses":[{"code":"R25.2"},]}}"#, request_err, "trailing comma at line 1 column 47"),
        (r#"{"diagnoses":[{"code":"R2"}]}"#, value_err, "diagnoses[0].code: \"R2\" is not an ICD-10-CM code"),
        (r#"{"diagnoses":[{"code":"R25.2"}],"bogus":[1]}"#, value_err, "unknown field \"bogus\" (expected one of: schema_version, diagnoses, findings, conservative_trials, labs, differential, procedures, needle_emg_exceptions)"),
    ];
    let mut wrong = Vec::new();
    for (text, f, want) in table {
        let got = f(text);
        if got != want {
            wrong.push(format!(
                "{}\n  want: {want}\n  got:  {got}",
                &text[..text.len().min(100)]
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    // serde's buffered content: a refused case falls through to the other variant's error.
    let err = serde_json::from_str::<Either>(r#"{"diagnoses":[]}"#).unwrap_err();
    assert_eq!(
        err.to_string(),
        "data did not match any variant of untagged enum Either"
    );
    let ok = serde_json::from_str::<Either>(r#"{"diagnoses":[{"code":"R25.2"}]}"#).unwrap();
    assert!(matches!(ok, Either::Case(_)));
}
