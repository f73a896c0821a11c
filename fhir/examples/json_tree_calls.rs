//! Runs one step of the CDS Hooks reader N times on the typical order-sign request, for an
//! instruction count under valgrind that the load on a shared machine does not move
//! (BENCHMARKS.md, "The JSON tree"). The difference between two values of N, divided by
//! their difference, is the cost of one call without the start-up.
//!
//! ```text
//! cargo build --release -p edx-coverage-fhir --example json-tree-calls
//! valgrind --tool=callgrind --callgrind-out-file=/dev/null \
//!     target/release/examples/json-tree-calls hand_written 1100
//! ```
//!
//! Steps: `hand_written`, `serde_json_borrow`, `serde_json_value`, `scan`, `end_to_end`,
//! `at_risk` (the whole path for an order-sign request that gets a card and the path to
//! coverage: R25.2 alone with fasciculations on exam, NCS and needle EMG), `none` (start-up
//! only).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::hint::black_box;
use std::path::Path;

use edx_coverage::Case;
use edx_coverage::Policy;
use edx_coverage_fhir::cds_hooks::{answer, parse_tree_only, to_request, Hook, Options};
use serde_json::Value;

fn main() {
    let mut args = std::env::args().skip(1);
    let step = args.next().expect("a step");
    let n: u32 = args.next().expect("a count").parse().expect("a number");
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/cds-hooks/ours/typical-order-sign.json");
    let text = std::fs::read_to_string(path).unwrap();
    let text = serde_json::to_string(&serde_json::from_str::<Value>(&text).unwrap()).unwrap();
    let at_risk: Case = serde_json::from_str(
        r#"{"diagnoses":[{"code":"R25.2"}],"findings":[{"kind":"fasciculations","source":"exam"}],
            "procedures":[{"cpt":"95910"},{"cpt":"95886"}]}"#,
    )
    .unwrap();
    let at_risk = to_request(&at_risk, Hook::OrderSign, "2026-11-27").to_string();
    let policy = Policy::default();
    let options = Options::default().with_date("2026-11-27");
    for _ in 0..n {
        let text = black_box(text.as_str());
        match step.as_str() {
            "hand_written" => parse_tree_only(text).unwrap(),
            "serde_json_borrow" => {
                black_box(serde_json::from_str::<serde_json_borrow::Value<'_>>(text).unwrap());
            }
            "serde_json_value" => {
                black_box(serde_json::from_str::<Value>(text).unwrap());
            }
            "scan" => {
                black_box(serde_json::from_str::<serde::de::IgnoredAny>(text).unwrap());
            }
            "end_to_end" => {
                black_box(answer(text, &policy, &options).unwrap().json().to_owned());
            }
            "at_risk" => {
                black_box(
                    answer(black_box(&at_risk), &policy, &options)
                        .unwrap()
                        .json()
                        .to_owned(),
                );
            }
            "none" => {}
            other => panic!("unknown step {other}"),
        }
    }
}
