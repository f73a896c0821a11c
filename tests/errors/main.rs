//! Every input the crate refuses gives an error that names the field (with its index) and the
//! offending value: through `serde_json`, through the builder and the code parsers, and
//! through the `evaluate` example's command line (exit status 2, one `error:` line).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

#[path = "../common/mod.rs"]
mod common;

use edx_coverage::{
    evaluate, Audience, Case, CptCode, Error, ErrorKind, Explanation, Finding, FindingKind,
    FindingSource, FindingStatus, IcdCode, Policy, Procedure, Studies, Units, MAX_ENTRIES,
};

// ---------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------

const R252: &str = r#"{"code":"R25.2"}"#;

/// A case with R25.2 and `extra` top-level members (a JSON fragment, may be empty).
fn with_r252(extra: &str) -> String {
    if extra.is_empty() {
        format!(r#"{{"diagnoses":[{R252}]}}"#)
    } else {
        format!(r#"{{"diagnoses":[{R252}],{extra}}}"#)
    }
}

/// The message of the error `json` is refused with; panics if it is accepted.
#[track_caller]
fn case_error(json: &str) -> String {
    match serde_json::from_str::<Case>(json) {
        Ok(case) => panic!("should be rejected: {json}\nbut parsed as {case:?}"),
        Err(e) => {
            assert!(e.is_data() || e.is_syntax(), "{json}: {e}");
            e.to_string()
        }
    }
}

/// `json` is refused with a one-line message that starts with `path: ` (or names no path
/// when `path` is empty) and mentions each of `needles`.
#[track_caller]
fn assert_case_rejected(json: &str, path: &str, needles: &[&str]) {
    let msg = case_error(json);
    check_message(&msg, path, needles, json);
}

#[track_caller]
fn assert_policy_rejected(json: &str, path: &str, needles: &[&str]) {
    let msg = match serde_json::from_str::<Policy>(json) {
        Ok(p) => panic!("policy should be rejected: {json}\nbut parsed as {p:?}"),
        Err(e) => e.to_string(),
    };
    check_message(&msg, path, needles, json);
}

#[track_caller]
fn check_message(msg: &str, path: &str, needles: &[&str], input: &str) {
    assert!(!msg.contains('\n'), "one line expected: {msg:?}");
    if !path.is_empty() {
        assert!(
            msg.starts_with(&format!("{path}: ")),
            "message should start with the path `{path}: `\n  message: {msg}\n  input: {input}"
        );
    }
    for n in needles {
        assert!(
            msg.contains(n),
            "message should mention {n:?}\n  message: {msg}\n  input: {input}"
        );
    }
}

fn code(s: &str) -> IcdCode {
    s.parse().unwrap()
}

fn r252_builder() -> edx_coverage::CaseBuilder {
    Case::builder().diagnosis(code("R25.2"))
}

/// `n` diagnoses as a JSON array body.
fn many_diagnoses(n: usize) -> String {
    vec![R252; n].join(",")
}

// ---------------------------------------------------------------------------------------
// The other sections, one file each
// ---------------------------------------------------------------------------------------

mod diagnoses;
mod example;
mod fields;
mod findings;
mod numbers;
mod policy;
mod procedures;
mod types;
