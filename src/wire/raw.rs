//! A format-neutral tree of what the host sent, borrowed from the input where possible.
//!
//! Deserialising into this tree first, and converting the tree into the typed model second,
//! lets every refusal name its JSON path (`findings[2].kind`) and the value as received,
//! with any serde data format, without a dependency for path tracking.

use core::fmt;
use std::borrow::Cow;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};

/// The deepest nesting accepted (the wire format needs 3). Deeper input is refused before it
/// can exhaust the stack, whatever deserializer the host uses.
pub(crate) const MAX_DEPTH: usize = 32;

/// One value of the input document.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Raw<'de> {
    Null,
    Bool(bool),
    U64(u64),
    I64(i64),
    F64(f64),
    Str(Cow<'de, str>),
    Seq(Vec<Raw<'de>>),
    Map(Vec<(Cow<'de, str>, Raw<'de>)>),
}

impl Raw<'_> {
    /// How the value is described in an error: its type and, for scalars, the value.
    pub(crate) fn describe(&self) -> String {
        match self {
            Raw::Null => "null".into(),
            Raw::Bool(b) => format!("boolean {b}"),
            Raw::U64(n) => format!("number {n}"),
            Raw::I64(n) => format!("number {n}"),
            // `{:?}` keeps the fraction part (`3.0`, `1e20`), so the value reads as sent.
            Raw::F64(n) => format!("number {n:?}"),
            Raw::Str(s) => format!("string {s:?}"),
            Raw::Seq(_) => "an array".into(),
            Raw::Map(_) => "an object".into(),
        }
    }

    /// The value as written, for numbers in error messages.
    pub(crate) fn number_text(&self) -> String {
        match self {
            Raw::U64(n) => n.to_string(),
            Raw::I64(n) => n.to_string(),
            Raw::F64(n) => format!("{n:?}"),
            other => other.describe(),
        }
    }
}

/// Deserialises a [`Raw`] at a given depth.
pub(crate) struct RawSeed {
    pub depth: usize,
}

impl<'de> DeserializeSeed<'de> for RawSeed {
    type Value = Raw<'de>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Raw<'de>, D::Error> {
        if self.depth > MAX_DEPTH {
            return Err(de::Error::custom(format_args!(
                "input nested deeper than {MAX_DEPTH} levels"
            )));
        }
        d.deserialize_any(RawVisitor { depth: self.depth })
    }
}

pub(crate) struct RawVisitor {
    pub depth: usize,
}

impl<'de> Visitor<'de> for RawVisitor {
    type Value = Raw<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }
    fn visit_unit<E>(self) -> Result<Raw<'de>, E> {
        Ok(Raw::Null)
    }
    fn visit_none<E>(self) -> Result<Raw<'de>, E> {
        Ok(Raw::Null)
    }
    fn visit_bool<E>(self, v: bool) -> Result<Raw<'de>, E> {
        Ok(Raw::Bool(v))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Raw<'de>, E> {
        Ok(Raw::U64(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Raw<'de>, E> {
        Ok(Raw::I64(v))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Raw<'de>, E> {
        Ok(Raw::F64(v))
    }
    fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Raw<'de>, E> {
        Ok(Raw::Str(Cow::Borrowed(v)))
    }
    fn visit_str<E>(self, v: &str) -> Result<Raw<'de>, E> {
        Ok(Raw::Str(Cow::Owned(v.to_owned())))
    }
    fn visit_string<E>(self, v: String) -> Result<Raw<'de>, E> {
        Ok(Raw::Str(Cow::Owned(v)))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Raw<'de>, A::Error> {
        // JSON gives no size hint: room for 8 entries on the first push (a typical list
        // fits, no regrowth), and nothing at all for an empty array. A format's hint is
        // trusted up to 64 so that a hostile one cannot reserve much.
        let reserve = seq.size_hint().unwrap_or(8).min(64);
        let mut items = Vec::new();
        while let Some(item) = seq.next_element_seed(RawSeed {
            depth: self.depth + 1,
        })? {
            if items.capacity() == 0 {
                items.reserve_exact(reserve);
            }
            items.push(item);
        }
        Ok(Raw::Seq(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Raw<'de>, A::Error> {
        let mut entries = Vec::with_capacity(map.size_hint().unwrap_or(0).min(16));
        while let Some(key) = map.next_key_seed(KeySeed)? {
            let value = map.next_value_seed(RawSeed {
                depth: self.depth + 1,
            })?;
            entries.push((key, value));
        }
        Ok(Raw::Map(entries))
    }
}

/// Object keys, borrowed when the input allows.
pub(crate) struct KeySeed;

impl<'de> DeserializeSeed<'de> for KeySeed {
    type Value = Cow<'de, str>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Cow<'de, str>, D::Error> {
        d.deserialize_str(KeyVisitor)
    }
}

struct KeyVisitor;

impl<'de> Visitor<'de> for KeyVisitor {
    type Value = Cow<'de, str>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a field name")
    }
    fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Cow<'de, str>, E> {
        Ok(Cow::Borrowed(v))
    }
    fn visit_str<E>(self, v: &str) -> Result<Cow<'de, str>, E> {
        Ok(Cow::Owned(v.to_owned()))
    }
    fn visit_string<E>(self, v: String) -> Result<Cow<'de, str>, E> {
        Ok(Cow::Owned(v))
    }
}
