//! # edx-coverage-fhir
//!
//! FHIR R4 around the [`edx_coverage`] engine, kept in its own crate so the engine stays free
//! of FHIR, CDS Hooks and JSON-tree code:
//!
//! * [`cds_hooks`]: a CDS Hooks `order-sign` / `order-select` request with FHIR R4 resources
//!   in, a case mapped from it, the engine's determination, and the CDS Hooks response out
//!   (Da Vinci CRD system actions and a card).
//! * [`crd`]: the Da Vinci CRD `ext-coverage-information` extension for a determination
//!   (STU 2.1 and 2.2), including the `indeterminate` one for a request the engine cannot
//!   judge.
//! * [`card`]: the CDS Hooks card for a determination, built in one place.
//! * [`outcome`]: the FHIR `OperationOutcome` written for a refused request and for the
//!   issues a mapping met, also used by the CDS Hooks service.
//!
//! How FHIR elements map to the engine's case is described in this crate's `README.md` and in
//! the [`cds_hooks`] module's documentation.
//!
//! ```
//! use edx_coverage::{evaluate, Case, Policy};
//! use edx_coverage_fhir::card::Card;
//!
//! let case: Case = serde_json::from_str(r#"{"diagnoses":[{"code":"R25.2"}]}"#)?;
//! let card = Card::new(&evaluate(&case, &Policy::default()));
//! assert_eq!(card.indicator().as_str(), "warning");
//! # Ok::<(), serde_json::Error>(())
//! ```

#![forbid(unsafe_code)]

pub mod card;
pub mod cds_hooks;
pub mod crd;
mod json_text;
pub mod outcome;
mod vocab;
