//! Where an ICD-10-CM code sits in the crate's classification: [`CodeClass`], the lists
//! of [`ICD_CLASSES`] (`docs/codes.md`), and the look-up that decides a code's class from
//! them, by the rows of the code's block (`icd.rs`'s `block`).

use super::icd::{block, IcdCode, BLOCKS};
use crate::vocab::vocabulary;

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
