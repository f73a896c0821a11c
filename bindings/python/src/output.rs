//! Results out: the crate's results as Python objects (`dict`, `list`, `str`, `int`, `bool`,
//! `None`), built straight from the crate's `Serialize` impls by `pythonize`.
//!
//! Measured (instructions per call, see BENCHMARKS.md) against writing JSON text and
//! calling `json.loads`, and against building a `serde_json::Value` first and converting
//! it, this is the cheapest: no text to scan and no intermediate tree.

use pyo3::exceptions::PyRuntimeError;
use pyo3::prelude::*;

/// A crate value as Python objects.
pub(crate) fn to_python<'py, T: serde::Serialize>(
    py: Python<'py>,
    value: &T,
) -> PyResult<Bound<'py, PyAny>> {
    // The crate's results are maps, lists, strings and small integers, which Python always
    // holds; a failure here is a bug, reported as an ordinary RuntimeError.
    pythonize::pythonize(py, value).map_err(|e| {
        PyRuntimeError::new_err(format!(
            "edx-coverage internal error: building a result failed ({e}); please report it"
        ))
    })
}
