//! Replays fuzz inputs on stable Rust, with the fuzz targets' checks: the seed corpus in
//! `fuzz/seeds/<target>/` and every input kept under `tests/fuzz_regressions/<target>/`
//! (crashes and oddities the fuzzer found, minimised with `cargo fuzz tmin`).
//!
//! Keep the checks here in step with `fuzz/fuzz_targets/*.rs`.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

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
    assert!(replay("case_json", case_json) >= 18);
}

#[test]
fn policy_json_inputs_replay_cleanly() {
    assert!(replay("policy_json", policy_json) >= 4);
}

#[test]
fn determination_json_inputs_replay_cleanly() {
    assert!(replay("determination_json", determination_json) >= 18);
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
    assert!(replay("evaluate_str", evaluate_str) >= 18);
}

/// The files of `fuzz/seeds/<target>/`, sorted.
fn seeds(target: &str) -> Vec<(String, Vec<u8>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz/seeds")
        .join(target);
    let mut paths: Vec<_> = fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|p| (p.display().to_string(), fs::read(&p).unwrap()))
        .collect()
}

/// Seeds are where the fuzzer starts from, so each must be accepted: a seed the reader
/// refuses (say, a determination of an older ruleset) would only ever exercise the error
/// path, and the replays above would pass without checking anything on it.
#[test]
fn every_seed_is_accepted() {
    for (name, data) in seeds("case_json") {
        let (case, policy) = match data.iter().position(|&b| b == 0) {
            Some(nul) => (&data[..nul], Some(&data[nul + 1..])),
            None => (&data[..], None),
        };
        if let Err(e) = serde_json::from_slice::<Case>(case) {
            panic!("{name}: {e}");
        }
        if let Some(Err(e)) = policy.map(serde_json::from_slice::<Policy>) {
            panic!("{name} (policy): {e}");
        }
    }
    for (name, data) in seeds("policy_json") {
        if let Err(e) = serde_json::from_slice::<Policy>(&data) {
            panic!("{name}: {e}");
        }
    }
    for (name, data) in seeds("determination_json") {
        match serde_json::from_slice::<Determination>(&data) {
            Ok(d) => assert_eq!(d.ruleset(), edx_coverage::RULESET, "{name}"),
            Err(e) => panic!("{name}: {e}"),
        }
    }
    // evaluate_str's seeds are case_json's (the same bytes).
    assert_eq!(seeds("evaluate_str"), {
        let mut v = seeds("case_json");
        for (name, _) in &mut v {
            *name = name.replace("case_json", "evaluate_str");
        }
        v
    });
}

/// `fuzz/fuzz_targets/plan.rs` (feature `json`).
#[cfg(feature = "json")]
fn plan(data: &[u8]) {
    use edx_coverage::json::{parse_inputs, plan_str};
    use edx_coverage::Coverage;
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
    let p = edx_coverage::plan(&case_value, &policy_value);
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
}

#[cfg(feature = "json")]
#[test]
fn plan_inputs_replay_cleanly() {
    assert!(replay("plan", plan) >= 25);
    // The seeds are the vignettes' cases (with their policies): each is accepted.
    for (name, data) in seeds("plan") {
        let text = String::from_utf8(data).unwrap();
        let (case, policy) = match text.split_once('\0') {
            Some((c, p)) => (c, Some(p)),
            None => (text.as_str(), None),
        };
        if let Err(e) = edx_coverage::json::parse_inputs(case, policy) {
            panic!("{name}: {e}");
        }
    }
}
