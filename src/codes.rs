//! The code tables of `codes.md`, kept as data.
//!
//! * [`ICD_CLASSES`]: which ICD-10-CM codes are the cramp symptom, which document a
//!   neurological finding, which name a neuromuscular diagnosis. Rows are checked in order;
//!   the first match decides.
//! * [`CANDIDATE_CODES`]: the code a coder may add for a documented finding.
//! * [`CPT_CODES`]: the electrodiagnostic procedure codes this crate understands.

use crate::code_set::CodeStatus;
use crate::model::diagnosis::{CodeClass, IcdCode};
use crate::model::finding::FindingKind;
use crate::model::procedure::CptFamily;

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

/// The ICD-10-CM classification lists, in checking order (`codes.md`).
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

/// Compares `code` (dot-free) with a table entry, ignoring the entry's dot.
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

/// The class of `code`: `other` when it is not in the code set (ruleset 4), else the first
/// matching row of [`ICD_CLASSES`], else `other`.
pub(crate) fn classify(code: &IcdCode) -> CodeClass {
    classify_with(code, code.status())
}

/// [`classify`] for a code whose status is known.
pub(crate) fn classify_with(code: &IcdCode, status: CodeStatus) -> CodeClass {
    if status == CodeStatus::Unknown {
        return CodeClass::Other;
    }
    classify_shape(code)
}

/// The class by the lists alone, whatever the code set says (ruleset 3).
pub(crate) fn classify_shape(code: &IcdCode) -> CodeClass {
    ICD_CLASSES
        .iter()
        .find(|(row, _)| matches(code, *row))
        .map_or(CodeClass::Other, |&(_, class)| class)
}

/// Candidate ICD-10-CM codes for documented findings, in finding-table order (SPEC §8).
/// Candidates only: a coder confirms each against the record.
pub const CANDIDATE_CODES: &[(FindingKind, IcdCode)] = &[
    (FindingKind::Fasciculations, IcdCode::table("R25.3")), // fasciculation
    (FindingKind::MuscleWeakness, IcdCode::table("M62.81")), // muscle weakness (generalized)
    (FindingKind::MuscleAtrophy, IcdCode::table("M62.50")), // muscle wasting, unspecified site
    (FindingKind::AbnormalReflexes, IcdCode::table("R29.2")), // abnormal reflex
    (FindingKind::SensoryLoss, IcdCode::table("R20.1")),    // hypoesthesia of skin
    (FindingKind::Numbness, IcdCode::table("R20.0")),       // anesthesia of skin
    (FindingKind::BurningPain, IcdCode::table("R20.8")),    // other disturbances of skin sensation
    (FindingKind::NeuropathicPain, IcdCode::table("M79.2")), // neuralgia and neuritis
];

/// The candidate code for a finding kind, if `codes.md` gives one.
#[must_use]
pub fn candidate_code(kind: FindingKind) -> Option<IcdCode> {
    CANDIDATE_CODES
        .iter()
        .find(|(k, _)| *k == kind)
        .map(|&(_, code)| code)
}

/// The electrodiagnostic CPT codes the crate accepts, with their family (`codes.md`).
pub const CPT_CODES: &[(u32, CptFamily)] = &[
    // Nerve conduction studies, one code per session by number of studies.
    (95907, CptFamily::Ncs), // 1-2 studies
    (95908, CptFamily::Ncs), // 3-4 studies
    (95909, CptFamily::Ncs), // 5-6 studies
    (95910, CptFamily::Ncs), // 7-8 studies
    (95911, CptFamily::Ncs), // 9-10 studies
    (95912, CptFamily::Ncs), // 11-12 studies
    (95913, CptFamily::Ncs), // 13 or more studies
    // Needle EMG performed with NCS: add-on codes.
    (95885, CptFamily::NeedleEmgAddOn), // each extremity, limited
    (95886, CptFamily::NeedleEmgAddOn), // each extremity, complete
    (95887, CptFamily::NeedleEmgAddOn), // non-extremity muscles
    // Needle EMG, stand-alone codes.
    (95860, CptFamily::NeedleEmg),             // 1 extremity
    (95861, CptFamily::NeedleEmg),             // 2 extremities
    (95863, CptFamily::NeedleEmg),             // 3 extremities
    (95864, CptFamily::NeedleEmg),             // 4 extremities
    (95865, CptFamily::NeedleEmg),             // larynx
    (95866, CptFamily::NeedleEmg),             // hemidiaphragm
    (95867, CptFamily::NeedleEmg),             // cranial-nerve muscles, unilateral
    (95868, CptFamily::NeedleEmg),             // cranial-nerve muscles, bilateral
    (95869, CptFamily::NeedleEmg),             // thoracic paraspinal muscles
    (95870, CptFamily::NeedleEmg),             // limited, one extremity or non-limb muscles
    (95872, CptFamily::SingleFiberEmg),        // single-fiber EMG
    (95937, CptFamily::NeuromuscularJunction), // repetitive stimulation, each nerve
    (95905, CptFamily::PointOfCare),           // preconfigured electrode arrays
];

/// The first NCS code (95907, 1–2 studies); the seven tiers are consecutive codes.
pub(crate) const NCS_FIRST: u32 = 95907;
/// How many NCS tiers CPT has (95907–95913).
pub(crate) const NCS_TIERS: u32 = 7;

/// The NCS tier (0 = 95907 ... 6 = 95913) that holds `n` studies: two studies per tier,
/// the last tier open-ended (SPEC Part C, §C.3). `None` for 0 studies.
pub(crate) const fn ncs_tier_for_studies(n: u32) -> Option<u32> {
    if n == 0 {
        return None;
    }
    let tier = (n - 1) / 2;
    if tier < NCS_TIERS {
        Some(tier)
    } else {
        Some(NCS_TIERS - 1)
    }
}

/// Needle EMG add-on codes and the codes CPT says they are not reported with (the
/// parentheticals of the 2012 EMG/NCS code change; SPEC Part C, §C.5 pitfall 9).
pub const EMG_ADD_ON_CONFLICTS: &[(u32, &[u32])] = &[
    (95885, &[95860, 95861, 95863, 95864, 95870, 95905]), // limited extremity add-on
    (95886, &[95860, 95861, 95863, 95864, 95870, 95905]), // complete extremity add-on
    (95887, &[95867, 95868, 95869, 95870, 95905]),        // non-extremity add-on
];

/// The family of a CPT code, if the crate knows it.
#[must_use]
pub fn cpt_family(code: u32) -> Option<CptFamily> {
    CPT_CODES
        .iter()
        .find(|(c, _)| *c == code)
        .map(|&(_, family)| family)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn candidate_codes_are_normalised_codes() {
        for (_, code) in CANDIDATE_CODES {
            assert_eq!(IcdCode::parse(code.as_str()).unwrap(), *code);
        }
    }

    #[test]
    fn candidate_codes_are_supporting_findings() {
        for (_, code) in CANDIDATE_CODES {
            assert_eq!(code.class(), CodeClass::SupportingFinding, "{code}");
        }
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

    #[test]
    fn cpt_table_codes_are_distinct_five_digit_codes() {
        for (i, (a, _)) in CPT_CODES.iter().enumerate() {
            assert!((10000..=99999).contains(a));
            assert!(CPT_CODES.iter().skip(i + 1).all(|(b, _)| a != b));
        }
        assert_eq!(CPT_CODES.len(), 23);
    }
}
