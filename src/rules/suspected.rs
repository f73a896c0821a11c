//! Suspected conditions (RULES.md): the clinical scenarios in which the article says testing
//! is appropriate.

use super::rule::Rule;
use crate::model::finding::group;
use crate::model::FindingKind::*;
use crate::outcome::SuspectedCondition::{self, *};
use crate::reason::RuleId::*;

pub(crate) const RULES: &[Rule<SuspectedCondition>] = &[
    // Persistent cramps with visible fasciculations (or myokymia): peripheral nerve
    // hyperexcitability [2, 3].
    Rule {
        id: ScCrampFasciculation,
        output: CrampFasciculationSyndrome,
        cites: &[2, 3],
        sources: &[],
        when: |f, _| f.present.intersects(group::HYPEREXCITABILITY),
    },
    // Altered sensation, weakness or atrophy, abnormal reflexes: nerve damage [4].
    Rule {
        id: ScPeripheralNeuropathy,
        output: PeripheralNeuropathy,
        cites: &[4],
        sources: &[],
        when: |f, _| f.present.intersects(group::NEUROPATHY_SIGN),
    },
    // Refractory to conservative management, progressively worse, or with weakness [5].
    Rule {
        id: ScProgressiveOrRefractory,
        output: ProgressiveOrRefractoryCramps,
        cites: &[5],
        sources: &[],
        when: |f, _| f.has(ProgressiveCourse) || f.refractory || f.has(MuscleWeakness),
    },
    // A task-related pattern suggests focal dystonia rather than benign cramps [6].
    Rule {
        id: ScOccupationalDystonia,
        output: OccupationalDystonia,
        cites: &[6],
        sources: &[],
        when: |f, _| f.task(),
    },
];
