//! The three explanations (patient, clinician, coder) against the determination they explain.
//!
//! For every vignette, and (feature `proptest`) 1,000 generated cases, each audience's text
//! must mention every item of the determination: the tables below map each item to a phrase
//! the text must contain, one table per audience, written here independently of the crate's
//! own wording tables. The patient text must hold no ICD-10-CM or CPT-shaped token and no
//! rule id, and every text must be identical when the case's lists are reordered.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use edx_coverage::{
    code_set, evaluate, Audience, Case, CodeStatus, Coverage, DocumentationGap, Explanation,
    FindingKind, Indication, LabTest, Member, Pitfall, Policy, Recommendation, RuleId,
    SuspectedCondition,
};
use serde_json::Value;

mod common;
mod gen;

// ---------------------------------------------------------------------------------------
// Phrase tables
// ---------------------------------------------------------------------------------------

/// What the patient text must contain for each item.
mod patient {
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
mod clinician {
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
mod coder {
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

// ---------------------------------------------------------------------------------------
// Checks
// ---------------------------------------------------------------------------------------

fn text(case: &Case, policy: &Policy, audience: Audience) -> String {
    Explanation::new(case, &evaluate(case, policy), audience).to_string()
}

/// Whether `text` contains `phrase`, ignoring case (list items start with a capital).
fn must_contain(text: &str, phrase: &str, what: impl std::fmt::Debug) -> Result<(), String> {
    if text.to_lowercase().contains(&phrase.to_lowercase()) {
        Ok(())
    } else {
        Err(format!("{what:?}: missing {phrase:?} in\n{text}"))
    }
}

/// The patient text mentions every item, explains the tests, and disclaims a decision.
fn check_patient(case: &Case, policy: &Policy) -> Result<(), String> {
    let d = evaluate(case, policy);
    let t = text(case, policy, Audience::Patient);
    must_contain(&t, patient::coverage(d.coverage()), d.coverage())?;
    must_contain(&t, patient::indication(d.indication()), d.indication())?;
    for k in d.red_flags() {
        must_contain(&t, patient::finding(k), k)?;
    }
    for c in d.suspected_conditions() {
        must_contain(&t, patient::suspected(c), c)?;
    }
    for g in d.documentation_gaps() {
        must_contain(&t, patient::gap(g), g)?;
    }
    for p in d.pitfalls() {
        must_contain(&t, patient::pitfall(p), p)?;
    }
    for r in d.recommendations() {
        must_contain(&t, patient::recommendation(r), r)?;
    }
    for l in d.recommended_labs() {
        must_contain(&t, patient::lab(l), l)?;
    }
    for c in d.suggested_codes() {
        must_contain(&t, patient::finding(c.finding), c)?;
    }
    for c in d.procedure_corrections() {
        must_contain(&t, "should match how many nerves were tested", c)?;
    }
    for always in [
        "A nerve conduction study",
        "A needle EMG is",
        "not a decision by your health plan",
        "When should you go back",
    ] {
        must_contain(&t, always, "fixed text")?;
    }
    // The abbreviation is explained before its first use.
    let explained = t.find("A needle EMG is").unwrap_or(usize::MAX);
    if t.find("EMG").unwrap_or(usize::MAX) < explained {
        return Err(format!("EMG used before it is explained:\n{t}"));
    }
    no_codes_or_rule_ids(&t)
}

/// No ICD-10-CM-shaped token, no CPT-shaped token, no rule id, no unexplained abbreviation.
fn no_codes_or_rule_ids(t: &str) -> Result<(), String> {
    for token in t.split(|c: char| !(c.is_ascii_alphanumeric() || c == '.' || c == '-')) {
        let token = token.trim_matches(|c: char| c == '.' || c == '-');
        let b = token.as_bytes();
        let icd_shaped = b.len() >= 3
            && b[0].is_ascii_uppercase()
            && b[1].is_ascii_digit()
            && (b[2].is_ascii_digit() || b[2].is_ascii_uppercase());
        let cpt_shaped = b.len() == 5 && b.iter().all(u8::is_ascii_digit);
        if icd_shaped || cpt_shaped || matches!(token, "NCS" | "ICD-10-CM" | "CPT" | "ICD") {
            return Err(format!("patient text holds {token:?}:\n{t}"));
        }
    }
    for id in RuleId::ALL {
        if t.contains(id.as_str()) {
            return Err(format!("patient text holds rule id {id}:\n{t}"));
        }
    }
    Ok(())
}

fn check_clinician(case: &Case, policy: &Policy) -> Result<(), String> {
    let d = evaluate(case, policy);
    let t = text(case, policy, Audience::Clinician);
    if t != d.to_string() {
        return Err("Display differs from the clinician explanation".into());
    }
    if !t.starts_with(clinician::coverage(d.coverage())) {
        return Err(format!("the verdict is not first:\n{t}"));
    }
    must_contain(&t, clinician::indication(d.indication()), d.indication())?;
    for k in d.red_flags() {
        must_contain(&t, clinician::red_flag(k), k)?;
    }
    for c in d.suspected_conditions() {
        must_contain(&t, clinician::suspected(c), c)?;
    }
    for g in d.documentation_gaps() {
        must_contain(&t, clinician::gap(g), g)?;
    }
    for p in d.pitfalls() {
        must_contain(&t, clinician::pitfall(p), p)?;
    }
    for r in d.recommendations() {
        must_contain(&t, clinician::recommendation(r), r)?;
    }
    for l in d.recommended_labs() {
        must_contain(&t, l.as_str().split('_').next().unwrap_or_default(), l)?;
    }
    for c in d.suggested_codes() {
        must_contain(&t, &format!("{} for ", c.code), c)?;
    }
    for issue in d.diagnosis_code_issues() {
        must_contain(&t, &format!("{} is ", issue.code), issue)?;
    }
    for c in d.procedure_corrections() {
        must_contain(&t, &format!("Replace {} with {}", c.cpt, c.replacement), c)?;
    }
    for r in d.reasons() {
        must_contain(&t, &format!("[{}]", r.rule()), r.rule())?;
    }
    Ok(())
}

fn check_coder(case: &Case, policy: &Policy) -> Result<(), String> {
    let d = evaluate(case, policy);
    let t = text(case, policy, Audience::Coder);
    if !t.starts_with("Diagnosis codes on the order:") {
        return Err(format!("codes are not first:\n{t}"));
    }
    for dx in case.diagnoses() {
        let code = dx.code();
        // Every code with its official description (descriptions are on by default).
        let line = match code_set::description(&code) {
            Some(description) => format!("  - {code} {description}: "),
            None => format!("  - {code}: "),
        };
        must_contain(&t, &line, dx)?;
        match dx.status() {
            CodeStatus::Unknown => must_contain(
                &t,
                &format!("{line}not in the FY2026 ICD-10-CM code set"),
                dx,
            )?,
            CodeStatus::Header => {
                // Each header lists the billable codes under it: all up to twelve, else the
                // count and the first twelve, in code order, right below its line.
                let under: Vec<String> = code_set::billable_under(&code)
                    .map(|c| c.to_string())
                    .collect();
                if under.len() > 12 {
                    must_contain(
                        &t,
                        &format!("{} billable codes under it, the first 12:", under.len()),
                        dx,
                    )?;
                }
                let listed: Vec<String> = t
                    .lines()
                    .skip_while(|l| !l.starts_with(&line))
                    .skip(1)
                    .take_while(|l| l.starts_with("      "))
                    .map(|l| l.trim().split(' ').next().unwrap_or_default().to_owned())
                    .collect();
                let want: Vec<String> = under.into_iter().take(12).collect();
                if listed != want {
                    return Err(format!("{code}: listed {listed:?}, want {want:?} in\n{t}"));
                }
            }
            _ => {}
        }
    }
    for p in case.procedures() {
        must_contain(&t, &format!("- {} (", p.cpt), p)?;
    }
    must_contain(&t, coder::coverage(d.coverage()), d.coverage())?;
    must_contain(&t, coder::indication(d.indication()), d.indication())?;
    for k in d.red_flags() {
        must_contain(&t, coder::red_flag(k), k)?;
    }
    for c in d.suspected_conditions() {
        must_contain(&t, coder::suspected(c), c)?;
    }
    for g in d.documentation_gaps() {
        must_contain(&t, coder::gap(g), g)?;
    }
    for p in d.pitfalls() {
        must_contain(&t, coder::pitfall(p), p)?;
    }
    for r in d.recommendations() {
        must_contain(&t, coder::recommendation(r), r)?;
    }
    for l in d.recommended_labs() {
        must_contain(&t, l.as_str().split('_').next().unwrap_or_default(), l)?;
    }
    for c in d.suggested_codes() {
        must_contain(&t, &format!("{} documents ", c.code), c)?;
    }
    for c in d.procedure_corrections() {
        // The requested code's line names its replacement.
        let start = format!("  - {} (", c.cpt);
        let fix = format!("bill {} instead", c.replacement);
        if !t.lines().any(|l| l.starts_with(&start) && l.contains(&fix)) {
            return Err(format!("{c:?}: no line {start:?} with {fix:?} in\n{t}"));
        }
    }
    for e in case.needle_emg_exceptions() {
        must_contain(&t, e.as_str(), e)?;
    }
    for r in d.reasons() {
        must_contain(&t, &format!("[{}]", r.rule()), r.rule())?;
        for s in r.sources() {
            must_contain(&t, &format!("[{s}] "), s)?;
        }
    }
    Ok(())
}

/// The case with every list reversed and rotated (through the wire format, so every list
/// the format has is included).
fn reordered(case: &Case) -> Case {
    let mut doc = serde_json::to_value(case).unwrap();
    for (_, v) in doc.as_object_mut().unwrap().iter_mut() {
        if let Value::Array(items) = v {
            items.reverse();
            if !items.is_empty() {
                items.rotate_left(1);
            }
        }
    }
    serde_json::from_value(doc).unwrap()
}

fn check_order_independence(case: &Case, policy: &Policy) -> Result<(), String> {
    let other = reordered(case);
    for &a in Audience::ALL {
        let (x, y) = (text(case, policy, a), text(&other, policy, a));
        if x != y {
            return Err(format!("{a} text depends on order:\n{x}\n---\n{y}"));
        }
    }
    Ok(())
}

fn check_all(case: &Case, policy: &Policy) -> Result<(), String> {
    check_patient(case, policy)?;
    check_clinician(case, policy)?;
    check_coder(case, policy)?;
    check_order_independence(case, policy)
}

fn vignettes() -> Vec<(String, Case, Policy)> {
    common::vignettes()
        .into_iter()
        .map(|(name, doc)| {
            let case = serde_json::from_value(doc["case"].clone()).unwrap();
            let policy = match doc.get("policy") {
                Some(p) => serde_json::from_value(p.clone()).unwrap(),
                None => Policy::default(),
            };
            (name, case, policy)
        })
        .collect()
}

#[test]
fn patient_text_mentions_every_item_and_no_code_on_every_vignette() {
    for (name, case, policy) in vignettes() {
        check_patient(&case, &policy).unwrap_or_else(|e| panic!("{name}: {e}"));
    }
}

#[test]
fn clinician_text_mentions_every_item_on_every_vignette() {
    for (name, case, policy) in vignettes() {
        check_clinician(&case, &policy).unwrap_or_else(|e| panic!("{name}: {e}"));
    }
}

#[test]
fn coder_text_mentions_every_item_on_every_vignette() {
    for (name, case, policy) in vignettes() {
        check_coder(&case, &policy).unwrap_or_else(|e| panic!("{name}: {e}"));
    }
}

#[test]
fn texts_do_not_depend_on_input_order_on_every_vignette() {
    for (name, case, policy) in vignettes() {
        check_order_independence(&case, &policy).unwrap_or_else(|e| panic!("{name}: {e}"));
    }
}

#[test]
fn every_check_on_every_vignette_under_twelve_policies() {
    for (name, case, _) in vignettes() {
        for policy in gen::policies() {
            check_all(&case, &policy).unwrap_or_else(|e| panic!("{name} under {policy:?}: {e}"));
        }
    }
}

/// The checker itself catches what it must: a code in a patient-like text, a rule id.
#[test]
fn the_patient_checks_catch_codes_and_rule_ids() {
    assert!(no_codes_or_rule_ids("Your order lists R25.2 only.").is_err());
    assert!(no_codes_or_rule_ids("Billed as 95909.").is_err());
    assert!(no_codes_or_rule_ids("See G62.9 for details").is_err());
    assert!(no_codes_or_rule_ids("Rule IND-NOT-YET fired.").is_err());
    assert!(no_codes_or_rule_ids("The NCS is billed twice.").is_err());
    assert!(no_codes_or_rule_ids("A needle EMG is a muscle test.").is_ok());
}

#[cfg(feature = "proptest")]
mod generated {
    use super::*;
    use edx_coverage::strategies;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig { cases: 1000, ..ProptestConfig::default() })]

        /// 1,000 generated cases under generated policies: every audience's text mentions
        /// every item, the patient text holds no code, and no text depends on input order.
        #[test]
        fn every_text_mentions_every_item(case in strategies::case(), policy in strategies::policy()) {
            if let Err(e) = check_all(&case, &policy) {
                return Err(TestCaseError::fail(e));
            }
        }
    }
}
