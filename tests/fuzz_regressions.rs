//! Replays fuzz inputs on stable Rust, with the fuzz targets' checks: the seed corpus in
//! `fuzz/seeds/<target>/` and every input kept under `tests/fuzz_regressions/<target>/`
//! (crashes and oddities the fuzzer found, minimised with `cargo fuzz tmin`).
//!
//! Keep the checks here in step with `fuzz/fuzz_targets/*.rs`.

use std::fs;
use std::path::Path;

use edx_coverage::{evaluate, Case, Determination, Policy};

/// `fuzz/fuzz_targets/case_json.rs`: a case, optionally NUL and a policy.
fn case_json(data: &[u8]) {
    let (case_bytes, policy_bytes) = match data.iter().position(|&b| b == 0) {
        Some(nul) => (&data[..nul], Some(&data[nul + 1..])),
        None => (data, None),
    };
    let parsed_policy = policy_bytes.and_then(|b| serde_json::from_slice::<Policy>(b).ok());
    if let Some(p) = parsed_policy {
        policy_json(&serde_json::to_vec(&p).unwrap());
    }
    let Ok(case) = serde_json::from_slice::<Case>(case_bytes) else {
        return;
    };
    let back: Case = serde_json::from_str(&serde_json::to_string(&case).unwrap()).unwrap();
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
        determination_json(json.as_bytes());
        let again: Determination = serde_json::from_str(&json).unwrap();
        assert_eq!(again, d);
    }
}

/// `fuzz/fuzz_targets/policy_json.rs`.
fn policy_json(data: &[u8]) {
    if let Ok(p) = serde_json::from_slice::<Policy>(data) {
        let back: Policy = serde_json::from_str(&serde_json::to_string(&p).unwrap()).unwrap();
        assert_eq!(back, p);
    }
}

/// `fuzz/fuzz_targets/determination_json.rs`.
fn determination_json(data: &[u8]) {
    if let Ok(d) = serde_json::from_slice::<Determination>(data) {
        let _ = d.to_string();
        let json = serde_json::to_string(&d).unwrap();
        let back: Determination = serde_json::from_str(&json).unwrap();
        assert_eq!(back, d);
    }
}

/// Runs `check` on every file of the target's seed and regression directories; returns how
/// many inputs ran.
fn replay(target: &str, check: fn(&[u8])) -> usize {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut n = 0;
    for dir in [
        root.join("fuzz/seeds").join(target),
        root.join("tests/fuzz_regressions").join(target),
    ] {
        let Ok(entries) = fs::read_dir(&dir) else {
            continue;
        };
        let mut paths: Vec<_> = entries.map(|e| e.unwrap().path()).collect();
        paths.sort();
        for path in paths {
            let data = fs::read(&path).unwrap();
            let outcome = std::panic::catch_unwind(|| check(&data));
            assert!(outcome.is_ok(), "{} panics", path.display());
            n += 1;
        }
    }
    n
}

#[test]
fn case_json_inputs_replay_cleanly() {
    assert!(replay("case_json", case_json) >= 13);
}

#[test]
fn policy_json_inputs_replay_cleanly() {
    assert!(replay("policy_json", policy_json) >= 2);
}

#[test]
fn determination_json_inputs_replay_cleanly() {
    assert!(replay("determination_json", determination_json) >= 13);
}

/// `fuzz/fuzz_targets/evaluate_str.rs` (feature `json`).
#[cfg(feature = "json")]
fn evaluate_str(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let (case, policy) = match text.split_once('\0') {
        Some((c, p)) => (c, Some(p)),
        None => (text, None),
    };
    if let Ok(json) = edx_coverage::json::evaluate_str(case, policy) {
        let _: Determination = serde_json::from_str(&json).unwrap();
    }
}

#[cfg(feature = "json")]
#[test]
fn evaluate_str_inputs_replay_cleanly() {
    assert!(replay("evaluate_str", evaluate_str) >= 13);
}

/// `fuzz/fuzz_targets/cds_hooks_request.rs` (feature `cds-hooks`).
#[cfg(feature = "cds-hooks")]
fn cds_hooks_request(data: &[u8]) {
    use edx_coverage::cds_hooks::{answer, answer_value, map, Options};
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let options = Options::default().with_date("2026-11-27");
    let result = answer(text, &Policy::default(), &options);
    // The text path and the value path agree.
    if let Ok(value) = serde_json::from_str::<serde_json::Value>(text) {
        let other = answer_value(&value, &Policy::default(), &options);
        match (&result, &other) {
            (Ok(a), Ok(b)) => assert_eq!(a, b),
            (Err(a), Err(b)) => assert_eq!((a.status(), a.path()), (b.status(), b.path())),
            _ => panic!("text and value paths disagree: {result:?} / {other:?}"),
        }
    }
    match result {
        Ok(a) => {
            let v: serde_json::Value = serde_json::from_str(&a.to_json()).unwrap();
            assert!(v["cards"].is_array());
            assert_eq!(v, a.to_value());
            let m = map(text).unwrap();
            assert_eq!(m.issues(), a.issues());
        }
        Err(e) => {
            assert!(matches!(e.status(), 400 | 412 | 422), "{e}");
            assert_eq!(e.operation_outcome()["resourceType"], "OperationOutcome");
        }
    }
}

#[cfg(feature = "cds-hooks")]
#[test]
fn cds_hooks_request_inputs_replay_cleanly() {
    assert!(replay("cds_hooks_request", cds_hooks_request) >= 10);
}
