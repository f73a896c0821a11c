//! Ruleset 4 in the Da Vinci CRD answer: every diagnosis code that is not valid on a claim
//! (a header of the FY2026 ICD-10-CM code set, or a code not in it) is named, with its code,
//! in the coverage-information `detail` of its pitfall and of the recommendation to replace
//! it, and in the card; for a header, with the billable codes under it.
//!
//! The codes and their children are the FY2026 ICD-10-CM code set's (the `code-set-*`
//! vignettes), not read back from the crate.
//!
//! Run with `cargo test -p edx-coverage-fhir --test crd_code_issues`.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use common::cds_check::{check_response, Version};
use edx_coverage::{evaluate, Case, Determination, Pitfall, Policy, Procedure, Recommendation};
use edx_coverage_fhir::card::Card;
use edx_coverage_fhir::cds_hooks::{answer, to_request, Hook, Options};
use edx_coverage_fhir::crd::{CoverageInformation, CrdInputs, CrdVersion, DetailSubject};
use serde_json::Value;

const INPUTS: CrdInputs<'static> = CrdInputs {
    coverage: "Coverage/1",
    date: "2026-06-01",
    coverage_assertion_id: "A1",
};

fn case(json: &str) -> Case {
    serde_json::from_str(json).unwrap()
}

fn determination(json: &str) -> Determination {
    evaluate(&case(json), &Policy::default())
}

/// The text of the detail about `subject`.
fn detail(info: &CoverageInformation, subject: DetailSubject) -> &str {
    info.details()
        .iter()
        .find(|d| d.subject() == subject)
        .unwrap_or_else(|| panic!("no detail for {subject:?}: {:?}", info.details()))
        .text()
}

/// The vignette code-set-category-not-billable: G62 is a category.
const HEADER_CASE: &str = r#"{"diagnoses":[{"code":"R25.2"},{"code":"G62"}],
    "findings":[{"kind":"numbness","source":"exam"},{"kind":"abnormal_reflexes","source":"exam"}],
    "differential":["neuropathy"]}"#;

/// The vignette code-set-no-such-code: G62.7 does not exist.
const UNKNOWN_CASE: &str = r#"{"diagnoses":[{"code":"R25.2"},{"code":"G62.7"}],
    "findings":[{"kind":"muscle_weakness","source":"exam"}],"differential":["neuropathy"]}"#;

#[test]
fn a_header_is_named_with_the_billable_codes_under_it() {
    let info = CoverageInformation::new(&determination(HEADER_CASE), &INPUTS).unwrap();
    let pitfall = detail(
        &info,
        DetailSubject::Pitfall(Pitfall::NonBillableDiagnosisCode),
    );
    assert!(
        pitfall.contains(
            "G62 (Other and unspecified polyneuropathies) is a header of the code set, not \
             billable; the billable codes under it: G62.0, G62.1, G62.2, G62.81, G62.82, \
             G62.89, G62.9."
        ),
        "{pitfall}"
    );
    let rec = detail(
        &info,
        DetailSubject::Recommendation(Recommendation::UseBillableCodes),
    );
    assert!(
        rec.ends_with("Codes to replace: G62 (a category or subcategory)."),
        "{rec}"
    );
    // R25.2 is billable and is not named as a problem.
    assert!(!pitfall.contains("R25.2") && !rec.contains("R25.2"));
}

#[test]
fn a_code_not_in_the_code_set_is_named_as_such() {
    let info = CoverageInformation::new(&determination(UNKNOWN_CASE), &INPUTS).unwrap();
    let pitfall = detail(&info, DetailSubject::Pitfall(Pitfall::UnknownDiagnosisCode));
    assert!(
        pitfall.ends_with("G62.7 is not in the FY2026 ICD-10-CM code set (no such code)."),
        "{pitfall}"
    );
    let rec = detail(
        &info,
        DetailSubject::Recommendation(Recommendation::UseBillableCodes),
    );
    assert!(
        rec.ends_with("Codes to replace: G62.7 (not in the FY2026 code set)."),
        "{rec}"
    );
}

#[test]
fn each_code_goes_to_its_own_pitfall_in_code_order() {
    // Two headers and an unknown code: each pitfall names its own codes, the recommendation
    // all of them, in code order whatever the order on the case.
    let info = CoverageInformation::new(
        &determination(
            r#"{"diagnoses":[{"code":"R25.7"},{"code":"R25"},{"code":"R25.2"},{"code":"G62"}]}"#,
        ),
        &INPUTS,
    )
    .unwrap();
    let header = detail(
        &info,
        DetailSubject::Pitfall(Pitfall::NonBillableDiagnosisCode),
    );
    let g62 = header.find("G62 (").unwrap();
    let r25 = header.find("R25 (").unwrap();
    assert!(g62 < r25, "{header}");
    assert!(
        header.contains("the billable codes under it: R25.0, R25.1, R25.2, R25.3, R25.8, R25.9."),
        "{header}"
    );
    assert!(!header.contains("R25.7"), "{header}");
    let unknown = detail(&info, DetailSubject::Pitfall(Pitfall::UnknownDiagnosisCode));
    assert!(unknown.contains("R25.7 is not in the FY2026"), "{unknown}");
    assert!(
        !unknown.contains("G62") && !unknown.contains("R25 "),
        "{unknown}"
    );
    let rec = detail(
        &info,
        DetailSubject::Recommendation(Recommendation::UseBillableCodes),
    );
    assert!(
        rec.ends_with(
            "Codes to replace: G62 (a category or subcategory), R25 (a category or \
             subcategory), R25.7 (not in the FY2026 code set)."
        ),
        "{rec}"
    );
}

#[test]
fn a_header_with_many_codes_lists_the_count_and_the_first_twelve() {
    // M62 (other disorders of muscle) holds far more than twelve billable codes.
    let info = CoverageInformation::new(
        &determination(r#"{"diagnoses":[{"code":"R25.2"},{"code":"M62"}]}"#),
        &INPUTS,
    )
    .unwrap();
    let text = detail(
        &info,
        DetailSubject::Pitfall(Pitfall::NonBillableDiagnosisCode),
    );
    let (_, list) = text
        .split_once("billable codes under it, the first 12: ")
        .unwrap_or_else(|| panic!("{text}"));
    let listed: Vec<&str> = list.trim_end_matches('.').split(", ").collect();
    assert_eq!(listed.len(), 12, "{text}");
    assert_eq!(listed[0], "M62.00", "{text}"); // separation of muscle, unspecified site
    assert!(listed.iter().all(|c| c.starts_with("M62.")), "{text}");
}

#[test]
fn billable_codes_add_nothing_to_the_details() {
    let d = determination(r#"{"diagnoses":[{"code":"R25.2"}]}"#);
    let info = CoverageInformation::new(&d, &INPUTS).unwrap();
    for detail in info.details() {
        assert!(
            !detail.text().contains("Codes to replace") && !detail.text().contains("header"),
            "{}",
            detail.text()
        );
    }
}

/// The CDS Hooks answer: the order's update action carries the named code in both CRD
/// versions, and the card names it too.
#[test]
fn the_cds_hooks_answer_names_the_codes() {
    let case = case(UNKNOWN_CASE)
        .to_builder()
        .procedure(Procedure::new("95909".parse().unwrap()))
        .procedure(Procedure::new("95886".parse().unwrap()))
        .build()
        .unwrap();
    let request = to_request(&case, Hook::OrderSign, "2026-11-27").to_string();
    for (version, check) in [
        (CrdVersion::V2_2, Version::V2_2),
        (CrdVersion::V2_1, Version::V2_1),
    ] {
        let options = Options::default()
            .with_date("2026-11-27")
            .with_crd_version(version);
        let answer = answer(&request, &Policy::default(), &options).unwrap();
        let response: Value = serde_json::from_str(answer.json()).unwrap();
        assert!(check_response(&response, check).is_empty());
        let actions = response["systemActions"].as_array().unwrap();
        assert_eq!(actions.len(), 2);
        for action in actions {
            let text = action["resource"].to_string();
            assert!(
                text.contains("G62.7 is not in the FY2026 ICD-10-CM code set (no such code)."),
                "{version:?}: {text}"
            );
            assert!(text.contains("Codes to replace: G62.7 (not in the FY2026 code set)."));
        }
        let card = response["cards"][0]["detail"].as_str().unwrap();
        assert!(
            card.contains("G62.7 is not in the FY2026 ICD-10-CM code set."),
            "{card}"
        );
        // The crate's card (the path to coverage may follow it).
        assert!(card.starts_with(Card::new(&evaluate(&case, &Policy::default())).detail()));
    }
}
