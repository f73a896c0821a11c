//! The code tables the mapping reads FHIR with, as data: code systems, SNOMED CT and
//! ICD-10-CM codes for findings, LOINC codes for the screening labs, observation
//! interpretations, and the crate's own code systems for what the standards do not code.
//!
//! Where each id comes from (see also this crate's `README.md`): the SNOMED CT ids are
//! those seen in public terminology mappings (HPO's SNOMED CT cross-references, the SNOMED
//! COVID-19 coding guide, HL7 implementation guides); they are mappings, not a SNOMED
//! release, and the table says which concept each id names. The LOINC codes are LOINC's own
//! (loinc.org); the interpretation codes are HL7 v3 ObservationInterpretation; the ICD-10-CM
//! codes are the candidate codes of the engine's code tables (`edx_coverage::codes`).

use edx_coverage::{DifferentialCondition, FindingKind, LabTest, Therapy, TrialOutcome};

/// CPT (AMA).
pub const CPT: &str = "http://www.ama-assn.org/go/cpt";
/// ICD-10-CM.
pub const ICD10CM: &str = "http://hl7.org/fhir/sid/icd-10-cm";
/// SNOMED CT.
pub const SNOMED: &str = "http://snomed.info/sct";
/// LOINC.
pub const LOINC: &str = "http://loinc.org";
/// HL7 v3 ObservationInterpretation.
pub const INTERPRETATION: &str =
    "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation";
/// FHIR observation categories (`exam`, `laboratory`, ...).
pub const OBSERVATION_CATEGORY: &str = "http://terminology.hl7.org/CodeSystem/observation-category";
/// FHIR condition categories (`problem-list-item`, `encounter-diagnosis`).
pub const CONDITION_CATEGORY: &str = "http://terminology.hl7.org/CodeSystem/condition-category";
/// US Core's extra condition category (`health-concern`).
pub const US_CORE_CONDITION_CATEGORY: &str =
    "http://hl7.org/fhir/us/core/CodeSystem/condition-category";
/// Da Vinci CRD billing options on an order's code.
pub const BILLING_OPTIONS_URL: &str =
    "http://hl7.org/fhir/us/davinci-crd/StructureDefinition/ext-billing-options";

/// The crate's own code system for findings the standards give no code for (and, for
/// uniformity, every other finding kind): the codes are the wire names, e.g.
/// `nocturnal_cramps`.
pub const FINDING_KIND_SYSTEM: &str = "urn:edx-coverage:finding-kind";
/// The crate's own code system for conservative therapies (`Observation.code` of a trial):
/// `hydration`, `electrolyte_correction`, `stretching`, `membrane_stabilizer`, `other`.
pub const THERAPY_SYSTEM: &str = "urn:edx-coverage:therapy";
/// The crate's own code system for how a trial went (`Observation.valueCodeableConcept` of a
/// trial): `resolved`, `improved`, `unchanged`, `worsened`, `ongoing`.
pub const TRIAL_OUTCOME_SYSTEM: &str = "urn:edx-coverage:trial-outcome";
/// The crate's own code system for trial details; `duration` is the code of the
/// `Observation.component` whose `valueQuantity` (UCUM `d`) is the trial's length in days.
pub const TRIAL_SYSTEM: &str = "urn:edx-coverage:trial";
/// The crate's own code system for differential conditions (`Condition.code` of a
/// `differential` Condition): the wire names, e.g. `myopathy`.
pub const DIFFERENTIAL_SYSTEM: &str = "urn:edx-coverage:differential-condition";

/// The crate's own code system for needle EMG exceptions (RULES.md, ruleset 3): a Condition or
/// Observation coded `anticoagulation`, `lymphedema`, `needle_intolerance` or
/// `follow_up_study` documents the exception (unless refuted or recorded absent).
pub const NEEDLE_EMG_EXCEPTION_SYSTEM: &str = "urn:edx-coverage:needle-emg-exception";
/// The crate's own extension on an NCS `ServiceRequest`: how many nerve conduction studies
/// the report documents (`valuePositiveInt` or `valueInteger`, 1-99).
pub const STUDIES_EXTENSION_URL: &str = "urn:edx-coverage:extension:studies";

/// SNOMED CT qualifier value "Present".
pub const SNOMED_PRESENT: &str = "52101004";
/// SNOMED CT qualifier value "Absent".
pub const SNOMED_ABSENT: &str = "2667000";
/// SNOMED CT "Cramp (finding)": the presenting symptom, not a red flag. Recognised so that
/// it is reported as such and not as an unknown code.
pub const SNOMED_CRAMP: &str = "55300003";

/// SNOMED CT finding ids, each with the concept it names.
pub const SNOMED_FINDINGS: &[(&str, FindingKind, &str)] = &[
    ("82470000", FindingKind::Fasciculations, "Fasciculation"),
    ("27678003", FindingKind::Myokymia, "Myokymia"),
    ("26544005", FindingKind::MuscleWeakness, "Muscle weakness"),
    ("74035001", FindingKind::MuscleAtrophy, "Muscle atrophy"),
    (
        "349006",
        FindingKind::AbnormalReflexes,
        "Absent tendon reflex",
    ),
    ("37280007", FindingKind::AbnormalReflexes, "Abnormal reflex"),
    ("405946002", FindingKind::AbnormalReflexes, "Hyporeflexia"),
    ("86854008", FindingKind::AbnormalReflexes, "Hyperreflexia"),
    ("397974008", FindingKind::SensoryLoss, "Sensory loss"),
    ("59073000", FindingKind::SensoryLoss, "Sensory disturbance"),
    ("398026008", FindingKind::SensoryLoss, "Sensory impairment"),
    ("44077006", FindingKind::Numbness, "Numbness"),
    ("16046003", FindingKind::MuscleStiffness, "Muscle stiffness"),
    (
        "267044007",
        FindingKind::ExerciseIntolerance,
        "Exercise intolerance",
    ),
    (
        "52008007",
        FindingKind::TaskSpecificCramps,
        "Writer's cramp",
    ),
    (
        "445006008",
        FindingKind::TaskSpecificCramps,
        "Focal dystonia",
    ),
];

/// ICD-10-CM codes (dots removed, prefix match where `true`) that identify a finding when a
/// Condition or Observation carries them: the candidate codes of the crate's tables.
pub const ICD_FINDINGS: &[(&str, bool, FindingKind)] = &[
    ("R253", false, FindingKind::Fasciculations),
    ("M6281", false, FindingKind::MuscleWeakness),
    ("M625", true, FindingKind::MuscleAtrophy),
    ("R292", false, FindingKind::AbnormalReflexes),
    ("R200", false, FindingKind::Numbness),
    ("R201", false, FindingKind::SensoryLoss),
    ("R202", false, FindingKind::SensoryLoss),
    ("R203", false, FindingKind::SensoryLoss),
    ("R208", false, FindingKind::BurningPain),
    ("R209", false, FindingKind::SensoryLoss),
    ("M792", false, FindingKind::NeuropathicPain),
];

/// ICD-10-CM prefixes (dots removed) of a `differential` Condition, by class. A code in no
/// row is [`DifferentialCondition::Other`].
pub const ICD_DIFFERENTIAL: &[(&str, DifferentialCondition)] = &[
    ("G12", DifferentialCondition::MotorNeuronDisease),
    ("G70", DifferentialCondition::NeuromuscularJunction),
    ("G71", DifferentialCondition::Myopathy),
    ("G72", DifferentialCondition::Myopathy),
    ("G73", DifferentialCondition::Myopathy),
    ("M33", DifferentialCondition::Myopathy),
    ("M60", DifferentialCondition::Myopathy),
    ("G56", DifferentialCondition::Neuropathy),
    ("G57", DifferentialCondition::Neuropathy),
    ("G58", DifferentialCondition::Neuropathy),
    ("G59", DifferentialCondition::Neuropathy),
    ("G60", DifferentialCondition::Neuropathy),
    ("G61", DifferentialCondition::Neuropathy),
    ("G62", DifferentialCondition::Neuropathy),
    ("G63", DifferentialCondition::Neuropathy),
    ("G64", DifferentialCondition::Neuropathy),
    ("G65", DifferentialCondition::Neuropathy),
];

/// LOINC codes of the screening labs. A panel counts for every test it carries.
pub const LOINC_LABS: &[(&str, &[LabTest], &str)] = &[
    (
        "19123-9",
        &[LabTest::Magnesium],
        "Magnesium [Mass/volume] in Serum or Plasma",
    ),
    (
        "2601-3",
        &[LabTest::Magnesium],
        "Magnesium [Moles/volume] in Serum or Plasma",
    ),
    (
        "17861-6",
        &[LabTest::Calcium],
        "Calcium [Mass/volume] in Serum or Plasma",
    ),
    (
        "24326-1",
        &[LabTest::Electrolytes],
        "Electrolytes 1998 panel - Serum or Plasma",
    ),
    (
        "24321-2",
        &[LabTest::Electrolytes, LabTest::Calcium],
        "Basic metabolic 2000 panel - Serum or Plasma",
    ),
    (
        "24323-8",
        &[LabTest::Electrolytes, LabTest::Calcium],
        "Comprehensive metabolic 2000 panel - Serum or Plasma",
    ),
    (
        "3016-3",
        &[LabTest::ThyroidFunction],
        "Thyrotropin [Units/volume] in Serum or Plasma",
    ),
    (
        "2157-6",
        &[LabTest::CreatineKinase],
        "Creatine kinase [Enzymatic activity/volume] in Serum or Plasma",
    ),
];

/// How an HL7 v3 interpretation code reads: `Some(true)` abnormal, `Some(false)` normal,
/// `None` a code the crate does not read.
#[must_use]
pub fn interpretation(code: &str) -> Option<bool> {
    match code {
        "N" => Some(false),
        "A" | "AA" | "H" | "HH" | "L" | "LL" => Some(true),
        _ => None,
    }
}

/// The finding kind a SNOMED CT id names, if the table has it.
#[must_use]
pub fn snomed_finding(code: &str) -> Option<FindingKind> {
    SNOMED_FINDINGS
        .iter()
        .find(|(id, _, _)| *id == code)
        .map(|&(_, kind, _)| kind)
}

/// The finding kind an ICD-10-CM code identifies, if any (dots and case ignored).
#[must_use]
pub fn icd_finding(code: &str) -> Option<FindingKind> {
    let plain = plain_icd(code)?;
    let plain = plain.as_slice();
    ICD_FINDINGS
        .iter()
        .find(|(c, prefix, _)| {
            let c = c.as_bytes();
            if *prefix {
                plain.starts_with(c)
            } else {
                plain == c
            }
        })
        .map(|&(_, _, kind)| kind)
}

/// The differential class of an ICD-10-CM code ([`DifferentialCondition::Other`] when no
/// row matches).
#[must_use]
pub fn icd_differential(code: &str) -> DifferentialCondition {
    let Some(plain) = plain_icd(code) else {
        return DifferentialCondition::Other;
    };
    ICD_DIFFERENTIAL
        .iter()
        .find(|(p, _)| plain.as_slice().starts_with(p.as_bytes()))
        .map_or(DifferentialCondition::Other, |&(_, class)| class)
}

/// The screening tests a LOINC code stands for.
#[must_use]
pub fn loinc_labs(code: &str) -> Option<&'static [LabTest]> {
    LOINC_LABS
        .iter()
        .find(|(c, _, _)| *c == code)
        .map(|&(_, tests, _)| tests)
}

/// A therapy by its code in [`THERAPY_SYSTEM`].
#[must_use]
pub fn therapy(code: &str) -> Option<Therapy> {
    Therapy::from_wire(code)
}

/// A trial outcome by its code in [`TRIAL_OUTCOME_SYSTEM`].
#[must_use]
pub fn trial_outcome(code: &str) -> Option<TrialOutcome> {
    TrialOutcome::from_wire(code)
}

/// An ICD-10-CM code upper-cased without dots, when it fits in 8 bytes (on the stack: the
/// mapping asks this of every diagnosis code).
fn plain_icd(code: &str) -> Option<PlainIcd> {
    let mut plain = PlainIcd {
        bytes: [0; 8],
        len: 0,
    };
    // A code that starts and ends with a visible ASCII character has nothing to trim.
    let code = match code.as_bytes() {
        [first, .., last] if first.is_ascii_graphic() && last.is_ascii_graphic() => code,
        _ => code.trim(),
    };
    for b in code.bytes().filter(|&b| b != b'.') {
        *plain.bytes.get_mut(plain.len)? = b.to_ascii_uppercase();
        plain.len += 1;
    }
    Some(plain)
}

/// What [`plain_icd`] makes: up to 8 bytes.
struct PlainIcd {
    bytes: [u8; 8],
    len: usize,
}

impl PlainIcd {
    fn as_slice(&self) -> &[u8] {
        self.bytes.get(..self.len).unwrap_or(&[])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use edx_coverage::Member;

    #[test]
    fn icd_findings_match_exactly_or_by_prefix() {
        assert_eq!(icd_finding("R25.3"), Some(FindingKind::Fasciculations));
        assert_eq!(icd_finding("r253"), Some(FindingKind::Fasciculations));
        assert_eq!(icd_finding("M62.561"), Some(FindingKind::MuscleAtrophy));
        assert_eq!(icd_finding("M62.81"), Some(FindingKind::MuscleWeakness));
        assert_eq!(icd_finding("M62.830"), None);
        assert_eq!(icd_finding("R25.2"), None);
        assert_eq!(icd_finding("R20.0"), Some(FindingKind::Numbness));
    }

    #[test]
    fn differential_classes() {
        assert_eq!(
            icd_differential("G12.21"),
            DifferentialCondition::MotorNeuronDisease
        );
        assert_eq!(
            icd_differential("G70.00"),
            DifferentialCondition::NeuromuscularJunction
        );
        assert_eq!(icd_differential("G62.9"), DifferentialCondition::Neuropathy);
        assert_eq!(icd_differential("M60.9"), DifferentialCondition::Myopathy);
        assert_eq!(icd_differential("E11.9"), DifferentialCondition::Other);
    }

    #[test]
    fn tables_hold_each_code_once() {
        let mut snomed: Vec<&str> = SNOMED_FINDINGS.iter().map(|r| r.0).collect();
        snomed.sort_unstable();
        snomed.dedup();
        assert_eq!(snomed.len(), SNOMED_FINDINGS.len());
        assert!(!snomed.contains(&SNOMED_CRAMP));
        let mut loinc: Vec<&str> = LOINC_LABS.iter().map(|r| r.0).collect();
        loinc.sort_unstable();
        loinc.dedup();
        assert_eq!(loinc.len(), LOINC_LABS.len());
        // Every lab test can be sent.
        for &test in <LabTest as Member>::ALL {
            assert!(LOINC_LABS.iter().any(|r| r.1.contains(&test)), "{test}");
        }
    }

    #[test]
    fn interpretations() {
        assert_eq!(interpretation("N"), Some(false));
        assert_eq!(interpretation("LL"), Some(true));
        assert_eq!(interpretation("IND"), None);
    }
}
