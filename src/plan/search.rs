//! The search (docs/plan.md, the target and the search): every subset of the candidates is
//! applied to a copy of the case and evaluated with the crate's own rules; the target is the
//! best outlook reached, and the plan the subset that reaches it with the fewest remaining
//! problems, then the fewest steps, then first in candidate order.
//!
//! Subsets are visited depth first, each built from the subset without its last step, so
//! every subset costs one copy of the case (into a case kept per depth, so no allocation
//! once the lists are long enough), one step and one evaluation.

use crate::determination::Determination;
use crate::evaluate;
use crate::model::{Case, Procedure};
use crate::outcome::Coverage;
use crate::policy::Policy;

use super::candidates::{apply, candidates, Context};
use super::{Plan, PlanStep, Problems, StepKind};

/// What the rules say about the case after one subset of the candidates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Outcome {
    coverage: Coverage,
    problems: Problems,
}

impl Outcome {
    fn of(det: &Determination) -> Outcome {
        Outcome {
            coverage: det.coverage,
            problems: Problems {
                documentation_gaps: det.documentation_gaps,
                pitfalls: det.pitfalls,
            },
        }
    }
}

/// The candidates and the outcome of each subset, indexed by a bit mask over the candidates
/// (bit `i` = the `i`th candidate in candidate order).
struct Search<'a> {
    policy: &'a Policy,
    original: &'a Determination,
    kinds: Vec<StepKind>,
    outcomes: Vec<Outcome>,
    /// One case per depth of the search, reused by every subset at that depth (a subset's
    /// case is its parent's copied in with `clone_from`, which keeps the lists' memory).
    scratch: Vec<Option<Case>>,
}

impl Search<'_> {
    /// Visits every subset that adds candidates after `next - 1` to `mask`, whose case is
    /// `case` with determination `det`.
    fn visit(&mut self, case: &Case, det: &Determination, mask: usize, next: usize) {
        // The subsets made here have one step more than `mask`: their depth.
        let depth = mask.count_ones() as usize;
        for i in next..self.kinds.len() {
            let Some(&kind) = self.kinds.get(i) else {
                break;
            };
            let mut changed = match self.scratch.get_mut(depth).and_then(Option::take) {
                Some(mut reused) => {
                    reused.clone_from(case);
                    reused
                }
                None => case.clone(),
            };
            let cx = Context {
                policy: self.policy,
                original: self.original,
                suspected: det.suspected_conditions,
            };
            apply(kind, &mut changed, &cx);
            let changed_det = evaluate(&changed, self.policy);
            let sub = mask | (1 << i);
            if let Some(slot) = self.outcomes.get_mut(sub) {
                *slot = Outcome::of(&changed_det);
            }
            self.visit(&changed, &changed_det, sub, i + 1);
            if let Some(slot) = self.scratch.get_mut(depth) {
                *slot = Some(changed);
            }
        }
    }

    fn outcome(&self, mask: usize) -> Outcome {
        self.outcomes
            .get(mask)
            .copied()
            .unwrap_or(Outcome::of(self.original))
    }
}

/// Whether subset `a` comes before subset `b`: fewer remaining problems, then fewer steps,
/// then the first in candidate order (sorted step numbers compared lexicographically: the
/// lowest step in one subset and not the other decides).
fn better(a: (usize, Outcome), b: (usize, Outcome)) -> bool {
    let key = |(mask, o): (usize, Outcome)| (o.problems.len(), mask.count_ones());
    match key(a).cmp(&key(b)) {
        core::cmp::Ordering::Less => true,
        core::cmp::Ordering::Greater => false,
        core::cmp::Ordering::Equal => {
            let differ = a.0 ^ b.0;
            differ != 0 && a.0 & differ & differ.wrapping_neg() != 0
        }
    }
}

pub(super) fn plan(case: &Case, policy: &Policy) -> Plan {
    let original = evaluate(case, policy);
    let kinds: Vec<StepKind> = candidates(case, policy, &original).iter().collect();
    let subsets = 1usize << kinds.len();
    let mut search = Search {
        policy,
        original: &original,
        kinds,
        outcomes: vec![Outcome::of(&original); subsets],
        scratch: Vec::new(),
    };
    search.scratch.resize_with(search.kinds.len(), || None);
    search.visit(case, &original, 0, 0);

    let target = search
        .outcomes
        .iter()
        .map(|o| o.coverage)
        .min()
        .unwrap_or(original.coverage);
    let from = original.coverage;
    if target == Coverage::LikelyDenied {
        return Plan {
            from,
            target,
            steps: Vec::new(),
            remaining: Outcome::of(&original).problems,
            lines_after: in_code_order(case.procedures.clone()),
        };
    }
    let mut best = (0usize, Outcome::of(&original));
    for (mask, &o) in search.outcomes.iter().enumerate() {
        if o.coverage == target && (best.1.coverage != target || better((mask, o), best)) {
            best = (mask, o);
        }
    }
    let (chosen, reached) = best;
    let (steps, lines_after) = if chosen == 0 {
        (Vec::new(), case.procedures.clone())
    } else {
        let (steps, after) = replay(&search, case, chosen);
        (steps, after.procedures)
    };
    Plan {
        from,
        target,
        steps,
        remaining: reached.problems,
        lines_after: in_code_order(lines_after),
    }
}

/// Claim lines by code, then units, then study count.
fn in_code_order(mut lines: Vec<Procedure>) -> Vec<Procedure> {
    lines.sort_unstable_by_key(|p| (p.cpt, p.units, p.studies));
    lines
}

/// Applies the chosen subset again, in candidate order, to record what each step changes,
/// what it clears and the outlook without it; returns the steps and the changed case.
fn replay(search: &Search<'_>, case: &Case, chosen: usize) -> (Vec<PlanStep>, Case) {
    let whole = search.outcome(chosen);
    let mut current = case.clone();
    let mut det = search.original.clone();
    let mut steps = Vec::new();
    for (i, &kind) in search.kinds.iter().enumerate() {
        let bit = 1usize << i;
        if chosen & bit == 0 {
            continue;
        }
        let cx = Context {
            policy: search.policy,
            original: search.original,
            suspected: det.suspected_conditions,
        };
        let step = apply(kind, &mut current, &cx);
        let without = search.outcome(chosen & !bit);
        steps.push(PlanStep {
            step,
            clears: without.problems.difference(whole.problems),
            without: without.coverage,
        });
        det = evaluate(&current, search.policy);
    }
    (steps, current)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::outcome::Pitfall;
    use crate::set::Set;

    fn with(pitfalls: &[Pitfall]) -> Outcome {
        Outcome {
            coverage: Coverage::AtRisk,
            problems: Problems {
                documentation_gaps: Set::new(),
                pitfalls: pitfalls.iter().copied().collect(),
            },
        }
    }

    #[test]
    fn fewer_problems_then_fewer_steps_then_candidate_order() {
        let none = with(&[]);
        let one = with(&[Pitfall::SymptomOnlyCoding]);
        // Fewer remaining problems win over fewer steps.
        assert!(better((0b111, none), (0b1, one)));
        assert!(!better((0b1, one), (0b111, none)));
        // Then fewer steps.
        assert!(better((0b100, none), (0b011, none)));
        assert!(!better((0b011, none), (0b100, none)));
        // Then the sorted step numbers, lexicographically: {0, 2} before {1, 2}, {0, 3}
        // before {1, 2}.
        assert!(better((0b0101, none), (0b0110, none)));
        assert!(!better((0b0110, none), (0b0101, none)));
        assert!(better((0b1001, none), (0b0110, none)));
        // A subset is not better than itself.
        assert!(!better((0b0101, none), (0b0101, none)));
    }
}
