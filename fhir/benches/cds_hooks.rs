//! The CDS Hooks path: a typical order-sign request (one patient, two
//! draft orders, 21 resources) from JSON text to response text. See BENCHMARKS.md.
//!
//! ```text
//! cargo bench -p edx-coverage-fhir --bench cds_hooks -- --warm-up-time 1 --measurement-time 3
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
use edx_coverage_fhir::cds_hooks::{answer, answer_value, map_value, Options};
use serde_json::Value;

#[path = "common/mod.rs"]
mod common;
use common::typical;

fn cds_hooks(c: &mut Criterion) {
    let policy = Policy::default();
    let options = Options::default().with_date("2026-11-27");
    let text = typical();
    let mut g = c.benchmark_group("cds_hooks");
    g.bench_function("end_to_end/typical", |b| {
        b.iter(|| {
            answer(black_box(&text), black_box(&policy), black_box(&options))
                .unwrap()
                .json()
                .to_owned()
        });
    });
    // Where the time goes: parsing the text, mapping FHIR to a case, answering from the
    // parsed value (mapping + evaluate + response tree), writing the response text.
    g.bench_function("parse/typical", |b| {
        b.iter(|| serde_json::from_str::<Value>(black_box(&text)).unwrap());
    });
    // The floor of any serde_json reading: scanning the text without building anything.
    g.bench_function("scan/typical", |b| {
        b.iter(|| serde_json::from_str::<serde::de::IgnoredAny>(black_box(&text)).unwrap());
    });
    // `map` from text: the parse plus the mapping.
    g.bench_function("map_text/typical", |b| {
        b.iter(|| edx_coverage_fhir::cds_hooks::map(black_box(&text)).unwrap());
    });
    let value: Value = serde_json::from_str(&text).unwrap();
    g.bench_function("map/typical", |b| {
        b.iter(|| map_value(black_box(&value)).unwrap());
    });
    g.bench_function("answer_value/typical", |b| {
        b.iter(|| answer_value(black_box(&value), &policy, &options).unwrap());
    });
    let a = answer_value(&value, &policy, &options).unwrap();
    g.bench_function("serialize/typical", |b| {
        b.iter(|| black_box(&a).json().to_owned());
    });
    g.finish();
}

criterion_group!(benches, cds_hooks);
criterion_main!(benches);
