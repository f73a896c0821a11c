//! Numbers

use super::*;

fn trial_with_days(days: &str) -> String {
    with_r252(&format!(
        r#""conservative_trials":[{{"therapy":"hydration","outcome":"improved"}},{{"therapy":"hydration","outcome":"improved","duration_days":{days}}}]"#
    ))
}

#[test]
fn duration_days_must_be_a_non_negative_whole_number() {
    let path = "conservative_trials[1].duration_days";
    assert_case_rejected(&trial_with_days("-3"), path, &["-3"]);
    assert_case_rejected(&trial_with_days("1.5"), path, &["1.5"]);
    assert_case_rejected(&trial_with_days("4294967296"), path, &["4294967296"]);
    assert_case_rejected(&trial_with_days("\"14\""), path, &["\"14\""]);
    assert_case_rejected(&trial_with_days("null"), path, &["null"]);
    let case: Case = serde_json::from_str(&trial_with_days("0")).unwrap();
    assert_eq!(case.conservative_trials()[1].duration_days, Some(0));
    let case: Case = serde_json::from_str(&trial_with_days("4294967295")).unwrap();
    assert_eq!(case.conservative_trials()[1].duration_days, Some(u32::MAX));
}

#[test]
fn huge_numbers_are_rejected() {
    // 1e400 overflows f64 in the JSON parser itself; 99999999999999999999 overflows u64.
    for huge in ["1e400", "99999999999999999999", "-99999999999999999999"] {
        let msg = case_error(&trial_with_days(huge));
        assert!(!msg.is_empty(), "{huge}");
        let extra = format!(r#""procedures":[{{"cpt":"95886","units":{huge}}}]"#);
        case_error(&with_r252(&extra));
        let msg = case_error(&format!(
            r#"{{"schema_version":{huge},"diagnoses":[{R252}]}}"#
        ));
        assert!(!msg.is_empty(), "{huge}");
        assert!(
            serde_json::from_str::<Policy>(&format!(r#"{{"min_trial_days":{huge}}}"#)).is_err()
        );
    }
    // Where the parser hands the number over, the path is named.
    assert_case_rejected(
        &trial_with_days("99999999999999999999"),
        "conservative_trials[1].duration_days",
        &[],
    );
    assert_case_rejected(
        &with_r252(r#""procedures":[{"cpt":"95886","units":99999999999999999999}]"#),
        "procedures[0].units",
        &[],
    );
}

#[test]
fn number_beyond_f64_is_refused_cleanly_with_its_position() {
    // serde_json's tokenizer refuses 1e400 before the crate sees a value, so the message gives
    // the position instead of the field path (a documented limit of parsing through serde).
    let err = serde_json::from_str::<Case>(&trial_with_days("1e400")).unwrap_err();
    let msg = err.to_string();
    assert!(
        msg.contains("number out of range") && msg.contains("line 1 column"),
        "{msg}"
    );
}

#[test]
fn integer_beyond_64_bits_names_the_field_and_the_parsed_value() {
    // Integers beyond 64 bits reach the crate as floating point; the message quotes the
    // value as parsed (`1e20`), with the path.
    assert_case_rejected(
        &trial_with_days("99999999999999999999"),
        "conservative_trials[1].duration_days",
        &["whole number", "1e20"],
    );
}

#[test]
fn integral_floats_are_accepted_or_quoted_faithfully() {
    for (json, shown) in [
        (trial_with_days("3.0"), "3.0"),
        (
            with_r252(r#""procedures":[{"cpt":"95886","units":2.0}]"#),
            "2.0",
        ),
        (
            format!(r#"{{"schema_version":1.0,"diagnoses":[{R252}]}}"#),
            "1.0",
        ),
    ] {
        if let Err(e) = serde_json::from_str::<Case>(&json) {
            let msg = e.to_string();
            assert!(msg.contains(shown), "{json}: {msg}");
        }
    }
}
