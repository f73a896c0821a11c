//! The fast way in for a struct column: each row read straight from the Arrow arrays into
//! the crate's `CaseBuilder`, without writing it as JSON text first.
//!
//! A struct row means the JSON text arrow-json writes of it (a null field left out), so
//! this reader walks a row as the crate's tree reader (`src/wire/de.rs`) walks that text:
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
use edx_coverage::{
    Case, CaseBuilder, ConservativeTrial, CptCode, CptFamily, Diagnosis, ErrorKind, Finding,
    IcdCode, LabResult, NeedleEmgException, Procedure, Studies, Units,
};

use crate::fast_input::{
    CASE_FIELDS, DIAGNOSIS_FIELDS, FINDING_FIELDS, LAB_FIELDS, PROCEDURE_FIELDS, TRIAL_FIELDS,
};
use crate::parsed::Parsed;

mod fields;

pub(crate) use fields::Refused;
use fields::{optional_word, refuse, whole, word, wrong_type, Field, List, Named, Value};

/// The slots of each table of code texts (`2^8`: a column's few dozen codes, two slots
/// each).
const CODE_BITS: u32 = 8;

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

/// A list of struct entries with the fields `N`.
struct Entries<const N: usize> {
    list: List,
    named: Named,
    fields: [Field; N],
}

impl<const N: usize> Entries<N> {
    /// `Err` for a type the reader does not read; `Ok(None)` for an absent field.
    fn of(
        column: Option<&ArrayRef>,
        names: &'static [&'static str; N],
    ) -> Result<Option<Self>, ()> {
        let Some(list) = List::of(column)? else {
            return Ok(None);
        };
        let values = list.values();
        let named = match values.data_type() {
            // A list of the null type: every entry is null.
            DataType::Null => Named::of(&StructArray::new_empty_fields(values.len(), None), names),
            DataType::Struct(_) => Named::of(
                values.as_any().downcast_ref::<StructArray>().ok_or(())?,
                names,
            ),
            _ => None,
        }
        .ok_or(())?;
        let mut fields: [Field; N] = std::array::from_fn(|_| Field::Absent);
        for (i, slot) in fields.iter_mut().enumerate() {
            *slot = named.field(i).ok_or(())?;
        }
        Ok(Some(Entries {
            list,
            named,
            fields,
        }))
    }

    fn field(&self, i: usize) -> &Field {
        static ABSENT: Field = Field::Absent;
        self.fields.get(i).unwrap_or(&ABSENT)
    }
}

/// A list of strings (or of the null type: every entry null).
struct Words {
    list: List,
    values: Field,
}

impl Words {
    fn of(column: Option<&ArrayRef>) -> Result<Option<Self>, ()> {
        let Some(list) = List::of(column)? else {
            return Ok(None);
        };
        let values = match list.values().data_type() {
            DataType::Null => Field::Absent,
            _ => Field::of(Some(list.values())).ok_or(())?,
        };
        Ok(Some(Words { list, values }))
    }
}

/// A path in a list: `name[k]`, and `name[k].field`.
fn at(name: &str, k: usize) -> String {
    format!("{name}[{k}]")
}

fn at_field(name: &str, k: usize, field: &str) -> String {
    format!("{name}[{k}].{field}")
}

/// An entry of a row's list: its position in the list and its index in the values.
type Entry = Result<(usize, usize), Refused>;

const OBJECT: &str = "an object";
const STRING: &str = "a string";

/// The entries of row `i` of the list `list` named `name`, each as its position in the
/// row's list and its index in the values; a null entry is refused with `expected` (what the
/// tree reader wants there). `None` when the row's list is null.
#[inline]
fn entries<'a>(
    list: &'a List,
    name: &'static str,
    expected: &'static str,
    i: usize,
) -> Result<Option<impl Iterator<Item = Entry> + 'a>, Refused> {
    let Some(range) = list.entries(i, || name.to_owned())? else {
        return Ok(None);
    };
    Ok(Some(range.enumerate().map(move |(k, j)| {
        if list.entry_is_null(j) {
            Err(wrong_type(at(name, k), expected, &Value::Absent))
        } else {
            Ok((k, j))
        }
    })))
}

/// A struct column of cases, ready to be read row by row.
pub(crate) struct Cases {
    rows: StructArray,
    named: Named,
    schema_version: Field,
    diagnoses: Option<Entries<1>>,
    findings: Option<Entries<3>>,
    trials: Option<Entries<3>>,
    labs: Option<Entries<2>>,
    differential: Option<Words>,
    procedures: Option<Entries<3>>,
    exceptions: Option<Words>,
    /// The diagnosis of each code text met in earlier rows (its parse, code-set status and
    /// class made once: `CaseBuilder::push_made_diagnosis`), and the procedure code of
    /// each CPT text.
    codes: Parsed<Diagnosis>,
    cpts: Parsed<CptCode>,
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
            diagnoses: Entries::of(at(1), &DIAGNOSIS_FIELDS).ok()?,
            findings: Entries::of(at(2), &FINDING_FIELDS).ok()?,
            trials: Entries::of(at(3), &TRIAL_FIELDS).ok()?,
            labs: Entries::of(at(4), &LAB_FIELDS).ok()?,
            differential: Words::of(at(5)).ok()?,
            procedures: Entries::of(at(6), &PROCEDURE_FIELDS).ok()?,
            exceptions: Words::of(at(7)).ok()?,
            codes: Parsed::with_bits(CODE_BITS),
            cpts: Parsed::with_bits(CODE_BITS),
            named,
            rows,
        })
    }

    /// Whether row `i` is null (no case at all).
    pub(crate) fn is_null(&self, i: usize) -> bool {
        self.rows.is_null(i)
    }

    /// The case of row `i`, or its refusal, built in `b` (emptied first) and then into
    /// `slot` (`CaseBuilder::build_into`, once `slot` holds a case): the builder and the case
    /// swap their lists, so a row allocates nothing once the lists are long enough, and no
    /// case is moved.
    pub(crate) fn case<'c>(
        &mut self,
        i: usize,
        b: &mut CaseBuilder,
        slot: &'c mut Option<Case>,
    ) -> Result<&'c Case, Refused> {
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
        let dx = self.diagnoses.as_ref().ok_or_else(missing)?;
        for entry in entries(&dx.list, "diagnoses", OBJECT, i)?.ok_or_else(missing)? {
            let (k, j) = entry?;
            dx.named.check(j, || at("diagnoses", k))?;
            let diagnosis = match dx.field(0).at(j) {
                Value::Text(text) => self
                    .codes
                    .get(text, |t| IcdCode::parse(t).map(Diagnosis::new))
                    .map_err(|kind| refuse(at_field("diagnoses", k, "code"), kind))?,
                other => Diagnosis::new(word::<IcdCode>(&other, || {
                    at_field("diagnoses", k, "code")
                })?),
            };
            b.push_made_diagnosis(diagnosis);
        }
        if let Some(e) = &self.findings {
            if let Some(list) = entries(&e.list, "findings", OBJECT, i)? {
                for entry in list {
                    let (k, j) = entry?;
                    b.push_finding(finding(e, k, j)?);
                }
            }
        }
        if let Some(e) = &self.trials {
            let name = "conservative_trials";
            if let Some(list) = entries(&e.list, name, OBJECT, i)? {
                for entry in list {
                    let (k, j) = entry?;
                    b.push_trial(trial(e, k, j)?);
                }
            }
        }
        if let Some(e) = &self.labs {
            if let Some(list) = entries(&e.list, "labs", OBJECT, i)? {
                for entry in list {
                    let (k, j) = entry?;
                    e.named.check(j, || at("labs", k))?;
                    let test = word(&e.field(0).at(j), || at_field("labs", k, "test"))?;
                    let result = word(&e.field(1).at(j), || at_field("labs", k, "result"))?;
                    b.push_lab(LabResult::new(test, result));
                }
            }
        }
        if let Some(w) = &self.differential {
            if let Some(list) = entries(&w.list, "differential", STRING, i)? {
                for entry in list {
                    let (k, j) = entry?;
                    b.push_differential(list_word(&w.values.at(j), "differential", k)?);
                }
            }
        }
        if let Some(e) = &self.procedures {
            if let Some(list) = entries(&e.list, "procedures", OBJECT, i)? {
                for entry in list {
                    let (k, j) = entry?;
                    b.push_procedure(procedure(e, &mut self.cpts, k, j)?);
                }
            }
        }
        if let Some(w) = &self.exceptions {
            let name = "needle_emg_exceptions";
            if let Some(list) = entries(&w.list, name, STRING, i)? {
                for entry in list {
                    let (k, j) = entry?;
                    let exception: NeedleEmgException = list_word(&w.values.at(j), name, k)?;
                    b.push_needle_emg_exception(exception);
                }
            }
        }
        match slot.as_mut() {
            Some(case) => b.build_into(case).map_err(Refused::Exact)?,
            None => *slot = Some(std::mem::take(b).build().map_err(Refused::Exact)?),
        }
        // Never `None` here; were it, the row would go the JSON way, to the same result.
        slot.as_ref().ok_or(Refused::Text)
    }
}

/// A word of a list of strings (a null entry is refused before).
#[inline]
fn list_word<T: std::str::FromStr<Err = ErrorKind>>(
    value: &Value<'_>,
    name: &'static str,
    k: usize,
) -> Result<T, Refused> {
    if matches!(value, Value::Absent) {
        return Err(wrong_type(at(name, k), STRING, value));
    }
    word(value, || at(name, k))
}

/// Entry `j` (the `k`th of its row) of `findings`.
#[inline]
fn finding(e: &Entries<3>, k: usize, j: usize) -> Result<Finding, Refused> {
    let name = "findings";
    e.named.check(j, || at(name, k))?;
    let mut f = Finding::new(word(&e.field(0).at(j), || at_field(name, k, "kind"))?);
    if let Some(s) = optional_word(&e.field(1).at(j), || at_field(name, k, "status"))? {
        f.status = s;
    }
    if let Some(s) = optional_word(&e.field(2).at(j), || at_field(name, k, "source"))? {
        f.source = s;
    }
    Ok(f)
}

/// Entry `j` (the `k`th of its row) of `conservative_trials`.
#[inline]
fn trial(e: &Entries<3>, k: usize, j: usize) -> Result<ConservativeTrial, Refused> {
    let name = "conservative_trials";
    e.named.check(j, || at(name, k))?;
    let therapy = word(&e.field(0).at(j), || at_field(name, k, "therapy"))?;
    let outcome = word(&e.field(1).at(j), || at_field(name, k, "outcome"))?;
    let mut t = ConservativeTrial::new(therapy, outcome);
    t.duration_days = whole(
        &e.field(2).at(j),
        || at_field(name, k, "duration_days"),
        |value| ErrorKind::NotANonNegativeInteger { value },
    )?;
    Ok(t)
}

/// Entry `j` (the `k`th of its row) of `procedures`; `cpts`, the codes of CPT texts met
/// before.
#[inline]
fn procedure(
    e: &Entries<3>,
    cpts: &mut Parsed<CptCode>,
    k: usize,
    j: usize,
) -> Result<Procedure, Refused> {
    let name = "procedures";
    e.named.check(j, || at(name, k))?;
    let cpt_path = || at_field(name, k, "cpt");
    let cpt = match e.field(0).at(j) {
        Value::Text(text) => cpts
            .get(text, CptCode::parse)
            .map_err(|kind| refuse(cpt_path(), kind))?,
        other => word::<CptCode>(&other, cpt_path)?,
    };
    let mut p = Procedure::new(cpt);
    let units_path = || at_field(name, k, "units");
    let units = |value| ErrorKind::UnitsOutOfRange { value };
    if let Some(n) = whole(&e.field(1).at(j), units_path, units)? {
        p.units = Units::new(n).ok_or_else(|| refuse(units_path(), units(n.to_string())))?;
    }
    let studies_path = || at_field(name, k, "studies");
    let studies = |value| ErrorKind::StudiesOutOfRange { value };
    if let Some(n) = whole(&e.field(2).at(j), studies_path, studies)? {
        let count =
            Studies::new(n).ok_or_else(|| refuse(studies_path(), studies(n.to_string())))?;
        // Refused on the line, as the tree reader does, so the first bad line is the one
        // named (the builder would name it only after every list).
        if cpt.family() != CptFamily::Ncs {
            return Err(refuse(
                studies_path(),
                ErrorKind::StudiesOnNonNcs { value: n, cpt },
            ));
        }
        p.studies = Some(count);
    }
    Ok(p)
}
