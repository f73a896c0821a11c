//! The direct writer writes what `serde_json` writes from the `Serialize` impl.
#![cfg(feature = "json")]

use crate::json::passes::case_slow;
use crate::set::Member;
use crate::{evaluate, Policy};

fn policies() -> Vec<Policy> {
    let mut out = vec![Policy::default()];
    for bits in 1..16u8 {
        out.push(Policy {
            require_differential: bits & 1 != 0,
            accept_symptom_codes_with_support: bits & 2 != 0,
            require_needle_emg_with_ncs: bits & 4 != 0,
            min_trial_days: if bits & 8 != 0 { 0 } else { 90 },
        });
    }
    out
}

#[test]
fn the_writer_writes_what_serde_json_writes() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut checked = 0;
    for dir in ["tests/fixtures/vignettes", "examples/cases"] {
        for entry in std::fs::read_dir(root.join(dir)).unwrap() {
            let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
            let doc: serde_json::Value = serde_json::from_str(&text).unwrap();
            let case_text = doc.get("case").map_or(text.clone(), ToString::to_string);
            let Ok(case) = case_slow(&case_text) else {
                continue; // a policy file
            };
            for policy in policies() {
                let d = evaluate(&case, &policy);
                assert_eq!(super::determination(&d), serde_json::to_string(&d).unwrap());
                checked += 1;
            }
        }
    }
    assert!(checked > 400, "{checked}");
}

#[test]
fn no_word_needs_escaping() {
    fn plain<T: Member + Copy>(name: fn(T) -> &'static str) {
        for &m in T::ALL {
            let s = name(m);
            assert_eq!(serde_json::to_string(s).unwrap(), format!("\"{s}\""));
        }
    }
    plain::<crate::FindingKind>(|x| x.as_str());
    plain::<crate::Indication>(|x| x.as_str());
    plain::<crate::Coverage>(|x| x.as_str());
    plain::<crate::SuspectedCondition>(|x| x.as_str());
    plain::<crate::DocumentationGap>(|x| x.as_str());
    plain::<crate::Pitfall>(|x| x.as_str());
    plain::<crate::Recommendation>(|x| x.as_str());
    plain::<crate::LabTest>(|x| x.as_str());
    plain::<crate::RuleId>(|x| x.as_str());
    plain::<crate::Source>(|x| x.as_str());
    plain::<crate::CodeStatus>(|x| x.as_str());
    assert_eq!(crate::RULESET.escape_default().to_string(), crate::RULESET);
}
