//! `plan` equals an exhaustive search over every subset of the candidate steps, written here
//! a second time from docs/plan.md with the public API only: each subset is applied from
//! scratch to a case rebuilt through `Case::builder`, and the expected plan is written as
//! JSON by hand (feature `proptest`).
//!
//! Run with `cargo test --all-features --test plan_search`; `EDX_PROPTEST_SCALE=10` for a
//! soak run.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]
#![cfg(feature = "proptest")]

use edx_coverage::strategies::{case, policy, procedure};
use edx_coverage::{
    evaluate, plan, Case, ConservativeTrial, Coverage, CptCode, CptFamily, Determination,
    DifferentialCondition, DocumentationGap, Finding, FindingKind, FindingSource, FindingStatus,
    IcdCode, LabResult, Member, NeedleEmgException, Pitfall, Policy, Procedure, Studies,
    SuspectedCondition, Therapy, TrialOutcome,
};
use proptest::collection::vec;
use proptest::prelude::*;
use serde_json::{json, Value};

/// Cases per property (each plans up to 256 subsets, twice).
const CASES: u32 = 1_500;

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

/// A case's entries, editable (the case itself only grows through its builder).
#[derive(Clone, Debug)]
struct Parts {
    diagnoses: Vec<IcdCode>,
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
            diagnoses: case.diagnoses().iter().map(|d| d.code()).collect(),
            findings: case.findings().to_vec(),
            trials: case.conservative_trials().to_vec(),
            labs: case.labs().to_vec(),
            differential: case.differential().to_vec(),
            procedures: case.procedures().to_vec(),
            exceptions: case.needle_emg_exceptions().iter().collect(),
        }
    }

    fn build(&self) -> Case {
        let mut b = Case::builder();
        for &c in &self.diagnoses {
            b = b.diagnosis(c);
        }
        for &f in &self.findings {
            b = b.finding(f);
        }
        for &t in &self.trials {
            b = b.trial(t);
        }
        for &l in &self.labs {
            b = b.lab(l);
        }
        for &d in &self.differential {
            b = b.differential(d);
        }
        for &p in &self.procedures {
            b = b.procedure(p);
        }
        for &e in &self.exceptions {
            b = b.needle_emg_exception(e);
        }
        b.build().unwrap()
    }
}

fn cpt(n: u32) -> CptCode {
    CptCode::parse(&n.to_string()).unwrap()
}

fn is_ncs(p: &Procedure) -> bool {
    p.cpt.family() == CptFamily::Ncs
}

/// The add-on codes and the codes they are not reported with (docs/codes.md).
fn conflicts_with(add_on: u32) -> &'static [u32] {
    match add_on {
        95885 | 95886 => &[95860, 95861, 95863, 95864, 95870, 95905],
        95887 => &[95867, 95868, 95869, 95870, 95905],
        _ => &[],
    }
}

/// "Completed", "responsive" and "refractory" as RULES.md defines them.
fn trial_status(case: &Case, policy: &Policy) -> (bool, bool) {
    let mut responsive = false;
    let mut failed = false;
    for t in case.conservative_trials() {
        match t.outcome {
            TrialOutcome::Resolved | TrialOutcome::Improved => responsive = true,
            TrialOutcome::Unchanged | TrialOutcome::Worsened => {
                let long = policy.min_trial_days == 0
                    || t.duration_days.is_some_and(|d| d >= policy.min_trial_days);
                failed |= long;
            }
            _ => {}
        }
    }
    (responsive, failed && !responsive)
}

/// The step numbers (1–10) that are candidates on the original case.
fn candidates(case: &Case, policy: &Policy, d: &Determination) -> Vec<u8> {
    let (responsive, refractory) = trial_status(case, policy);
    let exam = case
        .findings()
        .iter()
        .any(|f| f.source == FindingSource::Exam);
    let has = |p: Pitfall| d.pitfalls().contains(p);
    let ncs_line = case.procedures().iter().any(is_ncs);
    let when = [
        d.suggested_codes().next().is_some(),
        !exam,
        !responsive && !refractory,
        case.differential().is_empty(),
        d.procedure_corrections().next().is_some(),
        has(Pitfall::NcsReportedMoreThanOnce),
        has(Pitfall::ConflictingEmgCodes) && ncs_line,
        has(Pitfall::PointOfCareDevice),
        has(Pitfall::EmgAddOnWithoutNcs),
        has(Pitfall::NcsWithoutNeedleEmg),
    ];
    (1..=10u8).filter(|n| when[usize::from(*n - 1)]).collect()
}

/// Applies step `n` to `parts`; returns the step's own JSON fields.
fn apply(
    n: u8,
    parts: &mut Parts,
    policy: &Policy,
    original: &Determination,
) -> serde_json::Map<String, Value> {
    let mut fields = serde_json::Map::new();
    match n {
        1 => {
            let codes: Vec<IcdCode> = original.suggested_codes().map(|s| s.code).collect();
            parts.diagnoses.extend(&codes);
            fields.insert(
                "codes".into(),
                json!(codes.iter().map(ToString::to_string).collect::<Vec<_>>()),
            );
        }
        2 => {
            let kind = FindingKind::ALL
                .iter()
                .copied()
                .find(|k| {
                    !parts
                        .findings
                        .iter()
                        .any(|f| f.kind == *k && f.status == FindingStatus::Present)
                })
                .unwrap_or(FindingKind::Fasciculations);
            parts.findings.push(
                Finding::new(kind)
                    .with_status(FindingStatus::Absent)
                    .with_source(FindingSource::Exam),
            );
        }
        3 => {
            let mut t = ConservativeTrial::new(Therapy::Stretching, TrialOutcome::Unchanged);
            if policy.min_trial_days > 0 {
                t = t.with_days(policy.min_trial_days);
            }
            parts.trials.push(t);
            fields.insert(
                "min_days".into(),
                if policy.min_trial_days > 0 {
                    json!(policy.min_trial_days)
                } else {
                    Value::Null
                },
            );
        }
        4 => {
            let suspected = evaluate(&parts.build(), policy).suspected_conditions();
            let table = [
                (
                    SuspectedCondition::CrampFasciculationSyndrome,
                    DifferentialCondition::MotorNeuronDisease,
                ),
                (
                    SuspectedCondition::PeripheralNeuropathy,
                    DifferentialCondition::Neuropathy,
                ),
                (
                    SuspectedCondition::ProgressiveOrRefractoryCramps,
                    DifferentialCondition::Myopathy,
                ),
                (
                    SuspectedCondition::OccupationalDystonia,
                    DifferentialCondition::Other,
                ),
            ];
            let mut added: Vec<DifferentialCondition> = Vec::new();
            for (s, c) in table {
                if suspected.contains(s) && !added.contains(&c) {
                    added.push(c);
                }
            }
            if added.is_empty() {
                added.push(DifferentialCondition::Other);
            }
            parts.differential.extend(&added);
            fields.insert("differential".into(), json!(added));
        }
        5 => {
            for p in &mut parts.procedures {
                if let (true, Some(s)) = (is_ncs(p), p.studies) {
                    p.cpt = CptCode::ncs_for_studies(s.get()).unwrap();
                }
            }
            fields.insert(
                "corrections".into(),
                serde_json::to_value(original.procedure_corrections().collect::<Vec<_>>()).unwrap(),
            );
        }
        6 => {
            let ncs: Vec<Procedure> = parts.procedures.iter().copied().filter(is_ncs).collect();
            let line = if ncs.iter().all(|p| p.studies.is_some()) {
                let total: u32 = ncs
                    .iter()
                    .map(|p| p.studies.unwrap().get())
                    .sum::<u32>()
                    .min(99);
                Procedure::new(CptCode::ncs_for_studies(total).unwrap())
                    .with_studies(Studies::new(total).unwrap())
            } else {
                Procedure::new(ncs.iter().map(|p| p.cpt).max().unwrap())
            };
            let first = parts.procedures.iter().position(is_ncs).unwrap();
            let mut out = Vec::new();
            for (i, p) in parts.procedures.iter().enumerate() {
                if i == first {
                    out.push(line);
                } else if !is_ncs(p) {
                    out.push(*p);
                }
            }
            parts.procedures = out;
            let mut l = json!({"cpt": line.cpt.to_string()});
            if let Some(s) = line.studies {
                l["studies"] = json!(s.get());
            }
            fields.insert("line".into(), l);
        }
        7 => {
            let requested: Vec<u32> = parts.procedures.iter().map(|p| p.cpt.value()).collect();
            let conflicting = |c: u32| {
                c != 95905
                    && [95885, 95886, 95887]
                        .iter()
                        .any(|a| requested.contains(a) && conflicts_with(*a).contains(&c))
            };
            let mut removed: Vec<u32> = requested
                .iter()
                .copied()
                .filter(|c| conflicting(*c))
                .collect();
            removed.sort_unstable();
            removed.dedup();
            parts
                .procedures
                .retain(|p| !removed.contains(&p.cpt.value()));
            fields.insert(
                "removed".into(),
                json!(removed.iter().map(u32::to_string).collect::<Vec<_>>()),
            );
        }
        8 => {
            parts.procedures.retain(|p| p.cpt.value() != 95905);
            let add = !parts.procedures.iter().any(is_ncs);
            if add {
                parts.procedures.push(Procedure::new(cpt(95907)));
            }
            fields.insert(
                "added".into(),
                if add { json!("95907") } else { Value::Null },
            );
        }
        9 => {
            let add_on = |p: &Procedure| p.cpt.family() == CptFamily::NeedleEmgAddOn;
            let mut removed: Vec<u32> = parts
                .procedures
                .iter()
                .filter(|p| add_on(p))
                .map(|p| p.cpt.value())
                .collect();
            removed.sort_unstable();
            removed.dedup();
            parts.procedures.retain(|p| !add_on(p));
            let add = !parts
                .procedures
                .iter()
                .any(|p| p.cpt.family().is_needle_emg());
            if add {
                parts.procedures.push(Procedure::new(cpt(95870)));
            }
            fields.insert(
                "removed".into(),
                json!(removed.iter().map(u32::to_string).collect::<Vec<_>>()),
            );
            fields.insert(
                "added".into(),
                if add { json!("95870") } else { Value::Null },
            );
        }
        10 => {
            parts.procedures.push(Procedure::new(cpt(95886)));
            fields.insert("added".into(), json!("95886"));
        }
        _ => unreachable!(),
    }
    fields
}

const NAMES: [&str; 10] = [
    "add_finding_codes",
    "document_exam",
    "conservative_trial",
    "document_differential",
    "code_ncs_by_study_count",
    "report_ncs_once",
    "remove_conflicting_emg_codes",
    "replace_point_of_care_ncs",
    "use_standalone_emg_codes",
    "add_needle_emg",
];

fn actor(n: u8) -> &'static str {
    match n {
        2 | 3 | 4 | 8 | 10 => "clinician",
        _ => "coder",
    }
}

/// The outcome of applying `subset` (step numbers, ascending) from scratch.
fn outcome(case: &Case, policy: &Policy, original: &Determination, subset: &[u8]) -> Determination {
    let mut parts = Parts::of(case);
    for &n in subset {
        apply(n, &mut parts, policy, original);
    }
    evaluate(&parts.build(), policy)
}

fn problems(d: &Determination) -> (Vec<DocumentationGap>, Vec<Pitfall>) {
    (
        d.documentation_gaps().iter().collect(),
        d.pitfalls().iter().collect(),
    )
}

/// Better outlook first: likely_covered < at_risk < likely_denied.
fn rank(c: Coverage) -> usize {
    [
        Coverage::LikelyCovered,
        Coverage::AtRisk,
        Coverage::LikelyDenied,
    ]
    .iter()
    .position(|x| *x == c)
    .unwrap()
}

/// The plan docs/plan.md describes, found by trying every subset.
fn exhaustive(case: &Case, policy: &Policy) -> Value {
    let original = evaluate(case, policy);
    let cands = candidates(case, policy, &original);
    let subsets: Vec<Vec<u8>> = (0..1u32 << cands.len())
        .map(|m| {
            cands
                .iter()
                .enumerate()
                .filter(|(i, _)| m & (1 << i) != 0)
                .map(|(_, &n)| n)
                .collect()
        })
        .collect();
    let results: Vec<Determination> = subsets
        .iter()
        .map(|s| outcome(case, policy, &original, s))
        .collect();
    let target = results
        .iter()
        .map(|d| d.coverage())
        .min_by_key(|c| rank(*c))
        .unwrap();
    let names = |d: &Determination| -> Vec<String> {
        let (g, p) = problems(d);
        g.iter()
            .map(ToString::to_string)
            .chain(p.iter().map(ToString::to_string))
            .collect()
    };
    let remaining = |d: &Determination| {
        let (g, p) = problems(d);
        json!({"documentation_gaps": g, "pitfalls": p})
    };
    if target == Coverage::LikelyDenied {
        return json!({"from": original.coverage(), "target": target, "steps": [],
                      "remaining": remaining(&original)});
    }
    let best = (0..subsets.len())
        .filter(|&i| results[i].coverage() == target)
        .min_by(|&a, &b| {
            let key = |i: usize| (names(&results[i]).len(), subsets[i].len());
            key(a)
                .cmp(&key(b))
                .then_with(|| subsets[a].cmp(&subsets[b]))
        })
        .unwrap();
    let chosen = &subsets[best];
    let whole = names(&results[best]);
    let mut parts = Parts::of(case);
    let mut steps = Vec::new();
    for &n in chosen {
        let fields = apply(n, &mut parts, policy, &original);
        let without: Vec<u8> = chosen.iter().copied().filter(|&m| m != n).collect();
        let w = outcome(case, policy, &original, &without);
        let clears: Vec<String> = names(&w)
            .into_iter()
            .filter(|x| !whole.contains(x))
            .collect();
        let mut step = serde_json::Map::new();
        step.insert("step".into(), json!(NAMES[usize::from(n - 1)]));
        step.insert("actor".into(), json!(actor(n)));
        step.insert("conditional".into(), json!(n == 3));
        step.extend(fields);
        step.insert("clears".into(), json!(clears));
        step.insert("without".into(), json!(w.coverage()));
        steps.push(Value::Object(step));
    }
    json!({"from": original.coverage(), "target": target, "steps": steps,
           "remaining": remaining(&results[best])})
}

/// Generated cases with claim lines: the case strategy's own lines plus one to five more.
fn case_with_claim_lines() -> impl Strategy<Value = Case> {
    (case(), vec(procedure(), 1..=5)).prop_map(|(c, lines)| {
        let mut parts = Parts::of(&c);
        parts.procedures.extend(lines);
        parts.build()
    })
}

fn check(case: &Case, policy: &Policy) -> Result<(), TestCaseError> {
    let mut got = serde_json::to_value(plan(case, policy)).unwrap();
    got.as_object_mut().unwrap().remove("ruleset");
    let want = exhaustive(case, policy);
    prop_assert_eq!(&got, &want, "case {}", serde_json::to_string(case).unwrap());
    Ok(())
}

proptest! {
    #![proptest_config(config(CASES))]

    #[test]
    fn plan_is_the_exhaustive_search_on_claims(c in case_with_claim_lines(), p in policy()) {
        check(&c, &p)?;
    }

    #[test]
    fn plan_is_the_exhaustive_search_on_any_case(c in case(), p in policy()) {
        check(&c, &p)?;
    }
}

#[test]
fn the_reference_search_sees_every_kind_of_step() {
    // Guards the property: a hand-made claim with eight candidates (the most a case can have:
    // 7, 9 and 10 exclude each other) is planned the same both ways.
    let c: Case = serde_json::from_value(json!({
        "diagnoses": [{"code": "R25.2"}],
        "findings": [{"kind": "fasciculations"}],
        "procedures": [
            {"cpt": "95911", "studies": 3}, {"cpt": "95908", "studies": 3},
            {"cpt": "95905"}, {"cpt": "95886"}, {"cpt": "95864"}
        ]
    }))
    .unwrap();
    let p = Policy::default().with_min_trial_days(28);
    let original = evaluate(&c, &p);
    assert_eq!(candidates(&c, &p, &original), [1, 2, 3, 4, 5, 6, 7, 8]);
    check(&c, &p).unwrap();
}
