//! The fast reader: JSON bytes straight into the arena, for the texts it is sure of.
//!
//! It accepts a subset of what `serde_json` accepts and builds exactly the tree `serde_json`
//! would: plain strings are borrowed; a string with escapes, and any number other than a
//! plain integer, is handed to `serde_json` itself (the same token, so the same value).
//! Anything else it is not sure of (a syntax error, nesting deeper than [`MAX_DEPTH`])
//! makes it give up with `None`, and the caller reads the text through `serde_json`, which
//! gives the same tree or the exact error. So a refusal here is never an answer, only a
//! slower way to one.
//!
//! It is one loop over the text with a stack of the open containers, not a recursive
//! descent: the position stays in a register and a value is pushed where it belongs as soon
//! as it is read, instead of being returned up a call (DESIGN.md, "CDS Hooks and FHIR R4").

use super::{serde_read, write, Builder, Doc, Member, Node, Number, Text};
use crate::json_text::special;

/// Nesting the fast reader handles; `serde_json` allows 128, deeper goes its way.
const MAX_DEPTH: usize = 100;

/// An open container: where its children start on the builder's scratch stack, and for an
/// object the name of the member whose value is being read.
struct Frame<'t> {
    start: usize,
    name: Option<Text<'t>>,
}

/// Reads `text` as one JSON document, or `None` when it is not sure (see the module).
pub(super) fn read(text: &str) -> Option<Doc<'_>> {
    let bytes = text.as_bytes();
    let mut b = Builder::with_capacity(text.len());
    let mut open: Vec<Frame<'_>> = Vec::with_capacity(16);
    let mut pos = 0;
    'value: loop {
        // A value starts at `pos`, after any white space.
        let (c, at) = peek(bytes, pos, &mut b.loose)?;
        pos = at;
        let mut node = match c {
            b'"' => {
                let (s, end) = string(text, &mut b, pos)?;
                pos = end;
                Node::String(s)
            }
            b'{' => {
                if open.len() >= MAX_DEPTH {
                    return None;
                }
                let (c, at) = peek(bytes, pos + 1, &mut b.loose)?;
                pos = at;
                if c == b'}' {
                    pos += 1;
                    b.end_object(b.fields.len())
                } else {
                    let (name, at) = name(text, &mut b, pos)?;
                    pos = at;
                    open.push(Frame {
                        start: b.fields.len(),
                        name: Some(name),
                    });
                    continue 'value;
                }
            }
            b'[' => {
                if open.len() >= MAX_DEPTH {
                    return None;
                }
                let (c, at) = peek(bytes, pos + 1, &mut b.loose)?;
                pos = at;
                if c == b']' {
                    pos += 1;
                    b.end_array(b.items.len())
                } else {
                    open.push(Frame {
                        start: b.items.len(),
                        name: None,
                    });
                    continue 'value;
                }
            }
            b't' => {
                pos = literal(bytes, pos, b"true")?;
                Node::Bool(true)
            }
            b'f' => {
                pos = literal(bytes, pos, b"false")?;
                Node::Bool(false)
            }
            b'n' => {
                pos = literal(bytes, pos, b"null")?;
                Node::Null
            }
            b'-' | b'0'..=b'9' => {
                let (n, end) = number(text, pos)?;
                // A fraction, an exponent or `-0` is written back by `serde_json` its own
                // way, which may not be the text's (`1e2`, `0.10`).
                if let Node::Number(n @ Number::Float(_)) = n {
                    b.loose |= !write::number_is(n, text.get(pos..end));
                }
                pos = end;
                n
            }
            _ => return None,
        };
        // `node` is whole: put it in its container, and close every container it ends.
        loop {
            let Some(frame) = open.last_mut() else {
                pos = skip_ws(bytes, pos, &mut b.loose);
                return (pos == bytes.len()).then(|| b.finish_read(node, text));
            };
            let (c, at) = peek(bytes, pos, &mut b.loose)?;
            pos = at;
            match frame.name {
                Some(name) => {
                    b.fields.push(Member { name, value: node });
                    match c {
                        b',' => {
                            let (next, at) = self::name(text, &mut b, pos + 1)?;
                            frame.name = Some(next);
                            pos = at;
                            continue 'value;
                        }
                        b'}' => {
                            pos += 1;
                            let start = frame.start;
                            open.pop();
                            node = b.end_object(start);
                        }
                        _ => return None,
                    }
                }
                None => {
                    b.items.push(node);
                    match c {
                        b',' => {
                            pos += 1;
                            continue 'value;
                        }
                        b']' => {
                            pos += 1;
                            let start = frame.start;
                            open.pop();
                            node = b.end_array(start);
                        }
                        _ => return None,
                    }
                }
            }
        }
    }
}

/// The position of the first byte at or after `pos` that is not white space as JSON (and
/// `serde_json`) defines it; `loose` is set when there was some. Out of line: [`peek`]
/// calls it only for text with white space.
#[inline(never)]
fn skip_ws(bytes: &[u8], mut pos: usize, loose: &mut bool) -> usize {
    // Compact text has none: one comparison rules out every byte that could be white space.
    while let Some(&c) = bytes.get(pos) {
        if c > b' ' || !matches!(c, b' ' | b'\n' | b'\r' | b'\t') {
            break;
        }
        *loose = true;
        pos += 1;
    }
    pos
}

/// The first byte at or after `pos` that is not white space, and its position; `loose` is
/// set when there was some. Compact text has none, so the byte at `pos` is tested first and
/// the white space is skipped only when it is not a token's.
#[inline(always)]
fn peek(bytes: &[u8], pos: usize, loose: &mut bool) -> Option<(u8, usize)> {
    let c = *bytes.get(pos)?;
    if c > b' ' {
        return Some((c, pos));
    }
    let pos = skip_ws(bytes, pos, loose);
    Some((*bytes.get(pos)?, pos))
}

/// The position after the literal `word` at `pos`.
fn literal(bytes: &[u8], pos: usize, word: &[u8]) -> Option<usize> {
    let end = pos.checked_add(word.len())?;
    (bytes.get(pos..end)? == word).then_some(end)
}

/// A member name at `pos` (after any white space) and its colon: the name, and the
/// position after the colon, where its value starts after any white space.
#[inline(always)]
fn name<'t>(text: &'t str, b: &mut Builder<'t>, pos: usize) -> Option<(Text<'t>, usize)> {
    let bytes = text.as_bytes();
    let (c, pos) = peek(bytes, pos, &mut b.loose)?;
    if c != b'"' {
        return None;
    }
    let (name, end) = string(text, b, pos)?;
    let (c, colon) = peek(bytes, end, &mut b.loose)?;
    if c != b':' {
        return None;
    }
    Some((name, colon + 1))
}

/// A string at `open` (its opening quote) and the position after it: borrowed when plain,
/// else unescaped by `serde_json` from the same token.
#[inline(always)]
fn string<'t>(text: &'t str, b: &mut Builder<'t>, open: usize) -> Option<(Text<'t>, usize)> {
    let bytes = text.as_bytes();
    let start = open + 1;
    let rest = bytes.get(start..)?;
    let stop = special(rest)?;
    let end = start + stop;
    match rest.get(stop)? {
        // Both ends are ASCII quotes, so this is on character boundaries (the two one-sided
        // cuts are inlined where the range's is not).
        b'"' => text
            .get(start..)
            .and_then(|s| s.get(..stop))
            .map(|s| (Text::Borrowed(s), end + 1)),
        b'\\' => {
            let mut i = end;
            loop {
                match *bytes.get(i)? {
                    b'\\' => i += 2,
                    b'"' => break,
                    c if c < 0x20 => return None,
                    _ => i += 1,
                }
            }
            let token = text.get(open..=i)?;
            let unescaped: String = serde_json::from_str(token).ok()?;
            Some((b.owned(unescaped), i + 1))
        }
        _ => None, // a control character: serde_json refuses it
    }
}

/// The position after the decimal digits at `pos`, and how many there are.
fn digits(bytes: &[u8], pos: usize) -> (usize, usize) {
    let mut end = pos;
    while let Some(b'0'..=b'9') = bytes.get(end) {
        end += 1;
    }
    (end, end - pos)
}

/// A number at `start`, by JSON's grammar, and the position after it. Plain integers that
/// fit are read here as `serde_json` reads them (non-negative → unsigned, negative →
/// signed; `-0` is a float in `serde_json`, so it goes its way); everything else is read by
/// `serde_json`.
fn number(text: &str, start: usize) -> Option<(Node<'_>, usize)> {
    let bytes = text.as_bytes();
    let negative = bytes.get(start) == Some(&b'-');
    let int_start = start + usize::from(negative);
    let mut pos = match *bytes.get(int_start)? {
        b'0' => int_start + 1,
        b'1'..=b'9' => digits(bytes, int_start).0,
        _ => return None,
    };
    let int_end = pos;
    let mut plain = true;
    if bytes.get(pos) == Some(&b'.') {
        let (end, n) = digits(bytes, pos + 1);
        if n == 0 {
            return None;
        }
        pos = end;
        plain = false;
    }
    if let Some(b'e' | b'E') = bytes.get(pos) {
        pos += 1;
        if let Some(b'+' | b'-') = bytes.get(pos) {
            pos += 1;
        }
        let (end, n) = digits(bytes, pos);
        if n == 0 {
            return None;
        }
        pos = end;
        plain = false;
    }
    if let Some(b'0'..=b'9') = bytes.get(pos) {
        return None; // a leading zero: `01`
    }
    let digits = bytes.get(int_start..int_end)?;
    if plain && digits.len() <= 19 {
        let n = digits
            .iter()
            .fold(0_u64, |n, d| n * 10 + u64::from(d - b'0'));
        if !negative {
            return Some((Node::Number(Number::Unsigned(n)), pos));
        }
        if n == 1 << 63 {
            return Some((Node::Number(Number::Signed(i64::MIN)), pos));
        }
        if let Some(n) = i64::try_from(n).ok().filter(|&n| n != 0) {
            return Some((Node::Number(Number::Signed(-n)), pos));
        }
    }
    let token = text.get(start..pos)?;
    serde_read::number(token).map(|n| (Node::Number(n), pos))
}
