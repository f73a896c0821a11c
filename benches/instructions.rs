//! Instruction counts, not seconds: the workloads `scripts/instructions.py` runs under
//! valgrind's callgrind and checks against `benches/instructions.baseline`.
//!
//! `instructions <workload> <iterations>` runs one workload that many times and prints
//! nothing. The script runs each workload twice (0 and N iterations) and divides the
//! difference by N, so start-up, parsing of the fixed inputs and valgrind's own overhead
//! cancel out: what is left is the cost of one call, the same on every run of the same
//! binary whatever else the machine is doing. `instructions --list` names the workloads.
//!
//! Needs `--features json` (the JSON workloads); `cargo bench --no-run --all-features`
//! builds it.
#![allow(
    missing_docs,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::hint::black_box;

use edx_coverage::{evaluate, json, plan, Case, Diagnosis, IcdCode, Policy};

#[path = "common/mod.rs"]
mod common;

/// The workloads, by name. The name is what the baseline file records.
const WORKLOADS: &[&str] = &[
    "evaluate/r25.2-alone",
    "evaluate/typical",
    "evaluate/claim",
    "evaluate/largest",
    "plan/typical",
    "plan/claim",
    "json/evaluate_str/typical",
    "json/evaluate_str/claim",
    "floor/serde_json_value/typical",
    "json/serde_typed/typical",
    "json/serde_typed/claim",
    "floor/serde_json_value/claim",
    "json/evaluate_str/batch",
    "json/serde_typed/batch",
    "floor/serde_json_value/batch",
    "diagnosis/typical",
    "diagnosis/other",
];

/// One call: each code's text to a `Diagnosis` (`IcdCode::parse`, then `Diagnosis::new`:
/// the code-set look-up and the class), as the JSON reader does for each diagnosis.
fn run_diagnoses(codes: &[&str], n: u64) {
    for _ in 0..n {
        for code in codes {
            black_box(Diagnosis::new(IcdCode::parse(black_box(code)).unwrap()));
        }
    }
}

fn run_evaluate(case: &Case, n: u64) {
    let policy = Policy::default();
    for _ in 0..n {
        black_box(evaluate(black_box(case), black_box(&policy)));
    }
}

fn run_plan(case: &Case, n: u64) {
    let policy = Policy::default();
    for _ in 0..n {
        black_box(plan(black_box(case), black_box(&policy)));
    }
}

fn run_json(text: &str, n: u64) {
    for _ in 0..n {
        black_box(json::evaluate_str(black_box(text), None).unwrap());
    }
}

/// The floor of any JSON host: serde_json reading the text into a `Value` and writing it.
fn run_value_round_trip(text: &str, n: u64) {
    for _ in 0..n {
        let v: serde_json::Value = serde_json::from_str(black_box(text)).unwrap();
        black_box(serde_json::to_string(&v).unwrap());
    }
}

/// The typed serde path: `from_str::<Case>` (and `::<Policy>` when there is a policy text)
/// + `evaluate` + `to_string`.
fn typed(case: &str, policy: Option<&str>) -> String {
    let c: Case = serde_json::from_str(black_box(case)).unwrap();
    let p: Policy = policy.map_or_else(Policy::default, |p| serde_json::from_str(p).unwrap());
    serde_json::to_string(&evaluate(&c, &p)).unwrap()
}

fn run_typed(text: &str, n: u64) {
    for _ in 0..n {
        black_box(typed(text, None));
    }
}

/// One iteration: every bundled case (`common::bundled`: the vignettes and the example cases,
/// deduplicated) with its policy text. The count is the whole batch's; per case, divide by
/// the number of bundled cases (criterion's `json_floor/batch_N` names it).
fn run_batch(n: u64, path: fn(&str, Option<&str>) -> String) {
    let cases = common::bundled(std::path::Path::new(env!("CARGO_MANIFEST_DIR")));
    for _ in 0..n {
        for bc in &cases {
            black_box(path(black_box(&bc.case_json), bc.policy_json.as_deref()));
        }
    }
}

fn value_pair(case: &str, policy: Option<&str>) -> String {
    let v: serde_json::Value = serde_json::from_str(black_box(case)).unwrap();
    let mut out = serde_json::to_string(&v).unwrap();
    if let Some(p) = policy {
        let v: serde_json::Value = serde_json::from_str(black_box(p)).unwrap();
        out.push_str(&serde_json::to_string(&v).unwrap());
    }
    out
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    // `cargo bench` passes `--bench`; run nothing then (the script runs the binary itself).
    let Some(name) = args.iter().find(|a| !a.starts_with("--")) else {
        if args.iter().any(|a| a == "--list") {
            WORKLOADS.iter().for_each(|w| println!("{w}"));
        }
        return;
    };
    let n: u64 = match args.get(1) {
        Some(n) => n.parse().expect("iterations: a whole number"),
        None => 1,
    };
    match name.as_str() {
        "evaluate/r25.2-alone" => run_evaluate(&common::parse(common::R25_2_ALONE), n),
        "evaluate/typical" => run_evaluate(&common::parse(common::TYPICAL), n),
        "evaluate/claim" => run_evaluate(&common::parse(common::CLAIM), n),
        "evaluate/largest" => run_evaluate(&common::largest(), n),
        "plan/typical" => run_plan(&common::parse(common::TYPICAL), n),
        "plan/claim" => run_plan(&common::parse(common::CLAIM), n),
        "json/evaluate_str/typical" => run_json(common::TYPICAL, n),
        "json/evaluate_str/claim" => run_json(common::CLAIM, n),
        "floor/serde_json_value/typical" => run_value_round_trip(common::TYPICAL, n),
        "json/serde_typed/typical" => run_typed(common::TYPICAL, n),
        "json/serde_typed/claim" => run_typed(common::CLAIM, n),
        "floor/serde_json_value/claim" => run_value_round_trip(common::CLAIM, n),
        "json/evaluate_str/batch" => run_batch(n, |c, p| json::evaluate_str(c, p).unwrap()),
        "json/serde_typed/batch" => run_batch(n, typed),
        "floor/serde_json_value/batch" => run_batch(n, value_pair),
        // The typical case's three codes; four `other` codes (in none of the lists).
        "diagnosis/typical" => run_diagnoses(&["R25.2", "R25.3", "M62.81"], n),
        "diagnosis/other" => run_diagnoses(&["I10", "E11.9", "Z79.4", "M54.2"], n),
        other => panic!("unknown workload {other:?}; known: {WORKLOADS:?}"),
    }
}
