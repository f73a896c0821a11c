//! edx-coverage vs the same rules (ruleset 4) in Rego run by regorus (its interpreter and its
//! RVM bytecode VM): same cases, same process, same machine.
//!
//! ```text
//! cd compare && cargo bench -- --warm-up-time 1 --measurement-time 3
//! ```
//!
//! `evaluate/*` times rule evaluation from an already-parsed input (the crate's `Case`, the
//! engine's `Value`); `json_end_to_end/*` times JSON text in to JSON text out on each side.

use std::hint::black_box;
use std::path::Path;

use std::time::Duration;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use edx_coverage::{evaluate, Case, Policy};
use edx_coverage_compare::{comparable, input_json, input_json_for, Evaluator, Rego, RegoVm};
use regorus::Value;

#[path = "../../benches/common/mod.rs"]
mod common;

/// The engine back ends, by bench name.
fn engines() -> Vec<(&'static str, Box<dyn Evaluator>)> {
    vec![
        ("regorus-interpreter", Box::new(Rego::new())),
        ("regorus-rvm", Box::new(RegoVm::new())),
    ]
}

fn single_cases(c: &mut Criterion) {
    let policy = Policy::default();
    let mut engines = engines();
    let largest = serde_json::to_string(&common::largest()).unwrap();
    for (name, json) in [
        ("r25.2_alone", common::R25_2_ALONE),
        ("typical", common::TYPICAL),
        ("claim", common::CLAIM),
        ("largest_1000_per_list", largest.as_str()),
    ] {
        let case: Case = common::parse(json);
        let input = Value::from_json_str(&input_json(json, None)).unwrap();
        let mut g = c.benchmark_group(format!("evaluate/{name}"));
        if name.starts_with("largest") {
            g.sample_size(10);
        }
        g.bench_function("edx-coverage", |b| {
            b.iter(|| evaluate(black_box(&case), black_box(&policy)));
        });
        for (engine, e) in &mut engines {
            // Same answer on both sides before timing anything.
            let theirs: serde_json::Value =
                serde_json::from_str(&e.evaluate(input.clone()).to_json_str().unwrap()).unwrap();
            assert_eq!(comparable(&evaluate(&case, &policy)), theirs, "{name}");
            g.bench_function(*engine, |b| {
                b.iter(|| e.evaluate(black_box(input.clone())));
            });
        }
        g.finish();
    }
}

fn json_end_to_end(c: &mut Criterion) {
    let policy = Policy::default();
    for (name, case_json) in [("typical", common::TYPICAL), ("claim", common::CLAIM)] {
        let input = input_json(case_json, None);
        let mut g = c.benchmark_group(format!("json_end_to_end/{name}"));
        g.bench_function("edx-coverage", |b| {
            b.iter(|| {
                let case: Case = serde_json::from_str(black_box(case_json)).unwrap();
                serde_json::to_string(&evaluate(&case, &policy)).unwrap()
            });
        });
        for (engine, mut e) in engines() {
            g.bench_function(engine, |b| {
                b.iter(|| e.evaluate_json(black_box(&input)));
            });
        }
        g.finish();
    }
}

fn batch(c: &mut Criterion) {
    let cases = common::bundled(&Path::new(env!("CARGO_MANIFEST_DIR")).join(".."));
    let inputs: Vec<Value> = cases
        .iter()
        .map(|bc| Value::from_json_str(&input_json_for(&bc.case_json, &bc.policy)).unwrap())
        .collect();
    let mut g = c.benchmark_group("batch");
    g.throughput(Throughput::Elements(cases.len() as u64));
    g.bench_function(BenchmarkId::new("edx-coverage", cases.len()), |b| {
        b.iter(|| {
            for bc in &cases {
                black_box(evaluate(black_box(&bc.case), black_box(&bc.policy)));
            }
        });
    });
    for (engine, mut e) in engines() {
        g.bench_function(BenchmarkId::new(engine, cases.len()), |b| {
            b.iter(|| {
                for input in &inputs {
                    black_box(e.evaluate(input.clone()));
                }
            });
        });
    }
    g.finish();
}

/// `evaluate` on the single cases again, in CPU time rather than wall time (see
/// `common::CpuTime`): the figures to read on a loaded machine.
fn cpu_time(c: &mut Criterion<common::CpuTime>) {
    let policy = Policy::default();
    let mut engines = engines();
    let largest = serde_json::to_string(&common::largest()).unwrap();
    for (name, json) in [
        ("r25.2_alone", common::R25_2_ALONE),
        ("typical", common::TYPICAL),
        ("claim", common::CLAIM),
        ("largest_1000_per_list", largest.as_str()),
    ] {
        let case: Case = common::parse(json);
        let input = Value::from_json_str(&input_json(json, None)).unwrap();
        let mut g = c.benchmark_group(format!("cpu_time/evaluate/{name}"));
        g.sample_size(if name.starts_with("largest") { 10 } else { 20 })
            .measurement_time(Duration::from_secs(5));
        g.bench_function("edx-coverage", |b| {
            b.iter(|| evaluate(black_box(&case), black_box(&policy)));
        });
        for (engine, e) in &mut engines {
            g.bench_function(*engine, |b| {
                b.iter(|| e.evaluate(black_box(input.clone())));
            });
        }
        g.finish();
    }
}

criterion_group!(benches, single_cases, json_end_to_end, batch);
criterion_group! {
    name = cpu;
    config = Criterion::default().with_measurement(common::CpuTime);
    targets = cpu_time
}
criterion_main!(benches, cpu);
