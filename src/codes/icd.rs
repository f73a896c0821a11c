//! ICD-10-CM diagnosis codes: the [`IcdCode`] newtype, its [`CodeClass`], and the
//! classification table that decides the class.

use core::fmt;
use core::str::FromStr;

use crate::error::ErrorKind;
use crate::vocab::vocabulary;

/// A well-formed ICD-10-CM code, normalised (`" r252 "` → `R25.2`).
///
/// Normalisation trims, upper-cases, drops every `.`, and puts one `.` back after the third
/// character when the code is longer than three. The result must have the ICD-10-CM shape:
/// a letter, a digit, a digit or letter, then up to four digits or letters. A well-formed
/// code that is not in the FY2026 code set is still accepted: its [`status`](IcdCode::status)
/// is [`CodeStatus::Unknown`](crate::CodeStatus::Unknown) and it is classified
/// [`CodeClass::Other`] (ruleset 4).
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

vocabulary! {
    /// Where a diagnosis code sits in the crate's classification (`docs/codes.md`).
    pub enum CodeClass as "code class" {
        CrampSymptom = "cramp_symptom": "The presenting complaint (cramp or spasm), not a neurological finding.",
        SupportingFinding = "supporting_finding": "Documents a neurological finding (fasciculation, weakness, atrophy, abnormal reflex, altered sensation, neuralgia).",
        SpecificNeuromuscular = "specific_neuromuscular": "A neuromuscular diagnosis, suspected or established.",
        Other = "other": "Well-formed but in none of the crate's lists, or not in the code set.",
    }
}

/// How a classification row matches a code (compared without the dot).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Match {
    /// The code equals this one.
    Exact(&'static str),
    /// The code starts with this one.
    Prefix(&'static str),
}

use CodeClass::{CrampSymptom, SpecificNeuromuscular, SupportingFinding};
use Match::{Exact, Prefix};

/// The ICD-10-CM classification lists, in checking order (`docs/codes.md`).
pub const ICD_CLASSES: &[(Match, CodeClass)] = &[
    // cramp_symptom: the presenting complaint.
    (Exact("R25.2"), CrampSymptom),   // cramp and spasm
    (Exact("R25.8"), CrampSymptom),   // other abnormal involuntary movements
    (Exact("R25.9"), CrampSymptom),   // unspecified abnormal involuntary movements
    (Exact("M62.830"), CrampSymptom), // muscle spasm of back
    (Exact("M62.831"), CrampSymptom), // muscle spasm of calf
    (Exact("M62.838"), CrampSymptom), // other muscle spasm
    (Exact("G47.62"), CrampSymptom),  // sleep related leg cramps
    // supporting_finding: documents a neurological finding.
    (Exact("R25.3"), SupportingFinding),  // fasciculation
    (Exact("M62.81"), SupportingFinding), // muscle weakness (generalized)
    (Prefix("M62.5"), SupportingFinding), // muscle wasting and atrophy
    (Exact("R29.2"), SupportingFinding),  // abnormal reflex
    (Prefix("R20"), SupportingFinding),   // disturbances of skin sensation
    (Exact("M79.2"), SupportingFinding),  // neuralgia and neuritis, unspecified
    // specific_neuromuscular: a neuromuscular diagnosis, suspected or established.
    (Prefix("G12"), SpecificNeuromuscular), // spinal muscular atrophy, motor neuron disease
    (Prefix("G13"), SpecificNeuromuscular), // systemic atrophies affecting the CNS
    (Prefix("G24"), SpecificNeuromuscular), // dystonia
    (Prefix("G54"), SpecificNeuromuscular), // nerve root and plexus disorders
    (Prefix("G55"), SpecificNeuromuscular), // nerve root and plexus compressions
    (Prefix("G56"), SpecificNeuromuscular), // mononeuropathies of upper limb
    (Prefix("G57"), SpecificNeuromuscular), // mononeuropathies of lower limb
    (Prefix("G58"), SpecificNeuromuscular), // other mononeuropathies
    (Prefix("G59"), SpecificNeuromuscular), // mononeuropathy in diseases classified elsewhere
    (Prefix("G60"), SpecificNeuromuscular), // hereditary and idiopathic neuropathy
    (Prefix("G61"), SpecificNeuromuscular), // inflammatory polyneuropathy
    (Prefix("G62"), SpecificNeuromuscular), // other polyneuropathies
    (Prefix("G63"), SpecificNeuromuscular), // polyneuropathy in diseases classified elsewhere
    (Prefix("G64"), SpecificNeuromuscular), // other disorders of peripheral nervous system
    (Prefix("G65"), SpecificNeuromuscular), // sequelae of polyneuropathies
    (Prefix("G70"), SpecificNeuromuscular), // myasthenia gravis and other myoneural disorders
    (Prefix("G71"), SpecificNeuromuscular), // primary disorders of muscles
    (Prefix("G72"), SpecificNeuromuscular), // other myopathies
    (Prefix("G73"), SpecificNeuromuscular), // myoneural and muscle disorders elsewhere
    (Prefix("M33"), SpecificNeuromuscular), // dermatopolymyositis
    (Prefix("M60"), SpecificNeuromuscular), // myositis
    (Prefix("M54.1"), SpecificNeuromuscular), // radiculopathy
    (Prefix("E08.4"), SpecificNeuromuscular), // diabetes (underlying condition), neurological
    (Prefix("E09.4"), SpecificNeuromuscular), // drug-induced diabetes, neurological
    (Prefix("E10.4"), SpecificNeuromuscular), // type 1 diabetes, neurological
    (Prefix("E11.4"), SpecificNeuromuscular), // type 2 diabetes, neurological
    (Prefix("E13.4"), SpecificNeuromuscular), // other specified diabetes, neurological
];

/// The first matching row by the plain reading of the rows, which [`classify_shape`] must
/// agree with (tests here and in `code_set` check it on every code of the code set).
#[cfg(test)]
pub(crate) fn classify_plain(code: &IcdCode) -> CodeClass {
    ICD_CLASSES
        .iter()
        .find(|(row, _)| matches(code, *row))
        .map_or(CodeClass::Other, |&(_, class)| class)
}

/// Compares `code` (dot-free) with a table entry, ignoring the entry's dot.
#[cfg(test)]
fn matches(code: &IcdCode, row: Match) -> bool {
    let (pattern, exact) = match row {
        Exact(p) => (p, true),
        Prefix(p) => (p, false),
    };
    let mut code = code.plain();
    for want in pattern.bytes().filter(|&b| b != b'.') {
        if code.next() != Some(want) {
            return false;
        }
    }
    !exact || code.next().is_none()
}

/// Up to eight ASCII characters without the dot, first character in the highest byte, zero
/// bytes after the last: for codes of the same length or a prefix, one `u64` compare.
const fn plain_word(dotted: &[u8]) -> (u64, u32) {
    let mut word = 0u64;
    let mut len = 0u32;
    let mut rest = dotted;
    while let [b, tail @ ..] = rest {
        if *b != b'.' && len < 8 {
            word |= (*b as u64) << (56 - 8 * len);
            len += 1;
        }
        rest = tail;
    }
    (word, len)
}

/// A classification row as words: the pattern and the mask of the characters it compares.
/// An exact row compares every place (the code must have no character more), a prefix row
/// only the pattern's.
#[derive(Clone, Copy)]
struct Row {
    word: u64,
    mask: u64,
    class: CodeClass,
}

/// Blocks of codes by their first two characters, a letter then a digit: 26 × 10 (the
/// classification rows here and `code_set`'s index are grouped by them).
pub(crate) const BLOCKS: usize = 26 * 10;

/// The block of a code's first two characters, if they are a letter and a digit.
pub(crate) const fn block(first: u8, second: u8) -> Option<usize> {
    let (letter, digit) = (first.wrapping_sub(b'A'), second.wrapping_sub(b'0'));
    if letter >= 26 || digit >= 10 {
        return None;
    }
    Some(letter as usize * 10 + digit as usize)
}

/// The block of a row's pattern word (every pattern has one: a build error otherwise).
#[allow(clippy::panic)]
const fn row_block(word: u64) -> usize {
    match block((word >> 56) as u8, (word >> 48) as u8) {
        Some(b) => b,
        None => panic!("a classification pattern that does not begin with a letter and a digit"),
    }
}

/// [`ICD_CLASSES`] as words, grouped by block: the rows of block `b` are
/// `ROWS[ROW_STARTS[b]..ROW_STARTS[b + 1]]`, in the order of [`ICD_CLASSES`]. Only a row of a code's own
/// block can match it (a row compares at least the first two characters), so the first
/// match there is the first match of the whole list. Computed when the crate compiles.
#[allow(clippy::indexing_slicing)]
const ROWS_AT: ([Row; ICD_CLASSES.len()], [u8; BLOCKS + 1]) = {
    let mut words = [(0u64, 0u64); ICD_CLASSES.len()];
    let mut count = [0u8; BLOCKS + 1];
    let mut i = 0;
    while i < ICD_CLASSES.len() {
        let (row, _) = ICD_CLASSES[i];
        let (pattern, exact) = match row {
            Exact(p) => (p, true),
            Prefix(p) => (p, false),
        };
        let (word, len) = plain_word(pattern.as_bytes());
        let mask = if exact || len == 8 {
            u64::MAX
        } else {
            !(u64::MAX >> (8 * len))
        };
        words[i] = (word, mask);
        count[row_block(word) + 1] += 1;
        i += 1;
    }
    // Where each block's rows begin, then each row in its place, in list order.
    let mut at = [0u8; BLOCKS + 1];
    let mut b = 0;
    while b < BLOCKS {
        at[b + 1] = at[b] + count[b + 1];
        b += 1;
    }
    let mut next = at;
    let mut rows = [Row {
        word: 0,
        mask: 0,
        class: CodeClass::Other,
    }; ICD_CLASSES.len()];
    let mut i = 0;
    while i < ICD_CLASSES.len() {
        let (word, mask) = words[i];
        let b = row_block(word);
        rows[next[b] as usize] = Row {
            word,
            mask,
            class: ICD_CLASSES[i].1,
        };
        next[b] += 1;
        i += 1;
    }
    (rows, at)
};
const ROWS: [Row; ICD_CLASSES.len()] = ROWS_AT.0;
/// Where each block's rows begin: block `b`'s are `ROWS[ROW_STARTS[b]..ROW_STARTS[b + 1]]`.
const ROW_STARTS: [u8; BLOCKS + 1] = ROWS_AT.1;

/// The class of `code` by the lists alone, whatever the code set says (ruleset 3): the first
/// matching row of [`ICD_CLASSES`], else `other`. The code set's verdict is added by
/// `code_set::class_with_status`, which reads this module (never the reverse).
///
/// Each row is one masked compare of the code's characters (as words, see [`ROWS_AT`]): a
/// prefix row matches when the code's first characters are the row's; an exact row when
/// all are. Only the rows of the code's block are compared.
pub(crate) fn classify_shape(code: &IcdCode) -> CodeClass {
    let [a, b, c, d, e, f, g] = code.places();
    let word = u64::from_be_bytes([a, b, c, d, e, f, g, 0]);
    let Some(blk) = block(a, b) else {
        return CodeClass::Other; // no row's block: none can match
    };
    let rows = match (ROW_STARTS.get(blk), ROW_STARTS.get(blk + 1)) {
        (Some(&lo), Some(&hi)) => ROWS.get(usize::from(lo)..usize::from(hi)),
        _ => None,
    };
    rows.unwrap_or_default()
        .iter()
        .find(|r| word & r.mask == r.word)
        .map_or(CodeClass::Other, |r| r.class)
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

    /// The word compare of [`classify_shape`] agrees with the plain reading of the rows on
    /// every row's own code, its neighbours one character longer and shorter, and the
    /// examples below (the code set's codes are compared in `code_set`'s tests).
    #[test]
    fn the_word_compare_is_the_plain_reading_of_the_rows() {
        let mut codes = Vec::new();
        for (row, _) in ICD_CLASSES {
            let (Exact(p) | Prefix(p)) = *row;
            let base: String = p.chars().filter(|&c| c != '.').collect();
            codes.push(base.clone());
            codes.push(base[..base.len() - 1].to_string());
            for extra in ["0", "9", "X", "00", "A1"] {
                codes.push(format!("{base}{extra}"));
            }
        }
        let mut checked = 0;
        for c in codes {
            let Ok(code) = IcdCode::parse(&c) else {
                continue;
            };
            assert_eq!(classify_shape(&code), classify_plain(&code), "{c}");
            checked += 1;
        }
        assert!(checked > 250, "{checked}");
    }

    #[test]
    fn classification_examples_from_codes_md() {
        let cases = [
            ("R25.2", CrampSymptom),
            ("G47.62", CrampSymptom),
            ("M62.838", CrampSymptom),
            ("M62.83", CodeClass::Other),
            ("R25.3", SupportingFinding),
            ("M62.50", SupportingFinding),
            ("M62.561", SupportingFinding),
            ("M62.81", SupportingFinding),
            ("M62.810", CodeClass::Other),
            ("G62.7", CodeClass::Other), // not in the code set (ruleset 4)
            ("R20.7", CodeClass::Other), // likewise, though R20 is a supporting prefix
            ("R20.2", SupportingFinding),
            ("R20", SupportingFinding),
            ("G62.9", SpecificNeuromuscular),
            ("G24.9", SpecificNeuromuscular),
            ("M54.12", SpecificNeuromuscular),
            ("M54.2", CodeClass::Other),
            ("E11.40", SpecificNeuromuscular),
            ("E11.9", CodeClass::Other),
            ("I10", CodeClass::Other),
            ("G47.6", CodeClass::Other),
            ("R25", CodeClass::Other),
        ];
        for (code, want) in cases {
            assert_eq!(IcdCode::parse(code).unwrap().class(), want, "{code}");
        }
    }
}
