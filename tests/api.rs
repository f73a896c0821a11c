//! The public API's promises: thread-safety of every public type, serde round trips,
//! the human-readable `Display`, and the reference list.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::fs;
use std::path::Path;

use edx_coverage::{
    citation, evaluate, Audience, Case, CaseBuilder, CodeClass, ConservativeTrial, Coverage,
    CptCode, CptFamily, Determination, Diagnosis, DifferentialCondition, DocumentationGap, Error,
    ErrorKind, Explained, Finding, FindingKind, FindingSource, FindingStatus, IcdCode, Indication,
    LabOutcome, LabResult, LabTest, NeedleEmgException, Pitfall, Policy, Procedure, Reason,
    Recommendation, Reference, ReferenceKind, RuleId, Set, SetIter, SuggestedCode,
    SuspectedCondition, Therapy, TrialOutcome, Units, REFERENCES, RULESET,
};
use serde_json::Value;

// ---------------------------------------------------------------------------------------
// Send + Sync + Unpin, checked at compile time
// ---------------------------------------------------------------------------------------

const fn thread_safe<T: Send + Sync + Unpin>() {}

/// Fails to compile if any public type loses `Send`, `Sync` or `Unpin`.
const _: () = {
    thread_safe::<Case>();
    thread_safe::<CaseBuilder>();
    thread_safe::<Policy>();
    thread_safe::<Determination>();
    thread_safe::<Error>();
    thread_safe::<ErrorKind>();
    thread_safe::<Reason>();
    thread_safe::<SuggestedCode>();
    thread_safe::<IcdCode>();
    thread_safe::<CptCode>();
    thread_safe::<Units>();
    thread_safe::<Reference>();
    thread_safe::<Diagnosis>();
    thread_safe::<Finding>();
    thread_safe::<ConservativeTrial>();
    thread_safe::<LabResult>();
    thread_safe::<Procedure>();
    // Sets over every vocabulary, and their iterator.
    thread_safe::<Set<FindingKind>>();
    thread_safe::<Set<SuspectedCondition>>();
    thread_safe::<Set<DocumentationGap>>();
    thread_safe::<Set<Pitfall>>();
    thread_safe::<Set<Recommendation>>();
    thread_safe::<Set<LabTest>>();
    thread_safe::<Set<RuleId>>();
    thread_safe::<SetIter<FindingKind>>();
    // All enums.
    thread_safe::<FindingKind>();
    thread_safe::<FindingStatus>();
    thread_safe::<FindingSource>();
    thread_safe::<CodeClass>();
    thread_safe::<Therapy>();
    thread_safe::<TrialOutcome>();
    thread_safe::<LabTest>();
    thread_safe::<LabOutcome>();
    thread_safe::<DifferentialCondition>();
    thread_safe::<CptFamily>();
    thread_safe::<Indication>();
    thread_safe::<Coverage>();
    thread_safe::<SuspectedCondition>();
    thread_safe::<DocumentationGap>();
    thread_safe::<Pitfall>();
    thread_safe::<Recommendation>();
    thread_safe::<RuleId>();
    thread_safe::<ReferenceKind>();
};

fn is_static_error<E: std::error::Error + Send + Sync + 'static>() {}

#[test]
fn public_types_are_send_sync_unpin() {
    // The real check is the `const _` above; this keeps it visible in the test list, and
    // checks that both error types can be boxed into `Box<dyn Error + Send + Sync>`.
    is_static_error::<Error>();
    is_static_error::<ErrorKind>();
    let boxed: Box<dyn std::error::Error + Send + Sync> =
        Box::new(Case::builder().build().unwrap_err());
    assert!(!boxed.to_string().is_empty());
}

#[test]
fn evaluation_can_run_on_other_threads() {
    let case = Case::builder()
        .diagnosis("G62.9".parse::<IcdCode>().unwrap())
        .build()
        .unwrap();
    let here = evaluate(&case, &Policy::default());
    let there = std::thread::scope(|s| {
        let handles: Vec<_> = (0..4)
            .map(|_| s.spawn(|| evaluate(&case, &Policy::default())))
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap())
            .collect::<Vec<_>>()
    });
    assert!(there.iter().all(|d| *d == here));
}

// ---------------------------------------------------------------------------------------
// Serde round trips
// ---------------------------------------------------------------------------------------

/// (name, case, policy) of every vignette fixture.
fn vignettes() -> Vec<(String, Value, Policy)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/vignettes");
    let mut files: Vec<_> = fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    assert!(files.len() >= 13, "expected at least 13 vignettes");
    files
        .into_iter()
        .map(|path| {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            let doc: Value = serde_json::from_str(&fs::read_to_string(&path).unwrap()).unwrap();
            let policy = doc
                .get("policy")
                .map(|p| serde_json::from_value(p.clone()).unwrap())
                .unwrap_or_default();
            (name, doc["case"].clone(), policy)
        })
        .collect()
}

/// A case that uses every list and every optional field.
fn full_case() -> Case {
    Case::builder()
        .diagnosis(" r252 ".parse::<IcdCode>().unwrap())
        .diagnosis("G62.9".parse::<IcdCode>().unwrap())
        .finding(Finding::new(FindingKind::Numbness))
        .finding(
            Finding::new(FindingKind::Numbness)
                .with_status(FindingStatus::Absent)
                .with_source(FindingSource::Exam),
        )
        .trial(ConservativeTrial::new(Therapy::Stretching, TrialOutcome::Unchanged).with_days(42))
        .trial(ConservativeTrial::new(
            Therapy::Hydration,
            TrialOutcome::Ongoing,
        ))
        .lab(LabResult::new(LabTest::Magnesium, LabOutcome::Pending))
        .differential(DifferentialCondition::NeuromuscularJunction)
        .procedure(Procedure::new("95886".parse().unwrap()).with_units(Units::new(2).unwrap()))
        .procedure(Procedure::new("95909".parse().unwrap()))
        .build()
        .unwrap()
}

#[test]
fn builder_extend_adds_what_the_by_value_methods_add() {
    let case = full_case();
    let mut b = CaseBuilder::default();
    b.extend(case.diagnoses().iter().map(|d| d.code()));
    b.extend(case.findings().iter().copied());
    b.extend(case.conservative_trials().iter().copied());
    b.extend(case.labs().iter().copied());
    b.extend(case.differential().iter().copied());
    b.extend(case.procedures().iter().copied());
    b.extend([
        NeedleEmgException::Lymphedema,
        NeedleEmgException::Lymphedema,
    ]);
    let by_value = case
        .to_builder()
        .needle_emg_exception(NeedleEmgException::Lymphedema);
    assert_eq!(b, by_value);
    assert_eq!(b.build().unwrap(), by_value.build().unwrap());
    // `build` checks entries added by `extend` the same way: a conflicting finding.
    let mut b = full_case().to_builder();
    b.extend([Finding::new(FindingKind::Numbness).with_status(FindingStatus::Absent)]);
    assert_eq!(b.build().unwrap_err().path(), "findings[2]");
}

#[test]
fn case_json_round_trip() {
    let mut cases: Vec<(String, Case)> = vignettes()
        .into_iter()
        .map(|(name, v, _)| (name, serde_json::from_value(v).unwrap()))
        .collect();
    cases.push(("full case".into(), full_case()));
    for (name, case) in cases {
        let text = serde_json::to_string(&case).unwrap();
        let back: Case =
            serde_json::from_str(&text).unwrap_or_else(|e| panic!("{name}: {e}\n{text}"));
        assert_eq!(back, case, "{name}: {text}");
        // Serialising again gives the same document.
        assert_eq!(serde_json::to_string(&back).unwrap(), text, "{name}");
    }
}

#[test]
fn case_json_uses_the_wire_names() {
    let v = serde_json::to_value(full_case()).unwrap();
    assert_eq!(v["schema_version"], 1);
    assert_eq!(v["diagnoses"][0]["code"], "R25.2", "normalised");
    assert_eq!(v["findings"][1]["kind"], "numbness");
    assert_eq!(v["findings"][1]["status"], "absent");
    assert_eq!(v["findings"][1]["source"], "exam");
    assert_eq!(v["conservative_trials"][0]["duration_days"], 42);
    assert_eq!(v["labs"][0]["result"], "pending");
    assert_eq!(v["differential"][0], "neuromuscular_junction");
    assert_eq!(v["procedures"][0]["cpt"], "95886");
    assert_eq!(v["procedures"][0]["units"], 2);
}

#[test]
fn determination_json_round_trip() {
    let mut n = 0;
    for (name, case, policy) in vignettes() {
        let case: Case = serde_json::from_value(case).unwrap();
        for policy in [
            policy,
            Policy::default(),
            Policy::default().with_require_differential(false),
        ] {
            let d = evaluate(&case, &policy);
            let text = serde_json::to_string(&d).unwrap();
            let back: Determination =
                serde_json::from_str(&text).unwrap_or_else(|e| panic!("{name}: {e}\n{text}"));
            assert_eq!(back, d, "{name}");
            assert_eq!(serde_json::to_string(&back).unwrap(), text, "{name}");
            n += 1;
        }
    }
    assert!(n >= 39);
}

#[test]
fn determination_json_has_the_thirteen_fields_in_order() {
    let case: Case = serde_json::from_str(r#"{"diagnoses":[{"code":"R25.2"}]}"#).unwrap();
    let text = serde_json::to_string(&evaluate(&case, &Policy::default())).unwrap();
    let fields = [
        "ruleset",
        "indication",
        "coverage",
        "red_flags",
        "suspected_conditions",
        "documentation_gaps",
        "pitfalls",
        "recommendations",
        "recommended_labs",
        "suggested_codes",
        "procedure_corrections",
        "diagnosis_code_issues",
        "reasons",
    ];
    let positions: Vec<usize> = fields
        .iter()
        .map(|f| {
            text.find(&format!("\"{f}\":"))
                .unwrap_or_else(|| panic!("{f} missing: {text}"))
        })
        .collect();
    assert!(
        positions.windows(2).all(|w| w[0] < w[1]),
        "field order: {text}"
    );
    let v: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(v.as_object().unwrap().len(), 13, "{text}");
}

#[test]
fn foreign_determinations_are_refused() {
    let case: Case = serde_json::from_str(r#"{"diagnoses":[{"code":"R25.2"}]}"#).unwrap();
    let good = serde_json::to_value(evaluate(&case, &Policy::default())).unwrap();

    let mut other_ruleset = good.clone();
    other_ruleset["ruleset"] = "edx-coverage/0".into();
    assert!(serde_json::from_value::<Determination>(other_ruleset).is_err());

    let mut wrong_cites = good.clone();
    wrong_cites["reasons"][0]["citations"] = serde_json::json!([1, 2, 3, 4, 5, 6, 7]);
    assert!(serde_json::from_value::<Determination>(wrong_cites).is_err());

    let mut unknown = good.clone();
    unknown["extra"] = true.into();
    assert!(serde_json::from_value::<Determination>(unknown).is_err());

    let mut dup = good;
    dup["pitfalls"] = serde_json::json!(["premature_testing", "premature_testing"]);
    assert!(serde_json::from_value::<Determination>(dup).is_err());
}

#[test]
fn policy_json_round_trip() {
    for p in [
        Policy::default(),
        Policy::default().with_min_trial_days(28),
        Policy::default().with_require_differential(false),
        Policy::default().with_accept_symptom_codes_with_support(true),
        Policy::default()
            .with_min_trial_days(u32::MAX)
            .with_require_differential(false)
            .with_accept_symptom_codes_with_support(true),
    ] {
        let text = serde_json::to_string(&p).unwrap();
        let back: Policy = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}: {text}"));
        assert_eq!(back, p, "{text}");
    }
    // docs/wire-format.md, Policy defaults under their wire names. `Policy` is non-exhaustive (later rulesets
    // add knobs), so only these three fields are pinned.
    let v = serde_json::to_value(Policy::default()).unwrap();
    assert_eq!(v["min_trial_days"], 0, "{v}");
    assert_eq!(v["require_differential"], true, "{v}");
    assert_eq!(v["accept_symptom_codes_with_support"], false, "{v}");
}

#[test]
fn enums_round_trip_through_their_wire_names() {
    use edx_coverage::Member;
    fn check<T>()
    where
        T: Member
            + std::fmt::Debug
            + std::fmt::Display
            + serde::Serialize
            + serde::de::DeserializeOwned,
    {
        for v in T::ALL {
            let json = serde_json::to_value(v).unwrap();
            assert_eq!(json, Value::from(v.to_string()), "{v:?}");
            let back: T = serde_json::from_value(json).unwrap();
            assert_eq!(back, *v);
        }
    }
    check::<FindingKind>();
    check::<FindingStatus>();
    check::<FindingSource>();
    check::<Therapy>();
    check::<TrialOutcome>();
    check::<LabTest>();
    check::<LabOutcome>();
    check::<DifferentialCondition>();
    check::<Indication>();
    check::<Coverage>();
    check::<SuspectedCondition>();
    check::<DocumentationGap>();
    check::<Pitfall>();
    check::<Recommendation>();
    check::<RuleId>();
}

// ---------------------------------------------------------------------------------------
// Display
// ---------------------------------------------------------------------------------------

#[test]
fn display_starts_with_the_verdict_and_explains_why() {
    for (name, case, policy) in vignettes() {
        let case: Case = serde_json::from_value(case).unwrap();
        let d = evaluate(&case, &policy);
        let text = d.to_string();
        let first = text.lines().next().unwrap_or_default();
        assert!(first.starts_with("Verdict"), "{name}: first line {first:?}");
        assert!(
            first.contains(d.coverage().text(Audience::Clinician)),
            "{name}: the verdict names the coverage outlook: {first:?}"
        );
        assert!(text.contains("Why:"), "{name}:\n{text}");
        for r in d.reasons() {
            assert!(
                text.contains(r.rule().as_str()),
                "{name}: reason {} missing\n{text}",
                r.rule()
            );
        }
        assert!(text.contains(RULESET), "{name}: names the ruleset\n{text}");
    }
}

// ---------------------------------------------------------------------------------------
// References (RULES.md, article references)
// ---------------------------------------------------------------------------------------

#[test]
fn citations_one_to_seven() {
    for n in 1..=7u8 {
        let r = citation(n).unwrap_or_else(|| panic!("citation({n}) should exist"));
        assert_eq!(r.number, n);
    }
    assert!(citation(0).is_none());
    assert!(citation(8).is_none());
    assert!(citation(u8::MAX).is_none());
    assert_eq!(REFERENCES.len(), 7);
}

#[test]
fn references_match_the_article() {
    let listed = [
        (
            1,
            "Electromyography and Nerve Conduction Velocity Testing",
            2025,
            ReferenceKind::Guideline,
        ),
        (
            2,
            "Guideline Directed Topic Overview",
            2025,
            ReferenceKind::Guideline,
        ),
        (3, "Muscle cramps", 2005, ReferenceKind::Research),
        (
            4,
            "Cramps, spasms and muscle stiffness",
            1985,
            ReferenceKind::Research,
        ),
    ];
    for (n, title, year, kind) in listed {
        let r = citation(n).unwrap();
        assert_eq!(r.title, Some(title), "{n}");
        assert_eq!(r.year, Some(year), "{n}");
        assert_eq!(r.kind, kind, "{n}");
    }
    // 5-7 are cited in the text without a bibliographic entry.
    for n in 5..=7 {
        let r = citation(n).unwrap();
        assert_eq!(r.title, None, "{n}");
        assert_eq!(r.kind, ReferenceKind::Unlisted, "{n}");
    }
    // Every citation a rule uses resolves.
    use edx_coverage::Member;
    for id in RuleId::ALL {
        for n in id.citations() {
            assert!(citation(*n).is_some(), "{id} cites {n}");
        }
    }
}

#[test]
fn ruleset_identifier() {
    assert!(RULESET.starts_with("edx-coverage/"), "{RULESET}");
    let case: Case = serde_json::from_str(r#"{"diagnoses":[{"code":"R25.2"}]}"#).unwrap();
    assert_eq!(evaluate(&case, &Policy::default()).ruleset(), RULESET);
}

#[test]
fn the_builder_in_place_equals_the_builder_by_value() {
    let case = full_case();
    let by_value = case.to_builder();
    let mut in_place = Case::builder();
    for dx in case.diagnoses() {
        in_place.push_diagnosis(dx.code());
    }
    for &f in case.findings() {
        in_place.push_finding(f);
    }
    for &t in case.conservative_trials() {
        in_place.push_trial(t);
    }
    for &l in case.labs() {
        in_place.push_lab(l);
    }
    for &c in case.differential() {
        in_place.push_differential(c);
    }
    for &p in case.procedures() {
        in_place.push_procedure(p);
    }
    for e in case.needle_emg_exceptions().iter() {
        in_place.push_needle_emg_exception(e);
    }
    assert_eq!(in_place, by_value);
    // Moved back into a builder, the case's entries are all there; cleared, none are.
    let mut back = case.clone().into_builder();
    assert_eq!(back, by_value);
    assert_eq!(back.clone().build().unwrap(), case);
    back.clear();
    assert_eq!(back, CaseBuilder::default());
}
