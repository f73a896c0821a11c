//! Tests written to kill the mutants `cargo mutants` found surviving in the rule logic and
//! its supporting types (`src/rules`, `src/facts.rs`, `src/codes/`, `src/set.rs`,
//! `src/model/case.rs`). Each test names the mutant(s) it kills.
//!
//! Equivalent mutant, left alive on purpose: `Case::builder -> CaseBuilder with
//! Default::default()`. `Case::builder()` *is* `CaseBuilder::default()`; no test can tell the
//! two apart.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use edx_coverage::{
    evaluate, Case, ConservativeTrial, DifferentialCondition, Finding, FindingKind, FindingSource,
    FindingStatus, LabOutcome, LabResult, LabTest, Member, Pitfall, Policy, Procedure, RuleId, Set,
    Therapy, TrialOutcome, Units, MAX_ENTRIES,
};

// ---------------------------------------------------------------------------------------
// src/set.rs
// ---------------------------------------------------------------------------------------

/// Kills `replace Set<T>::remove with ()`, `replace &= with |= in Set<T>::remove` and
/// `delete ! in Set<T>::remove`.
#[test]
fn remove_takes_out_exactly_that_value() {
    let mut s: Set<FindingKind> = [
        FindingKind::Fasciculations,
        FindingKind::Numbness,
        FindingKind::ExerciseAssociatedCramps,
    ]
    .into_iter()
    .collect();
    s.remove(FindingKind::Numbness);
    assert!(!s.contains(FindingKind::Numbness));
    assert!(s.contains(FindingKind::Fasciculations));
    assert!(s.contains(FindingKind::ExerciseAssociatedCramps));
    assert_eq!(s.len(), 2);
    // Removing an absent value changes nothing.
    s.remove(FindingKind::Myokymia);
    assert_eq!(s.len(), 2);
    assert!(!s.contains(FindingKind::Myokymia));
    s.remove(FindingKind::Fasciculations);
    s.remove(FindingKind::ExerciseAssociatedCramps);
    assert!(s.is_empty());
    assert_eq!(s, Set::new());
}

/// Kills `replace <impl fmt::Debug for Set<T>>::fmt -> fmt::Result with Ok(Default::default())`.
#[test]
fn debug_lists_the_members_in_declaration_order() {
    let s: Set<Pitfall> = [Pitfall::PointOfCareDevice, Pitfall::SymptomOnlyCoding]
        .into_iter()
        .collect();
    assert_eq!(format!("{s:?}"), "{SymptomOnlyCoding, PointOfCareDevice}");
    assert_eq!(format!("{:?}", Set::<Pitfall>::new()), "{}");
}

/// Kills the `size_hint` mutants (`(0, None)`, `(1, Some(1))`, ...): the iterator is an
/// `ExactSizeIterator`, so its hint must be exact at every step.
#[test]
fn iterators_know_their_exact_length() {
    for n in [0usize, 1, 2, 3, RuleId::ALL.len()] {
        let s: Set<RuleId> = RuleId::ALL.iter().copied().take(n).collect();
        let mut it = s.iter();
        for left in (0..=n).rev() {
            assert_eq!(
                it.size_hint(),
                (left, Some(left)),
                "{n} values, {left} left"
            );
            assert_eq!(it.len(), left);
            if left > 0 {
                assert!(it.next().is_some());
            }
        }
        assert!(it.next().is_none());
        assert_eq!(s.into_iter().len(), n);
        assert_eq!((&s).into_iter().len(), n);
    }
}

/// Kills the three mutants of `self.bits &= self.bits - 1` in `Iter::next` (`|=`, `+`, `/`)
/// without hanging: under each the iterator never ends, and `take` bounds it.
#[test]
fn iteration_ends_after_the_last_member() {
    let sets: [Set<RuleId>; 4] = [
        Set::new(),
        [RuleId::IndRedFlag].into_iter().collect(),
        [RuleId::RfFasciculations, RuleId::RecUseStandaloneEmg]
            .into_iter()
            .collect(),
        Set::all(),
    ];
    for s in sets {
        let bounded: Vec<RuleId> = s.iter().take(RuleId::ALL.len() + 5).collect();
        assert_eq!(bounded.len(), s.len(), "{s:?}");
        let mut sorted = bounded.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(sorted, bounded, "declaration order, no repeats");
    }
}

// ---------------------------------------------------------------------------------------
// src/model/case.rs
// ---------------------------------------------------------------------------------------

fn full_case() -> Case {
    Case::builder()
        .diagnosis("R25.2".parse().unwrap())
        .diagnosis("G62.9".parse().unwrap())
        .finding(Finding::new(FindingKind::Numbness).with_source(FindingSource::Exam))
        .finding(Finding::new(FindingKind::Myokymia).with_status(FindingStatus::Absent))
        .trial(ConservativeTrial::new(Therapy::Stretching, TrialOutcome::Unchanged).with_days(30))
        .lab(LabResult::new(LabTest::Magnesium, LabOutcome::Abnormal))
        .lab(LabResult::new(LabTest::Calcium, LabOutcome::Pending))
        .differential(DifferentialCondition::Neuropathy)
        .differential(DifferentialCondition::Myopathy)
        .procedure(Procedure::new("95909".parse().unwrap()).with_units(Units::new(2).unwrap()))
        .build()
        .unwrap()
}

/// Kills `replace Case::labs -> &[LabResult] with Vec::leak(Vec::new())` and
/// `replace Case::differential -> &[DifferentialCondition] with Vec::leak(Vec::new())` (and
/// their siblings for the other lists): each accessor returns the entries as built.
#[test]
fn accessors_return_the_entries_as_built() {
    let c = full_case();
    let codes: Vec<String> = c.diagnoses().iter().map(|d| d.code().to_string()).collect();
    assert_eq!(codes, ["R25.2", "G62.9"]);
    assert_eq!(
        c.findings(),
        [
            Finding::new(FindingKind::Numbness).with_source(FindingSource::Exam),
            Finding::new(FindingKind::Myokymia).with_status(FindingStatus::Absent),
        ]
    );
    assert_eq!(
        c.conservative_trials(),
        [ConservativeTrial::new(Therapy::Stretching, TrialOutcome::Unchanged).with_days(30)]
    );
    assert_eq!(
        c.labs(),
        [
            LabResult::new(LabTest::Magnesium, LabOutcome::Abnormal),
            LabResult::new(LabTest::Calcium, LabOutcome::Pending),
        ]
    );
    assert_eq!(
        c.differential(),
        [
            DifferentialCondition::Neuropathy,
            DifferentialCondition::Myopathy
        ]
    );
    assert_eq!(c.procedures().len(), 1);
    assert_eq!(c.procedures()[0].units.get(), 2);
}

/// Kills `replace Case::to_builder -> CaseBuilder with Default::default()`.
#[test]
fn to_builder_keeps_every_entry() {
    let c = full_case();
    assert_eq!(c.to_builder().build().unwrap(), c);
    let more = c
        .to_builder()
        .finding(Finding::new(FindingKind::SevereSymptoms))
        .build()
        .unwrap();
    assert_eq!(more.findings().len(), c.findings().len() + 1);
    assert_eq!(more.labs(), c.labs());
    assert_eq!(
        evaluate(&c.to_builder().build().unwrap(), &Policy::default()),
        evaluate(&c, &Policy::default())
    );
}

/// Boundary of `check_len` (`>` against `>=`/`==`): exactly `MAX_ENTRIES` is accepted,
/// one more is refused, in every list.
#[test]
fn lists_of_exactly_max_entries_are_accepted() {
    let code = "R25.2".parse().unwrap();
    let mut b = Case::builder();
    for _ in 0..MAX_ENTRIES {
        b = b
            .diagnosis(code)
            .finding(Finding::new(FindingKind::Numbness))
            .trial(ConservativeTrial::new(
                Therapy::Hydration,
                TrialOutcome::Ongoing,
            ))
            .lab(LabResult::new(LabTest::Calcium, LabOutcome::Normal))
            .differential(DifferentialCondition::Other)
            .procedure(Procedure::new("95860".parse().unwrap()));
    }
    let c = b.clone().build().unwrap();
    assert_eq!(c.diagnoses().len(), MAX_ENTRIES);
    assert_eq!(c.procedures().len(), MAX_ENTRIES);
    let err = b.diagnosis(code).build().unwrap_err();
    assert_eq!(err.path(), "diagnoses");
}

/// The conflict check keeps one slot per (kind, source): different kinds or different
/// sources never collide, whatever their statuses (kills the slot-arithmetic mutants
/// `kind * 2 + source` → `kind * 2 - source`, `kind + 2 + source`, `kind / 2 + source`,
/// `kind * 2 * source`).
#[test]
fn only_the_same_kind_and_source_can_conflict() {
    let code = "R25.2".parse().unwrap();
    let sources = [FindingSource::History, FindingSource::Exam];
    for (i, a) in FindingKind::ALL.iter().enumerate() {
        for b in &FindingKind::ALL[i..] {
            for sa in sources {
                for sb in sources {
                    let built = Case::builder()
                        .diagnosis(code)
                        .finding(Finding::new(*a).with_source(sa))
                        .finding(
                            Finding::new(*b)
                                .with_source(sb)
                                .with_status(FindingStatus::Absent),
                        )
                        .build();
                    let conflict = a == b && sa == sb;
                    assert_eq!(built.is_err(), conflict, "{a} {sa} vs {b} {sb}");
                }
            }
        }
    }
}

// ---------------------------------------------------------------------------------------
// Ruleset 3 model (src/model/case.rs, src/model/procedure.rs)
// ---------------------------------------------------------------------------------------

/// Kills `replace Case::needle_emg_exceptions with Set::new()` / `Set::from_iter([..])` and
/// `replace CaseBuilder::needle_emg_exception with Default::default()`.
#[test]
fn the_builder_keeps_needle_emg_exceptions_as_a_set() {
    use edx_coverage::NeedleEmgException::{FollowUpStudy, Lymphedema};
    let case = Case::builder()
        .diagnosis("R25.2".parse().unwrap())
        .needle_emg_exception(Lymphedema)
        .needle_emg_exception(FollowUpStudy)
        .needle_emg_exception(Lymphedema)
        .build()
        .unwrap();
    assert_eq!(case.diagnoses().len(), 1);
    let got: Vec<_> = case.needle_emg_exceptions().iter().collect();
    assert_eq!(got, [Lymphedema, FollowUpStudy]);
    assert_eq!(case.to_builder().build().unwrap(), case);
}

/// Kills `replace check_studies with Ok(())`: the builder, not only the JSON reader,
/// refuses a study count on a code that is not an NCS code, naming the line.
#[test]
fn the_builder_refuses_studies_off_ncs_codes() {
    let studies = edx_coverage::Studies::new(3).unwrap();
    let line = |cpt: &str| Procedure::new(cpt.parse().unwrap()).with_studies(studies);
    let built = |cpt: &str| {
        Case::builder()
            .diagnosis("R25.2".parse().unwrap())
            .procedure(Procedure::new("95886".parse().unwrap()))
            .procedure(line(cpt))
            .build()
    };
    for cpt in ["95907", "95910", "95913"] {
        assert!(built(cpt).is_ok(), "{cpt}");
    }
    for cpt in ["95885", "95860", "95872", "95937", "95905"] {
        let err = built(cpt).unwrap_err();
        assert_eq!(err.path(), "procedures[1].studies", "{cpt}");
    }
}
