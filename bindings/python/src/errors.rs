//! Refusals as Python exceptions: the crate's [`Error`] becomes `edx_coverage.InvalidInput`
//! with the same path and message.

use edx_coverage::Error;
use pyo3::exceptions::PyRuntimeError;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::PyType;

/// `edx_coverage._errors.InvalidInput`, looked up once. The class is written in Python (a
/// plain `ValueError` subclass with `path` and `message`), so it pickles and reads like any
/// Python exception.
static INVALID_INPUT: PyOnceLock<Py<PyType>> = PyOnceLock::new();

/// `edx_coverage._errors._encoding_error`, which names the value the `json` module could
/// not write (only called on that failure).
static ENCODING_ERROR: PyOnceLock<Py<PyAny>> = PyOnceLock::new();

/// An `InvalidInput` with `path` and `message`.
pub(crate) fn invalid(py: Python<'_>, path: &str, message: &str) -> PyErr {
    match INVALID_INPUT.import(py, "edx_coverage._errors", "InvalidInput") {
        Ok(class) => PyErr::from_type(class.clone(), (path.to_owned(), message.to_owned())),
        Err(e) => e,
    }
}

/// The crate's refusal of the document at `root` as `InvalidInput`: the joined path, and
/// the reason without the path. `root` is `""` for a lone case, `cases[3]` in a batch.
pub(crate) fn refused_at(py: Python<'_>, root: &str, error: &Error) -> PyErr {
    invalid(py, &join(root, error.path()), &error.kind().to_string())
}

/// `root` and `path` as one path: `cases[3]` + `findings[0].kind` is
/// `cases[3].findings[0].kind`; either may be empty.
pub(crate) fn join(root: &str, path: &str) -> String {
    match (root.is_empty(), path.is_empty()) {
        (true, _) => path.to_owned(),
        (false, true) => root.to_owned(),
        (false, false) => format!("{root}.{path}"),
    }
}

/// Why the `json` module could not write `value` (the argument at `root`), as an
/// `InvalidInput` naming the offending value. `cause` is what the encoder raised; an
/// exception that is not an `Exception` (`KeyboardInterrupt`) goes through unchanged.
pub(crate) fn encoding_failed(
    py: Python<'_>,
    value: &Bound<'_, PyAny>,
    root: &str,
    cause: PyErr,
) -> PyErr {
    if !cause.is_instance_of::<pyo3::exceptions::PyException>(py) {
        return cause;
    }
    let helper = ENCODING_ERROR.get_or_try_init(py, || {
        py.import("edx_coverage._errors")?
            .getattr("_encoding_error")
            .map(Bound::unbind)
    });
    match helper.and_then(|f| f.bind(py).call1((value, root, cause.value(py)))) {
        Ok(exception) => PyErr::from_value(exception),
        Err(e) => e,
    }
}

/// A panic caught at the boundary. The crate promises never to panic on any input; should
/// that promise break, the host gets an ordinary `RuntimeError` it can catch and report,
/// not pyo3's `PanicException` (a `BaseException` that escapes `except Exception`).
pub(crate) fn internal(py: Python<'_>, what: &str) -> PyErr {
    let _ = py;
    PyRuntimeError::new_err(format!(
        "edx-coverage internal error in {what} (a bug in the library; please report it with the input)"
    ))
}
