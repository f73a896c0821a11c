//! [proptest](https://docs.rs/proptest) strategies for every model type, so downstream
//! crates can property-test their own code against valid inputs (cargo feature `proptest`).
//!
//! Every strategy produces *valid* values only: each [`Case`] is built through
//! [`Case::builder`], so it has at least one diagnosis, no list over [`MAX_ENTRIES`] and never a
//! conflicting finding (a finding kind recorded both present and absent from the same
//! source). Within that space the strategies aim for the awkward shapes:
//!
//! * ICD-10-CM codes mix the crate's own tables ([`ICD_CLASSES`], [`CANDIDATE_CODES`]), codes
//!   of the whole FY2026 code set (billable codes and headers), random well-formed codes
//!   (almost all not in the code set), and odd spellings that normalise (lower case, no dot, extra dots,
//!   surrounding white space), see [`icd_spelling`];
//! * every value of every vocabulary, pertinent negatives, both finding sources;
//! * empty optional lists, duplicated entries, trials with and without a duration;
//! * long lists (up to [`MAX_ENTRIES`]) with [`case_with_max_len`]; the default [`case`]
//!   keeps lists short so that thousands of cases run in seconds.
//!
//! Conflicting findings are *repaired*, not rejected: a record that contradicts an earlier
//! record of the same kind and source takes that record's status (so it becomes a
//! duplicate, which is itself a shape worth testing).
//!
//! # Example: a downstream property test
//!
//! ```
//! use edx_coverage::{evaluate, strategies, Coverage, Indication};
//! use proptest::prelude::*;
//!
//! proptest! {
//!     #![proptest_config(ProptestConfig::with_cases(64))]
//!
//!     // In a test file this carries `#[test]`; here it is called by hand below.
//!     fn likely_covered_means_indicated(
//!         case in strategies::case(),
//!         policy in strategies::policy(),
//!     ) {
//!         let d = evaluate(&case, &policy);
//!         if d.coverage() == Coverage::LikelyCovered {
//!             prop_assert_eq!(d.indication(), Indication::Indicated);
//!             prop_assert!(d.pitfalls().is_empty());
//!         }
//!     }
//! }
//!
//! likely_covered_means_indicated();
//! ```
//!
//! The strategies are plain functions returning `impl Strategy`, so they compose with the
//! usual combinators (`prop_map`, `prop_filter`, `prop::collection::vec`, ...).

use core::fmt;

use proptest::collection::vec;
use proptest::prelude::*;
use proptest::sample::{select, Index};

use crate::code_set::{self, CodeStatus};
use crate::codes::{Match, CANDIDATE_CODES, CPT_CODES, ICD_CLASSES};
use crate::error::MAX_ENTRIES;
use crate::model::finding::group;
use crate::model::{
    Case, CodeClass, ConservativeTrial, CptCode, CptFamily, Diagnosis, DifferentialCondition,
    Finding, FindingKind, FindingSource, FindingStatus, IcdCode, LabOutcome, LabResult, LabTest,
    NeedleEmgException, Procedure, Studies, Therapy, TrialOutcome, Units,
};
use crate::policy::Policy;
use crate::set::Member;

/// List length used by [`case`]: short enough for thousands of cases per second, long
/// enough for duplicates and mixed statuses.
pub const DEFAULT_MAX_LEN: usize = 8;

const LETTERS: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ";
const DIGITS: &[u8] = b"0123456789";
const ALNUM: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
/// White space that `str::trim` removes.
const PADDING: &[&str] = &["", "", " ", "  ", "\t", "\n", " \t", "\r\n"];

/// Any value of one of the crate's vocabularies ([`FindingKind`], [`Pitfall`](crate::Pitfall),
/// [`RuleId`](crate::RuleId), ...), uniformly over [`Member::ALL`].
///
/// ```
/// use edx_coverage::{strategies, Member, Therapy};
/// use proptest::strategy::{Strategy, ValueTree};
/// use proptest::test_runner::TestRunner;
///
/// let mut runner = TestRunner::deterministic();
/// let t: Therapy = strategies::member().new_tree(&mut runner).unwrap().current();
/// assert!(Therapy::ALL.contains(&t));
/// ```
pub fn member<T: Member + fmt::Debug>() -> impl Strategy<Value = T> {
    select(T::ALL)
}

/// The code without its dot, upper case, as `docs/codes.md` spells it (e.g. `R252`).
fn plain(dotted: &str) -> String {
    dotted.chars().filter(|&c| c != '.').collect()
}

/// Up to `max` random characters of the ICD-10-CM tail alphabet (digits and letters).
fn alnum_tail(max: usize) -> impl Strategy<Value = String> {
    vec(select(ALNUM), 0..=max).prop_map(|bytes| bytes.into_iter().map(char::from).collect())
}

/// A well-formed code in plain form (3–7 characters, no dot): a letter, a digit, a digit or
/// letter, then 0–4 digits or letters.
fn random_plain() -> impl Strategy<Value = String> {
    (
        select(LETTERS),
        select(DIGITS),
        select(ALNUM),
        alnum_tail(4),
    )
        .prop_map(|(a, b, c, rest)| {
            let mut s = String::with_capacity(7);
            s.push(char::from(a));
            s.push(char::from(b));
            s.push(char::from(c));
            s.push_str(&rest);
            s
        })
}

/// A code from one classification row: the exact code, or a code of the code set that
/// begins with the prefix (a header or a billable code; a random tail would almost always
/// give a code that is not in the code set, which is `other`).
fn from_row(row: Match) -> BoxedStrategy<String> {
    match row {
        Match::Exact(code) => Just(plain(code)).boxed(),
        Match::Prefix(prefix) => {
            let range = IcdCode::parse(prefix)
                .map(|p| code_set::range_with_prefix(&p))
                .unwrap_or(0..0);
            if range.is_empty() {
                return Just(plain(prefix)).boxed();
            }
            range
                .prop_filter_map("a code of the table", table_entry)
                .boxed()
        }
    }
}

/// The plain code at a table index (`None` for the QA0 codes, which the input shape refuses).
fn table_entry(i: usize) -> Option<String> {
    let (code, _) = code_set::get(i)?;
    IcdCode::parse(code.as_str()).ok()?;
    Some(plain(code.as_str()))
}

/// A plain code of the FY2026 code set, any status but unknown.
fn code_set_plain() -> impl Strategy<Value = String> {
    (0..code_set::len()).prop_filter_map("a code of the table", table_entry)
}

/// An ICD-10-CM code with the given status in the FY2026 code set: a code of the table for
/// `billable` and `header`, a random well-formed code that is not in it for `unknown`.
///
/// ```
/// use edx_coverage::{strategies, CodeStatus};
/// use proptest::prelude::*;
///
/// proptest!(ProptestConfig::with_cases(64), |(code in strategies::icd_code_of_status(CodeStatus::Header))| {
///     prop_assert_eq!(code.status(), CodeStatus::Header);
/// });
/// ```
pub fn icd_code_of_status(status: CodeStatus) -> impl Strategy<Value = IcdCode> {
    let plain = if status == CodeStatus::Unknown {
        random_plain().boxed()
    } else {
        code_set_plain().boxed()
    };
    plain.prop_filter_map("code of the wanted status", move |p| {
        IcdCode::parse(&p)
            .ok()
            .filter(|code| code.status() == status)
    })
}

/// A plain code from the crate's tables, optionally only rows of one class.
fn table_plain(class: Option<CodeClass>) -> impl Strategy<Value = String> {
    let rows: Vec<Match> = ICD_CLASSES
        .iter()
        .filter(|(_, c)| class.is_none_or(|want| *c == want))
        .map(|(row, _)| *row)
        .collect();
    select(rows).prop_flat_map(from_row)
}

/// A plain, well-formed code: table rows, candidate codes, or random.
fn any_plain() -> impl Strategy<Value = String> {
    let candidates: Vec<String> = CANDIDATE_CODES
        .iter()
        .map(|(_, code)| plain(code.as_str()))
        .collect();
    prop_oneof![
        3 => table_plain(None),
        1 => select(candidates),
        3 => code_set_plain(),
        2 => random_plain(),
    ]
}

/// The normal form of a plain code: one `.` after the third character when longer.
fn dotted(plain: &str) -> String {
    let mut out = String::with_capacity(plain.len() + 1);
    for (i, c) in plain.chars().enumerate() {
        if i == 3 {
            out.push('.');
        }
        out.push(c);
    }
    out
}

/// How a spelling differs from the normal form.
#[derive(Debug, Clone, Copy)]
enum Dots {
    /// `R25.2`
    Normal,
    /// `R252`
    None,
    /// `.R.25..2.`: a dot before every character and a trailing one; all are dropped.
    Everywhere,
}

/// An odd but acceptable spelling of `plain`.
fn spell(plain: &str, lower: &[bool], dots: Dots, left: &str, right: &str) -> String {
    let mut out = String::from(left);
    for (i, c) in plain.chars().enumerate() {
        match dots {
            Dots::Normal if i == 3 => out.push('.'),
            Dots::Everywhere => out.push('.'),
            _ => {}
        }
        let low = lower.get(i).copied().unwrap_or(false);
        out.push(if low { c.to_ascii_lowercase() } else { c });
    }
    if matches!(dots, Dots::Everywhere) {
        out.push('.');
    }
    out.push_str(right);
    out
}

/// A spelling of an ICD-10-CM code that the crate accepts, and the normal form it must
/// normalise to: `(" r252\t", "R25.2")`, `("m62.831", "M62.831")`, `(".G.6.2.9.", "G62.9")`.
///
/// Half of the spellings are already normal; the rest mix lower case (per character),
/// missing or extra dots, and white space around the code.
///
/// ```
/// use edx_coverage::{strategies, IcdCode};
/// use proptest::prelude::*;
///
/// proptest!(ProptestConfig::with_cases(64), |((text, normal) in strategies::icd_spelling())| {
///     prop_assert_eq!(IcdCode::parse(&text).map(|c| c.to_string()), Ok(normal));
/// });
/// ```
pub fn icd_spelling() -> impl Strategy<Value = (String, String)> {
    let odd = (
        any_plain(),
        vec(any::<bool>(), 7),
        prop_oneof![Just(Dots::Normal), Just(Dots::None), Just(Dots::Everywhere)],
        select(PADDING),
        select(PADDING),
    )
        .prop_map(|(p, lower, dots, left, right)| {
            (spell(&p, &lower, dots, left, right), dotted(&p))
        });
    let normal = any_plain().prop_map(|p| {
        let d = dotted(&p);
        (d.clone(), d)
    });
    prop_oneof![normal, odd]
}

/// An ICD-10-CM code: from the crate's tables, random but well-formed, or parsed from an odd
/// spelling (see [`icd_spelling`]).
pub fn icd_code() -> impl Strategy<Value = IcdCode> {
    icd_spelling().prop_filter_map("spelling must parse", |(text, _)| {
        IcdCode::parse(&text).ok()
    })
}

/// An ICD-10-CM code of one [`CodeClass`] (for [`CodeClass::Other`], a random well-formed
/// code outside the crate's lists).
///
/// ```
/// use edx_coverage::{strategies, CodeClass};
/// use proptest::prelude::*;
///
/// let specific = strategies::icd_code_of_class(CodeClass::SpecificNeuromuscular);
/// proptest!(ProptestConfig::with_cases(64), |(code in specific)| {
///     prop_assert_eq!(code.class(), CodeClass::SpecificNeuromuscular);
/// });
/// ```
pub fn icd_code_of_class(class: CodeClass) -> impl Strategy<Value = IcdCode> {
    let plain = if class == CodeClass::Other {
        random_plain().boxed()
    } else {
        table_plain(Some(class)).boxed()
    };
    plain.prop_filter_map("code of the wanted class", move |p| {
        IcdCode::parse(&p).ok().filter(|code| code.class() == class)
    })
}

/// A diagnosis (its class follows from the code).
pub fn diagnosis() -> impl Strategy<Value = Diagnosis> {
    icd_code().prop_map(Diagnosis::new)
}

/// Any finding kind.
pub fn finding_kind() -> impl Strategy<Value = FindingKind> {
    member::<FindingKind>()
}

/// A red-flag kind (kinds 1–13 of `FindingKind`).
pub fn red_flag_kind() -> impl Strategy<Value = FindingKind> {
    let kinds: Vec<FindingKind> = group::RED_FLAG.iter().collect();
    select(kinds)
}

/// A kind that is not a red flag (kinds 14–19 of `FindingKind`: stiffness, exercise intolerance,
/// task-specific, severe, nocturnal, exercise-associated).
pub fn non_red_flag_kind() -> impl Strategy<Value = FindingKind> {
    let kinds: Vec<FindingKind> = FindingKind::ALL
        .iter()
        .copied()
        .filter(|k| !group::RED_FLAG.contains(*k))
        .collect();
    select(kinds)
}

/// A finding of a kind from `kinds`, present or absent, from history or exam.
fn finding_of(kinds: impl Strategy<Value = FindingKind>) -> impl Strategy<Value = Finding> {
    (kinds, member::<FindingStatus>(), member::<FindingSource>()).prop_map(
        |(kind, status, source)| Finding::new(kind).with_status(status).with_source(source),
    )
}

/// Any finding: every kind, pertinent negatives, both sources.
pub fn finding() -> impl Strategy<Value = Finding> {
    finding_of(finding_kind())
}

/// A trial duration: none, typical durations around common policy minimums, or extremes.
fn duration() -> impl Strategy<Value = Option<u32>> {
    prop_oneof![
        2 => Just(None),
        6 => (0u32..=120).prop_map(Some),
        1 => prop_oneof![Just(0u32), Just(u32::MAX), any::<u32>()].prop_map(Some),
    ]
}

/// A conservative trial: every therapy and outcome, with or without a duration.
pub fn conservative_trial() -> impl Strategy<Value = ConservativeTrial> {
    (member::<Therapy>(), member::<TrialOutcome>(), duration()).prop_map(
        |(therapy, outcome, days)| ConservativeTrial {
            therapy,
            outcome,
            duration_days: days,
        },
    )
}

/// A lab result: every test and outcome.
pub fn lab_result() -> impl Strategy<Value = LabResult> {
    (member::<LabTest>(), member::<LabOutcome>()).prop_map(|(t, r)| LabResult::new(t, r))
}

/// A condition of the differential.
pub fn differential_condition() -> impl Strategy<Value = DifferentialCondition> {
    member::<DifferentialCondition>()
}

/// A CPT code from [`CPT_CODES`].
pub fn cpt_code() -> impl Strategy<Value = CptCode> {
    select(CPT_CODES).prop_filter_map("table code", |(code, _)| {
        CptCode::parse(&code.to_string()).ok()
    })
}

/// A CPT code of one family.
pub fn cpt_code_of_family(family: CptFamily) -> impl Strategy<Value = CptCode> {
    let codes: Vec<u32> = CPT_CODES
        .iter()
        .filter(|(_, f)| *f == family)
        .map(|(c, _)| *c)
        .collect();
    select(codes).prop_filter_map("table code", |code| CptCode::parse(&code.to_string()).ok())
}

/// Units 1–99, mostly 1 (the default).
pub fn units() -> impl Strategy<Value = Units> {
    prop_oneof![
        3 => Just(Units::ONE),
        1 => (1u32..=99).prop_filter_map("units 1-99", Units::new),
    ]
}

/// A study count 1–99, mostly small (the counts real reports carry).
pub fn studies() -> impl Strategy<Value = Studies> {
    prop_oneof![
        4 => 1u32..=16,
        1 => 1u32..=99,
    ]
    .prop_filter_map("studies 1-99", Studies::new)
}

/// A procedure line: any table code, any units; an NCS line carries a study count half of
/// the time, often one that matches its code's tier and often one that does not.
pub fn procedure() -> impl Strategy<Value = Procedure> {
    (cpt_code(), units(), studies(), 0u8..4).prop_map(|(cpt, units, studies, how)| {
        let line = Procedure::new(cpt).with_units(units);
        if cpt.family() != CptFamily::Ncs {
            return line;
        }
        match how {
            0 => line.with_studies(studies),
            // The top of the code's own tier (13 for 95913).
            1 => match Studies::new(cpt.value().saturating_sub(95907) * 2 + 2) {
                Some(own) => line.with_studies(own),
                None => line,
            },
            _ => line,
        }
    })
}

/// A documented needle EMG exception.
pub fn needle_emg_exception() -> impl Strategy<Value = NeedleEmgException> {
    member()
}

/// Any policy: every combination of switches, `min_trial_days` often 0, often a typical
/// minimum, sometimes extreme.
pub fn policy() -> impl Strategy<Value = Policy> {
    let days = prop_oneof![
        3 => Just(0u32),
        3 => 1u32..=90,
        1 => any::<u32>(),
    ];
    (days, any::<bool>(), any::<bool>(), any::<bool>()).prop_map(
        |(days, differential, accept, emg)| {
            Policy::default()
                .with_min_trial_days(days)
                .with_require_differential(differential)
                .with_accept_symptom_codes_with_support(accept)
                .with_require_needle_emg_with_ncs(emg)
        },
    )
}

/// A list of `min..=max` entries; often empty when `min` is 0, and with up to two entries
/// repeated at random places (duplicates never change a result, except repeated procedure
/// lines, which are claim lines).
fn list<S>(elem: S, min: usize, max: usize) -> impl Strategy<Value = Vec<S::Value>>
where
    S: Strategy + 'static,
    S::Value: Clone,
{
    let max = max.clamp(min, MAX_ENTRIES);
    let sized = (
        vec(elem, min..=max),
        vec((any::<Index>(), any::<Index>()), 0..=2),
    )
        .prop_map(move |(mut items, repeats)| {
            for (pick, place) in repeats {
                if items.is_empty() || items.len() >= max {
                    break;
                }
                if let Some(item) = items.get(pick.index(items.len())).cloned() {
                    let at = place.index(items.len() + 1);
                    items.insert(at, item);
                }
            }
            items
        });
    if min == 0 {
        prop_oneof![1 => Just(Vec::new()), 4 => sized].boxed()
    } else {
        sized.boxed()
    }
}

/// Makes `findings` conflict-free: a record whose kind and source were already recorded
/// with the other status takes the earlier record's status.
///
/// Public so that downstream strategies that build their own finding lists can keep them
/// valid the same way.
///
/// ```
/// use edx_coverage::{strategies, Finding, FindingKind, FindingStatus};
///
/// let seen = Finding::new(FindingKind::Numbness);
/// let mut list = vec![seen, seen.with_status(FindingStatus::Absent)];
/// strategies::repair_conflicts(&mut list);
/// assert_eq!(list, [seen, seen]);
/// ```
pub fn repair_conflicts(findings: &mut [Finding]) {
    let mut first: Vec<(FindingKind, FindingSource, FindingStatus)> = Vec::new();
    for f in findings.iter_mut() {
        match first
            .iter()
            .find(|(kind, source, _)| *kind == f.kind && *source == f.source)
        {
            Some(&(_, _, status)) => f.status = status,
            None => first.push((f.kind, f.source, f.status)),
        }
    }
}

/// Valid cases whose lists hold up to `max_len` entries (capped at [`MAX_ENTRIES`]; at least
/// one diagnosis). Use a large `max_len` (up to 1,000) for long-list tests, with fewer cases.
///
/// Half of the cases draw their findings from all kinds, half from the kinds that are not
/// red flags only, so that every indication and coverage outlook comes up often.
pub fn case_with_max_len(max_len: usize) -> impl Strategy<Value = Case> {
    let findings = prop_oneof![
        list(finding().boxed(), 0, max_len),
        list(finding_of(non_red_flag_kind()).boxed(), 0, max_len),
    ];
    (
        list(diagnosis().boxed(), 1, max_len.max(1)),
        findings,
        list(conservative_trial().boxed(), 0, max_len),
        list(lab_result().boxed(), 0, max_len),
        list(differential_condition().boxed(), 0, max_len),
        list(procedure().boxed(), 0, max_len),
        prop_oneof![
            3 => Just(Vec::new()),
            1 => list(needle_emg_exception().boxed(), 1, max_len.min(6)),
        ],
    )
        .prop_filter_map(
            "a valid case (never rejects: conflicts are repaired)",
            |(diagnoses, mut findings, trials, labs, differential, procedures, exceptions)| {
                repair_conflicts(&mut findings);
                let mut b = Case::builder();
                for d in diagnoses {
                    b = b.diagnosis(d.code());
                }
                for f in findings {
                    b = b.finding(f);
                }
                for t in trials {
                    b = b.trial(t);
                }
                for l in labs {
                    b = b.lab(l);
                }
                for c in differential {
                    b = b.differential(c);
                }
                for p in procedures {
                    b = b.procedure(p);
                }
                for e in exceptions {
                    b = b.needle_emg_exception(e);
                }
                b.build().ok()
            },
        )
}

/// Valid cases with short lists (up to [`DEFAULT_MAX_LEN`] entries each): the strategy for
/// tests that run many thousands of cases.
pub fn case() -> impl Strategy<Value = Case> {
    case_with_max_len(DEFAULT_MAX_LEN)
}
