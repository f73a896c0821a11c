//! Why a determination says what it says: stable rule ids and their citations (RULES.md, article references).

use crate::vocab::vocabulary;

vocabulary! {
    /// A stable rule identifier. An id is never reused for another meaning; a rule whose
    /// decision changes keeps its id only if the meaning stays, and the ruleset id changes.
    ///
    /// The full table, with each rule's condition and citations, is in `RULES.md`.
    pub enum RuleId as "rule id" {
        RfFasciculations = "RF-FASCICULATIONS": "Fasciculations are a red flag.",
        RfMyokymia = "RF-MYOKYMIA": "Myokymia is a red flag.",
        RfMuscleWeakness = "RF-MUSCLE-WEAKNESS": "Muscle weakness is a red flag.",
        RfMuscleAtrophy = "RF-MUSCLE-ATROPHY": "Muscle atrophy is a red flag.",
        RfAbnormalReflexes = "RF-ABNORMAL-REFLEXES": "Abnormal reflexes are a red flag.",
        RfSensoryLoss = "RF-SENSORY-LOSS": "Altered sensation on examination is a red flag.",
        RfNumbness = "RF-NUMBNESS": "Numbness is a red flag.",
        RfBurningPain = "RF-BURNING-PAIN": "Burning pain is a red flag.",
        RfNeuropathicPain = "RF-NEUROPATHIC-PAIN": "Neuropathic pain is a red flag.",
        RfAutonomicDysfunction = "RF-AUTONOMIC-DYSFUNCTION": "Autonomic dysfunction is a red flag.",
        RfProgressiveCourse = "RF-PROGRESSIVE-COURSE": "A progressive course is a red flag.",
        RfFunctionalImpairment = "RF-FUNCTIONAL-IMPAIRMENT": "Functional impairment is a red flag.",
        RfFamilyHistory = "RF-FAMILY-HISTORY": "A family history of neuromuscular disease is a red flag.",
        ScCrampFasciculation = "SC-CRAMP-FASCICULATION": "Fasciculations or myokymia suggest cramp-fasciculation syndrome.",
        ScPeripheralNeuropathy = "SC-PERIPHERAL-NEUROPATHY": "Weakness, atrophy, abnormal reflexes or sensory symptoms suggest a peripheral neuropathy.",
        ScProgressiveOrRefractory = "SC-PROGRESSIVE-OR-REFRACTORY": "Progressive cramps, cramps that failed treatment, or cramps with weakness need evaluation.",
        ScOccupationalDystonia = "SC-OCCUPATIONAL-DYSTONIA": "Task-specific cramps suggest an occupational focal dystonia.",
        IndRedFlag = "IND-RED-FLAG": "A red flag makes testing indicated.",
        IndSpecificDiagnosis = "IND-SPECIFIC-DX": "A suspected or established neuromuscular diagnosis makes testing indicated.",
        IndTaskSpecific = "IND-TASK-SPECIFIC": "Task-specific cramps make testing indicated.",
        IndRefractory = "IND-REFRACTORY": "Cramps that persisted through a completed conservative trial make testing indicated.",
        IndNotResponsive = "IND-NOT-RESPONSIVE": "Cramps that respond to conservative measures do not need testing.",
        IndNotBenignPattern = "IND-NOT-BENIGN-PATTERN": "Isolated nocturnal or exercise-associated cramps do not need testing.",
        IndNotYet = "IND-NOT-YET": "Without red flags or a failed trial, treat and observe before testing.",
        GapPhysicalExam = "GAP-PHYSICAL-EXAM": "An indicated study still needs a documented examination.",
        GapNeurologicalFindings = "GAP-NEURO-FINDINGS": "An indicated study needs documented neurological findings beyond the cramps.",
        GapConservativeTrial = "GAP-CONSERVATIVE-TRIAL": "Without findings, an indicated study needs documented failed conservative treatment.",
        GapDifferential = "GAP-DIFFERENTIAL": "An indicated study needs a documented differential diagnosis (policy).",
        PitSymptomOnlyCoding = "PIT-SYMPTOM-ONLY-CODING": "Symptom codes alone are commonly denied.",
        PitNoClinicalCorrelation = "PIT-NO-CLINICAL-CORRELATION": "A study without documented examination findings is commonly denied.",
        PitPrematureTesting = "PIT-PREMATURE-TESTING": "Testing benign cramps before conservative management is commonly denied.",
        PitNcsWithoutNeedleEmg = "PIT-NCS-WITHOUT-NEEDLE-EMG": "NCS without needle EMG gives incomplete information and is commonly denied (policy).",
        PitPointOfCareDevice = "PIT-POINT-OF-CARE-DEVICE": "Point-of-care NCS devices with preconfigured electrode arrays are treated as investigational.",
        PitNcsReportedMoreThanOnce = "PIT-NCS-REPORTED-MORE-THAN-ONCE": "NCS is reported with one code per session, chosen by the total number of studies.",
        PitEmgAddOnWithoutNcs = "PIT-EMG-ADD-ON-WITHOUT-NCS": "Needle EMG add-on codes are only reported together with an NCS code.",
        PitNcsCodeMismatch = "PIT-NCS-CODE-MISMATCH": "The NCS code must be the one for the number of studies the report documents.",
        PitConflictingEmgCodes = "PIT-CONFLICTING-EMG-CODES": "Needle EMG add-on codes are not reported with certain stand-alone EMG codes or 95905.",
        PitNonBillableDiagnosisCode = "PIT-NON-BILLABLE-DIAGNOSIS-CODE": "A category or subcategory of ICD-10-CM is not valid on a claim: only a code at its full length is.",
        PitUnknownDiagnosisCode = "PIT-UNKNOWN-DIAGNOSIS-CODE": "A diagnosis code that is not in the FY2026 ICD-10-CM code set is rejected.",
        CovLikelyCovered = "COV-LIKELY-COVERED": "Indicated with no gap and no pitfall: likely covered.",
        CovAtRisk = "COV-AT-RISK": "Indicated but with a gap or pitfall: at risk.",
        CovLikelyDenied = "COV-LIKELY-DENIED": "Not (yet) indicated: likely denied.",
        CodeCandidate = "CODE-CANDIDATE": "Documented findings have ICD-10-CM codes that are not on the order yet.",
        RecDocumentExam = "REC-DOCUMENT-EXAM": "Document the examination.",
        RecDocumentDifferential = "REC-DOCUMENT-DIFFERENTIAL": "Document the differential diagnosis.",
        RecAddSupportingCodes = "REC-ADD-SUPPORTING-CODES": "Add codes for the documented findings.",
        RecHyperexcitabilityProtocol = "REC-HYPEREXCITABILITY-PROTOCOL": "Use a hyperexcitability protocol; routine NCS may be normal.",
        RecConservativeManagement = "REC-CONSERVATIVE-MANAGEMENT": "Start with conservative management.",
        RecLaboratoryScreening = "REC-LAB-SCREENING": "Complete the limited laboratory screen.",
        RecCorrectMetabolic = "REC-CORRECT-METABOLIC": "Correct a metabolic abnormality first.",
        RecMembraneStabilizer = "REC-MEMBRANE-STABILIZER": "Severe cramps may warrant a membrane-stabilising medicine.",
        RecReassess = "REC-REASSESS": "Keep testing for persistent symptoms or new neurological signs.",
        RecAddNeedleEmg = "REC-ADD-NEEDLE-EMG": "Perform needle EMG in the same session as the NCS.",
        RecReplacePointOfCare = "REC-REPLACE-POINT-OF-CARE": "Replace the point-of-care study with standard NCS and needle EMG.",
        RecReportNcsOnce = "REC-REPORT-NCS-ONCE": "Report one NCS code for the session.",
        RecUseStandaloneEmg = "REC-USE-STANDALONE-EMG": "Use the stand-alone needle EMG codes when no NCS is done.",
        RecCodeNcsByStudyCount = "REC-CODE-NCS-BY-STUDY-COUNT": "Code the NCS by the documented number of studies.",
        RecRemoveConflictingEmg = "REC-REMOVE-CONFLICTING-EMG": "Drop one of two needle EMG codes that are not reported together.",
        RecAddRepetitiveStimulation = "REC-ADD-REPETITIVE-STIMULATION": "A hyperexcitability work-up needs repetitive nerve stimulation with the NCS.",
        RecUseBillableCodes = "REC-USE-BILLABLE-CODES": "Replace each category, subcategory or non-existent diagnosis code with the billable code the record supports.",
    }
}

/// One reason in a determination: a rule that fired.
///
/// ```
/// use edx_coverage::{evaluate, Case, Policy, RuleId};
///
/// let case = Case::builder().diagnosis("R25.2".parse::<edx_coverage::IcdCode>()?).build()?;
/// let d = evaluate(&case, &Policy::default());
/// let first = d.reasons().next().unwrap();
/// assert_eq!(first.rule(), RuleId::IndNotYet);
/// assert_eq!(first.rule().as_str(), "IND-NOT-YET");
/// assert!(first.citations().iter().all(|n| (1..=7).contains(n)));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Reason {
    rule: RuleId,
}

impl Reason {
    pub(crate) const fn new(rule: RuleId) -> Self {
        Reason { rule }
    }

    /// The rule that fired.
    #[must_use]
    pub const fn rule(&self) -> RuleId {
        self.rule
    }
}
