//! Unknown and duplicate fields

use super::*;

#[test]
fn unknown_field_at_top_level() {
    let msg = case_error(&with_r252(r#""finding":[{"kind":"numbness"}]"#));
    assert!(msg.contains(r#""finding""#), "names the field: {msg}");
    assert!(msg.contains("unknown field"), "{msg}");
    assert!(msg.contains("findings"), "suggests the known fields: {msg}");
    let msg = case_error(&with_r252(r#""schemaVersion":1"#));
    assert!(msg.contains("\"schemaVersion\""), "{msg}");
}

#[test]
fn unknown_field_nested() {
    let json = with_r252(r#""findings":[{"kind":"numbness","sorce":"exam"}]"#);
    assert_case_rejected(&json, "findings[0]", &["unknown field", "\"sorce\""]);
    let json = r#"{"diagnoses":[{"code":"R25.2"},{"code":"R25.3","title":"Fasciculation"}]}"#;
    assert_case_rejected(json, "diagnoses[1]", &["\"title\""]);
    let json = with_r252(r#""labs":[{"test":"calcium","result":"normal","units":"mg/dL"}]"#);
    assert_case_rejected(&json, "labs[0]", &["\"units\""]);
    let json = with_r252(
        r#""conservative_trials":[{"therapy":"hydration","outcome":"improved","days":3}]"#,
    );
    assert_case_rejected(&json, "conservative_trials[0]", &["\"days\""]);
    let json = with_r252(r#""procedures":[{"cpt":"95886","modifier":"26"}]"#);
    assert_case_rejected(&json, "procedures[0]", &["\"modifier\""]);
}

#[test]
fn duplicate_field() {
    let msg = case_error(r#"{"diagnoses":[{"code":"R25.2"}],"diagnoses":[{"code":"G62.9"}]}"#);
    assert!(msg.contains("\"diagnoses\""), "{msg}");
    assert!(msg.contains("more than once"), "{msg}");
    assert_case_rejected(
        r#"{"diagnoses":[{"code":"R25.2","code":"R25.3"}]}"#,
        "diagnoses[0]",
        &["\"code\"", "more than once"],
    );
    assert_case_rejected(
        &with_r252(r#""findings":[{"kind":"numbness","source":"exam","source":"history"}]"#),
        "findings[0]",
        &["\"source\""],
    );
}
