//! Results out: the crate's results as Python objects (`dict`, `list`, `str`, `int`, `bool`,
//! `None`), built directly from the serde data model in Rust.
//!
//! Measured against writing JSON text and calling `json.loads`, building the objects here is
//! the cheaper way (see BENCHMARKS.md): no text to scan, and the words of the vocabularies
//! (field names, enum values, rule ids) are interned once and shared by every result.

use std::collections::HashMap;
use std::sync::Mutex;

use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyList, PyString};
use serde_json::Value;

/// Short strings seen in results, as Python strings: the vocabularies are small and
/// closed, so the cache stays small; longer texts (explanations in CRD details, card
/// markdown) are not cached.
static WORDS: PyOnceLock<Mutex<HashMap<String, Py<PyString>>>> = PyOnceLock::new();

/// Longer strings than this are built fresh each time.
const MAX_CACHED: usize = 48;

/// The most distinct words kept (a bound, in case some result ever carries free text
/// short enough to be cached).
const MAX_WORDS: usize = 4096;

/// A crate value as Python objects.
pub(crate) fn to_python<'py, T: serde::Serialize>(
    py: Python<'py>,
    value: &T,
) -> PyResult<Bound<'py, PyAny>> {
    let value = serde_json::to_value(value).map_err(|e| {
        pyo3::exceptions::PyRuntimeError::new_err(format!(
            "edx-coverage internal error: writing a result failed ({e}); please report it"
        ))
    })?;
    let words = WORDS.get_or_init(py, || Mutex::new(HashMap::new()));
    convert(py, &value, words)
}

fn convert<'py>(
    py: Python<'py>,
    value: &Value,
    words: &Mutex<HashMap<String, Py<PyString>>>,
) -> PyResult<Bound<'py, PyAny>> {
    Ok(match value {
        Value::Null => py.None().into_bound(py),
        Value::Bool(b) => pyo3::types::PyBool::new(py, *b).to_owned().into_any(),
        Value::Number(n) => {
            if let Some(u) = n.as_u64() {
                u.into_pyobject(py)?.into_any()
            } else if let Some(i) = n.as_i64() {
                i.into_pyobject(py)?.into_any()
            } else {
                n.as_f64().unwrap_or(f64::NAN).into_pyobject(py)?.into_any()
            }
        }
        Value::String(s) => word(py, s, words).into_any(),
        Value::Array(items) => {
            let list = PyList::empty(py);
            for item in items {
                list.append(convert(py, item, words)?)?;
            }
            list.into_any()
        }
        Value::Object(map) => {
            let dict = PyDict::new(py);
            for (key, item) in map {
                dict.set_item(word(py, key, words), convert(py, item, words)?)?;
            }
            dict.into_any()
        }
    })
}

/// `s` as a Python string, shared from the cache when it is a short word.
fn word<'py>(
    py: Python<'py>,
    s: &str,
    words: &Mutex<HashMap<String, Py<PyString>>>,
) -> Bound<'py, PyString> {
    if s.len() > MAX_CACHED {
        return PyString::new(py, s);
    }
    // The GIL is held, so the lock is never contended; a poisoned lock only means a panic
    // elsewhere, and the cache is still a valid map.
    let mut cache = words
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    if let Some(found) = cache.get(s) {
        return found.bind(py).clone();
    }
    let new = PyString::intern(py, s);
    if cache.len() < MAX_WORDS {
        cache.insert(s.to_owned(), new.clone().unbind());
    }
    new
}
