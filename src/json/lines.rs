//! JSON Lines: one case per line in, one result per line out, in order (see
//! [`evaluate_line`]). For hosts that score many cases in one stream: the command-line
//! example's `--jsonl`, a pipe between jobs. Each call handles one line and keeps nothing,
//! so a stream of any length is scored in constant memory.

use serde::Serialize;

use crate::error::Error;
use crate::policy::Policy;

use super::{parse_case, syntax};

/// Evaluates the case on one line (JSON text in the wire format) under `policy`, and
/// appends the [`Determination`](crate::Determination) to `out` as compact JSON, without a
/// line break.
///
/// ```
/// use edx_coverage::json::{evaluate_line, line_error};
/// use edx_coverage::Policy;
///
/// let mut out = Vec::new();
/// evaluate_line(r#"{"diagnoses":[{"code":"R25.2"}]}"#, &Policy::default(), &mut out)?;
/// assert!(out.starts_with(br#"{"ruleset":"edx-coverage/"#));
///
/// let err = evaluate_line(r#"{"diagnoses":[{"code":"R2"}]}"#, &Policy::default(), &mut out)
///     .unwrap_err();
/// let mut line = Vec::new();
/// line_error(2, &err, &mut line);
/// assert_eq!(
///     String::from_utf8(line).unwrap(),
///     r#"{"line":2,"error":{"path":"diagnoses[0].code","message":"\"R2\" is not an ICD-10-CM code"}}"#
/// );
/// # Ok::<(), edx_coverage::Error>(())
/// ```
///
/// # Errors
/// The case's first refusal, as [`parse_case`]; `out` is then unchanged.
pub fn evaluate_line(line: &str, policy: &Policy, out: &mut Vec<u8>) -> Result<(), Error> {
    let case = parse_case(line)?;
    let determination = crate::evaluate(&case, policy);
    // The determination is made of strings and small integers: writing it cannot fail.
    serde_json::to_writer(out, &determination).map_err(syntax)
}

/// As [`evaluate_line`], for the path to coverage: appends the plan of the case on `line`
/// (the JSON of [`json::plan_str`](crate::json::plan_str), on one line).
///
/// # Errors
/// As [`evaluate_line`].
pub fn plan_line(line: &str, policy: &Policy, out: &mut Vec<u8>) -> Result<(), Error> {
    let case = parse_case(line)?;
    let plan = crate::plan(&case, policy);
    serde_json::to_writer(out, &plan).map_err(syntax)
}

/// Appends the line that stands for a refused input line, without a line break:
/// `{"line": N, "error": {"path": …, "message": …}}`, where `N` counts lines from 1,
/// `path` is [`Error::path`] (`""` for the line's document) and `message` is the reason
/// without the path ([`Error::kind`]).
pub fn line_error(line: u64, error: &Error, out: &mut Vec<u8>) {
    line_refusal(line, error.path(), &error.kind().to_string(), out);
}

/// As [`line_error`], for a refusal the caller words itself (a line that is not UTF-8
/// text, which no [`Error`] describes because the crate reads only text).
pub fn line_refusal(line: u64, path: &str, message: &str, out: &mut Vec<u8>) {
    #[derive(Serialize)]
    struct Refused<'a> {
        line: u64,
        error: Detail<'a>,
    }
    #[derive(Serialize)]
    struct Detail<'a> {
        path: &'a str,
        message: &'a str,
    }
    let refused = Refused {
        line,
        error: Detail { path, message },
    };
    // Two strings and an integer: writing them into memory cannot fail.
    let _ = serde_json::to_writer(out, &refused);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_is_evaluate_str() {
        let case = r#"{"diagnoses":[{"code":"R25.2"}],"findings":[{"kind":"fasciculations","source":"exam"}]}"#;
        let mut out = Vec::new();
        evaluate_line(case, &Policy::default(), &mut out).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            super::super::evaluate_str(case, None).unwrap()
        );
    }

    #[test]
    fn a_refusal_leaves_the_output_alone_and_names_the_line() {
        let mut out = b"kept".to_vec();
        let err = evaluate_line("{", &Policy::default(), &mut out).unwrap_err();
        assert_eq!(out, b"kept");
        let mut line = Vec::new();
        line_error(7, &err, &mut line);
        let v: serde_json::Value = serde_json::from_slice(&line).unwrap();
        assert_eq!(v["line"], 7);
        assert_eq!(v["error"]["path"], "");
        assert!(v["error"]["message"].as_str().unwrap().contains("EOF"));
        let mut line = Vec::new();
        line_refusal(3, "", "is not UTF-8 text", &mut line);
        assert_eq!(
            line,
            br#"{"line":3,"error":{"path":"","message":"is not UTF-8 text"}}"#
        );
    }
}
