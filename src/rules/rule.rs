//! One rule as a row of data, and the two ways a family's table is applied.

use crate::citation::Source;
use crate::determination::Determination;
use crate::facts::Facts;
use crate::reason::RuleId;
use crate::set::{Member, Set};

/// One rule: when `when` holds, the family gains `output` and the reasons gain `id`.
pub(crate) struct Rule<O: 'static> {
    /// Stable identifier.
    pub id: RuleId,
    /// What the rule adds (or decides, for first-match families).
    pub output: O,
    /// The article's reference numbers behind the rule.
    pub cites: &'static [u8],
    /// Sources beyond the article (payer policies, code-set descriptors).
    pub sources: &'static [Source],
    /// The condition, over the facts and the families decided before this one.
    pub when: fn(&Facts, &Determination) -> bool,
}

/// Applies an all-that-apply family: every rule whose condition holds adds its output.
pub(crate) fn all_that_apply<O: Member>(
    rules: &[Rule<O>],
    facts: &Facts,
    det: &mut Determination,
) -> Set<O> {
    let mut out = Set::new();
    for rule in rules {
        if (rule.when)(facts, det) {
            out.insert(rule.output);
            det.reasons.insert(rule.id);
        }
    }
    out
}

/// Applies a first-match family: the first rule that holds decides the output; every rule
/// that holds *and agrees with it* is recorded as a reason (so an indication resting on both
/// a red flag and a failed trial cites both). `None` only if no row holds, which the last
/// row of each first-match table rules out.
pub(crate) fn first_match<O: Copy + Eq>(
    rules: &[Rule<O>],
    facts: &Facts,
    det: &mut Determination,
) -> Option<O> {
    let decided = rules.iter().find(|r| (r.when)(facts, det))?.output;
    for rule in rules.iter().filter(|r| r.output == decided) {
        if (rule.when)(facts, det) {
            det.reasons.insert(rule.id);
        }
    }
    Some(decided)
}
