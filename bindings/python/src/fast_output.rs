//! The determination as a Python `dict`, built directly: the keys are interned once, the
//! words are shared `str` objects ([`crate::words`]), and only the codes are new strings.
//! The same dict, key order included, as `pythonize` makes from the crate's `Serialize`
//! impl (the Python tests compare it with `json.loads` of the crate's own JSON text).

use edx_coverage::{Determination, Set};
use pyo3::intern;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyString};

use crate::words::{self, Word};

/// The words of a set, in declaration order.
fn word_list<'py, T: Word>(py: Python<'py>, set: Set<T>) -> PyResult<Bound<'py, PyList>> {
    let list = PyList::empty(py);
    for w in set.iter() {
        list.append(words::write(py, w)?)?;
    }
    Ok(list)
}

/// The determination in the wire format, as Python objects.
pub(crate) fn determination<'py>(
    py: Python<'py>,
    d: &Determination,
) -> PyResult<Bound<'py, PyDict>> {
    let out = PyDict::new(py);
    out.set_item(intern!(py, "ruleset"), intern!(py, edx_coverage::RULESET))?;
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
        item.set_item(intern!(py, "code"), PyString::new(py, sc.code.as_str()))?;
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
    let reasons = PyList::empty(py);
    for r in d.reasons() {
        let item = PyDict::new(py);
        item.set_item(intern!(py, "rule"), words::write(py, r.rule())?)?;
        item.set_item(intern!(py, "citations"), PyList::new(py, r.citations())?)?;
        let sources = r.sources();
        if !sources.is_empty() {
            let list = PyList::empty(py);
            for &s in sources {
                list.append(words::write(py, s)?)?;
            }
            item.set_item(intern!(py, "sources"), list)?;
        }
        reasons.append(item)?;
    }
    out.set_item(intern!(py, "reasons"), reasons)?;
    Ok(out)
}
