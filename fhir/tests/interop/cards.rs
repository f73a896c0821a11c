//! The CDS Hooks card and the command line's `--format crd` / `--format cds-card` for every
//! vignette (the CRD coverage information's own checks are in main.rs).

use std::collections::BTreeSet;

use edx_coverage::{Audience, Coverage, Explained, RULESET};
use edx_coverage_fhir::card::Card;
use edx_coverage_fhir::crd::{CoverageInformation, CrdVersion, TEMP_CODE_SYSTEM};
use serde_json::Value;

use super::{common, vignettes, INPUTS};

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
        let got = run_ok(&name, &crd_args, &case_text);
        let want = serde_json::to_value(CoverageInformation::new(&d, &inputs).unwrap()).unwrap();
        assert_eq!(got, want, "{name}: --format crd");

        let mut card_args = base.clone();
        card_args.extend(["--format", "cds-card", "-"].map(String::from));
        let got = run_ok(&name, &card_args, &case_text);
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

/// Runs the example with `args` on `stdin`, checks that it exits 0 (naming the vignette and
/// quoting its standard error otherwise), and reads its output as JSON.
fn run_ok(name: &str, args: &[String], stdin: &str) -> Value {
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let out = common::run_example(&args, stdin);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{name}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
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
