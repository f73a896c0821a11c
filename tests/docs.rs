//! The rule table in RULES.md must list every rule id, in emission order, with the citations
//! and sources the code gives it; the JSON examples of docs/wire-format.md must read as the
//! crate reads a case, a policy and a determination of the current ruleset.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use edx_coverage::{Case, Determination, Member, Policy, RuleId};

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

/// The ```json blocks of a page, in order.
fn json_blocks(text: &str) -> Vec<String> {
    let mut blocks = Vec::new();
    let mut current: Option<String> = None;
    for line in text.lines() {
        match (&mut current, line.trim_end()) {
            (None, "```json") => current = Some(String::new()),
            (Some(block), "```") => {
                blocks.push(std::mem::take(block));
                current = None;
            }
            (Some(block), l) => {
                block.push_str(l);
                block.push('\n');
            }
            (None, _) => {}
        }
    }
    blocks
}

#[test]
fn wire_format_examples_read_as_the_crate_reads_them() {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/wire-format.md"))
        .unwrap();
    let blocks = json_blocks(&text);
    assert_eq!(blocks.len(), 3, "a case, a policy and a determination");
    let case: Case = serde_json::from_str(&blocks[0]).unwrap();
    let policy: Policy = serde_json::from_str(&blocks[1]).unwrap();
    assert_eq!(
        policy,
        Policy::default(),
        "the policy example shows the defaults"
    );
    let example: Determination = serde_json::from_str(&blocks[2]).unwrap();
    assert_eq!(example.ruleset(), edx_coverage::RULESET);

    // The example's fields, in the order the crate writes every determination.
    let written = serde_json::to_string(&edx_coverage::evaluate(&case, &policy)).unwrap();
    let written = serde_json::from_str::<Keys>(&written).unwrap().0;
    assert_eq!(serde_json::from_str::<Keys>(&blocks[2]).unwrap().0, written);
    assert_eq!(written.len(), 13);
    assert!(text.contains("All thirteen fields are written every time"));
}

/// The keys of a JSON object, in the order written.
struct Keys(Vec<String>);

impl<'de> serde::Deserialize<'de> for Keys {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = Keys;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("an object")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Keys, A::Error> {
                let mut keys = Vec::new();
                while let Some(key) = map.next_key::<String>()? {
                    map.next_value::<serde::de::IgnoredAny>()?;
                    keys.push(key);
                }
                Ok(Keys(keys))
            }
        }
        d.deserialize_map(V)
    }
}
