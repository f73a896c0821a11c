//! The crate's vocabularies as Python objects, made once per interpreter: a `dict` from
//! each wire name to the interned name itself (to read a `str` with one dictionary lookup, which uses
//! the string's cached hash, instead of copying it out as UTF-8) and the names themselves
//! as `str` objects (to write a result without making a new string per word).

use edx_coverage::{
    CodeStatus, Coverage, DifferentialCondition, DocumentationGap, FindingKind, FindingSource,
    FindingStatus, Indication, LabOutcome, LabTest, Member, NeedleEmgException, Pitfall,
    Recommendation, RuleId, Source, SuspectedCondition, Therapy, TrialOutcome,
};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyString};

/// One vocabulary as Python objects.
pub(crate) struct Table {
    lookup: Py<PyDict>,
    names: Vec<Py<PyString>>,
}

/// A vocabulary of the crate with its table.
pub(crate) trait Word: Member {
    /// Where the table is kept.
    fn cell() -> &'static PyOnceLock<Table>;
    /// The wire name.
    fn name(self) -> &'static str;
}

macro_rules! words {
    ($($ty:ty),+ $(,)?) => {$(
        impl Word for $ty {
            fn cell() -> &'static PyOnceLock<Table> {
                static CELL: PyOnceLock<Table> = PyOnceLock::new();
                &CELL
            }
            fn name(self) -> &'static str {
                self.as_str()
            }
        }
    )+};
}

words!(
    FindingKind,
    FindingStatus,
    FindingSource,
    Therapy,
    TrialOutcome,
    LabTest,
    LabOutcome,
    DifferentialCondition,
    NeedleEmgException,
    Indication,
    Coverage,
    SuspectedCondition,
    DocumentationGap,
    Pitfall,
    Recommendation,
    RuleId,
    Source,
    CodeStatus,
);

fn table<T: Word>(py: Python<'_>) -> PyResult<&Table> {
    T::cell().get_or_try_init(py, || {
        let lookup = PyDict::new(py);
        let mut names = Vec::with_capacity(T::ALL.len());
        for &w in T::ALL {
            let name = PyString::intern(py, w.name());
            lookup.set_item(&name, &name)?;
            names.push(name.unbind());
        }
        Ok(Table {
            lookup: lookup.unbind(),
            names,
        })
    })
}

/// The word `value` names, if it is an exact `str` holding one of `T`'s wire names.
pub(crate) fn read<T: Word>(value: &Bound<'_, PyAny>) -> Option<T> {
    let py = value.py();
    let table = table::<T>(py).ok()?;
    // A word written in Python source is interned: the same object as the table's name.
    if let Some(i) = table
        .names
        .iter()
        .position(|n| n.as_ptr() == value.as_ptr())
    {
        return T::ALL.get(i).copied();
    }
    // Others (`json.loads`, built strings) are looked up by hash and text, which gives the
    // interned name (cheaper to place by identity than an `int` is to convert).
    value.cast_exact::<PyString>().ok()?;
    let name = table.lookup.bind(py).get_item(value).ok()??;
    let i = table
        .names
        .iter()
        .position(|n| n.as_ptr() == name.as_ptr())?;
    T::ALL.get(i).copied()
}

/// The wire name of `w` as a shared `str` object.
pub(crate) fn write<'py, T: Word>(py: Python<'py>, w: T) -> PyResult<Bound<'py, PyString>> {
    let table = table::<T>(py)?;
    match table
        .names
        .get(usize::try_from(w.index()).unwrap_or(usize::MAX))
    {
        Some(name) => Ok(name.bind(py).clone()),
        None => Ok(PyString::new(py, w.name())),
    }
}
