//! The crate's vocabularies in and out of Python: a word is read by matching the UTF-8 text
//! its `str` holds (borrowed, not copied) against the wire names, and written as one of the
//! names made once per interpreter as interned `str` objects (no new string per word).

use edx_coverage::{
    CodeStatus, Coverage, DifferentialCondition, DocumentationGap, FindingKind, FindingSource,
    FindingStatus, Indication, LabOutcome, LabTest, Member, NeedleEmgException, Pitfall,
    Recommendation, RuleId, Source, SuspectedCondition, Therapy, TrialOutcome,
};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::PyString;

use crate::errors;

/// One vocabulary's wire names as Python objects, in declaration order.
pub(crate) struct Table {
    names: Vec<Py<PyString>>,
}

/// A vocabulary of the crate with its table.
pub(crate) trait Word: Member {
    /// Where the table is kept.
    fn cell() -> &'static PyOnceLock<Table>;
    /// The wire name.
    fn name(self) -> &'static str;
    /// The value whose wire name is `name` (exact, case-sensitive).
    fn from_name(name: &str) -> Option<Self>;
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
            fn from_name(name: &str) -> Option<Self> {
                <$ty>::from_wire(name)
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

fn table<T: Word>(py: Python<'_>) -> &Table {
    T::cell().get_or_init(py, || Table {
        names: T::ALL
            .iter()
            .map(|&w| PyString::intern(py, w.name()).unbind())
            .collect(),
    })
}

/// The text of an exact `str`, borrowed (no copy); `None` for anything else, and for a
/// `str` holding a lone surrogate (not UTF-8).
pub(crate) fn text<'a>(value: &'a Bound<'_, PyAny>) -> Option<&'a str> {
    value.cast_exact::<PyString>().ok()?.to_str().ok()
}

/// The word `value` names, if it is an exact `str` holding one of `T`'s wire names.
pub(crate) fn read<T: Word>(value: &Bound<'_, PyAny>) -> Option<T> {
    T::from_name(text(value)?)
}

/// The wire name of `w`: the shared `str` object, borrowed (setting it into a dict or a list
/// takes the one new reference; no reference-count round trip here).
pub(crate) fn write<T: Word>(py: Python<'_>, w: T) -> PyResult<&Bound<'_, PyString>> {
    table::<T>(py)
        .names
        .get(usize::try_from(w.index()).unwrap_or(usize::MAX))
        .map(|name| name.bind(py))
        .ok_or_else(|| errors::internal(py, "a word outside its table"))
}

/// The wire name of `w` as a new reference to the shared `str` object (for a list, which
/// takes it over).
pub(crate) fn owned<T: Word>(py: Python<'_>, w: T) -> Bound<'_, PyString> {
    match write(py, w) {
        Ok(name) => name.clone(),
        Err(_) => PyString::new(py, w.name()),
    }
}
