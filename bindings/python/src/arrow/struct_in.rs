//! The fast way in for a struct column: each row read straight from the Arrow arrays into
//! the crate's `CaseBuilder`, without writing it as JSON text first.
//!
//! Each list's entries are read first, for the whole batch, one list at a time
//! (`struct_in/lists.rs`); a row then takes its entries of each list as a slice.
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
use edx_coverage::{
    Case, CaseBuilder, ConservativeTrial, CptCode, CptFamily, Diagnosis, DifferentialCondition,
    ErrorKind, Finding, IcdCode, LabResult, Member, NeedleEmgException, Procedure, Studies, Units,
};

use crate::fast_input::{
    CASE_FIELDS, DIAGNOSIS_FIELDS, FINDING_FIELDS, LAB_FIELDS, PROCEDURE_FIELDS, TRIAL_FIELDS,
};
use crate::parsed::Parsed;

mod fields;
mod lists;

pub(crate) use fields::Refused;
use fields::{optional_word, refuse, whole, word, wrong_type, Field, List, Named, Value};
use lists::{Place, Read, Reader};

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

    /// Every entry read ([`Read::of`]): by `read` in the batch's pass, by `exact` again
    /// for a refusal. `Err` when the list's offsets are not indices.
    fn read<T: Copy>(
        self,
        placeholder: T,
        exact: Reader<Struct<N>, T>,
        read: impl FnMut(&Struct<N>, usize) -> Result<T, Refused>,
    ) -> Result<Read<Struct<N>, T>, ()> {
        let Entries {
            list,
            named,
            fields,
        } = self;
        Read::of(list, (named, fields), OBJECT, placeholder, exact, read).ok_or(())
    }
}

/// The entries of a list of structs: their fields by name and by position.
type Struct<const N: usize> = (Named, [Field; N]);

/// A list of strings (or of the null type: every entry null), each read as a word of `T`.
fn words<T: Copy + std::str::FromStr<Err = ErrorKind>>(
    column: Option<&ArrayRef>,
    placeholder: T,
) -> Result<Option<Read<Field, T>>, ()> {
    let Some(list) = List::of(column)? else {
        return Ok(None);
    };
    let values = match list.values().data_type() {
        DataType::Null => Field::Absent,
        _ => Field::of(Some(list.values())).ok_or(())?,
    };
    let read = |values: &Field, j| list_word(values, j, Place::Pass);
    Read::of(list, values, STRING, placeholder, list_word, read)
        .map(Some)
        .ok_or(())
}

/// `Entries::of` and then [`Entries::read`]: `Ok(None)` for an absent field.
fn entries_of<const N: usize, T: Copy>(
    column: Option<&ArrayRef>,
    names: &'static [&'static str; N],
    placeholder: T,
    exact: Reader<Struct<N>, T>,
    read: impl FnMut(&Struct<N>, usize) -> Result<T, Refused>,
) -> Result<Option<Read<Struct<N>, T>>, ()> {
    match Entries::of(column, names)? {
        Some(entries) => entries.read(placeholder, exact, read).map(Some),
        None => Ok(None),
    }
}

/// `read` in the batch's pass (no path; a function item, so the pass inlines it).
fn pass<S, T>(
    read: impl Fn(&S, usize, Place) -> Result<T, Refused>,
) -> impl FnMut(&S, usize) -> Result<T, Refused> {
    move |source, j| read(source, j, Place::Pass)
}

const OBJECT: &str = "an object";
const STRING: &str = "a string";

/// A struct column of cases, ready to be read row by row: every list's entries read
/// already, once each ([`Read`]).
pub(crate) struct Cases {
    rows: StructArray,
    named: Named,
    schema_version: Field,
    diagnoses: Option<Read<Struct<1>, Diagnosis>>,
    findings: Option<Read<Struct<3>, Finding>>,
    trials: Option<Read<Struct<3>, ConservativeTrial>>,
    labs: Option<Read<Struct<2>, LabResult>>,
    differential: Option<Read<Field, DifferentialCondition>>,
    procedures: Option<Read<Struct<3>, Procedure>>,
    exceptions: Option<Read<Field, NeedleEmgException>>,
}

/// The first word of the vocabulary `T`: what a refused entry's slot holds (never read).
fn first<T: Member>() -> Option<T> {
    T::ALL.first().copied()
}

impl Cases {
    /// The reader of `column`, its lists read, or `None` when its types are not ones it
    /// reads.
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
        // The diagnosis of each code text met before (its parse, code-set status and class
        // made once: `CaseBuilder::push_made_diagnosis`), and the procedure code of each
        // CPT text.
        let mut codes = Parsed::with_bits(CODE_BITS);
        let mut cpts = Parsed::with_bits(CODE_BITS);
        let any_code = IcdCode::parse("R25.2").ok()?;
        let any_cpt = CptCode::parse("95886").ok()?;
        let any_finding = Finding::new(first()?);
        let any_trial = ConservativeTrial::new(first()?, first()?);
        let any_lab = LabResult::new(first()?, first()?);
        Some(Cases {
            schema_version: named.field(0)?,
            diagnoses: entries_of(
                at(1),
                &DIAGNOSIS_FIELDS,
                Diagnosis::new(any_code),
                |s, j, place| diagnosis(s, j, place, None),
                |s, j| diagnosis(s, j, Place::Pass, Some(&mut codes)),
            )
            .ok()?,
            findings: entries_of(at(2), &FINDING_FIELDS, any_finding, finding, pass(finding))
                .ok()?,
            trials: entries_of(at(3), &TRIAL_FIELDS, any_trial, trial, pass(trial)).ok()?,
            labs: entries_of(at(4), &LAB_FIELDS, any_lab, lab, pass(lab)).ok()?,
            differential: words(at(5), first()?).ok()?,
            procedures: entries_of(
                at(6),
                &PROCEDURE_FIELDS,
                Procedure::new(any_cpt),
                |s, j, place| procedure(s, j, place, None),
                |s, j| procedure(s, j, Place::Pass, Some(&mut cpts)),
            )
            .ok()?,
            exceptions: words(at(7), first()?).ok()?,
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
    /// case is moved. Rows are read in ascending order.
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

/// Entry `j` of a list of strings, a word (a null entry is refused before).
#[inline]
fn list_word<T: std::str::FromStr<Err = ErrorKind>>(
    values: &Field,
    j: usize,
    place: Place,
) -> Result<T, Refused> {
    let value = values.at(j);
    if matches!(value, Value::Absent) {
        return Err(wrong_type(place.entry(), STRING, &value));
    }
    word(&value, || place.entry())
}

/// Entry `j` of `diagnoses`; `codes`, the diagnoses of code texts met before, when kept.
#[inline]
fn diagnosis(
    (named, [code]): &Struct<1>,
    j: usize,
    place: Place,
    codes: Option<&mut Parsed<Diagnosis>>,
) -> Result<Diagnosis, Refused> {
    named.check(j, || place.entry())?;
    let parse = |t: &str| IcdCode::parse(t).map(Diagnosis::new);
    match (code.at(j), codes) {
        (Value::Text(text), Some(codes)) => codes.get(text, parse),
        (Value::Text(text), None) => parse(text),
        (other, _) => return word::<IcdCode>(&other, place.field("code")).map(Diagnosis::new),
    }
    .map_err(|kind| refuse(place.field("code")(), kind))
}

/// Entry `j` of `findings`.
#[inline]
fn finding(
    (named, [kind, status, source]): &Struct<3>,
    j: usize,
    place: Place,
) -> Result<Finding, Refused> {
    named.check(j, || place.entry())?;
    let mut f = Finding::new(word(&kind.at(j), place.field("kind"))?);
    if let Some(s) = optional_word(&status.at(j), place.field("status"))? {
        f.status = s;
    }
    if let Some(s) = optional_word(&source.at(j), place.field("source"))? {
        f.source = s;
    }
    Ok(f)
}

/// Entry `j` of `conservative_trials`.
#[inline]
fn trial(
    (named, [therapy, outcome, days]): &Struct<3>,
    j: usize,
    place: Place,
) -> Result<ConservativeTrial, Refused> {
    named.check(j, || place.entry())?;
    let therapy = word(&therapy.at(j), place.field("therapy"))?;
    let outcome = word(&outcome.at(j), place.field("outcome"))?;
    let mut t = ConservativeTrial::new(therapy, outcome);
    t.duration_days = whole(&days.at(j), place.field("duration_days"), |value| {
        ErrorKind::NotANonNegativeInteger { value }
    })?;
    Ok(t)
}

/// Entry `j` of `labs`.
#[inline]
fn lab((named, [test, result]): &Struct<2>, j: usize, place: Place) -> Result<LabResult, Refused> {
    named.check(j, || place.entry())?;
    let test = word(&test.at(j), place.field("test"))?;
    let result = word(&result.at(j), place.field("result"))?;
    Ok(LabResult::new(test, result))
}

/// Entry `j` of `procedures`; `cpts`, the codes of CPT texts met before, when kept.
#[inline]
fn procedure(
    (named, [cpt, units, studies]): &Struct<3>,
    j: usize,
    place: Place,
    cpts: Option<&mut Parsed<CptCode>>,
) -> Result<Procedure, Refused> {
    named.check(j, || place.entry())?;
    let cpt_path = place.field("cpt");
    let cpt = match (cpt.at(j), cpts) {
        (Value::Text(text), Some(cpts)) => cpts
            .get(text, CptCode::parse)
            .map_err(|kind| refuse(cpt_path(), kind))?,
        (other, _) => word::<CptCode>(&other, cpt_path)?,
    };
    let mut p = Procedure::new(cpt);
    let units_path = place.field("units");
    let units_kind = |value| ErrorKind::UnitsOutOfRange { value };
    if let Some(n) = whole(&units.at(j), &units_path, units_kind)? {
        p.units = Units::new(n).ok_or_else(|| refuse(units_path(), units_kind(n.to_string())))?;
    }
    let studies_path = place.field("studies");
    let studies_kind = |value| ErrorKind::StudiesOutOfRange { value };
    if let Some(n) = whole(&studies.at(j), &studies_path, studies_kind)? {
        let count =
            Studies::new(n).ok_or_else(|| refuse(studies_path(), studies_kind(n.to_string())))?;
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
