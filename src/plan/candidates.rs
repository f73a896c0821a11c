//! The ten candidate steps (docs/plan.md, candidate steps): when each is a candidate, and
//! the change it makes to a copy of the case.

use crate::codes::cpt::CptCode;
use crate::codes::EMG_ADD_ON_CONFLICTS;
use crate::determination::Determination;
use crate::facts::{CodeSet, Facts};
use crate::model::{
    Case, ConservativeTrial, CptFamily, Diagnosis, DifferentialCondition, Finding, FindingKind,
    FindingSource, FindingStatus, Procedure, Studies, Therapy, TrialOutcome, Units,
};
use crate::outcome::{Pitfall, SuspectedCondition};
use crate::policy::Policy;
use crate::set::{Member, Set};

use super::{Step, StepKind};

/// The standard NCS code a point-of-care study is replaced with (1–2 studies).
pub(crate) const STANDARD_NCS: CptCode = CptCode::table(95907, CptFamily::Ncs);
/// The stand-alone needle EMG code added when the add-on codes go (the coder picks the exact one).
pub(crate) const STANDALONE_EMG: CptCode = CptCode::table(95870, CptFamily::NeedleEmg);
/// The needle EMG add-on code added to NCS (each extremity, complete).
pub(crate) const NEEDLE_EMG_WITH_NCS: CptCode = CptCode::table(95886, CptFamily::NeedleEmgAddOn);
/// The point-of-care device code.
pub(crate) const POINT_OF_CARE: u32 = 95905;

/// The differential to document for each suspected condition, in this order (docs/plan.md,
/// differential conditions).
const DIFFERENTIAL_FOR: [(SuspectedCondition, DifferentialCondition); 4] = [
    (
        SuspectedCondition::CrampFasciculationSyndrome,
        DifferentialCondition::MotorNeuronDisease,
    ),
    (
        SuspectedCondition::PeripheralNeuropathy,
        DifferentialCondition::Neuropathy,
    ),
    (
        SuspectedCondition::ProgressiveOrRefractoryCramps,
        DifferentialCondition::Myopathy,
    ),
    (
        SuspectedCondition::OccupationalDystonia,
        DifferentialCondition::Other,
    ),
];

/// The candidate steps of the original case and its determination, in candidate order.
pub(crate) fn candidates(case: &Case, policy: &Policy, det: &Determination) -> Set<StepKind> {
    let facts = Facts::gather(case, policy, CodeSet::Read);
    let pitfall = |p: Pitfall| det.pitfalls.contains(p);
    let mut set = Set::new();
    set.insert_if(!det.suggested_codes.is_empty(), StepKind::AddFindingCodes);
    set.insert_if(!facts.exam_documented, StepKind::DocumentExam);
    set.insert_if(
        !facts.responsive && !facts.refractory,
        StepKind::ConservativeTrial,
    );
    set.insert_if(case.differential.is_empty(), StepKind::DocumentDifferential);
    set.insert_if(
        !det.procedure_corrections.is_empty(),
        StepKind::CodeNcsByStudyCount,
    );
    set.insert_if(
        pitfall(Pitfall::NcsReportedMoreThanOnce),
        StepKind::ReportNcsOnce,
    );
    set.insert_if(
        pitfall(Pitfall::ConflictingEmgCodes) && facts.procedures.ncs,
        StepKind::RemoveConflictingEmgCodes,
    );
    set.insert_if(
        pitfall(Pitfall::PointOfCareDevice),
        StepKind::ReplacePointOfCareNcs,
    );
    set.insert_if(
        pitfall(Pitfall::EmgAddOnWithoutNcs),
        StepKind::UseStandaloneEmgCodes,
    );
    set.insert_if(
        pitfall(Pitfall::NcsWithoutNeedleEmg),
        StepKind::AddNeedleEmg,
    );
    set
}

/// What a step reads besides the case it changes.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Context<'a> {
    pub policy: &'a Policy,
    /// The determination of the original case (suggested codes, corrections).
    pub original: &'a Determination,
    /// The conditions suspected in the case as the earlier steps left it.
    pub suspected: Set<SuspectedCondition>,
}

/// Applies one step to `case` and returns the step with what it changed.
pub(crate) fn apply(kind: StepKind, case: &mut Case, cx: &Context<'_>) -> Step {
    match kind {
        StepKind::AddFindingCodes => {
            let codes: Vec<_> = cx.original.suggested_codes().map(|s| s.code).collect();
            case.diagnoses
                .extend(codes.iter().map(|&code| Diagnosis::new(code)));
            Step::AddFindingCodes { codes }
        }
        StepKind::DocumentExam => {
            document_exam(case);
            Step::DocumentExam
        }
        StepKind::ConservativeTrial => {
            let days = cx.policy.min_trial_days;
            let mut trial = ConservativeTrial::new(Therapy::Stretching, TrialOutcome::Unchanged);
            if days > 0 {
                trial = trial.with_days(days);
            }
            case.conservative_trials.push(trial);
            Step::ConservativeTrial {
                min_days: (days > 0).then_some(days),
            }
        }
        StepKind::DocumentDifferential => {
            let mut differential: Vec<DifferentialCondition> = DIFFERENTIAL_FOR
                .iter()
                .filter(|(suspected, _)| cx.suspected.contains(*suspected))
                .map(|&(_, condition)| condition)
                .collect();
            differential.dedup();
            if differential.is_empty() {
                differential.push(DifferentialCondition::Other);
            }
            case.differential.extend(differential.iter().copied());
            Step::DocumentDifferential { differential }
        }
        StepKind::CodeNcsByStudyCount => {
            for line in &mut case.procedures {
                if let (Some(_), Some(studies)) = (line.cpt.ncs_tier(), line.studies) {
                    if let Some(code) = CptCode::ncs_for_studies(studies.get()) {
                        line.cpt = code;
                    }
                }
            }
            Step::CodeNcsByStudyCount {
                corrections: cx.original.procedure_corrections().collect(),
            }
        }
        StepKind::ReportNcsOnce => Step::ReportNcsOnce {
            line: report_ncs_once(case),
        },
        StepKind::RemoveConflictingEmgCodes => Step::RemoveConflictingEmgCodes {
            removed: remove_conflicting(case),
        },
        StepKind::ReplacePointOfCareNcs => {
            case.procedures.retain(|p| p.cpt.value() != POINT_OF_CARE);
            let add = !case.procedures.iter().any(is_ncs);
            if add {
                case.procedures.push(Procedure::new(STANDARD_NCS));
            }
            Step::ReplacePointOfCareNcs {
                added: add.then_some(STANDARD_NCS),
            }
        }
        StepKind::UseStandaloneEmgCodes => {
            let mut removed: Vec<CptCode> = case
                .procedures
                .iter()
                .filter(|p| p.cpt.family() == CptFamily::NeedleEmgAddOn)
                .map(|p| p.cpt)
                .collect();
            removed.sort_unstable();
            removed.dedup();
            case.procedures
                .retain(|p| p.cpt.family() != CptFamily::NeedleEmgAddOn);
            let add = !case
                .procedures
                .iter()
                .any(|p| p.cpt.family().is_needle_emg());
            if add {
                case.procedures.push(Procedure::new(STANDALONE_EMG));
            }
            Step::UseStandaloneEmgCodes {
                removed,
                added: add.then_some(STANDALONE_EMG),
            }
        }
        StepKind::AddNeedleEmg => {
            case.procedures.push(Procedure::new(NEEDLE_EMG_WITH_NCS));
            Step::AddNeedleEmg {
                added: NEEDLE_EMG_WITH_NCS,
            }
        }
    }
}

fn is_ncs(p: &Procedure) -> bool {
    p.cpt.family() == CptFamily::Ncs
}

/// Documents the exam without changing any kind's presence: a pertinent negative from the
/// exam for the first kind that is not present. (With every kind present from the history,
/// a negative from the exam still changes no presence and conflicts with nothing, since no
/// record comes from the exam yet.)
fn document_exam(case: &mut Case) {
    let present: Set<FindingKind> = case
        .findings
        .iter()
        .filter(|f| f.status == FindingStatus::Present)
        .map(|f| f.kind)
        .collect();
    let kind = FindingKind::ALL
        .iter()
        .copied()
        .find(|k| !present.contains(*k))
        .unwrap_or(FindingKind::Fasciculations);
    case.findings.push(
        Finding::new(kind)
            .with_status(FindingStatus::Absent)
            .with_source(FindingSource::Exam),
    );
}

/// Makes all NCS lines one line with one unit where the first was; returns that line.
fn report_ncs_once(case: &mut Case) -> Procedure {
    let ncs: Vec<Procedure> = case.procedures.iter().copied().filter(is_ncs).collect();
    let counted: Option<u32> = ncs
        .iter()
        .map(|p| p.studies.map(Studies::get))
        .sum::<Option<u32>>();
    let line = match counted {
        Some(total) if !ncs.is_empty() => {
            let total = total.min(99);
            match (Studies::new(total), CptCode::ncs_for_studies(total)) {
                (Some(studies), Some(cpt)) => Procedure::new(cpt).with_studies(studies),
                _ => highest(&ncs),
            }
        }
        _ => highest(&ncs),
    };
    let line = Procedure {
        units: Units::ONE,
        ..line
    };
    let mut placed = false;
    case.procedures.retain_mut(|p| {
        if !is_ncs(p) {
            return true;
        }
        if placed {
            return false;
        }
        placed = true;
        *p = line;
        true
    });
    line
}

/// The numerically highest NCS code among the lines, without a study count.
fn highest(ncs: &[Procedure]) -> Procedure {
    let cpt = ncs.iter().map(|p| p.cpt).max().unwrap_or(STANDARD_NCS);
    Procedure::new(cpt)
}

/// Drops every line conflicting with a requested add-on code, except 95905 (the point-of-care
/// step handles it); returns the codes dropped, ascending, once each.
fn remove_conflicting(case: &mut Case) -> Vec<CptCode> {
    let conflicts = |code: u32| {
        code != POINT_OF_CARE
            && EMG_ADD_ON_CONFLICTS.iter().any(|(add_on, others)| {
                others.contains(&code) && case.procedures.iter().any(|p| p.cpt.value() == *add_on)
            })
    };
    let mut removed: Vec<CptCode> = case
        .procedures
        .iter()
        .filter(|p| conflicts(p.cpt.value()))
        .map(|p| p.cpt)
        .collect();
    removed.sort_unstable();
    removed.dedup();
    case.procedures.retain(|p| !removed.contains(&p.cpt));
    removed
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_codes_a_step_adds_are_in_the_table_with_their_family() {
        for code in [STANDARD_NCS, STANDALONE_EMG, NEEDLE_EMG_WITH_NCS] {
            assert_eq!(CptCode::parse(&code.to_string()), Ok(code));
        }
    }
}
