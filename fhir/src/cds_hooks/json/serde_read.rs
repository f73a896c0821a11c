//! Reading through `serde_json`: the way for every text the fast reader ([`super::read`])
//! does not accept, so a malformed request gets exactly the error `serde_json` gives, and
//! the borrowing of a parsed `serde_json::Value` into the same tree.

use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};

use super::{Builder, Doc, Member, Node, Number, Text};

/// Parses one JSON document with `serde_json`'s own deserializer.
pub(super) fn parse(text: &str) -> Result<Doc<'_>, serde_json::Error> {
    let mut de = serde_json::Deserializer::from_str(text);
    let mut b = Builder::with_capacity(text.len());
    let root = de.deserialize_any(Tree { b: &mut b })?;
    de.end()?;
    Ok(b.finish(root))
}

/// The number `text` (one JSON number token) as `serde_json` reads it into a `Value`, or
/// `None` when `serde_json` refuses it (out of range).
pub(super) fn number(text: &str) -> Option<Number> {
    let mut de = serde_json::Deserializer::from_str(text);
    let mut b = Builder::default();
    match de.deserialize_any(Tree { b: &mut b }) {
        Ok(Node::Number(n)) => de.end().ok().map(|()| n),
        _ => None,
    }
}

/// Borrows `value` into the builder's arena; returns its node.
pub(super) fn borrow<'t>(b: &mut Builder<'t>, value: &'t serde_json::Value) -> Node<'t> {
    use serde_json::Value;
    match value {
        Value::Null => Node::Null,
        Value::Bool(v) => Node::Bool(*v),
        Value::Number(n) => Node::Number(match (n.as_u64(), n.as_i64(), n.as_f64()) {
            (Some(u), _, _) => Number::Unsigned(u),
            (None, Some(i), _) => Number::Signed(i),
            (None, None, f) => Number::Float(f.unwrap_or(f64::NAN)),
        }),
        Value::String(s) => Node::String(Text::Borrowed(s)),
        Value::Array(items) => {
            let start = b.items.len();
            for item in items {
                let node = borrow(b, item);
                b.items.push(node);
            }
            b.end_array(start)
        }
        Value::Object(map) => {
            let start = b.fields.len();
            for (k, v) in map {
                let value = borrow(b, v);
                b.fields.push(Member {
                    name: Text::Borrowed(k),
                    value,
                });
            }
            b.end_object(start)
        }
    }
}

struct Tree<'s, 't> {
    b: &'s mut Builder<'t>,
}

impl<'de> DeserializeSeed<'de> for Tree<'_, 'de> {
    type Value = Node<'de>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Node<'de>, D::Error> {
        d.deserialize_any(self)
    }
}

/// A member name, borrowed from the text when it has no escapes.
struct Key<'s, 't> {
    b: &'s mut Builder<'t>,
}

impl<'de> DeserializeSeed<'de> for Key<'_, 'de> {
    type Value = Text<'de>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for Key<'_, 'de> {
    type Value = Text<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a member name")
    }

    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(Text::Borrowed(v))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(self.b.owned(v.to_owned()))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
        Ok(self.b.owned(v))
    }
}

impl<'de> Visitor<'de> for Tree<'_, 'de> {
    type Value = Node<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Node<'de>, E> {
        Ok(Node::Bool(v))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Node<'de>, E> {
        // As serde_json: a non-negative integer is unsigned.
        Ok(Node::Number(
            u64::try_from(v).map_or(Number::Signed(v), Number::Unsigned),
        ))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Node<'de>, E> {
        Ok(Node::Number(Number::Unsigned(v)))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Node<'de>, E> {
        Ok(Node::Number(Number::Float(v)))
    }

    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Node<'de>, E> {
        Ok(Node::String(Text::Borrowed(v)))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Node<'de>, E> {
        Ok(Node::String(self.b.owned(v.to_owned())))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Node<'de>, E> {
        Ok(Node::String(self.b.owned(v)))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Node<'de>, E> {
        Ok(Node::Null)
    }

    fn visit_none<E: de::Error>(self) -> Result<Node<'de>, E> {
        Ok(Node::Null)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Node<'de>, A::Error> {
        let start = self.b.items.len();
        while let Some(item) = seq.next_element_seed(Tree { b: &mut *self.b })? {
            self.b.items.push(item);
        }
        Ok(self.b.end_array(start))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Node<'de>, A::Error> {
        let start = self.b.fields.len();
        while let Some(name) = map.next_key_seed(Key { b: &mut *self.b })? {
            let value = map.next_value_seed(Tree { b: &mut *self.b })?;
            self.b.fields.push(Member { name, value });
        }
        Ok(self.b.end_object(start))
    }
}
