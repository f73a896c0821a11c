//! Writing a tree back as compact JSON text, byte for byte what `serde_json` writes for it
//! (members in sorted order, duplicates resolved to the last), without going through
//! `serde::Serializer`: a string without a quote, a backslash or a control character (all a
//! request's strings but the escaped ones) is copied as it is, which is what `serde_json`'s
//! escaping leaves of it.

use super::{Array, Json, JsonObject, Number};

/// Appends `value` as compact JSON.
pub(crate) fn value(out: &mut String, value: Json<'_>) {
    match value {
        Json::Null => out.push_str("null"),
        Json::Bool(true) => out.push_str("true"),
        Json::Bool(false) => out.push_str("false"),
        Json::Number(n) => number(out, n),
        Json::String(s) => string(out, s),
        Json::Array(items) => array(out, items),
        Json::Object(members) => object(out, members),
    }
}

/// Appends the items of `items` separated by commas, without the brackets.
pub(crate) fn items(out: &mut String, items: Array<'_>) {
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        value(out, item);
    }
}

fn array(out: &mut String, list: Array<'_>) {
    out.push('[');
    items(out, list);
    out.push(']');
}

fn object(out: &mut String, members: JsonObject<'_>) {
    out.push('{');
    for (i, (k, v)) in members.sorted().enumerate() {
        if i > 0 {
            out.push(',');
        }
        member(out, k, v);
    }
    out.push('}');
}

/// Appends an [`as_written`](JsonObject::as_written) object: as [`value`] writes it, but
/// all of each run of members but its last copied from the request text in one piece.
pub(crate) fn object_as_written(out: &mut String, members: JsonObject<'_>) {
    out.push('{');
    members_as_written(out, members, 0, members.len());
    out.push('}');
}

/// Appends the members `from..to` of an [`as_written`](JsonObject::as_written) object,
/// separated by commas: all but the last as they stand in the text (where the last one ends
/// is not recorded), the last as [`value`] writes it, its own members the same way.
pub(crate) fn members_as_written(
    out: &mut String,
    members: JsonObject<'_>,
    from: usize,
    to: usize,
) {
    let Some(last) = to.checked_sub(1).filter(|&last| last >= from) else {
        return;
    };
    if last > from {
        match members.text_between(from, last) {
            Some(text) => out.push_str(text),
            None => {
                for i in from..last {
                    if i > from {
                        out.push(',');
                    }
                    if let Some((k, v)) = members.member(i) {
                        member(out, k, v);
                    }
                }
            }
        }
        out.push(',');
    }
    if let Some((k, v)) = members.member(last) {
        string(out, k);
        out.push(':');
        value_as_written(out, v);
    }
}

/// Appends a value of an [`as_written`](JsonObject::as_written) object.
fn value_as_written(out: &mut String, v: Json<'_>) {
    match v {
        Json::Object(members) => object_as_written(out, members),
        Json::Array(list) => {
            out.push('[');
            items_as_written(out, list);
            out.push(']');
        }
        other => value(out, other),
    }
}

/// [`items`] for the items of an [`as_written`](JsonObject::as_written) object.
pub(crate) fn items_as_written(out: &mut String, list: Array<'_>) {
    for (i, item) in list.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        value_as_written(out, item);
    }
}

/// Appends `"key":value`.
pub(crate) fn member(out: &mut String, key: &str, v: Json<'_>) {
    string(out, key);
    out.push(':');
    value(out, v);
}

/// Appends a JSON string as `serde_json` escapes it.
pub(crate) fn string(out: &mut String, s: &str) {
    crate::json_text::push_string(out, s);
}

fn number(out: &mut String, n: Number) {
    use std::fmt::Write as _;
    // Integers as `serde_json` writes them (plain decimal); a fraction through `serde_json`
    // itself, whose shortest form is not `Display`'s. Writing into a `String` cannot fail.
    let _ = match n {
        Number::Unsigned(n) => write!(out, "{n}"),
        Number::Signed(n) => write!(out, "{n}"),
        Number::Float(n) => {
            if let Ok(text) = serde_json::to_string(&n) {
                out.push_str(&text);
            }
            Ok(())
        }
    };
}

/// Whether [`value`] writes the number `n` as `token` (written on the stack: a number's
/// text is at most 24 bytes).
pub(super) fn number_is(n: Number, token: Option<&str>) -> bool {
    let mut buf = [0_u8; 32];
    let mut rest: &mut [u8] = &mut buf;
    let written = match n {
        Number::Unsigned(n) => serde_json::to_writer(&mut rest, &n),
        Number::Signed(n) => serde_json::to_writer(&mut rest, &n),
        Number::Float(n) => serde_json::to_writer(&mut rest, &n),
    };
    let len = 32 - rest.len();
    written.is_ok() && token.map(str::as_bytes) == buf.get(..len)
}
