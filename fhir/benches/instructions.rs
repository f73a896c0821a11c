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
use std::path::Path;

use edx_coverage::Policy;
use edx_coverage_fhir::cds_hooks::{answer, Options};
use serde_json::Value;

const WORKLOADS: &[&str] = &[
    "cds_hooks/answer/typical-order-sign",
    "floor/serde_json_value/typical-order-sign",
];

/// The typical order-sign request (11 kB, 21 resources), compact, as a client sends it.
fn typical() -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/cds-hooks/ours/typical-order-sign.json");
    let text = std::fs::read_to_string(path).unwrap();
    serde_json::to_string(&serde_json::from_str::<Value>(&text).unwrap()).unwrap()
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
    match name.as_str() {
        "cds_hooks/answer/typical-order-sign" => {
            let policy = Policy::default();
            let options = Options::default().with_date("2026-11-27");
            for _ in 0..n {
                let a = answer(black_box(&text), black_box(&policy), black_box(&options));
                black_box(a.unwrap().json().len());
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
