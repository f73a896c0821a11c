//! The words: one entry per item of a determination, with a text for every [`Audience`].
//!
//! Each table is a `match` over the item's enum that returns a [`Texts`] literal. Inside the
//! crate the matches are exhaustive (`#[non_exhaustive]` binds only other crates), and a
//! `Texts` literal must fill every audience's field, so a new variant or a new audience does
//! not compile until it has all its words.
//!
//! Style per audience:
//! * patient: plain words, second person, short sentences; no codes, no rule ids, no
//!   abbreviations (the layout explains "nerve conduction study" and "needle EMG" first).
//! * clinician: what the item is and why it matters for the study.
//! * coder: what the item means for the claim and what to query or change.

use crate::explain::Audience;
use crate::model::{CodeClass, CptFamily, FindingKind, LabTest};
use crate::outcome::{
    Coverage, DocumentationGap, Indication, Pitfall, Recommendation, SuspectedCondition,
};

/// One item's text for each audience.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Texts {
    pub(crate) patient: &'static str,
    pub(crate) clinician: &'static str,
    pub(crate) coder: &'static str,
}

impl Texts {
    /// The text for `audience`.
    pub(crate) const fn get(self, audience: Audience) -> &'static str {
        match audience {
            Audience::Patient => self.patient,
            Audience::Clinician => self.clinician,
            Audience::Coder => self.coder,
        }
    }
}

const fn t(patient: &'static str, clinician: &'static str, coder: &'static str) -> Texts {
    Texts {
        patient,
        clinician,
        coder,
    }
}

/// The coverage outlook.
pub(crate) const fn coverage(c: Coverage) -> Texts {
    match c {
        Coverage::LikelyCovered => t(
            "Your records show what health plans usually look for before these tests. That is a good sign, but it is not a promise that your plan will pay.",
            "Likely covered: testing is indicated, the record supports it, and the order has no coding pitfall.",
            "Likely covered: medical necessity is documented and the claim lines show no known denial pattern.",
        ),
        Coverage::AtRisk => t(
            "The tests may well be right for you. But some things are missing from your records or from the order. A health plan could say no until they are fixed.",
            "At risk: testing is indicated, but a documentation gap or an ordering or coding pitfall gives a payer grounds to deny.",
            "At risk: medical necessity is supported, but a documentation gap or a coding pitfall below is a common denial reason; fix or query before the claim goes out.",
        ),
        Coverage::LikelyDenied => t(
            "Right now, a health plan would likely say no to these tests. That is because your records do not yet show a need for them.",
            "Likely denied: on this record the study is not (yet) medically necessary.",
            "Likely denied: the record does not establish medical necessity for the study; hold the claim or query the provider.",
        ),
    }
}

/// Whether testing is indicated.
pub(crate) const fn indication(i: Indication) -> Texts {
    match i {
        Indication::Indicated => t(
            "Your care team noted signs that make it worth testing your nerves and muscles.",
            "Indicated: the record gives a reason to look for a neuromuscular disorder (a red flag, a neuromuscular diagnosis, task-specific cramps, or cramps that persisted through treatment).",
            "Indicated: the record shows a red flag, a neuromuscular diagnosis, task-specific cramps or a failed conservative trial.",
        ),
        Indication::NotYetIndicated => t(
            "The tests are not needed yet. Most cramps get better with simple care, so that comes first.",
            "Not yet indicated: no red flag and no failed treatment yet; treat, screen and observe before testing.",
            "Not yet indicated: no red flag, no neuromuscular diagnosis and no failed conservative trial on the record.",
        ),
        Indication::NotIndicated => t(
            "The tests are not needed. Your cramps are getting better with care, or they follow a common pattern that is not harmful.",
            "Not indicated: the cramps respond to conservative care or follow a benign pattern (isolated nocturnal or exercise-associated cramps).",
            "Not indicated: the record shows cramps that respond to treatment or a benign pattern; the study is not medically necessary.",
        ),
    }
}

/// A finding kind: as a red flag, and as the finding a candidate code documents.
///
/// The patient text is a short phrase that reads after "your" ("your numbness").
pub(crate) const fn finding(k: FindingKind) -> Texts {
    match k {
        FindingKind::Fasciculations => t(
            "muscle twitching that can be seen",
            "Visible fasciculations: a sign of nerve hyperexcitability or motor neuron disease.",
            "fasciculations",
        ),
        FindingKind::Myokymia => t(
            "rippling muscle movement",
            "Myokymia: continuous rippling muscle activity, a sign of nerve hyperexcitability.",
            "myokymia",
        ),
        FindingKind::MuscleWeakness => t(
            "weak muscles",
            "Muscle weakness: points to a disorder of nerve or muscle.",
            "muscle weakness",
        ),
        FindingKind::MuscleAtrophy => t(
            "muscles that have shrunk",
            "Muscle atrophy or wasting: points to a disorder of nerve or muscle.",
            "muscle atrophy",
        ),
        FindingKind::AbnormalReflexes => t(
            "reflexes that are not normal",
            "Abnormal reflexes (reduced, absent or brisk): an objective neurological sign.",
            "abnormal reflexes",
        ),
        FindingKind::SensoryLoss => t(
            "loss of feeling in the skin",
            "Altered sensation on examination: an objective sign of neuropathy.",
            "altered sensation on examination",
        ),
        FindingKind::Numbness => t(
            "numbness",
            "Numbness: a sensory symptom that suggests neuropathy.",
            "numbness",
        ),
        FindingKind::BurningPain => t(
            "burning pain",
            "Burning pain: a sensory symptom that suggests small-fibre neuropathy.",
            "burning pain",
        ),
        FindingKind::NeuropathicPain => t(
            "nerve pain",
            "Neuropathic pain: suggests a nerve disorder.",
            "neuropathic pain",
        ),
        FindingKind::AutonomicDysfunction => t(
            "changes in sweating, bowel or bladder",
            "Autonomic dysfunction (sweating, bowel or bladder changes): seen with nerve hyperexcitability and neuropathy.",
            "autonomic dysfunction",
        ),
        FindingKind::ProgressiveCourse => t(
            "symptoms that get worse over time",
            "A progressive course: cramps that worsen need evaluation.",
            "progressive course",
        ),
        FindingKind::FunctionalImpairment => t(
            "cramps that get in the way of daily life",
            "Functional impairment: symptoms limit daily activities.",
            "functional impairment",
        ),
        FindingKind::FamilyHistoryNeuromuscular => t(
            "family members with nerve or muscle disease",
            "A family history of neuromuscular disease.",
            "family history of neuromuscular disease",
        ),
        FindingKind::MuscleStiffness => t(
            "stiff muscles",
            "Muscle stiffness: a feature of hyperexcitability syndromes, not a red flag on its own.",
            "muscle stiffness",
        ),
        FindingKind::ExerciseIntolerance => t(
            "trouble with exercise",
            "Exercise intolerance: a feature of hyperexcitability syndromes, not a red flag on its own.",
            "exercise intolerance",
        ),
        FindingKind::TaskSpecificCramps => t(
            "cramps that come with one task, like writing",
            "Task-specific cramps: the pattern of a focal dystonia.",
            "task-specific cramps",
        ),
        FindingKind::SevereSymptoms => t(
            "severe cramps",
            "Severe cramps.",
            "severe cramps",
        ),
        FindingKind::NocturnalCramps => t(
            "cramps at night",
            "Nocturnal cramps: a benign pattern when isolated.",
            "nocturnal cramps",
        ),
        FindingKind::ExerciseAssociatedCramps => t(
            "cramps with exercise",
            "Exercise-associated cramps: a benign pattern in healthy people.",
            "exercise-associated cramps",
        ),
    }
}

/// A suspected condition.
pub(crate) const fn suspected(c: SuspectedCondition) -> Texts {
    match c {
        SuspectedCondition::CrampFasciculationSyndrome => t(
            "Nerves that fire too easily. This can cause cramps and twitching. Your doctor may call it cramp fasciculation syndrome.",
            "Cramp-fasciculation syndrome (peripheral nerve hyperexcitability): routine NCS is often normal, so ask for a hyperexcitability protocol.",
            "Cramp-fasciculation syndrome (peripheral nerve hyperexcitability) suspected: supports medical necessity when the findings are coded.",
        ),
        SuspectedCondition::PeripheralNeuropathy => t(
            "Damage to the nerves in your arms or legs. Doctors call this neuropathy.",
            "Peripheral neuropathy: the sensory, reflex or strength findings call for NCS with needle EMG.",
            "Peripheral neuropathy suspected: the documented findings support the study; code them, not only the cramp.",
        ),
        SuspectedCondition::ProgressiveOrRefractoryCramps => t(
            "Cramps that get worse, come with weakness, or do not get better with care. These need a closer look.",
            "Progressive or treatment-refractory cramps, or cramps with weakness: evaluate for an underlying neuromuscular disorder.",
            "Progressive or treatment-refractory cramps, or cramps with weakness: the record must show the course or the failed trial.",
        ),
        SuspectedCondition::OccupationalDystonia => t(
            "A problem in how the brain controls the muscles for one task, like writing. Doctors call this a focal dystonia.",
            "Occupational (task-specific focal) dystonia: testing helps tell it apart from nerve entrapment.",
            "Occupational (task-specific focal) dystonia suspected: a dystonia diagnosis code supports the study.",
        ),
    }
}

/// A documentation gap.
pub(crate) const fn gap(g: DocumentationGap) -> Texts {
    match g {
        DocumentationGap::PhysicalExam => t(
            "A written record of your physical exam.",
            "Document a physical examination: payers correlate the study with examination findings, and without one the study looks like screening.",
            "Query: no physical examination is documented; payers need exam findings to correlate the study with.",
        ),
        DocumentationGap::NeurologicalFindings => t(
            "A note of nerve or muscle signs beyond the cramps, such as weakness or numbness.",
            "Document neurological findings beyond the cramps (or a task-specific pattern, or a neuromuscular diagnosis): cramps alone do not establish medical necessity.",
            "Query: no neurological finding, task-specific pattern or neuromuscular diagnosis is documented beyond the cramp.",
        ),
        DocumentationGap::ConservativeTrial => t(
            "A note of the simple care you tried first, like drinking more water or stretching, and that it did not help.",
            "Document the conservative treatment tried (hydration, stretching, electrolyte correction), how long, and that it failed: without findings, failed treatment is the indication.",
            "Query: no failed conservative treatment is documented (therapy, duration, outcome).",
        ),
        DocumentationGap::DifferentialDiagnosis => t(
            "A note of which nerve or muscle problems the tests should help rule in or out.",
            "Document the differential the study must settle (myopathy, neuropathy, neuromuscular junction disorder, motor neuron disease): the payer's policy asks for it.",
            "Query: no differential diagnosis (myopathy, neuropathy, neuromuscular junction, motor neuron disease) is documented; the payer's policy requires one.",
        ),
    }
}

/// A pitfall.
pub(crate) const fn pitfall(p: Pitfall) -> Texts {
    match p {
        Pitfall::SymptomOnlyCoding => t(
            "The order names only your cramps. It does not yet name the signs found or a likely cause.",
            "Only symptom codes (such as R25.2) are on the order: add codes for the documented findings or the suspected neuromuscular diagnosis.",
            "Symptom-only coding: every diagnosis on the order is a cramp or symptom code; payers commonly deny without a finding or neuromuscular diagnosis code.",
        ),
        Pitfall::LackOfClinicalCorrelation => t(
            "The tests were asked for before your exam was written down.",
            "The study is ordered without a documented examination to correlate it with.",
            "Lack of clinical correlation: no examination is documented to support the order.",
        ),
        Pitfall::PrematureTesting => t(
            "The tests were asked for before simple care was tried.",
            "Premature testing: the study is ordered before any conservative management, with no red flag.",
            "Premature testing: no red flag, no neuromuscular diagnosis and no completed conservative trial; payers deny as not medically necessary.",
        ),
        Pitfall::NcsWithoutNeedleEmg => t(
            "The order has the nerve conduction study but not the needle EMG. Health plans often want both at the same visit.",
            "NCS is requested without needle EMG: the pair answers the clinical question, and most payers expect both in one session.",
            "NCS billed without needle EMG: most payer policies expect needle EMG in the same session.",
        ),
        Pitfall::PointOfCareDevice => t(
            "The order uses a quick nerve test device. Health plans often do not pay for it, because it is not proven to help.",
            "A point-of-care NCS device (preconfigured electrode arrays) is requested; payers treat it as investigational.",
            "Point-of-care NCS (95905, preconfigured electrode arrays): payers treat it as investigational or unproven and deny it.",
        ),
        Pitfall::NcsReportedMoreThanOnce => t(
            "The nerve conduction study is billed more than once. It should be billed one time for the visit.",
            "NCS is reported more than once: the session gets one NCS code for its total number of studies.",
            "NCS reported more than once (several NCS codes, or units above 1): report one code for the session's total number of studies.",
        ),
        Pitfall::EmgAddOnWithoutNcs => t(
            "The needle EMG is billed in a way meant only for use with a nerve conduction study, but none is on the order.",
            "A needle EMG add-on code is requested without NCS; the add-ons only go with an NCS code.",
            "Needle EMG add-on code (95885, 95886, 95887) without an NCS code: add-ons are reported only with 95907-95913.",
        ),
        Pitfall::NcsCodeMismatch => t(
            "The billing code for the nerve conduction study does not match how many nerves were tested.",
            "An NCS code does not match the number of studies the report documents; the code follows the count (see procedure corrections).",
            "NCS code mismatch: an NCS line's code is not the tier for its documented number of studies (95907 = 1-2 studies ... 95913 = 13 or more).",
        ),
        Pitfall::ConflictingEmgCodes => t(
            "The needle EMG is billed with codes that should not be used together.",
            "Needle EMG is requested with an add-on code and a code CPT says it is not reported with.",
            "Conflicting EMG codes: 95885 or 95886 with 95860-95864, 95870 or 95905, or 95887 with 95867-95870 or 95905.",
        ),
        Pitfall::NonBillableDiagnosisCode => t(
            "The code for your health problem on the order is not complete. It needs to be fixed before a claim can go in.",
            "A diagnosis code is an ICD-10-CM category or subcategory, not a billable code: a payer rejects the claim line until the coder picks the full code the record supports.",
            "Non-billable diagnosis code: a header (category or subcategory) is on the order; a code is valid only at its full length (ICD-10-CM guideline I.B.2).",
        ),
        Pitfall::UnknownDiagnosisCode => t(
            "The code for your health problem on the order is not a real code. It needs to be fixed before a claim can go in.",
            "A diagnosis code is not in the FY2026 ICD-10-CM code set, so it documents nothing and a payer rejects the claim line.",
            "Unknown diagnosis code: not in the FY2026 ICD-10-CM code set (April 1, 2026 update) in force for the date of service; the claim line is rejected.",
        ),
    }
}

/// A recommendation.
pub(crate) const fn recommendation(r: Recommendation) -> Texts {
    match r {
        Recommendation::DocumentPhysicalExam => t(
            "Your care team should examine you and write down what they find, both signs found and signs not found.",
            "Document a focused physical and neurological examination, including pertinent negatives.",
            "Query the provider for a documented physical and neurological examination.",
        ),
        Recommendation::DocumentDifferential => t(
            "Your care team should write down which problems the tests need to tell apart.",
            "Document the differential the study must settle (myopathy, neuropathy, neuromuscular junction, motor neuron disease).",
            "Query the provider for the differential diagnosis the study must settle.",
        ),
        Recommendation::AddSupportingCodes => t(
            "Your care team can add billing codes for the signs already found.",
            "Add the ICD-10-CM codes of the documented findings (see candidate codes; a coder confirms them).",
            "Add the candidate ICD-10-CM codes listed above for the documented findings, after confirming each against the record.",
        ),
        Recommendation::HyperexcitabilityProtocol => t(
            "Ask if the nerve test can look for nerves that fire too easily. The usual test can miss this.",
            "Ask for a nerve hyperexcitability protocol (repetitive nerve stimulation looking for after-discharges): routine NCS is often normal in this syndrome.",
            "Expect a hyperexcitability protocol (repetitive nerve stimulation); the report should state it.",
        ),
        Recommendation::ConservativeManagement => t(
            "Try simple care first: drink enough water, stretch the muscles that cramp, and fix any low salts in your blood.",
            "Start conservative management first: hydration, stretching, correction of electrolytes.",
            "Conservative management comes first; the study is not billable as medically necessary yet.",
        ),
        Recommendation::LaboratoryScreening => t(
            "Get some blood tests to look for common causes of cramps.",
            "Order the missing screening labs (listed below).",
            "Screening labs are missing (listed below); query whether they were done.",
        ),
        Recommendation::CorrectMetabolicAbnormality => t(
            "One of your blood tests was not normal. Your care team should treat that first and then check your cramps again.",
            "Correct the abnormal electrolyte, calcium, magnesium or thyroid result and reassess.",
            "An abnormal metabolic lab is on the record: correcting it comes before testing.",
        ),
        Recommendation::MembraneStabilizerTrial => t(
            "For bad cramps, ask your doctor about a medicine that calms the muscles and nerves.",
            "For severe cramps, consider a trial of a membrane-stabilising medicine.",
            "A membrane-stabiliser trial is advised for severe cramps; document it when done.",
        ),
        Recommendation::ReassessIfNewSigns => t(
            "If your cramps go on even with care, or new signs show up, see your care team again. The tests may be needed then.",
            "Reassess for testing if symptoms persist despite treatment or new neurological signs appear.",
            "Re-evaluate the order if symptoms persist through treatment or new neurological findings are documented.",
        ),
        Recommendation::AddNeedleEmg => t(
            "Ask if the needle EMG can be done at the same visit as the nerve conduction study.",
            "Add needle EMG in the same session as the nerve conduction studies.",
            "Add needle EMG to the session: an add-on code 95885-95887 with the NCS code.",
        ),
        Recommendation::ReplacePointOfCareNcs => t(
            "Ask for the standard nerve conduction study and needle EMG done by a specialist, in place of the quick device.",
            "Replace the point-of-care device study with standard NCS and needle EMG.",
            "Replace 95905 with standard NCS (95907-95913) and needle EMG.",
        ),
        Recommendation::ReportNcsOnce => t(
            "The billing for the nerve test needs to be fixed. Your care team's billing staff handle this.",
            "Report one NCS code (one unit) chosen by the total number of studies in the session.",
            "Report one NCS code with one unit, chosen by the total number of studies in the session.",
        ),
        Recommendation::UseStandaloneEmgCodes => t(
            "The billing for the needle EMG needs to be fixed. Your care team's billing staff handle this.",
            "Without NCS, needle EMG is reported with the stand-alone codes, not the add-on codes.",
            "Without NCS, report needle EMG with the stand-alone codes 95860-95870 instead of 95885-95887.",
        ),
        Recommendation::CodeNcsByStudyCount => t(
            "The billing code for the nerve test should match how many nerves were tested. Your care team's billing staff handle this.",
            "Code NCS by the number of studies the report documents (see procedure corrections).",
            "Recode each NCS line to the tier for its documented number of studies (the replacement is given with the line).",
        ),
        Recommendation::RemoveConflictingEmgCodes => t(
            "Some needle EMG billing codes should be taken off. Your care team's billing staff handle this.",
            "Keep one way of coding needle EMG: the add-on codes with NCS, or the stand-alone codes, not both.",
            "Remove the needle EMG codes that conflict with the add-on codes: keep the add-ons with NCS, or the stand-alone codes without them.",
        ),
        Recommendation::AddRepetitiveNerveStimulation => t(
            "Ask if the nerve test can add repeated nerve pulses. This helps find nerves that fire too easily.",
            "Add repetitive nerve stimulation (95937) to the NCS: hyperexcitability shows as after-discharges that routine NCS misses.",
            "Add repetitive nerve stimulation (95937) to the order when it is performed; suspected cramp-fasciculation syndrome supports it.",
        ),
        Recommendation::UseBillableCodes => t(
            "Your care team should fix the code for your health problem on the order. Then a claim can go in.",
            "Have the diagnosis coded to a billable ICD-10-CM code that the record supports (the coder's list shows the codes under each category).",
            "Replace each header or unknown diagnosis code with the billable code the record supports (see the codes listed under each header); query the provider when the record does not say which.",
        ),
    }
}

/// A screening lab.
pub(crate) const fn lab(l: LabTest) -> Texts {
    match l {
        LabTest::Electrolytes => t(
            "salts in your blood (sodium and potassium)",
            "electrolytes",
            "electrolytes",
        ),
        LabTest::Calcium => t("calcium", "calcium", "calcium"),
        LabTest::Magnesium => t("magnesium", "magnesium", "magnesium"),
        LabTest::ThyroidFunction => t("thyroid", "thyroid function", "thyroid function"),
        LabTest::CreatineKinase => t(
            "a muscle enzyme called creatine kinase",
            "creatine kinase",
            "creatine kinase",
        ),
    }
}

/// How a diagnosis code is classed (coder text only; the patient text shows no codes).
pub(crate) const fn code_class(c: CodeClass) -> &'static str {
    match c {
        CodeClass::CrampSymptom => {
            "cramp symptom code: does not establish medical necessity on its own"
        }
        CodeClass::SupportingFinding => "supporting finding: documents a neurological finding",
        CodeClass::SpecificNeuromuscular => {
            "neuromuscular diagnosis (suspected or established): supports the study"
        }
        CodeClass::Other => "other: not in the crate's lists, no weight for or against the study",
    }
}

/// What a CPT family is, for a claim line (coder text).
pub(crate) const fn cpt_family(f: CptFamily) -> &'static str {
    match f {
        CptFamily::Ncs => "NCS",
        CptFamily::NeedleEmgAddOn => "needle EMG add-on, with NCS",
        CptFamily::NeedleEmg => "needle EMG, stand-alone",
        CptFamily::SingleFiberEmg => "single-fiber EMG",
        CptFamily::NeuromuscularJunction => "repetitive nerve stimulation",
        CptFamily::PointOfCare => "point-of-care NCS device",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::set::Member;

    fn all_texts() -> Vec<Texts> {
        let mut v = Vec::new();
        v.extend(Coverage::ALL.iter().map(|&x| coverage(x)));
        v.extend(Indication::ALL.iter().map(|&x| indication(x)));
        v.extend(FindingKind::ALL.iter().map(|&x| finding(x)));
        v.extend(SuspectedCondition::ALL.iter().map(|&x| suspected(x)));
        v.extend(DocumentationGap::ALL.iter().map(|&x| gap(x)));
        v.extend(Pitfall::ALL.iter().map(|&x| pitfall(x)));
        v.extend(Recommendation::ALL.iter().map(|&x| recommendation(x)));
        v.extend(LabTest::ALL.iter().map(|&x| lab(x)));
        v
    }

    #[test]
    fn every_text_is_written() {
        for x in all_texts() {
            for a in Audience::ALL {
                assert!(!x.get(*a).trim().is_empty(), "{x:?}");
            }
        }
    }

    #[test]
    fn patient_texts_use_no_abbreviations_or_codes() {
        for x in all_texts() {
            for word in x.patient.split(|c: char| !c.is_ascii_alphanumeric()) {
                assert!(
                    !matches!(word, "NCS" | "ICD" | "CPT" | "EDX" | "CK" | "CFS"),
                    "{:?}",
                    x.patient
                );
                assert!(!word.bytes().any(|b| b.is_ascii_digit()), "{:?}", x.patient);
            }
        }
    }
}
