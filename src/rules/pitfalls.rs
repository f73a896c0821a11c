//! Pitfalls (SPEC §5): coding and documentation patterns payers deny, whatever the indication.

use super::Rule;
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
        when: |f, _| !f.exam_documented,
    },
    // Ordering before conservative management of cramps without red flags [5].
    Rule {
        id: PitPrematureTesting,
        output: PrematureTesting,
        cites: &[5],
        when: |f, _| f.unflagged() && !f.completed_trial,
    },
];
