//! The values the fast pass reads: field names by position, vocabulary words, codes, whole
//! numbers, booleans and arrays. Each accepts exactly what the path-tracking conversion
//! accepts for that field and gives up on anything else.

use core::fmt;
use core::marker::PhantomData;
use core::str::FromStr;

use serde::de::{self, DeserializeSeed, Deserializer, SeqAccess, Visitor};

use crate::error::MAX_ENTRIES;

/// Why the fast pass stopped. Never shown: the second pass builds the error the host sees.
pub(super) fn give_up<E: de::Error>() -> E {
    E::custom("left to the path-tracking pass")
}

/// Marks field `i` as seen; `false` when it was seen before (a repeated name).
pub(super) fn first_time(seen: &mut u16, i: usize) -> bool {
    let bit = 1u16
        .checked_shl(u32::try_from(i).unwrap_or(u32::MAX))
        .unwrap_or(0);
    let first = *seen & bit == 0;
    *seen |= bit;
    first
}

/// A field name, as its position in `0`; an unknown name gives up.
#[derive(Clone, Copy)]
pub(super) struct Key(pub &'static [&'static str]);

impl<'de> DeserializeSeed<'de> for Key {
    type Value = usize;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<usize, D::Error> {
        d.deserialize_identifier(self)
    }
}

impl Visitor<'_> for Key {
    type Value = usize;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a known field name")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<usize, E> {
        self.0.iter().position(|k| *k == v).ok_or_else(give_up)
    }
}

/// A string parsed by `T`'s `FromStr` (vocabulary words and codes).
pub(super) struct Word<T>(PhantomData<T>);

impl<T> Word<T> {
    pub(super) fn new() -> Self {
        Word(PhantomData)
    }
}

impl<T> Clone for Word<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for Word<T> {}

impl<'de, T: FromStr> DeserializeSeed<'de> for Word<T> {
    type Value = T;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<T, D::Error> {
        d.deserialize_str(self)
    }
}

impl<T: FromStr> Visitor<'_> for Word<T> {
    type Value = T;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a known word")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<T, E> {
        v.parse().map_err(|_| give_up())
    }
}

/// A whole number in `0..=u32::MAX` as the parser hands it over (unsigned): negative
/// numbers (`-0` too), fractions and exponents give up, as the conversion refuses them.
#[derive(Clone, Copy)]
pub(super) struct Whole;

impl<'de> DeserializeSeed<'de> for Whole {
    type Value = u32;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<u32, D::Error> {
        d.deserialize_any(self)
    }
}

impl Visitor<'_> for Whole {
    type Value = u32;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a whole number")
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<u32, E> {
        u32::try_from(v).map_err(|_| give_up())
    }
}

/// `true` or `false`.
#[derive(Clone, Copy)]
pub(super) struct Flag;

impl<'de> DeserializeSeed<'de> for Flag {
    type Value = bool;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<bool, D::Error> {
        d.deserialize_any(self)
    }
}

impl Visitor<'_> for Flag {
    type Value = bool;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("true or false")
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<bool, E> {
        Ok(v)
    }
}

/// An array of at most [`MAX_ENTRIES`] entries, each read by `item` and handed to `put`
/// as it is read (no intermediate list).
pub(super) struct Items<S, F> {
    pub item: S,
    pub put: F,
}

impl<'de, S, F> DeserializeSeed<'de> for Items<S, F>
where
    S: DeserializeSeed<'de> + Copy,
    F: FnMut(S::Value),
{
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de, S, F> Visitor<'de> for Items<S, F>
where
    S: DeserializeSeed<'de> + Copy,
    F: FnMut(S::Value),
{
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an array")
    }
    fn visit_seq<A: SeqAccess<'de>>(mut self, mut seq: A) -> Result<(), A::Error> {
        let mut n = 0usize;
        while let Some(value) = seq.next_element_seed(self.item)? {
            n += 1;
            if n > MAX_ENTRIES {
                return Err(give_up());
            }
            (self.put)(value);
        }
        Ok(())
    }
}
