//! CRD coverage information and CDS Hooks cards for every vignette, each invariant checked
//! on the JSON a host would send.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::collections::BTreeSet;

use edx_coverage::{
    evaluate, Audience, Case, Coverage, Determination, ErrorKind, Explained, Policy, RULESET,
};
use edx_coverage_fhir::card::Card;
use edx_coverage_fhir::crd::{
    CoverageInformation, CrdInputs, CrdVersion, COVERAGE_DETAIL_SYSTEM, EXTENSION_URL,
    TEMP_CODE_SYSTEM,
};
use serde_json::Value;

mod common;

/// Each vignette's name and determination.
fn vignettes() -> Vec<(String, Determination)> {
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

#[test]
fn cds_cards_keep_every_rule() {
    let mut uuids = BTreeSet::new();
    let mut distinct = BTreeSet::new();
    for (name, d) in vignettes() {
        let card = Card::new(&d);
        let json = serde_json::to_value(&card).unwrap();
        let at = |what: &str| format!("{name}: {what}");

        let keys: BTreeSet<&str> = json
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(
            keys,
            ["detail", "indicator", "source", "summary", "uuid"].into(),
            "{}",
            at("keys")
        );

        let summary = json["summary"].as_str().unwrap();
        assert!(
            !summary.is_empty() && summary.chars().count() < 140,
            "{}",
            at(summary)
        );

        let want = if d.coverage() == Coverage::LikelyCovered {
            "info"
        } else {
            "warning"
        };
        assert_eq!(json["indicator"], want, "{}", at("indicator"));

        let label = json["source"]["label"].as_str().unwrap();
        assert!(
            label.contains("edx-coverage") && label.contains(RULESET),
            "{}",
            at(label)
        );

        // Markdown detail: the clinician text (verdict, reasons with citations, what to
        // document, what to do).
        const CLIN: Audience = Audience::Clinician;
        let detail = json["detail"].as_str().unwrap();
        for c in d.procedure_corrections() {
            assert!(
                detail.contains(&format!("Replace {} with {}", c.cpt, c.replacement)),
                "{}",
                at("correction names the replacement code")
            );
        }
        assert!(
            detail.contains(d.coverage().text(CLIN)),
            "{}",
            at("verdict")
        );
        for r in d.reasons() {
            let line = detail
                .lines()
                .find(|l| l.contains(&format!("[{}]", r.rule())))
                .unwrap_or_else(|| panic!("{}", at(r.rule().as_str())));
            let cites: Vec<String> = r.citations().iter().map(u8::to_string).collect();
            if !cites.is_empty() {
                assert!(
                    line.contains(&format!("[refs {}]", cites.join(", "))),
                    "{}",
                    at(line)
                );
            }
        }
        for g in d.documentation_gaps() {
            assert!(detail.contains(g.text(CLIN)), "{}", at(g.as_str()));
        }
        for p in d.pitfalls() {
            assert!(detail.contains(p.text(CLIN)), "{}", at(p.as_str()));
        }
        if !d.documentation_gaps().is_empty() || !d.pitfalls().is_empty() {
            assert!(
                detail.contains("**What to document or correct**"),
                "{}",
                at("heading")
            );
        }
        for r in d.recommendations() {
            assert!(detail.contains(r.text(CLIN)), "{}", at(r.as_str()));
        }
        if !d.recommendations().is_empty() {
            assert!(detail.contains("**What to do**"), "{}", at("heading"));
        }

        // Deterministic uuid, derived from content, UUID-shaped.
        let uuid = json["uuid"].as_str().unwrap();
        assert_eq!(Card::new(&d).uuid(), uuid, "{}", at("deterministic"));
        let groups: Vec<usize> = uuid.split('-').map(str::len).collect();
        assert_eq!(groups, [8, 4, 4, 4, 12], "{}", at(uuid));
        assert!(uuid.chars().all(|c| c == '-' || c.is_ascii_hexdigit()));
        uuids.insert(uuid.to_owned());
        distinct.insert(serde_json::to_string(&d).unwrap());

        // A host-supplied uuid replaces it and nothing else.
        let mine = Card::new(&d).with_uuid("host-1").unwrap();
        assert_eq!(mine.uuid(), "host-1");
        assert_eq!(mine.detail(), card.detail());
    }
    assert_eq!(
        uuids.len(),
        distinct.len(),
        "one uuid per distinct determination"
    );
}

/// The command line prints exactly what the library builds, for every vignette, so the
/// invariants checked above hold for `--format crd` and `--format cds-card` too.
#[test]
fn the_example_prints_the_library_crd_and_card_for_every_vignette() {
    use edx_coverage_fhir::card::Card;
    use edx_coverage_fhir::crd::{CoverageInformation, CrdInputs};

    let inputs = CrdInputs {
        coverage: "Coverage/123",
        date: "2025-06-01",
        coverage_assertion_id: "A1",
    };
    let dir = std::env::temp_dir().join(format!("edx-cli-interop-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut n = 0;
    for (name, doc) in common::vignettes() {
        let case_text = doc["case"].to_string();
        let policy_path = dir.join(format!("{name}.policy.json"));
        let mut base: Vec<String> = Vec::new();
        let policy: edx_coverage::Policy = match doc.get("policy") {
            Some(p) => {
                std::fs::write(&policy_path, p.to_string()).unwrap();
                base.extend([
                    "--policy".into(),
                    policy_path.to_string_lossy().into_owned(),
                ]);
                serde_json::from_value(p.clone()).unwrap()
            }
            None => edx_coverage::Policy::default(),
        };
        let case: edx_coverage::Case = serde_json::from_str(&case_text).unwrap();
        let d = edx_coverage::evaluate(&case, &policy);

        let mut crd_args = base.clone();
        crd_args.extend(
            [
                "--format",
                "crd",
                "--date",
                "2025-06-01",
                "--coverage",
                "Coverage/123",
            ]
            .map(String::from),
        );
        crd_args.extend(["--assertion-id", "A1", "-"].map(String::from));
        let args: Vec<&str> = crd_args.iter().map(String::as_str).collect();
        let out = common::run_example(&args, &case_text);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{name}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let got: Value = serde_json::from_slice(&out.stdout).unwrap();
        let want = serde_json::to_value(CoverageInformation::new(&d, &inputs).unwrap()).unwrap();
        assert_eq!(got, want, "{name}: --format crd");

        let mut card_args = base.clone();
        card_args.extend(["--format", "cds-card", "-"].map(String::from));
        let args: Vec<&str> = card_args.iter().map(String::as_str).collect();
        let out = common::run_example(&args, &case_text);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{name}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let got: Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(
            got,
            serde_json::to_value(Card::new(&d)).unwrap(),
            "{name}: --format cds-card"
        );
        assert!(
            got["summary"].as_str().unwrap().chars().count() < 140,
            "{name}"
        );
        n += 1;
    }
    let _ = std::fs::remove_dir_all(&dir);
    assert!(n >= 23, "expected every vignette, saw {n}");
}

#[test]
fn a_correction_reaches_the_text_the_crd_detail_and_the_card() {
    let (_, d) = vignettes()
        .into_iter()
        .find(|(name, _)| name.starts_with("ncs-code-by-study-count"))
        .expect("the ruleset-3 vignette with a wrong NCS tier");
    let fixes: Vec<_> = d.procedure_corrections().collect();
    assert_eq!(fixes.len(), 1);
    assert_eq!(
        (fixes[0].cpt.value(), fixes[0].replacement.value()),
        (95911, 95910)
    );

    let text = d.to_string();
    assert!(text.contains("Replace 95911 with 95910"), "{text}");

    let info = CoverageInformation::new(&d, &INPUTS).unwrap();
    let correction = info
        .details()
        .iter()
        .find(|x| {
            matches!(
                x.subject(),
                edx_coverage_fhir::crd::DetailSubject::ProcedureCorrection(_)
            )
        })
        .expect("a detail for the correction");
    assert!(correction.text().contains("95911") && correction.text().contains("95910"));
    let rec = info
        .details()
        .iter()
        .find(|x| {
            x.subject()
                == edx_coverage_fhir::crd::DetailSubject::Recommendation(
                    edx_coverage::Recommendation::CodeNcsByStudyCount,
                )
        })
        .unwrap();
    assert!(rec.text().contains("95911 to 95910"), "{}", rec.text());

    let card = Card::new(&d);
    assert!(
        card.detail().contains("Replace 95911 with 95910"),
        "{}",
        card.detail()
    );
}

/// STU 2.1 on request: the temp code system and no `detail.category`; nothing else changes.
#[test]
fn crd_2_1_differs_from_2_2_only_in_details() {
    for (name, d) in vignettes() {
        let v22 = CoverageInformation::new(&d, &INPUTS).unwrap();
        assert_eq!(v22.version(), CrdVersion::V2_2);
        let v21 = v22.clone().with_version(CrdVersion::V2_1);
        let mut a = serde_json::to_value(&v22).unwrap();
        let b = serde_json::to_value(&v21).unwrap();
        assert!(!b.to_string().contains("\"category\""), "{name}");
        for sub in a["extension"].as_array_mut().unwrap() {
            if sub["url"] == "detail" {
                let parts = sub["extension"].as_array_mut().unwrap();
                assert_eq!(parts[0]["url"], "category", "{name}");
                parts.remove(0);
                parts[0]["valueCodeableConcept"]["coding"][0]["system"] = TEMP_CODE_SYSTEM.into();
            }
        }
        assert_eq!(a, b, "{name}");
    }
}
