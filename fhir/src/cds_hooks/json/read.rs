//! The fast reader: JSON bytes straight into the arena, for the texts it is sure of.
//!
//! It accepts a subset of what `serde_json` accepts and builds exactly the tree `serde_json`
//! would: plain strings are borrowed; a string with escapes, and any number other than a
//! plain integer, is handed to `serde_json` itself (the same token, so the same value).
//! Anything else it is not sure of (a syntax error, nesting deeper than [`MAX_DEPTH`])
//! makes it give up with `None`, and the caller reads the text through `serde_json`, which
//! gives the same tree or the exact error. So a refusal here is never an answer, only a
//! slower way to one.

use super::{serde_read, Builder, Doc, Member, Node, Number, Text};

/// Nesting the fast reader handles; `serde_json` allows 128, deeper goes its way.
const MAX_DEPTH: u32 = 100;

/// Reads `text` as one JSON document, or `None` when it is not sure (see the module).
pub(super) fn read(text: &str) -> Option<Doc<'_>> {
    let mut r = Reader {
        text,
        bytes: text.as_bytes(),
        pos: 0,
        b: Builder::with_capacity(text.len()),
    };
    let root = r.value(0)?;
    r.skip_ws();
    (r.pos == r.bytes.len()).then(|| r.b.finish(root))
}

/// Whether a byte ends the plain part of a string: a quote, a backslash or a control
/// character.
fn is_special(c: &u8) -> bool {
    *c == b'"' || *c == b'\\' || *c < 0x20
}

/// The offset of the first [`is_special`] byte of `bytes`, eight bytes at a time: a word
/// has such a byte exactly when one of the three classic "has a zero byte" tests on it
/// fires (for `"`, for `\` and for "less than 0x20").
pub(super) fn special(bytes: &[u8]) -> Option<usize> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let mut chunks = bytes.chunks_exact(8);
    let mut offset = 0;
    for chunk in &mut chunks {
        let Ok(word) = <[u8; 8]>::try_from(chunk) else {
            break;
        };
        let v = u64::from_le_bytes(word);
        let quote = v ^ (ONES * u64::from(b'"'));
        let backslash = v ^ (ONES * u64::from(b'\\'));
        let hit = (quote.wrapping_sub(ONES) & !quote)
            | (backslash.wrapping_sub(ONES) & !backslash)
            | (v.wrapping_sub(ONES * 0x20) & !v);
        let hit = hit & HIGH;
        if hit != 0 {
            // The lowest flagged byte is always a real one (a false flag can only sit above
            // a real one, where the subtraction borrowed), and the lowest byte comes first.
            return Some(offset + (hit.trailing_zeros() / 8) as usize);
        }
        offset += 8;
    }
    chunks
        .remainder()
        .iter()
        .position(is_special)
        .map(|i| offset + i)
}

struct Reader<'t> {
    text: &'t str,
    bytes: &'t [u8],
    pos: usize,
    b: Builder<'t>,
}

impl<'t> Reader<'t> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    /// White space as JSON (and `serde_json`) defines it.
    fn skip_ws(&mut self) {
        // Compact text has none: one comparison rules out every byte that could be white
        // space.
        while let Some(&c) = self.bytes.get(self.pos) {
            if c > b' ' || !matches!(c, b' ' | b'\n' | b'\r' | b'\t') {
                return;
            }
            self.pos += 1;
        }
    }

    fn literal(&mut self, word: &[u8], node: Node<'t>) -> Option<Node<'t>> {
        let end = self.pos.checked_add(word.len())?;
        (self.bytes.get(self.pos..end)? == word).then(|| {
            self.pos = end;
            node
        })
    }

    fn value(&mut self, depth: u32) -> Option<Node<'t>> {
        self.skip_ws();
        match self.peek()? {
            b'"' => self.string().map(Node::String),
            b'{' => self.object(depth + 1),
            b'[' => self.array(depth + 1),
            b't' => self.literal(b"true", Node::Bool(true)),
            b'f' => self.literal(b"false", Node::Bool(false)),
            b'n' => self.literal(b"null", Node::Null),
            b'-' | b'0'..=b'9' => self.number(),
            _ => None,
        }
    }

    /// A string at `pos` (its opening quote): borrowed when plain, else unescaped by
    /// `serde_json` from the same token.
    fn string(&mut self) -> Option<Text<'t>> {
        let open = self.pos;
        let start = open + 1;
        let rest = self.bytes.get(start..)?;
        let stop = special(rest)?;
        let end = start + stop;
        match rest.get(stop)? {
            b'"' => {
                self.pos = end + 1;
                // Both ends are ASCII quotes, so this is on character boundaries.
                self.text.get(start..end).map(Text::Borrowed)
            }
            b'\\' => {
                let mut i = end;
                loop {
                    match *self.bytes.get(i)? {
                        b'\\' => i += 2,
                        b'"' => break,
                        c if c < 0x20 => return None,
                        _ => i += 1,
                    }
                }
                let token = self.text.get(open..=i)?;
                let unescaped: String = serde_json::from_str(token).ok()?;
                self.pos = i + 1;
                Some(self.b.owned(unescaped))
            }
            _ => None, // a control character: serde_json refuses it
        }
    }

    fn digits(&mut self) -> usize {
        let from = self.pos;
        while let Some(b'0'..=b'9') = self.peek() {
            self.pos += 1;
        }
        self.pos - from
    }

    /// A number at `pos`, by JSON's grammar. Plain integers that fit are read here as
    /// `serde_json` reads them (non-negative → unsigned, negative → signed; `-0` is a float
    /// in `serde_json`, so it goes its way); everything else is read by `serde_json`.
    fn number(&mut self) -> Option<Node<'t>> {
        let start = self.pos;
        let negative = self.peek() == Some(b'-');
        if negative {
            self.pos += 1;
        }
        let int_start = self.pos;
        match self.peek()? {
            b'0' => self.pos += 1,
            b'1'..=b'9' => {
                self.digits();
            }
            _ => return None,
        }
        let int_end = self.pos;
        let mut plain = true;
        if self.peek() == Some(b'.') {
            self.pos += 1;
            if self.digits() == 0 {
                return None;
            }
            plain = false;
        }
        if let Some(b'e' | b'E') = self.peek() {
            self.pos += 1;
            if let Some(b'+' | b'-') = self.peek() {
                self.pos += 1;
            }
            if self.digits() == 0 {
                return None;
            }
            plain = false;
        }
        if let Some(b'0'..=b'9') = self.peek() {
            return None; // a leading zero: `01`
        }
        let digits = self.bytes.get(int_start..int_end)?;
        if plain && digits.len() <= 19 {
            let n = digits
                .iter()
                .fold(0_u64, |n, d| n * 10 + u64::from(d - b'0'));
            if !negative {
                return Some(Node::Number(Number::Unsigned(n)));
            }
            if n == 1 << 63 {
                return Some(Node::Number(Number::Signed(i64::MIN)));
            }
            if let Some(n) = i64::try_from(n).ok().filter(|&n| n != 0) {
                return Some(Node::Number(Number::Signed(-n)));
            }
        }
        let token = self.text.get(start..self.pos)?;
        serde_read::number(token).map(Node::Number)
    }

    fn array(&mut self, depth: u32) -> Option<Node<'t>> {
        if depth > MAX_DEPTH {
            return None;
        }
        self.pos += 1; // [
        let start = self.b.items.len();
        self.skip_ws();
        if self.peek()? == b']' {
            self.pos += 1;
            return Some(self.b.end_array(start));
        }
        loop {
            let item = self.value(depth)?;
            self.b.items.push(item);
            self.skip_ws();
            match self.peek()? {
                b',' => self.pos += 1,
                b']' => {
                    self.pos += 1;
                    return Some(self.b.end_array(start));
                }
                _ => return None,
            }
        }
    }

    fn object(&mut self, depth: u32) -> Option<Node<'t>> {
        if depth > MAX_DEPTH {
            return None;
        }
        self.pos += 1; // {
        let start = self.b.fields.len();
        self.skip_ws();
        if self.peek()? == b'}' {
            self.pos += 1;
            return Some(self.b.end_object(start));
        }
        loop {
            self.skip_ws();
            if self.peek()? != b'"' {
                return None;
            }
            let name = self.string()?;
            self.skip_ws();
            if self.peek()? != b':' {
                return None;
            }
            self.pos += 1;
            let value = self.value(depth)?;
            self.b.fields.push(Member { name, value });
            self.skip_ws();
            match self.peek()? {
                b',' => self.pos += 1,
                b'}' => {
                    self.pos += 1;
                    return Some(self.b.end_object(start));
                }
                _ => return None,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The word-at-a-time scan finds what a byte-by-byte scan finds, at every length and
    /// position, for every byte value around the three it looks for.
    #[test]
    fn special_matches_a_plain_scan() {
        let interesting = [
            0x00, 0x01, 0x1F, 0x20, 0x21, b'"', 0x23, 0x5B, b'\\', 0x5D, 0x7F, 0x80, 0xA2, 0xDC,
            0xFF,
        ];
        for len in 0..20 {
            for at in 0..len {
                for &c in &interesting {
                    for &fill in &[b'a', 0xC3, 0x9F] {
                        let mut bytes = vec![fill; len];
                        if let Some(b) = bytes.get_mut(at) {
                            *b = c;
                        }
                        let want = bytes.iter().position(is_special);
                        assert_eq!(special(&bytes), want, "{bytes:?}");
                    }
                }
            }
        }
    }
}
