//! Arrow columns out: the declared schema of `evaluate_arrow`'s result, and the result
//! columns built straight from each `Determination` (and, with `plan=True`, each `Plan`)
//! by Arrow builders: no JSON text in between. Words are copied from the crate's
//! `'static` names; `indication`, `coverage` and `plan_target` are keys into the whole
//! vocabulary.

use std::sync::Arc;

use std::sync::OnceLock;

use arrow_array::builder::{NullBufferBuilder, StringBuilder};
use arrow_array::{ArrayRef, RecordBatch, StringArray};
use arrow_schema::{ArrowError, DataType, Field, Fields, Schema, SchemaRef};
use edx_coverage::{Coverage, Determination, Indication, Member, Plan, RuleId, RULESET};

use crate::arrow::columns::{
    dictionary, list_of, text, Ints, Keys, Lists, Offsets, Pairs, Strings,
};
use crate::arrow::plan_out::{self, PlanColumns};

/// The sets of a determination, each a `list<string>` column, in the wire format's order.
const SETS: [&str; 6] = [
    "red_flags",
    "suspected_conditions",
    "documentation_gaps",
    "pitfalls",
    "recommendations",
    "recommended_labs",
];

const SUGGESTED: [&str; 2] = ["code", "finding"];
const CORRECTION: [&str; 2] = ["cpt", "replacement"];
const ISSUE: [&str; 2] = ["code", "status"];

fn reason_fields() -> Fields {
    Fields::from(vec![
        text("rule"),
        list_of("citations", DataType::Int32),
        list_of("sources", DataType::Utf8),
    ])
}

fn pairs(names: [&str; 2]) -> DataType {
    DataType::Struct(crate::arrow::columns::pair_fields(names))
}

/// The result's schema: `ruleset`, `indication` and `coverage` (dictionary-encoded), every
/// set as `list<string>`, the structured lists as lists of structs, the reasons, then
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

/// The names of a vocabulary, in declaration order (a dictionary's values).
pub(crate) fn names<T: Member>(name: fn(T) -> &'static str) -> Vec<&'static str> {
    T::ALL.iter().map(|&w| name(w)).collect()
}

/// The reasons column: each reason's rule, citations and (null when it has none) sources.
struct Reasons {
    rule: Strings,
    citations: Lists<Ints>,
    sources: Lists<Strings>,
}

/// What a reason's row holds besides its rule, which depends only on the rule.
struct Basis {
    citations: Vec<i32>,
    sources: Vec<&'static str>,
}

impl Basis {
    fn of(rule: RuleId) -> Basis {
        Basis {
            citations: rule.citations().iter().map(|&n| i32::from(n)).collect(),
            sources: rule.sources().iter().map(|s| s.as_str()).collect(),
        }
    }
}

/// Every rule's [`Basis`], by the rule's index, worked out once (the crate looks a rule's
/// basis up in its family's table on each call).
fn bases() -> &'static [Basis] {
    static BASES: OnceLock<Vec<Basis>> = OnceLock::new();
    BASES.get_or_init(|| RuleId::ALL.iter().map(|&r| Basis::of(r)).collect())
}

impl Reasons {
    /// One reason.
    #[inline]
    fn push(&mut self, rule: RuleId, basis: &Basis) {
        self.rule.push(rule.as_str());
        self.citations.values.extend(&basis.citations);
        self.citations.close();
        if basis.sources.is_empty() {
            self.sources.null();
        } else {
            self.sources.words(basis.sources.iter().copied());
        }
    }
}

impl crate::arrow::columns::Values for Reasons {
    fn count(&self) -> usize {
        self.rule.count()
    }
    fn build(self) -> Result<ArrayRef, ArrowError> {
        let rule = self.rule.build()?;
        let citations = self.citations.finish(DataType::Int32)?;
        let sources = self.sources.finish(DataType::Utf8)?;
        Ok(Arc::new(arrow_array::StructArray::try_new(
            reason_fields(),
            vec![rule, citations, sources],
            None,
        )?))
    }
}

/// The result rows of one batch, column by column.
pub(crate) struct Rows {
    count: usize,
    valid: NullBufferBuilder,
    indication: Keys,
    coverage: Keys,
    sets: [Lists<Strings>; 6],
    suggested: Lists<Pairs>,
    corrections: Lists<Pairs>,
    issues: Lists<Pairs>,
    reasons: Lists<Reasons>,
    error_path: StringBuilder,
    error_message: StringBuilder,
    plan: Option<PlanColumns>,
}

impl Rows {
    /// Room for `rows` rows; `plan`: with the plan's columns.
    pub(crate) fn with_capacity(rows: usize, plan: bool) -> Self {
        let words = || Lists::new(rows, Strings::with_capacity(rows * 2, rows * 32));
        Rows {
            count: 0,
            valid: NullBufferBuilder::new(rows),
            indication: Keys::new(rows),
            coverage: Keys::new(rows),
            sets: [words(), words(), words(), words(), words(), words()],
            suggested: Lists::new(rows, Pairs::new(SUGGESTED)),
            corrections: Lists::new(rows, Pairs::new(CORRECTION)),
            issues: Lists::new(rows, Pairs::new(ISSUE)),
            reasons: Lists::new(
                rows,
                Reasons {
                    rule: Strings::with_capacity(rows * 4, rows * 64),
                    citations: Lists::new(rows * 4, Ints::with_capacity(rows * 8)),
                    sources: Lists::new(rows * 4, Strings::with_capacity(rows * 4, rows * 32)),
                },
            ),
            error_path: StringBuilder::with_capacity(rows, 0),
            error_message: StringBuilder::with_capacity(rows, 0),
            plan: plan.then(|| PlanColumns::with_capacity(rows)),
        }
    }

    /// A valid row: the determination, and its plan when the rows have plan columns.
    pub(crate) fn determination(&mut self, d: &Determination, plan: Option<&Plan>) {
        self.count += 1;
        self.valid.append_non_null();
        self.indication.push(d.indication().index());
        self.coverage.push(d.coverage().index());
        let [red_flags, suspected, gaps, pitfalls, recommendations, labs] = &mut self.sets;
        red_flags.words(d.red_flags().iter().map(|w| w.as_str()));
        suspected.words(d.suspected_conditions().iter().map(|w| w.as_str()));
        gaps.words(d.documentation_gaps().iter().map(|w| w.as_str()));
        pitfalls.words(d.pitfalls().iter().map(|w| w.as_str()));
        recommendations.words(d.recommendations().iter().map(|w| w.as_str()));
        labs.words(d.recommended_labs().iter().map(|w| w.as_str()));
        for sc in d.suggested_codes() {
            self.suggested
                .values
                .push(sc.code.as_str(), sc.finding.as_str());
        }
        self.suggested.close();
        for c in d.procedure_corrections() {
            self.corrections.values.push_display(c.cpt, c.replacement);
        }
        self.corrections.close();
        for issue in d.diagnosis_code_issues() {
            self.issues
                .values
                .push(issue.code.as_str(), issue.status.as_str());
        }
        self.issues.close();
        let bases = bases();
        for r in d.reasons() {
            let rule = r.rule();
            match usize::try_from(rule.index())
                .ok()
                .and_then(|i| bases.get(i))
            {
                Some(basis) => self.reasons.values.push(rule, basis),
                None => self.reasons.values.push(rule, &Basis::of(rule)),
            }
        }
        self.reasons.close();
        self.error_path.append_null();
        self.error_message.append_null();
        if let Some(columns) = &mut self.plan {
            match plan {
                Some(plan) => columns.plan(plan),
                None => columns.null(),
            }
        }
    }

    /// A refused row: only `error_path` and `error_message`.
    pub(crate) fn refusal(&mut self, path: &str, message: &str) {
        self.count += 1;
        self.valid.append_null();
        self.indication.null();
        self.coverage.null();
        for set in &mut self.sets {
            set.null();
        }
        self.suggested.null();
        self.corrections.null();
        self.issues.null();
        self.reasons.null();
        self.error_path.append_value(path);
        self.error_message.append_value(message);
        if let Some(columns) = &mut self.plan {
            columns.null();
        }
    }

    /// The rows as one record batch of [`schema`]`(plan)`.
    pub(crate) fn finish(mut self) -> Result<RecordBatch, ArrowError> {
        let plan = self.plan.is_some();
        let valid = self.valid.finish();
        let mut ruleset = Offsets::with_capacity(self.count);
        for i in 1..=self.count {
            ruleset.close(i * RULESET.len());
        }
        let ruleset: ArrayRef = Arc::new(StringArray::try_new(
            ruleset.finish()?,
            arrow_buffer::Buffer::from(RULESET.repeat(self.count).into_bytes()),
            valid.clone(),
        )?);
        let mut columns = vec![
            ruleset,
            self.indication
                .finish(&names::<Indication>(Indication::as_str))?,
            self.coverage.finish(&names::<Coverage>(Coverage::as_str))?,
        ];
        for set in self.sets {
            columns.push(set.finish(DataType::Utf8)?);
        }
        for pairs in [self.suggested, self.corrections, self.issues] {
            let data_type = pairs.values.data_type();
            columns.push(pairs.finish(data_type)?);
        }
        columns.push(self.reasons.finish(DataType::Struct(reason_fields()))?);
        columns.push(Arc::new(self.error_path.finish()));
        columns.push(Arc::new(self.error_message.finish()));
        if let Some(plan_columns) = self.plan {
            columns.extend(plan_columns.finish()?);
        }
        RecordBatch::try_new(schema(plan), columns)
    }
}
