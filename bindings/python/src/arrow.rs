//! `evaluate_arrow`: Arrow in, Arrow out. Anything that speaks the Arrow PyCapsule
//! interface (a pyarrow `Table`, `RecordBatch` or `RecordBatchReader`, a polars
//! `DataFrame`, a DuckDB relation) is read through pyo3-arrow; every row is evaluated with
//! the Python lock released; the result is a pyarrow `RecordBatch` (for a record batch) or
//! `Table` (for anything else) with one row per input row, in order. A refused row is a row
//! with `error_path` and `error_message` and null results: it never fails the batch.

use arrow_array::{RecordBatch, RecordBatchReader};
use arrow_schema::{ArrowError, SchemaRef};
use edx_coverage::json::{parse_case, parse_policy_argument};
use edx_coverage::{evaluate, Error, Policy};
use pyo3::prelude::*;
use pyo3_arrow::input::AnyRecordBatch;
use pyo3_arrow::{PyRecordBatch, PySchema, PyTable};

use crate::arrow_in::{ColumnError, Texts};
use crate::arrow_out::{schema, Rows};
use crate::{errors, guarded, policy_text, type_name, Refusal};

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

/// `evaluate_arrow(data, *, policy=None, case_column="case", policy_column=None)`.
#[pyfunction]
#[pyo3(signature = (data, *, policy=None, case_column="case", policy_column=None))]
pub(crate) fn evaluate_arrow<'py>(
    py: Python<'py>,
    data: &Bound<'py, PyAny>,
    policy: Option<&Bound<'py, PyAny>>,
    case_column: &str,
    policy_column: Option<&str>,
) -> PyResult<Bound<'py, PyAny>> {
    let input: AnyRecordBatch = data.extract().map_err(|_| {
        errors::invalid(
            py,
            "data",
            &format!(
                "expected Arrow data (an object with __arrow_c_array__ or __arrow_c_stream__: \
                 a pyarrow Table, RecordBatch or RecordBatchReader, a polars DataFrame, a \
                 DuckDB relation), found {}",
                type_name(data)
            ),
        )
    })?;
    let policy_text = policy_text(policy)?;
    let default_policy = match policy_text.as_deref() {
        Some(text) => parse_policy_argument(text).map_err(|e| errors::refused_at(py, "", &e))?,
        None => Policy::default(),
    };
    let one_batch = matches!(input, AnyRecordBatch::RecordBatch(_));
    let reader = input.into_reader()?;
    let input_schema = reader.schema();
    let columns = Columns {
        case: column(py, &input_schema, "case_column", case_column)?,
        policy: policy_column
            .map(|name| column(py, &input_schema, "policy_column", name))
            .transpose()?,
    };
    // Reading the stream may call back into Python (a reader made from a generator): done
    // with the lock held. The evaluation is not.
    let batches = read_all(reader).map_err(|e| errors::invalid(py, "data", &e.to_string()))?;
    let scored = py
        .detach(|| {
            guarded("evaluate_arrow", || {
                slices(&batches)
                    .map(|b| score(&b, columns, &default_policy))
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
        let batch = arrow_select::concat::concat_batches(&schema(false), &scored)
            .map_err(|e| errors::internal(py, &format!("evaluate_arrow ({e})")))?;
        return PyRecordBatch::new(batch).into_pyarrow(py);
    }
    PyTable::try_new(scored, schema(false))?.into_pyarrow(py)
}

/// `result_schema() -> pyarrow.Schema`: the columns `evaluate_arrow` returns (for the
/// Spark and Dask wrappers, which declare their output before running).
#[pyfunction]
pub(crate) fn result_schema(py: Python<'_>) -> PyResult<Bound<'_, PyAny>> {
    PySchema::new(schema(false)).into_pyarrow(py)
}

/// The most rows scored at once: bounds the memory of the intermediate JSON (about 1 KB a
/// row) whatever the size of the caller's batches.
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

fn read_all(reader: Box<dyn RecordBatchReader + Send>) -> Result<Vec<RecordBatch>, ArrowError> {
    reader.collect()
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

/// One input batch scored: one result row per input row.
/// Fails (for the whole call) only when a column cannot be read at all: the error names
/// the column (`case_column` or `policy_column`) by its name in the data.
fn score(
    batch: &RecordBatch,
    columns: Columns,
    default: &Policy,
) -> Result<RecordBatch, (Which, ColumnError)> {
    let cases = match batch.columns().get(columns.case) {
        Some(column) => Texts::of(column).map_err(|e| (Which::Case, e))?,
        None => {
            return Err((
                Which::Case,
                ColumnError("is missing from a batch".to_owned()),
            ))
        }
    };
    let policies = match columns.policy.map(|i| batch.columns().get(i)) {
        None => None,
        Some(Some(column)) => Some(Texts::of(column).map_err(|e| (Which::Policy, e))?),
        Some(None) => {
            return Err((
                Which::Policy,
                ColumnError("is missing from a batch".to_owned()),
            ))
        }
    };
    let mut rows = Rows::with_capacity(batch.num_rows());
    let mut json = Vec::with_capacity(1024);
    // Rows often share a policy: the last one parsed is kept, keyed by its text.
    let mut last: Option<(String, Result<Policy, Error>)> = None;
    for i in 0..batch.num_rows() {
        let Some(text) = cases.get(i) else {
            rows.refusal("", "is null: the row holds no case");
            continue;
        };
        let case = match parse_case(text) {
            Ok(case) => case,
            Err(e) => {
                rows.refusal(e.path(), &e.kind().to_string());
                continue;
            }
        };
        let policy = match policies.as_ref().and_then(|p| p.get(i)) {
            None => Ok(default),
            Some(text) => {
                if last.as_ref().map_or(true, |(t, _)| t != text) {
                    last = Some((text.to_owned(), parse_policy_argument(text)));
                }
                match &last {
                    Some((_, parsed)) => parsed.as_ref(),
                    None => Ok(default),
                }
            }
        };
        match policy {
            Ok(policy) => {
                json.clear();
                let determination = evaluate(&case, policy);
                if serde_json::to_writer(&mut json, &determination).is_ok() {
                    rows.determination(&json);
                } else {
                    rows.refusal(
                        "",
                        "the determination could not be written (a bug; please report it)",
                    );
                }
            }
            Err(e) => rows.refusal(e.path(), &e.kind().to_string()),
        }
    }
    rows.finish().map_err(|e| {
        (
            Which::Case,
            ColumnError(format!("results could not be built: {e}")),
        )
    })
}
