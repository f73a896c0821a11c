//! Diagnoses

use super::*;

#[test]
fn empty_diagnoses() {
    assert_case_rejected(r#"{"diagnoses":[]}"#, "diagnoses", &["at least one"]);
    let err = Case::builder().build().unwrap_err();
    assert_eq!(err.path(), "diagnoses");
    assert_eq!(err.kind(), &ErrorKind::NoDiagnosis);
    assert!(err.to_string().starts_with("diagnoses: "), "{err}");
    // The other lists do not make up for it.
    let err = Case::builder()
        .finding(Finding::new(FindingKind::Fasciculations))
        .build()
        .unwrap_err();
    assert_eq!(err.kind(), &ErrorKind::NoDiagnosis);
}

#[test]
fn missing_diagnoses() {
    assert_case_rejected(r#"{}"#, "diagnoses", &["required"]);
    assert_case_rejected(
        r#"{"findings":[{"kind":"numbness"}]}"#,
        "diagnoses",
        &["required"],
    );
}

#[test]
fn malformed_icd_codes() {
    let bad = [
        "R2",        // too short
        "R25-2",     // a hyphen is not a dot
        "R25.23456", // eight characters without the dot: too long
        "",          // empty
        "   ",       // blank
        "125.2",     // must start with a letter
        "RR5.2",     // second character must be a digit
        "R25.2\u{e9}",
        "R25 2",
    ];
    for value in bad {
        // In second position, so the index in the path is checked too.
        let json = format!(r#"{{"diagnoses":[{R252},{{"code":{value:?}}}]}}"#);
        let quoted = format!("{value:?}");
        assert_case_rejected(&json, "diagnoses[1].code", &[&quoted, "ICD-10-CM"]);
        assert_eq!(
            value.parse::<IcdCode>(),
            Err(ErrorKind::InvalidIcdCode {
                value: value.to_owned()
            }),
            "{value:?}"
        );
    }
}

#[test]
fn well_formed_icd_codes_are_accepted_and_normalised() {
    for (given, normal) in [
        ("R25.2", "R25.2"),
        ("r252", "R25.2"),
        (" r25.2 ", "R25.2"),
        ("R25..2", "R25.2"),
        ("R25.2345", "R25.2345"), // seven characters: the longest allowed
        ("I10", "I10"),
        ("S2A", "S2A"),
        ("m62831", "M62.831"),
    ] {
        let json = format!(r#"{{"diagnoses":[{{"code":{given:?}}}]}}"#);
        let case: Case = serde_json::from_str(&json).unwrap_or_else(|e| panic!("{given:?}: {e}"));
        assert_eq!(case.diagnoses()[0].code().as_str(), normal, "{given:?}");
    }
}

#[test]
fn diagnosis_must_be_an_object() {
    assert_case_rejected(
        r#"{"diagnoses":["R25.2"]}"#,
        "diagnoses[0]",
        &["object", "\"R25.2\""],
    );
    assert_case_rejected(
        r#"{"diagnoses":[{"code":"R25.2"},"R25.3"]}"#,
        "diagnoses[1]",
        &["\"R25.3\""],
    );
    assert_case_rejected(r#"{"diagnoses":{"code":"R25.2"}}"#, "diagnoses", &["array"]);
}

#[test]
fn too_many_entries() {
    // 1,000 entries are accepted ...
    let json = format!(r#"{{"diagnoses":[{}]}}"#, many_diagnoses(MAX_ENTRIES));
    let case: Case = serde_json::from_str(&json).unwrap();
    assert_eq!(case.diagnoses().len(), 1000);
    let _ = evaluate(&case, &Policy::default());
    // ... 1,001 are not.
    let json = format!(r#"{{"diagnoses":[{}]}}"#, many_diagnoses(MAX_ENTRIES + 1));
    assert_case_rejected(&json, "diagnoses", &["1001", "1000"]);

    // Every list has the limit.
    let finding = r#"{"kind":"numbness"}"#;
    let json = with_r252(&format!(
        r#""findings":[{}]"#,
        vec![finding; 1001].join(",")
    ));
    assert_case_rejected(&json, "findings", &["1001"]);
    let json = with_r252(&format!(
        r#""differential":[{}]"#,
        vec![r#""other""#; 1001].join(",")
    ));
    assert_case_rejected(&json, "differential", &["1001"]);
    let lab = r#"{"test":"calcium","result":"normal"}"#;
    let json = with_r252(&format!(r#""labs":[{}]"#, vec![lab; 1001].join(",")));
    assert_case_rejected(&json, "labs", &["1001"]);
    let t = r#"{"therapy":"other","outcome":"ongoing"}"#;
    let json = with_r252(&format!(
        r#""conservative_trials":[{}]"#,
        vec![t; 1001].join(",")
    ));
    assert_case_rejected(&json, "conservative_trials", &["1001"]);
    let p = r#"{"cpt":"95886"}"#;
    let json = with_r252(&format!(r#""procedures":[{}]"#, vec![p; 1001].join(",")));
    assert_case_rejected(&json, "procedures", &["1001"]);

    // The builder enforces the same limits, with a typed error.
    let mut b = Case::builder();
    for _ in 0..MAX_ENTRIES {
        b = b.diagnosis(code("R25.2"));
    }
    assert!(b.clone().build().is_ok(), "1,000 diagnoses are allowed");
    let err = b.diagnosis(code("R25.2")).build().unwrap_err();
    assert_eq!(err.path(), "diagnoses");
    assert_eq!(
        err.kind(),
        &ErrorKind::TooMany {
            len: 1001,
            max: 1000
        }
    );
    let mut b = r252_builder();
    for _ in 0..=MAX_ENTRIES {
        b = b.finding(Finding::new(FindingKind::Numbness));
    }
    assert_eq!(b.build().unwrap_err().path(), "findings");
}
