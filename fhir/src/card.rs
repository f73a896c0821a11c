//! CDS Hooks: a card from a [`Determination`].
//!
//! The card tells the ordering clinician the verdict in one line (`summary`, under 140
//! characters), flags it (`indicator`: `info` when likely covered, `warning` otherwise) and
//! explains it in Markdown (`detail`: the verdict, the reasons with their citations, what to
//! document or correct, what to do, the references). `source.label` names the crate and the
//! ruleset.
//!
//! The card is for the ordering clinician: its `detail` is the
//! [`Audience::Clinician`](edx_coverage::Audience) text. A patient portal should not show the card;
//! it should show the [`Audience::Patient`](edx_coverage::Audience) text
//! (`Explanation::new(&case, &determination, Audience::Patient)`, or `json::explain_str`),
//! which has no codes or rule ids and says that it is not a payer's decision. Billing work
//! queues want the [`Audience::Coder`](edx_coverage::Audience) text. [`Card`] implements `Serialize`; in JSON it is a CDS Hooks card object, ready to
//! go into a service response's `cards` array.
//!
//! The library has no randomness, so the card's `uuid` is derived from its content (a
//! version-8 UUID from a 128-bit FNV-1a hash): the same determination always gives the same
//! card, byte for byte. A host that needs a fresh id per response (for the feedback
//! endpoint) supplies one with [`Card::with_uuid`].
//!
//! ```
//! use edx_coverage_fhir::card::{Card, Indicator};
//! use edx_coverage::{evaluate, Case, Policy};
//!
//! let case = Case::builder().diagnosis("R25.2".parse()?).build()?;
//! let card = Card::new(&evaluate(&case, &Policy::default()));
//! assert_eq!(card.indicator(), Indicator::Warning);
//! assert!(card.summary().chars().count() < 140);
//! let card = card.with_uuid("4f1c0d9e-5b6a-4c2e-9d3f-0a1b2c3d4e5f")?;
//! let json = serde_json::to_value(&card)?;
//! assert_eq!(json["source"]["label"], "edx-coverage, ruleset edx-coverage/4");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use serde::Serialize;

use crate::vocab::vocabulary;
use edx_coverage::{Coverage, Indication};
use edx_coverage::{Determination, RULESET};
use edx_coverage::{Error, ErrorKind};

vocabulary! {
    /// How urgent a CDS Hooks card is.
    pub enum Indicator as "card indicator" {
        Info = "info": "For information: the study is likely covered.",
        Warning = "warning": "Needs attention: the study is at risk of denial or likely denied.",
        Critical = "critical": "Critical (never used by this crate: a coverage outlook is not a safety issue).",
    }
}

/// A CDS Hooks card.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Card {
    uuid: String,
    summary: String,
    indicator: Indicator,
    detail: String,
    source: CardSource,
}

/// The card's `source`: who says so.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct CardSource {
    label: String,
}

impl CardSource {
    /// The label shown with the card: the crate and its ruleset.
    #[must_use]
    pub fn label(&self) -> &str {
        &self.label
    }
}

impl Card {
    /// The card for `determination`, with a `uuid` derived from its content.
    #[must_use]
    pub fn new(determination: &Determination) -> Card {
        Card::noted(Some(determination), "")
    }

    /// The card when there is nothing to judge: no ICD-10-CM diagnosis anywhere in the
    /// request (a `warning` saying what to add).
    #[must_use]
    pub fn cannot_judge() -> Card {
        Card::noted(None, "")
    }

    /// The card for `determination` ([`Card::cannot_judge`]'s without one) with `note`
    /// (Markdown) at the end of its detail: [`Card::with_note`] without deriving the `uuid`
    /// twice.
    pub(crate) fn noted(determination: Option<&Determination>, note: &str) -> Card {
        const CANNOT_JUDGE: &str = "**Cannot judge.** Neither the order's reasons nor the \
             patient's active problems and encounter diagnoses hold an ICD-10-CM code, and \
             medical necessity is judged on the diagnosis.\n\n**What to do:** give the order \
             a reason coded in ICD-10-CM (for cramps and spasms, R25.2 and any more specific \
             finding or neuromuscular code), then sign again.\n";
        let (indicator, summary, mut detail) = match determination {
            Some(d) => {
                let indicator = match d.coverage() {
                    Coverage::LikelyCovered => Indicator::Info,
                    _ => Indicator::Warning,
                };
                (indicator, summary(d), d.markdown())
            }
            None => (
                Indicator::Warning,
                "NCS/EMG for cramps: cannot judge coverage, no ICD-10-CM diagnosis".to_owned(),
                CANNOT_JUDGE.to_owned(),
            ),
        };
        detail.push_str(note);
        Card::from_content(indicator, summary, detail)
    }

    /// The same card with `note` (Markdown) added at the end of its detail; the `uuid` is
    /// derived again from the new content.
    #[must_use]
    pub fn with_note(self, note: &str) -> Card {
        let mut detail = self.detail;
        detail.push_str(note);
        Card::from_content(self.indicator, self.summary, detail)
    }

    /// The one place a card is put together: the label names the crate and ruleset, the
    /// `uuid` is derived from the content.
    fn from_content(indicator: Indicator, summary: String, detail: String) -> Card {
        let label = format!("edx-coverage, ruleset {RULESET}");
        let uuid = content_uuid(&[indicator.as_str(), &summary, &detail, &label]);
        Card {
            uuid,
            summary,
            indicator,
            detail,
            source: CardSource { label },
        }
    }

    /// The same card with the host's `uuid`.
    ///
    /// # Errors
    /// [`ErrorKind::Blank`] (path `uuid`) when `uuid` is empty or only white space.
    pub fn with_uuid(mut self, uuid: &str) -> Result<Card, Error> {
        if uuid.trim().is_empty() {
            return Err(Error::new("uuid", ErrorKind::Blank));
        }
        uuid.clone_into(&mut self.uuid);
        Ok(self)
    }

    /// The card's id.
    #[must_use]
    pub fn uuid(&self) -> &str {
        &self.uuid
    }

    /// The one-line verdict, under 140 characters.
    #[must_use]
    pub fn summary(&self) -> &str {
        &self.summary
    }

    /// `info` when likely covered, `warning` otherwise.
    #[must_use]
    pub fn indicator(&self) -> Indicator {
        self.indicator
    }

    /// The explanation, in Markdown.
    #[must_use]
    pub fn detail(&self) -> &str {
        &self.detail
    }

    /// Who says so.
    #[must_use]
    pub fn source(&self) -> &CardSource {
        &self.source
    }
}

/// The verdict in one line: at most about 100 characters whatever the determination.
fn summary(d: &Determination) -> String {
    const STUDY: &str = "NCS/EMG for cramps";
    match (d.coverage(), d.indication()) {
        (Coverage::LikelyCovered, _) => {
            format!("{STUDY}: likely covered (indicated, documented, coded without pitfalls)")
        }
        (Coverage::AtRisk, _) => {
            let mut parts = Vec::new();
            let count = |n: usize, one: &str, many: &str| {
                format!("{n} {}", if n == 1 { one } else { many })
            };
            let gaps = d.documentation_gaps().len();
            if gaps > 0 {
                parts.push(count(gaps, "documentation gap", "documentation gaps"));
            }
            let pitfalls = d.pitfalls().len();
            if pitfalls > 0 {
                parts.push(count(
                    pitfalls,
                    "coding or ordering pitfall",
                    "coding or ordering pitfalls",
                ));
            }
            format!("{STUDY}: at risk of denial ({})", parts.join(", "))
        }
        (_, Indication::NotIndicated) => {
            format!("{STUDY}: likely denied, not indicated (benign or treatment-responsive cramps)")
        }
        (_, Indication::NotYetIndicated) => {
            format!("{STUDY}: likely denied, not yet indicated (treat and work up first)")
        }
        _ => format!("{STUDY}: likely denied"),
    }
}

/// A version-8 UUID (RFC 9562) from a 128-bit FNV-1a hash of `parts`, each prefixed by
/// its length so that different splits of the same text differ.
pub(crate) fn content_uuid(parts: &[&str]) -> String {
    parts
        .iter()
        .fold(ContentHash::new(), |h, part| h.part(part))
        .uuid()
}

/// The hash of [`content_uuid`] after its first parts, so that parts several UUIDs begin
/// with (a request's `hookInstance`, an order's reference) are hashed once.
#[derive(Debug, Clone, Copy)]
pub(crate) struct ContentHash(u128);

impl ContentHash {
    /// Before any part.
    pub(crate) const fn new() -> ContentHash {
        ContentHash(0x6c62_272e_07bb_0142_62b8_2175_6295_c58d)
    }

    /// After `part` too.
    pub(crate) fn part(self, part: &str) -> ContentHash {
        const PRIME: u128 = 0x0000_0000_0100_0000_0000_0000_0000_013b;
        let step = |h: u128, b: &u8| (h ^ u128::from(*b)).wrapping_mul(PRIME);
        // The length's bytes, then the part's: two plain loops (a chained iterator tested
        // which half it was in at every byte).
        let len = part.len() as u64;
        let h = len.to_be_bytes().iter().fold(self.0, step);
        ContentHash(part.as_bytes().iter().fold(h, step))
    }

    /// The UUID of the parts so far.
    pub(crate) fn uuid(self) -> String {
        // Version 8 in bits 76-79, variant `10` in bits 62-63.
        let h = self.0;
        let v = (h & !(0xF << 76) & !(0x3 << 62)) | (0x8 << 76) | (0x2 << 62);
        uuid_text(v)
    }
}

/// `v` as a UUID's text: 32 lowercase hex digits, most significant first, grouped 8-4-4-4-12
/// (what `format!("{:08x}-{:04x}-…")` of the five fields writes, without its machinery).
fn uuid_text(v: u128) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    // Where each digit of the high and of the low 64 bits goes: the dashes sit at 8, 13,
    // 18 and 23. Two `u64` halves, so no digit needs a 128-bit shift.
    const HIGH_AT: [usize; 16] = [0, 1, 2, 3, 4, 5, 6, 7, 9, 10, 11, 12, 14, 15, 16, 17];
    const LOW_AT: [usize; 16] = [
        19, 20, 21, 22, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35,
    ];
    let mut text = [b'-'; 36];
    for (half, places) in [((v >> 64) as u64, &HIGH_AT), (v as u64, &LOW_AT)] {
        for (i, &at) in places.iter().enumerate() {
            let nibble = ((half >> (60 - 4 * i)) & 0xf) as usize;
            if let (Some(slot), Some(&digit)) = (text.get_mut(at), DIGITS.get(nibble)) {
                *slot = digit;
            }
        }
    }
    // Only ASCII digits, letters and dashes were written, so this is never empty.
    String::from_utf8(text.to_vec()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use edx_coverage::{DocumentationGap, Member, Pitfall};

    /// What `content_uuid` wrote before: `format!` of the five fields.
    fn formatted(v: u128) -> String {
        format!(
            "{:08x}-{:04x}-{:04x}-{:04x}-{:012x}",
            v >> 96,
            (v >> 80) & 0xffff,
            (v >> 64) & 0xffff,
            (v >> 48) & 0xffff,
            v & 0xffff_ffff_ffff
        )
    }

    #[test]
    fn uuid_text_is_what_format_writes() {
        let mut v: u128 = 0x6c62_272e_07bb_0142_62b8_2175_6295_c58d;
        for edge in [0, 1, u128::MAX, 1 << 127, 0xf << 76, u128::from(u64::MAX)] {
            assert_eq!(uuid_text(edge), formatted(edge));
        }
        for _ in 0..10_000 {
            v = (v ^ 0x5a).wrapping_mul(0x0000_0000_0100_0000_0000_0000_0000_013b);
            assert_eq!(uuid_text(v), formatted(v));
            assert_eq!(uuid_text(v >> 40), formatted(v >> 40));
        }
    }

    /// A determination with the given outlook, indication, gaps and pitfalls, through the
    /// wire format (the engine's fields are its own).
    fn determination(
        coverage: Coverage,
        indication: Indication,
        gaps: &[DocumentationGap],
        pitfalls: &[Pitfall],
    ) -> Determination {
        let blank = serde_json::json!({
            "ruleset": RULESET,
            "indication": indication.as_str(),
            "coverage": coverage.as_str(),
            "red_flags": [],
            "suspected_conditions": [],
            "documentation_gaps": gaps.iter().map(|g| g.as_str()).collect::<Vec<_>>(),
            "pitfalls": pitfalls.iter().map(|p| p.as_str()).collect::<Vec<_>>(),
            "recommendations": [],
            "recommended_labs": [],
            "suggested_codes": [],
            "procedure_corrections": [],
            "diagnosis_code_issues": [],
            "reasons": [],
        });
        serde_json::from_value(blank).unwrap()
    }

    #[test]
    fn uuid_shape() {
        let u = content_uuid(&["a", "b"]);
        assert_eq!(u.len(), 36);
        assert_eq!(u.as_bytes()[14], b'8');
        assert!(matches!(u.as_bytes()[19], b'8' | b'9' | b'a' | b'b'));
        assert_ne!(u, content_uuid(&["ab", ""]));
        assert_eq!(u, content_uuid(&["a", "b"]));
    }

    #[test]
    fn longest_summary_stays_under_140() {
        let d = determination(
            Coverage::AtRisk,
            Indication::Indicated,
            DocumentationGap::ALL,
            Pitfall::ALL,
        );
        let s = summary(&d);
        assert!(s.chars().count() < 140, "{s}");
        for (c, i) in [
            (Coverage::LikelyCovered, Indication::Indicated),
            (Coverage::LikelyDenied, Indication::NotIndicated),
            (Coverage::LikelyDenied, Indication::NotYetIndicated),
        ] {
            let d = determination(c, i, DocumentationGap::ALL, Pitfall::ALL);
            assert!(summary(&d).chars().count() < 140);
        }
    }

    #[test]
    fn blank_uuid_is_refused() {
        let d = determination(Coverage::LikelyCovered, Indication::Indicated, &[], &[]);
        let card = Card::new(&d);
        let err = card.with_uuid(" ").unwrap_err();
        assert_eq!(err.path(), "uuid");
    }
}
