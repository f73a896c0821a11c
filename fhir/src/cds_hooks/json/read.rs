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
use crate::json_text::special;

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
