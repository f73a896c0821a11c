//! One test per rule of ruleset v1 (every `RuleId`), each from a minimal pair of cases: one
//! where the rule's condition holds, and a near-identical one where it does not. Removing a
//! rule, or inverting its condition, makes its test fail.
//!
//! Expectations come from RULES.md and docs/codes.md, not from running the code.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use edx_coverage::{
    evaluate, Case, CaseBuilder, ConservativeTrial, Coverage, Determination, DifferentialCondition,
    DocumentationGap, Finding, FindingKind, FindingSource, FindingStatus, IcdCode, Indication,
    LabOutcome, LabResult, LabTest, Member, Pitfall, Policy, Recommendation, RuleId,
    SuspectedCondition, Therapy, TrialOutcome,
};

use FindingKind::*;

// ---------------------------------------------------------------------------------------
// Building cases
// ---------------------------------------------------------------------------------------

fn code(s: &str) -> IcdCode {
    s.parse()
        .unwrap_or_else(|e| panic!("{s:?} should be a valid code: {e}"))
}

/// A builder holding these diagnoses.
fn dx(codes: &[&str]) -> CaseBuilder {
    codes
        .iter()
        .fold(Case::builder(), |b, c| b.diagnosis(code(c)))
}

/// R25.2 alone: the bare symptom code.
fn r252() -> CaseBuilder {
    dx(&["R25.2"])
}

/// Present, from the history (the wire defaults).
fn hx(kind: FindingKind) -> Finding {
    Finding::new(kind)
}

/// Present, seen on examination.
fn exam(kind: FindingKind) -> Finding {
    Finding::new(kind).with_source(FindingSource::Exam)
}

/// Looked for on history and not found.
fn absent_hx(kind: FindingKind) -> Finding {
    Finding::new(kind).with_status(FindingStatus::Absent)
}

/// A pertinent negative on examination (documents an exam without adding a finding).
fn absent_exam(kind: FindingKind) -> Finding {
    absent_hx(kind).with_source(FindingSource::Exam)
}

fn trial(therapy: Therapy, outcome: TrialOutcome) -> ConservativeTrial {
    ConservativeTrial::new(therapy, outcome)
}

fn trial_days(therapy: Therapy, outcome: TrialOutcome, days: u32) -> ConservativeTrial {
    ConservativeTrial::new(therapy, outcome).with_days(days)
}

fn lab(test: LabTest, result: LabOutcome) -> LabResult {
    LabResult::new(test, result)
}

/// The screening panel (RULES.md, `REC-LAB-SCREENING`), in `LabTest` order.
const PANEL: [LabTest; 5] = [
    LabTest::Electrolytes,
    LabTest::Calcium,
    LabTest::Magnesium,
    LabTest::ThyroidFunction,
    LabTest::CreatineKinase,
];

/// Adds a normal result for every panel test.
fn full_panel(b: CaseBuilder) -> CaseBuilder {
    PANEL
        .iter()
        .fold(b, |b, t| b.lab(lab(*t, LabOutcome::Normal)))
}

fn run(b: CaseBuilder) -> Determination {
    run_with(b, &Policy::default())
}

fn run_with(b: CaseBuilder, policy: &Policy) -> Determination {
    let case = b.build().expect("test case should be valid");
    evaluate(&case, policy)
}

// ---------------------------------------------------------------------------------------
// Assertions
// ---------------------------------------------------------------------------------------

fn fired(d: &Determination, id: RuleId) -> bool {
    d.rule_ids().contains(id)
}

/// `id` is among the reasons of `on` and not among those of `off`.
#[track_caller]
fn assert_toggles(id: RuleId, on: &Determination, off: &Determination) {
    assert!(
        fired(on, id),
        "{id} should fire when its condition holds; got reasons {:?}\n{on:?}",
        on.rule_ids()
    );
    assert!(
        !fired(off, id),
        "{id} must not fire when its condition does not hold; got reasons {:?}\n{off:?}",
        off.rule_ids()
    );
}

#[track_caller]
fn assert_not_fired(id: RuleId, d: &Determination, why: &str) {
    assert!(
        !fired(d, id),
        "{id} must not fire ({why}); got reasons {:?}",
        d.rule_ids()
    );
}

#[track_caller]
fn assert_fired(id: RuleId, d: &Determination, why: &str) {
    assert!(
        fired(d, id),
        "{id} should fire ({why}); got reasons {:?}",
        d.rule_ids()
    );
}

// ---------------------------------------------------------------------------------------
// The rule families, one file each (as in src/rules/)
// ---------------------------------------------------------------------------------------

mod codes;
mod coverage;
mod gaps;
mod indication;
mod pitfalls;
mod reasons;
mod recommendations;
mod red_flags;
mod suspected;
mod trial_days;
