//! The fast way in for a struct column: each row read straight from the Arrow arrays into
//! the crate's `CaseBuilder`, without writing it as JSON text first.
//!
//! It trusts the common case, as the dict reader of the package does: the wire format's
//! field names, strings for words and codes, integers, lists, with a null field taken as
//! a field left out (as the JSON writer of the exact path leaves it out). On anything else
//! in a row (a null list entry, an unknown word or field, a list over the limit, a case
//! the builder refuses) it gives up on that row with `None`, and the caller takes that row
//! through JSON text, which builds the exact refusal with its path. A column whose types
//! it does not know at all (other than strings, integers, lists and structs) is read
//! through JSON text as a whole.

use std::mem::take;
use std::str::FromStr;
use std::sync::Arc;

use arrow_array::{Array, ArrayRef, Int64Array, ListArray, StringArray, StructArray};
use arrow_schema::{DataType, Field};
use edx_coverage::{
    Case, CaseBuilder, ConservativeTrial, CptCode, Finding, IcdCode, LabResult, Procedure, Studies,
    Units, MAX_ENTRIES,
};

use crate::fast_input::{
    CASE_FIELDS, DIAGNOSIS_FIELDS, FINDING_FIELDS, LAB_FIELDS, PROCEDURE_FIELDS, TRIAL_FIELDS,
};

/// `column`'s type with every string type as `utf8`, every integer type that fits as
/// `int64` and every large list as a list: what [`Cases`] reads.
fn plain(data_type: &DataType) -> DataType {
    let field = |f: &Field| f.clone().with_data_type(plain(f.data_type()));
    match data_type {
        DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View => DataType::Utf8,
        DataType::Int8
        | DataType::Int16
        | DataType::Int32
        | DataType::Int64
        | DataType::UInt8
        | DataType::UInt16
        | DataType::UInt32 => DataType::Int64,
        DataType::List(f) | DataType::LargeList(f) => DataType::List(Arc::new(field(f))),
        DataType::Struct(fields) => DataType::Struct(fields.iter().map(|f| field(f)).collect()),
        other => other.clone(),
    }
}

/// One struct array's fields by name: the known ones at their position in `names`, the
/// others kept to check that they are null.
struct Named {
    known: Vec<Option<ArrayRef>>,
    unknown: Vec<ArrayRef>,
}

impl Named {
    fn of(structs: &StructArray, names: &[&str]) -> Self {
        let mut known = vec![None; names.len()];
        let mut unknown = Vec::new();
        for (field, column) in structs.fields().iter().zip(structs.columns()) {
            match names.iter().position(|n| n == field.name()) {
                Some(i) => {
                    if let Some(slot) = known.get_mut(i) {
                        *slot = Some(Arc::clone(column));
                    }
                }
                None => unknown.push(Arc::clone(column)),
            }
        }
        Named { known, unknown }
    }

    /// The field at `i` as `T`; `Err` when present with another type.
    fn get<T: Clone + 'static>(&self, i: usize) -> Result<Option<T>, ()> {
        match self.known.get(i).and_then(Option::as_ref) {
            None => Ok(None),
            Some(column) => column
                .as_any()
                .downcast_ref::<T>()
                .cloned()
                .map(Some)
                .ok_or(()),
        }
    }

    /// Whether entry `j` sets no unknown field.
    fn clean(&self, j: usize) -> bool {
        self.unknown.iter().all(|c| c.is_null(j))
    }
}

/// A list field whose entries are read by `T`.
struct ListOf<T> {
    list: ListArray,
    entries: T,
}

impl<T> ListOf<T> {
    /// Calls `f` with each entry's index in the values; `None` if the list holds a null
    /// entry or more than `MAX_ENTRIES`, or `f` gives up. A null list is no list.
    fn each(&self, row: usize, mut f: impl FnMut(&T, usize) -> Option<()>) -> Option<()> {
        if self.list.is_null(row) {
            return Some(());
        }
        let offsets = self.list.value_offsets();
        let start = usize::try_from(*offsets.get(row)?).ok()?;
        let end = usize::try_from(*offsets.get(row + 1)?).ok()?;
        if end.saturating_sub(start) > MAX_ENTRIES {
            return None;
        }
        let values = self.list.values();
        for j in start..end {
            if values.is_null(j) {
                return None;
            }
            f(&self.entries, j)?;
        }
        Some(())
    }
}

/// A string field of list entries (absent: `None` everywhere).
#[derive(Clone)]
struct Text(Option<StringArray>);

impl Text {
    /// `Ok(None)` for a null (absent) value, `Err(())` for a text `T` does not take.
    fn read<T: FromStr>(&self, j: usize) -> Result<Option<T>, ()> {
        match &self.0 {
            Some(a) if a.is_valid(j) => a.value(j).parse().map(Some).map_err(|_| ()),
            _ => Ok(None),
        }
    }

    fn required<T: FromStr>(&self, j: usize) -> Option<T> {
        self.read(j).ok().flatten()
    }
}

/// An integer field of list entries.
#[derive(Clone)]
struct Whole(Option<Int64Array>);

impl Whole {
    fn read(&self, j: usize) -> Result<Option<u32>, ()> {
        match &self.0 {
            Some(a) if a.is_valid(j) => u32::try_from(a.value(j)).map(Some).map_err(|_| ()),
            _ => Ok(None),
        }
    }
}

/// Entries that are structs with fields `N` of type `T`.
struct Entries<const N: usize> {
    named: Named,
    texts: [Text; N],
    wholes: [Whole; N],
}

impl<const N: usize> Entries<N> {
    fn of(list: &ListArray, names: [&str; N]) -> Option<Self> {
        let structs = list.values().as_any().downcast_ref::<StructArray>()?;
        let named = Named::of(structs, &names);
        let mut texts: [Text; N] = std::array::from_fn(|_| Text(None));
        let mut wholes: [Whole; N] = std::array::from_fn(|_| Whole(None));
        for (i, column) in named.known.iter().enumerate() {
            match column.as_ref().map(|c| c.data_type()) {
                None => {}
                Some(DataType::Utf8) => {
                    *texts.get_mut(i)? = Text(named.get::<StringArray>(i).ok()?);
                }
                Some(DataType::Int64) => {
                    *wholes.get_mut(i)? = Whole(named.get::<Int64Array>(i).ok()?);
                }
                Some(_) => return None,
            }
        }
        Some(Entries {
            named,
            texts,
            wholes,
        })
    }

    fn text(&self, i: usize) -> &Text {
        static NONE: Text = Text(None);
        self.texts.get(i).unwrap_or(&NONE)
    }

    /// An integer field; `Err` also when the field holds text.
    fn whole(&self, i: usize, j: usize) -> Result<Option<u32>, ()> {
        if self.text(i).0.as_ref().is_some_and(|a| a.is_valid(j)) {
            return Err(());
        }
        self.wholes.get(i).map_or(Ok(None), |w| w.read(j))
    }

    /// A word or code field; `Err` also when the field holds an integer.
    fn word<T: FromStr>(&self, i: usize, j: usize) -> Result<Option<T>, ()> {
        if self
            .wholes
            .get(i)
            .and_then(|w| w.0.as_ref())
            .is_some_and(|a| a.is_valid(j))
        {
            return Err(());
        }
        self.text(i).read(j)
    }
}

/// A list of struct entries, or of strings.
fn entries<const N: usize>(
    column: Option<ArrayRef>,
    names: [&str; N],
) -> Result<Option<ListOf<Entries<N>>>, ()> {
    let Some(column) = column else {
        return Ok(None);
    };
    let list = column
        .as_any()
        .downcast_ref::<ListArray>()
        .ok_or(())?
        .clone();
    let entries = Entries::of(&list, names).ok_or(())?;
    Ok(Some(ListOf { list, entries }))
}

fn strings(column: Option<ArrayRef>) -> Result<Option<ListOf<Text>>, ()> {
    let Some(column) = column else {
        return Ok(None);
    };
    let list = column
        .as_any()
        .downcast_ref::<ListArray>()
        .ok_or(())?
        .clone();
    let strings = list
        .values()
        .as_any()
        .downcast_ref::<StringArray>()
        .ok_or(())?
        .clone();
    Ok(Some(ListOf {
        list,
        entries: Text(Some(strings)),
    }))
}

/// A struct column of cases, ready to be read row by row.
pub(crate) struct Cases {
    rows: StructArray,
    named: Named,
    schema_version: Option<Int64Array>,
    diagnoses: Option<ListOf<Entries<1>>>,
    findings: Option<ListOf<Entries<3>>>,
    trials: Option<ListOf<Entries<3>>>,
    labs: Option<ListOf<Entries<2>>>,
    differential: Option<ListOf<Text>>,
    procedures: Option<ListOf<Entries<3>>>,
    exceptions: Option<ListOf<Text>>,
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
        let named = Named::of(&rows, &CASE_FIELDS);
        let at = |i: usize| named.known.get(i).cloned().flatten();
        let schema_version = named.get::<Int64Array>(0).ok()?;
        Some(Cases {
            diagnoses: entries(at(1), DIAGNOSIS_FIELDS).ok()?,
            findings: entries(at(2), FINDING_FIELDS).ok()?,
            trials: entries(at(3), TRIAL_FIELDS).ok()?,
            labs: entries(at(4), LAB_FIELDS).ok()?,
            differential: strings(at(5)).ok()?,
            procedures: entries(at(6), PROCEDURE_FIELDS).ok()?,
            exceptions: strings(at(7)).ok()?,
            schema_version,
            named,
            rows,
        })
    }

    /// Whether row `i` is null (no case at all).
    pub(crate) fn is_null(&self, i: usize) -> bool {
        self.rows.is_null(i)
    }

    /// The case of row `i`, or `None`: then read it through text for the exact refusal.
    pub(crate) fn case(&self, i: usize) -> Option<Case> {
        if !self.named.clean(i) {
            return None;
        }
        if let Some(v) = &self.schema_version {
            if v.is_valid(i) && v.value(i) != 1 {
                return None;
            }
        }
        let mut b = CaseBuilder::default();
        let diagnoses = self.diagnoses.as_ref()?;
        if diagnoses.list.is_null(i) {
            return None;
        }
        diagnoses.each(i, |e, j| {
            let code: IcdCode = (e.named.clean(j)).then(|| e.text(0).required(j))??;
            b = take(&mut b).diagnosis(code);
            Some(())
        })?;
        if let Some(findings) = &self.findings {
            findings.each(i, |e, j| {
                e.named.clean(j).then_some(())?;
                let mut f = Finding::new(e.word(0, j).ok()??);
                if let Some(s) = e.word(1, j).ok()? {
                    f.status = s;
                }
                if let Some(s) = e.word(2, j).ok()? {
                    f.source = s;
                }
                b = take(&mut b).finding(f);
                Some(())
            })?;
        }
        if let Some(trials) = &self.trials {
            trials.each(i, |e, j| {
                e.named.clean(j).then_some(())?;
                let mut t = ConservativeTrial::new(e.word(0, j).ok()??, e.word(1, j).ok()??);
                t.duration_days = e.whole(2, j).ok()?;
                b = take(&mut b).trial(t);
                Some(())
            })?;
        }
        if let Some(labs) = &self.labs {
            labs.each(i, |e, j| {
                e.named.clean(j).then_some(())?;
                let lab = LabResult::new(e.word(0, j).ok()??, e.word(1, j).ok()??);
                b = take(&mut b).lab(lab);
                Some(())
            })?;
        }
        if let Some(differential) = &self.differential {
            differential.each(i, |e, j| {
                b = take(&mut b).differential(e.required(j)?);
                Some(())
            })?;
        }
        if let Some(procedures) = &self.procedures {
            procedures.each(i, |e, j| {
                e.named.clean(j).then_some(())?;
                let cpt: CptCode = e.word(0, j).ok()??;
                let mut p = Procedure::new(cpt);
                if let Some(u) = e.whole(1, j).ok()? {
                    p.units = Units::new(u)?;
                }
                // The builder refuses a study count on a line that is not an NCS code.
                p.studies = match e.whole(2, j).ok()? {
                    Some(n) => Some(Studies::new(n)?),
                    None => None,
                };
                b = take(&mut b).procedure(p);
                Some(())
            })?;
        }
        if let Some(exceptions) = &self.exceptions {
            exceptions.each(i, |e, j| {
                b = take(&mut b).needle_emg_exception(e.required(j)?);
                Some(())
            })?;
        }
        b.build().ok()
    }
}
