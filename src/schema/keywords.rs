//! Small builders of JSON Schema keywords shared by the input and output schemas.

use serde_json::{json, Value};

use schemars::Schema;

use crate::error::MAX_ENTRIES;
use crate::set::Member;

/// A schema from a `json!` object literal.
pub(super) fn schema(value: Value) -> Schema {
    match value {
        Value::Object(map) => Schema::from(map),
        // Every caller passes an object literal.
        _ => Schema::default(),
    }
}

/// The schema of a vocabulary enum: a string, one of its wire names in declaration order.
pub(crate) fn vocabulary<T: Member>(what: &str, name: fn(T) -> &'static str) -> Schema {
    let values: Vec<&str> = T::ALL.iter().map(|v| name(*v)).collect();
    schema(json!({
        "description": format!("One {what} value, by its wire name."),
        "type": "string",
        "enum": values,
    }))
}

/// `value` (an object) with one more keyword.
pub(super) fn with(mut value: Value, key: &str, keyword: Value) -> Value {
    if let Some(map) = value.as_object_mut() {
        map.insert(key.to_owned(), keyword);
    }
    value
}

/// An array of at most [`MAX_ENTRIES`] `items`.
pub(super) fn list(items: Schema) -> Value {
    json!({ "type": "array", "items": items, "maxItems": MAX_ENTRIES })
}

/// An output set: each value at most once.
pub(super) fn set(items: Schema) -> Value {
    json!({ "type": "array", "items": items, "uniqueItems": true })
}

/// The `schema_name` and `schema_id` of a hand-written schema, under the crate's name.
macro_rules! named {
    ($ty:ty, $name:literal) => {
        fn schema_name() -> ::std::borrow::Cow<'static, str> {
            $name.into()
        }
        fn schema_id() -> ::std::borrow::Cow<'static, str> {
            concat!("edx_coverage::", $name).into()
        }
    };
}
pub(super) use named;
