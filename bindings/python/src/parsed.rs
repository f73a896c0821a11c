//! Short texts parsed before, by their text: bulk input (a column of cases, a batch of
//! dicts) repeats a few diagnosis and procedure codes again and again, and a code's text
//! parsed once gives the same value every time (BENCHMARKS.md, "Scoring in bulk"). A small
//! table indexed by a hash of the text: each text may be kept in one of two slots (so two
//! texts that share one slot are still both kept), each slot holding the last text put
//! there. A text whose parse fails is never kept (its refusal is made anew), so the value
//! or the error is always the one the parse gives.

/// The longest text kept (a code is at most 8 characters; a few spaces around it are kept
/// too).
const TEXT: usize = 16;

/// One value and the text it was parsed from, padded with zeros.
struct Slot<T> {
    text: [u8; TEXT],
    len: usize,
    value: T,
}

/// The values of texts parsed before, in `2^bits` slots.
pub(crate) struct Parsed<T> {
    slots: Vec<Option<Slot<T>>>,
    bits: u32,
}

impl<T: Copy> Parsed<T> {
    /// A table of `2^bits` slots (`bits` from 1 to 16).
    pub(crate) fn with_bits(bits: u32) -> Self {
        let bits = bits.clamp(1, 16);
        Parsed {
            slots: (0..1usize << bits).map(|_| None).collect(),
            bits,
        }
    }

    /// The two slots a text may be kept in, from the text padded with zeros: two runs of
    /// top bits of a hash of its two 8-byte halves and its length (two multiplications; a
    /// byte at a time made one chain of a multiplication per byte).
    #[inline]
    fn slots(&self, padded: &[u8; TEXT], len: usize) -> [usize; 2] {
        let (low, high) = padded.split_at(TEXT / 2);
        let half = |bytes: &[u8]| u64::from_le_bytes(bytes.try_into().unwrap_or_default());
        let len = u64::try_from(len).unwrap_or(0);
        let hash = (half(low) ^ len).wrapping_mul(0x9e37_79b9_7f4a_7c15) ^ half(high);
        let mixed = hash.wrapping_mul(0xff51_afd7_ed55_8ccd);
        let mask = (1u64 << self.bits) - 1;
        let at = |bits: u64| usize::try_from(bits & mask).unwrap_or(0);
        [
            at(mixed >> (64 - self.bits)),
            at(mixed >> (64 - 2 * self.bits)),
        ]
    }

    /// The value of `text`: the one kept when `text` was parsed before, else `parse(text)`
    /// (kept when it is `Ok`).
    #[inline]
    pub(crate) fn get<E>(
        &mut self,
        text: &str,
        parse: impl FnOnce(&str) -> Result<T, E>,
    ) -> Result<T, E> {
        let bytes = text.as_bytes();
        if bytes.len() > TEXT {
            return parse(text);
        }
        // The text padded with zeros, as kept: compared as one fixed-size array (no
        // `memcmp` call).
        let mut padded = [0u8; TEXT];
        for (to, &from) in padded.iter_mut().zip(bytes) {
            *to = from;
        }
        let [first, second] = self.slots(&padded, bytes.len());
        for at in [first, second] {
            if let Some(Some(seen)) = self.slots.get(at) {
                if seen.len == bytes.len() && seen.text == padded {
                    return Ok(seen.value);
                }
            }
        }
        let value = parse(text)?;
        // Kept in the first slot, or in the second when only that one is free.
        let first_taken = matches!(self.slots.get(first), Some(Some(_)));
        let second_free = matches!(self.slots.get(second), Some(None));
        let at = if first_taken && second_free {
            second
        } else {
            first
        };
        if let Some(slot) = self.slots.get_mut(at) {
            *slot = Some(Slot {
                text: padded,
                len: bytes.len(),
                value,
            });
        }
        Ok(value)
    }
}
