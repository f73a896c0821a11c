//! Coverage outlook (RULES.md): first row that holds decides.
//!
//! Coverage follows medical necessity and its documentation: a symptom code with nothing
//! behind it is not enough \[1\].

use super::rule::Rule;
use crate::outcome::Coverage::{self, *};
use crate::outcome::Indication;
use crate::reason::RuleId::*;

pub(crate) const RULES: &[Rule<Coverage>] = &[
    Rule {
        id: CovLikelyCovered,
        output: LikelyCovered,
        cites: &[1],
        sources: &[],
        when: |_, d| {
            d.indication == Indication::Indicated
                && d.documentation_gaps.is_empty()
                && d.pitfalls.is_empty()
        },
    },
    Rule {
        id: CovAtRisk,
        output: AtRisk,
        cites: &[1],
        sources: &[],
        when: |_, d| d.indication == Indication::Indicated,
    },
    Rule {
        id: CovLikelyDenied,
        output: LikelyDenied,
        cites: &[1],
        sources: &[],
        when: |_, _| true,
    },
];
