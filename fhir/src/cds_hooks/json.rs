//! The request as a borrowed JSON tree: strings and member names borrowed from the text
//! (copied only when they hold escapes), objects as vectors of members.
//!
//! Building a `serde_json::Value` is most of the cost of reading a request (a `String` per
//! name and string, a `BTreeMap` per object, and freeing them all afterwards; scanning the
//! text alone is about a sixth of it). [`answer`](super::answer) reads the text into this
//! tree instead; [`answer_value`](super::answer_value) borrows a `Value` into the same tree,
//! so both paths run the same mapping and write the same response. Objects read like
//! `serde_json`'s: the last of duplicate names wins, and they are written with their members
//! in sorted order.

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::ser::{SerializeMap, SerializeSeq, Serializer};
use serde::Serialize;

/// A JSON number as `serde_json` keeps it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Number {
    Unsigned(u64),
    Signed(i64),
    Float(f64),
}

impl Number {
    pub(crate) fn as_u64(self) -> Option<u64> {
        match self {
            Number::Unsigned(n) => Some(n),
            Number::Signed(_) | Number::Float(_) => None,
        }
    }
}

impl fmt::Display for Number {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Number::Unsigned(n) => write!(f, "{n}"),
            Number::Signed(n) => write!(f, "{n}"),
            Number::Float(n) => match serde_json::Number::from_f64(n) {
                Some(n) => write!(f, "{n}"),
                None => write!(f, "{n}"),
            },
        }
    }
}

/// One JSON value.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Json<'a> {
    Null,
    Bool(bool),
    Number(Number),
    String(Cow<'a, str>),
    Array(Vec<Json<'a>>),
    Object(JsonObject<'a>),
}

/// A JSON object: members in document order; lookups take the last of duplicates.
#[derive(Debug, Clone, Default)]
pub(crate) struct JsonObject<'a>(Vec<(Cow<'a, str>, Json<'a>)>);

/// The members of a [`JsonObject`] in sorted order: straight from the object when its members are
/// already sorted and unique (as `serde_json` writes them), else from a sorted copy.
pub(crate) enum Sorted<'m, 'a> {
    Direct(std::slice::Iter<'m, (Cow<'a, str>, Json<'a>)>),
    Copied(std::vec::IntoIter<(&'m str, &'m Json<'a>)>),
}

impl<'m, 'a> Iterator for Sorted<'m, 'a> {
    type Item = (&'m str, &'m Json<'a>);

    fn next(&mut self) -> Option<Self::Item> {
        match self {
            Sorted::Direct(members) => members.next().map(|(k, v)| (k.as_ref(), v)),
            Sorted::Copied(members) => members.next(),
        }
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        match self {
            Sorted::Direct(members) => members.size_hint(),
            Sorted::Copied(members) => members.size_hint(),
        }
    }
}

impl ExactSizeIterator for Sorted<'_, '_> {}

impl<'a> JsonObject<'a> {
    /// The member `key` (the last one, as `serde_json` keeps it).
    pub(crate) fn get(&self, key: &str) -> Option<&Json<'a>> {
        // Most names differ in length or in their first byte: test those before comparing
        // the whole name.
        let (len, first) = (key.len(), key.as_bytes().first());
        self.0
            .iter()
            .rev()
            .find(|(k, _)| k.len() == len && k.as_bytes().first() == first && k == key)
            .map(|(_, v)| v)
    }

    /// The members sorted by name, duplicates resolved to the last: `serde_json`'s view.
    pub(crate) fn sorted(&self) -> Sorted<'_, 'a> {
        if self.0.windows(2).all(|w| matches!(w, [a, b] if a.0 < b.0)) {
            return Sorted::Direct(self.0.iter());
        }
        let mut members: Vec<(&str, &Json<'a>)> =
            self.0.iter().map(|(k, v)| (k.as_ref(), v)).collect();
        // Stable: among equal names the document order stays, so the last one is kept.
        members.sort_by(|a, b| a.0.cmp(b.0));
        let mut out: Vec<(&str, &Json<'a>)> = Vec::with_capacity(members.len());
        for m in members {
            match out.last_mut() {
                Some(last) if last.0 == m.0 => *last = m,
                _ => out.push(m),
            }
        }
        Sorted::Copied(out.into_iter())
    }
}

impl PartialEq for JsonObject<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.sorted().eq(other.sorted())
    }
}

impl<'a> Json<'a> {
    pub(crate) fn get(&self, key: &str) -> Option<&Json<'a>> {
        match self {
            Json::Object(map) => map.get(key),
            _ => None,
        }
    }

    pub(crate) fn as_array(&self) -> Option<&[Json<'a>]> {
        match self {
            Json::Array(items) => Some(items),
            _ => None,
        }
    }

    pub(crate) fn as_object(&self) -> Option<&JsonObject<'a>> {
        match self {
            Json::Object(map) => Some(map),
            _ => None,
        }
    }

    pub(crate) fn as_u64(&self) -> Option<u64> {
        match self {
            Json::Number(n) => n.as_u64(),
            _ => None,
        }
    }

    pub(crate) fn is_null(&self) -> bool {
        matches!(self, Json::Null)
    }

    /// Borrows a `serde_json::Value` as a tree.
    pub(crate) fn borrow(value: &'a serde_json::Value) -> Json<'a> {
        use serde_json::Value;
        match value {
            Value::Null => Json::Null,
            Value::Bool(b) => Json::Bool(*b),
            Value::Number(n) => Json::Number(match (n.as_u64(), n.as_i64(), n.as_f64()) {
                (Some(u), _, _) => Number::Unsigned(u),
                (None, Some(i), _) => Number::Signed(i),
                (None, None, f) => Number::Float(f.unwrap_or(f64::NAN)),
            }),
            Value::String(s) => Json::String(Cow::Borrowed(s)),
            Value::Array(items) => Json::Array(items.iter().map(Json::borrow).collect()),
            Value::Object(map) => Json::Object(JsonObject(
                map.iter()
                    .map(|(k, v)| (Cow::Borrowed(k.as_str()), Json::borrow(v)))
                    .collect(),
            )),
        }
    }
}

/// Parses one JSON document (nothing but white space after it).
pub(crate) fn parse(text: &str) -> Result<Json<'_>, serde_json::Error> {
    let mut de = serde_json::Deserializer::from_str(text);
    // Sized for a typical request, so the stacks rarely grow while it is read.
    let mut scratch = Scratch {
        members: Vec::with_capacity(64),
        items: Vec::with_capacity(32),
    };
    let value = de.deserialize_any(Tree {
        scratch: &mut scratch,
    })?;
    de.end()?;
    Ok(value)
}

/// Stacks shared by the whole parse: an object's members (an array's items) are pushed here
/// while it is read, then moved out into one vector of the exact size, so no object grows
/// its own vector step by step.
#[derive(Default)]
struct Scratch<'de> {
    members: Vec<(Cow<'de, str>, Json<'de>)>,
    items: Vec<Json<'de>>,
}

/// Moves `stack[start..]` into a new vector in one copy.
fn take_from<T>(stack: &mut Vec<T>, start: usize) -> Vec<T> {
    stack.split_off(start.min(stack.len()))
}

struct Tree<'s, 'de> {
    scratch: &'s mut Scratch<'de>,
}

impl<'de> DeserializeSeed<'de> for Tree<'_, 'de> {
    type Value = Json<'de>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Json<'de>, D::Error> {
        d.deserialize_any(self)
    }
}

/// A member name, borrowed from the text when it has no escapes.
struct Key;

impl<'de> DeserializeSeed<'de> for Key {
    type Value = Cow<'de, str>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for Key {
    type Value = Cow<'de, str>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a member name")
    }

    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(Cow::Borrowed(v))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Cow::Owned(v.to_owned()))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
        Ok(Cow::Owned(v))
    }
}

impl<'de> Visitor<'de> for Tree<'_, 'de> {
    type Value = Json<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Json<'de>, E> {
        Ok(Json::Bool(v))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Json<'de>, E> {
        // As serde_json: a non-negative integer is unsigned.
        Ok(Json::Number(
            u64::try_from(v).map_or(Number::Signed(v), Number::Unsigned),
        ))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Json<'de>, E> {
        Ok(Json::Number(Number::Unsigned(v)))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Json<'de>, E> {
        Ok(Json::Number(Number::Float(v)))
    }

    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Json<'de>, E> {
        Ok(Json::String(Cow::Borrowed(v)))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Json<'de>, E> {
        Ok(Json::String(Cow::Owned(v.to_owned())))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Json<'de>, E> {
        Ok(Json::String(Cow::Owned(v)))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Json<'de>, E> {
        Ok(Json::Null)
    }

    fn visit_none<E: de::Error>(self) -> Result<Json<'de>, E> {
        Ok(Json::Null)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Json<'de>, A::Error> {
        let start = self.scratch.items.len();
        while let Some(item) = seq.next_element_seed(Tree {
            scratch: &mut *self.scratch,
        })? {
            self.scratch.items.push(item);
        }
        Ok(Json::Array(take_from(&mut self.scratch.items, start)))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Json<'de>, A::Error> {
        let start = self.scratch.members.len();
        while let Some(key) = map.next_key_seed(Key)? {
            let value = map.next_value_seed(Tree {
                scratch: &mut *self.scratch,
            })?;
            self.scratch.members.push((key, value));
        }
        Ok(Json::Object(JsonObject(take_from(
            &mut self.scratch.members,
            start,
        ))))
    }
}

impl Serialize for Json<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Json::Null => s.serialize_unit(),
            Json::Bool(b) => s.serialize_bool(*b),
            Json::Number(Number::Unsigned(n)) => s.serialize_u64(*n),
            Json::Number(Number::Signed(n)) => s.serialize_i64(*n),
            Json::Number(Number::Float(n)) => s.serialize_f64(*n),
            Json::String(text) => s.serialize_str(text),
            Json::Array(items) => {
                let mut seq = s.serialize_seq(Some(items.len()))?;
                for item in items {
                    seq.serialize_element(item)?;
                }
                seq.end()
            }
            Json::Object(map) => {
                let members = map.sorted();
                let mut m = s.serialize_map(Some(members.len()))?;
                for (k, v) in members {
                    m.serialize_entry(k, v)?;
                }
                m.end()
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The tree writes what `serde_json::Value` writes, for what it parses and what it
    /// borrows.
    #[test]
    fn reads_and_writes_like_serde_json() {
        for text in [
            r#"{"b":1,"a":[true,null,-2,2.5,1e300,"x\"y"],"b":{"z":{},"y":[]},"\u0041":0}"#,
            "[]",
            "\"\\u00e9\"",
            "18446744073709551615",
            "-9223372036854775808",
            "0.1",
        ] {
            let value: serde_json::Value = serde_json::from_str(text).unwrap();
            let want = serde_json::to_string(&value).unwrap();
            let parsed = parse(text).unwrap();
            assert_eq!(serde_json::to_string(&parsed).unwrap(), want, "{text}");
            assert_eq!(serde_json::to_string(&Json::borrow(&value)).unwrap(), want);
            assert_eq!(parsed, Json::borrow(&value), "{text}");
        }
        let dup = parse(r#"{"a":1,"a":2}"#).unwrap();
        assert_eq!(dup.get("a").and_then(Json::as_u64), Some(2));
    }

    #[test]
    fn refuses_what_serde_json_refuses() {
        for bad in ["", "{", "{} {}", "[1,]", "{\"a\":1,}", "nul", "\"\\x\""] {
            assert!(parse(bad).is_err(), "{bad}");
        }
        let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
        assert!(parse(&deep).is_err());
    }

    #[test]
    fn numbers_display_as_serde_json() {
        for text in ["3", "-3", "2.5", "1e20", "3.0"] {
            let value: serde_json::Value = serde_json::from_str(text).unwrap();
            let Json::Number(n) = parse(text).unwrap() else {
                panic!("{text}")
            };
            assert_eq!(n.to_string(), value.to_string(), "{text}");
        }
    }
}
