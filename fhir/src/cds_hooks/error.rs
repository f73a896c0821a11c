//! Why a CDS Hooks request is refused: the HTTP status, the JSON path and a FHIR
//! `OperationOutcome` for the response body.

use core::fmt;

use serde_json::Value;

use crate::outcome::{OperationOutcome, OutcomeIssue};

/// What kind of refusal a [`HookError`] is; it decides the HTTP status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum HookErrorKind {
    /// The body is not one JSON document. Status 400.
    Syntax,
    /// The body is JSON but not a CDS Hooks request (no `hook`, `context` not an object,
    /// ...). Status 400.
    NotARequest,
    /// A hook this crate does not answer (it answers `order-sign` and `order-select`).
    /// Status 400.
    UnsupportedHook,
    /// FHIR the mapping needs is invalid (a wrong JSON type, a required element missing).
    /// Status 400.
    InvalidFhir,
    /// Valid FHIR and CDS Hooks, but it breaks a Da Vinci CRD constraint. Status 422.
    CrdConstraint,
    /// Prefetch data the answer needs is missing. Status 412.
    PrefetchMissing,
    /// The host's [`Options`](super::Options) are invalid (e.g. a date that is not
    /// `YYYY-MM-DD`): the service's fault, not the client's. Status 500.
    InvalidOptions,
}

impl HookErrorKind {
    /// The HTTP status a service answers with.
    #[must_use]
    pub const fn status(self) -> u16 {
        match self {
            HookErrorKind::Syntax
            | HookErrorKind::NotARequest
            | HookErrorKind::UnsupportedHook
            | HookErrorKind::InvalidFhir => 400,
            HookErrorKind::CrdConstraint => 422,
            HookErrorKind::PrefetchMissing => 412,
            HookErrorKind::InvalidOptions => 500,
        }
    }

    /// The FHIR `OperationOutcome.issue.code` (value set `issue-type`).
    #[must_use]
    pub const fn issue_code(self) -> &'static str {
        match self {
            HookErrorKind::Syntax => "structure",
            HookErrorKind::NotARequest | HookErrorKind::InvalidFhir => "invalid",
            HookErrorKind::UnsupportedHook => "not-supported",
            HookErrorKind::CrdConstraint => "business-rule",
            HookErrorKind::PrefetchMissing => "incomplete",
            HookErrorKind::InvalidOptions => "exception",
        }
    }
}

/// A refused request: the HTTP status a service should use, where in the request the
/// problem is, and a FHIR R4 `OperationOutcome` to send back.
///
/// ```
/// use edx_coverage_fhir::cds_hooks::{answer, Options};
/// use edx_coverage::Policy;
///
/// let err = answer(r#"{"hook":"patient-view"}"#, &Policy::default(), &Options::default()).unwrap_err();
/// assert_eq!(err.status(), 400);
/// assert_eq!(err.path(), "hook");
/// assert_eq!(err.operation_outcome()["resourceType"], "OperationOutcome");
/// ```
#[derive(Clone, PartialEq, Eq, Hash, thiserror::Error)]
pub struct HookError {
    /// Boxed, so a `Result<_, HookError>` is a word or two and the mapping's many accessor
    /// calls return it in registers (refusals are rare; the box costs one allocation each).
    inner: Box<Inner>,
}

/// What a [`HookError`] holds.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct Inner {
    kind: HookErrorKind,
    path: String,
    message: String,
}

/// As `#[derive(Debug)]` wrote it before the fields moved into a box.
impl fmt::Debug for HookError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HookError")
            .field("kind", &self.inner.kind)
            .field("path", &self.inner.path)
            .field("message", &self.inner.message)
            .finish()
    }
}

impl HookError {
    pub(crate) fn new(
        kind: HookErrorKind,
        path: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        HookError {
            inner: Box::new(Inner {
                kind,
                path: path.into(),
                message: message.into(),
            }),
        }
    }

    /// What kind of refusal this is.
    #[must_use]
    pub fn kind(&self) -> HookErrorKind {
        self.inner.kind
    }

    /// The HTTP status: 400, 412 or 422 for the client's request; 500 for the host's
    /// invalid [`Options`](super::Options).
    #[must_use]
    pub fn status(&self) -> u16 {
        self.inner.kind.status()
    }

    /// The JSON path in the request, e.g. `context.draftOrders.entry[1].resource.code`
    /// (`""` for the body itself).
    #[must_use]
    pub fn path(&self) -> &str {
        &self.inner.path
    }

    /// What is wrong, in words.
    #[must_use]
    pub fn message(&self) -> &str {
        &self.inner.message
    }

    /// A FHIR R4 `OperationOutcome` with one `error` issue: `code` from the kind,
    /// `diagnostics` the message, `expression` the path (when there is one).
    #[must_use]
    pub fn operation_outcome(&self) -> Value {
        let issue = OutcomeIssue::error(self.inner.kind.issue_code(), &self.inner.message)
            .at(&self.inner.path);
        OperationOutcome::new([issue]).to_value()
    }
}

impl fmt::Display for HookError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.inner.path.is_empty() {
            f.write_str(&self.inner.message)
        } else {
            write!(f, "{}: {}", self.inner.path, self.inner.message)
        }
    }
}
