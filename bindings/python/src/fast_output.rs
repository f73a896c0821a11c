//! The determination as a Python `dict`, built directly: the keys are interned once, the
//! words are shared `str` objects ([`crate::words`]), and only the codes are new strings.
//! The same dict, key order included, as `pythonize` makes from the crate's `Serialize`
//! impl (the Python tests compare it with `json.loads` of the crate's own JSON text).

use edx_coverage::{Determination, FindingKind, Member, Set, SuggestedCode};
use pyo3::intern;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyList, PyString};

use crate::words::{self, Word};

/// The words of a set, in declaration order (a list made at its length, not grown).
fn word_list<'py, T: Word>(py: Python<'py>, set: Set<T>) -> PyResult<Bound<'py, PyList>> {
    PyList::new(py, set.iter().map(|w| words::owned(py, w)))
}

/// The suggested code of each finding kind as a shared `str`, made the first time it is
/// written (a finding kind has one candidate code, so the string depends on the kind alone).
static SUGGESTED: PyOnceLock<Vec<PyOnceLock<Py<PyString>>>> = PyOnceLock::new();

fn suggested_code<'py>(py: Python<'py>, sc: &SuggestedCode) -> Option<&'py Bound<'py, PyString>> {
    let cells = SUGGESTED.get_or_init(py, || {
        FindingKind::ALL.iter().map(|_| PyOnceLock::new()).collect()
    });
    let cell = cells.get(usize::try_from(sc.finding.index()).ok()?)?;
    Some(
        cell.get_or_init(py, || PyString::new(py, sc.code.as_str()).unbind())
            .bind(py),
    )
}

/// The sets of a determination, in the wire format's order (the dict writer's keys and the
/// Arrow writer's `list<string>` columns).
pub(crate) const SETS: [&str; 6] = [
    "red_flags",
    "suspected_conditions",
    "documentation_gaps",
    "pitfalls",
    "recommendations",
    "recommended_labs",
];

/// A new determination dict with every key in the wire format's order, the ruleset set and
/// the other values `None`, copied from a template made once: `PyDict_Copy` clones the
/// template's key table in one allocation, where a dict filled from empty allocates its
/// table on the first insert and grows it as it fills (twice for 13 keys). Setting a key the
/// copy has keeps its place, so the order is the template's. The template is never handed
/// out.
fn new_determination(py: Python<'_>) -> PyResult<Bound<'_, PyDict>> {
    static TEMPLATE: PyOnceLock<Py<PyDict>> = PyOnceLock::new();
    let template = TEMPLATE.get_or_try_init(py, || -> PyResult<_> {
        let t = PyDict::new(py);
        t.set_item(intern!(py, "ruleset"), intern!(py, edx_coverage::RULESET))?;
        let keys = ["indication", "coverage"].into_iter().chain(SETS).chain([
            "suggested_codes",
            "procedure_corrections",
            "diagnosis_code_issues",
            "reasons",
        ]);
        for key in keys {
            t.set_item(PyString::intern(py, key), py.None())?;
        }
        Ok(t.unbind())
    })?;
    template.bind(py).copy()
}

/// The determination in the wire format, as Python objects.
pub(crate) fn determination<'py>(
    py: Python<'py>,
    d: &Determination,
) -> PyResult<Bound<'py, PyDict>> {
    let out = new_determination(py)?;
    out.set_item(intern!(py, "indication"), words::write(py, d.indication())?)?;
    out.set_item(intern!(py, "coverage"), words::write(py, d.coverage())?)?;
    out.set_item(intern!(py, "red_flags"), word_list(py, d.red_flags())?)?;
    out.set_item(
        intern!(py, "suspected_conditions"),
        word_list(py, d.suspected_conditions())?,
    )?;
    out.set_item(
        intern!(py, "documentation_gaps"),
        word_list(py, d.documentation_gaps())?,
    )?;
    out.set_item(intern!(py, "pitfalls"), word_list(py, d.pitfalls())?)?;
    out.set_item(
        intern!(py, "recommendations"),
        word_list(py, d.recommendations())?,
    )?;
    out.set_item(
        intern!(py, "recommended_labs"),
        word_list(py, d.recommended_labs())?,
    )?;
    let suggested = PyList::empty(py);
    for sc in d.suggested_codes() {
        let item = PyDict::new(py);
        match suggested_code(py, &sc) {
            Some(code) => item.set_item(intern!(py, "code"), code)?,
            None => item.set_item(intern!(py, "code"), sc.code.as_str())?,
        }
        item.set_item(intern!(py, "finding"), words::write(py, sc.finding)?)?;
        suggested.append(item)?;
    }
    out.set_item(intern!(py, "suggested_codes"), suggested)?;
    let corrections = PyList::empty(py);
    for c in d.procedure_corrections() {
        let item = PyDict::new(py);
        item.set_item(intern!(py, "cpt"), c.cpt.to_string())?;
        item.set_item(intern!(py, "replacement"), c.replacement.to_string())?;
        corrections.append(item)?;
    }
    out.set_item(intern!(py, "procedure_corrections"), corrections)?;
    let issues = PyList::empty(py);
    for issue in d.diagnosis_code_issues() {
        let item = PyDict::new(py);
        item.set_item(intern!(py, "code"), PyString::new(py, issue.code.as_str()))?;
        item.set_item(intern!(py, "status"), words::write(py, issue.status)?)?;
        issues.append(item)?;
    }
    out.set_item(intern!(py, "diagnosis_code_issues"), issues)?;
    // Made at its length (no growth while appending): one dict per rule that fired.
    let mut reasons = Vec::with_capacity(d.reasons().len());
    for r in d.reasons() {
        let sources = r.sources();
        let item = PyDict::new(py);
        item.set_item(intern!(py, "rule"), words::write(py, r.rule())?)?;
        item.set_item(intern!(py, "citations"), PyList::new(py, r.citations())?)?;
        if !sources.is_empty() {
            let list = PyList::new(py, sources.iter().map(|&s| words::owned(py, s)))?;
            item.set_item(intern!(py, "sources"), list)?;
        }
        reasons.push(item);
    }
    let reasons = PyList::new(py, reasons)?;
    out.set_item(intern!(py, "reasons"), reasons)?;
    Ok(out)
}

/// `gc.isenabled`, `gc.disable` and `gc.enable`, looked up once.
static GC: PyOnceLock<[Py<PyAny>; 3]> = PyOnceLock::new();

/// The determinations of a batch as a list of dicts, built with CPython's cyclic garbage
/// collector held off (BENCHMARKS.md, "Fewer instructions for `evaluate(dict)` and
/// `evaluate_many`"): every object made here is reachable from the list, so a collection
/// woken by their allocation could free none of them. The collector's previous state is restored
/// however the build ends. No Python code runs meanwhile (only dicts, lists and `str` are
/// made, and the lock is held), so no other thread sees the collector off.
pub(crate) fn determinations<'py>(
    py: Python<'py>,
    ds: &[Determination],
) -> PyResult<Bound<'py, PyList>> {
    let [is_enabled, disable, enable] = GC.get_or_try_init(py, || -> PyResult<_> {
        let gc = py.import("gc")?;
        Ok([
            gc.getattr("isenabled")?.unbind(),
            gc.getattr("disable")?.unbind(),
            gc.getattr("enable")?.unbind(),
        ])
    })?;
    let (is_enabled, disable, enable) = (is_enabled.bind(py), disable.bind(py), enable.bind(py));
    let was_enabled = is_enabled.call0()?.is_truthy()?;
    if was_enabled {
        disable.call0()?;
    }
    let built = ds
        .iter()
        .map(|d| determination(py, d))
        .collect::<PyResult<Vec<_>>>()
        .and_then(|dicts| PyList::new(py, dicts));
    if was_enabled {
        // A failure to turn it back on is reported, unless the build failed first.
        let restored = enable.call0();
        let list = built?;
        restored?;
        return Ok(list);
    }
    built
}
