//! The vocabularies a [`Determination`](crate::Determination) is made of (RULES.md).

use crate::vocab::vocabulary;

vocabulary! {
    /// Whether electrodiagnostic testing is clinically indicated (RULES.md).
    pub enum Indication as "indication" {
        Indicated = "indicated": "Testing is indicated: the record shows a reason to look for a neuromuscular disorder.",
        NotYetIndicated = "not_yet_indicated": "Not yet indicated: no red flag and nothing has failed yet; work up and treat first.",
        NotIndicated = "not_indicated": "Not indicated: the cramps respond to treatment or follow a benign pattern.",
    }
}

vocabulary! {
    /// How a payer is likely to treat the claim (RULES.md).
    pub enum Coverage as "coverage outlook" {
        LikelyCovered = "likely_covered": "Likely covered: indicated, fully documented, coded without pitfalls.",
        AtRisk = "at_risk": "At risk: indicated, but documentation or coding gives a payer grounds to deny.",
        LikelyDenied = "likely_denied": "Likely denied: the test is not (yet) medically necessary on this record.",
    }
}

vocabulary! {
    /// A condition the findings point to (RULES.md).
    pub enum SuspectedCondition as "suspected condition" {
        CrampFasciculationSyndrome = "cramp_fasciculation_syndrome": "Cramp-fasciculation syndrome (peripheral nerve hyperexcitability).",
        PeripheralNeuropathy = "peripheral_neuropathy": "Peripheral neuropathy.",
        ProgressiveOrRefractoryCramps = "progressive_or_refractory_cramps": "Progressive or treatment-refractory cramps, or cramps with weakness.",
        OccupationalDystonia = "occupational_dystonia": "Occupational (task-specific focal) dystonia.",
    }
}

vocabulary! {
    /// Something the record must show before an indicated test is safe to bill (RULES.md).
    pub enum DocumentationGap as "documentation gap" {
        PhysicalExam = "physical_exam": "No physical examination is documented.",
        NeurologicalFindings = "neurological_findings": "No neurological finding, task-specific pattern or neuromuscular diagnosis is documented.",
        ConservativeTrial = "conservative_trial": "No failed conservative treatment is documented.",
        DifferentialDiagnosis = "differential_diagnosis": "No differential diagnosis (myopathy, neuropathy, junction, motor neuron) is documented.",
    }
}

vocabulary! {
    /// A documentation or coding pattern that payers commonly deny (RULES.md, the `PIT-*` rows).
    pub enum Pitfall as "pitfall" {
        SymptomOnlyCoding = "symptom_only_coding": "Only symptom codes (such as R25.2) are on the order: no code for a finding or a neuromuscular diagnosis.",
        LackOfClinicalCorrelation = "lack_of_clinical_correlation": "The study is ordered without a documented examination to correlate it with.",
        PrematureTesting = "premature_testing": "The study is ordered before any conservative management for cramps without red flags.",
        NcsWithoutNeedleEmg = "ncs_without_needle_emg": "Nerve conduction studies are requested without needle EMG.",
        PointOfCareDevice = "point_of_care_device": "A point-of-care NCS device (CPT 95905, preconfigured electrode arrays) is requested; payers treat it as investigational or unproven.",
        NcsReportedMoreThanOnce = "ncs_reported_more_than_once": "NCS is reported more than once (several NCS codes, or units above 1) instead of one code for the session's total studies.",
        EmgAddOnWithoutNcs = "emg_add_on_without_ncs": "A needle EMG add-on code (95885, 95886, 95887) is requested without an NCS code.",
        NcsCodeMismatch = "ncs_code_mismatch": "An NCS line's code does not match the number of studies the report documents (see procedure corrections).",
        ConflictingEmgCodes = "conflicting_emg_codes": "A needle EMG add-on code is requested together with a code CPT says it is not reported with (95885/95886 with 95860-95864, 95870 or 95905; 95887 with 95867-95870 or 95905).",
        NonBillableDiagnosisCode = "non_billable_diagnosis_code": "A diagnosis code is a category or subcategory (a header of ICD-10-CM), not a billable code at its full length (see diagnosis code issues).",
        UnknownDiagnosisCode = "unknown_diagnosis_code": "A diagnosis code is not in the FY2026 ICD-10-CM code set (see diagnosis code issues).",
    }
}

vocabulary! {
    /// What to do next (RULES.md, the `REC-*` rows).
    pub enum Recommendation as "recommendation" {
        DocumentPhysicalExam = "document_physical_exam": "Document a focused physical and neurological examination, including pertinent negatives.",
        DocumentDifferential = "document_differential": "Document the differential the study must settle (myopathy, neuropathy, neuromuscular junction, motor neuron disease).",
        AddSupportingCodes = "add_supporting_codes": "Add the ICD-10-CM codes of the documented findings (see suggested codes; a coder confirms them).",
        HyperexcitabilityProtocol = "hyperexcitability_protocol": "Ask for a nerve hyperexcitability protocol (repetitive nerve stimulation looking for after-discharges): routine NCS is often normal in this syndrome.",
        ConservativeManagement = "conservative_management": "Start conservative management first: hydration, stretching, correction of electrolytes.",
        LaboratoryScreening = "laboratory_screening": "Order the missing screening labs (see recommended labs).",
        CorrectMetabolicAbnormality = "correct_metabolic_abnormality": "Correct the abnormal electrolyte, calcium, magnesium or thyroid result and reassess.",
        MembraneStabilizerTrial = "membrane_stabilizer_trial": "For severe cramps, consider a trial of a membrane-stabilising medicine.",
        ReassessIfNewSigns = "reassess_if_new_signs": "Reassess for testing if symptoms persist despite treatment or new neurological signs appear.",
        AddNeedleEmg = "add_needle_emg": "Add needle EMG in the same session as the nerve conduction studies.",
        ReplacePointOfCareNcs = "replace_point_of_care_ncs": "Replace the point-of-care device study with standard NCS (95907-95913) and needle EMG.",
        ReportNcsOnce = "report_ncs_once": "Report a single NCS code (one unit) chosen by the total number of studies in the session.",
        UseStandaloneEmgCodes = "use_standalone_emg_codes": "Without NCS, report needle EMG with the stand-alone codes 95860-95870 instead of the add-on codes.",
        CodeNcsByStudyCount = "code_ncs_by_study_count": "Recode the NCS line with the code for the documented number of studies (see procedure corrections).",
        RemoveConflictingEmgCodes = "remove_conflicting_emg_codes": "Keep either the needle EMG add-on code or the stand-alone code it conflicts with, not both.",
        AddRepetitiveNerveStimulation = "add_repetitive_nerve_stimulation": "Add repetitive nerve stimulation (95937) to the NCS: a hyperexcitability work-up needs it beyond routine conduction studies.",
        UseBillableCodes = "use_billable_codes": "Replace each header or unknown diagnosis code with the billable ICD-10-CM code the record supports (see diagnosis code issues).",
    }
}
