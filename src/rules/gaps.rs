//! Documentation gaps (RULES.md): what an indicated study still needs in the record.

use super::rule::Rule;
use crate::outcome::DocumentationGap::{self, *};
use crate::outcome::Indication;
use crate::reason::RuleId::*;

pub(crate) const RULES: &[Rule<DocumentationGap>] = &[
    // Testing without documented examination findings lacks clinical correlation [1].
    Rule {
        id: GapPhysicalExam,
        output: PhysicalExam,
        cites: &[1],
        sources: &[],
        when: |f, d| d.indication == Indication::Indicated && !f.exam_documented,
    },
    // The record must show specific neurological findings beyond the cramps [1].
    Rule {
        id: GapNeurologicalFindings,
        output: NeurologicalFindings,
        cites: &[1],
        sources: &[],
        when: |f, d| d.indication == Indication::Indicated && !f.justified(),
    },
    // ...or that symptoms persisted despite conservative treatment [5].
    Rule {
        id: GapConservativeTrial,
        output: ConservativeTrial,
        cites: &[5],
        sources: &[],
        when: |f, d| d.indication == Indication::Indicated && !f.justified() && !f.refractory,
    },
    // The record should say what the study must tell apart [1].
    Rule {
        id: GapDifferential,
        output: DifferentialDiagnosis,
        cites: &[1],
        sources: &[],
        when: |f, d| {
            d.indication == Indication::Indicated
                && f.policy.require_differential
                && !f.differential_documented
                && !f.specific_dx()
        },
    },
];
