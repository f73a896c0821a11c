//! The rules, one module per family, each rule a row of data next to its citation.
//!
//! A family is a table of [`Rule`]s in the specification's declaration order. Applying a
//! table tests each row's predicate against the [`Facts`] (and what earlier families
//! decided) and records the row's output and its [`RuleId`]. Because outputs live in bit
//! sets, the emitted order is the declaration order whatever order rows fire in.
//!
//! Families run in dependency order: red flags → suspected conditions → indication →
//! documentation gaps → pitfalls (and procedure corrections) → coverage → suggested codes →
//! recommendations.

use crate::citation::Source;
use crate::determination::Determination;
use crate::facts::Facts;
use crate::reason::RuleId;
use crate::set::{Member, Set};

pub(crate) mod codes;
pub(crate) mod coverage;
pub(crate) mod gaps;
pub(crate) mod indication;
pub(crate) mod pitfalls;
pub(crate) mod recommendations;
pub(crate) mod red_flags;
pub(crate) mod suspected;

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

/// Runs every family in order.
pub(crate) fn apply(facts: &Facts, det: &mut Determination) {
    det.red_flags = all_that_apply(red_flags::RULES, facts, det);
    det.suspected_conditions = all_that_apply(suspected::RULES, facts, det);
    det.indication = first_match(indication::RULES, facts, det).unwrap_or(det.indication);
    det.documentation_gaps = all_that_apply(gaps::RULES, facts, det);
    det.pitfalls = all_that_apply(pitfalls::RULES, facts, det);
    det.procedure_corrections = facts.procedures.corrections;
    det.coverage = first_match(coverage::RULES, facts, det).unwrap_or(det.coverage);
    codes::apply(facts, det);
    det.recommendations = all_that_apply(recommendations::RULES, facts, det);
    recommendations::apply_labs(facts, det);
}

/// What a rule rests on: the article's reference numbers and any other sources.
pub(crate) type Basis = (&'static [u8], &'static [Source]);

fn basis_in<O>(rules: &[Rule<O>], id: RuleId) -> Option<Basis> {
    rules
        .iter()
        .find(|r| r.id == id)
        .map(|r| (r.cites, r.sources))
}

/// The basis of a rule id, looked up in its family's table.
pub(crate) fn basis(id: RuleId) -> Option<Basis> {
    basis_in(red_flags::RULES, id)
        .or_else(|| basis_in(suspected::RULES, id))
        .or_else(|| basis_in(indication::RULES, id))
        .or_else(|| basis_in(gaps::RULES, id))
        .or_else(|| basis_in(pitfalls::RULES, id))
        .or_else(|| basis_in(coverage::RULES, id))
        .or_else(|| (id == codes::RULE).then_some((codes::CITES, &[][..])))
        .or_else(|| basis_in(recommendations::RULES, id))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids<O>(rules: &[Rule<O>]) -> Vec<RuleId> {
        rules.iter().map(|r| r.id).collect()
    }

    #[test]
    fn every_rule_id_is_in_exactly_one_table_with_a_cited_basis() {
        let mut all = Vec::new();
        all.extend(ids(red_flags::RULES));
        all.extend(ids(suspected::RULES));
        all.extend(ids(indication::RULES));
        all.extend(ids(gaps::RULES));
        all.extend(ids(pitfalls::RULES));
        all.extend(ids(coverage::RULES));
        all.push(codes::RULE);
        all.extend(ids(recommendations::RULES));
        assert_eq!(
            all,
            RuleId::ALL,
            "tables and RuleId must list rules in one order"
        );
        for id in RuleId::ALL {
            let (cites, sources) = basis(*id).unwrap();
            assert!(
                !cites.is_empty() || !sources.is_empty(),
                "{id} has no basis"
            );
            assert!(cites.iter().all(|n| (1..=7).contains(n)), "{id}");
        }
    }
}
