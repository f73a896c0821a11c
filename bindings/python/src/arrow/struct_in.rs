//! The fast way in for a struct column: each row read straight from the Arrow arrays into
//! the crate's `CaseBuilder`, without writing it as JSON text first.
//!
//! Each list's entries are read first, for a run of rows at a time, one list at a time
//! (`struct_in/lists.rs`, each list's reader in `struct_in/entries.rs`); a row then takes its
//! entries of each list as a slice.
//!
//! A struct row means the JSON text arrow-json writes of it (a null field left out), so
//! this reader refuses a row as the crate's tree reader (`src/wire/de.rs`) walks that text:
//! unknown fields first, then `schema_version`, then the lists in their fixed order, each
//! entry's fields in the order the tree reader reads them, and at the end the builder's own
//! checks. A row it cannot take is refused in place with the path and words the JSON path
//! gives ([`Refused::Exact`]); the few things it does not mirror (a union, an unknown field
//! nested very deep) are [`Refused::Text`], and the caller takes that row through JSON
//! text. A column whose types it does not know (other than strings, integers, lists,
//! structs and the null type) is read through JSON text as a whole.

use std::sync::Arc;

use arrow_array::{Array, ArrayRef, StructArray};
use arrow_schema::{DataType, Field as ArrowField};
use edx_coverage::{Case, CaseBuilder, DifferentialCondition, ErrorKind, NeedleEmgException};

use crate::fast_input::CASE_FIELDS;

mod entries;
mod fields;
mod lists;

use entries::{Diagnoses, Findings, Labs, Procedures, Trials, Words};
pub(crate) use fields::Refused;
use fields::{refuse, wrong_type, Field, Named, Value};
use lists::Read;

/// The rows whose lists are read at a time: a few tens of kilobytes of entries, which stay
/// in the core's cache until the rows take them, and the same memory whatever the batch's
/// size.
const RUN: usize = 1024;

/// `column`'s type with every string type (and dictionary of strings) as `utf8`, every
/// integer type that fits (and dictionary of them) as `int64` and every large list as a
/// list: what [`Cases`] reads.
fn plain(data_type: &DataType) -> DataType {
    let field = |f: &ArrowField| f.clone().with_data_type(plain(f.data_type()));
    match data_type {
        DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View => DataType::Utf8,
        DataType::Int8
        | DataType::Int16
        | DataType::Int32
        | DataType::Int64
        | DataType::UInt8
        | DataType::UInt16
        | DataType::UInt32 => DataType::Int64,
        DataType::Dictionary(_, values) => match plain(values) {
            t @ (DataType::Utf8 | DataType::Int64) => t,
            _ => data_type.clone(),
        },
        DataType::List(f) | DataType::LargeList(f) => DataType::List(Arc::new(field(f))),
        DataType::Struct(fields) => DataType::Struct(fields.iter().map(|f| field(f)).collect()),
        other => other.clone(),
    }
}

/// A struct column of cases, ready to be read row by row, in ascending order: the lists'
/// entries are read for [`RUN`] rows at a time ([`Read`]).
pub(crate) struct Cases {
    rows: StructArray,
    named: Named,
    schema_version: Field,
    diagnoses: Option<Read<Diagnoses>>,
    findings: Option<Read<Findings>>,
    trials: Option<Read<Trials>>,
    labs: Option<Read<Labs>>,
    differential: Option<Read<Words<DifferentialCondition>>>,
    procedures: Option<Read<Procedures>>,
    exceptions: Option<Read<Words<NeedleEmgException>>>,
    /// The end of the rows whose lists are read.
    read_to: usize,
}

impl Cases {
    /// The reader of `column`, or `None` when its types are not ones it reads.
    pub(crate) fn of(column: &ArrayRef) -> Option<Cases> {
        let wanted = plain(column.data_type());
        let column = if &wanted == column.data_type() {
            Arc::clone(column)
        } else {
            arrow_cast::cast(column, &wanted).ok()?
        };
        let rows = column.as_any().downcast_ref::<StructArray>()?.clone();
        let named = Named::of(&rows, &CASE_FIELDS)?;
        let at = |i: usize| named.column(i);
        Some(Cases {
            schema_version: named.field(0)?,
            diagnoses: Diagnoses::of(at(1)).ok()?,
            findings: Findings::of(at(2)).ok()?,
            trials: Trials::of(at(3)).ok()?,
            labs: Labs::of(at(4)).ok()?,
            differential: Words::of(at(5)).ok()?,
            procedures: Procedures::of(at(6)).ok()?,
            exceptions: Words::of(at(7)).ok()?,
            read_to: 0,
            named,
            rows,
        })
    }

    /// Reads every list's entries for the rows from `i` (a run of [`RUN`], or to the end);
    /// `false` when a list's offsets are not indices (the run is then not taken as read).
    fn read_from(&mut self, i: usize) -> bool {
        let end = i.saturating_add(RUN).min(self.rows.len());
        let rows = i..end;
        let mut fine = true;
        /// Each list filled.
        macro_rules! fill {
            ($($list:ident),+) => {$(
                if let Some(read) = &mut self.$list {
                    fine &= read.fill(rows.clone());
                }
            )+};
        }
        fill!(
            diagnoses,
            findings,
            trials,
            labs,
            differential,
            procedures,
            exceptions
        );
        if fine {
            self.read_to = end;
        }
        fine
    }

    /// Whether row `i` is null (no case at all).
    pub(crate) fn is_null(&self, i: usize) -> bool {
        self.rows.is_null(i)
    }

    /// The case of row `i`, or its refusal, built in `b` (emptied first) and then into
    /// `slot` (`CaseBuilder::build_into`, once `slot` holds a case): the builder and the case
    /// swap their lists, so a row allocates nothing once the lists are long enough, and no
    /// case is moved. Rows are read in ascending order.
    pub(crate) fn case<'c>(
        &mut self,
        i: usize,
        b: &mut CaseBuilder,
        slot: &'c mut Option<Case>,
    ) -> Result<&'c Case, Refused> {
        if i >= self.read_to && !self.read_from(i) {
            return Err(Refused::Text);
        }
        b.clear();
        self.named.check(i, String::new)?;
        match self.schema_version.at(i) {
            Value::Absent | Value::Whole(1) => {}
            Value::Whole(n) => {
                return Err(refuse(
                    "schema_version".to_owned(),
                    ErrorKind::SchemaVersion {
                        value: n.to_string(),
                    },
                ))
            }
            other => {
                return Err(wrong_type(
                    "schema_version".to_owned(),
                    "the number 1",
                    &other,
                ))
            }
        }
        let missing = || refuse("diagnoses".to_owned(), ErrorKind::Missing);
        let dx = self.diagnoses.as_mut().ok_or_else(missing)?;
        b.extend(dx.row("diagnoses", i)?.ok_or_else(missing)?.iter().copied());
        /// The entries of row `i` of each list, in the order of the JSON text.
        macro_rules! lists {
            ($($list:ident as $name:literal),+) => {$(
                if let Some(read) = &mut self.$list {
                    if let Some(entries) = read.row($name, i)? {
                        b.extend(entries.iter().copied());
                    }
                }
            )+};
        }
        lists!(
            findings as "findings",
            trials as "conservative_trials",
            labs as "labs",
            differential as "differential",
            procedures as "procedures",
            exceptions as "needle_emg_exceptions"
        );
        match slot.as_mut() {
            Some(case) => b.build_into(case).map_err(Refused::Exact)?,
            None => *slot = Some(std::mem::take(b).build().map_err(Refused::Exact)?),
        }
        // Never `None` here; were it, the row would go the JSON way, to the same result.
        slot.as_ref().ok_or(Refused::Text)
    }
}
