//! Compile-time check that every public type is `Send + Sync + Unpin` and unwind-safe, so
//! hosts can share cases, policies and determinations across threads (a web service, a
//! worker pool) and keep them across a caught panic. Losing one of these traits is a
//! breaking change; this file stops it from happening by accident.
//!
//! In the manner of dtolnay/semver's `test_autotrait.rs`: the checks are trait bounds, so a
//! regression fails the *build* of this test. When a public type is added, add it here.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]
#![allow(clippy::extra_unused_type_parameters)]

use std::panic::{RefUnwindSafe, UnwindSafe};

use edx_coverage::codes::Match;
use edx_coverage::*;

fn assert_auto_traits<T: Send + Sync + Unpin + UnwindSafe + RefUnwindSafe>() {}

/// For values whose type cannot be named (`impl Iterator` return types).
fn assert_auto_traits_of<T: Send + Sync + Unpin + UnwindSafe + RefUnwindSafe>(_: &T) {}

/// `Set<T>` and its iterator for *every* member type with the traits (a generic proof, not a
/// sample): the bit set must not add a bound of its own.
#[allow(dead_code)]
fn sets_of_any_member<T: Member + Send + Sync + Unpin + UnwindSafe + RefUnwindSafe>() {
    assert_auto_traits::<Set<T>>();
    assert_auto_traits::<SetIter<T>>();
}

#[test]
fn public_types_are_send_sync_unpin_and_unwind_safe() {
    // Input model.
    assert_auto_traits::<Case>();
    assert_auto_traits::<CaseBuilder>();
    assert_auto_traits::<Diagnosis>();
    assert_auto_traits::<IcdCode>();
    assert_auto_traits::<CodeClass>();
    assert_auto_traits::<Finding>();
    assert_auto_traits::<FindingKind>();
    assert_auto_traits::<FindingStatus>();
    assert_auto_traits::<FindingSource>();
    assert_auto_traits::<ConservativeTrial>();
    assert_auto_traits::<Therapy>();
    assert_auto_traits::<TrialOutcome>();
    assert_auto_traits::<LabResult>();
    assert_auto_traits::<LabTest>();
    assert_auto_traits::<LabOutcome>();
    assert_auto_traits::<DifferentialCondition>();
    assert_auto_traits::<Procedure>();
    assert_auto_traits::<CptCode>();
    assert_auto_traits::<CptFamily>();
    assert_auto_traits::<Units>();
    assert_auto_traits::<Studies>();
    assert_auto_traits::<NeedleEmgException>();
    assert_auto_traits::<Policy>();

    // Output.
    assert_auto_traits::<Determination>();
    assert_auto_traits::<Audience>();
    assert_auto_traits::<Explanation<'static>>();
    assert_auto_traits::<SuggestedCode>();
    assert_auto_traits::<ProcedureCorrection>();
    assert_auto_traits::<Indication>();
    assert_auto_traits::<Coverage>();
    assert_auto_traits::<SuspectedCondition>();
    assert_auto_traits::<DocumentationGap>();
    assert_auto_traits::<Pitfall>();
    assert_auto_traits::<Recommendation>();
    assert_auto_traits::<Reason>();
    assert_auto_traits::<RuleId>();
    assert_auto_traits::<Set<FindingKind>>();
    assert_auto_traits::<Set<RuleId>>();
    assert_auto_traits::<SetIter<Pitfall>>();

    // References and sources.
    assert_auto_traits::<Reference>();
    assert_auto_traits::<ReferenceKind>();
    assert_auto_traits::<Source>();

    // Errors.
    assert_auto_traits::<Error>();
    assert_auto_traits::<ErrorKind>();

    // Code tables.
    assert_auto_traits::<Match>();

    // Unnameable iterator types returned by the API.
    let case = Case::builder()
        .diagnosis("R25.2".parse().unwrap())
        .finding(Finding::new(FindingKind::Numbness))
        .build()
        .unwrap();
    let d = evaluate(&case, &Policy::default());
    assert_auto_traits_of(&d.suggested_codes());
    assert_auto_traits_of(&d.procedure_corrections());
    assert_auto_traits_of(&d.reasons());
    assert_auto_traits_of(&d.pitfalls().iter());
}

/// `Error` also works as a boxed `dyn Error + Send + Sync` (what `anyhow` and `?` in threads
/// need).
#[test]
fn errors_box_into_send_sync_dyn_error() {
    let err = Case::builder().build().unwrap_err();
    let boxed: Box<dyn std::error::Error + Send + Sync + 'static> = Box::new(err);
    assert!(boxed.to_string().starts_with("diagnoses"));
}
