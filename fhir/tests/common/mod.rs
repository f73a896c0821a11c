//! Shared by the integration tests (each test crate uses part of it).
#![allow(dead_code)]

pub mod cds_check;
pub mod suggestion_check;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::OnceLock;

use edx_coverage::{Case, Policy, Procedure, Units};
use serde_json::Value;

/// The vignette's case; one with no procedure gets a complete request (95909, two units of
/// 95886 and two of 95937, as the proc-complete-request vignette), because only an
/// electrodiagnostic order is judged. The vignettes' expectations hold for such a request.
pub fn vignette_case(doc: &Value) -> Case {
    let case: Case = serde_json::from_value(doc["case"].clone()).unwrap();
    if !case.procedures().is_empty() {
        return case;
    }
    case.to_builder()
        .procedure(Procedure::new("95909".parse().unwrap()))
        .procedure(Procedure::new("95886".parse().unwrap()).with_units(Units::new(2).unwrap()))
        .procedure(Procedure::new("95937".parse().unwrap()).with_units(Units::new(2).unwrap()))
        .build()
        .unwrap()
}

/// The vignette's policy (`policy`), or the default.
pub fn policy_of(doc: &Value) -> Policy {
    doc.get("policy")
        .map(|p| serde_json::from_value(p.clone()).unwrap())
        .unwrap_or_default()
}

/// Every vignette under the engine's `tests/fixtures/vignettes` (`case`, optional `policy`, `expect`),
/// with its file name, in file-name order.
pub fn vignettes() -> Vec<(String, Value)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/vignettes");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    paths.sort();
    assert!(!paths.is_empty(), "no vignettes in {}", dir.display());
    paths
        .into_iter()
        .map(|p| {
            let text = std::fs::read_to_string(&p).unwrap();
            let doc =
                serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
            (p.file_name().unwrap().to_string_lossy().into_owned(), doc)
        })
        .collect()
}

pub fn manifest_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Builds the example once per test run and returns its path (asked of cargo, so it works
/// whatever the target directory).
pub fn example_binary() -> &'static Path {
    static BIN: OnceLock<PathBuf> = OnceLock::new();
    BIN.get_or_init(|| build_example(&[]))
}

fn build_example(extra: &[&str]) -> PathBuf {
    {
        let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
        let out = Command::new(cargo)
            .args([
                "build",
                "--quiet",
                "-p",
                "edx-coverage-fhir",
                "--example",
                "cds-hooks",
                "--message-format=json-render-diagnostics",
            ])
            .args(extra)
            .current_dir(manifest_dir())
            .stderr(Stdio::inherit())
            .output()
            .expect("run cargo build");
        assert!(
            out.status.success(),
            "cargo build -p edx-coverage-fhir --example cds-hooks failed"
        );
        let stdout = String::from_utf8(out.stdout).unwrap();
        stdout
            .lines()
            .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
            .filter(|m| m["reason"] == "compiler-artifact" && m["target"]["name"] == "cds-hooks")
            .find_map(|m| m["executable"].as_str().map(PathBuf::from))
            .expect("cargo reported no executable for the cds-hooks example")
    }
}

pub fn run_example(args: &[&str], stdin: &str) -> Output {
    run_binary(example_binary(), args, stdin)
}

pub fn run_binary(binary: &Path, args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(binary)
        .args(args)
        .current_dir(manifest_dir())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn the cds-hooks example");
    {
        let mut input = child.stdin.take().unwrap();
        // The example may exit before reading everything; a broken pipe is fine then.
        let _ = input.write_all(stdin.as_bytes());
    }
    child.wait_with_output().unwrap()
}
