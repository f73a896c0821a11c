//! Writing a tree back as compact JSON text, byte for byte what `serde_json` writes for it
//! (members in sorted order, duplicates resolved to the last), without going through
//! `serde::Serializer`: a string without a quote, a backslash or a control character (all a
//! request's strings but the escaped ones) is copied as it is, which is what `serde_json`'s
//! escaping leaves of it.

use super::{Array, Json, JsonObject, Number};

/// Appends `value` as compact JSON.
pub(crate) fn value(out: &mut Vec<u8>, value: Json<'_>) {
    match value {
        Json::Null => out.extend_from_slice(b"null"),
        Json::Bool(true) => out.extend_from_slice(b"true"),
        Json::Bool(false) => out.extend_from_slice(b"false"),
        Json::Number(n) => number(out, n),
        Json::String(s) => string(out, s),
        Json::Array(items) => array(out, items),
        Json::Object(members) => object(out, members),
    }
}

/// Appends the items of `items` separated by commas, without the brackets.
pub(crate) fn items(out: &mut Vec<u8>, items: Array<'_>) {
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        value(out, item);
    }
}

fn array(out: &mut Vec<u8>, list: Array<'_>) {
    out.push(b'[');
    items(out, list);
    out.push(b']');
}

fn object(out: &mut Vec<u8>, members: JsonObject<'_>) {
    out.push(b'{');
    for (i, (k, v)) in members.sorted().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        member(out, k, v);
    }
    out.push(b'}');
}

/// Appends `"key":value`.
pub(crate) fn member(out: &mut Vec<u8>, key: &str, v: Json<'_>) {
    string(out, key);
    out.push(b':');
    value(out, v);
}

/// Appends a JSON string as `serde_json` escapes it.
pub(crate) fn string(out: &mut Vec<u8>, s: &str) {
    crate::json_text::push_string(out, s);
}

fn number(out: &mut Vec<u8>, n: Number) {
    // Writing a number into a `Vec` cannot fail.
    let _ = match n {
        Number::Unsigned(n) => serde_json::to_writer(&mut *out, &n),
        Number::Signed(n) => serde_json::to_writer(&mut *out, &n),
        Number::Float(n) => serde_json::to_writer(&mut *out, &n),
    };
}
