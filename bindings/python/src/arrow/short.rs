//! Short runs of values kept padded to a fixed size (a word's bytes, a rule's citations, a
//! row's reason keys), so that writing one is a copy of a fixed size and a truncation
//! rather than a `memcpy` call of a length known only then.

/// A short run of values (a word's bytes, a rule's citations) kept padded to `N`, so that
/// writing it is one copy of a fixed size (no `memcpy` call) and a truncation; a longer run
/// is copied as it is.
pub(crate) struct Short<T, const N: usize> {
    padded: [T; N],
    all: Vec<T>,
}

impl<T: Copy + Default, const N: usize> Default for Short<T, N> {
    fn default() -> Self {
        Short {
            padded: [T::default(); N],
            all: Vec::new(),
        }
    }
}

impl<T: Copy + Default, const N: usize> Short<T, N> {
    pub(crate) fn of(values: &[T]) -> Self {
        let mut short = Short::default();
        short.set(values);
        short
    }

    /// Holds `values` instead (the memory of the run before is reused).
    pub(crate) fn set(&mut self, values: &[T]) {
        self.padded = [T::default(); N];
        for (slot, &v) in self.padded.iter_mut().zip(values) {
            *slot = v;
        }
        self.all.clear();
        self.all.extend_from_slice(values);
    }

    /// The values appended to `out`.
    #[inline]
    pub(crate) fn put(&self, out: &mut Vec<T>) {
        let len = self.all.len();
        if len <= N {
            let at = out.len();
            out.extend_from_slice(&self.padded);
            out.truncate(at + len);
        } else {
            out.extend_from_slice(&self.all);
        }
    }
}

/// A word's bytes, padded (every word of the result but a few is at most 32 bytes).
pub(crate) type Word = Short<u8, 32>;
