//! Which JSON tree the CDS Hooks reader should use (DESIGN.md, "CDS Hooks and FHIR R4"):
//! the typical 11 kB order-sign request read into (a) the crate's own borrowed tree,
//! (b) `serde_json_borrow::Value`, (c) `serde_json::Value`, and the whole request path
//! (text in, response text out), all in one run so the ratios are comparable. Every parse
//! includes dropping the tree. See BENCHMARKS.md.
//!
//! ```text
//! cargo bench -p edx-coverage-fhir --bench json_tree -- --warm-up-time 1 --measurement-time 3
//! ```
#![allow(missing_docs)] // criterion_group! writes an undocumented public fn
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion};
use edx_coverage::Policy;
use edx_coverage_fhir::cds_hooks::{answer, parse_tree_only, Options};
use serde_json::Value;

#[path = "common/mod.rs"]
mod common;
use common::typical;

fn json_tree(c: &mut Criterion) {
    let text = typical();
    // The three trees read the same document: check it once before timing anything.
    let borrowed: serde_json_borrow::Value<'_> = serde_json::from_str(&text).unwrap();
    let value: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(serde_json::to_value(&borrowed).unwrap(), value);
    parse_tree_only(&text).unwrap();

    let policy = Policy::default();
    let options = Options::default().with_date("2026-11-27");
    let mut g = c.benchmark_group("json_tree");
    g.bench_function("parse/hand_written", |b| {
        b.iter(|| parse_tree_only(black_box(&text)).unwrap());
    });
    g.bench_function("parse/serde_json_borrow", |b| {
        b.iter(|| serde_json::from_str::<serde_json_borrow::Value<'_>>(black_box(&text)).unwrap());
    });
    g.bench_function("parse/serde_json_value", |b| {
        b.iter(|| serde_json::from_str::<Value>(black_box(&text)).unwrap());
    });
    // The floor of any serde_json reading: scanning the text without building anything.
    g.bench_function("scan", |b| {
        b.iter(|| serde_json::from_str::<serde::de::IgnoredAny>(black_box(&text)).unwrap());
    });
    // The whole request path: text in, response text out (the goal: at most 20 µs, and
    // no slower than `parse/serde_json_value`).
    g.bench_function("end_to_end", |b| {
        b.iter(|| {
            answer(black_box(&text), black_box(&policy), black_box(&options))
                .unwrap()
                .json()
                .to_owned()
        });
    });
    g.finish();
}

criterion_group!(benches, json_tree);
criterion_main!(benches);
