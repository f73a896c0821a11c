//! The native half of the Python package `edx_coverage` (module `edx_coverage._native`).
//!
//! Every function takes the case and the optional policy as a `dict` or as JSON text, turns
//! them into JSON text (`input.rs`), lets the crate parse and evaluate them with the Python
//! lock released, and hands the crate's JSON back as Python objects (`output.rs`).
//! `evaluate` and `evaluate_many` first read a plain dict straight into the crate's types
//! (`fast_input.rs`; the way through text only when that gives up, so refusals are
//! unchanged) and build the result dict directly (`fast_output.rs`, with `words.rs`). Refusals
//! become `edx_coverage.InvalidInput` with the crate's path (`errors.rs`). The package's
//! `__init__.py` re-exports everything; the documentation for Python users is in the
//! package README and the type stubs.

#![forbid(unsafe_code)]

mod arrow;
mod arrow_in;
mod arrow_out;
mod errors;
mod fast_input;
mod fast_output;
mod input;
mod output;
mod parsed;
mod words;

use std::panic::{catch_unwind, AssertUnwindSafe};

use edx_coverage::json::{
    evaluate_str, explain_str, parse_case, parse_inputs, parse_policy_argument,
};
use edx_coverage::{
    evaluate as evaluate_case, plan as plan_case, Audience, Case, Determination, Error, Member,
    Policy, RULESET,
};
use edx_coverage_fhir::card::Card;
use edx_coverage_fhir::crd::{CoverageInformation, CrdInputs};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyString};

use crate::parsed::Parsed;

/// Why one call failed inside the crate: which input, and the crate's error.
enum Refusal {
    /// The case found at the root path (`""`, or `cases[3]` in a batch); the error's path is
    /// relative to the case document.
    Case(String, Error),
    /// An Arrow column that cannot be read at all (its type): its name and the reason.
    Column(String, String),
    /// The crate panicked (it promises not to); the string names the operation.
    Panic(&'static str),
}

impl Refusal {
    fn into_py(self, py: Python<'_>) -> PyErr {
        match self {
            Refusal::Case(root, e) => errors::refused_at(py, &root, &e),
            Refusal::Column(column, message) => errors::invalid(py, &column, &message),
            Refusal::Panic(what) => errors::internal(py, what),
        }
    }
}

/// Runs `f` and turns a panic into [`Refusal::Panic`].
fn guarded<T>(what: &'static str, f: impl FnOnce() -> Result<T, Refusal>) -> Result<T, Refusal> {
    catch_unwind(AssertUnwindSafe(f)).unwrap_or(Err(Refusal::Panic(what)))
}

/// The case at `root`, parsed.
fn case_from(text: &str, root: &str) -> Result<Case, Refusal> {
    parse_case(text).map_err(|e| Refusal::Case(root.to_owned(), e))
}

/// The case and policy texts parsed (the case first, the policy's paths under `policy`),
/// as the crate's `evaluate_str` does.
fn inputs_from(case: &str, policy: Option<&str>) -> Result<(Case, Policy), Refusal> {
    parse_inputs(case, policy).map_err(|e| Refusal::Case(String::new(), e))
}

/// The policy argument as JSON text: `None` stays `None` (the default policy).
fn policy_text(policy: Option<&Bound<'_, PyAny>>) -> PyResult<Option<String>> {
    policy
        .filter(|p| !p.is_none())
        .map(|p| input::json_text(p, "policy"))
        .transpose()
}

/// Parses and evaluates, with the Python lock released, for the calls that render the
/// determination in another form.
fn determine(
    py: Python<'_>,
    case: &Bound<'_, PyAny>,
    policy: Option<&Bound<'_, PyAny>>,
) -> PyResult<Determination> {
    let case_text = input::json_text(case, "")?;
    let policy_text = policy_text(policy)?;
    py.detach(|| {
        guarded("evaluate", || {
            let (case, policy) = inputs_from(&case_text, policy_text.as_deref())?;
            Ok(evaluate_case(&case, &policy))
        })
    })
    .map_err(|r| r.into_py(py))
}

/// `evaluate(case, policy=None) -> dict`: the determination in the wire format.
#[pyfunction]
#[pyo3(signature = (case, policy=None))]
fn evaluate<'py>(
    py: Python<'py>,
    case: &Bound<'py, PyAny>,
    policy: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    if let Some((case, policy)) = fast_inputs(case, policy) {
        let determination =
            guarded("evaluate", || Ok(evaluate_case(&case, &policy))).map_err(|r| r.into_py(py))?;
        return Ok(fast_output::determination(py, &determination)?.into_any());
    }
    let determination = determine(py, case, policy)?;
    Ok(fast_output::determination(py, &determination)?.into_any())
}

/// The case and policy read straight from Python objects ([`fast_input`]), or `None` when
/// either needs the way through text (which then builds the exact refusal).
fn fast_inputs(
    case: &Bound<'_, PyAny>,
    policy: Option<&Bound<'_, PyAny>>,
) -> Option<(Case, Policy)> {
    let policy = match policy.filter(|p| !p.is_none()) {
        Some(p) => fast_input::policy(p)?,
        None => Policy::default(),
    };
    Some((fast_input::case(case)?, policy))
}

/// One case of a batch: read straight from Python objects, or as text for the crate.
enum BatchCase {
    Read(Case),
    Text(String),
}

/// `evaluate_json(case_json, policy_json=None) -> str`: JSON text in, JSON text out.
#[pyfunction]
#[pyo3(signature = (case_json, policy_json=None))]
fn evaluate_json(
    py: Python<'_>,
    case_json: &Bound<'_, PyAny>,
    policy_json: Option<&Bound<'_, PyAny>>,
) -> PyResult<String> {
    let case_text = text_argument(case_json, "")?;
    let policy_text = match policy_json.filter(|p| !p.is_none()) {
        Some(p) => Some(text_argument(p, "policy")?),
        None => None,
    };
    py.detach(|| {
        guarded("evaluate_json", || {
            evaluate_str(&case_text, policy_text.as_deref())
                .map_err(|e| Refusal::Case(String::new(), e))
        })
    })
    .map_err(|r| r.into_py(py))
}

/// A `str` argument of `evaluate_json`; anything else is refused (that function is for
/// hosts that already hold JSON text).
fn text_argument(value: &Bound<'_, PyAny>, root: &str) -> PyResult<String> {
    if value.is_instance_of::<PyString>() {
        input::json_text(value, root)
    } else {
        Err(errors::invalid(
            value.py(),
            root,
            &format!(
                "expected JSON text (str), found {} (evaluate takes dicts)",
                type_name(value)
            ),
        ))
    }
}

/// The Python type name of `value`, for messages.
fn type_name(value: &Bound<'_, PyAny>) -> String {
    value
        .get_type()
        .name()
        .map_or_else(|_| "an object".to_owned(), |n| n.to_string())
}

/// `evaluate_many(cases, policy=None) -> list[dict]`: one policy, many cases, the crate's
/// work done with the Python lock released so other threads run meanwhile. All or nothing:
/// the first refused case (in order) raises, with a path starting `cases[i]`.
#[pyfunction]
#[pyo3(signature = (cases, policy=None))]
fn evaluate_many<'py>(
    py: Python<'py>,
    cases: &Bound<'py, PyAny>,
    policy: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyList>> {
    if cases.is_instance_of::<PyString>() || cases.is_instance_of::<PyDict>() {
        return Err(errors::invalid(
            py,
            "cases",
            &format!(
                "expected a list of cases, found one {} (evaluate takes a single case)",
                type_name(cases)
            ),
        ));
    }
    let iter = cases.try_iter().map_err(|_| {
        errors::invalid(
            py,
            "cases",
            &format!("expected a list of cases, found {}", type_name(cases)),
        )
    })?;
    let mut batch = Vec::new();
    // The diagnoses of the code texts met so far in this batch (cases repeat codes).
    let mut codes = Parsed::with_bits(8);
    for (i, case) in iter.enumerate() {
        let case = case?;
        batch.push(match fast_input::batch_case(&case, &mut codes) {
            Some(read) => BatchCase::Read(read),
            None => BatchCase::Text(input::json_text(&case, &format!("cases[{i}]"))?),
        });
    }
    let read_policy = policy.filter(|p| !p.is_none()).and_then(fast_input::policy);
    let policy_text = match read_policy {
        Some(_) => None,
        None => policy_text(policy)?,
    };
    let outputs = py
        .detach(|| {
            guarded("evaluate_many", || {
                let policy = match (read_policy, policy_text.as_deref()) {
                    (Some(policy), _) => policy,
                    (None, Some(text)) => {
                        parse_policy_argument(text).map_err(|e| Refusal::Case(String::new(), e))?
                    }
                    (None, None) => Policy::default(),
                };
                batch
                    .iter()
                    .enumerate()
                    .map(|(i, case)| match case {
                        BatchCase::Read(case) => Ok(evaluate_case(case, &policy)),
                        BatchCase::Text(text) => {
                            let case = case_from(text, &format!("cases[{i}]"))?;
                            Ok(evaluate_case(&case, &policy))
                        }
                    })
                    .collect::<Result<Vec<Determination>, Refusal>>()
            })
        })
        .map_err(|r| r.into_py(py))?;
    fast_output::determinations(py, &outputs)
}

/// `plan(case, policy=None) -> dict`: the path to coverage (the crate's `plan`, docs/plan.md)
/// in its JSON form, with the same inputs and refusals as `evaluate`.
#[pyfunction]
#[pyo3(signature = (case, policy=None))]
fn plan<'py>(
    py: Python<'py>,
    case: &Bound<'py, PyAny>,
    policy: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    // The same two ways in as `evaluate`: read directly, or through text when that gives up.
    if let Some((case, policy)) = fast_inputs(case, policy) {
        let path = guarded("plan", || Ok(plan_case(&case, &policy))).map_err(|r| r.into_py(py))?;
        return output::to_python(py, &path);
    }
    let case_text = input::json_text(case, "")?;
    let policy_text = policy_text(policy)?;
    let path = py
        .detach(|| {
            guarded("plan", || {
                let (case, policy) = inputs_from(&case_text, policy_text.as_deref())?;
                Ok(plan_case(&case, &policy))
            })
        })
        .map_err(|r| r.into_py(py))?;
    output::to_python(py, &path)
}

/// `explain(case, policy=None, audience="clinician") -> str`: the determination in words,
/// for a patient, a clinician or a coder (the crate's `Explanation`).
#[pyfunction]
#[pyo3(signature = (case, policy=None, audience=None), text_signature = "(case, policy=None, audience='clinician')")]
fn explain(
    py: Python<'_>,
    case: &Bound<'_, PyAny>,
    policy: Option<&Bound<'_, PyAny>>,
    audience: Option<&Bound<'_, PyAny>>,
) -> PyResult<String> {
    let audience = check_audience(audience)?;
    let case_text = input::json_text(case, "")?;
    let policy_text = policy_text(policy)?;
    py.detach(|| {
        guarded("explain", || {
            explain_str(&case_text, policy_text.as_deref(), audience)
                .map_err(|e| Refusal::Case(String::new(), e))
        })
    })
    .map_err(|r| r.into_py(py))
}

/// `audience` must name an [`Audience`] (`None` is the default, `clinician`).
fn check_audience(audience: Option<&Bound<'_, PyAny>>) -> PyResult<Audience> {
    let Some(value) = audience.filter(|a| !a.is_none()) else {
        return Ok(Audience::Clinician);
    };
    let refuse = |found: String| {
        errors::invalid(
            value.py(),
            "audience",
            &format!(
                "{found} is not an audience (expected one of: {})",
                <Audience as Member>::ALL
                    .iter()
                    .map(|a| a.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        )
    };
    match value.cast::<PyString>() {
        Ok(s) => {
            let name = s.to_cow()?;
            match name.parse::<Audience>() {
                Ok(audience) => Ok(audience),
                _ => Err(refuse(format!("{:?}", name.as_ref()))),
            }
        }
        Err(_) => Err(refuse(type_name(value))),
    }
}

/// `crd(case, policy=None, *, date, coverage, assertion_id) -> dict`: the Da Vinci CRD
/// `ext-coverage-information` extension, as the example's `--format crd`.
#[pyfunction]
#[pyo3(signature = (case, policy=None, *, date, coverage, assertion_id))]
fn crd<'py>(
    py: Python<'py>,
    case: &Bound<'py, PyAny>,
    policy: Option<&Bound<'py, PyAny>>,
    date: &Bound<'py, PyAny>,
    coverage: &Bound<'py, PyAny>,
    assertion_id: &Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyAny>> {
    let date = str_argument(date, "date")?;
    let coverage = str_argument(coverage, "coverage")?;
    let assertion_id = str_argument(assertion_id, "assertion_id")?;
    let determination = determine(py, case, policy)?;
    let inputs = CrdInputs {
        date: &date,
        coverage: &coverage,
        coverage_assertion_id: &assertion_id,
    };
    let info = CoverageInformation::new(&determination, &inputs).map_err(|e| {
        // The crate names its field; the Python user knows the argument.
        let path = match e.path() {
            "coverage_assertion_id" => "assertion_id",
            other => other,
        };
        errors::invalid(py, path, &e.kind().to_string())
    })?;
    output::to_python(py, &info)
}

/// A text argument (`date`, `coverage`, `assertion_id`), refused unless it is a `str`.
fn str_argument(value: &Bound<'_, PyAny>, name: &str) -> PyResult<String> {
    match value.cast::<PyString>() {
        Ok(s) => input::json_text(s.as_any(), name),
        Err(_) => Err(errors::invalid(
            value.py(),
            name,
            &format!("expected a string, found {}", type_name(value)),
        )),
    }
}

/// `cds_card(case, policy=None) -> dict`: a CDS Hooks card, as the example's
/// `--format cds-card`.
#[pyfunction]
#[pyo3(signature = (case, policy=None))]
fn cds_card<'py>(
    py: Python<'py>,
    case: &Bound<'py, PyAny>,
    policy: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    let determination = determine(py, case, policy)?;
    output::to_python(py, &Card::new(&determination))
}

/// The module: the functions, `RULESET` and `__version__`.
#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(evaluate, m)?)?;
    m.add_function(wrap_pyfunction!(evaluate_json, m)?)?;
    m.add_function(wrap_pyfunction!(evaluate_many, m)?)?;
    m.add_function(wrap_pyfunction!(explain, m)?)?;
    m.add_function(wrap_pyfunction!(plan, m)?)?;
    m.add_function(wrap_pyfunction!(crd, m)?)?;
    m.add_function(wrap_pyfunction!(cds_card, m)?)?;
    m.add_function(wrap_pyfunction!(arrow::evaluate_arrow, m)?)?;
    m.add_function(wrap_pyfunction!(arrow::result_schema, m)?)?;
    m.add("RULESET", RULESET)?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
