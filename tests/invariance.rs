//! The evaluator depends neither on the order of input entries nor on their duplication,
//! except for `procedures` (RULES.md, `PIT-NCS-REPORTED-MORE-THAN-ONCE`: procedures are claim lines, and a line
//! submitted twice is two lines).
//!
//! For every vignette, and for a few hand-made cases with conflicting-looking entries, the
//! lists of the case are reversed, rotated and shuffled (every list), duplicated and
//! interleaved (every list but `procedures`); every variant must give the same
//! `Determination`, the same path to coverage (docs/plan.md) and the same JSON for both.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::fs;
use std::path::Path;

use edx_coverage::{evaluate, plan, Case, Determination, Plan, Policy};
use serde_json::{json, Value};

/// The list-valued members of a case.
const LISTS: [&str; 7] = [
    "diagnoses",
    "findings",
    "conservative_trials",
    "labs",
    "differential",
    "procedures",
    "needle_emg_exceptions",
];

/// The one list whose duplication matters (claim lines).
const CLAIM_LINES: &str = "procedures";

/// A tiny deterministic generator (Knuth's MMIX LCG); no `rand` needed.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    /// Fisher–Yates.
    fn shuffle<T>(&mut self, v: &mut [T]) {
        for i in (1..v.len()).rev() {
            let j = self.below(i + 1);
            v.swap(i, j);
        }
    }
}

type Transform = fn(&[Value], &mut Lcg) -> Vec<Value>;

fn reversed(v: &[Value], _: &mut Lcg) -> Vec<Value> {
    v.iter().rev().cloned().collect()
}

fn rotated_by_one(v: &[Value], _: &mut Lcg) -> Vec<Value> {
    let mut v = v.to_vec();
    if !v.is_empty() {
        v.rotate_left(1);
    }
    v
}

fn rotated_randomly(v: &[Value], rng: &mut Lcg) -> Vec<Value> {
    let mut v = v.to_vec();
    if !v.is_empty() {
        let k = rng.below(v.len());
        v.rotate_right(k);
    }
    v
}

/// a, a, b, b, c, c
fn each_duplicated(v: &[Value], _: &mut Lcg) -> Vec<Value> {
    v.iter().flat_map(|x| [x.clone(), x.clone()]).collect()
}

/// a, b, c, a, b, c
fn interleaved_duplicates(v: &[Value], _: &mut Lcg) -> Vec<Value> {
    v.iter().chain(v.iter()).cloned().collect()
}

/// c, b, a, a, b, c, c
fn mirrored_with_triplicate_last(v: &[Value], _: &mut Lcg) -> Vec<Value> {
    let mut out: Vec<Value> = v.iter().rev().chain(v.iter()).cloned().collect();
    if let Some(last) = v.last() {
        out.push(last.clone());
    }
    out
}

fn shuffled(v: &[Value], rng: &mut Lcg) -> Vec<Value> {
    let mut v = v.to_vec();
    rng.shuffle(&mut v);
    v
}

/// Each entry 1–3 times, then shuffled.
fn shuffled_with_random_duplicates(v: &[Value], rng: &mut Lcg) -> Vec<Value> {
    let mut out = Vec::new();
    for x in v {
        for _ in 0..=rng.below(3) {
            out.push(x.clone());
        }
    }
    rng.shuffle(&mut out);
    out
}

/// Whether a transform repeats entries (and so must leave the claim lines alone).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Repeats {
    No,
    Yes,
}

const TRANSFORMS: [(&str, Transform, Repeats); 8] = [
    ("reversed", reversed, Repeats::No),
    ("rotated by one", rotated_by_one, Repeats::No),
    ("rotated randomly", rotated_randomly, Repeats::No),
    ("each entry duplicated", each_duplicated, Repeats::Yes),
    (
        "duplicates interleaved",
        interleaved_duplicates,
        Repeats::Yes,
    ),
    (
        "mirrored, last entry three times",
        mirrored_with_triplicate_last,
        Repeats::Yes,
    ),
    ("shuffled", shuffled, Repeats::No),
    (
        "shuffled with random duplicates",
        shuffled_with_random_duplicates,
        Repeats::Yes,
    ),
];

/// `case` with `transform` applied to the list `only` (or to every list when `None`);
/// a repeating transform never touches the claim lines.
fn variant(
    case: &Value,
    transform: Transform,
    repeats: Repeats,
    only: Option<&str>,
    rng: &mut Lcg,
) -> Value {
    let mut out = case.clone();
    for list in LISTS {
        if only.is_some_and(|o| o != list) || (repeats == Repeats::Yes && list == CLAIM_LINES) {
            continue;
        }
        if let Some(items) = case.get(list).and_then(Value::as_array) {
            out[list] = Value::Array(transform(items, rng));
        }
    }
    out
}

fn determine(case: &Value, policy: &Policy, label: &str) -> Determination {
    let case: Case = serde_json::from_value(case.clone())
        .unwrap_or_else(|e| panic!("{label}: variant rejected: {e}\n{case}"));
    evaluate(&case, policy)
}

/// The path to coverage (docs/plan.md) of a case given as JSON.
fn path(case: &Value, policy: &Policy) -> Plan {
    let case: Case = serde_json::from_value(case.clone()).unwrap();
    plan(&case, policy)
}

/// Every variant of `case` agrees with the original, as a value and as JSON.
fn check_invariance(name: &str, case: &Value, policy: &Policy) {
    let base = determine(case, policy, name);
    let base_json = serde_json::to_value(&base).unwrap();
    let base_plan = path(case, policy);
    let base_plan_json = serde_json::to_value(&base_plan).unwrap();
    let mut rng = Lcg(0x5eed_0000_0000_0001 ^ name.len() as u64);
    let mut variants = 0;
    for (what, transform, repeats) in TRANSFORMS {
        let scopes = std::iter::once(None).chain(LISTS.iter().map(|l| Some(*l)));
        for scope in scopes {
            // Several draws for the randomised transforms, one for the others.
            for round in 0..3 {
                let v = variant(case, transform, repeats, scope, &mut rng);
                let label = format!(
                    "{name}: {what} ({}) round {round}",
                    scope.unwrap_or("all lists")
                );
                let d = determine(&v, policy, &label);
                assert_eq!(d, base, "{label}: determination differs\nvariant: {v}");
                let j = serde_json::to_value(&d).unwrap();
                assert_eq!(j, base_json, "{label}: JSON differs\nvariant: {v}");
                let p = path(&v, policy);
                assert_eq!(p, base_plan, "{label}: plan differs\nvariant: {v}");
                let pj = serde_json::to_value(&p).unwrap();
                assert_eq!(
                    pj, base_plan_json,
                    "{label}: plan JSON differs\nvariant: {v}"
                );
                variants += 1;
            }
        }
    }
    assert!(
        variants > 100,
        "{name}: only {variants} variants were tried"
    );
}

#[test]
fn vignettes_do_not_depend_on_entry_order_or_duplication() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/vignettes");
    let mut files: Vec<_> = fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    assert!(
        files.len() >= 13,
        "expected at least 13 vignettes, found {}",
        files.len()
    );
    for path in files {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let doc: Value = serde_json::from_str(&fs::read_to_string(&path).unwrap()).unwrap();
        let policy: Policy = doc
            .get("policy")
            .map(|p| serde_json::from_value(p.clone()).unwrap())
            .unwrap_or_default();
        check_invariance(&name, &doc["case"], &policy);
    }
}

/// Cases whose entries pull in different directions, so an order-dependent or
/// last-one-wins implementation would show.
fn tricky_cases() -> Vec<(&'static str, Value, Policy)> {
    vec![
        (
            "responsive and failed trials, mixed lengths",
            json!({
                "diagnoses": [{"code": "R25.2"}, {"code": "I10"}],
                "findings": [
                    {"kind": "severe_symptoms"},
                    {"kind": "nocturnal_cramps"},
                    {"kind": "fasciculations", "status": "absent", "source": "exam"}
                ],
                "conservative_trials": [
                    {"therapy": "hydration", "outcome": "unchanged", "duration_days": 40},
                    {"therapy": "stretching", "outcome": "improved", "duration_days": 10},
                    {"therapy": "membrane_stabilizer", "outcome": "worsened"},
                    {"therapy": "electrolyte_correction", "outcome": "ongoing", "duration_days": 90}
                ],
                "labs": [
                    {"test": "magnesium", "result": "normal"},
                    {"test": "magnesium", "result": "abnormal"},
                    {"test": "calcium", "result": "pending"},
                    {"test": "creatine_kinase", "result": "abnormal"}
                ]
            }),
            Policy::default().with_min_trial_days(28),
        ),
        (
            "same trials under the default policy",
            json!({
                "diagnoses": [{"code": "R25.2"}],
                "conservative_trials": [
                    {"therapy": "hydration", "outcome": "unchanged", "duration_days": 40},
                    {"therapy": "stretching", "outcome": "improved", "duration_days": 10},
                    {"therapy": "other", "outcome": "worsened"}
                ]
            }),
            Policy::default(),
        ),
        (
            "findings from both sources, already-coded candidates",
            json!({
                "diagnoses": [
                    {"code": "r253"}, {"code": "R25.2"}, {"code": "M62.561"}, {"code": "R20.2"}
                ],
                "findings": [
                    {"kind": "numbness", "status": "absent", "source": "exam"},
                    {"kind": "numbness", "status": "present", "source": "history"},
                    {"kind": "fasciculations", "source": "exam"},
                    {"kind": "muscle_atrophy", "source": "exam"},
                    {"kind": "muscle_weakness", "status": "absent", "source": "history"},
                    {"kind": "muscle_weakness", "status": "present", "source": "exam"},
                    {"kind": "task_specific_cramps"},
                    {"kind": "exercise_associated_cramps"}
                ],
                "differential": ["neuropathy", "other", "myopathy", "neuropathy"],
                "procedures": [{"cpt": "95886", "units": 2}, {"cpt": "95909", "studies": 4}, {"cpt": "95886"}],
                "needle_emg_exceptions": ["lymphedema", "anticoagulation", "lymphedema"]
            }),
            Policy::default()
                .with_require_differential(false)
                .with_accept_symptom_codes_with_support(true),
        ),
        (
            "specific diagnosis among symptom codes",
            json!({
                "diagnoses": [
                    {"code": "G47.62"}, {"code": "E11.42"}, {"code": "M62.838"}, {"code": "R25.9"}
                ],
                "findings": [{"kind": "progressive_course"}, {"kind": "myokymia", "source": "exam"}],
                "labs": [
                    {"test": "thyroid_function", "result": "abnormal"},
                    {"test": "electrolytes", "result": "pending"}
                ]
            }),
            Policy::default(),
        ),
    ]
}

#[test]
fn tricky_cases_do_not_depend_on_entry_order_or_duplication() {
    for (name, case, policy) in tricky_cases() {
        check_invariance(name, &case, &policy);
    }
}

#[test]
fn repeating_a_claim_line_is_not_invariant() {
    // Guards the exemption above: procedures are excluded from the repeating transforms
    // because repeating an NCS line really changes the result (RULES.md, `PIT-NCS-REPORTED-MORE-THAN-ONCE`).
    let case = json!({
        "diagnoses": [{"code": "G62.9"}],
        "findings": [{"kind": "sensory_loss", "source": "exam"}],
        "procedures": [{"cpt": "95909"}, {"cpt": "95886"}]
    });
    let base = determine(&case, &Policy::default(), "base");
    let mut rng = Lcg(3);
    let v = variant(
        &case,
        each_duplicated,
        Repeats::No,
        Some(CLAIM_LINES),
        &mut rng,
    );
    assert_ne!(determine(&v, &Policy::default(), "repeated"), base);
}

#[test]
fn the_generator_really_permutes() {
    // Guards the test itself: shuffles must change the order and keep the entries.
    let items: Vec<Value> = (0..10).map(Value::from).collect();
    let mut rng = Lcg(42);
    let mut changed = false;
    for _ in 0..5 {
        let s = shuffled(&items, &mut rng);
        let mut sorted: Vec<i64> = s.iter().map(|v| v.as_i64().unwrap()).collect();
        sorted.sort_unstable();
        assert_eq!(sorted, (0..10).collect::<Vec<_>>());
        changed |= s != items;
    }
    assert!(changed, "the LCG shuffle never changed the order");
    let mut a = Lcg(7);
    let mut b = Lcg(7);
    assert_eq!(
        shuffled(&items, &mut a),
        shuffled(&items, &mut b),
        "deterministic"
    );
}
