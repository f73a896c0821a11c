//! Ruleset 4, the ICD-10-CM code set: each rule on and off (a test fails if the rule is
//! removed or inverted), the status of codes, the unknown-is-other classification, and
//! `diagnosis_code_issues` in the API and on the wire. Expectations follow RULES.md.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use edx_coverage::{
    evaluate, evaluate_ignoring_code_set, Case, CodeClass, CodeStatus, Coverage, Determination,
    DocumentationGap, Finding, FindingKind, FindingSource, IcdCode, Indication, Pitfall, Policy,
    Recommendation, RuleId, Source,
};
use serde_json::{json, Value};

fn case(codes: &[&str], findings: &[Finding]) -> Case {
    let mut b = Case::builder();
    for c in codes {
        b = b.diagnosis(c.parse().unwrap());
    }
    for f in findings {
        b = b.finding(*f);
    }
    b.differential(edx_coverage::DifferentialCondition::Neuropathy)
        .build()
        .unwrap()
}

fn exam(kind: FindingKind) -> Finding {
    Finding::new(kind).with_source(FindingSource::Exam)
}

fn run(codes: &[&str], findings: &[Finding]) -> Determination {
    evaluate(&case(codes, findings), &Policy::default())
}

fn issues(d: &Determination) -> Vec<(String, CodeStatus)> {
    d.diagnosis_code_issues()
        .map(|i| (i.code.to_string(), i.status))
        .collect()
}

/// A fully documented, indicated case: likely covered with billable codes.
const WELL: [&str; 2] = ["R25.2", "G62.9"];

#[test]
fn a_billable_case_is_untouched() {
    let d = run(&WELL, &[exam(FindingKind::Numbness)]);
    assert_eq!(d.coverage(), Coverage::LikelyCovered);
    assert!(issues(&d).is_empty());
    for id in [
        RuleId::PitNonBillableDiagnosisCode,
        RuleId::PitUnknownDiagnosisCode,
        RuleId::RecUseBillableCodes,
    ] {
        assert!(!d.rule_ids().contains(id), "{id}");
    }
}

#[test]
fn a_header_fires_non_billable_and_use_billable_codes() {
    // G62 is a category: same class as G62.9 (indicated), but not valid on a claim.
    let d = run(&["R25.2", "G62"], &[exam(FindingKind::Numbness)]);
    assert_eq!(d.indication(), Indication::Indicated);
    assert_eq!(d.coverage(), Coverage::AtRisk);
    assert_eq!(
        d.pitfalls().iter().collect::<Vec<_>>(),
        [Pitfall::NonBillableDiagnosisCode]
    );
    assert_eq!(
        d.recommendations().iter().collect::<Vec<_>>(),
        [Recommendation::UseBillableCodes]
    );
    assert!(d.rule_ids().contains(RuleId::PitNonBillableDiagnosisCode));
    assert!(d.rule_ids().contains(RuleId::RecUseBillableCodes));
    assert!(!d.rule_ids().contains(RuleId::PitUnknownDiagnosisCode));
    assert_eq!(issues(&d), [("G62".to_owned(), CodeStatus::Header)]);
}

#[test]
fn an_unknown_code_fires_unknown_and_supports_nothing() {
    // G62.7 has a polyneuropathy prefix but does not exist: class other, so without a
    // finding nothing makes testing indicated.
    let d = run(&["G62.7"], &[]);
    assert_eq!(
        "G62.7".parse::<IcdCode>().unwrap().class(),
        CodeClass::Other
    );
    assert_eq!(d.indication(), Indication::NotYetIndicated);
    assert!(d.pitfalls().contains(Pitfall::UnknownDiagnosisCode));
    assert!(d.pitfalls().contains(Pitfall::SymptomOnlyCoding));
    assert!(!d.pitfalls().contains(Pitfall::NonBillableDiagnosisCode));
    assert!(d
        .recommendations()
        .contains(Recommendation::UseBillableCodes));
    assert_eq!(issues(&d), [("G62.7".to_owned(), CodeStatus::Unknown)]);
    // Under the ruleset 3 reading the same code was a specific diagnosis.
    let old = evaluate_ignoring_code_set(&case(&["G62.7"], &[]), &Policy::default());
    assert_eq!(old.indication(), Indication::Indicated);
    assert!(!old.pitfalls().contains(Pitfall::UnknownDiagnosisCode));
}

#[test]
fn an_unknown_code_makes_an_indicated_case_at_risk() {
    let d = run(&["R25.2", "G62.9", "R25.7"], &[exam(FindingKind::Numbness)]);
    assert_eq!(d.coverage(), Coverage::AtRisk);
    assert_eq!(
        d.pitfalls().iter().collect::<Vec<_>>(),
        [Pitfall::UnknownDiagnosisCode]
    );
    assert_eq!(
        d.recommendations().iter().collect::<Vec<_>>(),
        [Recommendation::UseBillableCodes]
    );
    assert!(d.documentation_gaps().is_empty());
    let _ = DocumentationGap::PhysicalExam;
}

#[test]
fn both_pitfalls_in_order_and_one_recommendation() {
    let d = run(
        &["G62.9", "M62.83", "G62.7"],
        &[exam(FindingKind::Numbness)],
    );
    let pitfalls: Vec<_> = d.pitfalls().iter().collect();
    assert_eq!(
        pitfalls,
        [
            Pitfall::NonBillableDiagnosisCode,
            Pitfall::UnknownDiagnosisCode
        ]
    );
    let recs: Vec<_> = d.recommendations().iter().collect();
    assert_eq!(recs, [Recommendation::UseBillableCodes]);
}

#[test]
fn issues_are_a_set_ordered_by_code() {
    let d = run(
        &[
            "r25", "M62.83", "G62.7", "g62", "R25", "R25.2", "M6283", "A00",
        ],
        &[],
    );
    assert_eq!(
        issues(&d),
        [
            ("A00".to_owned(), CodeStatus::Header),
            ("G62".to_owned(), CodeStatus::Header),
            ("G62.7".to_owned(), CodeStatus::Unknown),
            ("M62.83".to_owned(), CodeStatus::Header),
            ("R25".to_owned(), CodeStatus::Header),
        ]
    );
}

#[test]
fn the_new_rules_cite_the_code_set() {
    assert_eq!(
        RuleId::PitNonBillableDiagnosisCode.sources(),
        [Source::Icd10CmLevelOfDetail, Source::Icd10CmFy2026]
    );
    assert_eq!(
        RuleId::PitUnknownDiagnosisCode.sources(),
        [Source::Icd10CmFy2026]
    );
    assert!(RuleId::RecUseBillableCodes.citations().is_empty());
    assert!(!RuleId::RecUseBillableCodes.sources().is_empty());
}

#[test]
fn the_wire_carries_the_issues_and_reads_them_back() {
    let d = run(&["R25.2", "G62", "G62.7"], &[exam(FindingKind::Numbness)]);
    let v = serde_json::to_value(&d).unwrap();
    assert_eq!(
        v["diagnosis_code_issues"],
        json!([
            { "code": "G62", "status": "header" },
            { "code": "G62.7", "status": "unknown" }
        ])
    );
    assert_eq!(v["ruleset"], "edx-coverage/4");
    let back: Determination = serde_json::from_value(v.clone()).unwrap();
    assert_eq!(back, d);
    // Always present, empty when every code is billable.
    let clean = serde_json::to_value(run(&WELL, &[])).unwrap();
    assert_eq!(clean["diagnosis_code_issues"], json!([]));
}

#[test]
fn issues_read_back_must_be_what_the_code_set_says() {
    let d = run(&["R25.2", "G62", "G62.7"], &[exam(FindingKind::Numbness)]);
    let v = serde_json::to_value(&d).unwrap();
    let with = |issues: Value| {
        let mut w = v.clone();
        w["diagnosis_code_issues"] = issues;
        serde_json::from_value::<Determination>(w)
            .unwrap_err()
            .to_string()
    };
    let e = with(json!([{ "code": "G62", "status": "unknown" }]));
    assert!(e.contains("diagnosis_code_issues[0].status"), "{e}");
    let e = with(json!([{ "code": "R25.2", "status": "header" }]));
    assert!(e.contains("is billable"), "{e}");
    let e = with(json!([
        { "code": "G62.7", "status": "unknown" },
        { "code": "G62", "status": "header" }
    ]));
    assert!(e.contains("diagnosis_code_issues[1].code"), "{e}");
    let e = with(json!([{ "code": "G62", "status": "header", "x": 1 }]));
    assert!(e.contains("unknown field"), "{e}");
}

#[test]
fn cloning_a_determination_with_issues_keeps_them() {
    let d = run(&["G62"], &[]);
    let e = d.clone();
    assert_eq!(issues(&e), issues(&d));
    assert_eq!(e, d);
}

#[test]
fn candidate_codes_are_billable() {
    for (_, code) in edx_coverage::codes::CANDIDATE_CODES {
        assert_eq!(code.status(), CodeStatus::Billable, "{code}");
    }
}

#[test]
fn the_classification_lists_name_codes_of_the_code_set() {
    // Every exact code and every prefix of the lists is in the code set.
    for (row, _) in edx_coverage::codes::ICD_CLASSES {
        let text = match row {
            edx_coverage::codes::Match::Exact(c) | edx_coverage::codes::Match::Prefix(c) => c,
        };
        let code: IcdCode = text.parse().unwrap();
        assert_ne!(code.status(), CodeStatus::Unknown, "{code}");
    }
}
