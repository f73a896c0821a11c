//! The plan's columns (`plan=True`): `plan_target`, dictionary-encoded like `coverage`,
//! and `plan_steps`, one struct per step with the fields of the plan's JSON (docs/plan.md):
//! `step`, `actor`, `conditional`, the fields of its kind (null on a step of another
//! kind), `clears` and `without`.

use std::sync::Arc;

use arrow_array::builder::{BooleanBuilder, Int64Builder, NullBufferBuilder, StringBuilder};
use arrow_array::{ArrayRef, StructArray};
use arrow_schema::{ArrowError, DataType, Field, Fields};
use edx_coverage::{Coverage, Member, Plan, PlanStep, Step};

use super::columns::{dictionary, list_of, names, pair_fields, text, Keys, Lists, Pairs, Values};

/// `line` of `report_ncs_once`: the CPT code, and the study count when it has one.
fn line_fields() -> Fields {
    Fields::from(vec![
        text("cpt"),
        Field::new("studies", DataType::Int64, true),
    ])
}

/// The fields of one step, in the order of the plan's JSON.
fn step_fields() -> Fields {
    Fields::from(vec![
        text("step"),
        text("actor"),
        Field::new("conditional", DataType::Boolean, true),
        list_of("codes", DataType::Utf8),
        Field::new("min_days", DataType::Int64, true),
        list_of("differential", DataType::Utf8),
        list_of(
            "corrections",
            DataType::Struct(pair_fields(["cpt", "replacement"])),
        ),
        Field::new("line", DataType::Struct(line_fields()), true),
        list_of("removed", DataType::Utf8),
        text("added"),
        list_of("clears", DataType::Utf8),
        text("without"),
    ])
}

/// The plan's columns in the result's schema.
pub(crate) fn fields() -> [Field; 2] {
    [
        Field::new("plan_target", dictionary(), true),
        list_of("plan_steps", DataType::Struct(step_fields())),
    ]
}

/// The values of the steps list: one builder per field of a step.
struct Steps {
    step: StringBuilder,
    actor: StringBuilder,
    conditional: BooleanBuilder,
    codes: Lists<StringBuilder>,
    min_days: Int64Builder,
    differential: Lists<StringBuilder>,
    corrections: Lists<Pairs>,
    line_cpt: StringBuilder,
    line_studies: Int64Builder,
    line_valid: NullBufferBuilder,
    removed: Lists<StringBuilder>,
    added: StringBuilder,
    clears: Lists<StringBuilder>,
    without: StringBuilder,
}

fn words() -> Lists<StringBuilder> {
    Lists::new(0, StringBuilder::new())
}

impl Steps {
    fn new() -> Self {
        Steps {
            step: StringBuilder::new(),
            actor: StringBuilder::new(),
            conditional: BooleanBuilder::new(),
            codes: words(),
            min_days: Int64Builder::new(),
            differential: words(),
            corrections: Lists::new(0, Pairs::new(["cpt", "replacement"])),
            line_cpt: StringBuilder::new(),
            line_studies: Int64Builder::new(),
            line_valid: NullBufferBuilder::new(0),
            removed: words(),
            added: StringBuilder::new(),
            clears: words(),
            without: StringBuilder::new(),
        }
    }

    fn push(&mut self, s: &PlanStep) {
        let kind = s.step.kind();
        self.step.append_value(kind.as_str());
        self.actor.append_value(s.step.actor().as_str());
        self.conditional.append_value(s.step.conditional());
        let (mut codes, mut min_days, mut differential, mut corrections) = (None, None, None, None);
        let (mut line, mut removed, mut added) = (None, None, None);
        match &s.step {
            Step::AddFindingCodes { codes: c } => codes = Some(c),
            Step::ConservativeTrial { min_days: d } => min_days = *d,
            Step::DocumentDifferential { differential: d } => differential = Some(d),
            Step::CodeNcsByStudyCount { corrections: c } => corrections = Some(c),
            Step::ReportNcsOnce { line: l } => line = Some(l),
            Step::RemoveConflictingEmgCodes { removed: r } => removed = Some(r.as_slice()),
            Step::ReplacePointOfCareNcs { added: a } => added = *a,
            Step::UseStandaloneEmgCodes {
                removed: r,
                added: a,
            } => {
                removed = Some(r.as_slice());
                added = *a;
            }
            Step::AddNeedleEmg { added: a } => added = Some(*a),
            // `document_exam` has no fields of its own; a kind added to the crate later
            // shows its common fields only (the plan tests compare every field).
            _ => {}
        }
        match codes {
            Some(codes) => self.codes.words(codes.iter().map(|c| c.as_str())),
            None => self.codes.null(),
        }
        self.min_days.append_option(min_days.map(i64::from));
        match differential {
            Some(d) => self.differential.words(d.iter().map(|c| c.as_str())),
            None => self.differential.null(),
        }
        match corrections {
            Some(corrections) => {
                for c in corrections {
                    self.corrections.values.push_cpts(c.cpt, c.replacement);
                }
                self.corrections.close();
            }
            None => self.corrections.null(),
        }
        match line {
            Some(line) => {
                self.line_cpt.append_value(line.cpt.to_string());
                self.line_studies
                    .append_option(line.studies.map(|n| i64::from(n.get())));
                self.line_valid.append_non_null();
            }
            None => {
                self.line_cpt.append_null();
                self.line_studies.append_null();
                self.line_valid.append_null();
            }
        }
        match removed {
            Some(removed) => {
                for c in removed {
                    self.removed.values.append_value(c.to_string());
                }
                self.removed.close();
            }
            None => self.removed.null(),
        }
        self.added.append_option(added.map(|c| c.to_string()));
        let gaps = s.clears.documentation_gaps.iter().map(|g| g.as_str());
        let pitfalls = s.clears.pitfalls.iter().map(|p| p.as_str());
        self.clears.words(gaps.chain(pitfalls));
        self.without.append_value(s.without.as_str());
    }
}

impl Values for Steps {
    fn count(&self) -> usize {
        arrow_array::builder::ArrayBuilder::len(&self.step)
    }

    fn build(mut self) -> Result<ArrayRef, ArrowError> {
        let line: ArrayRef = Arc::new(StructArray::try_new(
            line_fields(),
            vec![
                Arc::new(self.line_cpt.finish()),
                Arc::new(self.line_studies.finish()),
            ],
            self.line_valid.finish(),
        )?);
        let pairs = self.corrections.values.data_type();
        let columns: Vec<ArrayRef> = vec![
            Arc::new(self.step.finish()),
            Arc::new(self.actor.finish()),
            Arc::new(self.conditional.finish()),
            self.codes.finish(DataType::Utf8)?,
            Arc::new(self.min_days.finish()),
            self.differential.finish(DataType::Utf8)?,
            self.corrections.finish(pairs)?,
            line,
            self.removed.finish(DataType::Utf8)?,
            Arc::new(self.added.finish()),
            self.clears.finish(DataType::Utf8)?,
            Arc::new(self.without.finish()),
        ];
        Ok(Arc::new(StructArray::try_new(
            step_fields(),
            columns,
            None,
        )?))
    }
}

/// `plan_target` and `plan_steps` of one batch.
pub(crate) struct PlanColumns {
    target: Keys,
    steps: Lists<Steps>,
}

impl PlanColumns {
    pub(crate) fn with_capacity(rows: usize) -> Self {
        PlanColumns {
            target: Keys::new(rows),
            steps: Lists::new(rows, Steps::new()),
        }
    }

    /// A valid row's plan.
    pub(crate) fn plan(&mut self, plan: &Plan) {
        self.target.push(plan.target().index());
        for s in plan.steps() {
            self.steps.values.push(s);
        }
        self.steps.close();
    }

    /// A refused row.
    pub(crate) fn null(&mut self) {
        self.target.null();
        self.steps.null();
    }

    /// The two columns, in [`fields`]' order.
    pub(crate) fn finish(self) -> Result<[ArrayRef; 2], ArrowError> {
        Ok([
            self.target.finish(&names::<Coverage>(Coverage::as_str))?,
            self.steps.finish(DataType::Struct(step_fields()))?,
        ])
    }
}
