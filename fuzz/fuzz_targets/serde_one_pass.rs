//! `serde_json::from_str::<Case>` / `::<Policy>` (the `Deserialize` impls, one pass that
//! builds the tree only from the first value it cannot vouch for) answer exactly as the
//! path-tracking tree alone: the same case or policy, or the same error text, serde_json's
//! position suffix included.
//!
//! Input: any bytes; those that are not UTF-8 are skipped (`from_str` takes `&str`).
#![no_main]

use edx_coverage::json::fuzzing::{case_serde, case_serde_tree, policy_serde, policy_serde_tree};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    assert_eq!(case_serde(text), case_serde_tree(text), "case {text:?}");
    assert_eq!(
        policy_serde(text),
        policy_serde_tree(text),
        "policy {text:?}"
    );
});
