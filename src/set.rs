//! A fixed-size, allocation-free set over one of the crate's small enums.
//!
//! Every list in a [`Determination`](crate::Determination) is a *set* emitted in the
//! declaration order. Storing those sets as bits over the enum's
//! discriminant gives both properties for free: insertion is idempotent (no duplicates)
//! and iteration walks the bits from low to high (declaration order), whatever order the
//! rules fired in. It also keeps `evaluate` free of the heap for every set (the determination
//! is `Clone`, not `Copy`, since it lists diagnosis code issues: DESIGN.md, "Diagnosis code
//! issues without allocating in `evaluate`").

use core::fmt;
use core::marker::PhantomData;

/// An enum whose values can live in a [`Set`].
///
/// Implemented by the crate's closed vocabularies (finding kinds, pitfalls, rule ids, ...).
/// `ALL` lists every value in declaration order; `index` is the value's position in `ALL`.
pub trait Member: Copy + Eq + 'static + private::Sealed {
    /// Every value, in declaration order.
    const ALL: &'static [Self];
    /// The position of `self` in [`Member::ALL`].
    fn index(self) -> u32;
}

pub(crate) mod private {
    pub trait Sealed {}
}

/// A set of enum values, iterated in declaration order.
///
/// ```
/// use edx_coverage::{FindingKind, Set};
///
/// let mut s = Set::new();
/// s.insert(FindingKind::Numbness);
/// s.insert(FindingKind::Fasciculations);
/// s.insert(FindingKind::Numbness);
/// let v: Vec<_> = s.iter().collect();
/// assert_eq!(v, [FindingKind::Fasciculations, FindingKind::Numbness]);
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Set<T: Member> {
    bits: u64,
    _marker: PhantomData<T>,
}

impl<T: Member> Set<T> {
    /// The empty set.
    #[must_use]
    pub const fn new() -> Self {
        Set {
            bits: 0,
            _marker: PhantomData,
        }
    }

    fn bit(value: T) -> u64 {
        // `Member::ALL` holds at most 64 values (checked by a unit test per member type),
        // so the shift cannot overflow; `checked_shl` keeps that a non-panicking fact.
        1u64.checked_shl(value.index()).unwrap_or(0)
    }

    /// Adds `value`; adding it twice changes nothing.
    pub fn insert(&mut self, value: T) {
        self.bits |= Self::bit(value);
    }

    /// Adds `value` when `cond` holds. A small convenience for rule code.
    pub fn insert_if(&mut self, cond: bool, value: T) {
        if cond {
            self.insert(value);
        }
    }

    /// Removes `value` if present.
    pub fn remove(&mut self, value: T) {
        self.bits &= !Self::bit(value);
    }

    /// Whether `value` is in the set.
    #[must_use]
    pub fn contains(&self, value: T) -> bool {
        self.bits & Self::bit(value) != 0
    }

    /// Whether the set has no value.
    #[must_use]
    pub const fn is_empty(&self) -> bool {
        self.bits == 0
    }

    /// The number of values in the set.
    #[must_use]
    pub const fn len(&self) -> usize {
        self.bits.count_ones() as usize
    }

    /// Whether the two sets share a value.
    #[must_use]
    pub fn intersects(&self, other: Set<T>) -> bool {
        self.bits & other.bits != 0
    }

    /// The values in declaration order.
    pub fn iter(&self) -> Iter<T> {
        Iter {
            bits: self.bits,
            _marker: PhantomData,
        }
    }
}

impl<T: Member> Default for Set<T> {
    fn default() -> Self {
        Self::new()
    }
}

impl<T: Member + fmt::Debug> fmt::Debug for Set<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_set().entries(self.iter()).finish()
    }
}

impl<T: Member> FromIterator<T> for Set<T> {
    fn from_iter<I: IntoIterator<Item = T>>(iter: I) -> Self {
        let mut s = Set::new();
        s.extend(iter);
        s
    }
}

impl<T: Member> Extend<T> for Set<T> {
    fn extend<I: IntoIterator<Item = T>>(&mut self, iter: I) {
        for v in iter {
            self.insert(v);
        }
    }
}

impl<T: Member> IntoIterator for Set<T> {
    type Item = T;
    type IntoIter = Iter<T>;
    fn into_iter(self) -> Iter<T> {
        self.iter()
    }
}

impl<T: Member> IntoIterator for &Set<T> {
    type Item = T;
    type IntoIter = Iter<T>;
    fn into_iter(self) -> Iter<T> {
        self.iter()
    }
}

/// Iterator over a [`Set`], in declaration order.
#[derive(Clone, Debug)]
pub struct Iter<T: Member> {
    bits: u64,
    _marker: PhantomData<T>,
}

impl<T: Member> Iterator for Iter<T> {
    type Item = T;
    fn next(&mut self) -> Option<T> {
        while self.bits != 0 {
            let i = self.bits.trailing_zeros();
            self.bits &= self.bits - 1;
            if let Some(v) = T::ALL.get(i as usize) {
                return Some(*v);
            }
        }
        None
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let n = self.bits.count_ones() as usize;
        (n, Some(n))
    }
}

impl<T: Member> ExactSizeIterator for Iter<T> {}

/// Implements [`Member`] for a field-less enum whose variants are listed in order.
macro_rules! member {
    ($ty:ty, [$($v:ident),+ $(,)?]) => {
        impl $crate::set::private::Sealed for $ty {}
        impl $crate::set::Member for $ty {
            const ALL: &'static [Self] = &[$(<$ty>::$v),+];
            fn index(self) -> u32 {
                self as u32
            }
        }
    };
}
pub(crate) use member;

impl<T: Member> Set<T> {
    /// A set from raw bits (crate-internal: for compile-time tables).
    pub(crate) const fn from_bits(bits: u64) -> Self {
        Set {
            bits,
            _marker: PhantomData,
        }
    }

    /// The raw bits (crate-internal: for compile-time tables).
    pub(crate) const fn bits(&self) -> u64 {
        self.bits
    }
}

impl<T: Member> Set<T> {
    /// Every value of `T`.
    #[must_use]
    pub fn all() -> Self {
        // Values are indexed 0..ALL.len() in declaration order (see `member!`).
        Set::from_bits(
            u64::MAX
                .checked_shr(64u32.saturating_sub(T::ALL.len() as u32))
                .unwrap_or(0),
        )
    }

    /// The values in `self` and not in `other`.
    #[must_use]
    pub const fn difference(self, other: Set<T>) -> Self {
        Set::from_bits(self.bits & !other.bits)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{LabTest, RuleId};

    fn all_by_iteration<T: Member>() -> Set<T> {
        T::ALL.iter().copied().collect()
    }

    #[test]
    fn all_is_every_value_in_declaration_order() {
        assert_eq!(Set::<LabTest>::all(), all_by_iteration::<LabTest>());
        assert_eq!(Set::<RuleId>::all(), all_by_iteration::<RuleId>());
        assert_eq!(Set::<RuleId>::all().len(), RuleId::ALL.len());
        assert!(Set::<RuleId>::all().iter().eq(RuleId::ALL.iter().copied()));
    }
}
