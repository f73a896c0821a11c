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
//! tried first, cost the crate's build 1.5–2 s of CPU for 3 steps a look-up less). Entries
//! whose block is not of that shape (the 21 codes of `QA0`, a letter in the second place)
//! fall inside the run of the block before them; a search by value is still exact. A test
//! compares this search with the plain one on every code of the table and on codes it
//! lacks.
//!
//! [`IcdCode`]: crate::IcdCode

use super::{CODES, PLACES, RECORD};

/// The value of one block's unit: the places after the first two.
const BLOCK_UNIT: u64 = 37u64.pow(PLACES - 2);
/// Blocks: a letter (26), then a digit (10).
const BLOCKS: usize = 26 * 10;

/// The block number of a packed value, when its first two places have the shape of a
/// well-formed code (a letter, then a digit).
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

/// The first table index whose entry is at least `value`, at compile time.
const fn lower_bound(value: u64) -> usize {
    let (mut lo, mut hi) = (0, CODES.len() / RECORD);
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

/// `START[b]` is the first table index whose entry is at least block `b`'s floor;
/// `START[BLOCKS]` is the table's length.
#[allow(clippy::indexing_slicing)]
static START: [u32; BLOCKS + 1] = {
    let mut start = [0u32; BLOCKS + 1];
    let mut b = 0;
    while b < BLOCKS {
        start[b] = lower_bound(block_floor(b)) as u32;
        b += 1;
    }
    start[BLOCKS] = (CODES.len() / RECORD) as u32;
    start
};

/// The table indices that can hold `value`: its block's run, or the whole table for a
/// value whose block is not of the well-formed shape.
pub(super) fn run_of(value: u64) -> core::ops::Range<usize> {
    let whole = 0..CODES.len() / RECORD;
    let Some(b) = block(value) else {
        return whole;
    };
    match (START.get(b), START.get(b + 1)) {
        (Some(&lo), Some(&hi)) => lo as usize..hi as usize,
        _ => whole,
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
        assert!(START.windows(2).all(|w| w[0] <= w[1]));
    }
}
