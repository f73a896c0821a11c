//! The phrase tables of the explanation checks: for each item of a determination, the
//! phrase each audience's text must contain, written independently of the crate's own
//! wording tables (`src/explain/texts.rs`).

use edx_coverage::{
    Coverage, DocumentationGap, FindingKind, Indication, LabTest, Member, Pitfall, Recommendation,
    SuspectedCondition,
};

/// What the patient text must contain for each item.
pub mod patient {
    use super::*;

    pub fn coverage(c: Coverage) -> &'static str {
        match c {
            Coverage::LikelyCovered => "not a promise that your plan will pay",
            Coverage::AtRisk => "could say no until they are fixed",
            Coverage::LikelyDenied => "would likely say no",
            _ => panic!("no patient phrase for {c:?}"),
        }
    }

    pub fn indication(i: Indication) -> &'static str {
        match i {
            Indication::Indicated => "worth testing your nerves and muscles",
            Indication::NotYetIndicated => "not needed yet",
            Indication::NotIndicated => "The tests are not needed.",
            _ => panic!("no patient phrase for {i:?}"),
        }
    }

    /// A finding named in plain words (red flags and candidate codes).
    pub fn finding(k: FindingKind) -> &'static str {
        match k {
            FindingKind::Fasciculations => "twitching that can be seen",
            FindingKind::Myokymia => "rippling muscle",
            FindingKind::MuscleWeakness => "weak muscles",
            FindingKind::MuscleAtrophy => "shrunk",
            FindingKind::AbnormalReflexes => "reflexes that are not normal",
            FindingKind::SensoryLoss => "loss of feeling in the skin",
            FindingKind::Numbness => "numbness.",
            FindingKind::BurningPain => "burning pain",
            FindingKind::NeuropathicPain => "nerve pain",
            FindingKind::AutonomicDysfunction => "sweating, bowel or bladder",
            FindingKind::ProgressiveCourse => "worse over time",
            FindingKind::FunctionalImpairment => "way of daily life",
            FindingKind::FamilyHistoryNeuromuscular => "family members",
            _ => panic!("no patient phrase for {k:?}"),
        }
    }

    pub fn suspected(c: SuspectedCondition) -> &'static str {
        match c {
            SuspectedCondition::CrampFasciculationSyndrome => "cramp fasciculation syndrome",
            SuspectedCondition::PeripheralNeuropathy => "neuropathy",
            SuspectedCondition::ProgressiveOrRefractoryCramps => "do not get better with care",
            SuspectedCondition::OccupationalDystonia => "dystonia",
            _ => panic!("no patient phrase for {c:?}"),
        }
    }

    pub fn gap(g: DocumentationGap) -> &'static str {
        match g {
            DocumentationGap::PhysicalExam => "record of your physical exam",
            DocumentationGap::NeurologicalFindings => "signs beyond the cramps",
            DocumentationGap::ConservativeTrial => "simple care you tried first",
            DocumentationGap::DifferentialDiagnosis => "rule in or out",
            _ => panic!("no patient phrase for {g:?}"),
        }
    }

    pub fn pitfall(p: Pitfall) -> &'static str {
        match p {
            Pitfall::SymptomOnlyCoding => "names only your cramps",
            Pitfall::LackOfClinicalCorrelation => "before your exam was written down",
            Pitfall::PrematureTesting => "before simple care was tried",
            Pitfall::NcsWithoutNeedleEmg => "but not the needle EMG",
            Pitfall::PointOfCareDevice => "quick nerve test device",
            Pitfall::NcsReportedMoreThanOnce => "billed more than once",
            Pitfall::EmgAddOnWithoutNcs => "but none is on the order",
            Pitfall::NcsCodeMismatch => "does not match how many nerves were tested",
            Pitfall::ConflictingEmgCodes => "should not be used together",
            Pitfall::NonBillableDiagnosisCode => "is not complete",
            Pitfall::UnknownDiagnosisCode => "is not a real code",
            _ => panic!("no patient phrase for {p:?}"),
        }
    }

    pub fn recommendation(r: Recommendation) -> &'static str {
        match r {
            Recommendation::DocumentPhysicalExam => "should examine you",
            Recommendation::DocumentDifferential => "tests need to tell apart",
            Recommendation::AddSupportingCodes => "billing codes for the signs",
            Recommendation::HyperexcitabilityProtocol => "usual test can miss this",
            Recommendation::ConservativeManagement => "drink enough water",
            Recommendation::LaboratoryScreening => "common causes of cramps",
            Recommendation::CorrectMetabolicAbnormality => "was not normal",
            Recommendation::MembraneStabilizerTrial => "calms the muscles",
            Recommendation::ReassessIfNewSigns => "new signs show up",
            Recommendation::AddNeedleEmg => "same visit as the nerve conduction study",
            Recommendation::ReplacePointOfCareNcs => "in place of the quick device",
            Recommendation::ReportNcsOnce => "billing for the nerve test",
            Recommendation::UseStandaloneEmgCodes => "billing for the needle EMG",
            Recommendation::CodeNcsByStudyCount => "should match how many nerves were tested",
            Recommendation::RemoveConflictingEmgCodes => "should be taken off",
            Recommendation::AddRepetitiveNerveStimulation => "repeated nerve pulses",
            Recommendation::UseBillableCodes => "should fix the code for your health problem",
            _ => panic!("no patient phrase for {r:?}"),
        }
    }

    pub fn lab(l: LabTest) -> &'static str {
        match l {
            LabTest::Electrolytes => "sodium and potassium",
            LabTest::Calcium => "calcium",
            LabTest::Magnesium => "magnesium",
            LabTest::ThyroidFunction => "thyroid",
            LabTest::CreatineKinase => "creatine kinase",
            _ => panic!("no patient phrase for {l:?}"),
        }
    }
}

/// What the clinician text must contain for each item.
pub mod clinician {
    use super::*;

    pub fn coverage(c: Coverage) -> &'static str {
        match c {
            Coverage::LikelyCovered => "Verdict: Likely covered",
            Coverage::AtRisk => "Verdict: At risk",
            Coverage::LikelyDenied => "Verdict: Likely denied",
            _ => panic!("no clinician phrase for {c:?}"),
        }
    }

    pub fn indication(i: Indication) -> &'static str {
        match i {
            Indication::Indicated => "Indication: Indicated",
            Indication::NotYetIndicated => "Indication: Not yet indicated",
            Indication::NotIndicated => "Indication: Not indicated",
            _ => panic!("no clinician phrase for {i:?}"),
        }
    }

    pub fn red_flag(k: FindingKind) -> &'static str {
        match k {
            FindingKind::Fasciculations => "- Visible fasciculations",
            FindingKind::Myokymia => "- Myokymia",
            FindingKind::MuscleWeakness => "- Muscle weakness",
            FindingKind::MuscleAtrophy => "- Muscle atrophy",
            FindingKind::AbnormalReflexes => "- Abnormal reflexes",
            FindingKind::SensoryLoss => "- Altered sensation",
            FindingKind::Numbness => "- Numbness",
            FindingKind::BurningPain => "- Burning pain",
            FindingKind::NeuropathicPain => "- Neuropathic pain",
            FindingKind::AutonomicDysfunction => "- Autonomic dysfunction",
            FindingKind::ProgressiveCourse => "- A progressive course",
            FindingKind::FunctionalImpairment => "- Functional impairment",
            FindingKind::FamilyHistoryNeuromuscular => "- A family history",
            _ => panic!("no clinician phrase for {k:?}"),
        }
    }

    pub fn suspected(c: SuspectedCondition) -> &'static str {
        match c {
            SuspectedCondition::CrampFasciculationSyndrome => "- Cramp-fasciculation syndrome",
            SuspectedCondition::PeripheralNeuropathy => "- Peripheral neuropathy",
            SuspectedCondition::ProgressiveOrRefractoryCramps => "- Progressive or",
            SuspectedCondition::OccupationalDystonia => "- Occupational",
            _ => panic!("no clinician phrase for {c:?}"),
        }
    }

    pub fn gap(g: DocumentationGap) -> &'static str {
        match g {
            DocumentationGap::PhysicalExam => "Document a physical examination",
            DocumentationGap::NeurologicalFindings => "Document neurological findings",
            DocumentationGap::ConservativeTrial => "Document the conservative treatment",
            DocumentationGap::DifferentialDiagnosis => "the payer's policy asks for it",
            _ => panic!("no clinician phrase for {g:?}"),
        }
    }

    pub fn pitfall(p: Pitfall) -> &'static str {
        match p {
            Pitfall::SymptomOnlyCoding => "Only symptom codes",
            Pitfall::LackOfClinicalCorrelation => "without a documented examination",
            Pitfall::PrematureTesting => "Premature testing",
            Pitfall::NcsWithoutNeedleEmg => "NCS is requested without needle EMG",
            Pitfall::PointOfCareDevice => "point-of-care NCS device",
            Pitfall::NcsReportedMoreThanOnce => "NCS is reported more than once",
            Pitfall::EmgAddOnWithoutNcs => "add-on code is requested without NCS",
            Pitfall::NcsCodeMismatch => "does not match the number of studies",
            Pitfall::ConflictingEmgCodes => "a code CPT says it is not reported with",
            Pitfall::NonBillableDiagnosisCode => "category or subcategory, not a billable code",
            Pitfall::UnknownDiagnosisCode => "not in the FY2026 ICD-10-CM code set",
            _ => panic!("no clinician phrase for {p:?}"),
        }
    }

    pub fn recommendation(r: Recommendation) -> &'static str {
        match r {
            Recommendation::DocumentPhysicalExam => "focused physical and neurological",
            Recommendation::DocumentDifferential => "Document the differential",
            Recommendation::AddSupportingCodes => "Add the ICD-10-CM codes",
            Recommendation::HyperexcitabilityProtocol => "Ask for a nerve hyperexcitability",
            Recommendation::ConservativeManagement => "Start conservative management",
            Recommendation::LaboratoryScreening => "Order the missing screening labs",
            Recommendation::CorrectMetabolicAbnormality => "Correct the abnormal",
            Recommendation::MembraneStabilizerTrial => "membrane-stabilising medicine",
            Recommendation::ReassessIfNewSigns => "Reassess for testing",
            Recommendation::AddNeedleEmg => "Add needle EMG in the same session",
            Recommendation::ReplacePointOfCareNcs => "Replace the point-of-care",
            Recommendation::ReportNcsOnce => "Report one NCS code",
            Recommendation::UseStandaloneEmgCodes => "stand-alone codes",
            Recommendation::CodeNcsByStudyCount => "Code NCS by the number of studies",
            Recommendation::RemoveConflictingEmgCodes => "Keep one way of coding needle EMG",
            Recommendation::AddRepetitiveNerveStimulation => "Add repetitive nerve stimulation",
            Recommendation::UseBillableCodes => "coded to a billable ICD-10-CM code",
            _ => panic!("no clinician phrase for {r:?}"),
        }
    }
}

/// What the coder text must contain for each item.
pub mod coder {
    use super::*;

    pub fn coverage(c: Coverage) -> &'static str {
        match c {
            Coverage::LikelyCovered => "Outlook: Likely covered",
            Coverage::AtRisk => "Outlook: At risk",
            Coverage::LikelyDenied => "Outlook: Likely denied",
            _ => panic!("no coder phrase for {c:?}"),
        }
    }

    pub fn indication(i: Indication) -> &'static str {
        match i {
            Indication::Indicated => "Indication: Indicated",
            Indication::NotYetIndicated => "Indication: Not yet indicated",
            Indication::NotIndicated => "Indication: Not indicated",
            _ => panic!("no coder phrase for {i:?}"),
        }
    }

    pub fn red_flag(k: FindingKind) -> &'static str {
        match k {
            FindingKind::Fasciculations => "fasciculations",
            FindingKind::Myokymia => "myokymia",
            FindingKind::MuscleWeakness => "muscle weakness",
            FindingKind::MuscleAtrophy => "muscle atrophy",
            FindingKind::AbnormalReflexes => "abnormal reflexes",
            FindingKind::SensoryLoss => "altered sensation",
            FindingKind::Numbness => "numbness",
            FindingKind::BurningPain => "burning pain",
            FindingKind::NeuropathicPain => "neuropathic pain",
            FindingKind::AutonomicDysfunction => "autonomic dysfunction",
            FindingKind::ProgressiveCourse => "progressive course",
            FindingKind::FunctionalImpairment => "functional impairment",
            FindingKind::FamilyHistoryNeuromuscular => "family history",
            _ => panic!("no coder phrase for {k:?}"),
        }
    }

    pub fn suspected(c: SuspectedCondition) -> &'static str {
        match c {
            SuspectedCondition::CrampFasciculationSyndrome => {
                "Cramp-fasciculation syndrome (peripheral nerve hyperexcitability) suspected"
            }
            SuspectedCondition::PeripheralNeuropathy => "Peripheral neuropathy suspected",
            SuspectedCondition::ProgressiveOrRefractoryCramps => "treatment-refractory cramps",
            SuspectedCondition::OccupationalDystonia => "dystonia suspected",
            _ => panic!("no coder phrase for {c:?}"),
        }
    }

    pub fn gap(g: DocumentationGap) -> &'static str {
        match g {
            DocumentationGap::PhysicalExam => "Query: no physical examination",
            DocumentationGap::NeurologicalFindings => "Query: no neurological finding",
            DocumentationGap::ConservativeTrial => "Query: no failed conservative treatment",
            DocumentationGap::DifferentialDiagnosis => "Query: no differential diagnosis",
            _ => panic!("no coder phrase for {g:?}"),
        }
    }

    pub fn pitfall(p: Pitfall) -> &'static str {
        match p {
            Pitfall::SymptomOnlyCoding => "Symptom-only coding",
            Pitfall::LackOfClinicalCorrelation => "Lack of clinical correlation",
            Pitfall::PrematureTesting => "Premature testing",
            Pitfall::NcsWithoutNeedleEmg => "NCS billed without needle EMG",
            Pitfall::PointOfCareDevice => "Point-of-care NCS (95905",
            Pitfall::NcsReportedMoreThanOnce => "NCS reported more than once",
            Pitfall::EmgAddOnWithoutNcs => "add-on code (95885, 95886, 95887) without",
            Pitfall::NcsCodeMismatch => "NCS code mismatch",
            Pitfall::ConflictingEmgCodes => "Conflicting EMG codes",
            Pitfall::NonBillableDiagnosisCode => "Non-billable diagnosis code",
            Pitfall::UnknownDiagnosisCode => "Unknown diagnosis code",
            _ => panic!("no coder phrase for {p:?}"),
        }
    }

    pub fn recommendation(r: Recommendation) -> &'static str {
        match r {
            Recommendation::DocumentPhysicalExam => "Query the provider for a documented",
            Recommendation::DocumentDifferential => "Query the provider for the differential",
            Recommendation::AddSupportingCodes => "Add the candidate ICD-10-CM codes",
            Recommendation::HyperexcitabilityProtocol => "Expect a hyperexcitability protocol",
            Recommendation::ConservativeManagement => "Conservative management comes first",
            Recommendation::LaboratoryScreening => "Screening labs are missing",
            Recommendation::CorrectMetabolicAbnormality => "abnormal metabolic lab",
            Recommendation::MembraneStabilizerTrial => "membrane-stabiliser trial",
            Recommendation::ReassessIfNewSigns => "Re-evaluate the order",
            Recommendation::AddNeedleEmg => "Add needle EMG to the session",
            Recommendation::ReplacePointOfCareNcs => "Replace 95905",
            Recommendation::ReportNcsOnce => "Report one NCS code with one unit",
            Recommendation::UseStandaloneEmgCodes => "stand-alone codes 95860-95870",
            Recommendation::CodeNcsByStudyCount => "Recode each NCS line",
            Recommendation::RemoveConflictingEmgCodes => {
                "Remove the needle EMG codes that conflict"
            }
            Recommendation::AddRepetitiveNerveStimulation => {
                "Add repetitive nerve stimulation (95937)"
            }
            Recommendation::UseBillableCodes => "Replace each header or unknown diagnosis code",
            _ => panic!("no coder phrase for {r:?}"),
        }
    }
}

/// Each table has a phrase for every value of its vocabulary (a new variant fails here
/// until it has its phrases, and then in the checks below until the crate has its texts).
#[test]
fn the_tables_cover_every_variant() {
    for &c in Coverage::ALL {
        let _ = (
            patient::coverage(c),
            clinician::coverage(c),
            coder::coverage(c),
        );
    }
    for &i in Indication::ALL {
        let _ = (
            patient::indication(i),
            clinician::indication(i),
            coder::indication(i),
        );
    }
    for &k in FindingKind::ALL.iter().take(13) {
        let _ = (
            patient::finding(k),
            clinician::red_flag(k),
            coder::red_flag(k),
        );
    }
    for &c in SuspectedCondition::ALL {
        let _ = (
            patient::suspected(c),
            clinician::suspected(c),
            coder::suspected(c),
        );
    }
    for &g in DocumentationGap::ALL {
        let _ = (patient::gap(g), clinician::gap(g), coder::gap(g));
    }
    for &p in Pitfall::ALL {
        let _ = (
            patient::pitfall(p),
            clinician::pitfall(p),
            coder::pitfall(p),
        );
    }
    for &r in Recommendation::ALL {
        let _ = (
            patient::recommendation(r),
            clinician::recommendation(r),
            coder::recommendation(r),
        );
    }
    for &l in LabTest::ALL {
        let _ = patient::lab(l);
    }
}
