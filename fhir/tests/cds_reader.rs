//! The request reader against `serde_json`, the oracle: on every fixture request, every
//! vignette sent as a request and thousands of mutations of them, `answer(text)` (the fast
//! reader, falling back to `serde_json`) gives exactly what `answer_value(&Value)` gives for
//! the `Value` serde_json reads (same response text, same issues, same refusal), and refuses
//! exactly the texts serde_json refuses, with serde_json's message. And the byte-order mark:
//! accepted at the very start, refused anywhere else.
//!
//! Run with `cargo test -p edx-coverage-fhir --test cds_reader`.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use std::path::{Path, PathBuf};

use common::{policy_of, vignette_case};
use edx_coverage::Policy;
use edx_coverage_fhir::cds_hooks::{
    answer, answer_value, to_request, Hook, HookErrorKind, Options,
};
use serde_json::Value;

fn options() -> Options {
    Options::default().with_date("2026-11-27")
}

/// Every request text: the fixtures (ours and others'), pretty as stored and compact, and
/// every vignette as a request, with its policy.
fn requests() -> Vec<(String, String, Policy)> {
    let mut out = Vec::new();
    let root = common::manifest_dir().join("tests/fixtures/cds-hooks");
    let mut paths = Vec::new();
    collect(&root, &mut paths);
    paths.sort();
    assert!(paths.len() >= 10, "{}", root.display());
    for p in paths {
        let text = std::fs::read_to_string(&p).unwrap();
        let name = p.display().to_string();
        if let Ok(v) = serde_json::from_str::<Value>(&text) {
            out.push((
                format!("{name} (compact)"),
                v.to_string(),
                Policy::default(),
            ));
        }
        out.push((name, text, Policy::default()));
    }
    for (name, doc) in common::vignettes() {
        let case = vignette_case(&doc);
        let request = to_request(&case, Hook::OrderSign, "2026-11-27");
        out.push((name, request.to_string(), policy_of(&doc)));
    }
    out
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            collect(&p, out);
        } else if p.extension().is_some_and(|x| x == "json") {
            out.push(p);
        }
    }
}

/// `answer(text)` is what serde_json's reading of `text` gives.
fn same_as_serde_json(name: &str, text: &str, policy: &Policy) {
    let got = answer(text, policy, &options());
    match serde_json::from_str::<Value>(text) {
        Err(e) => {
            let err = got.expect_err(name);
            assert_eq!(err.kind(), HookErrorKind::Syntax, "{name}");
            assert_eq!(err.path(), "", "{name}");
            assert_eq!(err.message(), e.to_string(), "{name}");
        }
        Ok(v) => {
            let want = answer_value(&v, policy, &options());
            match (got, want) {
                (Ok(a), Ok(b)) => assert_eq!(a, b, "{name}"),
                (Err(a), Err(b)) => assert_eq!(a, b, "{name}"),
                (a, b) => panic!("{name}: {a:?} against {b:?}"),
            }
        }
    }
}

#[test]
fn every_request_reads_as_serde_json_reads_it() {
    for (name, text, policy) in requests() {
        same_as_serde_json(&name, &text, &policy);
    }
}

/// A small deterministic generator (xorshift), so the mutations are the same every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// Bytes that change what JSON means: structure, escapes, number parts, controls, a BOM.
const PIECES: &[&str] = &[
    "{",
    "}",
    "[",
    "]",
    ",",
    ":",
    "\"",
    "\\",
    "\\\"",
    "\\u0041",
    "\\ud800",
    "\\n",
    "\\x",
    "0",
    "-",
    "-0",
    "1.5",
    "1e400",
    "e",
    ".",
    "01",
    " ",
    "\n",
    "\t",
    "\u{1}",
    "\u{7f}",
    "null",
    "true",
    "nul",
    "é",
    "\u{feff}",
    "18446744073709551616",
    "-9223372036854775809",
];

fn mutate(rng: &mut Rng, text: &str) -> String {
    let mut s = text.to_owned();
    for _ in 0..=rng.below(2) {
        // Cut and insert only on character boundaries: the reader takes a `&str`.
        let mut at = rng.below(s.len() + 1);
        while !s.is_char_boundary(at) {
            at -= 1;
        }
        match rng.below(4) {
            0 => s.insert_str(at, PIECES[rng.below(PIECES.len())]),
            1 => {
                let mut end = (at + 1 + rng.below(4)).min(s.len());
                while !s.is_char_boundary(end) {
                    end += 1;
                }
                s.replace_range(at..end, "");
            }
            2 => {
                let mut end = (at + 1).min(s.len());
                while !s.is_char_boundary(end) {
                    end += 1;
                }
                s.replace_range(at..end, PIECES[rng.below(PIECES.len())]);
            }
            _ => s.truncate(at),
        }
    }
    s
}

/// Mutations of every request: most are refused (and must be refused with serde_json's
/// message), the rest must be answered exactly as serde_json's reading is.
#[test]
fn mutated_requests_read_as_serde_json_reads_them() {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let mut accepted = 0;
    let mut total = 0;
    for (name, text, policy) in requests() {
        for i in 0..60 {
            let m = mutate(&mut rng, &text);
            accepted += usize::from(serde_json::from_str::<Value>(&m).is_ok());
            total += 1;
            same_as_serde_json(&format!("{name} mutation {i}"), &m, &policy);
        }
    }
    // The mutations must exercise both sides.
    eprintln!("{total} mutations, {accepted} of them JSON");
    assert!(accepted > total / 20, "{accepted} of {total} accepted");
    assert!(accepted < total * 19 / 20, "{accepted} of {total} accepted");
}

/// Goal: a byte-order mark at the very start is not part of the request (Windows editors
/// write one); anywhere else it is the syntax error serde_json says it is.
#[test]
fn a_byte_order_mark_is_accepted_only_at_the_start() {
    for (name, text, policy) in requests().into_iter().take(8) {
        let plain = answer(&text, &policy, &options());
        let with_bom = answer(&format!("\u{feff}{text}"), &policy, &options());
        assert_eq!(format!("{with_bom:?}"), format!("{plain:?}"), "{name}");
        let trimmed = text.trim_start();
        let inside = format!("{}\u{feff}{}", &trimmed[..1], &trimmed[1..]);
        let err = answer(&inside, &policy, &options()).unwrap_err();
        assert_eq!(err.kind(), HookErrorKind::Syntax, "{name}");
        let want = serde_json::from_str::<Value>(&inside)
            .unwrap_err()
            .to_string();
        assert_eq!(err.message(), want, "{name}");
        let twice = format!("\u{feff}\u{feff}{text}");
        assert_eq!(
            answer(&twice, &policy, &options()).unwrap_err().kind(),
            HookErrorKind::Syntax,
            "{name}"
        );
    }
}

/// The `cds-hooks` example reads a request that starts with a byte-order mark as the same
/// request, and refuses one with a mark inside (exit 2, the syntax error).
#[test]
fn the_example_accepts_a_byte_order_mark_at_the_start() {
    let bin = common::example_binary();
    let path = common::manifest_dir().join("tests/fixtures/cds-hooks/ours/typical-order-sign.json");
    let text = std::fs::read_to_string(path).unwrap();
    let args = ["--format", "cds-hooks", "--date", "2026-11-27", "-"];
    let plain = common::run_binary(bin, &args, &text);
    assert!(
        plain.status.success(),
        "{}",
        String::from_utf8_lossy(&plain.stderr)
    );
    let with_bom = common::run_binary(bin, &args, &format!("\u{feff}{text}"));
    assert!(
        with_bom.status.success(),
        "{}",
        String::from_utf8_lossy(&with_bom.stderr)
    );
    assert_eq!(with_bom.stdout, plain.stdout);
    let inside = common::run_binary(
        bin,
        &args,
        &format!("{{\u{feff}{}", &text.trim_start()[1..]),
    );
    assert_eq!(inside.status.code(), Some(2));
    assert!(inside.stdout.is_empty());
    let stderr = String::from_utf8_lossy(&inside.stderr);
    assert!(stderr.contains("request refused (400)"), "{stderr}");
}

/// A prefetch resource sent twice: the same content is read once, silently; different
/// content under the same type and id is read twice with an issue on the second. (The
/// expected answers are those of the reader before the arena, which kept a map of the
/// resources seen.)
#[test]
fn resources_sent_twice() {
    let path = common::manifest_dir().join("tests/fixtures/cds-hooks/ours/typical-order-sign.json");
    let request: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let policy = Policy::default();
    let plain = answer(&request.to_string(), &policy, &options()).unwrap();

    let mut same = request.clone();
    let condition = same["prefetch"]["conditions"]["entry"][1].clone();
    let observation = same["prefetch"]["observations"]["entry"][9]["resource"].clone();
    same["prefetch"]["more"] = serde_json::json!({"resourceType": "Bundle", "type": "searchset",
        "entry": [condition.clone()]});
    same["prefetch"]["vitals"] = observation.clone();
    let again = answer(&same.to_string(), &policy, &options()).unwrap();
    assert_eq!(again.issues(), plain.issues());
    assert_eq!(again.json(), plain.json());

    let mut changed = same.clone();
    changed["prefetch"]["more"]["entry"][0]["resource"]["note"] =
        serde_json::json!([{"text": "seen again"}]);
    changed["prefetch"]["vitals"]["status"] = serde_json::json!("amended");
    let twice = answer(&changed.to_string(), &policy, &options()).unwrap();
    let new: Vec<String> = twice
        .issues()
        .iter()
        .filter(|i| !plain.issues().contains(i))
        .map(ToString::to_string)
        .collect();
    assert_eq!(
        new,
        [
            "prefetch.more.entry[0].resource: Condition/ddx-neuro appears twice with different \
             content; both read",
            "prefetch.vitals: Observation/vs-hr appears twice with different content; both read",
            "prefetch.vitals.code: no SNOMED CT, ICD-10-CM, LOINC or edx-coverage code the \
             mapping reads; not used",
        ],
        "{:#?}",
        twice.issues()
    );
}
