//! Conservative management already tried (RULES.md, *completed trial*).

use crate::vocab::vocabulary;

vocabulary! {
    /// A conservative therapy.
    pub enum Therapy as "therapy" {
        Hydration = "hydration": "Hydration.",
        ElectrolyteCorrection = "electrolyte_correction": "Correction of electrolytes.",
        Stretching = "stretching": "Stretching.",
        MembraneStabilizer = "membrane_stabilizer": "A membrane-stabilising medicine.",
        Other = "other": "Another conservative therapy.",
    }
}

vocabulary! {
    /// How a trial went.
    pub enum TrialOutcome as "trial outcome" {
        Resolved = "resolved": "The cramps stopped.",
        Improved = "improved": "The cramps got better.",
        Unchanged = "unchanged": "No change.",
        Worsened = "worsened": "The cramps got worse.",
        Ongoing = "ongoing": "Still under way.",
    }
}

/// One conservative trial: therapy, outcome, and how many days it ran (if known).
///
/// ```
/// use edx_coverage::{ConservativeTrial, Therapy, TrialOutcome};
///
/// let t = ConservativeTrial::new(Therapy::Stretching, TrialOutcome::Unchanged).with_days(42);
/// assert_eq!(t.duration_days, Some(42));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ConservativeTrial {
    /// What was tried.
    pub therapy: Therapy,
    /// How it went.
    pub outcome: TrialOutcome,
    /// How long it ran, in days, when documented.
    pub duration_days: Option<u32>,
}

impl ConservativeTrial {
    /// A trial with no documented duration.
    #[must_use]
    pub const fn new(therapy: Therapy, outcome: TrialOutcome) -> Self {
        ConservativeTrial {
            therapy,
            outcome,
            duration_days: None,
        }
    }

    /// The same trial with a duration.
    #[must_use]
    pub const fn with_days(mut self, days: u32) -> Self {
        self.duration_days = Some(days);
        self
    }
}
