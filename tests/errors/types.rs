//! Schema version and types; the error type itself

use super::*;

#[test]
fn schema_version() {
    let json = |v: &str| format!(r#"{{"schema_version":{v},"diagnoses":[{R252}]}}"#);
    serde_json::from_str::<Case>(&json("1")).expect("version 1");
    assert_case_rejected(&json("2"), "schema_version", &["2"]);
    assert_case_rejected(&json("0"), "schema_version", &["0"]);
    assert_case_rejected(&json("-1"), "schema_version", &["-1"]);
    assert_case_rejected(&json("\"1\""), "schema_version", &["\"1\""]);
    assert_case_rejected(&json("null"), "schema_version", &["null"]);
    assert_case_rejected(&json("true"), "schema_version", &["true"]);
}

#[test]
fn wrong_types() {
    let cases = [
        (r#"{"diagnoses":null}"#.to_owned(), "diagnoses", "null"),
        (
            r#"{"diagnoses":"R25.2"}"#.to_owned(),
            "diagnoses",
            "\"R25.2\"",
        ),
        (
            r#"{"diagnoses":[{"code":25}]}"#.to_owned(),
            "diagnoses[0].code",
            "25",
        ),
        (
            r#"{"diagnoses":[{"code":null}]}"#.to_owned(),
            "diagnoses[0].code",
            "null",
        ),
        (r#"{"diagnoses":[null]}"#.to_owned(), "diagnoses[0]", "null"),
        (with_r252(r#""findings":null"#), "findings", "null"),
        (
            with_r252(r#""findings":[{"kind":7}]"#),
            "findings[0].kind",
            "7",
        ),
        (
            with_r252(r#""findings":[{"kind":"numbness","status":null}]"#),
            "findings[0].status",
            "null",
        ),
        (
            with_r252(r#""findings":[{"kind":"numbness","source":true}]"#),
            "findings[0].source",
            "true",
        ),
        (with_r252(r#""differential":[1]"#), "differential[0]", "1"),
        (with_r252(r#""labs":{}"#), "labs", "object"),
    ];
    for (json, path, value) in cases {
        assert_case_rejected(&json, path, &[value]);
    }
    // Not an object at all, and not JSON at all.
    for json in ["[]", "null", "\"R25.2\"", "42"] {
        case_error(json);
    }
    for json in ["", "{", r#"{"diagnoses":[{"code":"R25.2"}]} x"#] {
        let e = serde_json::from_str::<Case>(json).unwrap_err();
        assert!(e.is_syntax() || e.is_eof(), "{json:?}: {e}");
    }
}

#[test]
fn error_display_is_path_then_reason() {
    let err: Error = Case::builder().build().unwrap_err();
    assert_eq!(err.to_string(), format!("{}: {}", err.path(), err.kind()));
    let _: &dyn std::error::Error = &err;
}
