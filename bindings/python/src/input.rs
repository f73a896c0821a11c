//! Arguments in: a case or policy given as a `dict` (or any value the `json` module writes)
//! or as JSON text, turned into the text the crate's parser reads.
//!
//! A dict goes through Python's own C-accelerated JSON encoder and then through the crate's
//! parser, so a dict and the same document as text meet exactly the same checks: unknown
//! fields are refused, and every refusal keeps the crate's path.

use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyBytes, PyDict, PyString};

use crate::errors;

/// `json.JSONEncoder(ensure_ascii=False, allow_nan=False, separators=(",", ":")).encode`.
/// `allow_nan=False`: NaN and infinities are not JSON, so they are refused here, with the
/// path, rather than written as tokens the crate's parser can only call a syntax error.
static ENCODE: PyOnceLock<Py<PyAny>> = PyOnceLock::new();

fn encoder(py: Python<'_>) -> PyResult<&Bound<'_, PyAny>> {
    ENCODE
        .get_or_try_init(py, || {
            let kwargs = PyDict::new(py);
            kwargs.set_item("ensure_ascii", false)?;
            kwargs.set_item("allow_nan", false)?;
            kwargs.set_item("separators", (",", ":"))?;
            let encoder = py
                .import("json")?
                .getattr("JSONEncoder")?
                .call((), Some(&kwargs))?;
            encoder.getattr("encode").map(Bound::unbind)
        })
        .map(|f| f.bind(py))
}

/// The JSON text of the argument `value` found at `root` (`""` for the case, `policy`,
/// `cases[3]`): a `str` is the text itself; anything else is written by the `json` module.
///
/// # Errors
/// `InvalidInput` naming the value the `json` module cannot write (a `set`, NaN, a
/// circular reference, text that is not valid Unicode), or for `bytes`.
pub(crate) fn json_text(value: &Bound<'_, PyAny>, root: &str) -> PyResult<String> {
    let py = value.py();
    if let Ok(text) = value.cast::<PyString>() {
        return to_string(text, value, root);
    }
    if value.is_instance_of::<PyBytes>() {
        // JSON text is `str`; bytes could be any encoding, so the caller decodes them.
        return Err(errors::invalid(
            py,
            root,
            "expected a dict or JSON text (str), found bytes (decode them first)",
        ));
    }
    let encoded = encoder(py)?
        .call1((value,))
        .map_err(|e| errors::encoding_failed(py, value, root, e))?;
    let text = encoded.cast::<PyString>().map_err(PyErr::from)?;
    to_string(text, value, root)
}

/// The text as UTF-8; a `str` holding a lone surrogate cannot be, and is refused.
fn to_string(text: &Bound<'_, PyString>, value: &Bound<'_, PyAny>, root: &str) -> PyResult<String> {
    match text.to_cow() {
        Ok(cow) => Ok(cow.into_owned()),
        Err(e) => Err(errors::encoding_failed(value.py(), value, root, e)),
    }
}
