//! One pass, the tree on demand: the `Deserialize` impls of [`Case`] and
//! [`Policy`] (see DESIGN.md, "The typed serde path in one pass").
//!
//! A generic serde `Deserializer` cannot be read twice, so the two passes of the JSON helpers
//! (`fast`, then the path-tracking tree) are not open to these impls. Instead this pass makes
//! exactly the calls the tree makes (`deserialize_any` for every value, `deserialize_str`
//! for every key, the same depth limit), so the deserializer sees the same reader and reports
//! the same syntax errors at the same places; but it reads each value straight into the
//! typed model while the conversion would accept it as read. On the first value it cannot
//! vouch for (an unknown or repeated field, a wrong type, an unknown word, a list over the
//! limit, a missing field, a value out of range), it rebuilds the tree of what it has read
//! so far from the typed values, reads the rest of the document into the tree, and the
//! path-tracking conversion ([`super::de`]) names the refusal exactly as before. Typed
//! values are only ever ones the conversion accepts, so the rebuilt tree converts to the
//! same values; the refusal the conversion finds first is therefore the one it found when it
//! had the whole tree.

mod objects;
#[cfg(all(test, feature = "json"))]
mod tests;

use core::fmt;
use core::marker::PhantomData;
use core::str::FromStr;
use std::borrow::Cow;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};

use super::raw::{KeySeed, Raw, RawSeed, RawVisitor};
use crate::error::{Error, MAX_ENTRIES};
use crate::model::Case;
use crate::policy::Policy;

/// A value as this pass read it: typed when the conversion accepts it as read, otherwise its
/// tree (the conversion then decides).
pub(super) type Read<'de, T> = Result<T, Raw<'de>>;

/// The entries of an object in the tree.
pub(super) type Entries<'de> = Vec<(Cow<'de, str>, Raw<'de>)>;

/// Reads a case: the case or its refusal; `Err` only for what the deserializer refuses
/// (syntax, nesting), as [`super::case_from`].
pub(crate) fn case<'de, D: Deserializer<'de>>(d: D) -> Result<Result<Case, Error>, D::Error> {
    Ok(
        match ObjectSeed::<objects::CaseObject>::at(0).deserialize(d)? {
            Ok(built) => built,
            Err(raw) => super::de::case(&raw),
        },
    )
}

/// Reads a policy, as [`case`].
pub(crate) fn policy<'de, D: Deserializer<'de>>(d: D) -> Result<Result<Policy, Error>, D::Error> {
    Ok(
        match ObjectSeed::<objects::PolicyObject>::at(0).deserialize(d)? {
            Ok(policy) => Ok(policy),
            Err(raw) => super::de::policy(&raw),
        },
    )
}

/// The typed value back as the tree holds it (for the values read before the first one this
/// pass cannot vouch for).
pub(super) trait ToRaw {
    /// The value as a tree the conversion turns back into the same value.
    fn to_raw(&self) -> Raw<'static>;
}

/// A string in the tree.
pub(super) fn text(s: impl fmt::Display) -> Raw<'static> {
    Raw::Str(Cow::Owned(s.to_string()))
}

/// `expecting` as the tree's visitor says it, so that the messages of the visits neither
/// visitor takes (bytes, options, enums) are the same.
macro_rules! expecting_a_json_value {
    () => {
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a JSON value")
        }
    };
}

/// The visits of values this visitor does not read typed: the tree of the value, as the
/// tree's own visitor makes it.
macro_rules! into_tree {
    (null) => {
        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(Err(Raw::Null))
        }
        fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(Err(Raw::Null))
        }
    };
    (bool) => {
        fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
            Ok(Err(Raw::Bool(v)))
        }
    };
    (u64) => {
        fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
            Ok(Err(Raw::U64(v)))
        }
    };
    (i64) => {
        fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
            Ok(Err(Raw::I64(v)))
        }
    };
    (f64) => {
        fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
            Ok(Err(Raw::F64(v)))
        }
    };
    (str) => {
        fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
            Ok(Err(Raw::Str(Cow::Borrowed(v))))
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
            Ok(Err(Raw::Str(Cow::Owned(v.to_owned()))))
        }
        fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
            Ok(Err(Raw::Str(Cow::Owned(v))))
        }
    };
    (seq) => {
        fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
            RawVisitor { depth: self.depth }.visit_seq(seq).map(Err)
        }
    };
    (map) => {
        fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
            RawVisitor { depth: self.depth }.visit_map(map).map(Err)
        }
    };
    ($($kind:tt),+) => {
        $(into_tree!($kind);)+
    };
}

/// Implements `DeserializeSeed` as the tree's seed does: the depth check, then
/// `deserialize_any`.
macro_rules! any_seed {
    ($ty:ident $(<$p:ident $(: $bound:path)?>)?) => {
        impl<'de $(, $p $(: $bound)?)?> DeserializeSeed<'de> for $ty $(<$p>)? {
            type Value = <Self as Visitor<'de>>::Value;
            fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
                depth_check::<D::Error>(self.depth)?;
                d.deserialize_any(self)
            }
        }
    };
}

/// The tree's depth limit (never reached at the depths the wire format's values sit at, but
/// kept so that the calls are the tree's whatever the depth).
fn depth_check<E: de::Error>(depth: usize) -> Result<(), E> {
    if depth > super::raw::MAX_DEPTH {
        return Err(E::custom(format_args!(
            "input nested deeper than {} levels",
            super::raw::MAX_DEPTH
        )));
    }
    Ok(())
}

/// A string parsed by `T`'s `FromStr` (vocabulary words and codes), as the conversion parses
/// it.
pub(super) struct Word<T> {
    depth: usize,
    word: PhantomData<T>,
}

impl<T> Word<T> {
    pub(super) fn at(depth: usize) -> Self {
        Word {
            depth,
            word: PhantomData,
        }
    }
}

impl<T> Clone for Word<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for Word<T> {}

any_seed!(Word<T: FromStr>);

impl<'de, T: FromStr> Visitor<'de> for Word<T> {
    type Value = Read<'de, T>;
    expecting_a_json_value!();
    into_tree!(null, bool, u64, i64, f64, seq, map);
    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(v.parse().map_err(|_| Raw::Str(Cow::Borrowed(v))))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(v.parse().map_err(|_| Raw::Str(Cow::Owned(v.to_owned()))))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
        Ok(match v.parse() {
            Ok(t) => Ok(t),
            Err(_) => Err(Raw::Str(Cow::Owned(v))),
        })
    }
}

/// A whole number in `0..=u32::MAX` as the parser hands it over (unsigned).
#[derive(Clone, Copy)]
pub(super) struct Whole {
    pub depth: usize,
}

any_seed!(Whole);

impl<'de> Visitor<'de> for Whole {
    type Value = Read<'de, u32>;
    expecting_a_json_value!();
    into_tree!(null, bool, i64, f64, str, seq, map);
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        Ok(u32::try_from(v).map_err(|_| Raw::U64(v)))
    }
}

/// `true` or `false`.
#[derive(Clone, Copy)]
pub(super) struct Flag {
    pub depth: usize,
}

any_seed!(Flag);

impl<'de> Visitor<'de> for Flag {
    type Value = Read<'de, bool>;
    expecting_a_json_value!();
    into_tree!(null, u64, i64, f64, str, seq, map);
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
        Ok(Ok(v))
    }
}

/// `schema_version`: only the number 1.
#[derive(Clone, Copy)]
pub(super) struct SchemaVersion {
    pub depth: usize,
}

any_seed!(SchemaVersion);

impl<'de> Visitor<'de> for SchemaVersion {
    type Value = Read<'de, ()>;
    expecting_a_json_value!();
    into_tree!(null, bool, i64, f64, str, seq, map);
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        Ok(if v == 1 { Ok(()) } else { Err(Raw::U64(v)) })
    }
}

/// Where the entries of a list go as they are read.
pub(super) trait Sink<T> {
    /// Takes one entry, or hands it back when this pass cannot vouch for it there (a
    /// repeated member of a set: the tree keeps both).
    fn put(&mut self, value: T) -> Result<(), T>;
    /// The tree of one entry.
    fn raw(value: &T) -> Raw<'static>;
    /// The trees of the entries taken so far, in order.
    fn rebuild(&self) -> Vec<Raw<'static>>;
}

/// An array of entries read by `item` (at `depth + 1`) into `sink`.
pub(super) struct Items<'s, S, K> {
    pub item: S,
    pub sink: &'s mut K,
    pub depth: usize,
}

impl<'de, T, S, K> DeserializeSeed<'de> for Items<'_, S, K>
where
    S: DeserializeSeed<'de, Value = Read<'de, T>> + Copy,
    K: Sink<T>,
{
    type Value = Read<'de, ()>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        depth_check::<D::Error>(self.depth)?;
        d.deserialize_any(self)
    }
}

impl<'de, T, S, K> Visitor<'de> for Items<'_, S, K>
where
    S: DeserializeSeed<'de, Value = Read<'de, T>> + Copy,
    K: Sink<T>,
{
    type Value = Read<'de, ()>;
    expecting_a_json_value!();
    into_tree!(null, bool, u64, i64, f64, str, map);
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut n = 0usize;
        while let Some(item) = seq.next_element_seed(self.item)? {
            let raw = match item {
                Ok(value) if n < MAX_ENTRIES => match self.sink.put(value) {
                    Ok(()) => {
                        n += 1;
                        continue;
                    }
                    Err(value) => K::raw(&value),
                },
                Ok(value) => K::raw(&value),
                Err(raw) => raw,
            };
            let mut items: Vec<Raw<'de>> = self.sink.rebuild();
            items.push(raw);
            while let Some(raw) = seq.next_element_seed(RawSeed {
                depth: self.depth + 1,
            })? {
                items.push(raw);
            }
            return Ok(Err(Raw::Seq(items)));
        }
        Ok(Ok(()))
    }
}

/// An object of the wire format, read field by field.
pub(super) trait Object<'de>: Default {
    /// Its field names, in the conversion's order.
    const NAMES: &'static [&'static str];
    /// What it makes.
    type Out;
    /// Reads the value of field `i` (its values sit at `depth`).
    fn read<A: MapAccess<'de>>(
        &mut self,
        i: usize,
        depth: usize,
        map: &mut A,
    ) -> Result<Read<'de, ()>, A::Error>;
    /// The fields read so far (`seen`, by bit) as tree entries.
    fn rebuild(&self, seen: u16, entries: &mut Entries<'de>);
    /// The value, or `None` when the conversion would refuse the object as read.
    fn finish(&mut self, seen: u16) -> Option<Self::Out>;
}

/// Reads an [`Object`] at `depth`.
pub(super) struct ObjectSeed<O> {
    depth: usize,
    object: PhantomData<O>,
}

impl<O> ObjectSeed<O> {
    pub(super) fn at(depth: usize) -> Self {
        ObjectSeed {
            depth,
            object: PhantomData,
        }
    }
}

impl<O> Clone for ObjectSeed<O> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<O> Copy for ObjectSeed<O> {}

impl<'de, O: Object<'de>> DeserializeSeed<'de> for ObjectSeed<O> {
    type Value = Read<'de, O::Out>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        depth_check::<D::Error>(self.depth)?;
        d.deserialize_any(self)
    }
}

/// The bit of field `i`.
fn bit(i: usize) -> u16 {
    1u16.checked_shl(u32::try_from(i).unwrap_or(u32::MAX))
        .unwrap_or(0)
}

impl<'de, O: Object<'de>> Visitor<'de> for ObjectSeed<O> {
    type Value = Read<'de, O::Out>;
    expecting_a_json_value!();
    into_tree!(null, bool, u64, i64, f64, str, seq);
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut object = O::default();
        let mut seen = 0u16;
        while let Some(key) = map.next_key_seed(KeySeed)? {
            let known = O::NAMES.iter().position(|k| *k == key);
            let value = match known {
                Some(i) if seen & bit(i) == 0 => match object.read(i, self.depth + 1, &mut map)? {
                    Ok(()) => {
                        seen |= bit(i);
                        continue;
                    }
                    Err(raw) => raw,
                },
                _ => map.next_value_seed(RawSeed {
                    depth: self.depth + 1,
                })?,
            };
            let mut entries = Vec::new();
            object.rebuild(seen, &mut entries);
            entries.push((key, value));
            while let Some(key) = map.next_key_seed(KeySeed)? {
                let value = map.next_value_seed(RawSeed {
                    depth: self.depth + 1,
                })?;
                entries.push((key, value));
            }
            return Ok(Err(Raw::Map(entries)));
        }
        Ok(match object.finish(seen) {
            Some(out) => Ok(out),
            None => {
                let mut entries = Vec::new();
                object.rebuild(seen, &mut entries);
                Err(Raw::Map(entries))
            }
        })
    }
}
