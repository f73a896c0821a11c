//! The path to coverage (docs/plan.md): the smallest set of honest changes to the record,
//! the order or the claim after which the same rules give the best outlook this case can
//! reach.
//!
//! [`plan`] applies the candidate steps (`candidates.rs`, one per kind of [`Step`]) to copies
//! of the case and evaluates each changed case with [`evaluate`](crate::evaluate) itself
//! (`search.rs`), so the plan is exact by construction: there is no table from problems to
//! fixes. `wire.rs` writes it as JSON, `display.rs` for the clinician.

pub(crate) mod candidates;
pub(crate) mod display;
mod search;
mod wire;

use crate::correction::ProcedureCorrection;
use crate::model::{Case, CptCode, DifferentialCondition, IcdCode, Procedure};
use crate::outcome::{Coverage, DocumentationGap, Pitfall};
use crate::policy::Policy;
use crate::set::Set;
use crate::vocab::vocabulary;

vocabulary! {
    /// The kinds of step a plan can hold, in candidate order (docs/plan.md, candidate steps).
    pub enum StepKind as "plan step" {
        AddFindingCodes = "add_finding_codes": "Code the documented findings: add the suggested ICD-10-CM codes.",
        DocumentExam = "document_exam": "Document the physical and neurological examination.",
        ConservativeTrial = "conservative_trial": "Try conservative treatment first (conditional: the step counts only if the cramps persist).",
        DocumentDifferential = "document_differential": "Document the differential diagnosis the study must settle.",
        CodeNcsByStudyCount = "code_ncs_by_study_count": "Recode each NCS line with the code for its documented number of studies.",
        ReportNcsOnce = "report_ncs_once": "Report the nerve conduction studies as one NCS line.",
        RemoveConflictingEmgCodes = "remove_conflicting_emg_codes": "Drop the stand-alone needle EMG codes that conflict with the add-on codes.",
        ReplacePointOfCareNcs = "replace_point_of_care_ncs": "Replace the point-of-care device study (95905) with standard NCS.",
        UseStandaloneEmgCodes = "use_standalone_emg_codes": "Report needle EMG without NCS with a stand-alone code instead of the add-on codes.",
        AddNeedleEmg = "add_needle_emg": "Add needle EMG to the nerve conduction studies.",
    }
}

vocabulary! {
    /// Who takes a step.
    pub enum Actor as "actor" {
        Coder = "coder": "Coding and billing staff.",
        Clinician = "clinician": "The ordering or performing clinician.",
    }
}

/// One change to the record, the order or the claim, with what it changes (docs/plan.md,
/// candidate steps). The variants are in candidate order.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Step {
    /// Add the suggested codes of the documented findings to the diagnoses.
    AddFindingCodes {
        /// The codes added, in suggestion order.
        codes: Vec<IcdCode>,
    },
    /// Document the examination (no finding changes).
    DocumentExam,
    /// A conservative trial; conditional: it leads to testing only if the cramps persist.
    ConservativeTrial {
        /// The policy's minimum trial length, `None` when the policy sets none.
        min_days: Option<u32>,
    },
    /// Document the differential diagnosis.
    DocumentDifferential {
        /// The conditions added, in the order of docs/plan.md (differential per suspicion).
        differential: Vec<DifferentialCondition>,
    },
    /// Recode each NCS line with the code for its study count.
    CodeNcsByStudyCount {
        /// The original determination's procedure corrections.
        corrections: Vec<ProcedureCorrection>,
    },
    /// Report all NCS lines as one line with one unit.
    ReportNcsOnce {
        /// The one NCS line (`studies` only when every NCS line had a count).
        line: Procedure,
    },
    /// Drop the lines that conflict with a requested add-on code (95905 excepted).
    RemoveConflictingEmgCodes {
        /// The codes dropped, ascending, without duplicates.
        removed: Vec<CptCode>,
    },
    /// Drop the point-of-care lines (95905), adding a standard NCS when none remains.
    ReplacePointOfCareNcs {
        /// `95907` when it was added, `None` when an NCS line remained.
        added: Option<CptCode>,
    },
    /// Drop the add-on needle EMG lines, adding a stand-alone code when no needle EMG remains.
    UseStandaloneEmgCodes {
        /// The add-on codes dropped, ascending, without duplicates.
        removed: Vec<CptCode>,
        /// `95870` when it was added, `None` when a needle EMG line remained.
        added: Option<CptCode>,
    },
    /// Add needle EMG (95886) to the NCS.
    AddNeedleEmg {
        /// The code added, `95886`.
        added: CptCode,
    },
}

impl Step {
    /// The kind of step.
    #[must_use]
    pub const fn kind(&self) -> StepKind {
        match self {
            Step::AddFindingCodes { .. } => StepKind::AddFindingCodes,
            Step::DocumentExam => StepKind::DocumentExam,
            Step::ConservativeTrial { .. } => StepKind::ConservativeTrial,
            Step::DocumentDifferential { .. } => StepKind::DocumentDifferential,
            Step::CodeNcsByStudyCount { .. } => StepKind::CodeNcsByStudyCount,
            Step::ReportNcsOnce { .. } => StepKind::ReportNcsOnce,
            Step::RemoveConflictingEmgCodes { .. } => StepKind::RemoveConflictingEmgCodes,
            Step::ReplacePointOfCareNcs { .. } => StepKind::ReplacePointOfCareNcs,
            Step::UseStandaloneEmgCodes { .. } => StepKind::UseStandaloneEmgCodes,
            Step::AddNeedleEmg { .. } => StepKind::AddNeedleEmg,
        }
    }

    /// Who takes the step.
    #[must_use]
    pub const fn actor(&self) -> Actor {
        self.kind().actor()
    }

    /// Whether the step is a condition rather than a change (only the conservative trial:
    /// it leads to testing only if the cramps persist after it).
    #[must_use]
    pub const fn conditional(&self) -> bool {
        matches!(self, Step::ConservativeTrial { .. })
    }
}

impl StepKind {
    /// Who takes a step of this kind (docs/plan.md, candidate steps).
    #[must_use]
    pub const fn actor(self) -> Actor {
        match self {
            StepKind::DocumentExam
            | StepKind::ConservativeTrial
            | StepKind::DocumentDifferential
            | StepKind::ReplacePointOfCareNcs
            | StepKind::AddNeedleEmg => Actor::Clinician,
            StepKind::AddFindingCodes
            | StepKind::CodeNcsByStudyCount
            | StepKind::ReportNcsOnce
            | StepKind::RemoveConflictingEmgCodes
            | StepKind::UseStandaloneEmgCodes => Actor::Coder,
        }
    }
}

/// Documentation gaps and pitfalls, each a set in its usual order.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct Problems {
    /// Documentation gaps.
    pub documentation_gaps: Set<DocumentationGap>,
    /// Pitfalls.
    pub pitfalls: Set<Pitfall>,
}

impl Problems {
    /// How many gaps and pitfalls there are.
    #[must_use]
    pub const fn len(&self) -> usize {
        self.documentation_gaps.len() + self.pitfalls.len()
    }

    /// Whether there is neither a gap nor a pitfall.
    #[must_use]
    pub const fn is_empty(&self) -> bool {
        self.documentation_gaps.is_empty() && self.pitfalls.is_empty()
    }

    /// What `self` has and `other` has not.
    #[must_use]
    pub const fn difference(self, other: Problems) -> Problems {
        Problems {
            documentation_gaps: self.documentation_gaps.difference(other.documentation_gaps),
            pitfalls: self.pitfalls.difference(other.pitfalls),
        }
    }
}

/// One step of a plan with what it does for the plan.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct PlanStep {
    /// The change.
    pub step: Step,
    /// The gaps and pitfalls present after the plan without this step and absent after the
    /// whole plan.
    pub clears: Problems,
    /// The coverage outlook of the plan without this step.
    pub without: Coverage,
}

/// The path to coverage of one case under one policy (docs/plan.md).
///
/// ```
/// use edx_coverage::{plan, Case, Coverage, Policy, StepKind};
///
/// let case: Case = serde_json::from_str(
///     r#"{"diagnoses":[{"code":"R25.2"}],
///         "findings":[{"kind":"fasciculations","source":"exam"}],
///         "differential":["motor_neuron_disease"]}"#,
/// )?;
/// let p = plan(&case, &Policy::default());
/// assert_eq!(p.from(), Coverage::AtRisk);
/// assert_eq!(p.target(), Coverage::LikelyCovered);
/// let kinds: Vec<_> = p.steps().iter().map(|s| s.step.kind()).collect();
/// assert_eq!(kinds, [StepKind::AddFindingCodes]);
/// assert!(p.remaining().is_empty());
/// println!("{p}"); // the path, for the clinician
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Plan {
    pub(crate) from: Coverage,
    pub(crate) target: Coverage,
    pub(crate) steps: Vec<PlanStep>,
    pub(crate) remaining: Problems,
    /// The claim lines after the steps, in code order (by code, units, studies).
    pub(crate) lines_after: Vec<Procedure>,
}

impl Plan {
    /// The ruleset identifier, [`RULESET`](crate::RULESET).
    #[must_use]
    pub const fn ruleset(&self) -> &'static str {
        crate::RULESET
    }

    /// The coverage outlook of the case as it is.
    #[must_use]
    pub const fn from(&self) -> Coverage {
        self.from
    }

    /// The best outlook some set of candidate steps reaches.
    #[must_use]
    pub const fn target(&self) -> Coverage {
        self.target
    }

    /// The steps, in candidate order; empty when the target is `likely_denied` or nothing
    /// needs changing.
    #[must_use]
    pub fn steps(&self) -> &[PlanStep] {
        &self.steps
    }

    /// The gaps and pitfalls left after the steps (of the case itself when there are none).
    #[must_use]
    pub const fn remaining(&self) -> Problems {
        self.remaining
    }

    /// The claim lines after the steps (the case's own when there are none), ordered by code,
    /// then units, then study count, so the list does not depend on the order of the input.
    #[must_use]
    pub fn claim_lines_after(&self) -> &[Procedure] {
        &self.lines_after
    }

    /// Whether some step is conditional (the conservative trial).
    #[must_use]
    pub fn is_conditional(&self) -> bool {
        self.steps.iter().any(|s| s.step.conditional())
    }
}

/// The path to coverage of a case under a policy (docs/plan.md).
///
/// Total, pure and deterministic like [`evaluate`](crate::evaluate): the same
/// `(case, policy)` always gives the same plan, whatever the order of the case's entries or
/// the duplication of entries outside `procedures`. It evaluates the case once per subset of
/// the candidate steps: at most 256 subsets, since no case has more than eight candidates
/// (removing conflicting EMG codes needs an NCS line and an add-on code, stand-alone EMG codes
/// need an add-on code without NCS, adding needle EMG needs NCS without any needle EMG).
#[must_use]
pub fn plan(case: &Case, policy: &Policy) -> Plan {
    search::plan(case, policy)
}
