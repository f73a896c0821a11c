//! JSON Schemas (draft 2020-12) of the wire format, generated from the crate's own types
//! (feature `schema`).
//!
//! [`Case`], [`Policy`], [`Determination`] and [`Plan`] implement [`schemars::JsonSchema`] by hand,
//! because their serde impls are hand-written too. Every enum value list comes from the
//! crate's vocabularies ([`Member::ALL`](crate::Member::ALL) and `as_str`) and its code tables
//! ([`codes::CPT_CODES`](crate::codes::CPT_CODES),
//! [`codes::CANDIDATE_CODES`](crate::codes::CANDIDATE_CODES)), so a schema cannot drift from
//! what the crate reads and writes. The repository commits the output as
//! `schema/{case,policy,determination,plan}.schema.json`; a test fails when they differ from what
//! this module generates (`cargo run --example gen-schema --features schema` rewrites them).
//!
//! ```
//! let case = edx_coverage::schema::case();
//! assert_eq!(case.get("title").and_then(|t| t.as_str()), Some("Case"));
//! ```
//!
//! # What the case schema cannot express
//! It refuses everything the crate refuses that JSON Schema can see: unknown fields
//! (`additionalProperties: false` everywhere), unknown names, codes outside the ICD-10-CM shape
//! or the CPT table, negative or fractional durations, units or studies outside 1–99, a
//! study count on a code that is not an NCS code (`dependentSchemas`), an empty or
//! non-object diagnosis list, `schema_version` other than 1, lists over
//! [`MAX_ENTRIES`](crate::MAX_ENTRIES), and one finding recorded both present and absent from the same source.
//! Three refusals stay with the crate:
//! - **duplicate keys** in one object (`{"kind": "a", "kind": "b"}`): a JSON parser keeps one
//!   before a validator sees the document;
//! - **how a number is written**: JSON Schema's `integer` is a value test, so `1.0`, `1e0` and
//!   `-0` pass it; the crate wants a whole number written without fraction or exponent;
//! - **nesting deeper than 32 levels**: unreachable for a document that passes the schema.

use schemars::generate::SchemaSettings;
use schemars::{JsonSchema, Schema};

use crate::determination::Determination;
use crate::model::Case;
use crate::plan::Plan;
use crate::policy::Policy;

mod input;
mod keywords;
mod output;
mod patterns;
mod plan;

pub(crate) use keywords::vocabulary;

/// The schema of a [`Case`], the evaluator's input.
#[must_use]
pub fn case() -> Schema {
    root::<Case>()
}

/// The schema of a [`Policy`], the optional second input.
#[must_use]
pub fn policy() -> Schema {
    root::<Policy>()
}

/// The schema of a [`Determination`], the output.
#[must_use]
pub fn determination() -> Schema {
    root::<Determination>()
}

/// The schema of a [`Plan`], the path to coverage (docs/plan.md).
#[must_use]
pub fn plan() -> Schema {
    root::<Plan>()
}

/// The committed schema files: each file name (under `schema/`) and its content, pretty
/// JSON ending in a newline. Deterministic: the same build always renders the same bytes.
#[must_use]
pub fn files() -> [(&'static str, String); 4] {
    [
        ("case.schema.json", render(&case())),
        ("policy.schema.json", render(&policy())),
        ("determination.schema.json", render(&determination())),
        ("plan.schema.json", render(&plan())),
    ]
}

fn root<T: JsonSchema>() -> Schema {
    SchemaSettings::draft2020_12()
        .into_generator()
        .into_root_schema_for::<T>()
}

fn render(schema: &Schema) -> String {
    // Serialising a `Schema` (a JSON value) into a string cannot fail.
    let mut text = serde_json::to_string_pretty(schema).unwrap_or_default();
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use serde_json::Value;

    use super::*;

    fn property_names(schema: &Schema) -> Vec<String> {
        schema
            .get("properties")
            .and_then(Value::as_object)
            .map(|m| m.keys().cloned().collect())
            .unwrap()
    }

    #[test]
    fn top_level_fields_are_the_wire_fields() {
        let mut want: Vec<String> = crate::wire::CASE_FIELDS
            .iter()
            .map(|s| s.to_string())
            .collect();
        want.sort();
        assert_eq!(property_names(&case()), want);
        let mut want: Vec<String> = crate::wire::POLICY_FIELDS
            .iter()
            .map(|s| s.to_string())
            .collect();
        want.sort();
        assert_eq!(property_names(&policy()), want);
    }

    #[test]
    fn rendering_is_deterministic() {
        assert_eq!(files(), files());
    }
}
