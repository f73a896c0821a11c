//! Properties of `evaluate` and the wire format over generated cases (feature `proptest`).
//!
//! Run with `cargo test --all-features --test properties`. Each property runs `CASES` cases
//! (long-list properties fewer); set `EDX_PROPTEST_SCALE=10` to multiply them in a soak run.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]
#![cfg(feature = "proptest")]

use std::fmt::Debug;

use edx_coverage::strategies::{self, case, case_with_max_len, policy};
use edx_coverage::{
    evaluate, Case, CaseBuilder, CodeClass, ConservativeTrial, Coverage, Determination, Diagnosis,
    DifferentialCondition, DocumentationGap, Finding, FindingKind, FindingSource, FindingStatus,
    Indication, LabResult, LabTest, Member, NeedleEmgException, Pitfall, Policy, Procedure,
    Recommendation, RuleId, SuspectedCondition, Therapy, TrialOutcome, MAX_ENTRIES,
};
use edx_coverage::{CptCode, CptFamily};
use proptest::collection::vec;
use proptest::prelude::*;
use proptest::sample::Index;
use proptest::test_runner::TestRunner;
use serde_json::Value;

/// Cases per property (the brief: many thousands).
const CASES: u32 = 10_000;
/// Cases for properties over long lists (up to 1,000 entries each).
const LONG_CASES: u32 = 200;

fn config(cases: u32) -> ProptestConfig {
    let scale = std::env::var("EDX_PROPTEST_SCALE")
        .ok()
        .and_then(|s| s.parse::<u32>().ok())
        .unwrap_or(1)
        .max(1);
    ProptestConfig {
        cases: cases.saturating_mul(scale),
        ..ProptestConfig::default()
    }
}

// ---------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------

/// not_indicated < not_yet_indicated < indicated.
fn indication_rank(i: Indication) -> usize {
    [
        Indication::NotIndicated,
        Indication::NotYetIndicated,
        Indication::Indicated,
    ]
    .iter()
    .position(|x| *x == i)
    .expect("a ranked indication")
}

/// likely_denied < at_risk < likely_covered.
fn coverage_rank(c: Coverage) -> usize {
    [
        Coverage::LikelyDenied,
        Coverage::AtRisk,
        Coverage::LikelyCovered,
    ]
    .iter()
    .position(|x| *x == c)
    .expect("a ranked coverage")
}

/// The case's entries, as owned lists.
#[derive(Debug, Clone)]
struct Parts {
    diagnoses: Vec<Diagnosis>,
    findings: Vec<Finding>,
    trials: Vec<ConservativeTrial>,
    labs: Vec<LabResult>,
    differential: Vec<DifferentialCondition>,
    procedures: Vec<Procedure>,
    exceptions: Vec<NeedleEmgException>,
}

impl Parts {
    fn of(case: &Case) -> Parts {
        Parts {
            diagnoses: case.diagnoses().to_vec(),
            findings: case.findings().to_vec(),
            trials: case.conservative_trials().to_vec(),
            labs: case.labs().to_vec(),
            differential: case.differential().to_vec(),
            procedures: case.procedures().to_vec(),
            exceptions: case.needle_emg_exceptions().iter().collect(),
        }
    }

    fn builder(&self) -> CaseBuilder {
        let mut b = Case::builder();
        for d in &self.diagnoses {
            b = b.diagnosis(d.code());
        }
        for f in &self.findings {
            b = b.finding(*f);
        }
        for t in &self.trials {
            b = b.trial(*t);
        }
        for l in &self.labs {
            b = b.lab(*l);
        }
        for c in &self.differential {
            b = b.differential(*c);
        }
        for p in &self.procedures {
            b = b.procedure(*p);
        }
        for e in &self.exceptions {
            b = b.needle_emg_exception(*e);
        }
        b
    }

    fn build(&self) -> Case {
        self.builder().build().expect("parts of a valid case")
    }
}

/// The list with up to three entries repeated, then shuffled.
fn perturb<T: Clone + Debug + 'static>(items: Vec<T>) -> impl Strategy<Value = Vec<T>> {
    vec(any::<Index>(), 0..=3)
        .prop_map(move |picks| {
            let mut v = items.clone();
            for p in picks {
                if !v.is_empty() && v.len() < MAX_ENTRIES {
                    let item = v[p.index(v.len())].clone();
                    v.push(item);
                }
            }
            v
        })
        .prop_shuffle()
}

/// The list shuffled, nothing repeated (for claim lines, whose repetition matters).
fn reorder<T: Clone + Debug + 'static>(items: Vec<T>) -> impl Strategy<Value = Vec<T>> {
    Just(items).prop_shuffle()
}

/// A case and a copy whose every list is shuffled and, except `procedures` (claim lines,
/// RULES.md, `PIT-NCS-REPORTED-MORE-THAN-ONCE`), has entries duplicated.
fn case_and_perturbed(cases: impl Strategy<Value = Case>) -> impl Strategy<Value = (Case, Case)> {
    cases.prop_flat_map(|c| {
        let p = Parts::of(&c);
        (
            Just(c),
            (
                perturb(p.diagnoses),
                perturb(p.findings),
                perturb(p.trials),
                perturb(p.labs),
                perturb(p.differential),
                reorder(p.procedures),
                perturb(p.exceptions),
            )
                .prop_map(
                    |(diagnoses, findings, trials, labs, differential, procedures, exceptions)| {
                        Parts {
                            diagnoses,
                            findings,
                            trials,
                            labs,
                            differential,
                            procedures,
                            exceptions,
                        }
                        .build()
                    },
                ),
        )
    })
}

/// Adds a present finding of `kind` without creating a conflict.
///
/// It goes on `source` unless that source has an `absent` record of the kind and the other
/// source has none: then it goes on the other source. If both sources have an `absent`
/// record, the absent records on `source` are dropped: the clinician now finds what was
/// once looked for and not found. Dropping them is sound because an absent record only
/// matters to the rules through "exam documented", and the new present record has the
/// same source, so that fact does not change.
fn add_present(case: &Case, kind: FindingKind, source: FindingSource) -> Case {
    let mut p = Parts::of(case);
    let absent_on = |s: FindingSource| {
        p.findings
            .iter()
            .any(|f| f.kind == kind && f.source == s && f.status == FindingStatus::Absent)
    };
    let other = match source {
        FindingSource::History => FindingSource::Exam,
        _ => FindingSource::History,
    };
    let source = if absent_on(source) && !absent_on(other) {
        other
    } else {
        source
    };
    p.findings
        .retain(|f| !(f.kind == kind && f.source == source && f.status == FindingStatus::Absent));
    if p.findings.len() >= MAX_ENTRIES {
        p.findings.pop();
    }
    p.findings.push(
        Finding::new(kind)
            .with_source(source)
            .with_status(FindingStatus::Present),
    );
    p.build()
}

/// Indices of the JSON array `list` in `M::ALL`, given each entry's wire name.
fn positions<M: Member + Debug>(names: &[&str], as_str: fn(M) -> &'static str) -> Vec<usize> {
    names
        .iter()
        .map(|n| {
            M::ALL
                .iter()
                .position(|m| as_str(*m) == *n)
                .unwrap_or_else(|| panic!("{n:?} is not a {:?} value", M::ALL.first()))
        })
        .collect()
}

fn strictly_increasing(v: &[usize]) -> bool {
    v.windows(2).all(|w| w[0] < w[1])
}

fn names<'a>(json: &'a Value, field: &str) -> Vec<&'a str> {
    json[field]
        .as_array()
        .unwrap_or_else(|| panic!("{field} is an array"))
        .iter()
        .map(|v| v.as_str().expect("a string entry"))
        .collect()
}

fn names_in<'a>(json: &'a Value, field: &str, key: &str) -> Vec<&'a str> {
    json[field]
        .as_array()
        .unwrap_or_else(|| panic!("{field} is an array"))
        .iter()
        .map(|v| v[key].as_str().expect("a string entry"))
        .collect()
}

// ---------------------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------------------

proptest! {
    #![proptest_config(config(CASES))]

    /// The same input gives the same output, also through a clone and through JSON.
    #[test]
    fn evaluation_is_deterministic(c in case(), p in policy()) {
        let a = evaluate(&c, &p);
        let b = evaluate(&c.clone(), &p);
        prop_assert_eq!(&a, &b);
        prop_assert_eq!(serde_json::to_string(&a).unwrap(), serde_json::to_string(&b).unwrap());
    }

    /// Shuffling and duplicating entries of any list (procedures included) changes nothing.
    #[test]
    fn order_and_duplicates_do_not_matter((c, perturbed) in case_and_perturbed(case()), p in policy()) {
        prop_assert_eq!(evaluate(&c, &p), evaluate(&perturbed, &p));
    }

    #[test]
    fn case_json_round_trip(c in case()) {
        let json = serde_json::to_string(&c).unwrap();
        let back: Case = serde_json::from_str(&json).unwrap();
        prop_assert_eq!(back, c);
    }

    #[test]
    fn policy_json_round_trip(p in policy()) {
        let json = serde_json::to_string(&p).unwrap();
        let back: Policy = serde_json::from_str(&json).unwrap();
        prop_assert_eq!(back, p);
    }

    #[test]
    fn determination_json_round_trip(c in case(), p in policy()) {
        let d = evaluate(&c, &p);
        let json = serde_json::to_string(&d).unwrap();
        let back: Determination = serde_json::from_str(&json).unwrap();
        prop_assert_eq!(&back, &d);
        prop_assert_eq!(serde_json::to_string(&back).unwrap(), json);
    }

    /// A new present red flag never lowers the indication (and in fact makes it indicated).
    #[test]
    fn a_red_flag_never_lowers_the_indication(
        c in case(),
        p in policy(),
        kind in strategies::red_flag_kind(),
        source in strategies::member::<FindingSource>(),
    ) {
        let before = evaluate(&c, &p).indication();
        let after = evaluate(&add_present(&c, kind, source), &p).indication();
        prop_assert!(indication_rank(after) >= indication_rank(before), "{before} -> {after}");
        prop_assert_eq!(after, Indication::Indicated);
    }

    /// A specific neuromuscular diagnosis always makes testing indicated.
    #[test]
    fn a_specific_diagnosis_makes_testing_indicated(
        c in case(),
        p in policy(),
        code in strategies::icd_code_of_class(CodeClass::SpecificNeuromuscular),
    ) {
        let mut parts = Parts::of(&c);
        if parts.diagnoses.len() >= MAX_ENTRIES {
            parts.diagnoses.pop();
        }
        parts.diagnoses.push(Diagnosis::new(code));
        let d = evaluate(&parts.build(), &p);
        prop_assert_eq!(d.indication(), Indication::Indicated);
    }

    /// Coverage (RULES.md, `COV-*`): likely_covered ⇔ indicated, no gap, no pitfall; at_risk ⇔ indicated otherwise.
    #[test]
    fn coverage_follows_indication_gaps_and_pitfalls(c in case(), p in policy()) {
        let d = evaluate(&c, &p);
        let indicated = d.indication() == Indication::Indicated;
        let clean = d.documentation_gaps().is_empty() && d.pitfalls().is_empty();
        if d.coverage() == Coverage::LikelyCovered {
            prop_assert!(indicated && clean, "{:?}", d);
        }
        let expected = match (indicated, clean) {
            (true, true) => Coverage::LikelyCovered,
            (true, false) => Coverage::AtRisk,
            (false, _) => Coverage::LikelyDenied,
        };
        prop_assert_eq!(d.coverage(), expected);
        // Gaps only ever accompany an indicated case (RULES.md).
        prop_assert!(indicated || d.documentation_gaps().is_empty());
    }

    /// Every emitted list is in declaration order (`Member::ALL`), without duplicates,
    /// checked on the serialised JSON.
    #[test]
    fn emitted_lists_are_sets_in_declaration_order(c in case(), p in policy()) {
        let d = evaluate(&c, &p);
        let json: Value = serde_json::to_value(&d).unwrap();
        let obj = json.as_object().unwrap();
        prop_assert_eq!(obj.len(), 13);
        // Diagnosis code issues: distinct codes, by code without dots (ruleset 4).
        let issues: Vec<String> = names_in(&json, "diagnosis_code_issues", "code")
            .iter()
            .map(|c| c.replace('.', ""))
            .collect();
        prop_assert!(issues.windows(2).all(|w| w[0] < w[1]), "issues: {:?}", issues);
        let corrections: Vec<usize> = json["procedure_corrections"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| {
                let code = |k: &str| c[k].as_str().unwrap().parse::<usize>().unwrap();
                code("cpt") * 100_000 + code("replacement")
            })
            .collect();
        let checks: [(&str, Vec<usize>); 10] = [
            ("red_flags", positions::<FindingKind>(&names(&json, "red_flags"), FindingKind::as_str)),
            ("suspected_conditions", positions::<SuspectedCondition>(&names(&json, "suspected_conditions"), SuspectedCondition::as_str)),
            ("documentation_gaps", positions::<DocumentationGap>(&names(&json, "documentation_gaps"), DocumentationGap::as_str)),
            ("pitfalls", positions::<Pitfall>(&names(&json, "pitfalls"), Pitfall::as_str)),
            ("recommendations", positions::<Recommendation>(&names(&json, "recommendations"), Recommendation::as_str)),
            ("recommended_labs", positions::<LabTest>(&names(&json, "recommended_labs"), LabTest::as_str)),
            ("suggested_codes", positions::<FindingKind>(&names_in(&json, "suggested_codes", "finding"), FindingKind::as_str)),
            ("reasons", positions::<RuleId>(&names_in(&json, "reasons", "rule"), RuleId::as_str)),
            ("procedure_corrections", corrections),
            // Suggested codes are distinct codes too.
            ("suggested_codes.code", {
                let codes = names_in(&json, "suggested_codes", "code");
                let mut sorted = codes.clone();
                sorted.sort_unstable();
                sorted.dedup();
                if sorted.len() == codes.len() { vec![] } else { vec![1, 0] }
            }),
        ];
        for (field, idx) in checks {
            prop_assert!(strictly_increasing(&idx), "{} out of order or repeated: {}", field, json[field.split('.').next().unwrap()]);
        }
        prop_assert!(!json["reasons"].as_array().unwrap().is_empty());
    }

    /// Every citation is one of the article's references, 1–7, listed once.
    #[test]
    fn citations_are_references_one_to_seven(c in case(), p in policy()) {
        let d = evaluate(&c, &p);
        let json: Value = serde_json::to_value(&d).unwrap();
        for reason in json["reasons"].as_array().unwrap() {
            let cites: Vec<u64> = reason["citations"]
                .as_array()
                .unwrap()
                .iter()
                .map(|n| n.as_u64().unwrap())
                .collect();
            prop_assert!(cites.iter().all(|n| (1..=7).contains(n)), "{}", reason);
            prop_assert!(cites.windows(2).all(|w| w[0] < w[1]), "{}", reason);
            let sources = reason.get("sources").and_then(Value::as_array).map_or(0, Vec::len);
            prop_assert!(!cites.is_empty() || sources > 0, "{} rests on nothing", reason);
        }
        for r in d.reasons() {
            prop_assert!(r.citations().iter().all(|n| (1..=7).contains(n)));
            for n in r.citations() {
                prop_assert!(edx_coverage::citation(*n).is_some());
            }
        }
    }

    /// Relaxing a switch (`accept_symptom_codes_with_support`, `require_differential`,
    /// `require_needle_emg_with_ncs`, or all three) never worsens the coverage outlook.
    #[test]
    fn relaxing_a_policy_switch_never_worsens_the_outlook(c in case(), p in policy()) {
        let relaxations = [
            ("accept_symptom_codes_with_support", p.with_accept_symptom_codes_with_support(true)),
            ("require_differential", p.with_require_differential(false)),
            ("require_needle_emg_with_ncs", p.with_require_needle_emg_with_ncs(false)),
            ("all three", p
                .with_accept_symptom_codes_with_support(true)
                .with_require_differential(false)
                .with_require_needle_emg_with_ncs(false)),
        ];
        let before = evaluate(&c, &p).coverage();
        for (knob, relaxed) in relaxations {
            let after = evaluate(&c, &relaxed).coverage();
            prop_assert!(
                coverage_rank(after) >= coverage_rank(before),
                "relaxing {} turned {} into {}", knob, before, after
            );
        }
    }

    /// Lowering `min_trial_days` never worsens the outlook, alone or with every switch
    /// relaxed too (RULES.md, *completed trial*: the minimum counts against failure only, so every
    /// policy field is monotone). Ruleset 2 broke this when a lower minimum let a trial that
    /// helped count; `a_short_helpful_trial_counts_under_any_minimum` pins that case.
    #[test]
    fn lowering_min_trial_days_never_worsens_the_outlook(
        c in case(),
        p in policy(),
        lower_days in any::<Index>(),
    ) {
        let lowered = lower_days.index(p.min_trial_days as usize + 1) as u32;
        let all = p
            .with_accept_symptom_codes_with_support(true)
            .with_require_differential(false)
            .with_require_needle_emg_with_ncs(false);
        let relaxations = [
            ("min_trial_days", p.with_min_trial_days(lowered)),
            ("min_trial_days=0", p.with_min_trial_days(0)),
            ("everything", all.with_min_trial_days(0)),
            ("everything, lowered", all.with_min_trial_days(lowered)),
        ];
        let before = evaluate(&c, &p);
        for (knob, relaxed) in relaxations {
            let after = evaluate(&c, &relaxed);
            prop_assert!(
                coverage_rank(after.coverage()) >= coverage_rank(before.coverage()),
                "relaxing {} turned {} into {}", knob, before.coverage(), after.coverage()
            );
            // Responsiveness no longer depends on the minimum at all.
            prop_assert_eq!(
                after.rule_ids().contains(RuleId::IndNotResponsive),
                before.rule_ids().contains(RuleId::IndNotResponsive)
            );
        }
    }

    /// A repeated NCS line is a duplicate service (RULES.md, `PIT-NCS-REPORTED-MORE-THAN-ONCE`).
    #[test]
    fn a_repeated_ncs_line_always_reports_ncs_more_than_once(
        c in case(),
        p in policy(),
        pick in any::<Index>(),
        place in any::<Index>(),
        ncs in strategies::cpt_code_of_family(CptFamily::Ncs),
    ) {
        let mut parts = Parts::of(&c);
        // Repeat an NCS line of the case, or add one twice when it has none.
        let ncs_lines: Vec<Procedure> = parts
            .procedures
            .iter()
            .copied()
            .filter(|l| l.cpt.family() == CptFamily::Ncs)
            .collect();
        let line = if ncs_lines.is_empty() {
            let line = Procedure::new(ncs);
            parts.procedures.push(line);
            line
        } else {
            ncs_lines[pick.index(ncs_lines.len())]
        };
        let at = place.index(parts.procedures.len() + 1);
        parts.procedures.insert(at, line);
        parts.procedures.truncate(MAX_ENTRIES);
        prop_assume!(parts.procedures.iter().filter(|l| **l == line).count() >= 2);
        let d = evaluate(&parts.build(), &p);
        prop_assert!(d.pitfalls().contains(Pitfall::NcsReportedMoreThanOnce));
        prop_assert!(d.recommendations().contains(Recommendation::ReportNcsOnce));
    }

    /// Every correction names a requested NCS line with a study count outside the code's
    /// tier, and the code whose tier holds that count; every such line has its correction.
    #[test]
    fn corrections_name_only_codes_whose_tier_holds_the_count(c in case(), p in policy()) {
        let d = evaluate(&c, &p);
        let mut want: Vec<(CptCode, CptCode)> = c
            .procedures()
            .iter()
            .filter_map(|l| {
                let studies = l.studies?.get();
                let right = CptCode::ncs_for_studies(studies)?;
                (right != l.cpt).then_some((l.cpt, right))
            })
            .collect();
        want.sort();
        want.dedup();
        let got: Vec<(CptCode, CptCode)> =
            d.procedure_corrections().map(|c| (c.cpt, c.replacement)).collect();
        prop_assert_eq!(&got, &want);
        for (cpt, replacement) in got {
            prop_assert_eq!(cpt.family(), CptFamily::Ncs);
            prop_assert_eq!(replacement.family(), CptFamily::Ncs);
            prop_assert!(c.procedures().iter().any(|l| l.cpt == cpt
                && l.studies.and_then(|s| CptCode::ncs_for_studies(s.get())) == Some(replacement)));
        }
        prop_assert_eq!(
            d.pitfalls().contains(Pitfall::NcsCodeMismatch),
            d.procedure_corrections().next().is_some()
        );
    }

    /// A documented exception always lifts `ncs_without_needle_emg`, and changes nothing else.
    #[test]
    fn a_needle_emg_exception_only_lifts_ncs_without_needle_emg(
        c in case(),
        p in policy(),
        e in strategies::needle_emg_exception(),
    ) {
        let with = evaluate(&c.to_builder().needle_emg_exception(e).build().unwrap(), &p);
        prop_assert!(!with.pitfalls().contains(Pitfall::NcsWithoutNeedleEmg));
        let mut parts = Parts::of(&c);
        parts.exceptions.clear();
        let without = evaluate(&parts.build(), &p);
        let mut a = with.pitfalls();
        let mut b = without.pitfalls();
        a.remove(Pitfall::NcsWithoutNeedleEmg);
        b.remove(Pitfall::NcsWithoutNeedleEmg);
        prop_assert_eq!(a, b);
        prop_assert!(coverage_rank(with.coverage()) >= coverage_rank(without.coverage()));
    }

    /// Without procedures, `require_needle_emg_with_ncs` makes no difference at all.
    #[test]
    fn without_procedures_the_emg_switch_is_irrelevant(c in case(), p in policy()) {
        let mut parts = Parts::of(&c);
        parts.procedures.clear();
        let c = parts.build();
        prop_assert_eq!(
            evaluate(&c, &p.with_require_needle_emg_with_ncs(true)),
            evaluate(&c, &p.with_require_needle_emg_with_ncs(false))
        );
    }

    /// The ICD-10-CM spellings the strategy makes normalise to the expected form.
    #[test]
    fn odd_icd_spellings_normalise((text, normal) in strategies::icd_spelling()) {
        let code = edx_coverage::IcdCode::parse(&text);
        prop_assert_eq!(code.map(|c| c.to_string()), Ok(normal));
    }
}

proptest! {
    #![proptest_config(config(LONG_CASES))]

    /// Long lists (up to 1,000 entries): determinism, order/duplicate invariance, round trip.
    #[test]
    fn long_lists_behave((c, perturbed) in case_and_perturbed(case_with_max_len(MAX_ENTRIES)), p in policy()) {
        let d = evaluate(&c, &p);
        prop_assert_eq!(&d, &evaluate(&c, &p));
        prop_assert_eq!(&d, &evaluate(&perturbed, &p));
        let back: Case = serde_json::from_str(&serde_json::to_string(&c).unwrap()).unwrap();
        prop_assert_eq!(back, c);
    }
}

/// The default strategy reaches every indication, outlook, red flag, suspected condition,
/// gap, pitfall and recommendation, so the properties above are not vacuous.
#[test]
fn the_case_strategy_reaches_every_outcome() {
    use proptest::strategy::ValueTree;
    let mut runner = TestRunner::deterministic();
    let cases = case();
    let policies = policy();
    let mut indications = Vec::new();
    let mut coverages = Vec::new();
    let mut seen = (
        edx_coverage::Set::<FindingKind>::new(),
        edx_coverage::Set::<SuspectedCondition>::new(),
        edx_coverage::Set::<DocumentationGap>::new(),
        edx_coverage::Set::<Pitfall>::new(),
        edx_coverage::Set::<Recommendation>::new(),
        edx_coverage::Set::<RuleId>::new(),
    );
    let (mut conflicting_sources, mut duplicates, mut empty_findings) = (0, 0, 0);
    let (mut repeated_lines, mut counted_lines, mut with_exceptions, mut corrected) = (0, 0, 0, 0);
    for _ in 0..4000 {
        let c = cases.new_tree(&mut runner).unwrap().current();
        let p = policies.new_tree(&mut runner).unwrap().current();
        let d = evaluate(&c, &p);
        if !indications.contains(&d.indication()) {
            indications.push(d.indication());
        }
        if !coverages.contains(&d.coverage()) {
            coverages.push(d.coverage());
        }
        seen.0.extend(d.red_flags());
        seen.1.extend(d.suspected_conditions());
        seen.2.extend(d.documentation_gaps());
        seen.3.extend(d.pitfalls());
        seen.4.extend(d.recommendations());
        seen.5.extend(d.rule_ids());
        let lines = c.procedures();
        repeated_lines += usize::from(
            lines
                .iter()
                .enumerate()
                .any(|(i, a)| lines[..i].contains(a)),
        );
        counted_lines += usize::from(lines.iter().any(|l| l.studies.is_some()));
        with_exceptions += usize::from(!c.needle_emg_exceptions().is_empty());
        corrected += usize::from(d.procedure_corrections().next().is_some());
        let f = c.findings();
        empty_findings += usize::from(f.is_empty());
        duplicates += usize::from(f.iter().enumerate().any(|(i, a)| f[..i].contains(a)));
        conflicting_sources += usize::from(f.iter().any(|a| {
            f.iter()
                .any(|b| a.kind == b.kind && a.source != b.source && a.status != b.status)
        }));
    }
    assert_eq!(indications.len(), Indication::ALL.len(), "{indications:?}");
    assert_eq!(coverages.len(), Coverage::ALL.len(), "{coverages:?}");
    assert_eq!(seen.0.len(), 13, "red flags {:?}", seen.0);
    assert_eq!(seen.1.len(), SuspectedCondition::ALL.len());
    assert_eq!(seen.2.len(), DocumentationGap::ALL.len(), "{:?}", seen.2);
    assert_eq!(seen.3.len(), Pitfall::ALL.len(), "{:?}", seen.3);
    assert_eq!(seen.4.len(), Recommendation::ALL.len(), "{:?}", seen.4);
    assert_eq!(
        seen.5.len(),
        RuleId::ALL.len(),
        "rules never fired: {:?}",
        edx_coverage::Set::<RuleId>::all().difference(seen.5)
    );
    assert!(empty_findings > 100, "{empty_findings}");
    assert!(duplicates > 100, "{duplicates}");
    assert!(conflicting_sources > 50, "{conflicting_sources}");
    assert!(repeated_lines > 100, "{repeated_lines}");
    assert!(counted_lines > 200, "{counted_lines}");
    assert!(with_exceptions > 200, "{with_exceptions}");
    assert!(corrected > 100, "{corrected}");
}

/// The counterexample proptest found under ruleset 2 to "relaxing the policy never worsens
/// the outlook", shrunk: a failed 32-day trial and a resolved trial without a duration. Under
/// ruleset 2 a strict payer (`min_trial_days = 1`) ignored the resolved trial (no duration),
/// so the case was refractory and indicated, and relaxing to 0 made it responsive and
/// denied. Ruleset 3 counts a trial that helped whatever its length (RULES.md, *completed trial*), so
/// both payers see a responsive case.
#[test]
fn a_short_helpful_trial_counts_under_any_minimum() {
    let case = Case::builder()
        .diagnosis("R25.3".parse().unwrap())
        .trial(ConservativeTrial::new(Therapy::Hydration, TrialOutcome::Unchanged).with_days(32))
        .trial(ConservativeTrial::new(
            Therapy::Hydration,
            TrialOutcome::Resolved,
        ))
        .build()
        .unwrap();
    for days in [0, 1, 28, 365, u32::MAX] {
        let d = evaluate(&case, &Policy::default().with_min_trial_days(days));
        assert_eq!(d.indication(), Indication::NotIndicated, "{days}");
        assert_eq!(d.coverage(), Coverage::LikelyDenied, "{days}");
        assert!(d.rule_ids().contains(RuleId::IndNotResponsive), "{days}");
        assert!(!d.rule_ids().contains(RuleId::IndRefractory), "{days}");
    }
}
