//! # edx-coverage
//!
//! Will nerve conduction studies and needle EMG, ordered for a patient with muscle cramps
//! and spasms (ICD-10-CM R25.2 and its relatives), be medically necessary and covered? And
//! if not, what is missing?
//!
//! This crate answers with a deterministic, explainable [`Determination`]: the indication,
//! the coverage outlook, red flags, suspected conditions, documentation gaps, coding
//! pitfalls, recommendations, candidate codes, and the reasons (stable [`RuleId`]s with the
//! literature behind them, see [`citation`](fn@citation)).
//!
//! ```
//! use edx_coverage::{evaluate, Case, Coverage, Finding, FindingKind, FindingSource, Policy};
//!
//! let case = Case::builder()
//!     .diagnosis("R25.2".parse::<edx_coverage::IcdCode>()?)
//!     .diagnosis("R25.3".parse::<edx_coverage::IcdCode>()?)
//!     .finding(Finding::new(FindingKind::Fasciculations).with_source(FindingSource::Exam))
//!     .differential(edx_coverage::DifferentialCondition::MotorNeuronDisease)
//!     .build()?;
//! let d = evaluate(&case, &Policy::default());
//! assert_eq!(d.coverage(), Coverage::LikelyCovered);
//! println!("{d}"); // verdict, why, what is missing, what to do
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! `Display` is written for the clinician. [`Explanation`] words the same determination for
//! each [`Audience`]: the patient (plain words, no codes), the clinician, or coding and
//! billing staff (codes and claim lines first).
//!
//! ## Design in one paragraph
//! Parse, don't validate: a [`Case`] can only exist if it is valid (builder or `serde`), so
//! [`evaluate`] is a total, pure function. The library does no I/O and keeps no state. The
//! rules are tables of data in `src/rules/`, one module per family, each row beside its
//! citation. Results are bit sets over the result enums, so they come out in
//! declaration order, free of duplicates, and `evaluate` never allocates (the one list that
//! is not a bit set, the diagnosis code issues, is worked out when the case is built and
//! shared). Diagnosis codes are checked against the FY2026 ICD-10-CM code set, compiled
//! in. See
//! `DESIGN.md` for the reasoning behind each choice.
//!
//! ## Cargo features
//! * `code-descriptions` (on by default): the official descriptions of the ICD-10-CM codes
//!   (0.8 MB of data), for the coder text. Without it the coder text names codes without
//!   their descriptions; no decision depends on it.
//!
//! The others are off by default.
//! * `json`: the module `edx_coverage::json`, JSON text in and out in one call (the
//!   determination, or the explanation for an audience).
//! * `schema`: the module `edx_coverage::schema`, JSON Schemas of the wire format.
//! * `proptest`: the module `edx_coverage::strategies`, [proptest] strategies for every
//!   model type (valid cases only), for property tests downstream.
//!
//! [proptest]: https://docs.rs/proptest
//!
//! FHIR lives in its own crate, `edx-coverage-fhir` (`fhir/` in the repository): the CDS
//! Hooks request reader, the Da Vinci CRD coverage-information extension, the CDS Hooks card
//! and the FHIR `OperationOutcome`. This crate depends on no FHIR or HTTP crate.
//!
//! ## Limits
//! Candidate codes are for a certified coder to confirm against the record. The outlook is
//! a documentation aid, not a payer's decision and not a substitute for clinical judgment.

#![forbid(unsafe_code)]

mod citation;
pub mod code_set;
pub mod codes;
mod correction;
mod determination;
mod error;
mod explain;
mod facts;
#[cfg(feature = "json")]
pub mod json;
mod model;
mod outcome;
mod plan;
mod policy;
mod reason;
mod rules;
#[cfg(feature = "schema")]
pub mod schema;
mod set;
#[cfg(feature = "proptest")]
pub mod strategies;
mod vocab;
mod wire;

pub use citation::{citation, Reference, ReferenceKind, Source, REFERENCES};
pub use code_set::{CodeStatus, DiagnosisCodeIssue};
pub use correction::ProcedureCorrection;
pub use determination::{Determination, SuggestedCode, RULESET};
pub use error::{echo, Error, ErrorKind, MAX_ECHO_CHARS, MAX_ENTRIES};
pub use explain::{Audience, Explained, Explanation};
pub use model::{
    Case, CaseBuilder, CodeClass, ConservativeTrial, CptCode, CptFamily, Diagnosis,
    DifferentialCondition, Finding, FindingKind, FindingSource, FindingStatus, IcdCode, LabOutcome,
    LabResult, LabTest, NeedleEmgException, Procedure, Studies, Therapy, TrialOutcome, Units,
};
pub use outcome::{
    Coverage, DocumentationGap, Indication, Pitfall, Recommendation, SuspectedCondition,
};
pub use plan::{plan, Actor, Plan, PlanStep, Problems, Step, StepKind};
pub use policy::Policy;
pub use reason::{Reason, RuleId};
pub use set::{Iter as SetIter, Member, Set};

/// The README's Rust example, compiled and run as a doctest.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;

/// Evaluates a case under a policy.
///
/// Total, pure and deterministic: the same `(case, policy)` always gives the same
/// determination, whatever the order or duplication of the case's entries. It reads each
/// input list once and allocates nothing.
///
/// ```
/// use edx_coverage::{evaluate, Case, Indication, Policy};
///
/// let case: Case = serde_json::from_str(r#"{"diagnoses":[{"code":"G62.9"}]}"#)?;
/// assert_eq!(evaluate(&case, &Policy::default()).indication(), Indication::Indicated);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[must_use]
pub fn evaluate(case: &Case, policy: &Policy) -> Determination {
    let facts = facts::Facts::gather(case, policy, facts::CodeSet::Read);
    let mut det = Determination::blank();
    rules::apply(&facts, &mut det);
    det.diagnosis_code_issues = case.code_issues.clone();
    det
}

/// Evaluates as if every diagnosis code were billable and classified by the lists alone:
/// the rules of ruleset 3. Only for the tests that hold ruleset 4 to "a case of billable
/// codes gets the ruleset 3 answer"; not part of the API.
#[doc(hidden)]
#[must_use]
pub fn evaluate_ignoring_code_set(case: &Case, policy: &Policy) -> Determination {
    let facts = facts::Facts::gather(case, policy, facts::CodeSet::Ignore);
    let mut det = Determination::blank();
    rules::apply(&facts, &mut det);
    det
}
