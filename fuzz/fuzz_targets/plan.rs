//! `plan` (the path to coverage) and `json::plan_str`: never panic on any case; the plan
//! serialises, agrees with the one-call helper, and holds what docs/plan.md promises (a
//! `likely_denied` target has no steps; the target is never worse than the case as it is;
//! each step's `without` is never better than the target).
//!
//! Input: case text, optionally NUL and policy text; bytes that are not UTF-8 are skipped.
#![no_main]

use edx_coverage::json::{parse_inputs, plan_str};
use edx_coverage::{plan, Coverage};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let (case, policy) = match text.split_once('\0') {
        Some((c, p)) => (c, Some(p)),
        None => (text, None),
    };
    let Ok((case_value, policy_value)) = parse_inputs(case, policy) else {
        assert!(plan_str(case, policy).is_err());
        return;
    };
    let p = plan(&case_value, &policy_value);
    assert!(
        p.target() <= p.from(),
        "the target is never worse than the case"
    );
    if p.target() == Coverage::LikelyDenied {
        assert!(p.steps().is_empty());
    }
    for s in p.steps() {
        assert!(s.without >= p.target());
    }
    let json = serde_json::to_string(&p).unwrap();
    assert_eq!(plan_str(case, policy).unwrap(), json);
});
