//! Results out: the crate's JSON text read back into Python objects by the `json` module's
//! C scanner (cheaper, measured, than building the dict from Rust one call at a time).

use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;

/// `json.loads`.
static LOADS: PyOnceLock<Py<PyAny>> = PyOnceLock::new();

/// The JSON text the crate wrote, as `dict` / `list` / `str` / `int` values.
pub(crate) fn to_python<'py>(py: Python<'py>, text: &str) -> PyResult<Bound<'py, PyAny>> {
    LOADS.import(py, "json", "loads")?.call1((text,))
}
