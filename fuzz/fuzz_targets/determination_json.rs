//! Determination JSON (hosts store and reload determinations): parsing never panics; an
//! accepted determination serialises and parses back to itself and renders as text.
#![no_main]

use edx_coverage::Determination;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(d) = serde_json::from_slice::<Determination>(data) {
        let _ = d.to_string();
        let json = serde_json::to_string(&d).unwrap();
        let back: Determination = serde_json::from_str(&json).unwrap();
        assert_eq!(back, d);
    }
});
