//! The FHIR R4 `OperationOutcome`, written in one place: for a refused CDS Hooks request
//! ([`HookError::operation_outcome`](crate::cds_hooks::HookError::operation_outcome)), for the
//! issues a mapping met (the response's `edx-coverage.issues` extension), and for the CDS
//! Hooks service's own refusals.
//!
//! Members are written in sorted order (`issue`, `resourceType`; `code`, `diagnostics`,
//! `expression`, `severity`), as a `serde_json::Value` object writes them.
//!
//! ```
//! use edx_coverage_fhir::outcome::{OperationOutcome, OutcomeIssue};
//!
//! let outcome = OperationOutcome::new([OutcomeIssue::error("invalid", "hook: is required").at("hook")]);
//! assert_eq!(
//!     serde_json::to_string(&outcome)?,
//!     r#"{"issue":[{"code":"invalid","diagnostics":"hook: is required","expression":["hook"],"severity":"error"}],"resourceType":"OperationOutcome"}"#
//! );
//! # Ok::<(), serde_json::Error>(())
//! ```

use serde::ser::{SerializeMap, Serializer};
use serde::Serialize;
use serde_json::Value;

/// How serious an issue is (FHIR value set `issue-severity`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Severity {
    /// The request was refused.
    Error,
    /// Something was not used, the request was answered.
    Warning,
}

impl Severity {
    /// The FHIR code.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// One `OperationOutcome.issue`: severity, `code` (value set `issue-type`), `diagnostics`
/// and, when there is one, the JSON path of the element at fault as its `expression`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct OutcomeIssue<'a> {
    severity: Severity,
    code: &'a str,
    diagnostics: &'a str,
    expression: Option<&'a str>,
}

impl<'a> OutcomeIssue<'a> {
    /// An `error` issue.
    #[must_use]
    pub const fn error(code: &'a str, diagnostics: &'a str) -> Self {
        OutcomeIssue {
            severity: Severity::Error,
            code,
            diagnostics,
            expression: None,
        }
    }

    /// A `warning` issue.
    #[must_use]
    pub const fn warning(code: &'a str, diagnostics: &'a str) -> Self {
        OutcomeIssue {
            severity: Severity::Warning,
            code,
            diagnostics,
            expression: None,
        }
    }

    /// The same issue at `path`; an empty path (the document itself) writes no
    /// `expression`.
    #[must_use]
    pub const fn at(mut self, path: &'a str) -> Self {
        self.expression = if path.is_empty() { None } else { Some(path) };
        self
    }
}

impl Serialize for OutcomeIssue<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("code", self.code)?;
        m.serialize_entry("diagnostics", self.diagnostics)?;
        if let Some(path) = self.expression {
            m.serialize_entry("expression", &[path])?;
        }
        m.serialize_entry("severity", self.severity.as_str())?;
        m.end()
    }
}

/// A FHIR R4 `OperationOutcome` with the issues `I` yields, in order. Written without
/// copying the issues: `I` is iterated each time it is serialised.
#[derive(Debug, Clone)]
pub struct OperationOutcome<I> {
    issues: I,
}

impl<'a, I> OperationOutcome<I>
where
    I: IntoIterator<Item = OutcomeIssue<'a>> + Clone,
{
    /// The outcome of `issues`.
    #[must_use]
    pub fn new(issues: I) -> Self {
        OperationOutcome { issues }
    }

    /// The outcome as a JSON value.
    #[must_use]
    pub fn to_value(&self) -> Value {
        // Strings and arrays of strings only: serialising to a value cannot fail.
        serde_json::to_value(self).unwrap_or(Value::Null)
    }
}

impl<'a, I> Serialize for OperationOutcome<I>
where
    I: IntoIterator<Item = OutcomeIssue<'a>> + Clone,
{
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        struct Issues<I>(I);
        impl<'a, I> Serialize for Issues<I>
        where
            I: IntoIterator<Item = OutcomeIssue<'a>> + Clone,
        {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.collect_seq(self.0.clone())
            }
        }
        let mut m = s.serialize_map(Some(2))?;
        m.serialize_entry("issue", &Issues(self.issues.clone()))?;
        m.serialize_entry("resourceType", "OperationOutcome")?;
        m.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_what_a_value_object_writes() {
        let one = OperationOutcome::new([OutcomeIssue::error("invalid", "bad").at("a.b")]);
        let by_hand = serde_json::json!({
            "resourceType": "OperationOutcome",
            "issue": [{"severity": "error", "code": "invalid", "diagnostics": "bad", "expression": ["a.b"]}],
        });
        assert_eq!(serde_json::to_string(&one).unwrap(), by_hand.to_string());
        assert_eq!(one.to_value(), by_hand);
    }

    #[test]
    fn an_empty_path_writes_no_expression() {
        let v =
            OperationOutcome::new([OutcomeIssue::warning("informational", "x").at("")]).to_value();
        assert_eq!(v["issue"][0].get("expression"), None);
        assert_eq!(v["issue"][0]["severity"], "warning");
    }
}
