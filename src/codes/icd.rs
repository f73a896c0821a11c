//! ICD-10-CM diagnosis codes: the [`IcdCode`] newtype (parse, normalise, write) and the
//! blocks its first two characters name. Its class is decided in `classes.rs`.

use core::fmt;
use core::str::FromStr;

use crate::error::ErrorKind;

/// A well-formed ICD-10-CM code, normalised (`" r252 "` → `R25.2`).
///
/// Normalisation trims, upper-cases, drops every `.`, and puts one `.` back after the third
/// character when the code is longer than three. The result must have the ICD-10-CM shape:
/// a letter, a digit, a digit or letter, then up to four digits or letters. A well-formed
/// code that is not in the FY2026 code set is still accepted: its [`status`](IcdCode::status)
/// is [`CodeStatus::Unknown`](crate::CodeStatus::Unknown) and it is classified
/// [`CodeClass::Other`](crate::CodeClass::Other) (ruleset 4).
///
/// The code is stored inline (8 bytes), so it is `Copy` and never allocates.
///
/// ```
/// use edx_coverage::{CodeClass, IcdCode};
///
/// let code: IcdCode = " m62831 ".parse()?;
/// assert_eq!(code.as_str(), "M62.831");
/// assert_eq!(code.class(), CodeClass::CrampSymptom);
/// assert!("R25-2".parse::<IcdCode>().is_err());
/// # Ok::<(), edx_coverage::ErrorKind>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct IcdCode {
    /// ASCII bytes of the dotted form, `len` of them used.
    bytes: [u8; 8],
    len: u8,
}

impl IcdCode {
    /// Parses and normalises a code. The error names the code as received.
    pub fn parse(input: &str) -> Result<IcdCode, ErrorKind> {
        IcdCode::from_text(trimmed(input)).ok_or_else(|| invalid(input))
    }

    /// The code that `text` (already trimmed) spells. The usual spellings, three characters
    /// then up to four more, with or without a `.` between, are read by position; anything
    /// else (a `.` elsewhere, a byte that is no code character, too many characters) by
    /// [`from_any_text`](IcdCode::from_any_text), which decides every text alike.
    fn from_text(text: &[u8]) -> Option<IcdCode> {
        let (head, tail) = match text {
            [a, b, c, b'.', tail @ ..] | [a, b, c, tail @ ..] => ([*a, *b, *c], tail),
            _ => return IcdCode::from_any_text(text),
        };
        let mut plain = [0u8; 7];
        let mut any_bad = tail.len() > 4;
        // A `.` is no code character here: a second one goes to the general reading.
        for (place, &c) in plain.iter_mut().zip(head.iter().chain(tail)) {
            let u = CHARS.get(usize::from(c)).copied().unwrap_or(0);
            any_bad |= u == 0;
            *place = u;
        }
        let [first, second, ..] = plain;
        if any_bad || !first.is_ascii_uppercase() || !second.is_ascii_digit() {
            return IcdCode::from_any_text(text);
        }
        Some(IcdCode::dotted(plain, 3 + tail.len()))
    }

    /// [`from_text`](IcdCode::from_text) of any text, in one pass: each character that is
    /// not a `.` is upper-cased by [`CHARS`] into the next of seven places, then the first
    /// place must hold a letter and the second a digit (the others hold either).
    #[cold]
    #[inline(never)]
    fn from_any_text(text: &[u8]) -> Option<IcdCode> {
        let mut plain = [0u8; 7];
        let mut n = 0usize;
        let mut any_bad = false;
        for &c in text {
            if c == b'.' {
                continue;
            }
            let u = CHARS.get(usize::from(c)).copied().unwrap_or(0);
            any_bad |= u == 0;
            *plain.get_mut(n)? = u;
            n += 1;
        }
        let [first, second, ..] = plain;
        if any_bad || n < 3 || !first.is_ascii_uppercase() || !second.is_ascii_digit() {
            return None;
        }
        Some(IcdCode::dotted(plain, n))
    }

    /// The dotted code of the first `n` characters of `plain` (3 to 7 of them, the places
    /// after them zero): the `.` goes after the third.
    fn dotted(plain: [u8; 7], n: usize) -> IcdCode {
        let [a, b, c, d, e, f, g] = plain;
        let dot = if n > 3 { b'.' } else { 0 };
        IcdCode {
            bytes: [a, b, c, dot, d, e, f, g],
            len: (n + usize::from(n > 3)) as u8,
        }
    }

    /// A code from the crate's own tables (a test checks each one parses to itself).
    /// Only evaluated at compile time, where an out-of-range index is a build error.
    #[allow(clippy::indexing_slicing)]
    pub(crate) const fn table(dotted: &str) -> IcdCode {
        let src = dotted.as_bytes();
        let mut bytes = [0u8; 8];
        let mut i = 0;
        while i < src.len() && i < bytes.len() {
            bytes[i] = src[i];
            i += 1;
        }
        IcdCode {
            bytes,
            len: i as u8,
        }
    }

    /// The normalised, dotted code, e.g. `"R25.2"`.
    #[must_use]
    pub fn as_str(&self) -> &str {
        let used = self.bytes.get(..usize::from(self.len)).unwrap_or_default();
        core::str::from_utf8(used).unwrap_or_default()
    }

    /// The code's seven places without the dot, e.g. `R252` and three zeros: the bytes
    /// are laid out as [`dotted`](IcdCode::dotted) puts them (the dot, if any, fourth, zeros
    /// after the last character), so no search for the dot is needed.
    pub(crate) fn places(&self) -> [u8; 7] {
        let [a, b, c, _, d, e, f, g] = self.bytes;
        [a, b, c, d, e, f, g]
    }

    /// How many characters the code has without its dot (3 to 7).
    pub(crate) fn plain_len(&self) -> u32 {
        u32::from(self.len) - u32::from(self.len > 3)
    }

    /// The code without its dot, e.g. `"R252"`, as the classification lists compare it.
    #[cfg(test)]
    pub(crate) fn plain(&self) -> impl Iterator<Item = u8> + '_ {
        self.as_str().bytes().filter(|&b| b != b'.')
    }

    /// A code of the compiled-in code set, from its characters without the dot. The table is
    /// trusted (a test walks it), so only the length is checked here.
    pub(crate) fn from_plain(plain: &[u8]) -> Option<IcdCode> {
        if !(3..=7).contains(&plain.len()) {
            return None;
        }
        let mut places = [0u8; 7];
        for (place, &c) in places.iter_mut().zip(plain) {
            *place = c;
        }
        Some(IcdCode::dotted(places, plain.len()))
    }
}

/// The error of [`IcdCode::parse`]: out of line, so that the parse of a valid code does not
/// set up the call that copies the input.
#[cold]
#[inline(never)]
fn invalid(input: &str) -> ErrorKind {
    ErrorKind::InvalidIcdCode {
        value: crate::error::echo(input),
    }
}

/// `input.trim()`, as bytes. When the first and the last byte are visible ASCII, neither
/// is white space nor part of a longer character, so there is nothing to trim and no
/// character to decode (the usual case: `"R25.2"`).
fn trimmed(input: &str) -> &[u8] {
    let bytes = input.as_bytes();
    match (bytes.first(), bytes.last()) {
        (Some(first), Some(last)) if first.is_ascii_graphic() && last.is_ascii_graphic() => bytes,
        _ => input.trim().as_bytes(),
    }
}

/// What a code character becomes: `0`–`9` and `A`–`Z` themselves, `a`–`z` upper-cased,
/// every other byte 0 (not a code character).
#[allow(clippy::indexing_slicing)]
const CHARS: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut c = 0usize;
    while c < 256 {
        let b = c as u8;
        if b.is_ascii_digit() || b.is_ascii_uppercase() {
            t[c] = b;
        } else if b.is_ascii_lowercase() {
            t[c] = b.to_ascii_uppercase();
        }
        c += 1;
    }
    t
};

impl FromStr for IcdCode {
    type Err = ErrorKind;
    fn from_str(s: &str) -> Result<Self, ErrorKind> {
        IcdCode::parse(s)
    }
}

impl fmt::Display for IcdCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for IcdCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "IcdCode({:?})", self.as_str())
    }
}

impl serde::Serialize for IcdCode {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> serde::Deserialize<'de> for IcdCode {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl serde::de::Visitor<'_> for V {
            type Value = IcdCode;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an ICD-10-CM code")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<IcdCode, E> {
                IcdCode::parse(v).map_err(E::custom)
            }
        }
        d.deserialize_str(V)
    }
}

/// Blocks of codes by their first two characters, a letter then a digit: 26 × 10 (the
/// classification rows of `classes.rs` and `code_set`'s index are grouped by them).
pub(crate) const BLOCKS: usize = 26 * 10;

/// The block of a code's first two characters, if they are a letter and a digit.
pub(crate) const fn block(first: u8, second: u8) -> Option<usize> {
    let (letter, digit) = (first.wrapping_sub(b'A'), second.wrapping_sub(b'0'));
    if letter >= 26 || digit >= 10 {
        return None;
    }
    Some(letter as usize * 10 + digit as usize)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The parse before the one-pass loop (trim, upper-case, drop the dots, check the shape,
    /// put the dot back), the reference the fast one must equal.
    fn parse_reference(input: &str) -> Result<IcdCode, ErrorKind> {
        let invalid = || ErrorKind::InvalidIcdCode {
            value: crate::error::echo(input),
        };
        let mut plain = [0u8; 7];
        let mut n = 0usize;
        for c in input.trim().bytes().filter(|&c| c != b'.') {
            let slot = plain.get_mut(n).ok_or_else(invalid)?;
            *slot = c.to_ascii_uppercase();
            n += 1;
        }
        let plain = plain.get(..n).ok_or_else(invalid)?;
        let ok = match plain {
            [a, b, c, rest @ ..] => {
                a.is_ascii_uppercase()
                    && b.is_ascii_digit()
                    && (c.is_ascii_digit() || c.is_ascii_uppercase())
                    && rest
                        .iter()
                        .all(|r| r.is_ascii_digit() || r.is_ascii_uppercase())
            }
            _ => false,
        };
        if !ok {
            return Err(invalid());
        }
        let mut bytes = [0u8; 8];
        let mut len = 0;
        for (i, &c) in plain.iter().enumerate() {
            if i == 3 {
                bytes[len] = b'.';
                len += 1;
            }
            bytes[len] = c;
            len += 1;
        }
        Ok(IcdCode {
            bytes,
            len: len as u8,
        })
    }

    fn same_as_reference(text: &str) {
        assert_eq!(IcdCode::parse(text), parse_reference(text), "{text:?}");
    }

    proptest! {
        /// Code-like text: letters, digits, dots, ASCII and other white space, other bytes.
        #[test]
        fn the_parse_is_the_reference_on_code_like_text(
            text in "[ \t\n\u{0b}\u{0c}\r\u{85}\u{a0}\u{2003}\u{3000}.,aAeEmMqQrRzZ0-9é_-]{0,12}",
        ) {
            same_as_reference(&text);
        }

        /// Any text at all.
        #[test]
        fn the_parse_is_the_reference_on_any_text(text in any::<String>()) {
            same_as_reference(&text);
        }

        /// Well-formed codes, spelled with dots, case and white space around them.
        #[test]
        fn the_parse_is_the_reference_on_spellings(
            pre in "[ \t\u{a0}]{0,2}",
            code in "[A-Za-z][0-9][0-9A-Za-z][0-9A-Za-z]{0,5}",
            dots in proptest::collection::vec(0usize..9, 0..3),
            post in "[ \n\u{3000}]{0,2}",
        ) {
            let mut body = code;
            for d in dots {
                body.insert(d.min(body.len()), '.');
            }
            same_as_reference(&format!("{pre}{body}{post}"));
        }
    }

    #[test]
    fn the_parse_is_the_reference_on_the_edges() {
        for text in [
            "",
            " ",
            ".",
            "R25",
            "R2",
            "r25.2",
            " R25.2 ",
            "R25.2\u{a0}",
            "\u{a0}R25.2",
            "\u{85}R25.2",
            "R25.2\u{85}",
            "R25..2",
            ".R252.",
            "S00.01XA",
            "S0001XA",
            "S00.01XAB",
            "S00.01XA ",
            "\tS00.01XA\n",
            "1R25",
            "RR25",
            "R2Z",
            "R25-2",
            "R25.2é",
            "éR25.2",
            "R\u{0}25",
            "R25.2\u{0}",
            "\u{7f}R25",
            "R25\u{7f}",
            "~R25",
            "QA0.0",
            "Z99.89",
            "m62.831",
            "........R25.2",
        ] {
            same_as_reference(text);
        }
    }
}
