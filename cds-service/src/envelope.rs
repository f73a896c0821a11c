//! The body of the plain JSON API: `{ "case": …, "policy": …, "audience": … }`, read into
//! the library's types with every refusal naming its field path.
//!
//! - `case` (required): a case in the wire format. The library reads it; its refusals come
//!   back under `case` (`case.diagnoses[0].code`), as 422.
//! - `policy` (optional, `null` is absent): a policy in the wire format; refusals under
//!   `policy` (`policy.min_trial_days`), as 422. Absent: the service's configured policy.
//! - `audience` (optional): `patient`, `clinician` (the default) or `coder`.
//!
//! A body that is not one JSON object, an unknown or repeated member, a member of the wrong
//! JSON type or an unknown audience is a 400 naming that member.

use std::borrow::Cow;
use std::fmt;

use edx_coverage::{Audience, Case, Policy};
use serde::de::{Deserializer, IgnoredAny, MapAccess, Visitor};
use serde::Deserialize;
use serde_json::value::RawValue;

use crate::problem::Problem;

/// The members the body may hold, in the order the documentation lists them.
pub const MEMBERS: [&str; 3] = ["case", "policy", "audience"];

/// A body read and checked: what the library evaluates and for whom.
#[derive(Debug, Clone)]
pub struct Inputs {
    /// The case.
    pub case: Case,
    /// The request's policy, or the service's when it sent none.
    pub policy: Policy,
    /// The reader of the explanation.
    pub audience: Audience,
}

/// Reads `text` (the request body). `configured` is the policy used when the body has none.
///
/// # Errors
/// The refusal, with the field path it names: 400 for the body's own shape, 422 for a case
/// or policy the library refuses.
pub fn read(text: &str, configured: &Policy) -> Result<Inputs, Problem> {
    if !text.trim_start().starts_with('{') {
        return Err(Problem::bad_request(
            "",
            "the body must be a JSON object: {\"case\": ..., \"policy\": ..., \"audience\": ...}",
        ));
    }
    let members: Members<'_> = serde_json::from_str(text)
        .map_err(|e| Problem::bad_request("", format!("the body is not JSON: {e}")))?;
    if let Some(problem) = members.problem {
        return Err(problem);
    }
    let audience = match members.audience {
        None => Audience::Clinician,
        Some(raw) => audience(raw)?,
    };
    let case = members
        .case
        .ok_or_else(|| Problem::bad_request("case", "case: is required"))?;
    let case = edx_coverage::json::parse_case(case.get()).map_err(|e| {
        let path = if e.path().is_empty() {
            "case".to_owned()
        } else {
            format!("case.{}", e.path())
        };
        Problem::unprocessable(path.clone(), format!("{path}: {}", e.kind()))
    })?;
    let policy = match members.policy.filter(|raw| raw.get() != "null") {
        None => *configured,
        Some(raw) => edx_coverage::json::parse_policy_argument(raw.get())
            .map_err(|e| Problem::unprocessable(e.path().to_owned(), e.to_string()))?,
    };
    Ok(Inputs {
        case,
        policy,
        audience,
    })
}

fn audience(raw: &RawValue) -> Result<Audience, Problem> {
    let name: String = serde_json::from_str(raw.get()).map_err(|_| {
        Problem::bad_request(
            "audience",
            format!(
                "audience: must be a string, one of patient, clinician, coder (got {})",
                edx_coverage::echo(raw.get())
            ),
        )
    })?;
    name.parse::<Audience>()
        .map_err(|e| Problem::bad_request("audience", format!("audience: {e}")))
}

/// The members as sent, each still JSON text; the first problem with them, if any.
struct Members<'a> {
    case: Option<&'a RawValue>,
    policy: Option<&'a RawValue>,
    audience: Option<&'a RawValue>,
    problem: Option<Problem>,
}

impl<'de> Deserialize<'de> for Members<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(MembersVisitor)
    }
}

struct MembersVisitor;

impl<'de> Visitor<'de> for MembersVisitor {
    type Value = Members<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Members<'de>, A::Error> {
        let mut members = Members {
            case: None,
            policy: None,
            audience: None,
            problem: None,
        };
        while let Some(key) = map.next_key::<Cow<'de, str>>()? {
            let slot = match key.as_ref() {
                "case" => &mut members.case,
                "policy" => &mut members.policy,
                "audience" => &mut members.audience,
                other => {
                    let path = edx_coverage::echo(other);
                    members.problem.get_or_insert_with(|| {
                        Problem::bad_request(
                            path.clone(),
                            format!(
                                "unknown field {path:?} (expected one of: {})",
                                MEMBERS.join(", ")
                            ),
                        )
                    });
                    map.next_value::<IgnoredAny>()?;
                    continue;
                }
            };
            let value: &'de RawValue = map.next_value()?;
            if slot.replace(value).is_some() {
                members.problem.get_or_insert_with(|| {
                    Problem::bad_request(key.as_ref(), format!("{key}: appears twice"))
                });
            }
        }
        Ok(members)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refused(text: &str) -> Problem {
        match read(text, &Policy::default()) {
            Err(p) => p,
            Ok(i) => panic!("{text} was accepted: {i:?}"),
        }
    }

    #[test]
    fn members_are_read() {
        let i = read(
            r#"{"case":{"diagnoses":[{"code":"R25.2"}]}}"#,
            &Policy::default(),
        )
        .unwrap();
        assert_eq!(i.audience, Audience::Clinician);
        assert_eq!(i.policy, Policy::default());
        let configured = edx_coverage::json::parse_policy(r#"{"min_trial_days":28}"#).unwrap();
        let i = read(
            r#"{"audience":"coder","policy":null,"case":{"diagnoses":[{"code":"R25.2"}]}}"#,
            &configured,
        )
        .unwrap();
        assert_eq!(i.audience, Audience::Coder);
        assert_eq!(i.policy, configured);
        let i = read(
            r#"{"case":{"diagnoses":[{"code":"R25.2"}]},"policy":{"min_trial_days":7}}"#,
            &configured,
        )
        .unwrap();
        assert_eq!(i.policy.min_trial_days, 7);
    }

    #[test]
    fn refusals_name_the_member() {
        for (text, status, path) in [
            ("[]", 400, None),
            ("{", 400, None),
            (
                r#"{"case":{"diagnoses":[{"code":"R25.2"}]},"x":1}"#,
                400,
                Some("x"),
            ),
            (r#"{"policy":{}}"#, 400, Some("case")),
            (r#"{"case":{},"case":{}}"#, 400, Some("case")),
            (
                r#"{"case":{"diagnoses":[{"code":"R25.2"}]},"audience":"payer"}"#,
                400,
                Some("audience"),
            ),
            (
                r#"{"case":{"diagnoses":[{"code":"R25.2"}]},"audience":3}"#,
                400,
                Some("audience"),
            ),
            (
                r#"{"case":{"diagnoses":[{"code":"R2"}]}}"#,
                422,
                Some("case.diagnoses[0].code"),
            ),
            (r#"{"case":[]}"#, 422, Some("case")),
            (
                r#"{"case":{"diagnoses":[{"code":"R25.2"}]},"policy":{"min_trial_days":-1}}"#,
                422,
                Some("policy.min_trial_days"),
            ),
            (
                r#"{"case":{"diagnoses":[{"code":"R25.2"}]},"policy":3}"#,
                422,
                Some("policy"),
            ),
        ] {
            let p = refused(text);
            assert_eq!(p.status().as_u16(), status, "{text}");
            assert_eq!(p.path().filter(|p| !p.is_empty()), path, "{text}");
        }
    }
}
