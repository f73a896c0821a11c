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

/// A text of at most [`TEXT`] bytes as two little-endian words, zero past its end.
type Words = [u64; 2];

/// The `N` bytes of `bytes` from `at` (zeros if there are fewer).
#[inline]
fn bytes_at<const N: usize>(bytes: &[u8], at: usize) -> [u8; N] {
    bytes
        .get(at..at.saturating_add(N))
        .and_then(|b| <[u8; N]>::try_from(b).ok())
        .unwrap_or([0; N])
}

/// The 8 bytes of `bytes` from `at` as a little-endian word.
#[inline]
fn word(bytes: &[u8], at: usize) -> u64 {
    u64::from_le_bytes(bytes_at(bytes, at))
}

/// The 4 bytes of `bytes` from `at` as a little-endian number.
#[inline]
fn quarter(bytes: &[u8], at: usize) -> u64 {
    u64::from(u32::from_le_bytes(bytes_at(bytes, at)))
}

/// `bytes` (at most [`TEXT`]) as [`Words`], read as whole words that may overlap (the last
/// word ends where the text does and is shifted into place): no copy of a length known only
/// at run time, so no `memcpy` call.
#[inline]
fn words(bytes: &[u8]) -> Words {
    let len = bytes.len();
    match len {
        // `len - 8` bytes of the second half: the last word's top ones.
        9..=TEXT => [word(bytes, 0), word(bytes, len - 8) >> (8 * (TEXT - len))],
        8 => [word(bytes, 0), 0],
        // The first four bytes and the last four, which overlap them where `len < 8`.
        4..=7 => [
            quarter(bytes, 0) | (quarter(bytes, len - 4) << (8 * (len - 4))),
            0,
        ],
        _ => [
            bytes
                .iter()
                .enumerate()
                .fold(0, |w, (i, &b)| w | (u64::from(b) << (8 * i))),
            0,
        ],
    }
}

/// One value and the text it was parsed from.
struct Slot<T> {
    text: Words,
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

    /// The two slots a text may be kept in: two runs of top bits of a hash of its two words
    /// and its length (two multiplications; a byte at a time made one chain of a
    /// multiplication per byte).
    #[inline]
    fn slots(&self, text: Words, len: usize) -> [usize; 2] {
        let [low, high] = text;
        let len = u64::try_from(len).unwrap_or(0);
        let hash = (low ^ len).wrapping_mul(0x9e37_79b9_7f4a_7c15) ^ high;
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
        // Compared as two words (no `memcmp` call).
        let key = words(bytes);
        let [first, second] = self.slots(key, bytes.len());
        for at in [first, second] {
            if let Some(Some(seen)) = self.slots.get(at) {
                if seen.len == bytes.len() && seen.text == key {
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
                text: key,
                len: bytes.len(),
                value,
            });
        }
        Ok(value)
    }
}
