//! Writes the JSON Schemas of the wire format into `schema/` (the committed copies).
//!
//! ```text
//! cargo run --example gen-schema --features schema
//! ```
//!
//! `tests/schema.rs` fails while the committed files differ from what the types generate;
//! run this after changing a vocabulary, a code table or the wire format, and commit the
//! result.

use std::path::Path;
use std::process::ExitCode;

fn main() -> ExitCode {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("schema");
    for (name, text) in edx_coverage::schema::files() {
        let path = dir.join(name);
        if let Err(e) = std::fs::write(&path, text) {
            eprintln!("error: {}: {e}", path.display());
            return ExitCode::from(2);
        }
        println!("wrote {}", path.display());
    }
    ExitCode::SUCCESS
}
