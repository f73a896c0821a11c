//! Findings

use super::*;

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
