//! The request the FHIR crate's benches read, shared by `cds_hooks.rs`, `json_tree.rs` and
//! `instructions.rs`, so that all of them time exactly the same text.
#![allow(dead_code)] // each includer uses a different subset

use std::path::Path;

use serde_json::Value;

/// The typical order-sign request (11.1 kB, 21 resources), compact, as a client sends it.
pub fn typical() -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/cds-hooks/ours/typical-order-sign.json");
    let text = std::fs::read_to_string(path).unwrap();
    serde_json::to_string(&serde_json::from_str::<Value>(&text).unwrap()).unwrap()
}
