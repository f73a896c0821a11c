//! The fast way in: a case or policy `dict` read straight into the crate's types, without
//! writing it as JSON text first.
//!
//! It trusts the common case: exact `dict`, `list`, `str`, `int` and `bool` objects with
//! the wire format's field names and words. On anything else (an unknown field, another
//! type, a subclass, a tuple, an unknown word, a case the crate refuses) it gives up with
//! `None`, and the caller takes the way through text ([`crate::input`]), which accepts the
//! same documents and builds every refusal with its path. So a dict and the same document
//! as text still meet exactly the same checks. Field names and words are matched on the
//! UTF-8 text each `str` holds, borrowed in place ([`crate::words`] for the words): no
//! string is copied out of Python and no dictionary is searched.

use edx_coverage::{
    Case, CaseBuilder, ConservativeTrial, CptCode, Diagnosis, DifferentialCondition, Finding,
    IcdCode, LabResult, NeedleEmgException, Policy, Procedure, Studies, Units, MAX_ENTRIES,
};

use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyInt, PyList};

use crate::parsed::Parsed;
use crate::words;

/// The field names of one kind of object, in the order its reader numbers them.
struct Fields<const N: usize> {
    names: [&'static str; N],
}

/// The key objects met so far in one call, by field: slot `i` holds the address of the last
/// `str` object found to name field `i`, or 0. A key that is the same object is that field
/// with no text read: `json.loads` makes one `str` per distinct key of a document, and keys
/// written in Python source are interned, so entries of one kind share their key objects.
/// Addresses are only compared, and only within one call, while the document being read
/// holds every key alive (no Python code runs meanwhile): two live objects never share one.
struct Seen<const N: usize> {
    keys: [usize; N],
}

impl<const N: usize> Seen<N> {
    fn new() -> Self {
        Seen { keys: [0; N] }
    }
}

impl<const N: usize> Fields<N> {
    const fn new(names: [&'static str; N]) -> Self {
        Fields { names }
    }

    /// The field `key` names: by the key object's address when it was met before, else by
    /// its text (remembered for the next entry); `None` for an unknown name or a non-`str`.
    #[inline]
    fn field(&self, seen: &mut Seen<N>, key: &Bound<'_, PyAny>) -> Option<usize> {
        let address = key.as_ptr() as usize;
        if let Some(i) = seen.keys.iter().position(|&k| k == address) {
            return Some(i);
        }
        let name = words::text(key)?;
        let i = self.names.iter().position(|n| *n == name)?;
        if let Some(slot) = seen.keys.get_mut(i) {
            *slot = address;
        }
        Some(i)
    }

    /// Calls `f` with the position of each field of `value` and its value; `None` unless
    /// `value` is an exact `dict` whose keys are all exact `str` field names and `f`
    /// accepts every value.
    fn each<'py>(
        &self,
        seen: &mut Seen<N>,
        value: &Bound<'py, PyAny>,
        mut f: impl FnMut(usize, Bound<'py, PyAny>) -> Option<()>,
    ) -> Option<()> {
        let dict = value.cast_exact::<PyDict>().ok()?;
        // One pass over the items (no lookup per known field); each key is known by its
        // object or its text read in place (UTF-8 borrowed from the `str`, DESIGN.md "The
        // Python dict reader") and compared with the names.
        for (key, item) in dict.iter() {
            let i = self.field(seen, &key)?;
            f(i, item)?;
        }
        Some(())
    }
}

/// The wire format's field names of a case and of its entries, in declaration order (the
/// dict reader's tables and the Arrow struct reader's columns).
pub(crate) const CASE_FIELDS: [&str; 8] = [
    "schema_version",
    "diagnoses",
    "findings",
    "conservative_trials",
    "labs",
    "differential",
    "procedures",
    "needle_emg_exceptions",
];
pub(crate) const DIAGNOSIS_FIELDS: [&str; 1] = ["code"];
pub(crate) const FINDING_FIELDS: [&str; 3] = ["kind", "status", "source"];
pub(crate) const TRIAL_FIELDS: [&str; 3] = ["therapy", "outcome", "duration_days"];
pub(crate) const LAB_FIELDS: [&str; 2] = ["test", "result"];
pub(crate) const PROCEDURE_FIELDS: [&str; 3] = ["cpt", "units", "studies"];

static CASE: Fields<8> = Fields::new(CASE_FIELDS);
static DIAGNOSIS: Fields<1> = Fields::new(DIAGNOSIS_FIELDS);
static FINDING: Fields<3> = Fields::new(FINDING_FIELDS);
static TRIAL: Fields<3> = Fields::new(TRIAL_FIELDS);
static LAB: Fields<2> = Fields::new(LAB_FIELDS);
static PROCEDURE: Fields<3> = Fields::new(PROCEDURE_FIELDS);
static POLICY: Fields<4> = Fields::new([
    "min_trial_days",
    "require_differential",
    "accept_symptom_codes_with_support",
    "require_needle_emg_with_ncs",
]);

/// The entries of an exact `list` of at most `MAX_ENTRIES`, read by `read` and added to the
/// builder by `&mut` (its `Extend` impls: no builder moved per entry, and the room reserved
/// once, as the size hint is the list's length).
fn extend<'py, T>(
    b: &mut CaseBuilder,
    value: &Bound<'py, PyAny>,
    read: impl FnMut(&Bound<'py, PyAny>) -> Option<T>,
) -> Option<()>
where
    CaseBuilder: Extend<T>,
{
    let list = value.cast_exact::<PyList>().ok()?;
    let len = list.len();
    if len > MAX_ENTRIES {
        return None;
    }
    let mut entries = Entries {
        list,
        next: 0,
        len,
        read,
        failed: false,
    };
    b.extend(&mut entries);
    (!entries.failed && entries.next == len).then_some(())
}

/// The entries of a list, read one by one; it stops at the first one `read` refuses (or
/// that is gone: a list does not shrink here, as no Python code runs) and sets `failed`.
struct Entries<'a, 'py, F> {
    list: &'a Bound<'py, PyList>,
    next: usize,
    len: usize,
    read: F,
    failed: bool,
}

impl<'py, T, F: FnMut(&Bound<'py, PyAny>) -> Option<T>> Iterator for Entries<'_, 'py, F> {
    type Item = T;

    fn next(&mut self) -> Option<T> {
        if self.failed || self.next >= self.len {
            return None;
        }
        let read = self
            .list
            .get_item(self.next)
            .ok()
            .and_then(|e| (self.read)(&e));
        match read {
            Some(entry) => {
                self.next += 1;
                Some(entry)
            }
            None => {
                self.failed = true;
                None
            }
        }
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let left = if self.failed { 0 } else { self.len - self.next };
        (left, Some(left))
    }
}

/// An exact `int` in `0..=u32::MAX` (`bool` is not one).
fn whole(value: &Bound<'_, PyAny>) -> Option<u32> {
    let n = value.cast_exact::<PyInt>().ok()?.extract::<u64>().ok()?;
    u32::try_from(n).ok()
}

fn flag(value: &Bound<'_, PyAny>) -> Option<bool> {
    Some(value.cast_exact::<PyBool>().ok()?.is_true())
}

/// The text of an exact `str` handed to `f`.
fn with_text<T>(value: &Bound<'_, PyAny>, f: impl FnOnce(&str) -> Option<T>) -> Option<T> {
    f(words::text(value)?)
}

/// A diagnosis entry, its code's text made into a [`Diagnosis`] by `make`.
fn diagnosis(
    seen: &mut Seen<1>,
    value: &Bound<'_, PyAny>,
    mut make: impl FnMut(&str) -> Option<Diagnosis>,
) -> Option<Diagnosis> {
    let mut made = None;
    DIAGNOSIS.each(seen, value, |_, v| {
        made = Some(with_text(&v, &mut make)?);
        Some(())
    })?;
    made
}

fn finding(seen: &mut Seen<3>, value: &Bound<'_, PyAny>) -> Option<Finding> {
    let (mut kind, mut status, mut source) = (None, None, None);
    FINDING.each(seen, value, |i, v| {
        match i {
            0 => kind = Some(words::read(&v)?),
            1 => status = Some(words::read(&v)?),
            _ => source = Some(words::read(&v)?),
        }
        Some(())
    })?;
    let mut f = Finding::new(kind?);
    if let Some(s) = status {
        f.status = s;
    }
    if let Some(s) = source {
        f.source = s;
    }
    Some(f)
}

fn trial(seen: &mut Seen<3>, value: &Bound<'_, PyAny>) -> Option<ConservativeTrial> {
    let (mut therapy, mut outcome, mut days) = (None, None, None);
    TRIAL.each(seen, value, |i, v| {
        match i {
            0 => therapy = Some(words::read(&v)?),
            1 => outcome = Some(words::read(&v)?),
            _ => days = Some(whole(&v)?),
        }
        Some(())
    })?;
    let mut t = ConservativeTrial::new(therapy?, outcome?);
    t.duration_days = days;
    Some(t)
}

fn lab(seen: &mut Seen<2>, value: &Bound<'_, PyAny>) -> Option<LabResult> {
    let (mut test, mut result) = (None, None);
    LAB.each(seen, value, |i, v| {
        match i {
            0 => test = Some(words::read(&v)?),
            _ => result = Some(words::read(&v)?),
        }
        Some(())
    })?;
    Some(LabResult::new(test?, result?))
}

fn procedure(seen: &mut Seen<3>, value: &Bound<'_, PyAny>) -> Option<Procedure> {
    let (mut cpt, mut units, mut studies) = (None, None, None);
    PROCEDURE.each(seen, value, |i, v| {
        match i {
            0 => cpt = Some(with_text(&v, |s| CptCode::parse(s).ok())?),
            1 => units = Some(Units::new(whole(&v)?)?),
            _ => studies = Some(Studies::new(whole(&v)?)?),
        }
        Some(())
    })?;
    let mut p = Procedure::new(cpt?);
    if let Some(u) = units {
        p.units = u;
    }
    // The builder refuses a study count on a line that is not an NCS code.
    p.studies = studies;
    Some(p)
}

/// The case `value` holds, or `None`: then read it through text for the exact refusal.
pub(crate) fn case(value: &Bound<'_, PyAny>) -> Option<Case> {
    case_with(value, None)
}

/// [`case`] for one case of a batch: `codes` holds the diagnoses of the code texts met in
/// the batch's earlier cases, so each distinct text is parsed and looked up in the code set
/// once per batch. The same case, or `None`, as [`case`].
pub(crate) fn batch_case(value: &Bound<'_, PyAny>, codes: &mut Parsed<Diagnosis>) -> Option<Case> {
    case_with(value, Some(codes))
}

fn case_with(value: &Bound<'_, PyAny>, mut codes: Option<&mut Parsed<Diagnosis>>) -> Option<Case> {
    let mut b = CaseBuilder::default();
    let mut has_diagnoses = false;
    let (mut d, mut f, mut t, mut l, mut p) = (
        Seen::new(),
        Seen::new(),
        Seen::new(),
        Seen::new(),
        Seen::new(),
    );
    CASE.each(&mut Seen::new(), value, |i, v| {
        let b = &mut b;
        match i {
            0 => (whole(&v)? == 1).then_some(())?,
            1 => {
                has_diagnoses = true;
                // From the batch's table when there is one (the same `Diagnosis` as its parse).
                let make = |s: &str| IcdCode::parse(s).map(Diagnosis::new);
                extend(b, &v, |e| {
                    diagnosis(&mut d, e, |s| match codes.as_deref_mut() {
                        Some(codes) => codes.get(s, make).ok(),
                        None => make(s).ok(),
                    })
                })?;
            }
            2 => extend(b, &v, |e| finding(&mut f, e))?,
            3 => extend(b, &v, |e| trial(&mut t, e))?,
            4 => extend(b, &v, |e| lab(&mut l, e))?,
            5 => extend(b, &v, words::read::<DifferentialCondition>)?,
            6 => extend(b, &v, |e| procedure(&mut p, e))?,
            _ => extend(b, &v, words::read::<NeedleEmgException>)?,
        }
        Some(())
    })?;
    if !has_diagnoses {
        return None;
    }
    b.build().ok()
}

/// The policy `value` holds, or `None`: then read it through text for the exact refusal.
pub(crate) fn policy(value: &Bound<'_, PyAny>) -> Option<Policy> {
    let mut policy = Policy::default();
    POLICY.each(&mut Seen::new(), value, |i, v| {
        match i {
            0 => policy.min_trial_days = whole(&v)?,
            1 => policy.require_differential = flag(&v)?,
            2 => policy.accept_symptom_codes_with_support = flag(&v)?,
            _ => policy.require_needle_emg_with_ncs = flag(&v)?,
        }
        Some(())
    })?;
    Some(policy)
}
