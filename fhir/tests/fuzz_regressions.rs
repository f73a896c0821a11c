//! The fuzz target `cds_hooks_request` (in the repository's `fuzz/` workspace) replayed on its
//! seeds, as a plain test (moved from the engine's `tests/fuzz_regressions.rs`).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::fs;
use std::path::Path;

use edx_coverage::Policy;

/// Runs `check` on every seed of `target`; returns how many there were.
fn replay(target: &str, check: fn(&[u8])) -> usize {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
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

/// `fuzz/fuzz_targets/cds_hooks_request.rs`.
fn cds_hooks_request(data: &[u8]) {
    use edx_coverage_fhir::cds_hooks::{answer, answer_value, map, Options};
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
            let v: serde_json::Value = serde_json::from_str(a.json()).unwrap();
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

#[test]
fn cds_hooks_request_inputs_replay_cleanly() {
    assert!(replay("cds_hooks_request", cds_hooks_request) >= 10);
}
