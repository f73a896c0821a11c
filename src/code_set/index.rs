//! Where a code's block (its first two characters) begins in the table: an index built at
//! compile time.
//!
//! A binary search of all 98,186 entries takes 17 steps. Every well-formed [`IcdCode`]
//! begins with a letter and a digit: its *block* here, one of 26 × 10 = 260 (`A0` … `Z9`).
//! Since the table is sorted, each block's entries are one run; [`START`] holds where each
//! run begins, so a look-up searches only its block's run (about 380 entries on average:
//! 9 steps instead of 17).
//!
//! [`START`] is computed when the crate compiles, by one binary search per block (about
//! 4,400 steps of `const` evaluation; an index of the 9,620 three-character categories,
//! tried first, cost the crate's build 1.5–2 s of CPU for 3 steps a look-up less).
//! [`THIRD`] splits each run by the code's third character, a digit (a letter goes with
//! `9`): ten parts a block, found by 2,340 binary searches within the runs (about 0.3 s of
//! the build), for about 3 steps a look-up less (BENCHMARKS.md).
//!
//! Entries whose block is not of that shape (the 20 codes of `QA0`, a letter in the second
//! place) fall inside the run of the block before them (its last part); a search by value
//! is still exact. A test compares this search with the plain one on every code of the
//! table and on codes it lacks.
//!
//! [`IcdCode`]: crate::IcdCode

use super::{CODES, PLACES, RECORD};
use crate::codes::icd::{block as block_of_chars, BLOCKS};
use crate::IcdCode;

/// The value of one block's unit: the places after the first two.
const BLOCK_UNIT: u64 = 37u64.pow(PLACES - 2);

/// The block number of a packed value, when its first two places have the shape of a
/// well-formed code (a letter, then a digit). Look-ups take the block from the code's
/// characters ([`run_of_code`]); tests check that both agree.
#[cfg(test)]
const fn block(value: u64) -> Option<usize> {
    let key = value / BLOCK_UNIT;
    let second = key % 37;
    let first = key / 37;
    // Base-37 digits: 1–10 are `0`–`9`, 11–36 are `A`–`Z` (see the module above).
    if first < 11 || first > 36 || second < 1 || second > 10 {
        return None;
    }
    Some(((first - 11) * 10 + (second - 1)) as usize)
}

/// The packed value at which block `b` begins.
const fn block_floor(b: usize) -> u64 {
    let b = b as u64;
    ((b / 10 + 11) * 37 + b % 10 + 1) * BLOCK_UNIT
}

/// The packed value at table index `i`, at compile time (the table is in range there).
#[allow(clippy::indexing_slicing)]
const fn entry_at(i: usize) -> u64 {
    let at = i * RECORD;
    (CODES[at] as u64) << 32
        | (CODES[at + 1] as u64) << 24
        | (CODES[at + 2] as u64) << 16
        | (CODES[at + 3] as u64) << 8
        | CODES[at + 4] as u64
}

/// The first table index in `lo..hi` whose entry is at least `value` (`hi` if none), at
/// compile time.
const fn lower_bound_in(value: u64, mut lo: usize, mut hi: usize) -> usize {
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        if entry_at(mid) < value {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    lo
}

/// The value of one unit of a code's third place.
const THIRD_UNIT: u64 = 37u64.pow(PLACES - 3);

/// `STARTS[b]` is the first table index whose entry is at least block `b`'s floor;
/// `STARTS[BLOCKS]` is the table's length.
#[allow(clippy::indexing_slicing)]
const STARTS: [u32; BLOCKS + 1] = {
    let mut start = [0u32; BLOCKS + 1];
    let mut b = 0;
    while b < BLOCKS {
        start[b] = lower_bound_in(block_floor(b), 0, CODES.len() / RECORD) as u32;
        b += 1;
    }
    start[BLOCKS] = (CODES.len() / RECORD) as u32;
    start
};

/// [`STARTS`], as the look-ups read it.
static START: [u32; BLOCKS + 1] = STARTS;

/// Where, from its block's start, the codes of block `b` whose third character is the
/// digit `d` begin: `THIRD[b][d]`, with `THIRD[b][10]` the run's length. A third character
/// that is a letter (`C4A`, `M1A`, …) sorts after `9` and is in the last part. Each part is
/// found by a binary search of the rest of the run (about 21,000 steps of `const`
/// evaluation for the 2,340 parts; BENCHMARKS.md has the build time it costs).
#[allow(clippy::indexing_slicing)]
static THIRD: [[u16; 11]; BLOCKS] = {
    let mut third = [[0u16; 11]; BLOCKS];
    let mut b = 0;
    while b < BLOCKS {
        let (lo, hi) = (STARTS[b] as usize, STARTS[b + 1] as usize);
        let mut from = lo;
        let mut d = 1;
        while d < 10 {
            // The base-37 digit of the character `d` is d + 1.
            let floor = block_floor(b) + (d as u64 + 1) * THIRD_UNIT;
            from = lower_bound_in(floor, from, hi);
            third[b][d] = (from - lo) as u16;
            d += 1;
        }
        third[b][10] = (hi - lo) as u16;
        b += 1;
    }
    third
};

/// The table indices that can hold `value`: its block's run, or the whole table for a
/// value whose block is not of the well-formed shape.
#[cfg(test)]
fn run_of(value: u64) -> core::ops::Range<usize> {
    let whole = 0..CODES.len() / RECORD;
    let Some(b) = block(value) else {
        return whole;
    };
    match (START.get(b), START.get(b + 1)) {
        (Some(&lo), Some(&hi)) => lo as usize..hi as usize,
        _ => whole,
    }
}

/// The table indices that can hold `code`: its block's run and the packed value at which
/// the block begins, or the whole table and `None` for a code whose first two characters
/// are not a letter and a digit (`QA0`). The block is read from the characters, not
/// divided out of the packed value.
///
/// Every entry of a run lies less than 2^32 above its block's floor (a run spans one block,
/// or for a last digit `9` the blocks up to the next letter's `0`: 28 units of 37^5; a test
/// checks each entry), so within a run the entries' low 32 bits less the floor's order them.
pub(super) fn run_of_code(code: &IcdCode) -> (core::ops::Range<u32>, Option<u64>) {
    let whole = 0..(CODES.len() / RECORD) as u32;
    let [first, second, third, ..] = code.places();
    let Some(b) = block_of_chars(first, second) else {
        return (whole, None);
    };
    let floor = block_floor(b);
    // The part of the run for the third character (a letter: the last part).
    let d = usize::from(third.wrapping_sub(b'0').min(9));
    match (START.get(b), THIRD.get(b)) {
        (Some(&start), Some(parts)) => match (parts.get(d), parts.get(d + 1)) {
            (Some(&lo), Some(&hi)) => (start + u32::from(lo)..start + u32::from(hi), Some(floor)),
            _ => (whole, None),
        },
        _ => (whole, None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_block_floor_round_trips() {
        for b in 0..BLOCKS {
            assert_eq!(block(block_floor(b)), Some(b));
        }
        assert!((1..BLOCKS).all(|b| block_floor(b - 1) < block_floor(b)));
    }

    #[test]
    fn every_entry_lies_in_its_run() {
        for i in 0..CODES.len() / RECORD {
            let run = run_of(entry_at(i));
            assert!(run.contains(&i), "entry {i} outside {run:?}");
        }
        assert_eq!(START[BLOCKS] as usize, CODES.len() / RECORD);
        assert!(CODES.len() / RECORD < u32::MAX as usize);
        assert!(START.windows(2).all(|w| w[0] <= w[1]));
    }

    /// The range a code's characters give holds the code and lies in the run of its packed
    /// value, for every code of the table (the 21 of `QA0` included: the whole table for
    /// both); the floor is its block's.
    #[test]
    fn the_range_of_a_code_holds_it_within_the_run_of_its_value() {
        for i in 0..CODES.len() / RECORD {
            let Some((code, _)) = super::super::get(i) else {
                panic!("entry {i}");
            };
            let (by_code, floor) = run_of_code(&code);
            let by_value = run_of(entry_at(i));
            assert!(by_code.contains(&(i as u32)), "{code}: {by_code:?}");
            assert!(
                by_value.start <= by_code.start as usize && by_code.end as usize <= by_value.end,
                "{code}: {by_code:?} outside {by_value:?}"
            );
            assert_eq!(floor, block(entry_at(i)).map(block_floor), "{code}");
        }
    }

    /// The parts of each run are in order, within it, and each holds exactly the run's
    /// entries of its third character (a letter: the last part); every run's length fits
    /// the parts' 16 bits.
    #[test]
    fn the_parts_split_each_run_by_its_third_character() {
        for b in 0..BLOCKS {
            let (lo, hi) = (START[b] as usize, START[b + 1] as usize);
            assert!(hi - lo <= usize::from(u16::MAX), "block {b}");
            let parts = THIRD[b];
            assert_eq!(
                (parts[0], usize::from(parts[10])),
                (0, hi - lo),
                "block {b}"
            );
            assert!(parts.windows(2).all(|w| w[0] <= w[1]), "block {b}");
            for d in 0..10 {
                for i in lo + usize::from(parts[d])..lo + usize::from(parts[d + 1]) {
                    let third = (entry_at(i) - block_floor(b)) / THIRD_UNIT;
                    // Base-37: 1-10 are the digits, 11 and up the letters (after `9`).
                    assert!(third == d as u64 + 1 || (d == 9 && third > 10), "entry {i}");
                }
            }
        }
    }

    /// Each run's entries lie at least its floor and less than 2^32 above it.
    #[test]
    fn every_run_spans_less_than_32_bits() {
        for b in 0..BLOCKS {
            for i in START[b] as usize..START[b + 1] as usize {
                let above = entry_at(i) - block_floor(b);
                assert!(above < 1 << 32, "entry {i}, block {b}");
            }
        }
    }
}
