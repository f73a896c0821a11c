//! The Arrow data in: whatever speaks the Arrow PyCapsule interface, imported through
//! pyo3-arrow into record batches, with the Python lock held (a stream made from a
//! generator calls back into Python).
//!
//! arrow-rs 57 panics while importing a struct array that has an offset and holds a
//! struct-typed field (a struct column of a sliced pyarrow table or record batch, whose
//! case struct holds a struct): pyarrow slices a struct by its own offset alone, and
//! arrow-rs, rebuilding the array, applies that offset to the nested struct twice. A
//! pyarrow `Table` or `RecordBatch` with such a column sliced is imported from a copy with
//! no offsets (`take` of every row, in order: the same rows). Any other import is watched
//! for that panic and refused with `InvalidInput` at `data` (a stream can be read only
//! once: nothing to retry).
//! Never a panic out of the call.

use std::panic::{catch_unwind, AssertUnwindSafe};

use arrow_array::{RecordBatch, RecordBatchReader};
use arrow_schema::{ArrowError, DataType, SchemaRef};
use pyo3::prelude::*;
use pyo3::types::{PyList, PyRange};
use pyo3_arrow::input::AnyRecordBatch;
use pyo3_arrow::PySchema;

use crate::{errors, type_name};

/// The input, read whole.
pub(crate) struct Input<T> {
    /// A record batch (the result is one too), not a table or a stream.
    pub(crate) one_batch: bool,
    /// What the caller made of the schema before any row was read.
    pub(crate) checked: T,
    pub(crate) batches: Vec<RecordBatch>,
}

/// What [`Input::read`] says when arrow-rs could not import the data at all.
const SLICED: &str = "could not be imported: arrow-rs 57 cannot read a struct column with an \
                      offset (a slice) that holds a struct field; pass an unsliced copy \
                      (pyarrow: data.take(range(data.num_rows)))";

impl<T> Input<T> {
    /// `data` imported; `InvalidInput` at `data` for what is not Arrow data or cannot be
    /// imported. `check` sees the schema before the rows are read (its error comes first).
    pub(crate) fn read(
        py: Python<'_>,
        data: &Bound<'_, PyAny>,
        check: impl Fn(&SchemaRef) -> PyResult<T>,
    ) -> PyResult<Input<T>> {
        let copy = match pyarrow_kind(py, data)? {
            Some(pyarrow) if sliced_struct_in_struct(data)? => Some(unsliced(data, &pyarrow)?),
            _ => None,
        };
        let data = copy.as_ref().unwrap_or(data);
        catch_unwind(AssertUnwindSafe(|| Input::read_once(py, data, &check)))
            .unwrap_or_else(|_| Err(errors::invalid(py, "data", SLICED)))
    }

    fn read_once(
        py: Python<'_>,
        data: &Bound<'_, PyAny>,
        check: &impl Fn(&SchemaRef) -> PyResult<T>,
    ) -> PyResult<Input<T>> {
        let input: AnyRecordBatch = data.extract().map_err(|_| {
            errors::invalid(
                py,
                "data",
                &format!(
                    "expected Arrow data (an object with __arrow_c_array__ or \
                     __arrow_c_stream__: a pyarrow Table, RecordBatch or RecordBatchReader, a \
                     polars DataFrame, a DuckDB relation), found {}",
                    type_name(data)
                ),
            )
        })?;
        let one_batch = matches!(input, AnyRecordBatch::RecordBatch(_));
        let reader = input.into_reader()?;
        let checked = check(&reader.schema())?;
        let batches = read_all(reader).map_err(|e| errors::invalid(py, "data", &e.to_string()))?;
        Ok(Input {
            one_batch,
            checked,
            batches,
        })
    }
}

fn read_all(reader: Box<dyn RecordBatchReader + Send>) -> Result<Vec<RecordBatch>, ArrowError> {
    reader.collect()
}

/// The `pyarrow` module when `data` is a pyarrow `Table` or `RecordBatch`.
fn pyarrow_kind<'py>(
    py: Python<'py>,
    data: &Bound<'py, PyAny>,
) -> PyResult<Option<Bound<'py, PyModule>>> {
    let is_pyarrow = data
        .get_type()
        .module()
        .is_ok_and(|m| m.to_str().is_ok_and(|m| m.starts_with("pyarrow")));
    if !is_pyarrow {
        return Ok(None);
    }
    let pyarrow = py.import("pyarrow")?;
    let known = data.is_instance(&pyarrow.getattr("Table")?)?
        || data.is_instance(&pyarrow.getattr("RecordBatch")?)?;
    Ok(known.then_some(pyarrow))
}

/// Whether a struct holds a struct field, directly or through struct fields.
fn struct_in_struct(data_type: &DataType) -> bool {
    match data_type {
        DataType::Struct(fields) => fields.iter().any(|f| {
            matches!(f.data_type(), DataType::Struct(_)) || struct_in_struct(f.data_type())
        }),
        _ => false,
    }
}

/// Whether a column of the pyarrow `Table` or `RecordBatch` `data` that holds a struct in a
/// struct has an offset (in any of its chunks): what arrow-rs 57 cannot import.
fn sliced_struct_in_struct(data: &Bound<'_, PyAny>) -> PyResult<bool> {
    // A schema pyo3-arrow cannot read is left to the import, which says why.
    let Ok(schema) = data.getattr("schema")?.extract::<PySchema>() else {
        return Ok(false);
    };
    for (i, field) in schema.as_ref().fields().iter().enumerate() {
        if !struct_in_struct(field.data_type()) {
            continue;
        }
        let column = data.call_method1("column", (i,))?;
        // A table's column is a chunked array; a record batch's is one array.
        let chunks = match column.getattr("chunks") {
            Ok(chunks) => chunks,
            Err(_) => PyList::new(data.py(), [column])?.into_any(),
        };
        for chunk in chunks.try_iter()? {
            let offset: usize = chunk?.getattr("offset")?.extract()?;
            if offset != 0 {
                return Ok(true);
            }
        }
    }
    Ok(false)
}

/// A copy of the pyarrow `Table` or `RecordBatch` `data` with every row in order and no
/// offsets (`take`).
fn unsliced<'py>(
    data: &Bound<'py, PyAny>,
    pyarrow: &Bound<'py, PyModule>,
) -> PyResult<Bound<'py, PyAny>> {
    let rows: isize = data.getattr("num_rows")?.extract()?;
    let indices = pyarrow.call_method1("array", (PyRange::new(data.py(), 0, rows)?,))?;
    data.call_method1("take", (indices,))
}
