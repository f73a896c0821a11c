//! The JSON path against its floor: `json::evaluate_str` and the typed `serde_json` path
//! (`from_str::<Case>` + `from_str::<Policy>` + `evaluate` + `to_string`) beside a `serde_json::Value` round trip of
//! the same text (read into a `Value`, written back), which every JSON host already pays.
//! See BENCHMARKS.md.
//!
//! ```text
//! cargo bench --features json --bench json -- --warm-up-time 1 --measurement-time 3
//! ```
#![allow(missing_docs)] // criterion_group! writes an undocumented public fn
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::hint::black_box;
use std::path::Path;

use criterion::{criterion_group, criterion_main, Criterion};
use edx_coverage::json::evaluate_str;
use edx_coverage::{evaluate, Case, Policy};

mod common;

fn value_round_trip(text: &str) -> String {
    let v: serde_json::Value = serde_json::from_str(text).unwrap();
    serde_json::to_string(&v).unwrap()
}

/// `from_str::<Case>` (and `::<Policy>` when there is a policy text) + `evaluate` +
/// `to_string`.
fn typed(text: &str, policy: Option<&str>) -> String {
    let case: Case = serde_json::from_str(text).unwrap();
    let policy: Policy = policy.map_or_else(Policy::default, |p| serde_json::from_str(p).unwrap());
    serde_json::to_string(&evaluate(&case, &policy)).unwrap()
}

/// The typical case and the claim case, one document per iteration.
fn single(c: &mut Criterion) {
    for (name, text) in [("typical", common::TYPICAL), ("claim", common::CLAIM)] {
        let mut g = c.benchmark_group(format!("json_floor/{name}"));
        g.bench_function("value_round_trip", |b| {
            b.iter(|| value_round_trip(black_box(text)));
        });
        g.bench_function("evaluate_str", |b| {
            b.iter(|| evaluate_str(black_box(text), None).unwrap());
        });
        g.bench_function("from_str_case", |b| {
            b.iter(|| typed(black_box(text), None));
        });
        g.finish();
    }
}

/// Every bundled case (vignettes and examples, each with its own policy text) per iteration.
fn batch(c: &mut Criterion) {
    let cases = common::bundled(Path::new(env!("CARGO_MANIFEST_DIR")));
    let mut g = c.benchmark_group(format!("json_floor/batch_{}", cases.len()));
    g.bench_function("value_round_trip", |b| {
        b.iter(|| {
            for bc in &cases {
                black_box(value_round_trip(black_box(&bc.case_json)));
                if let Some(p) = &bc.policy_json {
                    black_box(value_round_trip(black_box(p)));
                }
            }
        });
    });
    g.bench_function("evaluate_str", |b| {
        b.iter(|| {
            for bc in &cases {
                let policy = bc.policy_json.as_deref();
                black_box(evaluate_str(black_box(&bc.case_json), policy).unwrap());
            }
        });
    });
    g.bench_function("from_str_case", |b| {
        b.iter(|| {
            for bc in &cases {
                black_box(typed(black_box(&bc.case_json), bc.policy_json.as_deref()));
            }
        });
    });
    g.finish();
}

criterion_group!(benches, single, batch);
criterion_main!(benches);
