//! CRD coverage information and CDS Hooks cards for every vignette, each invariant checked
//! on the JSON a host would send: the CRD extension here, the card and the command line in
//! cards.rs.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::collections::BTreeSet;

use edx_coverage::{evaluate, Case, Coverage, Determination, ErrorKind, Policy};
use edx_coverage_fhir::crd::{
    CoverageInformation, CrdInputs, COVERAGE_DETAIL_SYSTEM, EXTENSION_URL,
};
use serde_json::Value;

mod cards;
#[path = "../common/mod.rs"]
mod common;

/// Each vignette's name and determination.
pub(crate) fn vignettes() -> Vec<(String, Determination)> {
    common::vignettes()
        .into_iter()
        .map(|(name, doc)| {
            let case: Case = serde_json::from_value(doc["case"].clone()).unwrap();
            let policy: Policy = doc.get("policy").map_or_else(Policy::default, |v| {
                serde_json::from_value(v.clone()).unwrap()
            });
            (name, evaluate(&case, &policy))
        })
        .collect()
}

const INPUTS: CrdInputs<'static> = CrdInputs {
    coverage: "Coverage/cov-1",
    date: "2025-06-01",
    coverage_assertion_id: "assert-42",
};

/// The sub-extensions with this url.
fn subs<'a>(ext: &'a Value, url: &str) -> Vec<&'a Value> {
    ext["extension"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["url"] == url)
        .collect()
}

/// The `valueCode` of each sub-extension with this url.
fn codes(ext: &Value, url: &str) -> Vec<String> {
    subs(ext, url)
        .iter()
        .map(|e| e["valueCode"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn crd_coverage_information_keeps_every_invariant() {
    let known: BTreeSet<&str> = [
        "coverage",
        "covered",
        "pa-needed",
        "doc-needed",
        "doc-purpose",
        "info-needed",
        "billingCode",
        "reason",
        "detail",
        "dependency",
        "questionnaire",
        "date",
        "coverage-assertion-id",
        "satisfied-pa-id",
        "contact",
        "expiry-date",
    ]
    .into();
    for (name, d) in vignettes() {
        let info = CoverageInformation::new(&d, &INPUTS).unwrap();
        let ext = serde_json::to_value(&info).unwrap();
        let at = |what: &str| format!("{name}: {what}");

        assert_eq!(ext["url"], EXTENSION_URL, "{}", at("url"));
        assert_eq!(
            ext.as_object().unwrap().len(),
            2,
            "{}",
            at("only url and extension")
        );
        for sub in ext["extension"].as_array().unwrap() {
            let url = sub["url"].as_str().unwrap();
            assert!(known.contains(url), "{}", at(url));
            // ext-1: a value or nested extensions, not both; exactly one value[x].
            let keys: Vec<&String> = sub
                .as_object()
                .unwrap()
                .keys()
                .filter(|k| *k != "url")
                .collect();
            assert_eq!(keys.len(), 1, "{}", at(url));
            assert!(
                keys[0] == "extension" || keys[0].starts_with("value"),
                "{}",
                at(url)
            );
        }

        // Cardinalities.
        for (url, min, max) in [
            ("coverage", 1, 1),
            ("covered", 1, 1),
            ("pa-needed", 0, 1),
            ("date", 1, 1),
            ("coverage-assertion-id", 1, 1),
            ("satisfied-pa-id", 0, 1),
            ("expiry-date", 0, 1),
        ] {
            let n = subs(&ext, url).len();
            assert!((min..=max).contains(&n), "{}", at(url));
        }

        // Host inputs echoed.
        assert_eq!(
            subs(&ext, "coverage")[0]["valueReference"]["reference"],
            INPUTS.coverage
        );
        assert_eq!(subs(&ext, "date")[0]["valueDate"], INPUTS.date);
        assert_eq!(
            subs(&ext, "coverage-assertion-id")[0]["valueString"],
            INPUTS.coverage_assertion_id
        );

        // covered follows the outlook.
        let covered = codes(&ext, "covered").remove(0);
        let want = match d.coverage() {
            Coverage::LikelyCovered => "covered",
            Coverage::AtRisk => "conditional",
            _ => "not-covered",
        };
        assert_eq!(covered, want, "{}", at("covered"));

        // doc-needed = clinical exactly when there are documentation gaps.
        let doc_needed = codes(&ext, "doc-needed");
        if d.documentation_gaps().is_empty() {
            assert!(doc_needed.is_empty(), "{}", at("doc-needed"));
        } else {
            assert_eq!(doc_needed, ["clinical"], "{}", at("doc-needed"));
        }

        // info-needed exactly when covered, pa-needed or doc-needed is conditional; OTH here.
        let pa_needed = codes(&ext, "pa-needed");
        let any_conditional = covered == "conditional"
            || pa_needed.iter().any(|c| c == "conditional")
            || doc_needed.iter().any(|c| c == "conditional");
        let info_needed = codes(&ext, "info-needed");
        assert_eq!(
            !info_needed.is_empty(),
            any_conditional,
            "{}",
            at("info-needed")
        );
        if covered == "conditional" {
            assert_eq!(info_needed, ["OTH"], "{}", at("info-needed"));
        }

        // not-covered: no pa-needed.
        if covered == "not-covered" {
            assert!(pa_needed.is_empty(), "{}", at("pa-needed"));
        }
        // satisfied-pa-id iff pa-needed = satisfied.
        let satisfied = pa_needed.iter().any(|c| c == "satisfied");
        assert_eq!(
            !subs(&ext, "satisfied-pa-id").is_empty(),
            satisfied,
            "{}",
            at("satisfied-pa-id")
        );
        // doc-purpose is not withpa when PA is satisfied or not needed.
        let doc_purpose = codes(&ext, "doc-purpose");
        if pa_needed.is_empty() || pa_needed.iter().any(|c| c == "satisfied" || c == "no-auth") {
            assert!(
                !doc_purpose.iter().any(|c| c == "withpa"),
                "{}",
                at("doc-purpose")
            );
        }
        // doc-purpose only alongside doc-needed; questionnaire only with doc-needed.
        assert!(
            doc_purpose.is_empty() || !doc_needed.is_empty(),
            "{}",
            at("doc-purpose")
        );
        assert!(subs(&ext, "questionnaire").is_empty() || !doc_needed.is_empty());
        // indeterminate requires reason; info-needed OTH requires reason (with text).
        let reasons = subs(&ext, "reason");
        let indeterminate = [&covered]
            .into_iter()
            .chain(&pa_needed)
            .chain(&doc_needed)
            .any(|c| c == "indeterminate");
        if indeterminate || info_needed.iter().any(|c| c == "OTH") {
            assert!(!reasons.is_empty(), "{}", at("reason"));
        }
        for r in &reasons {
            assert!(!r["valueCodeableConcept"]["text"]
                .as_str()
                .unwrap()
                .is_empty());
        }

        // One detail per gap, pitfall, procedure correction and recommendation, in that
        // order, readable; a correction names both codes.
        let details = subs(&ext, "detail");
        let mut want_texts: Vec<String> = Vec::new();
        want_texts.extend(
            d.documentation_gaps()
                .iter()
                .map(|g| g.description().to_owned()),
        );
        want_texts.extend(d.pitfalls().iter().map(|p| p.description().to_owned()));
        want_texts.extend(
            d.procedure_corrections()
                .map(|c| format!("Replace CPT {} with {}", c.cpt, c.replacement)),
        );
        want_texts.extend(
            d.recommendations()
                .iter()
                .map(|r| r.description().to_owned()),
        );

        assert_eq!(details.len(), want_texts.len(), "{}", at("detail count"));
        for (detail, want) in details.iter().zip(&want_texts) {
            let parts = detail["extension"].as_array().unwrap();
            let code = parts.iter().find(|p| p["url"] == "code").unwrap();
            let coding = &code["valueCodeableConcept"]["coding"][0];
            // STU 2.2 (the default): the official detail code system and a category.
            assert_eq!(coding["system"], COVERAGE_DETAIL_SYSTEM);
            assert_eq!(coding["code"], "instructions");
            let category = parts.iter().find(|p| p["url"] == "category").unwrap();
            assert!(
                ["cat-decisional", "cat-other"].contains(&category["valueCode"].as_str().unwrap())
            );
            assert!(!code["valueCodeableConcept"]["text"]
                .as_str()
                .unwrap()
                .is_empty());
            let value = parts.iter().find(|p| p["url"] == "value").unwrap();
            let text = value["valueString"].as_str().unwrap();
            assert!(text.starts_with(want.as_str()), "{}", at(text));
        }
        for lab in d.recommended_labs() {
            assert!(
                details.iter().any(|x| x.to_string().contains(lab.as_str())),
                "{}",
                at("labs")
            );
        }
        for c in d.suggested_codes() {
            if d.recommendations()
                .contains(edx_coverage::Recommendation::AddSupportingCodes)
            {
                assert!(details
                    .iter()
                    .any(|x| x.to_string().contains(c.code.as_str())));
            }
        }

        if d.procedure_corrections().next().is_some() {
            let corrections = details
                .iter()
                .filter(|x| x.to_string().contains("Procedure correction"))
                .count();
            assert_eq!(
                corrections,
                d.procedure_corrections().count(),
                "{}",
                at("corrections")
            );
        }

        // Typed view agrees with the JSON.
        assert_eq!(info.covered().as_str(), covered);
        assert_eq!(info.details().len(), details.len());
    }
}

#[test]
fn crd_refuses_bad_host_inputs() {
    let (_, d) = vignettes().remove(0);
    let cases = [
        (
            CrdInputs {
                date: "2025-6-1",
                ..INPUTS
            },
            "date",
        ),
        (
            CrdInputs {
                date: "2025-02-29",
                ..INPUTS
            },
            "date",
        ),
        (CrdInputs { date: "", ..INPUTS }, "date"),
        (
            CrdInputs {
                coverage_assertion_id: "",
                ..INPUTS
            },
            "coverage_assertion_id",
        ),
        (
            CrdInputs {
                coverage_assertion_id: " \t",
                ..INPUTS
            },
            "coverage_assertion_id",
        ),
        (
            CrdInputs {
                coverage: "",
                ..INPUTS
            },
            "coverage",
        ),
        (
            CrdInputs {
                coverage: "Coverage /1",
                ..INPUTS
            },
            "coverage",
        ),
    ];
    for (inputs, path) in cases {
        let err = CoverageInformation::new(&d, &inputs).unwrap_err();
        assert_eq!(err.path(), path, "{inputs:?}");
        let kind_ok = match path {
            "date" => matches!(err.kind(), ErrorKind::InvalidDate { .. }),
            "coverage" => matches!(
                err.kind(),
                ErrorKind::Blank | ErrorKind::InvalidReference { .. }
            ),
            _ => *err.kind() == ErrorKind::Blank,
        };
        assert!(kind_ok, "{inputs:?}: {err}");
    }
}
