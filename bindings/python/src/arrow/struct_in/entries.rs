//! What each list of a case is read from, and how one of its entries is read: the
//! [`Source`] of each list, its refusals those of the crate's tree reader (`src/wire/de.rs`)
//! at the same path, with the same words.

use std::str::FromStr;

use arrow_array::{Array, ArrayRef, StructArray};
use arrow_schema::DataType;
use edx_coverage::{
    ConservativeTrial, CptCode, CptFamily, Diagnosis, ErrorKind, Finding, IcdCode, LabResult,
    Member, Procedure, Studies, Units,
};

use super::fields::{
    optional_word, refuse, whole, word, wrong_type, Field, List, Named, Refused, Value,
};
use super::lists::{Place, Read, Source};
use crate::fast_input::{
    DIAGNOSIS_FIELDS, FINDING_FIELDS, LAB_FIELDS, PROCEDURE_FIELDS, TRIAL_FIELDS,
};
use crate::parsed::Parsed;

/// The slots of each table of code texts (`2^8`: a column's few dozen codes, two slots
/// each).
const CODE_BITS: u32 = 8;

const OBJECT: &str = "an object";
const STRING: &str = "a string";

/// The list read, `Ok(None)` for an absent field, `Err` for a type the reader does not
/// read.
pub(crate) type Of<S> = Result<Option<Read<S>>, ()>;

/// A list of struct entries with the fields `names`: the list, its entries' fields by name
/// and by position. `Err` for a type the reader does not read; `Ok(None)` for an absent
/// field.
fn structs<const N: usize>(
    column: Option<&ArrayRef>,
    names: &'static [&'static str; N],
) -> Result<Option<(List, Named, [Field; N])>, ()> {
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
    Ok(Some((list, named, fields)))
}

/// The first word of the vocabulary `T` (what a refused entry's slot holds).
fn first<T: Member>() -> Result<T, ()> {
    T::ALL.first().copied().ok_or(())
}

/// The list of struct entries `$name`: its entries' fields (named by `$names`), a table
/// `kept` of what the pass parsed before (of type `$kept`, made by `$init`; `()` for none),
/// and a placeholder for a refused entry's slot (`$any`); an entry is read by `$read`, with
/// the table in the pass and without it again for a refusal.
macro_rules! structs_source {
    (
        $(#[$doc:meta])* $name:ident, $entry:ty, $names:expr, $read:ident,
        kept $kept:ty = $init:expr, any $any:expr
    ) => {
        $(#[$doc])*
        pub(crate) struct $name {
            named: Named,
            fields: [Field; $names.len()],
            kept: $kept,
            any: $entry,
        }

        impl $name {
            pub(crate) fn of(column: Option<&ArrayRef>) -> Of<Self> {
                let Some((list, named, fields)) = structs(column, &$names)? else {
                    return Ok(None);
                };
                let source = $name {
                    named,
                    fields,
                    kept: $init,
                    any: $any,
                };
                Ok(Some(Read::new(list, source)))
            }
        }

        impl Source for $name {
            type Entry = $entry;
            const EXPECTED: &'static str = OBJECT;
            fn placeholder(&self) -> $entry {
                self.any
            }
            #[inline]
            fn pass(&mut self, j: usize) -> Result<$entry, Refused> {
                $read(&self.named, &self.fields, j, Place::Pass, Some(&mut self.kept))
            }
            fn exact(&self, j: usize, place: Place) -> Result<$entry, Refused> {
                $read(&self.named, &self.fields, j, place, None)
            }
        }
    };
}

structs_source!(
    /// `diagnoses`, with the diagnosis of each code text met before (its parse, code-set
    /// status and class made once: `CaseBuilder::push_made_diagnosis`).
    Diagnoses, Diagnosis, DIAGNOSIS_FIELDS, diagnosis,
    kept Parsed<Diagnosis> = Parsed::with_bits(CODE_BITS),
    any Diagnosis::new(IcdCode::parse("R25.2").map_err(|_| ())?)
);
structs_source!(
    /// `findings`.
    Findings, Finding, FINDING_FIELDS, finding,
    kept () = (), any Finding::new(first()?)
);
structs_source!(
    /// `conservative_trials`.
    Trials, ConservativeTrial, TRIAL_FIELDS, trial,
    kept () = (), any ConservativeTrial::new(first()?, first()?)
);
structs_source!(
    /// `labs`.
    Labs, LabResult, LAB_FIELDS, lab,
    kept () = (), any LabResult::new(first()?, first()?)
);
structs_source!(
    /// `procedures`, with the code of each CPT text met before.
    Procedures, Procedure, PROCEDURE_FIELDS, procedure,
    kept Parsed<CptCode> = Parsed::with_bits(CODE_BITS),
    any Procedure::new(CptCode::parse("95886").map_err(|_| ())?)
);

/// Entry `j` of `diagnoses`; `codes`, the diagnoses of code texts met before, when kept.
#[inline]
fn diagnosis(
    named: &Named,
    [code]: &[Field; 1],
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
    named: &Named,
    [kind, status, source]: &[Field; 3],
    j: usize,
    place: Place,
    _nothing_kept: Option<&mut ()>,
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
    named: &Named,
    [therapy, outcome, days]: &[Field; 3],
    j: usize,
    place: Place,
    _nothing_kept: Option<&mut ()>,
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
fn lab(
    named: &Named,
    [test, result]: &[Field; 2],
    j: usize,
    place: Place,
    _nothing_kept: Option<&mut ()>,
) -> Result<LabResult, Refused> {
    named.check(j, || place.entry())?;
    let test = word(&test.at(j), place.field("test"))?;
    let result = word(&result.at(j), place.field("result"))?;
    Ok(LabResult::new(test, result))
}

/// Entry `j` of `procedures`; `cpts`, the codes of CPT texts met before, when kept.
#[inline]
fn procedure(
    named: &Named,
    [cpt, units, studies]: &[Field; 3],
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

/// A list of strings (or of the null type: every entry null), each a word of `T`
/// (`differential`, `needle_emg_exceptions`).
pub(crate) struct Words<T> {
    values: Field,
    any: T,
}

impl<T: Member + FromStr<Err = ErrorKind>> Words<T> {
    pub(crate) fn of(column: Option<&ArrayRef>) -> Of<Self> {
        let Some(list) = List::of(column)? else {
            return Ok(None);
        };
        let values = match list.values().data_type() {
            DataType::Null => Field::Absent,
            _ => Field::of(Some(list.values())).ok_or(())?,
        };
        let any = first()?;
        Ok(Some(Read::new(list, Words { values, any })))
    }
}

impl<T: Member + FromStr<Err = ErrorKind>> Source for Words<T> {
    type Entry = T;
    const EXPECTED: &'static str = STRING;
    fn placeholder(&self) -> T {
        self.any
    }
    #[inline]
    fn pass(&mut self, j: usize) -> Result<T, Refused> {
        self.exact(j, Place::Pass)
    }
    #[inline]
    fn exact(&self, j: usize, place: Place) -> Result<T, Refused> {
        let value = self.values.at(j);
        if matches!(value, Value::Absent) {
            return Err(wrong_type(place.entry(), STRING, &value));
        }
        word(&value, || place.entry())
    }
}
