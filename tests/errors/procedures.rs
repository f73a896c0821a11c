//! Procedures

use super::example::assert_cli_rejects;
use super::*;

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
