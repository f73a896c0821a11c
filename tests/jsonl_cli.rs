//! The example's `--jsonl` (feature `json`): one output line per input line, in order,
//! determinations for valid lines and `{"line", "error": {"path", "message"}}` for the
//! others, exit status 0 or 2 after every line, nothing drawn on a piped standard error.
//!
//! Run with `cargo test --features json --test jsonl_cli`.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use std::process::Output;

use serde_json::{json, Value};

fn run(args: &[&str], stdin: &str) -> Output {
    common::run_binary(common::example_binary_with_json(), args, stdin)
}

fn lines(out: &Output) -> Vec<Value> {
    String::from_utf8(out.stdout.clone())
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{l}: {e}")))
        .collect()
}

/// Every vignette on one line each, in file order: each output line has the vignette's
/// expected fields, exit status 0, and nothing on standard error.
#[test]
fn vignettes_as_lines() {
    let vignettes: Vec<(String, Value)> = common::vignettes()
        .into_iter()
        .filter(|(_, doc)| doc.get("policy").is_none())
        .collect();
    assert!(vignettes.len() > 10);
    let input: String = vignettes
        .iter()
        .map(|(_, doc)| format!("{}\n", doc["case"]))
        .collect();
    let out = run(&["--jsonl", "-"], &input);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let got = lines(&out);
    assert_eq!(got.len(), vignettes.len());
    for ((name, doc), line) in vignettes.iter().zip(&got) {
        for (field, want) in doc["expect"].as_object().unwrap() {
            assert_eq!(&line[field], want, "{name}: {field}");
        }
    }
}

/// `--format plan`: every vignette's line is its expected path to coverage (the vignette's
/// `expect_plan`), bad lines still reported in place.
#[test]
fn plans_as_lines() {
    let vignettes: Vec<(String, Value)> = common::vignettes()
        .into_iter()
        .filter(|(_, doc)| doc.get("policy").is_none() && doc.get("expect_plan").is_some())
        .collect();
    assert!(vignettes.len() > 10);
    let mut input: String = vignettes
        .iter()
        .map(|(_, doc)| format!("{}\n", doc["case"]))
        .collect();
    input.push_str("{\"diagnoses\":[{\"code\":\"R2\"}]}\n");
    let out = run(&["--jsonl", "--format", "plan", "-"], &input);
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    let got = lines(&out);
    assert_eq!(got.len(), vignettes.len() + 1);
    for ((name, doc), line) in vignettes.iter().zip(&got) {
        let mut line = line.clone();
        line.as_object_mut().unwrap().remove("ruleset");
        assert_eq!(&line, &doc["expect_plan"], "{name}");
    }
    assert_eq!(
        got[vignettes.len()],
        json!({"line": vignettes.len() + 1, "error": {"path": "diagnoses[0].code", "message": "\"R2\" is not an ICD-10-CM code"}})
    );
}

/// Bad lines are reported in place with their 1-based number, path and message; the valid
/// lines around them are still scored; exit status 2 after everything is written.
#[test]
fn bad_lines_in_place() {
    let input = concat!(
        "{\"diagnoses\":[{\"code\":\"R25.2\"}]}\n",
        "{\"diagnoses\":[{\"code\":\"R2\"}]}\n",
        "{\"diagnoses\":[{\"code\":\"G62.9\"}]}\r\n",
        "not json\n",
        "\n",
        "{\"diagnoses\":[{\"code\":\"R25.2\"}],\"findings\":[{\"kind\":\"fasiculations\"}]}\n",
        "{\"diagnoses\":[{\"code\":\"G62.9\"}]}",
    );
    let out = run(&["--jsonl"], input);
    assert_eq!(out.status.code(), Some(2));
    let got = lines(&out);
    assert_eq!(got.len(), 7);
    assert_eq!(got[0]["coverage"], "likely_denied");
    assert_eq!(
        got[1],
        json!({"line": 2, "error": {"path": "diagnoses[0].code", "message": "\"R2\" is not an ICD-10-CM code"}})
    );
    assert_eq!(got[2]["indication"], "indicated");
    for (i, n) in [(3, 4), (4, 5)] {
        assert_eq!(got[i]["line"], n);
        assert_eq!(got[i]["error"]["path"], "");
        assert!(got[i]["error"]["message"]
            .as_str()
            .unwrap()
            .contains("line 1"));
    }
    assert_eq!(
        got[5],
        json!({"line": 6, "error": {"path": "findings[0].kind", "message": "unknown finding kind \"fasiculations\""}})
    );
    assert_eq!(got[6]["indication"], "indicated");
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(
        stderr,
        "error: 4 of 7 lines refused (see their \"error\" lines)\n"
    );
}

/// A line that is not UTF-8 text is one error line, not the end of the run.
#[test]
fn invalid_utf8_is_a_line_error() {
    let mut child = std::process::Command::new(common::example_binary_with_json())
        .args(["--jsonl"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    {
        use std::io::Write;
        let mut stdin = child.stdin.take().unwrap();
        stdin
            .write_all(b"{\"diagnoses\":[{\"code\":\"R2\xff\"}]}\n")
            .unwrap();
        stdin
            .write_all(b"{\"diagnoses\":[{\"code\":\"R25.2\"}]}\n")
            .unwrap();
    }
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let got = lines(&out);
    assert_eq!(
        got[0],
        json!({"line": 1, "error": {"path": "", "message": "is not UTF-8 text"}})
    );
    assert_eq!(got[1]["ruleset"], edx_coverage::RULESET);
}

/// The policy applies to every line; a file works as standard input does; empty input is
/// no output and exit status 0.
#[test]
fn policy_file_and_empty_input() {
    let dir = common::manifest_dir().join("examples/cases");
    let case = std::fs::read_to_string(dir.join("payer-accepts-symptom-codes.json")).unwrap();
    let case: Value = serde_json::from_str(&case).unwrap();
    let policy = dir.join("payer-accepts-symptom-codes.policy.json");
    let input = format!("{case}\n{case}\n");
    let strict = lines(&run(&["--jsonl"], &input));
    let lenient = lines(&run(
        &["--jsonl", "--policy", policy.to_str().unwrap()],
        &input,
    ));
    assert_eq!(strict.len(), 2);
    assert_eq!(strict[0], strict[1]);
    assert_eq!(lenient[0], lenient[1]);
    assert_ne!(strict[0]["coverage"], lenient[0]["coverage"]);

    let file = std::env::temp_dir().join(format!("edx-jsonl-{}.jsonl", std::process::id()));
    std::fs::write(&file, &input).unwrap();
    let from_file = run(&["--jsonl", file.to_str().unwrap()], "");
    std::fs::remove_file(&file).unwrap();
    assert_eq!(lines(&from_file), strict);

    let empty = run(&["--jsonl"], "");
    assert_eq!(empty.status.code(), Some(0));
    assert!(empty.stdout.is_empty());
}

/// `--jsonl` is refused with `--format text`; a missing file is exit status 2.
#[test]
fn refused_arguments() {
    let out = run(&["--jsonl", "--format", "text"], "");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8(out.stderr)
        .unwrap()
        .starts_with("error: --jsonl"));
    let out = run(&["--jsonl", "no-such-file.jsonl"], "");
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
}
