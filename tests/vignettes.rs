//! Data-driven acceptance tests: every worked vignette in `tests/fixtures/vignettes`.
//!
//! Each fixture holds a `case`, an optional `policy` and the `expect`ed determination fields.
//! The fixtures are the crate's own copies of the shared vignettes, so this test never reads
//! outside the crate.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use edx_coverage::{evaluate, Case, Policy, RULESET};
use serde_json::Value;

/// The thirteen fields every serialised determination carries (docs/wire-format.md).
const DETERMINATION_FIELDS: [&str; 13] = [
    "ruleset",
    "indication",
    "coverage",
    "red_flags",
    "suspected_conditions",
    "documentation_gaps",
    "pitfalls",
    "recommendations",
    "recommended_labs",
    "suggested_codes",
    "procedure_corrections",
    "diagnosis_code_issues",
    "reasons",
];

/// Fewer fixtures than this means the directory was emptied or mis-copied.
const MIN_VIGNETTES: usize = 35;

fn vignette_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/vignettes")
}

fn vignette_files() -> Vec<PathBuf> {
    let dir = vignette_dir();
    let mut files: Vec<PathBuf> = fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .map(|entry| entry.expect("directory entry").path())
        .filter(|p| p.extension().is_some_and(|ext| ext == "json"))
        .collect();
    files.sort();
    files
}

/// Runs one vignette and returns every disagreement, each prefixed with the file name.
fn check(path: &Path) -> Vec<String> {
    let name = path.file_name().unwrap().to_string_lossy().into_owned();
    let text = fs::read_to_string(path).unwrap_or_else(|e| panic!("{name}: cannot read: {e}"));
    let doc: Value =
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{name}: not JSON: {e}"));

    let case: Case = serde_json::from_value(doc["case"].clone())
        .unwrap_or_else(|e| panic!("{name}: case rejected: {e}"));
    let policy: Policy = match doc.get("policy") {
        Some(p) => serde_json::from_value(p.clone())
            .unwrap_or_else(|e| panic!("{name}: policy rejected: {e}")),
        None => Policy::default(),
    };
    let expect = doc["expect"]
        .as_object()
        .unwrap_or_else(|| panic!("{name}: `expect` is not an object"));
    assert!(!expect.is_empty(), "{name}: `expect` is empty");

    let got = serde_json::to_value(evaluate(&case, &policy)).expect("serialise determination");
    let mut problems = Vec::new();

    for field in DETERMINATION_FIELDS {
        if got.get(field).is_none() {
            problems.push(format!("{name}: output lacks field `{field}`"));
        }
    }
    for (field, want) in expect {
        match got.get(field) {
            Some(g) if g == want => {}
            Some(g) => problems.push(format!("{name}: {field}: got {g}, want {want}")),
            None => problems.push(format!("{name}: {field}: missing from output, want {want}")),
        }
    }
    if got["ruleset"] != RULESET {
        problems.push(format!(
            "{name}: ruleset: got {}, want {RULESET:?}",
            got["ruleset"]
        ));
    }
    match got["reasons"].as_array() {
        Some(reasons) if !reasons.is_empty() => {}
        other => problems.push(format!(
            "{name}: reasons must be a non-empty list, got {other:?}"
        )),
    }
    problems
}

#[test]
fn fixture_directory_holds_every_vignette() {
    let files = vignette_files();
    assert!(
        files.len() >= MIN_VIGNETTES,
        "{} holds {} vignette files, expected at least {MIN_VIGNETTES}",
        vignette_dir().display(),
        files.len()
    );
}

#[test]
fn every_vignette_matches_its_expectation() {
    let files = vignette_files();
    assert!(
        files.len() >= MIN_VIGNETTES,
        "too few vignettes: {}",
        files.len()
    );
    let problems: Vec<String> = files.iter().flat_map(|p| check(p)).collect();
    assert!(
        problems.is_empty(),
        "{} disagreement(s):\n{}",
        problems.len(),
        problems.join("\n")
    );
}

/// The one-call JSON helper (moved here from the CRD interop tests when FHIR left the
/// engine) gives what the typed path gives.
#[cfg(feature = "json")]
#[test]
fn evaluate_str_matches_the_typed_path_for_every_vignette() {
    for (_, doc) in common::vignettes() {
        let case_text = doc["case"].to_string();
        let policy_text = doc.get("policy").map(Value::to_string);
        let out = edx_coverage::json::evaluate_str(&case_text, policy_text.as_deref()).unwrap();
        let case: Case = serde_json::from_str(&case_text).unwrap();
        let policy: Policy =
            policy_text.map_or_else(Policy::default, |p| serde_json::from_str(&p).unwrap());
        assert_eq!(
            out,
            serde_json::to_string(&evaluate(&case, &policy)).unwrap()
        );
    }
}
