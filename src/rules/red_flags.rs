//! Red flags (RULES.md, `RF-*` rows; kinds 1–13 of [`FindingKind`]): findings that call for electrodiagnostic evaluation.
//!
//! Citations follow the article's red-flag list: twitching/myokymia \[3\]; weakness, atrophy,
//! reflexes and examined sensory change \[4\]; sensory symptoms and autonomic signs \[2\];
//! progression and functional impact \[5\]; family history \[7\].

use super::rule::Rule;
use crate::model::FindingKind::{self, *};
use crate::reason::RuleId::*;

/// One rule per red-flag kind: the kind is a red flag when present.
pub(crate) const RULES: &[Rule<FindingKind>] = &[
    Rule {
        id: RfFasciculations,
        output: Fasciculations,
        cites: &[3],
        sources: &[],
        when: |f, _| f.has(Fasciculations),
    },
    Rule {
        id: RfMyokymia,
        output: Myokymia,
        cites: &[3],
        sources: &[],
        when: |f, _| f.has(Myokymia),
    },
    Rule {
        id: RfMuscleWeakness,
        output: MuscleWeakness,
        cites: &[4],
        sources: &[],
        when: |f, _| f.has(MuscleWeakness),
    },
    Rule {
        id: RfMuscleAtrophy,
        output: MuscleAtrophy,
        cites: &[4],
        sources: &[],
        when: |f, _| f.has(MuscleAtrophy),
    },
    Rule {
        id: RfAbnormalReflexes,
        output: AbnormalReflexes,
        cites: &[4],
        sources: &[],
        when: |f, _| f.has(AbnormalReflexes),
    },
    Rule {
        id: RfSensoryLoss,
        output: SensoryLoss,
        cites: &[4],
        sources: &[],
        when: |f, _| f.has(SensoryLoss),
    },
    Rule {
        id: RfNumbness,
        output: Numbness,
        cites: &[2],
        sources: &[],
        when: |f, _| f.has(Numbness),
    },
    Rule {
        id: RfBurningPain,
        output: BurningPain,
        cites: &[2],
        sources: &[],
        when: |f, _| f.has(BurningPain),
    },
    Rule {
        id: RfNeuropathicPain,
        output: NeuropathicPain,
        cites: &[2],
        sources: &[],
        when: |f, _| f.has(NeuropathicPain),
    },
    Rule {
        id: RfAutonomicDysfunction,
        output: AutonomicDysfunction,
        cites: &[2],
        sources: &[],
        when: |f, _| f.has(AutonomicDysfunction),
    },
    Rule {
        id: RfProgressiveCourse,
        output: ProgressiveCourse,
        cites: &[5],
        sources: &[],
        when: |f, _| f.has(ProgressiveCourse),
    },
    Rule {
        id: RfFunctionalImpairment,
        output: FunctionalImpairment,
        cites: &[5],
        sources: &[],
        when: |f, _| f.has(FunctionalImpairment),
    },
    Rule {
        id: RfFamilyHistory,
        output: FamilyHistoryNeuromuscular,
        cites: &[7],
        sources: &[],
        when: |f, _| f.has(FamilyHistoryNeuromuscular),
    },
];
