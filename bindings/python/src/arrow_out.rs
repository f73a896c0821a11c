//! Arrow columns out: the declared schema of `evaluate_arrow`'s result, and the rows (one
//! determination or one refusal each) decoded into it by arrow-json in strict mode, so a
//! field the crate adds without a column here fails the tests rather than going missing.

use std::sync::Arc;

use arrow_array::{ArrayRef, RecordBatch};
use arrow_schema::{ArrowError, DataType, Field, Fields, Schema, SchemaRef};
use serde::Serialize;

/// The sets of a determination, each a `list<string>` column, in the wire format's order.
const SETS: [&str; 6] = [
    "red_flags",
    "suspected_conditions",
    "documentation_gaps",
    "pitfalls",
    "recommendations",
    "recommended_labs",
];

/// The columns that are dictionary-encoded in the result (a few values, many rows).
const DICTIONARY: [&str; 2] = ["indication", "coverage"];

fn text(name: &str) -> Field {
    Field::new(name, DataType::Utf8, true)
}

fn list_of(name: &str, item: DataType) -> Field {
    Field::new(
        name,
        DataType::List(Arc::new(Field::new("item", item, true))),
        true,
    )
}

fn structs(names: &[&str]) -> DataType {
    DataType::Struct(names.iter().map(|n| text(n)).collect::<Fields>())
}

/// The result's schema: `ruleset`, `indication` and `coverage` (dictionary-encoded), every
/// set as `list<string>`, the structured lists as lists of structs, the reasons, then
/// `error_path` and `error_message` (null when the row is valid). `decoded` is the schema
/// arrow-json decodes into, with plain strings where the result has dictionaries.
pub(crate) fn schema(decoded: bool) -> SchemaRef {
    let mut fields = vec![text("ruleset")];
    for name in DICTIONARY {
        fields.push(if decoded {
            text(name)
        } else {
            Field::new(
                name,
                DataType::Dictionary(Box::new(DataType::Int32), Box::new(DataType::Utf8)),
                true,
            )
        });
    }
    for name in SETS {
        fields.push(list_of(name, DataType::Utf8));
    }
    fields.push(list_of("suggested_codes", structs(&["code", "finding"])));
    fields.push(list_of(
        "procedure_corrections",
        structs(&["cpt", "replacement"]),
    ));
    fields.push(list_of(
        "diagnosis_code_issues",
        structs(&["code", "status"]),
    ));
    let reason = DataType::Struct(Fields::from(vec![
        text("rule"),
        list_of("citations", DataType::Int32),
        list_of("sources", DataType::Utf8),
    ]));
    fields.push(list_of("reasons", reason));
    fields.push(text("error_path"));
    fields.push(text("error_message"));
    Arc::new(Schema::new(fields))
}

/// The rows of one result batch as JSON lines, then decoded.
pub(crate) struct Rows {
    text: Vec<u8>,
    count: usize,
}

impl Rows {
    pub(crate) fn with_capacity(rows: usize) -> Self {
        Rows {
            text: Vec::with_capacity(rows * 700),
            count: 0,
        }
    }

    /// A valid row: the determination's compact JSON text (`{"ruleset":…}`).
    pub(crate) fn determination(&mut self, json: &[u8]) {
        self.text.extend_from_slice(json);
        self.text.push(b'\n');
        self.count += 1;
    }

    /// A refused row: only `error_path` and `error_message`.
    pub(crate) fn refusal(&mut self, path: &str, message: &str) {
        #[derive(Serialize)]
        struct Refusal<'a> {
            error_path: &'a str,
            error_message: &'a str,
        }
        let row = Refusal {
            error_path: path,
            error_message: message,
        };
        // Two strings into memory: cannot fail.
        let _ = serde_json::to_writer(&mut self.text, &row);
        self.text.push(b'\n');
        self.count += 1;
    }

    /// The rows as one record batch of [`schema`]`(false)`.
    pub(crate) fn finish(self) -> Result<RecordBatch, ArrowError> {
        let decoded = schema(false);
        let plain = schema(true);
        let mut decoder = arrow_json::ReaderBuilder::new(plain)
            .with_strict_mode(true)
            .with_batch_size(self.count.max(1))
            .build_decoder()?;
        let mut rest = self.text.as_slice();
        while !rest.is_empty() {
            let read = decoder.decode(rest)?;
            if read == 0 {
                break;
            }
            rest = rest.get(read..).unwrap_or_default();
        }
        let Some(batch) = decoder.flush()? else {
            return Ok(RecordBatch::new_empty(decoded));
        };
        if batch.num_rows() != self.count {
            return Err(ArrowError::ComputeError(format!(
                "decoded {} result rows for {} input rows",
                batch.num_rows(),
                self.count
            )));
        }
        let columns = batch
            .columns()
            .iter()
            .zip(decoded.fields())
            .map(|(column, field)| {
                if column.data_type() == field.data_type() {
                    Ok(Arc::clone(column))
                } else {
                    arrow_cast::cast(column, field.data_type())
                }
            })
            .collect::<Result<Vec<ArrayRef>, ArrowError>>()?;
        RecordBatch::try_new(decoded, columns)
    }
}
