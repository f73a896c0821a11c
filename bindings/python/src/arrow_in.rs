//! Arrow columns in: the case column (and the optional policy column) as one JSON text per
//! row, in the wire format, for the crate's parser.
//!
//! A string column (`utf8`, `large_utf8`, `utf8_view`) already holds the text. A struct
//! column shaped like the wire format (lists of structs for diagnoses, findings and the
//! rest) is written row by row as JSON by arrow-json, null fields left out, so a struct row
//! and the same case as text meet exactly the same checks and refusals. For a case column
//! this is the exact path: only the rows the direct reader (`arrow::struct_in`) gives up
//! on, or a column of types it does not read, are written here.

use std::ops::Range;

use arrow_array::{Array, ArrayRef, RecordBatch, StringArray, StructArray, UInt32Array};
use arrow_schema::{ArrowError, DataType, Field, Schema};
use std::sync::Arc;

/// One document per row, or `None` for a null row.
pub(crate) enum Texts {
    /// A string column, cast to `utf8`.
    Strings(StringArray),
    /// A struct column written as JSON lines: the text, each row's range in it, and which
    /// rows are null.
    Json {
        text: String,
        rows: Vec<Range<usize>>,
        nulls: Vec<bool>,
    },
}

/// Why a column cannot be read at all (not a row's fault): its type.
#[derive(Debug)]
pub(crate) struct ColumnError(pub(crate) String);

impl Texts {
    /// The documents of `column`.
    pub(crate) fn of(column: &ArrayRef) -> Result<Texts, ColumnError> {
        match column.data_type() {
            DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View => {
                let cast = arrow_cast::cast(column, &DataType::Utf8).map_err(arrow)?;
                match cast.as_any().downcast_ref::<StringArray>() {
                    Some(strings) => Ok(Texts::Strings(strings.clone())),
                    None => Err(ColumnError("could not be read as text".to_owned())),
                }
            }
            DataType::Struct(_) => match column.as_any().downcast_ref::<StructArray>() {
                Some(structs) => struct_rows(structs),
                None => Err(ColumnError("could not be read as a struct".to_owned())),
            },
            other => Err(ColumnError(format!(
                "has type {other}; expected JSON text (string) or a struct shaped like the wire format"
            ))),
        }
    }

    /// The document of row `i`; `None` when the row is null (or out of range).
    pub(crate) fn get(&self, i: usize) -> Option<&str> {
        match self {
            Texts::Strings(strings) => {
                (i < strings.len() && strings.is_valid(i)).then(|| strings.value(i))
            }
            Texts::Json { text, rows, nulls } => {
                if nulls.get(i).copied().unwrap_or(true) {
                    None
                } else {
                    rows.get(i).and_then(|r| text.get(r.clone()))
                }
            }
        }
    }
}

/// The documents of the rows `rows` of the struct column `column`, in that order (the
/// rows the direct reader gave up on): `get(k)` is the document of `rows[k]`.
pub(crate) fn struct_rows_of(column: &ArrayRef, rows: &[u32]) -> Result<Texts, ColumnError> {
    let picked =
        arrow_select::take::take(column, &UInt32Array::from(rows.to_vec()), None).map_err(arrow)?;
    match picked.as_any().downcast_ref::<StructArray>() {
        Some(structs) => struct_rows(structs),
        None => Err(ColumnError("could not be read as a struct".to_owned())),
    }
}

fn arrow(e: ArrowError) -> ColumnError {
    ColumnError(e.to_string())
}

/// Writes each row of `structs` as one line of JSON (fields that are null left out).
fn struct_rows(structs: &StructArray) -> Result<Texts, ColumnError> {
    let fields: Vec<Field> = structs
        .fields()
        .iter()
        .map(|f| f.as_ref().clone().with_nullable(true))
        .collect();
    // The struct's own nulls are kept apart (`nulls`): the batch holds only its children.
    let batch = RecordBatch::try_new(Arc::new(Schema::new(fields)), structs.columns().to_vec())
        .map_err(arrow)?;
    let mut writer = arrow_json::LineDelimitedWriter::new(Vec::with_capacity(structs.len() * 256));
    writer.write(&batch).map_err(arrow)?;
    writer.finish().map_err(arrow)?;
    let text = String::from_utf8(writer.into_inner())
        .map_err(|_| ColumnError("could not be written as UTF-8 JSON".to_owned()))?;
    let mut rows = Vec::with_capacity(structs.len());
    let mut start = 0;
    for (i, byte) in text.bytes().enumerate() {
        if byte == b'\n' {
            rows.push(start..i);
            start = i + 1;
        }
    }
    if rows.len() != structs.len() {
        return Err(ColumnError(format!(
            "was written as {} JSON lines for {} rows",
            rows.len(),
            structs.len()
        )));
    }
    let nulls = (0..structs.len()).map(|i| structs.is_null(i)).collect();
    Ok(Texts::Json { text, rows, nulls })
}
