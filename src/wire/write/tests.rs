//! The direct writer writes what `serde_json` writes from the `Serialize` impl.
#![cfg(feature = "json")]

use crate::json::passes::case_slow;
use crate::set::Member;
use crate::{evaluate, Policy};

/// A formatter of the host's own with every default (compact output): not detected as
/// `serde_json`'s compact serializer, so the determination goes field by field.
struct HostFormatter;
impl serde_json::ser::Formatter for HostFormatter {}

/// The determination through the generic `Serialize`, as compact JSON.
pub(crate) fn generic(d: &crate::Determination) -> String {
    let mut out = Vec::new();
    let mut ser = serde_json::Serializer::with_formatter(&mut out, HostFormatter);
    serde::Serialize::serialize(d, &mut ser).unwrap();
    String::from_utf8(out).unwrap()
}

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
                let generic = generic(&d);
                assert_eq!(super::determination(&d), generic);
                assert_eq!(serde_json::to_string(&d).unwrap(), generic);
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

#[test]
fn only_serde_json_compact_serializer_takes_the_raw_text() {
    use super::is_compact_serde_json as compact;
    type Ser<'a, W, F> = &'a mut serde_json::Serializer<W, F>;
    use serde_json::ser::{CompactFormatter, PrettyFormatter};
    // Detected (so a compiler that names types differently fails here, not silently slower).
    assert!(compact::<Ser<'_, &mut Vec<u8>, CompactFormatter>>());
    assert!(compact::<Ser<'_, std::fs::File, CompactFormatter>>());
    // Not detected: field by field.
    assert!(!compact::<Ser<'_, &mut Vec<u8>, PrettyFormatter<'_>>>());
    assert!(!compact::<Ser<'_, &mut Vec<u8>, HostFormatter>>());
    assert!(!compact::<serde_json::value::Serializer>());
    assert!(!compact::<serde_json::Serializer<Vec<u8>>>());
    assert!(!compact::<Ser<'_, (u8, PrettyFormatter<'_>), HostFormatter>>());
    assert!(compact::<
        Ser<'_, (u8, PrettyFormatter<'_>), CompactFormatter>,
    >());
}

#[test]
fn every_serde_json_entry_point_writes_the_generic_text() {
    #[derive(serde::Serialize)]
    struct Reply<'a> {
        id: u32,
        determination: &'a crate::Determination,
        after: bool,
    }
    let case = case_slow(
        r#"{"diagnoses":[{"code":"R25.2"},{"code":"R25"}],"findings":[{"kind":"fasciculations"}],"procedures":[{"cpt":"95886"}]}"#,
    )
    .unwrap();
    for policy in policies() {
        let d = evaluate(&case, &policy);
        let generic = generic(&d);
        assert_eq!(serde_json::to_string(&d).unwrap(), generic);
        assert_eq!(
            String::from_utf8(serde_json::to_vec(&d).unwrap()).unwrap(),
            generic
        );
        let mut w = Vec::new();
        serde_json::to_writer(&mut w, &d).unwrap();
        assert_eq!(String::from_utf8(w).unwrap(), generic);
        // Nested in a host's document.
        let reply = Reply {
            id: 7,
            determination: &d,
            after: true,
        };
        assert_eq!(
            serde_json::to_string(&reply).unwrap(),
            format!(r#"{{"id":7,"determination":{generic},"after":true}}"#)
        );
        // Pretty and `Value`: field by field, as before.
        let value: serde_json::Value = serde_json::from_str(&generic).unwrap();
        assert_eq!(serde_json::to_value(&d).unwrap(), value);
        let pretty = serde_json::to_string_pretty(&d).unwrap();
        assert!(pretty.starts_with("{\n  \"ruleset\": "), "{pretty}");
        assert_eq!(
            serde_json::from_str::<serde_json::Value>(&pretty).unwrap(),
            value
        );
        let pretty = serde_json::to_string_pretty(&reply).unwrap();
        assert!(
            pretty.contains("\n  \"determination\": {\n    \"ruleset\": "),
            "{pretty}"
        );
    }
}

#[test]
fn small_numbers_are_written_as_serde_json_writes_them() {
    for n in 0..=u8::MAX {
        let mut out = String::new();
        super::small_number(&mut out, n);
        assert_eq!(out, serde_json::to_string(&n).unwrap());
    }
}
