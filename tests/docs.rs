//! The rule table in RULES.md must list every rule id, in emission order, with the citations
//! and sources the code gives it.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use edx_coverage::{Member, RuleId};

#[test]
fn rules_md_matches_the_code() {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/RULES.md")).unwrap();
    let rows: Vec<Vec<String>> = text
        .lines()
        .filter(|l| l.starts_with("| `"))
        .map(|l| {
            l.trim_matches('|')
                .split('|')
                .map(|c| c.trim().to_owned())
                .collect()
        })
        .collect();
    assert_eq!(rows.len(), RuleId::ALL.len(), "one row per rule id");
    for (row, id) in rows.iter().zip(RuleId::ALL) {
        assert_eq!(row[0], format!("`{}`", id.as_str()), "row order");
        let cites: Vec<String> = id.citations().iter().map(|n| n.to_string()).collect();
        assert_eq!(row[4], cites.join(", "), "citations of {id}");
        let sources: Vec<&str> = id.sources().iter().map(|s| s.as_str()).collect();
        assert_eq!(row[5], sources.join(", "), "sources of {id}");
    }
    assert!(
        text.contains(edx_coverage::RULESET),
        "RULES.md names the current ruleset"
    );
}
