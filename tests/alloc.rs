//! `evaluate` never touches the heap.
//!
//! A counting global allocator (test-only: the library itself keeps `#![forbid(unsafe_code)]`)
//! counts the allocations made *on the current thread* while a thread-local flag is set. The
//! test harness's other threads (one per concurrently running test, the output capture) are
//! never counted, so the tests in this file may run in parallel.
//!
//! Cases and policies are built outside the counted region; only `evaluate` and reading every
//! list of its result are inside.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]
#![allow(unsafe_code)] // the counting allocator below

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::hint::black_box;
use std::path::Path;

use edx_coverage::{evaluate, Case, Determination, Policy};

mod gen;
use gen::{generate_case, generate_case_with_len, policies, Rng};

struct Counting;

thread_local! {
    // `const` initialisers: touching these never allocates, so the allocator may read them.
    static COUNTING: Cell<bool> = const { Cell::new(false) };
    static ALLOCATIONS: Cell<usize> = const { Cell::new(0) };
}

fn note_allocation() {
    // `try_with`: during thread teardown the slots may be gone; such allocations are not ours.
    let counting = COUNTING.try_with(Cell::get).unwrap_or(false);
    if counting {
        let _ = ALLOCATIONS.try_with(|n| n.set(n.get() + 1));
    }
}

// SAFETY: every call is forwarded unchanged to the system allocator; the bookkeeping only
// touches const-initialised thread-locals and never allocates.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        note_allocation();
        System.alloc(layout)
    }
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        note_allocation();
        System.alloc_zeroed(layout)
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        note_allocation();
        System.realloc(ptr, layout, new_size)
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        System.dealloc(ptr, layout)
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// Runs `f` and returns how many allocations (alloc, alloc_zeroed, realloc) it made on this
/// thread.
fn allocations_during(f: impl FnOnce()) -> usize {
    ALLOCATIONS.with(|n| n.set(0));
    COUNTING.with(|c| c.set(true));
    f();
    COUNTING.with(|c| c.set(false));
    ALLOCATIONS.with(Cell::get)
}

fn consume<T>(x: T) {
    black_box(x);
}

/// Evaluates and reads every list of the result, as a host would.
fn evaluate_and_read(case: &Case, policy: &Policy) {
    let d: Determination = evaluate(black_box(case), black_box(policy));
    black_box(d.indication());
    black_box(d.coverage());
    d.red_flags().iter().for_each(consume);
    d.suspected_conditions().iter().for_each(consume);
    d.documentation_gaps().iter().for_each(consume);
    d.pitfalls().iter().for_each(consume);
    d.recommendations().iter().for_each(consume);
    d.recommended_labs().iter().for_each(consume);
    d.suggested_codes().for_each(consume);
    d.procedure_corrections().for_each(consume);
    d.reasons().for_each(|r| consume(r.citations()));
    black_box(d);
}

fn assert_no_allocation(name: impl std::fmt::Display, case: &Case, policy: &Policy) {
    let n = allocations_during(|| evaluate_and_read(case, policy));
    assert_eq!(
        n, 0,
        "{name} under {policy:?}: evaluate allocated {n} times"
    );
}

#[test]
fn the_counter_sees_allocations_on_this_thread() {
    let n = allocations_during(|| drop(black_box(vec![1u8; 16])));
    assert_eq!(n, 1);
    let n = allocations_during(|| {
        let mut s = String::new();
        for _ in 0..100 {
            s.push_str(black_box("grow"));
        }
        black_box(s);
    });
    assert!(n > 1, "reallocations count too");
}

fn json_files(dir: &str) -> Vec<std::path::PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    paths.sort();
    paths
}

#[test]
fn no_allocation_on_any_vignette() {
    let paths = json_files("tests/fixtures/vignettes");
    assert!(paths.len() >= 13, "vignettes missing: {}", paths.len());
    for p in &paths {
        let doc: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(p).unwrap()).unwrap();
        let case: Case = serde_json::from_value(doc["case"].clone()).unwrap();
        let policy: Policy = match doc.get("policy") {
            Some(v) => serde_json::from_value(v.clone()).unwrap(),
            None => Policy::default(),
        };
        assert_no_allocation(p.display(), &case, &policy);
        // Every vignette under the other policies too.
        for policy in policies() {
            assert_no_allocation(p.display(), &case, &policy);
        }
    }
}

#[test]
fn no_allocation_on_any_example_case() {
    let paths = json_files("examples/cases");
    let (policy_files, cases): (Vec<_>, Vec<_>) = paths
        .iter()
        .partition(|p| p.to_string_lossy().ends_with(".policy.json"));
    assert!(!cases.is_empty());
    let mut all_policies = policies();
    for p in policy_files {
        all_policies.push(serde_json::from_str(&std::fs::read_to_string(p).unwrap()).unwrap());
    }
    for p in cases {
        let case: Case = serde_json::from_str(&std::fs::read_to_string(p).unwrap()).unwrap();
        for policy in &all_policies {
            assert_no_allocation(p.display(), &case, policy);
        }
    }
}

#[test]
fn no_allocation_on_generated_cases() {
    let mut rng = Rng(0x5EED_CA5E_D00D_F00D);
    let policies = policies();
    let mut evaluated = 0;
    for i in 0..500 {
        // Mostly small cases; every 50th is as large as the wire format allows.
        let max = if i % 50 == 0 { 1000 } else { 20 };
        let case = generate_case(&mut rng, max);
        let policy = &policies[rng.below(policies.len())];
        let name = format!(
            "generated case {i} ({} diagnoses, {} findings, {} trials, {} labs, {} differential)",
            case.diagnoses().len(),
            case.findings().len(),
            case.conservative_trials().len(),
            case.labs().len(),
            case.differential().len()
        );
        assert_no_allocation(name, &case, policy);
        evaluated += 1;
    }
    assert_eq!(evaluated, 500);
}

#[test]
fn no_allocation_on_the_largest_case() {
    let mut rng = Rng(42);
    let case = generate_case_with_len(&mut rng, 1000);
    assert_eq!(case.findings().len(), 1000);
    for policy in policies() {
        assert_no_allocation("largest case", &case, &policy);
    }
}

/// A `fmt::Write` that keeps only a byte count: writing into it allocates nothing, so any
/// allocation seen while rendering is the explanation's own.
struct CountingSink(usize);

impl std::fmt::Write for CountingSink {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        self.0 += s.len();
        Ok(())
    }
}

fn assert_explanations_allocate_nothing(
    name: impl std::fmt::Display,
    case: &Case,
    policy: &Policy,
) {
    use edx_coverage::{Audience, Explanation};
    use std::fmt::Write;
    let d = evaluate(case, policy);
    for audience in [Audience::Patient, Audience::Clinician, Audience::Coder] {
        let mut sink = CountingSink(0);
        let n = allocations_during(|| {
            write!(sink, "{}", Explanation::new(case, &d, audience)).unwrap();
        });
        assert_eq!(n, 0, "{name}: the {audience} text allocated {n} times");
        assert!(sink.0 > 0, "{name}: the {audience} text is empty");
    }
}

#[test]
fn explanations_allocate_nothing_beyond_the_destination() {
    for p in json_files("tests/fixtures/vignettes") {
        let doc: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&p).unwrap()).unwrap();
        let case: Case = serde_json::from_value(doc["case"].clone()).unwrap();
        for policy in policies() {
            assert_explanations_allocate_nothing(p.display(), &case, &policy);
        }
    }
    let mut rng = Rng(0xA0D1_E9CE);
    for i in 0..200 {
        let max = if i % 50 == 0 { 1000 } else { 20 };
        let case = generate_case(&mut rng, max);
        let policy = &policies()[rng.below(6)];
        assert_explanations_allocate_nothing(format!("generated case {i}"), &case, policy);
    }
}

#[test]
fn no_allocation_with_procedure_corrections() {
    // Every NCS code with every study count 1-99 (most need a correction), several
    // corrections at once, repeated lines and needle EMG exceptions.
    let mut corrected = 0;
    for code in 95907..=95913u32 {
        let cpt: edx_coverage::CptCode = code.to_string().parse().unwrap();
        for n in 1..=99 {
            let case = Case::builder()
                .diagnosis("G62.9".parse().unwrap())
                .procedure(
                    edx_coverage::Procedure::new(cpt)
                        .with_studies(edx_coverage::Studies::new(n).unwrap()),
                )
                .procedure(edx_coverage::Procedure::new("95886".parse().unwrap()))
                .build()
                .unwrap();
            let d = evaluate(&case, &Policy::default());
            corrected += usize::from(d.procedure_corrections().next().is_some());
            assert_no_allocation(
                format!("{code} with {n} studies"),
                &case,
                &Policy::default(),
            );
        }
    }
    assert_eq!(corrected, 7 * 99 - (2 * 6 + 87), "one right code per count");

    let mut b = Case::builder().diagnosis("R25.2".parse().unwrap());
    for (code, n) in [(95913, 3), (95907, 14), (95913, 3), (95910, 1), (95908, 4)] {
        b = b.procedure(
            edx_coverage::Procedure::new(code.to_string().parse().unwrap())
                .with_studies(edx_coverage::Studies::new(n).unwrap()),
        );
    }
    let case = b
        .needle_emg_exception(edx_coverage::NeedleEmgException::Anticoagulation)
        .needle_emg_exception(edx_coverage::NeedleEmgException::FollowUpStudy)
        .build()
        .unwrap();
    let d = evaluate(&case, &Policy::default());
    assert_eq!(d.procedure_corrections().count(), 3);
    for policy in policies() {
        assert_no_allocation("several corrections", &case, &policy);
    }
}

/// The JSON path's allocations per case (`json::evaluate_str`, text in, text out), printed
/// per bundled case with `--nocapture` and summed up in BENCHMARKS.md: one per list as its
/// entries arrive (a `Vec` grows from 4 entries, so one more at 5 and at 9, ...), two when a
/// diagnosis is not billable (the case's list of code issues), and one for the output text.
/// Nothing for a tree, keys or strings: the fast pass keeps none.
#[cfg(feature = "json")]
#[test]
fn the_json_path_allocates_once_per_list_growth_and_once_for_the_output() {
    use edx_coverage::json::evaluate_str;

    /// Allocations a `Vec` makes to hold `len` entries pushed one by one (4, 8, 16, ...);
    /// byte-sized entries (the differential) start at 8.
    fn growth(len: usize, first: usize) -> usize {
        let mut cap = 0;
        let mut n = 0;
        while cap < len {
            cap = if cap == 0 { first } else { cap * 2 };
            n += 1;
        }
        n
    }

    let r252 = r#"{"diagnoses":[{"code":"R25.2"}]}"#;
    assert_eq!(
        allocations_during(|| drop(evaluate_str(r252, None).unwrap())),
        2
    );

    let mut total = 0;
    let mut typed_total = 0;
    let mut cases = 0;
    for dir in ["tests/fixtures/vignettes", "examples/cases"] {
        for p in json_files(dir) {
            let text = std::fs::read_to_string(&p).unwrap();
            let doc: serde_json::Value = serde_json::from_str(&text).unwrap();
            let case = doc.get("case").unwrap_or(&doc);
            if case.get("diagnoses").is_none() {
                continue; // a policy file
            }
            let case_text = case.to_string();
            let parsed: Case = serde_json::from_str(&case_text).unwrap();
            let want = 1
                + growth(parsed.diagnoses().len(), 4)
                + growth(parsed.findings().len(), 4)
                + growth(parsed.conservative_trials().len(), 4)
                + growth(parsed.labs().len(), 4)
                + growth(parsed.differential().len(), 8)
                + growth(parsed.procedures().len(), 4)
                // The case keeps its diagnoses that are not billable: a list, then shared.
                + 2 * usize::from(
                    parsed
                        .diagnoses()
                        .iter()
                        .any(|d| d.status() != edx_coverage::CodeStatus::Billable),
                );
            let n = allocations_during(|| drop(black_box(evaluate_str(&case_text, None))));
            println!("{n:3} allocations  {}", p.display());
            assert_eq!(n, want, "{}", p.display());
            // The typed serde path reads as the fast pass does (one pass, no tree); writing,
            // `to_string` adds its own buffer and grows it once for the direct writer's text.
            let typed = allocations_during(|| {
                let c: Case = serde_json::from_str(black_box(&case_text)).unwrap();
                let d = edx_coverage::evaluate(&c, &edx_coverage::Policy::default());
                drop(black_box(serde_json::to_string(&d).unwrap()));
            });
            assert_eq!(typed, want + 2, "typed serde path: {}", p.display());
            typed_total += typed;
            total += n;
            cases += 1;
        }
    }
    assert!(cases > 30, "{cases}");
    println!("{total} allocations for {cases} cases ({typed_total} through from_str + to_string)");
}

/// A builder given back by a case (`Case::into_builder`, then `clear`) builds a case of the
/// same size again without allocating: a bulk reader's rows reuse one set of lists.
#[test]
fn a_builder_given_back_builds_the_next_case_without_allocating() {
    use edx_coverage::{Finding, FindingKind, IcdCode};

    let code: IcdCode = "R25.2".parse().unwrap();
    let fill = |b: &mut edx_coverage::CaseBuilder| {
        b.push_diagnosis(code)
            .push_diagnosis(code)
            .push_finding(Finding::new(FindingKind::Fasciculations));
    };
    let mut builder = Case::builder();
    fill(&mut builder);
    let first = std::mem::take(&mut builder).build().unwrap();
    let again = first.clone();
    builder = first.into_builder();
    let n = allocations_during(|| {
        builder.clear();
        fill(&mut builder);
        let case = std::mem::take(&mut builder).build().unwrap();
        assert_eq!(black_box(&case), &again);
        builder = case.into_builder();
    });
    assert_eq!(n, 0, "the second case allocated {n} times");
}

/// A case built into the case before (`CaseBuilder::build_into`) allocates nothing once the
/// lists are long enough: the builder and the case swap their lists.
#[test]
fn a_case_built_into_the_case_before_allocates_nothing() {
    use edx_coverage::{Finding, FindingKind, IcdCode};

    let code: IcdCode = "R25.2".parse().unwrap();
    let fill = |b: &mut edx_coverage::CaseBuilder| {
        b.push_diagnosis(code)
            .push_diagnosis(code)
            .push_finding(Finding::new(FindingKind::Fasciculations));
    };
    let mut builder = Case::builder();
    fill(&mut builder);
    let mut case = std::mem::take(&mut builder).build().unwrap();
    let again = case.clone();
    // Once built into the case, the builder holds the case's old lists, as long as needed.
    fill(&mut builder);
    builder.build_into(&mut case).unwrap();
    let n = allocations_during(|| {
        fill(&mut builder);
        builder.build_into(&mut case).unwrap();
        assert_eq!(black_box(&case), &again);
    });
    assert_eq!(
        n, 0,
        "the case built into the one before allocated {n} times"
    );
}
