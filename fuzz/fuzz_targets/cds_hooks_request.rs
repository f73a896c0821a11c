//! `cds_hooks::answer` (CDS Hooks request text in, response out): never panics on any text;
//! a refusal has a status of 400, 412 or 422 and an OperationOutcome; an answer is a JSON
//! object with `cards`, and the mapping agrees with it.
//!
//! Input: request text; bytes that are not UTF-8 are skipped (a service hands over `&str`).
#![no_main]

use edx_coverage::Policy;
use edx_coverage_fhir::cds_hooks::{answer, answer_value, map, Options};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
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
});
