//! Arrow columns out: the declared schema of `evaluate_arrow`'s result, and the result
//! columns built straight from each `Determination` (and, with `plan=True`, each `Plan`)
//! by Arrow builders: no JSON text in between. Words are copied from each vocabulary's
//! names, padded once per process (`columns::Word`); `indication`, `coverage` and
//! `plan_target` are keys into the whole vocabulary; the reasons are `arrow/reasons.rs`'s.
//! The determinations of a few hundred rows are kept and then written one column at a
//! time ([`Rows`]).

use std::sync::Arc;

use std::sync::OnceLock;

use arrow_array::{ArrayRef, BooleanArray, RecordBatch, StringArray};
use arrow_buffer::NullBuffer;
use arrow_schema::{ArrowError, DataType, Field, Schema, SchemaRef};
use arrow_select::nullif::nullif;
use edx_coverage::{
    Coverage, Determination, DocumentationGap, FindingKind, Indication, LabTest, Member, Pitfall,
    Plan, Recommendation, Set, SuspectedCondition, RULESET,
};

use crate::arrow::columns::{
    dictionary, list_of, names, packed, text, Pairs, RowKeys, RowLists, Strings, Word,
};
use crate::arrow::plan_out::{self, PlanColumns};
use crate::arrow::reasons::{reason_fields, Reasons};
use crate::fast_output::SETS;

const SUGGESTED: [&str; 2] = ["code", "finding"];
const CORRECTION: [&str; 2] = ["cpt", "replacement"];
const ISSUE: [&str; 2] = ["code", "status"];

fn pairs(names: [&str; 2]) -> DataType {
    DataType::Struct(crate::arrow::columns::pair_fields(names))
}

/// The result's schema: `ruleset`, `indication` and `coverage` (dictionary-encoded), every
/// set as `list<string>`, the structured lists as lists of structs, the reasons (their rule
/// and sources dictionary-encoded), then
/// `error_path` and `error_message` (null when the row is valid); with `plan`, then
/// `plan_target` (dictionary-encoded) and `plan_steps` (a list of structs).
pub(crate) fn schema(plan: bool) -> SchemaRef {
    let mut fields = vec![
        text("ruleset"),
        Field::new("indication", dictionary(), true),
        Field::new("coverage", dictionary(), true),
    ];
    for name in SETS {
        fields.push(list_of(name, DataType::Utf8));
    }
    fields.push(list_of("suggested_codes", pairs(SUGGESTED)));
    fields.push(list_of("procedure_corrections", pairs(CORRECTION)));
    fields.push(list_of("diagnosis_code_issues", pairs(ISSUE)));
    fields.push(list_of("reasons", DataType::Struct(reason_fields())));
    fields.push(text("error_path"));
    fields.push(text("error_message"));
    if plan {
        fields.extend(plan_out::fields());
    }
    Arc::new(Schema::new(fields))
}

/// The words of the vocabulary `T` by index, padded ([`Word`]), worked out once into `cell`.
fn words<T: Member>(
    cell: &'static OnceLock<Vec<Word>>,
    name: fn(T) -> &'static str,
) -> &'static [Word] {
    cell.get_or_init(|| {
        T::ALL
            .iter()
            .map(|&w| Word::of(name(w).as_bytes()))
            .collect()
    })
}

/// The padded words of each set's vocabulary, in the order of [`SETS`].
struct Vocabularies {
    red_flags: &'static [Word],
    suspected: &'static [Word],
    gaps: &'static [Word],
    pitfalls: &'static [Word],
    recommendations: &'static [Word],
    labs: &'static [Word],
}

fn vocabularies() -> Vocabularies {
    static RED_FLAGS: OnceLock<Vec<Word>> = OnceLock::new();
    static SUSPECTED: OnceLock<Vec<Word>> = OnceLock::new();
    static GAPS: OnceLock<Vec<Word>> = OnceLock::new();
    static PITFALLS: OnceLock<Vec<Word>> = OnceLock::new();
    static RECOMMENDATIONS: OnceLock<Vec<Word>> = OnceLock::new();
    static LABS: OnceLock<Vec<Word>> = OnceLock::new();
    Vocabularies {
        red_flags: words(&RED_FLAGS, FindingKind::as_str),
        suspected: words(&SUSPECTED, SuspectedCondition::as_str),
        gaps: words(&GAPS, DocumentationGap::as_str),
        pitfalls: words(&PITFALLS, Pitfall::as_str),
        recommendations: words(&RECOMMENDATIONS, Recommendation::as_str),
        labs: words(&LABS, LabTest::as_str),
    }
}

/// The `ruleset` column of `count` rows, null where `valid` says: `RULESET` repeated by
/// arrow (`StringArray::new_repeated`, whose offsets and bytes need no pass to check them)
/// and the refused rows made null (`nullif`), the same array as one built row by row.
fn ruleset_column(count: usize, valid: Option<&NullBuffer>) -> Result<ArrayRef, ArrowError> {
    // `new_repeated` panics past `i32` offsets: refused here first, as every other column is.
    let fits = RULESET
        .len()
        .checked_mul(count)
        .is_some_and(|bytes| i32::try_from(bytes).is_ok());
    if !fits {
        return Err(ArrowError::ComputeError(
            "the ruleset column is over 2^31 bytes".to_owned(),
        ));
    }
    let every: ArrayRef = Arc::new(StringArray::new_repeated(RULESET, count));
    match valid {
        Some(valid) => nullif(&every, &BooleanArray::new(!valid.inner(), None)),
        None => Ok(every),
    }
}

/// The rows kept before their columns are written: a few kilobytes of determinations,
/// which stay in the core's cache while each column's pass reads them.
const CHUNK: usize = 256;

/// The result rows of one batch, column by column. Every column but the plan's is null
/// exactly where the row is refused, so they share one validity, `valid` (and the error
/// columns its inverse), packed at the end. The determinations are kept for [`CHUNK`]
/// rows and then written one column at a time (`write`): each loop writes one column's
/// buffers from one kind of set, rather than a row's two dozen buffers in turn.
pub(crate) struct Rows {
    /// `1` for each valid row, `0` for each refused one, of the rows written.
    valid: Vec<u8>,
    /// The determination of each row not yet written (`None` for a refused row), in order.
    pending: Vec<Option<Determination>>,
    indication: RowKeys,
    coverage: RowKeys,
    sets: [RowLists<Strings>; 6],
    vocabularies: Vocabularies,
    suggested: RowLists<Pairs>,
    /// The padded words of each finding kind's suggested code and of the kind, by the
    /// kind's index, made the first time a row suggests it: a suggested code depends only on
    /// its finding.
    suggested_words: Vec<Option<(Word, Word)>>,
    corrections: RowLists<Pairs>,
    issues: RowLists<Pairs>,
    reasons: RowLists<Reasons>,
    error_path: Strings,
    error_message: Strings,
    plan: Option<PlanColumns>,
}

/// The list of set `of` of each row of `pending` (a null list for a refused row), its words
/// from `table` (`RowLists::set`).
fn set_column<T: Member>(
    column: &mut RowLists<Strings>,
    pending: &[Option<Determination>],
    of: fn(&Determination) -> Set<T>,
    table: &[Word],
    name: fn(T) -> &'static str,
) {
    for d in pending {
        match d {
            Some(d) => column.set(of(d), table, name),
            None => column.close(),
        }
    }
}

impl Rows {
    /// Room for `rows` rows; `plan`: with the plan's columns.
    pub(crate) fn with_capacity(rows: usize, plan: bool) -> Self {
        // More than any set of the generated cases holds on average (35 bytes a row at
        // most): a column that outgrows its room is copied as it grows.
        let words = || RowLists::new(rows, Strings::with_capacity(rows * 2, rows * 48));
        Rows {
            valid: Vec::with_capacity(rows),
            pending: Vec::with_capacity(CHUNK.min(rows)),
            indication: RowKeys::new(rows),
            coverage: RowKeys::new(rows),
            sets: [words(), words(), words(), words(), words(), words()],
            vocabularies: vocabularies(),
            suggested: RowLists::new(rows, Pairs::new(SUGGESTED)),
            suggested_words: FindingKind::ALL.iter().map(|_| None).collect(),
            corrections: RowLists::new(rows, Pairs::new(CORRECTION)),
            issues: RowLists::new(rows, Pairs::new(ISSUE)),
            reasons: RowLists::new(rows, Reasons::with_capacity(rows)),
            error_path: Strings::with_capacity(rows, 0),
            error_message: Strings::with_capacity(rows, 0),
            plan: plan.then(|| PlanColumns::with_capacity(rows)),
        }
    }

    /// A valid row: the determination, and its plan when the rows have plan columns.
    pub(crate) fn determination(&mut self, d: Determination, plan: Option<&Plan>) {
        self.error_path.push("");
        self.error_message.push("");
        if let Some(columns) = &mut self.plan {
            match plan {
                Some(plan) => columns.plan(plan),
                None => columns.null(),
            }
        }
        self.keep(Some(d));
    }

    /// A refused row: only `error_path` and `error_message`.
    pub(crate) fn refusal(&mut self, path: &str, message: &str) {
        self.error_path.push(path);
        self.error_message.push(message);
        if let Some(columns) = &mut self.plan {
            columns.null();
        }
        self.keep(None);
    }

    fn keep(&mut self, d: Option<Determination>) {
        self.pending.push(d);
        if self.pending.len() >= CHUNK {
            self.write();
        }
    }

    /// The kept rows written, column by column.
    fn write(&mut self) {
        let mut pending = std::mem::take(&mut self.pending);
        self.valid
            .extend(pending.iter().map(|d| u8::from(d.is_some())));
        for d in &pending {
            self.indication
                .push(d.as_ref().map_or(0, |d| d.indication().index()));
        }
        for d in &pending {
            self.coverage
                .push(d.as_ref().map_or(0, |d| d.coverage().index()));
        }
        let [red_flags, suspected, gaps, pitfalls, recommendations, labs] = &mut self.sets;
        let v = &self.vocabularies;
        /// Each set's column, from its words in the vocabularies.
        macro_rules! sets {
            ($($column:ident: $of:ident, $words:ident, $t:ty;)+) => {$(
                set_column($column, &pending, Determination::$of, v.$words, <$t>::as_str);
            )+};
        }
        sets! {
            red_flags: red_flags, red_flags, FindingKind;
            suspected: suspected_conditions, suspected, SuspectedCondition;
            gaps: documentation_gaps, gaps, DocumentationGap;
            pitfalls: pitfalls, pitfalls, Pitfall;
            recommendations: recommendations, recommendations, Recommendation;
            labs: recommended_labs, labs, LabTest;
        }
        for d in &pending {
            if let Some(d) = d {
                self.suggested_codes(d);
            }
            self.suggested.close();
        }
        for d in &pending {
            for c in d.iter().flat_map(Determination::procedure_corrections) {
                self.corrections.values.push_cpts(c.cpt, c.replacement);
            }
            self.corrections.close();
        }
        for d in &pending {
            for issue in d.iter().flat_map(Determination::diagnosis_code_issues) {
                self.issues
                    .values
                    .push(issue.code.as_str(), issue.status.as_str());
            }
            self.issues.close();
        }
        for d in &pending {
            if let Some(d) = d {
                self.reasons.values.row(d.rule_ids());
            }
            self.reasons.close();
        }
        pending.clear();
        self.pending = pending;
    }

    /// The suggested codes of `d`, each from its finding's padded words.
    fn suggested_codes(&mut self, d: &Determination) {
        for sc in d.suggested_codes() {
            let slot = usize::try_from(sc.finding.index())
                .ok()
                .and_then(|i| self.suggested_words.get_mut(i));
            match slot {
                Some(slot) => {
                    let (code, finding) = slot.get_or_insert_with(|| {
                        (
                            Word::of(sc.code.as_str().as_bytes()),
                            Word::of(sc.finding.as_str().as_bytes()),
                        )
                    });
                    self.suggested.values.put(code, finding);
                }
                None => self
                    .suggested
                    .values
                    .push(sc.code.as_str(), sc.finding.as_str()),
            }
        }
    }

    /// The rows as one record batch of [`schema`]`(plan)`.
    pub(crate) fn finish(mut self) -> Result<RecordBatch, ArrowError> {
        self.write();
        let plan = self.plan.is_some();
        let count = self.valid.len();
        let valid = packed(&self.valid, true);
        let refused = packed(&self.valid, false);
        let ruleset = ruleset_column(count, valid.as_ref())?;
        let mut columns = vec![
            ruleset,
            self.indication
                .finish(&names::<Indication>(Indication::as_str), valid.clone())?,
            self.coverage
                .finish(&names::<Coverage>(Coverage::as_str), valid.clone())?,
        ];
        for set in self.sets {
            columns.push(set.finish(DataType::Utf8, valid.clone())?);
        }
        for pairs in [self.suggested, self.corrections, self.issues] {
            let data_type = pairs.values.data_type();
            columns.push(pairs.finish(data_type, valid.clone())?);
        }
        columns.push(
            self.reasons
                .finish(DataType::Struct(reason_fields()), valid.clone())?,
        );
        if valid.is_none() && count > 0 {
            // No row refused: both error columns all null, no bytes (what the rows' empty
            // strings make), without a pass to check their offsets.
            columns.push(Arc::new(StringArray::new_null(count)));
            columns.push(Arc::new(StringArray::new_null(count)));
        } else {
            columns.push(self.error_path.finish(refused.clone())?);
            columns.push(self.error_message.finish(refused)?);
        }
        if let Some(plan_columns) = self.plan {
            columns.extend(plan_columns.finish()?);
        }
        RecordBatch::try_new(schema(plan), columns)
    }
}
