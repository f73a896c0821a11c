//! The JSON helpers' two passes agree on any text: the fast typed pass accepts exactly what
//! the path-tracking pass accepts, and builds the same case or policy (when it gives up, the
//! helpers use the path-tracking pass, so its errors are the ones hosts see).
//!
//! Input: any bytes; those that are not UTF-8 are skipped (the helpers take `&str`).
#![no_main]

use edx_coverage::json::fuzzing::{case_fast, case_slow, policy_fast, policy_slow};
use edx_coverage::json::{parse_case, parse_policy};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let slow = case_slow(text);
    assert_eq!(case_fast(text), slow.clone().ok(), "case {text:?}");
    assert_eq!(parse_case(text), slow);
    let slow = policy_slow(text);
    assert_eq!(policy_fast(text), slow.clone().ok(), "policy {text:?}");
    assert_eq!(parse_policy(text), slow);
});
