//! The rules, one module per family, each rule a row of data next to its citation.
//!
//! A family is a table of [`Rule`](rule::Rule)s in declaration order. Applying a
//! table tests each row's predicate against the [`Facts`] (and what earlier families
//! decided) and records the row's output and its [`RuleId`](crate::RuleId). Because
//! outputs live in bit sets, the emitted order is the declaration order whatever order rows
//! fire in.
//!
//! Families run in dependency order: red flags → suspected conditions → indication →
//! documentation gaps → pitfalls (and procedure corrections) → coverage → suggested codes →
//! recommendations.

use crate::determination::Determination;
use crate::facts::Facts;
use rule::{all_that_apply, first_match};

mod basis;
pub(crate) mod codes;
pub(crate) mod coverage;
pub(crate) mod gaps;
pub(crate) mod indication;
pub(crate) mod pitfalls;
pub(crate) mod recommendations;
pub(crate) mod red_flags;
pub(crate) mod rule;
pub(crate) mod suspected;

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
