//! JSON text in, JSON text out, in one call (feature `json`): the entry point for wrappers.
//!
//! For authors of bindings (a C ABI, WebAssembly, Python through PyO3, a web service):
//! [`evaluate_str`] takes the case and the optional policy as JSON text in the wire format
//! and returns the determination as one line of JSON, so a binding passes strings across
//! and needs no Rust types of its own. It is pure and deterministic like
//! [`evaluate`](crate::evaluate): no I/O, no clock, no global state, safe to call from any
//! thread, and it never panics on any input.
//!
//! A refusal is the crate's typed [`Error`]: [`Error::path`] names the offending value
//! (`diagnoses[1].code`, `findings[0].kind`; `""` for the case document itself) and
//! [`Error::kind`] says why. Text that is not one well-formed JSON document is
//! [`ErrorKind::Syntax`] with the parser's message (line and column). Paths inside the policy
//! start with `policy` (`policy.min_trial_days`, or `policy` for the document), so one
//! error type tells the two inputs apart. A binding typically maps `Ok` to its string type
//! and `Err` to an exception or error object carrying `path()` and `to_string()`.
//!
//! [`explain_str`] takes the same inputs and an [`Audience`] and returns the explanation for
//! that reader as text (see [`Explanation`]); a binding that takes the
//! audience as a string parses it with `str::parse::<Audience>()`, whose error names the
//! unknown value.
//!
//! The JSON Schemas in the repository's `schema/` directory describe the same documents
//! (feature `schema` generates them), for validation on the other side of the boundary.
//!
//! ```
//! use edx_coverage::json::evaluate_str;
//! use edx_coverage::ErrorKind;
//!
//! let out = evaluate_str(r#"{"diagnoses": [{"code": "R25.2"}]}"#, None)?;
//! assert!(out.starts_with(r#"{"ruleset":"edx-coverage/4","indication":"not_yet_indicated""#));
//!
//! let policy = r#"{"accept_symptom_codes_with_support": true}"#;
//! evaluate_str(r#"{"diagnoses": [{"code": "R25.2"}]}"#, Some(policy))?;
//!
//! let err = evaluate_str(r#"{"diagnoses": [{"code": "R2"}]}"#, None).unwrap_err();
//! assert_eq!(err.path(), "diagnoses[0].code");
//! assert_eq!(err.to_string(), r#"diagnoses[0].code: "R2" is not an ICD-10-CM code"#);
//!
//! let err = evaluate_str(r#"{"diagnoses": [{"code": "R25.2"}]}"#, Some(r#"{"min_trial_days": -1}"#))
//!     .unwrap_err();
//! assert_eq!(err.path(), "policy.min_trial_days");
//!
//! let err = evaluate_str("{\"diagnoses\": [", None).unwrap_err();
//! assert!(matches!(err.kind(), ErrorKind::Syntax { .. }));
//! # Ok::<(), edx_coverage::Error>(())
//! ```

use serde_json::de::StrRead;
use serde_json::Deserializer;

use crate::error::{Error, ErrorKind};
use crate::explain::{Audience, Explanation};
use crate::model::Case;
use crate::policy::Policy;
use crate::wire::{case_from, determination_json, fast_case, fast_policy, policy_from};

mod lines;
pub use lines::{evaluate_line, line_error, line_refusal, plan_line};

/// Evaluates a case (and optionally a policy; `None` is [`Policy::default`]) given as JSON
/// text, and returns the [`Determination`](crate::Determination) as compact JSON text.
///
/// # Errors
/// The first refusal, as an [`Error`] with its path (see the [module docs](self)).
pub fn evaluate_str(case: &str, policy: Option<&str>) -> Result<String, Error> {
    let (case, policy) = parse_inputs(case, policy)?;
    let determination = crate::evaluate(&case, &policy);
    Ok(determination_json(&determination))
}

/// Plans the path to coverage (see [`plan`](fn@crate::plan)) of a case (and optionally a
/// policy) given as JSON text, as [`evaluate_str`] takes them, and returns the plan as compact
/// JSON text (docs/plan.md, JSON).
///
/// ```
/// use edx_coverage::json::plan_str;
///
/// let out = plan_str(r#"{"diagnoses": [{"code": "R25.2"}]}"#, None)?;
/// assert!(out.starts_with(r#"{"ruleset":"edx-coverage/4","from":"likely_denied","target":"at_risk""#));
/// let err = plan_str(r#"{"diagnoses": [{"code": "R2"}]}"#, None).unwrap_err();
/// assert_eq!(err.path(), "diagnoses[0].code");
/// # Ok::<(), edx_coverage::Error>(())
/// ```
///
/// # Errors
/// The first refusal of the case or policy, as [`evaluate_str`].
pub fn plan_str(case: &str, policy: Option<&str>) -> Result<String, Error> {
    let (case, policy) = parse_inputs(case, policy)?;
    // A plan is made of strings, booleans and small integers: writing it cannot fail.
    serde_json::to_string(&crate::plan(&case, &policy)).map_err(syntax)
}

/// Evaluates a case (and optionally a policy) given as JSON text, as [`evaluate_str`] does,
/// and returns the explanation for `audience` as text, the path to coverage included
/// ([`Explanation::with_plan`]).
///
/// ```
/// use edx_coverage::json::explain_str;
/// use edx_coverage::Audience;
///
/// let case = r#"{"diagnoses": [{"code": "R25.2"}]}"#;
/// let patient = explain_str(case, None, Audience::Patient)?;
/// assert!(patient.contains("not a decision by your health plan"));
/// let coder = explain_str(case, None, "coder".parse()?)?;
/// assert!(coder.contains("R25.2 Cramp and spasm: cramp symptom code"));
/// assert_eq!(
///     "payer".parse::<Audience>().unwrap_err().to_string(),
///     r#"unknown audience "payer""#
/// );
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// The first refusal of the case or policy, as [`evaluate_str`].
pub fn explain_str(case: &str, policy: Option<&str>, audience: Audience) -> Result<String, Error> {
    let (case, policy) = parse_inputs(case, policy)?;
    let determination = crate::evaluate(&case, &policy);
    let path = crate::plan(&case, &policy);
    Ok(Explanation::new(&case, &determination, audience)
        .with_plan(&path)
        .to_string())
}

/// Parses the two inputs of [`evaluate_str`]: the case first, then the policy (`None` is
/// [`Policy::default`]) with its paths under `policy` (`policy.min_trial_days`), so that
/// one error names either document.
///
/// # Errors
/// The first refusal, as [`evaluate_str`].
pub fn parse_inputs(case: &str, policy: Option<&str>) -> Result<(Case, Policy), Error> {
    let case = parse_case(case)?;
    let policy = match policy {
        Some(text) => parse_policy_argument(text)?,
        None => Policy::default(),
    };
    Ok((case, policy))
}

/// Parses a policy given beside cases (as [`evaluate_str`]'s second argument): its paths
/// start with `policy` (`policy.min_trial_days`, `policy` for the document itself).
///
/// # Errors
/// As [`parse_policy`], the path under `policy`.
pub fn parse_policy_argument(text: &str) -> Result<Policy, Error> {
    parse_policy(text).map_err(in_policy)
}

/// Parses a [`Case`] from JSON text.
///
/// # Errors
/// [`ErrorKind::Syntax`] for text that is not one JSON document; otherwise the refusal with
/// its path, as [`evaluate_str`].
pub fn parse_case(text: &str) -> Result<Case, Error> {
    parse(text, |de| fast_case(de), |de| case_from(de))
}

/// Parses a [`Policy`] from JSON text. Paths are relative to the policy document.
///
/// # Errors
/// As [`parse_case`].
pub fn parse_policy(text: &str) -> Result<Policy, Error> {
    parse(text, |de| fast_policy(de), |de| policy_from(de))
}

type Fast<T> = fn(&mut Deserializer<StrRead<'_>>) -> Result<T, serde_json::Error>;
type Convert<T> = fn(&mut Deserializer<StrRead<'_>>) -> Result<Result<T, Error>, serde_json::Error>;

/// The text without the UTF-8 byte-order mark a Windows editor may put at its start. Only
/// that one leading mark is dropped: anywhere else (a second one, one after the document)
/// it is not JSON whitespace and stays a syntax error.
pub fn strip_bom(text: &str) -> &str {
    text.strip_prefix('\u{feff}').unwrap_or(text)
}

/// Reads one JSON document: first in one typed pass (`fast`), which trusts the common case;
/// when that gives up, again into the raw tree, converted by the path-naming code, which
/// builds the exact refusal. A syntax error, or anything after the document, wins over a
/// refusal of its content.
fn parse<T>(text: &str, fast: Fast<T>, convert: Convert<T>) -> Result<T, Error> {
    let text = strip_bom(text);
    let mut de = Deserializer::from_str(text);
    if let Ok(value) = fast(&mut de) {
        if de.end().is_ok() {
            return Ok(value);
        }
    }
    let mut de = Deserializer::from_str(text);
    let converted = convert(&mut de).map_err(syntax)?;
    de.end().map_err(syntax)?;
    converted
}

/// The two passes of [`parse_case`] and [`parse_policy`] one at a time, for the fuzz
/// target that checks they agree (built only under `cfg(fuzzing)`, which cargo fuzz sets).
#[cfg(fuzzing)]
#[doc(hidden)]
pub mod fuzzing {
    pub use super::passes::*;
}

/// The two passes one at a time (the unit tests and [`fuzzing`] compare them).
#[cfg(any(test, fuzzing))]
pub(crate) mod passes {
    use super::*;

    /// The fast pass alone: `None` where it gives up.
    pub fn case_fast(text: &str) -> Option<Case> {
        fast_only(strip_bom(text), |de| fast_case(de))
    }

    /// The path-tracking pass alone.
    pub fn case_slow(text: &str) -> Result<Case, Error> {
        parse(
            text,
            |_| Err(serde::de::Error::custom("skip")),
            |de| case_from(de),
        )
    }

    /// The fast pass alone, for a policy.
    pub fn policy_fast(text: &str) -> Option<Policy> {
        fast_only(strip_bom(text), |de| fast_policy(de))
    }

    /// The path-tracking pass alone, for a policy.
    pub fn policy_slow(text: &str) -> Result<Policy, Error> {
        parse(
            text,
            |_| Err(serde::de::Error::custom("skip")),
            |de| policy_from(de),
        )
    }

    /// `serde_json::from_str::<Case>` as the `Deserialize` impl reads (one pass), the error as
    /// its text.
    pub fn case_serde(text: &str) -> Result<Case, String> {
        serde_json::from_str::<Case>(text).map_err(|e| e.to_string())
    }

    /// `serde_json::from_str::<Case>` through the path-tracking tree alone (what the
    /// `Deserialize` impl did before the one pass), the error as its text.
    pub fn case_serde_tree(text: &str) -> Result<Case, String> {
        let mut de = Deserializer::from_str(text);
        let case = crate::wire::case_from(&mut de)
            .and_then(|r| r.map_err(serde::de::Error::custom))
            .and_then(|c| de.end().map(|()| c));
        case.map_err(|e: serde_json::Error| e.to_string())
    }

    /// `serde_json::from_str::<Policy>` (one pass), the error as its text.
    pub fn policy_serde(text: &str) -> Result<Policy, String> {
        serde_json::from_str::<Policy>(text).map_err(|e| e.to_string())
    }

    /// `serde_json::from_str::<Policy>` through the tree alone.
    pub fn policy_serde_tree(text: &str) -> Result<Policy, String> {
        let mut de = Deserializer::from_str(text);
        let policy = crate::wire::policy_from(&mut de)
            .and_then(|r| r.map_err(serde::de::Error::custom))
            .and_then(|p| de.end().map(|()| p));
        policy.map_err(|e: serde_json::Error| e.to_string())
    }

    fn fast_only<T>(text: &str, fast: Fast<T>) -> Option<T> {
        let mut de = Deserializer::from_str(text);
        let value = fast(&mut de).ok()?;
        de.end().ok()?;
        Some(value)
    }
}

fn syntax(e: serde_json::Error) -> Error {
    Error::new(
        "",
        ErrorKind::Syntax {
            message: e.to_string(),
        },
    )
}

fn in_policy(e: Error) -> Error {
    let path = if e.path().is_empty() {
        "policy".to_owned()
    } else {
        format!("policy.{}", e.path())
    };
    Error::new(path, e.kind().clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    const R252: &str = r#"{"diagnoses":[{"code":"R25.2"}]}"#;

    #[test]
    fn output_is_the_wire_format() {
        let case: Case = serde_json::from_str(R252).unwrap();
        let want = serde_json::to_string(&crate::evaluate(&case, &Policy::default())).unwrap();
        assert_eq!(evaluate_str(R252, None).unwrap(), want);
        assert_eq!(evaluate_str(R252, Some("{}")).unwrap(), want);
    }

    #[test]
    fn refusals_name_their_path() {
        let err = evaluate_str(r#"{"diagnoses":[],"x":1}"#, None).unwrap_err();
        assert_eq!(err.path(), "");
        assert!(matches!(err.kind(), ErrorKind::UnknownField { .. }));
        let err = evaluate_str(r#"{"findings":[{"kind":"fasiculations"}]}"#, None).unwrap_err();
        assert_eq!(err.to_string(), "diagnoses: is required");
        let err = evaluate_str(
            r#"{"diagnoses":[{"code":"R25.2"}],"findings":[{"kind":"fasiculations"}]}"#,
            None,
        )
        .unwrap_err();
        assert_eq!(
            err.to_string(),
            r#"findings[0].kind: unknown finding kind "fasiculations""#
        );
        let err = evaluate_str(R252, Some(r#"{"require_differential":1}"#)).unwrap_err();
        assert_eq!(err.path(), "policy.require_differential");
        let err = evaluate_str(R252, Some("[]")).unwrap_err();
        assert_eq!(err.path(), "policy");
    }

    #[test]
    fn syntax_errors_are_syntax() {
        for bad in [
            "",
            "{",
            "nul",
            r#"{"diagnoses":[{"code":"R25.2"}]} {}"#,
            "{} x",
        ] {
            let err = evaluate_str(bad, None).unwrap_err();
            assert!(
                matches!(err.kind(), ErrorKind::Syntax { .. }),
                "{bad}: {err}"
            );
            assert_eq!(err.path(), "");
        }
        let err = evaluate_str(R252, Some("{,}")).unwrap_err();
        assert!(matches!(err.kind(), ErrorKind::Syntax { .. }));
        assert_eq!(err.path(), "policy");
    }

    #[test]
    fn explain_str_is_the_explanation() {
        let case: Case = serde_json::from_str(R252).unwrap();
        let d = crate::evaluate(&case, &Policy::default());
        for &a in <Audience as crate::set::Member>::ALL {
            let p = crate::plan(&case, &Policy::default());
            let want = Explanation::new(&case, &d, a).with_plan(&p).to_string();
            assert_eq!(explain_str(R252, None, a).unwrap(), want);
        }
        let err = explain_str(R252, Some("[]"), Audience::Coder).unwrap_err();
        assert_eq!(err.path(), "policy");
        let err = explain_str("{", None, Audience::Patient).unwrap_err();
        assert!(matches!(err.kind(), ErrorKind::Syntax { .. }));
    }

    #[test]
    fn a_leading_byte_order_mark_is_accepted() {
        let want = evaluate_str(R252, None).unwrap();
        let bom = format!("\u{feff}{R252}");
        assert_eq!(evaluate_str(&bom, None).unwrap(), want);
        assert_eq!(evaluate_str(&bom, Some("\u{feff}{}")).unwrap(), want);
        assert_eq!(parse_case(&bom).unwrap(), parse_case(R252).unwrap());
        let policy = parse_policy("\u{feff}{\"min_trial_days\": 7}").unwrap();
        assert_eq!(policy.min_trial_days, 7);
        let case = format!(
            "\u{feff}{}",
            r#"{"diagnoses":[{"code":"R25.2"}],"findings":[{"kind":"fasciculations"}]}"#
        );
        assert!(explain_str(&case, None, Audience::Coder).is_ok());
    }

    #[test]
    fn a_byte_order_mark_elsewhere_is_refused() {
        for bad in [
            format!("\u{feff}\u{feff}{R252}"),
            format!(" \u{feff}{R252}"),
            format!("{R252}\u{feff}"),
            "{\u{feff}\"diagnoses\":[{\"code\":\"R25.2\"}]}".to_owned(),
        ] {
            let err = evaluate_str(&bad, None).unwrap_err();
            assert!(
                matches!(err.kind(), ErrorKind::Syntax { .. }),
                "{bad:?}: {err}"
            );
            let err = evaluate_str(R252, Some(&bad)).unwrap_err();
            assert!(
                matches!(err.kind(), ErrorKind::Syntax { .. }),
                "{bad:?}: {err}"
            );
        }
        // Inside a string it is part of the value, and the value is refused.
        let err = evaluate_str("{\"diagnoses\":[{\"code\":\"\u{feff}R25.2\"}]}", None).unwrap_err();
        assert_eq!(err.path(), "diagnoses[0].code");
    }

    #[test]
    fn the_serde_one_pass_answers_as_the_tree() {
        use super::passes::{case_serde, case_serde_tree, policy_serde, policy_serde_tree};
        for text in [
            R252,
            "",
            r#"{"diagnoses":[{"code":"R25.2"}],}"#,
            r#"{"findings":[{"kind":"nope"}],"x":[1,]}"#,
            r#"{"diagnoses":[{"code":"R2"}],"diagnoses":[]}"#,
            r#"{"min_trial_days":1,"require_differential":null}"#,
        ] {
            assert_eq!(case_serde(text), case_serde_tree(text), "{text}");
            assert_eq!(policy_serde(text), policy_serde_tree(text), "{text}");
        }
    }

    #[test]
    fn deep_nesting_is_refused_without_overflow() {
        let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
        assert!(evaluate_str(&deep, None).is_err());
    }
}
