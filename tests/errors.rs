//! Every input the crate refuses gives an error that names the field (with its index) and the
//! offending value: through `serde_json`, through the builder and the code parsers, and
//! through the `evaluate` example's command line (exit status 2, one `error:` line).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use edx_coverage::{
    evaluate, Audience, Case, CptCode, Error, ErrorKind, Explanation, Finding, FindingKind,
    FindingSource, FindingStatus, IcdCode, Policy, Procedure, Studies, Units, MAX_ENTRIES,
};

// ---------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------

const R252: &str = r#"{"code":"R25.2"}"#;

/// A case with R25.2 and `extra` top-level members (a JSON fragment, may be empty).
fn with_r252(extra: &str) -> String {
    if extra.is_empty() {
        format!(r#"{{"diagnoses":[{R252}]}}"#)
    } else {
        format!(r#"{{"diagnoses":[{R252}],{extra}}}"#)
    }
}

/// The message of the error `json` is refused with; panics if it is accepted.
#[track_caller]
fn case_error(json: &str) -> String {
    match serde_json::from_str::<Case>(json) {
        Ok(case) => panic!("should be rejected: {json}\nbut parsed as {case:?}"),
        Err(e) => {
            assert!(e.is_data() || e.is_syntax(), "{json}: {e}");
            e.to_string()
        }
    }
}

/// `json` is refused with a one-line message that starts with `path: ` (or names no path
/// when `path` is empty) and mentions each of `needles`.
#[track_caller]
fn assert_case_rejected(json: &str, path: &str, needles: &[&str]) {
    let msg = case_error(json);
    check_message(&msg, path, needles, json);
}

#[track_caller]
fn assert_policy_rejected(json: &str, path: &str, needles: &[&str]) {
    let msg = match serde_json::from_str::<Policy>(json) {
        Ok(p) => panic!("policy should be rejected: {json}\nbut parsed as {p:?}"),
        Err(e) => e.to_string(),
    };
    check_message(&msg, path, needles, json);
}

#[track_caller]
fn check_message(msg: &str, path: &str, needles: &[&str], input: &str) {
    assert!(!msg.contains('\n'), "one line expected: {msg:?}");
    if !path.is_empty() {
        assert!(
            msg.starts_with(&format!("{path}: ")),
            "message should start with the path `{path}: `\n  message: {msg}\n  input: {input}"
        );
    }
    for n in needles {
        assert!(
            msg.contains(n),
            "message should mention {n:?}\n  message: {msg}\n  input: {input}"
        );
    }
}

fn code(s: &str) -> IcdCode {
    s.parse().unwrap()
}

fn r252_builder() -> edx_coverage::CaseBuilder {
    Case::builder().diagnosis(code("R25.2"))
}

/// `n` diagnoses as a JSON array body.
fn many_diagnoses(n: usize) -> String {
    vec![R252; n].join(",")
}

// ---------------------------------------------------------------------------------------
// Diagnoses
// ---------------------------------------------------------------------------------------

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

// ---------------------------------------------------------------------------------------
// Findings
// ---------------------------------------------------------------------------------------

#[test]
fn unknown_finding_kind() {
    let json = with_r252(r#""findings":[{"kind":"fasiculations"}]"#);
    let msg = case_error(&json);
    assert!(
        msg.contains(r#"findings[0].kind: unknown finding kind "fasiculations""#),
        "{msg}"
    );
    let json = with_r252(r#""findings":[{"kind":"numbness"},{"kind":"Numbness"}]"#);
    assert_case_rejected(&json, "findings[1].kind", &["\"Numbness\""]);
    assert!("fasiculations".parse::<FindingKind>().is_err());
}

#[test]
fn unknown_status_source_and_other_vocabularies() {
    let cases = [
        (
            r#""findings":[{"kind":"numbness","status":"maybe"}]"#,
            "findings[0].status",
            "\"maybe\"",
        ),
        (
            r#""findings":[{"kind":"numbness","source":"lab"}]"#,
            "findings[0].source",
            "\"lab\"",
        ),
        (
            r#""conservative_trials":[{"therapy":"massage","outcome":"improved"}]"#,
            "conservative_trials[0].therapy",
            "\"massage\"",
        ),
        (
            r#""conservative_trials":[{"therapy":"hydration","outcome":"better"}]"#,
            "conservative_trials[0].outcome",
            "\"better\"",
        ),
        (
            r#""labs":[{"test":"sodium","result":"normal"}]"#,
            "labs[0].test",
            "\"sodium\"",
        ),
        (
            r#""labs":[{"test":"calcium","result":"low"}]"#,
            "labs[0].result",
            "\"low\"",
        ),
        (
            r#""differential":["neuropathy","mnd"]"#,
            "differential[1]",
            "\"mnd\"",
        ),
    ];
    for (extra, path, value) in cases {
        assert_case_rejected(&with_r252(extra), path, &[value]);
    }
}

#[test]
fn required_fields_of_entries() {
    for (extra, path) in [
        (r#""findings":[{"status":"present"}]"#, "findings[0].kind"),
        (
            r#""conservative_trials":[{"outcome":"improved"}]"#,
            "conservative_trials[0].therapy",
        ),
        (
            r#""conservative_trials":[{"therapy":"hydration"}]"#,
            "conservative_trials[0].outcome",
        ),
        (r#""labs":[{"test":"calcium"}]"#, "labs[0].result"),
        (r#""labs":[{"result":"normal"}]"#, "labs[0].test"),
        (r#""procedures":[{"units":1}]"#, "procedures[0].cpt"),
    ] {
        assert_case_rejected(&with_r252(extra), path, &["required"]);
    }
    assert_case_rejected(r#"{"diagnoses":[{}]}"#, "diagnoses[0].code", &["required"]);
}

#[test]
fn conflicting_finding() {
    // Same kind and source, present then absent: refused, naming the second record.
    let json = with_r252(
        r#""findings":[{"kind":"numbness","source":"exam"},{"kind":"fasciculations"},{"kind":"numbness","status":"absent","source":"exam"}]"#,
    );
    assert_case_rejected(&json, "findings[2]", &["numbness", "conflicting"]);
    // Absent first, then present: also refused.
    let json = with_r252(
        r#""findings":[{"kind":"muscle_weakness","status":"absent"},{"kind":"muscle_weakness"}]"#,
    );
    assert_case_rejected(&json, "findings[1]", &["muscle_weakness"]);

    // Typed through the builder.
    let seen = Finding::new(FindingKind::Numbness).with_source(FindingSource::Exam);
    let err = r252_builder()
        .finding(seen)
        .finding(Finding::new(FindingKind::Fasciculations))
        .finding(seen.with_status(FindingStatus::Absent))
        .build()
        .unwrap_err();
    assert_eq!(err.path(), "findings[2]");
    assert_eq!(
        err.kind(),
        &ErrorKind::ConflictingFinding {
            kind: FindingKind::Numbness,
            finding_source: FindingSource::Exam,
        }
    );
    assert!(err.to_string().contains("numbness"), "{err}");

    // Different sources may disagree; repeating the same status is no conflict.
    let json = with_r252(
        r#""findings":[{"kind":"numbness","source":"history"},{"kind":"numbness","status":"absent","source":"exam"}]"#,
    );
    serde_json::from_str::<Case>(&json).expect("different sources may disagree");
    let json = with_r252(
        r#""findings":[{"kind":"numbness","status":"absent","source":"history"},{"kind":"numbness","source":"exam"},{"kind":"numbness","source":"exam"}]"#,
    );
    serde_json::from_str::<Case>(&json).expect("repeats are fine");
    r252_builder()
        .finding(Finding::new(FindingKind::Numbness))
        .finding(seen.with_status(FindingStatus::Absent))
        .build()
        .expect("builder: different sources may disagree");
    // Different kinds never conflict.
    r252_builder()
        .finding(seen)
        .finding(
            Finding::new(FindingKind::SensoryLoss)
                .with_source(FindingSource::Exam)
                .with_status(FindingStatus::Absent),
        )
        .build()
        .expect("different kinds");
}

#[test]
fn conflict_check_covers_every_kind_and_source() {
    for kind in <FindingKind as edx_coverage::Member>::ALL {
        for source in [FindingSource::History, FindingSource::Exam] {
            let f = Finding::new(*kind).with_source(source);
            let err = r252_builder()
                .finding(f)
                .finding(f.with_status(FindingStatus::Absent))
                .build()
                .unwrap_err();
            assert_eq!(err.path(), "findings[1]", "{kind} {source}");
            assert!(
                matches!(err.kind(), ErrorKind::ConflictingFinding { kind: k, finding_source: s } if k == kind && *s == source),
                "{kind} {source}: {err}"
            );
        }
    }
}

// ---------------------------------------------------------------------------------------
// Unknown and duplicate fields
// ---------------------------------------------------------------------------------------

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

// ---------------------------------------------------------------------------------------
// Procedures
// ---------------------------------------------------------------------------------------

#[test]
fn unknown_cpt_codes() {
    for value in ["99213", "9588", "958860", "95862", "95x86", "", "95905 x"] {
        let extra = format!(r#""procedures":[{{"cpt":"95886"}},{{"cpt":{value:?}}}]"#);
        let quoted = format!("{value:?}");
        assert_case_rejected(&with_r252(&extra), "procedures[1].cpt", &[&quoted]);
        assert_eq!(
            value.parse::<CptCode>(),
            Err(ErrorKind::UnknownCpt {
                value: value.to_owned()
            })
        );
    }
    // Every code of the docs/codes.md table is accepted.
    for c in [
        "95907", "95908", "95909", "95910", "95911", "95912", "95913", "95885", "95886", "95887",
        "95860", "95861", "95863", "95864", "95865", "95866", "95867", "95868", "95869", "95870",
        "95872", "95937", "95905",
    ] {
        let extra = format!(r#""procedures":[{{"cpt":"{c}"}}]"#);
        serde_json::from_str::<Case>(&with_r252(&extra)).unwrap_or_else(|e| panic!("{c}: {e}"));
        c.parse::<CptCode>().unwrap();
    }
}

#[test]
fn cpt_must_be_a_string() {
    assert_case_rejected(
        &with_r252(r#""procedures":[{"cpt":95886}]"#),
        "procedures[0].cpt",
        &["string", "95886"],
    );
}

#[test]
fn units_out_of_range() {
    for (value, shown) in [("0", "0"), ("100", "100"), ("2.5", "2.5"), ("-1", "-1")] {
        let extra = format!(r#""procedures":[{{"cpt":"95886","units":{value}}}]"#);
        assert_case_rejected(&with_r252(&extra), "procedures[0].units", &[shown]);
    }
    assert_case_rejected(
        &with_r252(r#""procedures":[{"cpt":"95886","units":"2"}]"#),
        "procedures[0].units",
        &["\"2\""],
    );
    for ok in ["1", "99"] {
        let extra = format!(r#""procedures":[{{"cpt":"95886","units":{ok}}}]"#);
        let case: Case = serde_json::from_str(&with_r252(&extra)).unwrap();
        assert_eq!(case.procedures()[0].units.get().to_string(), ok);
    }
    assert!(Units::new(0).is_none());
    assert!(Units::new(100).is_none());
    assert_eq!(Units::new(99).map(Units::get), Some(99));
}

/// docs/codes.md, NCS tiers: `studies` only on NCS codes, and only 1-99 as a whole number.
#[test]
fn studies_on_a_non_ncs_code() {
    for cpt in ["95886", "95860", "95937", "95905", "95872"] {
        let extra = format!(r#""procedures":[{{"cpt":"95909"}},{{"cpt":"{cpt}","studies":4}}]"#);
        assert_case_rejected(
            &with_r252(&extra),
            "procedures[1].studies",
            &["4", cpt, "95907-95913"],
        );
    }
    // The builder refuses the same line with the same path and kind.
    let err = r252_builder()
        .procedure(Procedure::new("95909".parse().unwrap()))
        .procedure(Procedure::new("95886".parse().unwrap()).with_studies(Studies::new(4).unwrap()))
        .build()
        .unwrap_err();
    assert_eq!(err.path(), "procedures[1].studies");
    assert!(
        matches!(err.kind(), ErrorKind::StudiesOnNonNcs { value: 4, cpt } if cpt.value() == 95886),
        "{err:?}"
    );
    // Every NCS code takes a count.
    for cpt in 95907..=95913 {
        let extra = format!(r#""procedures":[{{"cpt":"{cpt}","studies":4}}]"#);
        let case: Case = serde_json::from_str(&with_r252(&extra)).unwrap();
        assert_eq!(case.procedures()[0].studies.map(Studies::get), Some(4));
    }
}

#[test]
fn studies_out_of_range_or_not_a_whole_number() {
    for (value, shown) in [
        ("0", "0"),
        ("100", "100"),
        ("-1", "-1"),
        ("2.5", "2.5"),
        ("7.0", "7.0"),
        ("1e1", "10.0"),
        ("18446744073709551616", "1.8446744073709552e19"),
        ("4294967296", "4294967296"),
    ] {
        let extra = format!(r#""procedures":[{{"cpt":"95909","studies":{value}}}]"#);
        assert_case_rejected(&with_r252(&extra), "procedures[0].studies", &[shown]);
    }
    for (value, shown) in [(r#""6""#, r#""6""#), ("null", "null"), ("true", "true")] {
        let extra = format!(r#""procedures":[{{"cpt":"95909","studies":{value}}}]"#);
        assert_case_rejected(&with_r252(&extra), "procedures[0].studies", &[shown]);
    }
    for ok in [1u32, 6, 99] {
        let extra = format!(r#""procedures":[{{"cpt":"95913","studies":{ok}}}]"#);
        let case: Case = serde_json::from_str(&with_r252(&extra)).unwrap();
        assert_eq!(case.procedures()[0].studies.map(Studies::get), Some(ok));
    }
    assert!(Studies::new(0).is_none() && Studies::new(100).is_none());
}

#[test]
fn unknown_needle_emg_exception() {
    assert_case_rejected(
        &with_r252(r#""needle_emg_exceptions":["anticoagulation","pregnancy"]"#),
        "needle_emg_exceptions[1]",
        &["needle EMG exception", "\"pregnancy\""],
    );
    // Wire names are exact.
    assert_case_rejected(
        &with_r252(r#""needle_emg_exceptions":["Anticoagulation"]"#),
        "needle_emg_exceptions[0]",
        &["\"Anticoagulation\""],
    );
    assert_case_rejected(
        &with_r252(r#""needle_emg_exceptions":"lymphedema""#),
        "needle_emg_exceptions",
        &["an array"],
    );
    assert_case_rejected(
        &with_r252(r#""needle_emg_exceptions":[{"reason":"lymphedema"}]"#),
        "needle_emg_exceptions[0]",
        &["a string"],
    );
    // Order and repetition do not matter.
    let a: Case = serde_json::from_str(&with_r252(
        r#""needle_emg_exceptions":["lymphedema","follow_up_study","lymphedema"]"#,
    ))
    .unwrap();
    let b: Case = serde_json::from_str(&with_r252(
        r#""needle_emg_exceptions":["follow_up_study","lymphedema"]"#,
    ))
    .unwrap();
    assert_eq!(a, b);
    assert_eq!(a.needle_emg_exceptions().len(), 2);
}

#[test]
fn cli_rejects_part_c_bad_input() {
    let bad: [(String, Vec<&str>); 4] = [
        (
            with_r252(r#""procedures":[{"cpt":"95886","studies":6}]"#),
            vec!["procedures[0].studies", "6", "95886"],
        ),
        (
            with_r252(r#""procedures":[{"cpt":"95909","studies":0}]"#),
            vec!["procedures[0].studies", "0"],
        ),
        (
            with_r252(r#""procedures":[{"cpt":"95909","studies":5.5}]"#),
            vec!["procedures[0].studies", "5.5"],
        ),
        (
            with_r252(r#""needle_emg_exceptions":["pregnancy"]"#),
            vec!["needle_emg_exceptions[0]", "\"pregnancy\""],
        ),
    ];
    for (json, needles) in &bad {
        assert_cli_rejects(&["-"], json, needles);
    }
}

// ---------------------------------------------------------------------------------------
// Numbers
// ---------------------------------------------------------------------------------------

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

// ---------------------------------------------------------------------------------------
// Schema version and types
// ---------------------------------------------------------------------------------------

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

// ---------------------------------------------------------------------------------------
// Policy
// ---------------------------------------------------------------------------------------

#[test]
fn policy_errors() {
    assert_policy_rejected(
        r#"{"min_trial_day":28}"#,
        "",
        &["\"min_trial_day\"", "unknown field"],
    );
    assert_policy_rejected(
        r#"{"require_needle_emg_with_ncs_typo":true}"#,
        "",
        &["\"require_needle_emg_with_ncs_typo\""],
    );
    assert_policy_rejected(r#"{"min_trial_days":-1}"#, "min_trial_days", &["-1"]);
    assert_policy_rejected(r#"{"min_trial_days":2.5}"#, "min_trial_days", &["2.5"]);
    assert_policy_rejected(r#"{"min_trial_days":"28"}"#, "min_trial_days", &["\"28\""]);
    assert_policy_rejected(r#"{"min_trial_days":null}"#, "min_trial_days", &["null"]);
    assert_policy_rejected(
        r#"{"require_differential":"yes"}"#,
        "require_differential",
        &["\"yes\""],
    );
    assert_policy_rejected(
        r#"{"accept_symptom_codes_with_support":1}"#,
        "accept_symptom_codes_with_support",
        &["1"],
    );
    assert_policy_rejected(
        r#"{"require_differential":null}"#,
        "require_differential",
        &["null"],
    );
    assert_policy_rejected(
        r#"{"require_differential":true,"require_differential":false}"#,
        "",
        &["\"require_differential\"", "more than once"],
    );
    assert!(serde_json::from_str::<Policy>("[]").is_err());

    // Every field is optional and defaults as in docs/wire-format.md, Policy.
    let p: Policy = serde_json::from_str("{}").unwrap();
    assert_eq!(p, Policy::default());
    assert_eq!(p.min_trial_days, 0);
    assert!(p.require_differential);
    assert!(!p.accept_symptom_codes_with_support);
    let p: Policy = serde_json::from_str(r#"{"min_trial_days":28}"#).unwrap();
    assert_eq!(p, Policy::default().with_min_trial_days(28));
}

// ---------------------------------------------------------------------------------------
// Error type
// ---------------------------------------------------------------------------------------

#[test]
fn error_display_is_path_then_reason() {
    let err: Error = Case::builder().build().unwrap_err();
    assert_eq!(err.to_string(), format!("{}: {}", err.path(), err.kind()));
    let _: &dyn std::error::Error = &err;
}

// ---------------------------------------------------------------------------------------
// The `evaluate` example
// ---------------------------------------------------------------------------------------

use common::{manifest_dir, run_example};

/// Exit status 2, nothing on stdout, exactly one stderr line `error: ...` naming `needles`.
#[track_caller]
fn assert_cli_rejects(args: &[&str], stdin: &str, needles: &[&str]) {
    let out = run_example(args, stdin);
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    let shown = stdin.chars().take(120).collect::<String>();
    assert_eq!(
        out.status.code(),
        Some(2),
        "exit status for {args:?} {shown}\nstderr: {stderr}"
    );
    assert!(stdout.is_empty(), "no partial result on stdout: {stdout}");
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), 1, "exactly one stderr line: {stderr:?}");
    assert!(lines[0].starts_with("error:"), "{stderr:?}");
    for n in needles {
        assert!(lines[0].contains(n), "stderr should name {n:?}: {stderr:?}");
    }
}

#[test]
fn cli_rejects_bad_cases_with_one_error_line() {
    let over = format!(r#"{{"diagnoses":[{}]}}"#, many_diagnoses(1001));
    let bad: Vec<(String, Vec<&str>)> = vec![
        (r#"{"diagnoses":[]}"#.into(), vec!["diagnoses"]),
        (
            r#"{"diagnoses":[{"code":"R2"}]}"#.into(),
            vec!["diagnoses[0].code", "\"R2\""],
        ),
        (
            r#"{"diagnoses":[{"code":"R25-2"}]}"#.into(),
            vec!["diagnoses[0].code", "\"R25-2\""],
        ),
        (
            with_r252(r#""findings":[{"kind":"fasiculations"}]"#),
            vec!["findings[0].kind", "\"fasiculations\""],
        ),
        (
            with_r252(r#""finding":[{"kind":"numbness"}]"#),
            vec!["\"finding\""],
        ),
        (
            with_r252(
                r#""findings":[{"kind":"numbness","source":"exam"},{"kind":"numbness","status":"absent","source":"exam"}]"#,
            ),
            vec!["findings[1]", "numbness"],
        ),
        (
            with_r252(r#""procedures":[{"cpt":"99213"}]"#),
            vec!["procedures[0].cpt", "\"99213\""],
        ),
        (over, vec!["diagnoses", "1001"]),
        ("{".into(), vec![]),
        ("".into(), vec![]),
    ];
    for (json, needles) in &bad {
        // Through standard input ...
        assert_cli_rejects(&["-"], json, needles);
    }
    // ... and from a file.
    let dir = std::env::temp_dir().join(format!("edx-coverage-errors-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("bad.json");
    std::fs::write(&file, &bad[1].0).unwrap();
    assert_cli_rejects(&[file.to_str().unwrap()], "", &bad[1].1);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn cli_rejects_bad_policy_and_arguments() {
    let case = "examples/cases/r25.2-alone.json";
    let dir = std::env::temp_dir().join(format!("edx-coverage-policy-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let policy = dir.join("policy.json");
    std::fs::write(&policy, r#"{"min_trial_day":28}"#).unwrap();
    assert_cli_rejects(
        &["--policy", policy.to_str().unwrap(), case],
        "",
        &["\"min_trial_day\""],
    );
    std::fs::write(&policy, r#"{"min_trial_days":-1}"#).unwrap();
    assert_cli_rejects(
        &["--policy", policy.to_str().unwrap(), case],
        "",
        &["min_trial_days", "-1"],
    );
    std::fs::remove_dir_all(&dir).unwrap();

    assert_cli_rejects(&["no/such/case.json"], "", &["no/such/case.json"]);
    assert_cli_rejects(&["--format", "xml", case], "", &["xml"]);
    assert_cli_rejects(&["--bogus", case], "", &["--bogus"]);
}

#[test]
fn cli_evaluates_a_bundled_case() {
    let path = "examples/cases/r25.2-alone.json";
    let out = run_example(&[path], "");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let got: serde_json::Value = serde_json::from_slice(&out.stdout).expect("one JSON document");

    // The same determination as the library's.
    let text = std::fs::read_to_string(manifest_dir().join(path)).unwrap();
    let case: Case = serde_json::from_str(&text).unwrap();
    let want = serde_json::to_value(evaluate(&case, &Policy::default())).unwrap();
    assert_eq!(got, want);
    assert_eq!(got["ruleset"], edx_coverage::RULESET);

    // Standard input, with `-` and with no path at all.
    for args in [&["-"][..], &[][..], &["--format", "json", "-"][..]] {
        let out = run_example(args, &text);
        assert_eq!(out.status.code(), Some(0), "{args:?}");
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(v, want, "{args:?}");
    }
}

/// A UTF-8 byte-order mark (as Windows editors write) at the start of a case or policy is
/// accepted; anywhere else it is still a syntax error.
#[test]
fn cli_accepts_a_leading_byte_order_mark_only() {
    let path = "examples/cases/r25.2-alone.json";
    let text = std::fs::read_to_string(manifest_dir().join(path)).unwrap();
    let plain = run_example(&[path], "");
    assert_eq!(plain.status.code(), Some(0));
    let out = run_example(&["-"], &format!("\u{feff}{text}"));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert_eq!(out.stdout, plain.stdout);

    let dir = std::env::temp_dir().join(format!("edx-coverage-bom-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let policy = dir.join("policy.json");
    std::fs::write(&policy, "\u{feff}{\"min_trial_days\":28}").unwrap();
    let out = run_example(&["--policy", policy.to_str().unwrap(), path], "");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(out.stdout, plain.stdout);
    std::fs::write(&policy, "{\"min_trial_days\":28}\u{feff}").unwrap();
    assert_cli_rejects(
        &["--policy", policy.to_str().unwrap(), path],
        "",
        &["policy"],
    );
    std::fs::remove_dir_all(&dir).unwrap();

    for bad in [
        format!("\u{feff}\u{feff}{text}"),
        format!("{text}\u{feff}"),
        format!(" \u{feff}{text}"),
    ] {
        assert_cli_rejects(&["-"], &bad, &["case"]);
    }
}

#[test]
fn cli_text_format() {
    let out = run_example(&["--format", "text", "examples/cases/r25.2-alone.json"], "");
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        serde_json::from_str::<serde_json::Value>(&text).is_err(),
        "text, not JSON: {text}"
    );
    assert!(text.contains("Why:"), "{text}");
    assert!(text.contains(edx_coverage::RULESET), "{text}");
}

#[test]
fn cli_applies_a_policy() {
    let case = "examples/cases/payer-accepts-symptom-codes.json";
    let policy = "examples/cases/payer-accepts-symptom-codes.policy.json";
    let strict = run_example(&[case], "");
    let lenient = run_example(&["--policy", policy, case], "");
    assert_eq!(strict.status.code(), Some(0));
    assert_eq!(lenient.status.code(), Some(0));
    let strict: serde_json::Value = serde_json::from_slice(&strict.stdout).unwrap();
    let lenient: serde_json::Value = serde_json::from_slice(&lenient.stdout).unwrap();
    // RULES.md: with the waiver and a neurological finding, symptom-only coding is no pitfall.
    let has_pitfall = |v: &serde_json::Value| {
        v["pitfalls"]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p == "symptom_only_coding")
    };
    assert!(has_pitfall(&strict), "{strict}");
    assert!(!has_pitfall(&lenient), "{lenient}");
}

#[test]
fn refused_values_are_echoed_at_most_64_characters() {
    let long = "X".repeat(100_000);
    for json in [
        format!(r#"{{"diagnoses":[{{"code":"{long}"}}]}}"#),
        format!(r#"{{"diagnoses":[{{"code":"R25.2"}}],"findings":[{{"kind":"{long}"}}]}}"#),
        format!(r#"{{"diagnoses":[{{"code":"R25.2"}}],"procedures":[{{"cpt":"{long}"}}]}}"#),
        format!(r#"{{"diagnoses":[{{"code":"R25.2"}}],"{long}":1}}"#),
    ] {
        let msg = serde_json::from_str::<Case>(&json).unwrap_err().to_string();
        assert!(
            msg.len() < 400,
            "error echoes too much: {} bytes",
            msg.len()
        );
        assert!(msg.contains(&format!("{}…", "X".repeat(64))), "{msg}");
    }
    // Short values are echoed whole.
    let msg = serde_json::from_str::<Case>(r#"{"diagnoses":[{"code":"R2"}]}"#)
        .unwrap_err()
        .to_string();
    assert!(msg.contains(r#""R2""#), "{msg}");
}

#[test]
fn cli_text_format_per_audience() {
    let path = "examples/cases/neuropathy-signs.json";
    let case: Case =
        serde_json::from_str(&std::fs::read_to_string(manifest_dir().join(path)).unwrap()).unwrap();
    let d = evaluate(&case, &Policy::default());
    for (args, audience) in [
        (&["--format", "text", path][..], Audience::Clinician),
        (
            &["--format", "text", "--audience", "clinician", path][..],
            Audience::Clinician,
        ),
        (
            &["--audience", "patient", "--format", "text", path][..],
            Audience::Patient,
        ),
        (
            &["--format", "text", "--audience", "coder", path][..],
            Audience::Coder,
        ),
    ] {
        let out = run_example(args, "");
        assert_eq!(out.status.code(), Some(0), "{args:?}");
        let text = String::from_utf8(out.stdout).unwrap();
        let path = edx_coverage::plan(&case, &Policy::default());
        let want = Explanation::new(&case, &d, audience)
            .with_plan(&path)
            .to_string();
        assert_eq!(text, format!("{want}\n"), "{args:?}");
    }
    assert_cli_rejects(
        &["--format", "text", "--audience", "payer", path],
        "",
        &["--audience", "\"payer\""],
    );
    assert_cli_rejects(&["--format", "text", "--audience"], "", &["--audience"]);
    assert_cli_rejects(
        &["--audience", "patient", path],
        "",
        &["--audience", "--format text"],
    );
}
