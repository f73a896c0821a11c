//! Pitfalls (RULES.md): coding and documentation patterns payers deny, whatever the indication.

use super::rule::Rule;
use crate::citation::Source::*;
use crate::code_set::CodeStatus;
use crate::model::CodeClass;
use crate::outcome::Pitfall::{self, *};
use crate::reason::RuleId::*;

pub(crate) const RULES: &[Rule<Pitfall>] = &[
    // A symptom code alone, without findings or a suspected diagnosis, is likely denied [1].
    // Policy: some payers accept it when the record supports the study.
    Rule {
        id: PitSymptomOnlyCoding,
        output: SymptomOnlyCoding,
        cites: &[1],
        sources: &[],
        when: |f, _| {
            let coded = f.classes.contains(CodeClass::SupportingFinding) || f.specific_dx();
            let waived = f.policy.accept_symptom_codes_with_support
                && (f.neurological_finding() || f.task());
            !coded && !waived
        },
    },
    // Ordering without documented examination findings [1].
    Rule {
        id: PitNoClinicalCorrelation,
        output: LackOfClinicalCorrelation,
        cites: &[1],
        sources: &[],
        when: |f, _| !f.exam_documented,
    },
    // Ordering before conservative management of cramps without red flags [5].
    Rule {
        id: PitPrematureTesting,
        output: PrematureTesting,
        cites: &[5],
        sources: &[],
        when: |f, _| f.unflagged() && !f.completed_trial,
    },
    // Ruleset 2: how the procedures are coded. These rest on payer policies and
    // code-set descriptors, not on the article.
    //
    // NCS and needle EMG belong together; NCS alone is incomplete outside unusual cases.
    // Ruleset 3: a documented exception (anticoagulation, lymphedema, needle intolerance,
    // follow-up study) lifts it, as some payers allow NCS alone then.
    Rule {
        id: PitNcsWithoutNeedleEmg,
        output: NcsWithoutNeedleEmg,
        cites: &[],
        sources: &[
            AanemModelPolicy,
            AnthemCgMed24,
            AetnaCpb0502,
            UnitedHealthcareEdx,
            IbxEdxPolicy,
            CignaEdx,
        ],
        when: |f, _| {
            f.policy.require_needle_emg_with_ncs
                && f.procedures.ncs
                && !f.procedures.needle_emg
                && !f.needle_emg_excepted
        },
    },
    // Preconfigured-array (point-of-care) NCS is investigational / unproven.
    Rule {
        id: PitPointOfCareDevice,
        output: PointOfCareDevice,
        cites: &[],
        sources: &[AetnaCpb0502, UnitedHealthcareEdx],
        when: |f, _| f.procedures.point_of_care,
    },
    // One NCS code per session, chosen by the total number of studies. Ruleset 3: lines are
    // claim lines, so a line submitted twice is a duplicate service.
    Rule {
        id: PitNcsReportedMoreThanOnce,
        output: NcsReportedMoreThanOnce,
        cites: &[],
        sources: &[CptCodeSet, DuplicateLineEdit],
        when: |f, _| f.procedures.ncs_more_than_once,
    },
    // 95885-95887 are add-on codes: they go with an NCS code.
    Rule {
        id: PitEmgAddOnWithoutNcs,
        output: EmgAddOnWithoutNcs,
        cites: &[],
        sources: &[CptCodeSet],
        when: |f, _| f.procedures.emg_add_on && !f.procedures.ncs,
    },
    // Ruleset 3. The NCS code is the tier that holds the documented study count.
    Rule {
        id: PitNcsCodeMismatch,
        output: NcsCodeMismatch,
        cites: &[],
        sources: &[CptCodeSet, CptNcsStudyCount],
        when: |f, _| !f.procedures.corrections.is_empty(),
    },
    // CPT's parentheticals: the add-on codes are not reported with some other EMG codes.
    Rule {
        id: PitConflictingEmgCodes,
        output: ConflictingEmgCodes,
        cites: &[],
        sources: &[CptEmgParentheticals],
        when: |f, _| f.procedures.conflicting_emg,
    },
    // Ruleset 4 (RULES.md, "Code status"). A code is valid on a claim only at its full
    // length and only if it is in the code set in force on the date of service.
    Rule {
        id: PitNonBillableDiagnosisCode,
        output: NonBillableDiagnosisCode,
        cites: &[],
        sources: &[Icd10CmLevelOfDetail, Icd10CmFy2026],
        when: |f, _| f.statuses.contains(CodeStatus::Header),
    },
    Rule {
        id: PitUnknownDiagnosisCode,
        output: UnknownDiagnosisCode,
        cites: &[],
        sources: &[Icd10CmFy2026],
        when: |f, _| f.statuses.contains(CodeStatus::Unknown),
    },
];
