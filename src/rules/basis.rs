//! What each rule rests on: its citations and other sources, read from the family tables,
//! so a citation is written once, beside its rule.

use super::rule::Rule;
use super::{codes, coverage, gaps, indication, pitfalls, recommendations, red_flags, suspected};
use crate::citation::Source;
use crate::reason::{Reason, RuleId};

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

impl RuleId {
    /// The article's reference numbers (1–7) behind this rule; see [`citation`](crate::citation).
    #[must_use]
    pub fn citations(self) -> &'static [u8] {
        basis(self).map_or(&[], |(cites, _)| cites)
    }

    /// Sources beyond the article (payer policies, code-set descriptors) behind this rule.
    /// Empty for the article-based rules of ruleset 1.
    #[must_use]
    pub fn sources(self) -> &'static [Source] {
        basis(self).map_or(&[], |(_, sources)| sources)
    }
}

impl Reason {
    /// The article's reference numbers behind it.
    #[must_use]
    pub fn citations(&self) -> &'static [u8] {
        self.rule().citations()
    }

    /// The other sources behind it (see [`Source`]).
    #[must_use]
    pub fn sources(&self) -> &'static [Source] {
        self.rule().sources()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::set::Member;

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
