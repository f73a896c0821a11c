//! `evaluate_arrow`: Arrow in, Arrow out. Anything that speaks the Arrow PyCapsule
//! interface (a pyarrow `Table`, `RecordBatch` or `RecordBatchReader`, a polars
//! `DataFrame`, a DuckDB relation) is read through pyo3-arrow; every row is evaluated with
//! the Python lock released; the result is a pyarrow `RecordBatch` (for a record batch) or
//! `Table` (for anything else) with one row per input row, in order. A refused row is a row
//! with `error_path` and `error_message` and null results: it never fails the batch.

use arrow_array::RecordBatch;
use arrow_schema::{DataType, SchemaRef};
use edx_coverage::json::{parse_case, parse_policy_argument};
use edx_coverage::{evaluate, Case, CaseBuilder, Error, Policy};
use pyo3::prelude::*;
use pyo3_arrow::{PyRecordBatch, PySchema, PyTable};

pub(crate) mod columns;
mod import;
pub(crate) mod plan_out;
pub(crate) mod reasons;
pub(crate) mod short;
mod struct_in;

use import::Input;
use struct_in::{Cases, Refused};

use crate::arrow_in::{struct_rows_of, ColumnError, Texts};
use crate::arrow_out::{schema, Rows};
use crate::{errors, guarded, policy_text, Refusal};

/// Which input column an error is about.
#[derive(Clone, Copy)]
enum Which {
    Case,
    Policy,
}

/// Where the case (and policy) of every row is, by column index.
#[derive(Clone, Copy)]
struct Columns {
    case: usize,
    policy: Option<usize>,
}

/// `evaluate_arrow(data, *, policy=None, case_column="case", policy_column=None, plan=False)`.
/// With `plan=True`, the plan's `plan_target` and `plan_steps` follow the error columns.
#[pyfunction]
#[pyo3(signature = (data, *, policy=None, case_column="case", policy_column=None, plan=false))]
pub(crate) fn evaluate_arrow<'py>(
    py: Python<'py>,
    data: &Bound<'py, PyAny>,
    policy: Option<&Bound<'py, PyAny>>,
    case_column: &str,
    policy_column: Option<&str>,
    plan: bool,
) -> PyResult<Bound<'py, PyAny>> {
    // Reading the stream may call back into Python (a reader made from a generator): done
    // with the lock held. The evaluation is not. The policy and the columns are checked
    // once the data is known to be Arrow data, before its rows are read.
    let Input {
        one_batch,
        checked: (default_policy, columns),
        batches,
    } = Input::read(py, data, |input_schema| {
        let default_policy = match policy_text(policy)?.as_deref() {
            Some(text) => {
                parse_policy_argument(text).map_err(|e| errors::refused_at(py, "", &e))?
            }
            None => Policy::default(),
        };
        let columns = Columns {
            case: column(py, input_schema, "case_column", case_column)?,
            policy: policy_column
                .map(|name| column(py, input_schema, "policy_column", name))
                .transpose()?,
        };
        Ok((default_policy, columns))
    })?;
    let scored = py
        .detach(|| {
            guarded("evaluate_arrow", || {
                slices(&batches)
                    .map(|b| score(&b, columns, &default_policy, plan))
                    .collect::<Result<Vec<RecordBatch>, (Which, ColumnError)>>()
                    .map_err(|(which, e)| {
                        let name = match which {
                            Which::Case => case_column,
                            Which::Policy => policy_column.unwrap_or_default(),
                        };
                        Refusal::Column(name.to_owned(), e.0)
                    })
            })
        })
        .map_err(|r| r.into_py(py))?;
    if one_batch {
        let batch = arrow_select::concat::concat_batches(&schema(plan), &scored)
            .map_err(|e| errors::internal(py, &format!("evaluate_arrow ({e})")))?;
        return PyRecordBatch::new(batch).into_pyarrow(py);
    }
    PyTable::try_new(scored, schema(plan))?.into_pyarrow(py)
}

/// `result_schema() -> pyarrow.Schema`: the columns `evaluate_arrow` returns (for the
/// Spark and Dask wrappers, which declare their output before running); with `plan=True`,
/// the plan's columns too.
#[pyfunction]
#[pyo3(signature = (*, plan=false))]
pub(crate) fn result_schema(py: Python<'_>, plan: bool) -> PyResult<Bound<'_, PyAny>> {
    PySchema::new(schema(plan)).into_pyarrow(py)
}

/// The most rows scored at once: bounds the memory of the result builders whatever the size
/// of the caller's batches.
const SLICE_ROWS: usize = 65_536;

/// The batches cut into slices of at most [`SLICE_ROWS`] rows (zero-copy), in order.
fn slices(batches: &[RecordBatch]) -> impl Iterator<Item = RecordBatch> + '_ {
    batches.iter().flat_map(|b| {
        (0..b.num_rows().div_ceil(SLICE_ROWS).max(1)).map(move |k| {
            let start = k * SLICE_ROWS;
            b.slice(start, SLICE_ROWS.min(b.num_rows() - start))
        })
    })
}

/// The index of the column `name` (the argument `argument`), or `InvalidInput`.
fn column(py: Python<'_>, schema: &SchemaRef, argument: &str, name: &str) -> PyResult<usize> {
    schema.index_of(name).map_err(|_| {
        let names: Vec<&str> = schema.fields().iter().map(|f| f.name().as_str()).collect();
        errors::invalid(
            py,
            argument,
            &format!(
                "no column {name:?} in the data (columns: {})",
                names.join(", ")
            ),
        )
    })
}

/// The policy of each row: the call's, or the row's own text (the last one parsed kept,
/// since rows often share one).
struct Policies<'a> {
    column: Option<Texts>,
    default: &'a Policy,
    last: Option<(String, Result<Policy, Error>)>,
}

impl Policies<'_> {
    fn of(&mut self, i: usize) -> Result<&Policy, &Error> {
        let Some(text) = self.column.as_ref().and_then(|p| p.get(i)) else {
            return Ok(self.default);
        };
        if self.last.as_ref().is_none_or(|(t, _)| t != text) {
            self.last = Some((text.to_owned(), parse_policy_argument(text)));
        }
        match &self.last {
            Some((_, parsed)) => parsed.as_ref(),
            None => Ok(self.default),
        }
    }
}

/// Scores row `i`'s case (or its refusal) into `rows`.
fn row(
    rows: &mut Rows,
    policies: &mut Policies<'_>,
    plan: bool,
    i: usize,
    case: Result<Case, Error>,
) {
    match case {
        Ok(case) => scored(rows, policies, plan, i, &case),
        Err(e) => rows.refusal(e.path(), &e.kind().to_string()),
    }
}

/// Scores row `i`'s case into `rows`.
fn scored(rows: &mut Rows, policies: &mut Policies<'_>, plan: bool, i: usize, case: &Case) {
    match policies.of(i) {
        Ok(policy) => {
            let determination = evaluate(case, policy);
            let plan = plan.then(|| edx_coverage::plan(case, policy));
            rows.determination(determination, plan.as_ref());
        }
        Err(e) => rows.refusal(e.path(), &e.kind().to_string()),
    }
}

/// What a null row says.
const NULL_ROW: &str = "is null: the row holds no case";

/// One input batch scored: one result row per input row.
/// Fails (for the whole call) only when a column cannot be read at all: the error names
/// the column (`case_column` or `policy_column`) by its name in the data.
fn score(
    batch: &RecordBatch,
    columns: Columns,
    default: &Policy,
    plan: bool,
) -> Result<RecordBatch, (Which, ColumnError)> {
    let missing = |which| (which, ColumnError("is missing from a batch".to_owned()));
    let case_column = batch
        .columns()
        .get(columns.case)
        .ok_or_else(|| missing(Which::Case))?;
    let policy_column = match columns.policy.map(|i| batch.columns().get(i)) {
        None => None,
        Some(Some(column)) => Some(Texts::of(column).map_err(|e| (Which::Policy, e))?),
        Some(None) => return Err(missing(Which::Policy)),
    };
    let mut policies = Policies {
        column: policy_column,
        default,
        last: None,
    };
    let mut rows = Rows::with_capacity(batch.num_rows(), plan);
    let direct = match case_column.data_type() {
        DataType::Struct(_) => Cases::of(case_column),
        _ => None,
    };
    if let Some(mut cases) = direct {
        // One builder and one case for every row: each row swaps its lists with the case
        // before (`CaseBuilder::build_into`).
        let mut builder = CaseBuilder::default();
        let mut slot = None;
        for i in 0..batch.num_rows() {
            if cases.is_null(i) {
                rows.refusal("", NULL_ROW);
                continue;
            }
            match cases.case(i, &mut builder, &mut slot) {
                Ok(case) => scored(&mut rows, &mut policies, plan, i, case),
                Err(Refused::Exact(e)) => rows.refusal(e.path(), &e.kind().to_string()),
                Err(Refused::Text) => {
                    // Rare (a union, an unknown field nested very deep): the row alone
                    // through JSON text.
                    let at = u32::try_from(i).map_err(|_| {
                        (
                            Which::Case,
                            ColumnError("has over 2^32 rows in a batch".to_owned()),
                        )
                    })?;
                    let texts = struct_rows_of(case_column, &[at]).map_err(|e| (Which::Case, e))?;
                    match texts.get(0) {
                        Some(text) => row(&mut rows, &mut policies, plan, i, parse_case(text)),
                        None => rows.refusal("", NULL_ROW),
                    }
                }
            }
        }
    } else {
        let cases = Texts::of(case_column).map_err(|e| (Which::Case, e))?;
        for i in 0..batch.num_rows() {
            match cases.get(i) {
                Some(text) => row(&mut rows, &mut policies, plan, i, parse_case(text)),
                None => rows.refusal("", NULL_ROW),
            }
        }
    }
    rows.finish().map_err(|e| {
        (
            Which::Case,
            ColumnError(format!("results could not be built: {e}")),
        )
    })
}
