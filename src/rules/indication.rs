//! Indication (RULES.md): the first row that holds decides; rows that agree with it are all
//! recorded as reasons.

use super::rule::Rule;
use crate::outcome::Indication::{self, *};
use crate::reason::RuleId::*;

pub(crate) const RULES: &[Rule<Indication>] = &[
    // Test when clinical features suggest a nerve hyperexcitability syndrome or a
    // neuromuscular disorder [1]; red flags found on history and exam warrant it [3, 5].
    Rule {
        id: IndRedFlag,
        output: Indicated,
        cites: &[1, 3, 5],
        sources: &[],
        when: |f, _| f.red_flag(),
    },
    // Coverage turns on findings that suggest a specific neuromuscular disorder [1].
    Rule {
        id: IndSpecificDiagnosis,
        output: Indicated,
        cites: &[1],
        sources: &[],
        when: |f, _| f.specific_dx(),
    },
    // Task-related cramps suggest focal dystonia [6].
    Rule {
        id: IndTaskSpecific,
        output: Indicated,
        cites: &[6],
        sources: &[],
        when: |f, _| f.task(),
    },
    // Cramps refractory to conservative management [5].
    Rule {
        id: IndRefractory,
        output: Indicated,
        cites: &[5],
        sources: &[],
        when: |f, _| f.refractory,
    },
    // Cramps that respond to hydration, stretching or electrolytes need no testing [5].
    Rule {
        id: IndNotResponsive,
        output: NotIndicated,
        cites: &[5],
        sources: &[],
        when: |f, _| f.responsive,
    },
    // Isolated nocturnal or exercise-associated cramps need no testing [5].
    Rule {
        id: IndNotBenignPattern,
        output: NotIndicated,
        cites: &[5],
        sources: &[],
        when: |f, _| f.benign_pattern(),
    },
    // Otherwise: clinical diagnosis and a therapeutic trial first [5]; keep testing for
    // symptoms that persist despite treatment [3].
    Rule {
        id: IndNotYet,
        output: NotYetIndicated,
        cites: &[3, 5],
        sources: &[],
        when: |_, _| true,
    },
];
