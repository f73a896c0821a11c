//! Arguments in: a case or policy given as a `dict` (or any value the `json` module writes)
//! or as JSON text, turned into the text the crate's parser reads.
//!
//! A dict is written as JSON text (by [`write_json`] here, or by Python's `json` module for
//! anything out of the ordinary) and then read by the crate's parser, so a dict and the same
//! document as text meet exactly the same checks: unknown fields are refused, and every
//! refusal keeps the crate's path.

use std::fmt::Write as _;

use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyBool, PyBytes, PyDict, PyFloat, PyInt, PyList, PyString, PyTuple};

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
    let mut out = String::with_capacity(512);
    if write_json(value, &mut out, 0)? {
        return Ok(out);
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

/// Deeper than this, [`write_json`] leaves the value to the `json` module (which refuses a
/// circular value by name); the crate's parser refuses such depth anyway.
const MAX_DEPTH: usize = 100;

/// Writes `value` as JSON text onto `out`, as the `json` module would, for the values a case
/// or a policy is made of: `dict` with `str` keys, `list`, `tuple`, `str`, `int`, finite
/// `float`, `bool`, `None`. Returns `false`, leaving `out` in any state, on anything else
/// (other key types, NaN, text that is not valid Unicode, other types, great depth): the
/// caller then hands the value to the `json` module, which writes it or says why not.
///
/// Measured against the `json` module's C encoder, this is about three times cheaper: it
/// writes into one buffer instead of joining a list of small strings (see BENCHMARKS.md).
fn write_json(value: &Bound<'_, PyAny>, out: &mut String, depth: usize) -> PyResult<bool> {
    if depth > MAX_DEPTH {
        return Ok(false);
    }
    if let Ok(s) = value.cast::<PyString>() {
        return match s.to_cow() {
            Ok(text) => {
                write_str(&text, out);
                Ok(true)
            }
            Err(_) => Ok(false),
        };
    }
    if let Ok(dict) = value.cast::<PyDict>() {
        out.push('{');
        for (i, (key, item)) in dict.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            let Ok(key) = key.cast::<PyString>() else {
                return Ok(false);
            };
            let Ok(key) = key.to_cow() else {
                return Ok(false);
            };
            write_str(&key, out);
            out.push(':');
            if !write_json(&item, out, depth + 1)? {
                return Ok(false);
            }
        }
        out.push('}');
        return Ok(true);
    }
    if let Ok(list) = value.cast::<PyList>() {
        return write_items(list.iter(), out, depth);
    }
    if value.is_none() {
        out.push_str("null");
        return Ok(true);
    }
    // bool before int: True is an int to Python, `true` to JSON.
    if let Ok(b) = value.cast::<PyBool>() {
        out.push_str(if b.is_true() { "true" } else { "false" });
        return Ok(true);
    }
    if value.is_instance_of::<PyInt>() {
        match value.extract::<i64>() {
            // Writing to a String cannot fail.
            Ok(n) => {
                let _ = write!(out, "{n}");
            }
            // Beyond 64 bits: Python's own digits, as the json module writes them.
            Err(_) => out.push_str(&value.str()?.to_cow()?),
        }
        return Ok(true);
    }
    if let Ok(f) = value.cast::<PyFloat>() {
        if !f.value().is_finite() {
            return Ok(false);
        }
        // `repr`, as the json module writes floats (`1.0`, `1e+20`).
        out.push_str(&value.repr()?.to_cow()?);
        return Ok(true);
    }
    if let Ok(tuple) = value.cast::<PyTuple>() {
        return write_items(tuple.iter(), out, depth);
    }
    Ok(false)
}

fn write_items<'py>(
    items: impl Iterator<Item = Bound<'py, PyAny>>,
    out: &mut String,
    depth: usize,
) -> PyResult<bool> {
    out.push('[');
    for (i, item) in items.enumerate() {
        if i > 0 {
            out.push(',');
        }
        if !write_json(&item, out, depth + 1)? {
            return Ok(false);
        }
    }
    out.push(']');
    Ok(true)
}

/// `s` as a JSON string: quotes, backslashes and control characters escaped. Every byte
/// that needs escaping is ASCII, so the slices between them fall on character boundaries.
fn write_str(s: &str, out: &mut String) {
    out.push('"');
    let mut start = 0;
    for (i, &b) in s.as_bytes().iter().enumerate() {
        let escape = match b {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            b'\n' => "\\n",
            b'\r' => "\\r",
            b'\t' => "\\t",
            0..=0x1f => "",
            _ => continue,
        };
        out.push_str(s.get(start..i).unwrap_or_default());
        if escape.is_empty() {
            let _ = write!(out, "\\u{b:04x}");
        } else {
            out.push_str(escape);
        }
        start = i + 1;
    }
    out.push_str(s.get(start..).unwrap_or_default());
    out.push('"');
}
