//! Suggested codes (RULES.md): the candidate code of each present finding that is not on the
//! order yet. The record must carry the findings behind the study, and so should the
//! claim \[1\].

use crate::codes::CANDIDATE_CODES;
use crate::determination::Determination;
use crate::facts::Facts;
use crate::reason::RuleId;

/// The rule's id.
pub(crate) const RULE: RuleId = RuleId::CodeCandidate;
/// The rule's citations.
pub(crate) const CITES: &[u8] = &[1];

pub(crate) fn apply(facts: &Facts, det: &mut Determination) {
    for (kind, _) in CANDIDATE_CODES {
        det.suggested_codes.insert_if(
            facts.has(*kind) && !facts.already_coded.contains(*kind),
            *kind,
        );
    }
    det.reasons.insert_if(!det.suggested_codes.is_empty(), RULE);
}
