//! The FHIR crate's public types are `Send`, `Sync`, `Unpin` and unwind-safe, so a host can
//! share them across threads (moved from the engine's `tests/autotraits.rs`).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::panic::{RefUnwindSafe, UnwindSafe};

fn assert_auto_traits<T: Send + Sync + Unpin + UnwindSafe + RefUnwindSafe>() {}

#[test]
fn cds_hooks_types_are_send_sync_unpin_and_unwind_safe() {
    use edx_coverage_fhir::cds_hooks::*;
    assert_auto_traits::<edx_coverage_fhir::card::Card>();
    assert_auto_traits::<edx_coverage_fhir::crd::CoverageInformation>();
    assert_auto_traits::<Answer>();
    assert_auto_traits::<CrdVersion>();
    assert_auto_traits::<ElectrodiagnosticOrder>();
    assert_auto_traits::<Hook>();
    assert_auto_traits::<HookError>();
    assert_auto_traits::<HookErrorKind>();
    assert_auto_traits::<Issue>();
    assert_auto_traits::<Mapping>();
    assert_auto_traits::<Options>();
}
