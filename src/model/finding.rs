//! Clinical findings (RULES.md names the kinds, and groups them by number: *justified*): what the record says was seen or asked, and where.

use crate::codes::icd::IcdCode;
use crate::set::Set;
use crate::vocab::vocabulary;

vocabulary! {
    /// A clinical finding the record can document; kinds 1–13 (fasciculations to family history) are the red flags.
    ///
    /// The order matters: red flags, suspected conditions and suggested codes are listed in it.
    pub enum FindingKind as "finding kind" {
        Fasciculations = "fasciculations": "Visible fasciculations (muscle twitching).",
        Myokymia = "myokymia": "Myokymia (rippling, continuous muscle movement).",
        MuscleWeakness = "muscle_weakness": "Muscle weakness.",
        MuscleAtrophy = "muscle_atrophy": "Muscle atrophy or wasting.",
        AbnormalReflexes = "abnormal_reflexes": "Abnormal (reduced, absent or brisk) reflexes.",
        SensoryLoss = "sensory_loss": "Altered sensation found on examination.",
        Numbness = "numbness": "Numbness.",
        BurningPain = "burning_pain": "Burning pain.",
        NeuropathicPain = "neuropathic_pain": "Neuropathic pain.",
        AutonomicDysfunction = "autonomic_dysfunction": "Autonomic dysfunction (for example sweating or bowel/bladder changes).",
        ProgressiveCourse = "progressive_course": "Symptoms getting worse over time.",
        FunctionalImpairment = "functional_impairment": "Symptoms that limit daily function.",
        FamilyHistoryNeuromuscular = "family_history_neuromuscular": "A family history of neuromuscular disease.",
        MuscleStiffness = "muscle_stiffness": "Muscle stiffness (seen with hyperexcitability syndromes; not a red flag on its own).",
        ExerciseIntolerance = "exercise_intolerance": "Exercise intolerance (seen with hyperexcitability syndromes; not a red flag on its own).",
        TaskSpecificCramps = "task_specific_cramps": "Cramps brought on by one specific task (a focal dystonia pattern).",
        SevereSymptoms = "severe_symptoms": "Severe cramps.",
        NocturnalCramps = "nocturnal_cramps": "Cramps at night (a benign pattern when isolated).",
        ExerciseAssociatedCramps = "exercise_associated_cramps": "Cramps with exercise (a benign pattern in healthy people).",
    }
}

vocabulary! {
    /// Whether a finding was found (`present`) or looked for and not found (`absent`).
    pub enum FindingStatus as "finding status" {
        Present = "present": "The finding was observed or reported.",
        Absent = "absent": "The finding was looked for and not found (a pertinent negative).",
    }
}

vocabulary! {
    /// Where a finding comes from.
    pub enum FindingSource as "finding source" {
        History = "history": "Reported by the patient (history).",
        Exam = "exam": "Observed on physical examination.",
    }
}

// The enum is declared by a macro, so `#[derive(Default)]` cannot mark the variant.
#[allow(clippy::derivable_impls)]
impl Default for FindingStatus {
    fn default() -> Self {
        FindingStatus::Present
    }
}

#[allow(clippy::derivable_impls)]
impl Default for FindingSource {
    fn default() -> Self {
        FindingSource::History
    }
}

/// One documented finding: `(kind, status, source)`.
///
/// ```
/// use edx_coverage::{Finding, FindingKind, FindingSource, FindingStatus};
///
/// let f = Finding::new(FindingKind::MuscleWeakness)
///     .with_status(FindingStatus::Absent)
///     .with_source(FindingSource::Exam);
/// assert_eq!(f.status, FindingStatus::Absent);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Finding {
    /// What was found.
    pub kind: FindingKind,
    /// Present, or a pertinent negative.
    pub status: FindingStatus,
    /// History or examination.
    pub source: FindingSource,
}

impl Finding {
    /// A finding of `kind`, present, from the history (the wire format's defaults).
    #[must_use]
    pub const fn new(kind: FindingKind) -> Finding {
        Finding {
            kind,
            status: FindingStatus::Present,
            source: FindingSource::History,
        }
    }

    /// The same finding with another status.
    #[must_use]
    pub const fn with_status(mut self, status: FindingStatus) -> Finding {
        self.status = status;
        self
    }

    /// The same finding with another source.
    #[must_use]
    pub const fn with_source(mut self, source: FindingSource) -> Finding {
        self.source = source;
        self
    }
}

/// The groups of finding kinds the rules name (RULES.md: *justified*, the `RF-*` rows), as
/// data.
pub(crate) mod group {
    use super::FindingKind::{self, *};
    use super::Set;

    /// Builds a set at compile time.
    const fn of(kinds: &[FindingKind]) -> Set<FindingKind> {
        let mut bits = 0u64;
        let mut i = 0;
        while i < kinds.len() {
            // Const-evaluated: an out-of-range index would fail the build, not a run.
            #[allow(clippy::indexing_slicing)]
            let k = kinds[i];
            bits |= 1u64 << (k as u32);
            i += 1;
        }
        Set::from_bits(bits)
    }

    /// Kinds 1–10: neurological findings.
    pub const NEURO: Set<FindingKind> = of(&[
        Fasciculations,
        Myokymia,
        MuscleWeakness,
        MuscleAtrophy,
        AbnormalReflexes,
        SensoryLoss,
        Numbness,
        BurningPain,
        NeuropathicPain,
        AutonomicDysfunction,
    ]);
    /// Signs of peripheral nerve hyperexcitability.
    pub const HYPEREXCITABILITY: Set<FindingKind> = of(&[Fasciculations, Myokymia]);
    /// Signs that suggest a peripheral neuropathy.
    pub const NEUROPATHY_SIGN: Set<FindingKind> = of(&[
        MuscleWeakness,
        MuscleAtrophy,
        AbnormalReflexes,
        SensoryLoss,
        Numbness,
        BurningPain,
        NeuropathicPain,
    ]);
    /// Kinds 11–13: the course of the illness.
    pub const COURSE: Set<FindingKind> = of(&[
        ProgressiveCourse,
        FunctionalImpairment,
        FamilyHistoryNeuromuscular,
    ]);
    /// Red flags: the `neuro` and `course` groups.
    pub const RED_FLAG: Set<FindingKind> = Set::from_bits(NEURO.bits() | COURSE.bits());
    /// Patterns that are benign when isolated.
    pub const BENIGN_PATTERN: Set<FindingKind> = of(&[NocturnalCramps, ExerciseAssociatedCramps]);
}

/// The candidate ICD-10-CM code of each finding kind that has one, in [`FindingKind`] order
/// (`docs/codes.md`).
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

/// The candidate code for a finding kind, if it has one (`docs/codes.md`).
#[must_use]
pub fn candidate_code(kind: FindingKind) -> Option<IcdCode> {
    CANDIDATE_CODES
        .iter()
        .find(|(k, _)| *k == kind)
        .map(|&(_, code)| code)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codes::classes::CodeClass;

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
}
