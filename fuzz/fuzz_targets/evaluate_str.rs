//! `json::evaluate_str` (the one-call entry point for bindings): never panics on any text;
//! when it accepts, its output parses back as a determination.
//!
//! Input: case text, optionally NUL and policy text; bytes that are not UTF-8 are skipped
//! (a binding hands over `&str`).
#![no_main]

use edx_coverage::json::evaluate_str;
use edx_coverage::Determination;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let (case, policy) = match text.split_once('\0') {
        Some((c, p)) => (c, Some(p)),
        None => (text, None),
    };
    if let Ok(json) = evaluate_str(case, policy) {
        let _: Determination = serde_json::from_str(&json).unwrap();
    }
});
