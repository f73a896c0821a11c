//! The article's reference list (RULES.md, article references). Rules cite these by number.

use crate::vocab::vocabulary;

vocabulary! {
    /// What kind of source a reference is.
    pub enum ReferenceKind as "reference kind" {
        Guideline = "guideline": "A practice guideline or guideline summary.",
        Research = "research": "A research or review article.",
        Unlisted = "unlisted": "Cited in the article's text without a bibliographic entry.",
    }
}

/// One entry of the article's reference list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Reference {
    /// The number the article gives it (1–7).
    pub number: u8,
    /// Title, when the article lists one.
    pub title: Option<&'static str>,
    /// Journal or publisher, when listed.
    pub source: Option<&'static str>,
    /// Year, when listed.
    pub year: Option<u16>,
    /// Guideline, research, or unlisted.
    pub kind: ReferenceKind,
}

const fn listed(
    number: u8,
    title: &'static str,
    source: &'static str,
    year: u16,
    kind: ReferenceKind,
) -> Reference {
    Reference {
        number,
        title: Some(title),
        source: Some(source),
        year: Some(year),
        kind,
    }
}

const fn unlisted(number: u8) -> Reference {
    Reference {
        number,
        title: None,
        source: None,
        year: None,
        kind: ReferenceKind::Unlisted,
    }
}

/// The reference list, numbered as in the article.
pub const REFERENCES: [Reference; 7] = [
    listed(
        1,
        "Electromyography and Nerve Conduction Velocity Testing",
        "Praxis Medical Insights: Practical Summaries of Clinical Guidelines",
        2025,
        ReferenceKind::Guideline,
    ),
    listed(
        2,
        "Guideline Directed Topic Overview",
        "Dr.Oracle Medical Advisory Board & Editors",
        2025,
        ReferenceKind::Guideline,
    ),
    listed(
        3,
        "Muscle cramps",
        "Muscle & Nerve",
        2005,
        ReferenceKind::Research,
    ),
    listed(
        4,
        "Cramps, spasms and muscle stiffness",
        "Revue neurologique",
        1985,
        ReferenceKind::Research,
    ),
    unlisted(5),
    unlisted(6),
    unlisted(7),
];

/// The reference numbered `n` (1–7), or `None`.
///
/// ```
/// let r = edx_coverage::citation(3).unwrap();
/// assert_eq!(r.title, Some("Muscle cramps"));
/// assert!(edx_coverage::citation(8).is_none());
/// ```
#[must_use]
pub fn citation(n: u8) -> Option<&'static Reference> {
    REFERENCES.iter().find(|r| r.number == n)
}

impl core::fmt::Display for Reference {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match (self.title, self.source, self.year) {
            (Some(t), Some(s), Some(y)) => {
                write!(f, "[{}] {t}. {s}, {y} ({})", self.number, self.kind)
            }
            _ => write!(
                f,
                "[{}] cited in the article's text; no bibliographic entry",
                self.number
            ),
        }
    }
}

vocabulary! {
    /// A source beyond the article: payer policies, professional positions and code-set
    /// descriptors behind the procedure rules (rulesets 2 and 3). Article references keep their
    /// numbers (see [`citation`]); these are cited by id in a reason's `sources`.
    pub enum Source as "source" {
        CmsLcdNcsEmg = "cms-lcd-ncs-emg": "Medicare LCDs titled Nerve Conduction Studies and Electromyography (per contractor, e.g. L34859, L35081, L35048, L35098, L34594, L35897).",
        AanemModelPolicy = "aanem-model-policy": "AANEM position statement and model policy on NCS and needle EMG.",
        AetnaCpb0502 = "aetna-cpb-0502": "Aetna Clinical Policy Bulletin 0502 (nerve conduction studies and EMG).",
        UnitedHealthcareEdx = "uhc-edx": "UnitedHealthcare medical policy on electrodiagnostic testing.",
        AnthemCgMed24 = "anthem-cg-med-24": "Anthem / Elevance clinical guideline CG-MED-24 (nerve conduction studies).",
        CptCodeSet = "cpt-code-set": "The CPT code descriptors for 95907-95913 (one code per session by number of studies) and the needle EMG add-on codes 95885-95887.",
        CptNcsStudyCount = "cpt-ncs-study-count": "CPT's rules for counting nerve conduction studies (per nerve and study type; several sites on one nerve are one study) and the study-count tiers of 95907-95913.",
        CptEmgParentheticals = "cpt-emg-parentheticals": "The CPT parenthetical instructions for the needle EMG add-on codes 95885-95887 (as summarised by the AAN for the 2012 EMG/NCS code change).",
        IbxEdxPolicy = "ibx-edx": "Independence Blue Cross commercial medical policy on electrodiagnostic studies (NCS without needle EMG in listed situations).",
        CignaEdx = "cigna-edx": "Cigna guideline on electrodiagnostic testing (situations where NCS alone is appropriate).",
        BcbsMp228 = "bcbs-mp-228": "Blue Cross Blue Shield (Alabama / Florida) medical policy MP-228 on electrodiagnostic testing (repetitive NCS for junction disorders and conditions such as fasciculation).",
        DuplicateLineEdit = "duplicate-line-edit": "The standard claim edit that treats an identical line submitted twice on one claim as a duplicate service.",
        Icd10CmFy2026 = "icd-10-cm-fy2026": "The FY2026 ICD-10-CM code set, April 1, 2026 update (CDC/NCHS and CMS, public domain): the diagnosis codes in force for dates of service April 1 to September 30, 2026.",
        Icd10CmLevelOfDetail = "icd-10-cm-level-of-detail": "ICD-10-CM Official Guidelines for Coding and Reporting, section I.B.2 (level of detail): a code is invalid unless coded to the full number of characters it requires, the seventh included.",
    }
}
