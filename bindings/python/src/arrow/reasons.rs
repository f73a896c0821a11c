//! The `reasons` column of the result: each reason's rule, citations and (null when it has
//! none) sources. The rule and the sources are closed vocabularies, so they are
//! dictionary-encoded as `indication` and `coverage` are: a key each, over every rule id and
//! every source in declaration order (DESIGN.md, "The reasons' rule and sources as
//! dictionary keys"). All three depend only on the rule, and a row's reasons only on the set
//! of rules that fired, so each rule's values are prepared once per process ([`Basis`]) and
//! the reasons of a row are written from the last row with the same rules when one is kept
//! ([`Written`]): one copy for each of the six buffers instead of a push per value
//! (BENCHMARKS.md, "`evaluate_arrow`: the reasons of a row written as prepared bytes").

use std::hash::{Hash, Hasher};
use std::sync::{Arc, OnceLock};

use arrow_array::{ArrayRef, StructArray};
use arrow_schema::{ArrowError, DataType, Field, Fields};
use edx_coverage::{Member, RuleId, Set, Source};

use crate::arrow::columns::{
    list_of, names, packed, small_dictionary, Ints, RowLists, Short, Values, WordKeys,
};

/// The fields of one reason: the rule and its sources are keys into their whole vocabulary.
pub(crate) fn reason_fields() -> Fields {
    Fields::from(vec![
        Field::new("rule", small_dictionary(), true),
        list_of("citations", DataType::Int16),
        list_of("sources", small_dictionary()),
    ])
}

/// What a reason's row holds, which depends only on its rule, ready to be copied: the
/// rule's key, its citations as the `i16`s the column holds, its sources' keys, and whether
/// it has any (a reason without sources has a null `sources`).
struct Basis {
    rule: i16,
    citations: Short<i16, 8>,
    sources: Short<i16, 4>,
    has_sources: bool,
}

impl Basis {
    fn of(rule: RuleId) -> Basis {
        let citations: Vec<i16> = rule.citations().iter().map(|&n| i16::from(n)).collect();
        let sources: Vec<i16> = rule.sources().iter().map(|s| key(s.index())).collect();
        Basis {
            rule: key(rule.index()),
            citations: Short::of(&citations),
            sources: Short::of(&sources),
            has_sources: !sources.is_empty(),
        }
    }
}

/// A word's index as the key the column holds (every vocabulary here has under a hundred
/// words; a key that did not fit would read as the first word, which the tests comparing
/// each row with `evaluate`, `bindings/python/tests/test_arrow.py`, would show).
fn key(index: u32) -> i16 {
    i16::try_from(index).unwrap_or(0)
}

/// Every rule's name, by index (the `rule` column's vocabulary).
fn rule_names() -> Vec<&'static str> {
    names::<RuleId>(RuleId::as_str)
}

/// Every source's name, by index (the `sources` column's vocabulary).
fn source_names() -> Vec<&'static str> {
    names::<Source>(Source::as_str)
}

/// Every rule's [`Basis`], by the rule's index, worked out once (the crate looks a rule's
/// basis up in its family's table on each call).
fn bases() -> &'static [Basis] {
    static BASES: OnceLock<Vec<Basis>> = OnceLock::new();
    BASES.get_or_init(|| RuleId::ALL.iter().map(|&r| Basis::of(r)).collect())
}

/// The reasons' own columns.
struct Columns {
    rule: WordKeys,
    citations: RowLists<Ints>,
    sources: RowLists<WordKeys>,
    /// `1` where a reason has sources, `0` where it has none (its `sources` is null).
    has_sources: Vec<u8>,
}

/// Where each buffer of [`Columns`] stood before a row was written.
#[derive(Clone, Copy)]
struct Mark {
    rules: usize,
    citations: usize,
    citation_lists: usize,
    sources: usize,
    source_lists: usize,
    reasons: usize,
}

/// The reasons of one row as written, each end relative to where the row began, and the
/// rules they are the reasons of. The keys, citations and flags are kept padded
/// ([`Short`]): a row of up to 16 reasons is copied back as fixed-size copies, not `memcpy`
/// calls of a length known only then.
#[derive(Default)]
struct Written {
    rules: Set<RuleId>,
    rule_keys: Short<i16, 16>,
    citations: Short<i16, 32>,
    citation_ends: Vec<i32>,
    source_keys: Short<i16, 16>,
    source_lists: Vec<i32>,
    has_sources: Short<u8, 16>,
}

/// The number of rows kept (a power of two: a row's two slots are two runs of its rules'
/// hash's top bits).
const SLOTS: usize = 256;

/// Mixes a rule set's bits into a slot.
struct Mix(u64);

impl Hasher for Mix {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0 ^ n).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    }
}

/// The two slots a row with `rules` may be kept in: a set is looked for in both, so two
/// sets that share one slot (a few in a column of some dozens of sets) are still both kept.
fn slots(rules: Set<RuleId>) -> [usize; 2] {
    let mut mix = Mix(0);
    rules.hash(&mut mix);
    let hash = mix.finish();
    let at = |bits: u64| usize::try_from(bits).unwrap_or(0) % SLOTS;
    [at(hash >> 56), at(hash >> 48)]
}

/// The reasons column, and the last rows written by their rules.
pub(crate) struct Reasons {
    columns: Columns,
    written: Vec<Option<Written>>,
}

impl Columns {
    fn mark(&self) -> Mark {
        Mark {
            rules: self.rule.count(),
            citations: self.citations.values.count(),
            citation_lists: self.citations.offsets.pushed(),
            sources: self.sources.values.count(),
            source_lists: self.sources.offsets.pushed(),
            reasons: self.has_sources.len(),
        }
    }

    /// One reason.
    #[inline]
    fn push(&mut self, basis: &Basis) {
        self.rule.keys.push(basis.rule);
        self.citations.values.put(&basis.citations);
        self.citations.close();
        self.sources.values.keys.put(&basis.sources);
        self.sources.close();
        self.has_sources.push(u8::from(basis.has_sources));
    }

    /// The reasons written since `mark`, kept in `w` for `rules`; `false` when they cannot be
    /// (a column past `i32` offsets).
    fn keep(&self, mark: Mark, rules: Set<RuleId>, w: &mut Written) -> bool {
        let base = |n: usize| i32::try_from(n).ok();
        let (Some(citations), Some(sources)) = (base(mark.citations), base(mark.sources)) else {
            return false;
        };
        w.rules = rules;
        w.rule_keys.set(self.rule.keys.since(mark.rules));
        w.citations.set(self.citations.values.since(mark.citations));
        self.citations
            .offsets
            .since(mark.citation_lists, citations, &mut w.citation_ends);
        w.source_keys
            .set(self.sources.values.keys.since(mark.sources));
        self.sources
            .offsets
            .since(mark.source_lists, sources, &mut w.source_lists);
        w.has_sources
            .set(self.has_sources.get(mark.reasons..).unwrap_or_default());
        true
    }

    /// The reasons of a row written before, again.
    #[inline]
    fn again(&mut self, w: &Written) {
        self.rule.keys.put(&w.rule_keys);
        let citations = self.citations.values.count();
        self.citations.values.put(&w.citations);
        self.citations
            .offsets
            .extend_relative(citations, &w.citation_ends);
        let sources = self.sources.values.count();
        self.sources.values.keys.put(&w.source_keys);
        self.sources
            .offsets
            .extend_relative(sources, &w.source_lists);
        w.has_sources.put(&mut self.has_sources);
    }
}

impl Reasons {
    /// Room for about `rows` rows of reasons.
    pub(crate) fn with_capacity(rows: usize) -> Self {
        Reasons {
            columns: Columns {
                rule: WordKeys::with_capacity(rows * 8, rule_names),
                citations: RowLists::new(rows * 8, Ints::with_capacity(rows * 12)),
                sources: RowLists::new(rows * 8, WordKeys::with_capacity(rows * 4, source_names)),
                has_sources: Vec::with_capacity(rows * 8),
            },
            written: (0..SLOTS).map(|_| None).collect(),
        }
    }

    /// The reasons of one row: one per rule of `rules`, in the crate's rule order (the list
    /// itself is closed by the caller).
    pub(crate) fn row(&mut self, rules: Set<RuleId>) {
        let [first, second] = slots(rules);
        for at in [first, second] {
            if let Some(Some(w)) = self.written.get(at) {
                if w.rules == rules {
                    self.columns.again(w);
                    return;
                }
            }
        }
        // Kept in the first slot, or in the second when only that one is free.
        let second_free = matches!(self.written.get(second), Some(None));
        let first_taken = matches!(self.written.get(first), Some(Some(_)));
        let at = if first_taken && second_free {
            second
        } else {
            first
        };
        let mark = self.columns.mark();
        let bases = bases();
        for rule in rules.iter() {
            match usize::try_from(rule.index())
                .ok()
                .and_then(|i| bases.get(i))
            {
                Some(basis) => self.columns.push(basis),
                None => self.columns.push(&Basis::of(rule)),
            }
        }
        if let Some(kept) = self.written.get_mut(at) {
            let mut w = kept.take().unwrap_or_default();
            if self.columns.keep(mark, rules, &mut w) {
                *kept = Some(w);
            }
        }
    }
}

impl Values for Reasons {
    #[inline]
    fn count(&self) -> usize {
        self.columns.rule.count()
    }
    fn build(self) -> Result<ArrayRef, ArrowError> {
        let c = self.columns;
        let rule = c.rule.build()?;
        let citations = c.citations.finish(DataType::Int16, None)?;
        let sources = c
            .sources
            .finish(small_dictionary(), packed(&c.has_sources, true))?;
        Ok(Arc::new(StructArray::try_new(
            reason_fields(),
            vec![rule, citations, sources],
            None,
        )?))
    }
}
