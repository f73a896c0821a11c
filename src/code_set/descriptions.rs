//! The official descriptions of the code set, front-coded (feature `code-descriptions`).
//!
//! `descriptions.bin`, little-endian `u32`s where noted:
//! * the token table: `n: u32`, `n + 1` offsets `u32` into the token bytes, the bytes. A
//!   token is a word with its leading space, or a punctuation mark, so concatenating a
//!   description's tokens gives it back exactly. Tokens are numbered by frequency.
//! * the blocks: `m: u32`, `m` offsets `u32` into the records; block `b` starts at entry
//!   `32 * b`, where the front coding restarts.
//! * the records, one per entry of `codes.bin`: `shared: u8` (tokens in common with the
//!   previous entry of the block), `new: u8`, then `new` token numbers, one byte when below
//!   128, else two (`0x80 | high`, `low`).
//!
//! Decoding walks at most 31 records from the start of a block into a fixed buffer, so it
//! allocates nothing; ~98,000 descriptions take 0.8 MB instead of 7 MB as plain text.

use core::fmt;

static DATA: &[u8] = include_bytes!("descriptions.bin");
/// Entries per block (the generator's `BLOCK`).
const BLOCK: usize = 32;
/// More tokens than any description has (the longest has fewer than 100).
const MAX_TOKENS: usize = 160;

fn u32_at(at: usize) -> Option<usize> {
    let b: [u8; 4] = DATA.get(at..at.checked_add(4)?)?.try_into().ok()?;
    usize::try_from(u32::from_le_bytes(b)).ok()
}

/// Where the sections of the file start.
struct Layout {
    tokens: usize,
    token_bytes: usize,
    blocks: usize,
    block_count: usize,
    records: usize,
}

impl Layout {
    fn read() -> Option<Layout> {
        let tokens = u32_at(0)?;
        let token_bytes = 4 + 4 * (tokens + 1);
        let total = u32_at(4 + 4 * tokens)?;
        let blocks_at = token_bytes + total;
        let block_count = u32_at(blocks_at)?;
        Some(Layout {
            tokens,
            token_bytes,
            blocks: blocks_at + 4,
            block_count,
            records: blocks_at + 4 + 4 * block_count,
        })
    }

    fn token(&self, id: usize) -> Option<&'static str> {
        if id >= self.tokens {
            return None;
        }
        let start = u32_at(4 + 4 * id)?;
        let end = u32_at(4 + 4 * (id + 1))?;
        let bytes = DATA.get(self.token_bytes + start..self.token_bytes + end)?;
        core::str::from_utf8(bytes).ok()
    }

    /// The tokens of entry `index`, into `buf`; how many.
    fn decode(&self, index: usize, buf: &mut [u16; MAX_TOKENS]) -> Option<usize> {
        let block = index / BLOCK;
        if block >= self.block_count {
            return None;
        }
        let mut at = self.records + u32_at(self.blocks + 4 * block)?;
        let mut len = 0usize;
        for _ in 0..=index % BLOCK {
            let shared = usize::from(*DATA.get(at)?);
            let new = usize::from(*DATA.get(at + 1)?);
            at += 2;
            len = shared.min(len);
            for _ in 0..new {
                let first = *DATA.get(at)?;
                let id = if first < 0x80 {
                    at += 1;
                    u16::from(first)
                } else {
                    let low = *DATA.get(at + 1)?;
                    at += 2;
                    u16::from(first & 0x7F) << 8 | u16::from(low)
                };
                *buf.get_mut(len)? = id;
                len += 1;
            }
        }
        Some(len)
    }
}

/// The description of the table entry at an index; `Display` writes it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Description(usize);

impl Description {
    pub(crate) fn at(index: usize) -> Description {
        Description(index)
    }
}

impl fmt::Display for Description {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut buf = [0u16; MAX_TOKENS];
        let Some((layout, n)) = Layout::read().and_then(|l| {
            let n = l.decode(self.0, &mut buf)?;
            Some((l, n))
        }) else {
            return Ok(());
        };
        for id in buf.iter().take(n) {
            f.write_str(layout.token(usize::from(*id)).unwrap_or_default())?;
        }
        Ok(())
    }
}
