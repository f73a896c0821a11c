//! Instruction counts of the CDS Hooks path, for `scripts/instructions.py` (callgrind; CI
//! checks them against `benches/instructions.baseline`). Same protocol as the engine's
//! `benches/instructions.rs`: `instructions <workload> <iterations>`, `--list`.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::hint::black_box;

use edx_coverage::{Case, Policy};
use edx_coverage_fhir::cds_hooks::{answer, parse_tree_only, to_request, Hook, Options};
use serde_json::Value;

#[path = "common/mod.rs"]
mod common;
use common::typical;

const WORKLOADS: &[&str] = &[
    "cds_hooks/answer/typical-order-sign",
    "cds_hooks/answer/at-risk-order-sign",
    "floor/serde_json_value/typical-order-sign",
    "json_tree/parse/hand_written/typical-order-sign",
    "json_tree/parse/serde_json_borrow/typical-order-sign",
    "json_tree/parse/serde_json_value/typical-order-sign",
    "json_tree/scan/typical-order-sign",
];

/// An order-sign request that gets a card and the path to coverage: R25.2 alone with
/// fasciculations on exam, NCS and needle EMG (at risk; coding the finding and documenting
/// the differential get it covered).
fn at_risk() -> String {
    let case: Case = serde_json::from_str(
        r#"{"diagnoses":[{"code":"R25.2"}],"findings":[{"kind":"fasciculations","source":"exam"}],
            "procedures":[{"cpt":"95910"},{"cpt":"95886"}]}"#,
    )
    .unwrap();
    to_request(&case, Hook::OrderSign, "2026-11-27").to_string()
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(name) = args.iter().find(|a| !a.starts_with("--")) else {
        if args.iter().any(|a| a == "--list") {
            WORKLOADS.iter().for_each(|w| println!("{w}"));
        }
        return;
    };
    let n: u64 = args.get(1).map_or(1, |n| n.parse().unwrap());
    let text = typical();
    let policy = Policy::default();
    let options = Options::default().with_date("2026-11-27");
    match name.as_str() {
        "cds_hooks/answer/typical-order-sign" => {
            for _ in 0..n {
                let a = answer(black_box(&text), black_box(&policy), black_box(&options));
                black_box(a.unwrap().json().len());
            }
        }
        "cds_hooks/answer/at-risk-order-sign" => {
            let text = at_risk();
            for _ in 0..n {
                let a = answer(black_box(&text), black_box(&policy), black_box(&options));
                black_box(a.unwrap().json().len());
            }
        }
        // Which JSON tree the reader uses (DESIGN.md, "CDS Hooks and FHIR R4"): each reads
        // the request and drops the tree.
        "json_tree/parse/hand_written/typical-order-sign" => {
            for _ in 0..n {
                parse_tree_only(black_box(&text)).unwrap();
            }
        }
        "json_tree/parse/serde_json_borrow/typical-order-sign" => {
            for _ in 0..n {
                black_box(
                    serde_json::from_str::<serde_json_borrow::Value<'_>>(black_box(&text)).unwrap(),
                );
            }
        }
        "json_tree/parse/serde_json_value/typical-order-sign" => {
            for _ in 0..n {
                black_box(serde_json::from_str::<Value>(black_box(&text)).unwrap());
            }
        }
        "json_tree/scan/typical-order-sign" => {
            for _ in 0..n {
                black_box(serde_json::from_str::<serde::de::IgnoredAny>(black_box(&text)).unwrap());
            }
        }
        "floor/serde_json_value/typical-order-sign" => {
            for _ in 0..n {
                let v: Value = serde_json::from_str(black_box(&text)).unwrap();
                black_box(serde_json::to_string(&v).unwrap());
            }
        }
        other => panic!("unknown workload {other:?}; known: {WORKLOADS:?}"),
    }
}
