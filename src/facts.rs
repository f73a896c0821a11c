//! The facts the rules read, gathered from a case in one linear pass (RULES.md).
//!
//! Rules never look at the raw lists: they read these facts, so each rule is a one-line
//! predicate and the cost of evaluation is one pass over the input plus a constant.

use crate::code_set::CodeStatus;
use crate::codes::classes::classify_shape;
use crate::codes::{CANDIDATE_CODES, EMG_ADD_ON_CONFLICTS};
use crate::correction::Corrections;
use crate::model::finding::group;
use crate::model::{
    Case, CodeClass, CptFamily, FindingKind, FindingSource, FindingStatus, LabOutcome, LabTest,
    Procedure, Therapy, TrialOutcome,
};
use crate::policy::Policy;
use crate::set::Set;

/// Whether the facts read the code set (ruleset 4) or only the classification lists (the
/// ruleset 3 reading, kept for the tests that compare the two).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CodeSet {
    /// Statuses from the code set; unknown codes are `other`.
    Read,
    /// Every code billable, classes by the lists alone.
    Ignore,
}

/// What the record establishes, independent of input order and duplication.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Facts {
    pub policy: Policy,
    /// Kinds with at least one `present` record, whatever its source.
    pub present: Set<FindingKind>,
    /// Some finding record (any kind, any status) comes from the examination.
    pub exam_documented: bool,
    /// The classes of the diagnosis codes.
    pub classes: Set<CodeClass>,
    /// The code-set statuses of the diagnosis codes (ruleset 4).
    pub statuses: Set<CodeStatus>,
    /// Finding kinds whose candidate code is already among the diagnoses.
    pub already_coded: Set<FindingKind>,
    /// Some trial is completed (RULES.md, *completed trial*).
    pub completed_trial: bool,
    /// Some completed trial resolved or improved the cramps.
    pub responsive: bool,
    /// Not responsive, and some completed trial left them unchanged or worse.
    pub refractory: bool,
    /// A membrane-stabiliser trial is completed.
    pub membrane_stabilizer_tried: bool,
    /// Panel tests with at least one record (pending counts as ordered).
    pub labs_ordered: Set<LabTest>,
    /// Electrolytes, calcium, magnesium or thyroid function is abnormal.
    pub metabolic_abnormality: bool,
    /// The differential lists at least one condition.
    pub differential_documented: bool,
    /// What the requested procedures are (ruleset 2).
    pub procedures: ProcedureFacts,
    /// Some reason why needle EMG is not done with the NCS is documented (ruleset 3).
    pub needle_emg_excepted: bool,
}

/// What the requested CPT lines amount to (RULES.md, the rows of rulesets 2 and 3).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct ProcedureFacts {
    /// An NCS code (95907–95913) is requested.
    pub ncs: bool,
    /// A needle EMG code (stand-alone or add-on) is requested.
    pub needle_emg: bool,
    /// A needle EMG add-on code (95885–95887) is requested.
    pub emg_add_on: bool,
    /// The point-of-care device code 95905 is requested.
    pub point_of_care: bool,
    /// Repetitive nerve stimulation (95937) is requested.
    pub repetitive_stimulation: bool,
    /// NCS is reported more than once: more than one NCS line (a repeated line counts, as
    /// claim lines do), or an NCS line with more than one unit.
    pub ncs_more_than_once: bool,
    /// An add-on needle EMG code is requested with a code CPT says it is not reported with.
    pub conflicting_emg: bool,
    /// NCS lines whose code is not the code for their documented study count.
    pub corrections: Corrections,
}

/// The requested codes as bits over `95860..=95987` (every code of the CPT table is in it).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Requested(u128);

impl Requested {
    const BASE: u32 = 95860;

    fn bit(code: u32) -> u128 {
        code.checked_sub(Self::BASE)
            .and_then(|i| 1u128.checked_shl(i))
            .unwrap_or(0)
    }

    fn insert(&mut self, code: u32) {
        self.0 |= Self::bit(code);
    }

    fn contains(self, code: u32) -> bool {
        self.0 & Self::bit(code) != 0
    }
}

impl ProcedureFacts {
    fn gather(procedures: &[Procedure]) -> ProcedureFacts {
        let mut p = ProcedureFacts::default();
        let mut requested = Requested::default();
        let mut ncs_lines = 0usize;
        for line in procedures {
            let family = line.cpt.family();
            requested.insert(line.cpt.value());
            p.needle_emg |= family.is_needle_emg();
            p.emg_add_on |= family == CptFamily::NeedleEmgAddOn;
            p.point_of_care |= family == CptFamily::PointOfCare;
            p.repetitive_stimulation |= family == CptFamily::NeuromuscularJunction;
            if family == CptFamily::Ncs {
                p.ncs = true;
                ncs_lines += 1;
                p.ncs_more_than_once |= line.units.get() > 1;
                if let Some(studies) = line.studies {
                    p.corrections.check(line.cpt, studies.get());
                }
            }
        }
        p.ncs_more_than_once |= ncs_lines > 1;
        p.conflicting_emg = EMG_ADD_ON_CONFLICTS.iter().any(|(add_on, others)| {
            requested.contains(*add_on) && others.iter().any(|c| requested.contains(*c))
        });
        p
    }
}

impl Facts {
    pub(crate) fn gather(case: &Case, policy: &Policy, code_set: CodeSet) -> Facts {
        let mut present = Set::new();
        let mut exam_documented = false;
        for f in &case.findings {
            present.insert_if(f.status == FindingStatus::Present, f.kind);
            exam_documented |= f.source == FindingSource::Exam;
        }

        let mut classes = Set::new();
        let mut statuses = Set::new();
        let mut already_coded = Set::new();
        for dx in &case.diagnoses {
            let class = match code_set {
                CodeSet::Read => {
                    statuses.insert(dx.status());
                    dx.class()
                }
                CodeSet::Ignore => classify_shape(&dx.code()),
            };
            classes.insert(class);
            if class == CodeClass::SupportingFinding {
                for (kind, code) in CANDIDATE_CODES {
                    already_coded.insert_if(*code == dx.code(), *kind);
                }
            }
        }

        let mut completed_trial = false;
        let mut responsive = false;
        let mut failed = false;
        let mut membrane_stabilizer_tried = false;
        for t in &case.conservative_trials {
            // A minimum length is there to show that treatment failed; a trial that helped
            // counts whatever its length (RULES.md, *completed trial*).
            let failed_outcome =
                matches!(t.outcome, TrialOutcome::Unchanged | TrialOutcome::Worsened);
            let long_enough = !failed_outcome
                || policy.min_trial_days == 0
                || t.duration_days.is_some_and(|d| d >= policy.min_trial_days);
            if t.outcome == TrialOutcome::Ongoing || !long_enough {
                continue;
            }
            completed_trial = true;
            membrane_stabilizer_tried |= t.therapy == Therapy::MembraneStabilizer;
            match t.outcome {
                TrialOutcome::Resolved | TrialOutcome::Improved => responsive = true,
                TrialOutcome::Unchanged | TrialOutcome::Worsened => failed = true,
                TrialOutcome::Ongoing => {}
            }
        }

        let mut labs_ordered = Set::new();
        let mut metabolic_abnormality = false;
        for lab in &case.labs {
            labs_ordered.insert(lab.test);
            metabolic_abnormality |=
                lab.result == LabOutcome::Abnormal && lab.test != LabTest::CreatineKinase;
        }

        Facts {
            policy: *policy,
            present,
            exam_documented,
            classes,
            statuses,
            already_coded,
            completed_trial,
            responsive,
            refractory: failed && !responsive,
            membrane_stabilizer_tried,
            labs_ordered,
            metabolic_abnormality,
            differential_documented: !case.differential.is_empty(),
            procedures: ProcedureFacts::gather(&case.procedures),
            needle_emg_excepted: !case.needle_emg_exceptions.is_empty(),
        }
    }

    /// Whether `kind` is present.
    pub fn has(&self, kind: FindingKind) -> bool {
        self.present.contains(kind)
    }

    /// Some red flag is present.
    pub fn red_flag(&self) -> bool {
        self.present.intersects(group::RED_FLAG)
    }

    /// Some neurological finding (kinds 1–10) is present.
    pub fn neurological_finding(&self) -> bool {
        self.present.intersects(group::NEURO)
    }

    /// Some diagnosis is `specific_neuromuscular`.
    pub fn specific_dx(&self) -> bool {
        self.classes.contains(CodeClass::SpecificNeuromuscular)
    }

    /// Task-specific cramps are present.
    pub fn task(&self) -> bool {
        self.has(FindingKind::TaskSpecificCramps)
    }

    /// A neurological finding, a specific diagnosis, or task-specific cramps.
    pub fn justified(&self) -> bool {
        self.neurological_finding() || self.specific_dx() || self.task()
    }

    /// Nocturnal or exercise-associated cramps are present.
    pub fn benign_pattern(&self) -> bool {
        self.present.intersects(group::BENIGN_PATTERN)
    }

    /// No red flag, no specific diagnosis, no task-specific cramps.
    pub fn unflagged(&self) -> bool {
        !self.red_flag() && !self.specific_dx() && !self.task()
    }

    /// Some panel test has no record at all.
    pub fn missing_labs(&self) -> Set<LabTest> {
        Set::<LabTest>::all().difference(self.labs_ordered)
    }
}
