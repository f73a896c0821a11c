//! Properties of `evaluate` and the wire format over generated cases (feature `proptest`).
//!
//! Run with `cargo test --all-features --test properties`. Each property runs `CASES` cases
//! (long-list properties fewer); set `EDX_PROPTEST_SCALE=10` to multiply them in a soak run.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]
#![cfg(feature = "proptest")]

use std::fmt::Debug;

use edx_coverage::strategies::{self, case, case_with_max_len, policy};
use edx_coverage::{
    evaluate, Case, CaseBuilder, CodeClass, ConservativeTrial, Coverage, Determination, Diagnosis,
    DifferentialCondition, DocumentationGap, Finding, FindingKind, FindingSource, FindingStatus,
    Indication, LabResult, LabTest, Member, NeedleEmgException, Pitfall, Policy, Procedure,
    Recommendation, RuleId, SuspectedCondition, Therapy, TrialOutcome, MAX_ENTRIES,
};
use edx_coverage::{CptCode, CptFamily};
use proptest::collection::vec;
use proptest::prelude::*;
use proptest::sample::Index;
use proptest::test_runner::TestRunner;
use serde_json::Value;

/// Cases per property (many thousands).
const CASES: u32 = 10_000;
/// Cases for properties over long lists (up to 1,000 entries each).
const LONG_CASES: u32 = 200;

fn config(cases: u32) -> ProptestConfig {
    let scale = std::env::var("EDX_PROPTEST_SCALE")
        .ok()
        .and_then(|s| s.parse::<u32>().ok())
        .unwrap_or(1)
        .max(1);
    ProptestConfig {
        cases: cases.saturating_mul(scale),
        ..ProptestConfig::default()
    }
}

// ---------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------

/// not_indicated < not_yet_indicated < indicated.
fn indication_rank(i: Indication) -> usize {
    [
        Indication::NotIndicated,
        Indication::NotYetIndicated,
        Indication::Indicated,
    ]
    .iter()
    .position(|x| *x == i)
    .expect("a ranked indication")
}

/// likely_denied < at_risk < likely_covered.
fn coverage_rank(c: Coverage) -> usize {
    [
        Coverage::LikelyDenied,
        Coverage::AtRisk,
        Coverage::LikelyCovered,
    ]
    .iter()
    .position(|x| *x == c)
    .expect("a ranked coverage")
}

/// The case's entries, as owned lists.
#[derive(Debug, Clone)]
struct Parts {
    diagnoses: Vec<Diagnosis>,
    findings: Vec<Finding>,
    trials: Vec<ConservativeTrial>,
    labs: Vec<LabResult>,
    differential: Vec<DifferentialCondition>,
    procedures: Vec<Procedure>,
    exceptions: Vec<NeedleEmgException>,
}

impl Parts {
    fn of(case: &Case) -> Parts {
        Parts {
            diagnoses: case.diagnoses().to_vec(),
            findings: case.findings().to_vec(),
            trials: case.conservative_trials().to_vec(),
            labs: case.labs().to_vec(),
            differential: case.differential().to_vec(),
            procedures: case.procedures().to_vec(),
            exceptions: case.needle_emg_exceptions().iter().collect(),
        }
    }

    fn builder(&self) -> CaseBuilder {
        let mut b = Case::builder();
        for d in &self.diagnoses {
            b = b.diagnosis(d.code());
        }
        for f in &self.findings {
            b = b.finding(*f);
        }
        for t in &self.trials {
            b = b.trial(*t);
        }
        for l in &self.labs {
            b = b.lab(*l);
        }
        for c in &self.differential {
            b = b.differential(*c);
        }
        for p in &self.procedures {
            b = b.procedure(*p);
        }
        for e in &self.exceptions {
            b = b.needle_emg_exception(*e);
        }
        b
    }

    fn build(&self) -> Case {
        self.builder().build().expect("parts of a valid case")
    }
}

/// The list with up to three entries repeated, then shuffled.
fn perturb<T: Clone + Debug + 'static>(items: Vec<T>) -> impl Strategy<Value = Vec<T>> {
    vec(any::<Index>(), 0..=3)
        .prop_map(move |picks| {
            let mut v = items.clone();
            for p in picks {
                if !v.is_empty() && v.len() < MAX_ENTRIES {
                    let item = v[p.index(v.len())].clone();
                    v.push(item);
                }
            }
            v
        })
        .prop_shuffle()
}

/// The list shuffled, nothing repeated (for claim lines, whose repetition matters).
fn reorder<T: Clone + Debug + 'static>(items: Vec<T>) -> impl Strategy<Value = Vec<T>> {
    Just(items).prop_shuffle()
}

/// A case and a copy whose every list is shuffled and, except `procedures` (claim lines,
/// RULES.md, `PIT-NCS-REPORTED-MORE-THAN-ONCE`), has entries duplicated.
fn case_and_perturbed(cases: impl Strategy<Value = Case>) -> impl Strategy<Value = (Case, Case)> {
    cases.prop_flat_map(|c| {
        let p = Parts::of(&c);
        (
            Just(c),
            (
                perturb(p.diagnoses),
                perturb(p.findings),
                perturb(p.trials),
                perturb(p.labs),
                perturb(p.differential),
                reorder(p.procedures),
                perturb(p.exceptions),
            )
                .prop_map(
                    |(diagnoses, findings, trials, labs, differential, procedures, exceptions)| {
                        Parts {
                            diagnoses,
                            findings,
                            trials,
                            labs,
                            differential,
                            procedures,
                            exceptions,
                        }
                        .build()
                    },
                ),
        )
    })
}

/// Adds a present finding of `kind` without creating a conflict.
///
/// It goes on `source` unless that source has an `absent` record of the kind and the other
/// source has none: then it goes on the other source. If both sources have an `absent`
/// record, the absent records on `source` are dropped: the clinician now finds what was
/// once looked for and not found. Dropping them is sound because an absent record only
/// matters to the rules through "exam documented", and the new present record has the
/// same source, so that fact does not change.
fn add_present(case: &Case, kind: FindingKind, source: FindingSource) -> Case {
    let mut p = Parts::of(case);
    let absent_on = |s: FindingSource| {
        p.findings
            .iter()
            .any(|f| f.kind == kind && f.source == s && f.status == FindingStatus::Absent)
    };
    let other = match source {
        FindingSource::History => FindingSource::Exam,
        _ => FindingSource::History,
    };
    let source = if absent_on(source) && !absent_on(other) {
        other
    } else {
        source
    };
    p.findings
        .retain(|f| !(f.kind == kind && f.source == source && f.status == FindingStatus::Absent));
    if p.findings.len() >= MAX_ENTRIES {
        p.findings.pop();
    }
    p.findings.push(
        Finding::new(kind)
            .with_source(source)
            .with_status(FindingStatus::Present),
    );
    p.build()
}

/// Indices of the JSON array `list` in `M::ALL`, given each entry's wire name.
fn positions<M: Member + Debug>(names: &[&str], as_str: fn(M) -> &'static str) -> Vec<usize> {
    names
        .iter()
        .map(|n| {
            M::ALL
                .iter()
                .position(|m| as_str(*m) == *n)
                .unwrap_or_else(|| panic!("{n:?} is not a {:?} value", M::ALL.first()))
        })
        .collect()
}

fn strictly_increasing(v: &[usize]) -> bool {
    v.windows(2).all(|w| w[0] < w[1])
}

fn names<'a>(json: &'a Value, field: &str) -> Vec<&'a str> {
    json[field]
        .as_array()
        .unwrap_or_else(|| panic!("{field} is an array"))
        .iter()
        .map(|v| v.as_str().expect("a string entry"))
        .collect()
}

fn names_in<'a>(json: &'a Value, field: &str, key: &str) -> Vec<&'a str> {
    json[field]
        .as_array()
        .unwrap_or_else(|| panic!("{field} is an array"))
        .iter()
        .map(|v| v[key].as_str().expect("a string entry"))
        .collect()
}

// ---------------------------------------------------------------------------------------
// The properties, one file per theme
// ---------------------------------------------------------------------------------------

mod builder;
mod clinical;
mod policy;
mod procedures;
mod reach;
mod wire;
