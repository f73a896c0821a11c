//! What each rule rests on: its citations and other sources, read from the family tables,
//! so a citation is written once, beside its rule.

use super::rule::Rule;
use super::{codes, coverage, gaps, indication, pitfalls, recommendations, red_flags, suspected};
use crate::citation::Source;
use crate::reason::{Reason, RuleId};
use crate::set::Member;

/// What a rule rests on: the article's reference numbers and any other sources.
pub(crate) type Basis = (&'static [u8], &'static [Source]);

/// How many rule ids there are.
const COUNT: usize = <RuleId as Member>::ALL.len();

/// Every rule's basis by its position in [`RuleId::ALL`], built when the crate compiles from
/// the family tables, which list the rules in that order one family after the other (a
/// test checks the order), so a look-up is one index, not a search of the tables.
static BASES: [Basis; COUNT] = {
    let out = [(&[] as &[u8], &[] as &[Source]); COUNT];
    let (out, at) = append(out, 0, red_flags::RULES);
    let (out, at) = append(out, at, suspected::RULES);
    let (out, at) = append(out, at, indication::RULES);
    let (out, at) = append(out, at, gaps::RULES);
    let (out, at) = append(out, at, pitfalls::RULES);
    let (mut out, at) = append(out, at, coverage::RULES);
    // Only evaluated at compile time, where an out-of-range index is a build error.
    #[allow(clippy::indexing_slicing)]
    {
        out[at] = (codes::CITES, &[]);
    }
    let (out, _) = append(out, at + 1, recommendations::RULES);
    out
};

/// `out` with the bases of `rules` from position `at` on, and the position after them.
/// Only evaluated at compile time (for [`BASES`]), where an out-of-range index is a build
/// error.
#[allow(clippy::indexing_slicing)]
const fn append<O>(
    mut out: [Basis; COUNT],
    at: usize,
    rules: &[Rule<O>],
) -> ([Basis; COUNT], usize) {
    let mut i = 0;
    while i < rules.len() {
        out[at + i] = (rules[i].cites, rules[i].sources);
        i += 1;
    }
    (out, at + rules.len())
}

/// The basis of a rule id.
pub(crate) fn basis(id: RuleId) -> Option<Basis> {
    BASES.get(id.index() as usize).copied()
}

impl RuleId {
    /// The article's reference numbers (1–7) behind this rule; see [`citation`](fn@crate::citation).
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

    /// The look-up as it was: each family's table searched in turn.
    fn searched(id: RuleId) -> Option<Basis> {
        fn basis_in<O>(rules: &[Rule<O>], id: RuleId) -> Option<Basis> {
            rules
                .iter()
                .find(|r| r.id == id)
                .map(|r| (r.cites, r.sources))
        }
        basis_in(red_flags::RULES, id)
            .or_else(|| basis_in(suspected::RULES, id))
            .or_else(|| basis_in(indication::RULES, id))
            .or_else(|| basis_in(gaps::RULES, id))
            .or_else(|| basis_in(pitfalls::RULES, id))
            .or_else(|| basis_in(coverage::RULES, id))
            .or_else(|| (id == codes::RULE).then_some((codes::CITES, &[][..])))
            .or_else(|| basis_in(recommendations::RULES, id))
    }

    /// The table built at compile time gives every rule the basis its family's table gives
    /// it.
    #[test]
    fn the_table_is_the_search_of_the_family_tables() {
        for &id in RuleId::ALL {
            assert_eq!(basis(id), searched(id), "{id}");
        }
        assert_eq!(BASES.len(), RuleId::ALL.len());
    }

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
