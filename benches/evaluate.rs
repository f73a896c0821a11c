//! Benchmarks of `evaluate` and of the JSON path around it. See BENCHMARKS.md.
//!
//! ```text
//! cargo bench --bench evaluate -- --warm-up-time 1 --measurement-time 3
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

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use edx_coverage::{evaluate, plan, Case, Determination, Policy};
use std::time::Duration;

mod common;

fn single_cases(c: &mut Criterion) {
    let policy = Policy::default();
    let mut g = c.benchmark_group("evaluate");
    for (name, case) in [
        ("r25.2_alone", common::parse(common::R25_2_ALONE)),
        ("typical", common::parse(common::TYPICAL)),
        ("claim", common::parse(common::CLAIM)),
        ("largest_1000_per_list", common::largest()),
    ] {
        g.bench_with_input(BenchmarkId::from_parameter(name), &case, |b, case| {
            b.iter(|| evaluate(black_box(case), black_box(&policy)));
        });
    }
    g.finish();
}

/// The worst case for `plan`: eight candidate steps (the most a case can have), so 256
/// subsets are evaluated. Fasciculations from the history only, R25.2 alone, no trial, no
/// differential, an NCS line to recode, NCS twice, a point-of-care line, a limb add-on with a
/// stand-alone code it conflicts with; a 28-day minimum trial.
const WORST_PLAN: &str = r#"{"diagnoses":[{"code":"R25.2"}],
  "findings":[{"kind":"fasciculations"}],
  "procedures":[{"cpt":"95911","studies":3},{"cpt":"95908","studies":3},{"cpt":"95905"},
                {"cpt":"95886"},{"cpt":"95864"}]}"#;

/// `plan` (the path to coverage, docs/plan.md) beside `evaluate` on the same cases, in one
/// run: the typical documented case, the claim, and the worst case.
fn plans(c: &mut Criterion) {
    let mut g = c.benchmark_group("plan");
    for (name, case, policy) in [
        ("typical", common::parse(common::TYPICAL), Policy::default()),
        ("claim", common::parse(common::CLAIM), Policy::default()),
        (
            "worst_8_candidates",
            common::parse(WORST_PLAN),
            Policy::default().with_min_trial_days(28),
        ),
    ] {
        g.bench_with_input(BenchmarkId::new("evaluate", name), &case, |b, case| {
            b.iter(|| evaluate(black_box(case), black_box(&policy)));
        });
        g.bench_with_input(BenchmarkId::new("plan", name), &case, |b, case| {
            b.iter(|| plan(black_box(case), black_box(&policy)));
        });
    }
    g.finish();
}

/// The code-set lookup (ruleset 4): done once per diagnosis when the case is built, not in
/// `evaluate`, which reads the stored status.
fn code_set_lookup(c: &mut Criterion) {
    let mut g = c.benchmark_group("code_set");
    for code in ["R25.2", "G62", "G62.7", "S00.01XA"] {
        let parsed: edx_coverage::IcdCode = code.parse().unwrap();
        g.bench_function(format!("status/{code}"), |b| {
            b.iter(|| black_box(&parsed).status());
        });
    }
    g.bench_function("diagnosis_new/R25.2", |b| {
        let parsed: edx_coverage::IcdCode = "R25.2".parse().unwrap();
        b.iter(|| edx_coverage::Diagnosis::new(black_box(parsed)));
    });
    g.finish();
}

/// The linear-work pair: 10 vs 1,000 findings (100 in between). Per-element throughput
/// makes a super-linear scan show as a falling elements/s figure.
fn findings_scaling(c: &mut Criterion) {
    let policy = Policy::default();
    let mut g = c.benchmark_group("findings_scaling");
    for n in [10usize, 100, 1000] {
        let case = common::with_findings(n);
        g.throughput(Throughput::Elements(n as u64));
        g.bench_with_input(BenchmarkId::new("evaluate", n), &case, |b, case| {
            b.iter(|| evaluate(black_box(case), black_box(&policy)));
        });
        let json = serde_json::to_string(&case).unwrap();
        g.bench_with_input(BenchmarkId::new("json_parse", n), &json, |b, json| {
            b.iter(|| serde_json::from_str::<Case>(black_box(json)).unwrap());
        });
    }
    g.finish();
}

/// JSON text in, JSON text out: parse the case, evaluate, serialise the determination.
fn json_end_to_end(c: &mut Criterion) {
    let policy = Policy::default();
    let mut g = c.benchmark_group("json");
    let json = common::TYPICAL;
    for (name, text) in [("typical", common::TYPICAL), ("claim", common::CLAIM)] {
        g.bench_function(format!("end_to_end/{name}"), |b| {
            b.iter(|| {
                let case: Case = serde_json::from_str(black_box(text)).unwrap();
                let d = evaluate(&case, &policy);
                serde_json::to_string(&d).unwrap()
            });
        });
    }
    // The two halves, to see where the end-to-end time goes.
    g.bench_function("parse/typical", |b| {
        b.iter(|| serde_json::from_str::<Case>(black_box(json)).unwrap());
    });
    let d: Determination = evaluate(&common::parse(json), &policy);
    g.bench_function("serialize/typical", |b| {
        b.iter(|| serde_json::to_string(black_box(&d)).unwrap());
    });
    g.finish();
}

/// Every bundled case (vignettes and examples, each under its own policy) per iteration.
fn batch(c: &mut Criterion) {
    let cases = common::bundled(Path::new(env!("CARGO_MANIFEST_DIR")));
    let mut g = c.benchmark_group("batch");
    g.throughput(Throughput::Elements(cases.len() as u64));
    g.bench_function(BenchmarkId::new("evaluate", cases.len()), |b| {
        b.iter(|| {
            for bc in &cases {
                black_box(evaluate(black_box(&bc.case), black_box(&bc.policy)));
            }
        });
    });
    g.bench_function(BenchmarkId::new("json_end_to_end", cases.len()), |b| {
        b.iter(|| {
            for bc in &cases {
                let case: Case = serde_json::from_str(black_box(&bc.case_json)).unwrap();
                let d = evaluate(&case, &bc.policy);
                black_box(serde_json::to_string(&d).unwrap());
            }
        });
    });
    g.finish();
}

/// The single cases again, in CPU time rather than wall time (see `common::CpuTime`): the
/// figure to read on a loaded machine. 20 samples of ~250 ms each.
fn cpu_time(c: &mut Criterion<common::CpuTime>) {
    let policy = Policy::default();
    let mut g = c.benchmark_group("cpu_time/evaluate");
    g.sample_size(20).measurement_time(Duration::from_secs(5));
    for (name, case) in [
        ("r25.2_alone", common::parse(common::R25_2_ALONE)),
        ("typical", common::parse(common::TYPICAL)),
        ("claim", common::parse(common::CLAIM)),
        ("largest_1000_per_list", common::largest()),
    ] {
        g.bench_with_input(BenchmarkId::from_parameter(name), &case, |b, case| {
            b.iter(|| evaluate(black_box(case), black_box(&policy)));
        });
    }
    g.finish();
}

criterion_group!(
    benches,
    single_cases,
    findings_scaling,
    json_end_to_end,
    batch,
    code_set_lookup,
    plans
);
criterion_group! {
    name = cpu;
    config = Criterion::default().with_measurement(common::CpuTime);
    targets = cpu_time
}
criterion_main!(benches, cpu);
