//! Case JSON → evaluate → Determination JSON → back, under several policies.
//!
//! Input: a case document, optionally followed by a NUL byte and a policy document (so
//! one corpus exercises both parsers). Invariants checked:
//! * parsing never panics (Ok or Err);
//! * an accepted case serialises and parses back to itself;
//! * evaluation is total and deterministic, its text explanation renders;
//! * the determination serialises and parses back to itself, with the same JSON text.
#![no_main]

use edx_coverage::{evaluate, Case, Determination, Policy};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let (case_bytes, policy_bytes) = match data.iter().position(|&b| b == 0) {
        Some(nul) => (&data[..nul], Some(&data[nul + 1..])),
        None => (data, None),
    };
    let parsed_policy = policy_bytes.and_then(|b| serde_json::from_slice::<Policy>(b).ok());
    if let Some(p) = parsed_policy {
        let back: Policy = serde_json::from_str(&serde_json::to_string(&p).unwrap()).unwrap();
        assert_eq!(back, p);
    }
    let Ok(case) = serde_json::from_slice::<Case>(case_bytes) else {
        return;
    };
    let text = serde_json::to_string(&case).unwrap();
    let back: Case = serde_json::from_str(&text).unwrap();
    assert_eq!(back, case);

    let base = parsed_policy.unwrap_or_default();
    let policies = [
        base,
        Policy::default(),
        base.with_min_trial_days(0)
            .with_require_differential(!base.require_differential)
            .with_accept_symptom_codes_with_support(!base.accept_symptom_codes_with_support)
            .with_require_needle_emg_with_ncs(!base.require_needle_emg_with_ncs),
    ];
    for policy in policies {
        let d = evaluate(&case, &policy);
        assert_eq!(d, evaluate(&back, &policy));
        let _ = d.to_string();
        let json = serde_json::to_string(&d).unwrap();
        let again: Determination = serde_json::from_str(&json).unwrap();
        assert_eq!(again, d);
        assert_eq!(serde_json::to_string(&again).unwrap(), json);
    }
});
