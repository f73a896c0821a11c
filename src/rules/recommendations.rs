//! Recommendations (RULES.md): what to do next, all that apply.

use super::rule::Rule;
use crate::citation::Source::*;
use crate::determination::Determination;
use crate::facts::Facts;
use crate::model::{FindingKind, LabTest};
use crate::outcome::Recommendation::{self, *};
use crate::outcome::{DocumentationGap, Indication, Pitfall, SuspectedCondition};
use crate::reason::RuleId::*;
use crate::set::Set;

pub(crate) const RULES: &[Rule<Recommendation>] = &[
    // Start from a targeted history and examination [3, 5].
    Rule {
        id: RecDocumentExam,
        output: DocumentPhysicalExam,
        cites: &[3, 5],
        sources: &[],
        when: |f, _| !f.exam_documented,
    },
    // Document what the study must differentiate [1].
    Rule {
        id: RecDocumentDifferential,
        output: DocumentDifferential,
        cites: &[1],
        sources: &[],
        when: |_, d| {
            d.documentation_gaps
                .contains(DocumentationGap::DifferentialDiagnosis)
        },
    },
    // Symptom-only coding is denied; code the findings [1].
    Rule {
        id: RecAddSupportingCodes,
        output: AddSupportingCodes,
        cites: &[1],
        sources: &[],
        when: |_, d| {
            d.pitfalls.contains(Pitfall::SymptomOnlyCoding) && !d.suggested_codes.is_empty()
        },
    },
    // Hyperexcitability needs a specialised protocol [2]; routine NCS may be normal [3].
    Rule {
        id: RecHyperexcitabilityProtocol,
        output: HyperexcitabilityProtocol,
        cites: &[2, 3],
        sources: &[],
        when: |_, d| {
            d.suspected_conditions
                .contains(SuspectedCondition::CrampFasciculationSyndrome)
        },
    },
    // Benign cramps: clinical diagnosis and a therapeutic trial first [5].
    Rule {
        id: RecConservativeManagement,
        output: ConservativeManagement,
        cites: &[5],
        sources: &[],
        when: |f, _| f.unflagged() && !f.completed_trial,
    },
    // Limited screen: electrolytes, calcium, magnesium, thyroid, CK [5].
    Rule {
        id: RecLaboratoryScreening,
        output: LaboratoryScreening,
        cites: &[5],
        sources: &[],
        when: |f, _| f.unflagged() && !f.missing_labs().is_empty(),
    },
    // Electrolyte correction is part of conservative management [5].
    Rule {
        id: RecCorrectMetabolic,
        output: CorrectMetabolicAbnormality,
        cites: &[5],
        sources: &[],
        when: |f, _| f.unflagged() && f.metabolic_abnormality,
    },
    // Severe cramps: a membrane-stabilising trial [2, 3].
    Rule {
        id: RecMembraneStabilizer,
        output: MembraneStabilizerTrial,
        cites: &[2, 3],
        sources: &[],
        when: |f, _| {
            f.unflagged() && f.has(FindingKind::SevereSymptoms) && !f.membrane_stabilizer_tried
        },
    },
    // Keep testing for persistent symptoms or new neurological signs [3].
    Rule {
        id: RecReassess,
        output: ReassessIfNewSigns,
        cites: &[3],
        sources: &[],
        when: |_, d| d.indication != Indication::Indicated,
    },
    // Ruleset 2: one recommendation per procedure pitfall.
    Rule {
        id: RecAddNeedleEmg,
        output: AddNeedleEmg,
        cites: &[],
        sources: &[AanemModelPolicy, AnthemCgMed24],
        when: |_, d| d.pitfalls.contains(Pitfall::NcsWithoutNeedleEmg),
    },
    Rule {
        id: RecReplacePointOfCare,
        output: ReplacePointOfCareNcs,
        cites: &[],
        sources: &[AetnaCpb0502, UnitedHealthcareEdx],
        when: |_, d| d.pitfalls.contains(Pitfall::PointOfCareDevice),
    },
    Rule {
        id: RecReportNcsOnce,
        output: ReportNcsOnce,
        cites: &[],
        sources: &[CptCodeSet],
        when: |_, d| d.pitfalls.contains(Pitfall::NcsReportedMoreThanOnce),
    },
    Rule {
        id: RecUseStandaloneEmg,
        output: UseStandaloneEmgCodes,
        cites: &[],
        sources: &[CptCodeSet],
        when: |_, d| d.pitfalls.contains(Pitfall::EmgAddOnWithoutNcs),
    },
    // Ruleset 3.
    Rule {
        id: RecCodeNcsByStudyCount,
        output: CodeNcsByStudyCount,
        cites: &[],
        sources: &[CptCodeSet, CptNcsStudyCount],
        when: |_, d| d.pitfalls.contains(Pitfall::NcsCodeMismatch),
    },
    Rule {
        id: RecRemoveConflictingEmg,
        output: RemoveConflictingEmgCodes,
        cites: &[],
        sources: &[CptEmgParentheticals],
        when: |_, d| d.pitfalls.contains(Pitfall::ConflictingEmgCodes),
    },
    // Hyperexcitability needs repetitive stimulation beyond routine NCS [2, 3]; payers
    // name repetitive NCS for conditions such as fasciculation.
    Rule {
        id: RecAddRepetitiveStimulation,
        output: AddRepetitiveNerveStimulation,
        cites: &[2, 3],
        sources: &[BcbsMp228],
        when: |f, d| {
            d.suspected_conditions
                .contains(SuspectedCondition::CrampFasciculationSyndrome)
                && f.procedures.ncs
                && !f.procedures.repetitive_stimulation
        },
    },
    // Ruleset 4 (RULES.md, REC-USE-BILLABLE-CODES): the coder picks the billable code the record supports.
    Rule {
        id: RecUseBillableCodes,
        output: UseBillableCodes,
        cites: &[],
        sources: &[Icd10CmLevelOfDetail, Icd10CmFy2026],
        when: |_, d| {
            d.pitfalls.contains(Pitfall::NonBillableDiagnosisCode)
                || d.pitfalls.contains(Pitfall::UnknownDiagnosisCode)
        },
    },
];

/// `recommended_labs`: the missing panel tests, only when lab screening is recommended.
pub(crate) fn apply_labs(facts: &Facts, det: &mut Determination) {
    det.recommended_labs = if det.recommendations.contains(LaboratoryScreening) {
        facts.missing_labs()
    } else {
        Set::<LabTest>::new()
    };
}
