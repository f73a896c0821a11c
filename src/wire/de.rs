//! From the [`Raw`] tree to the typed model, naming the JSON path of every refusal.

use core::fmt;
use core::str::FromStr;

use super::raw::Raw;
use crate::error::{Error, ErrorKind, MAX_ENTRIES};
use crate::model::{
    Case, ConservativeTrial, CptCode, Finding, FindingSource, FindingStatus, IcdCode, LabResult,
    NeedleEmgException, Procedure, Studies, Units,
};
use crate::policy::Policy;

/// A JSON path built on the stack and rendered only when an error needs it.
#[derive(Clone, Copy)]
pub(crate) enum Path<'a> {
    Root,
    Field(&'a Path<'a>, &'a str),
    Index(&'a Path<'a>, usize),
}

impl<'a> Path<'a> {
    fn field(&'a self, name: &'a str) -> Path<'a> {
        Path::Field(self, name)
    }
    fn index(&'a self, i: usize) -> Path<'a> {
        Path::Index(self, i)
    }
    fn error(&self, kind: ErrorKind) -> Error {
        Error::new(self.to_string(), kind)
    }
}

impl fmt::Display for Path<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Path::Root => Ok(()),
            Path::Field(Path::Root, name) => f.write_str(name),
            Path::Field(parent, name) => write!(f, "{parent}.{name}"),
            Path::Index(parent, i) => write!(f, "{parent}[{i}]"),
        }
    }
}

fn wrong_type(path: &Path<'_>, expected: &'static str, raw: &Raw<'_>) -> Error {
    path.error(ErrorKind::WrongType {
        expected,
        found: raw.describe(),
    })
}

/// The fields of an object, placed by name; unknown and repeated names are refused.
fn fields<'r, 'de, const N: usize>(
    raw: &'r Raw<'de>,
    path: &Path<'_>,
    known: &'static [&'static str; N],
) -> Result<[Option<&'r Raw<'de>>; N], Error> {
    let Raw::Map(entries) = raw else {
        return Err(wrong_type(path, "an object", raw));
    };
    let mut out = [None; N];
    for (name, value) in entries {
        let slot = known
            .iter()
            .position(|k| *k == name.as_ref())
            .and_then(|i| out.get_mut(i))
            .ok_or_else(|| {
                path.error(ErrorKind::UnknownField {
                    name: crate::error::echo(name),
                    expected: known,
                })
            })?;
        if slot.is_some() {
            return Err(path.error(ErrorKind::DuplicateField {
                name: crate::error::echo(name),
            }));
        }
        *slot = Some(value);
    }
    Ok(out)
}

fn required<'r, 'de>(value: Option<&'r Raw<'de>>, path: &Path<'_>) -> Result<&'r Raw<'de>, Error> {
    value.ok_or_else(|| path.error(ErrorKind::Missing))
}

fn string<'r>(raw: &'r Raw<'_>, path: &Path<'_>) -> Result<&'r str, Error> {
    match raw {
        Raw::Str(s) => Ok(s),
        other => Err(wrong_type(path, "a string", other)),
    }
}

fn boolean(raw: &Raw<'_>, path: &Path<'_>) -> Result<bool, Error> {
    match raw {
        Raw::Bool(b) => Ok(*b),
        other => Err(wrong_type(path, "true or false", other)),
    }
}

/// A whole number in `0..=u32::MAX`; anything else numeric gets `kind`.
fn whole_number(
    raw: &Raw<'_>,
    path: &Path<'_>,
    kind: fn(String) -> ErrorKind,
) -> Result<u32, Error> {
    match raw {
        Raw::U64(n) => u32::try_from(*n).map_err(|_| path.error(kind(raw.number_text()))),
        Raw::I64(_) => Err(path.error(kind(raw.number_text()))),
        // A fraction part (even `.0`) or an integer beyond 64 bits, which JSON parsers hand
        // over as floating point: not a whole number as the wire format writes them.
        other => Err(wrong_type(path, "a whole number", other)),
    }
}

fn word<T: FromStr<Err = ErrorKind>>(raw: &Raw<'_>, path: &Path<'_>) -> Result<T, Error> {
    string(raw, path)?.parse().map_err(|kind| path.error(kind))
}

/// An array of at most [`MAX_ENTRIES`] entries, each converted by `item` as it is read.
///
/// The entries go straight to the case builder: no intermediate `Vec` per list.
fn list<'r, T>(
    raw: Option<&'r Raw<'_>>,
    path: &'r Path<'_>,
    item: impl Fn(&Raw<'_>, &Path<'_>) -> Result<T, Error> + 'r,
) -> Result<impl Iterator<Item = Result<T, Error>> + 'r, Error> {
    let items = match raw {
        None => &[][..],
        Some(Raw::Seq(items)) => items.as_slice(),
        Some(raw) => return Err(wrong_type(path, "an array", raw)),
    };
    if items.len() > MAX_ENTRIES {
        return Err(path.error(ErrorKind::TooMany {
            len: items.len(),
            max: MAX_ENTRIES,
        }));
    }
    Ok(items
        .iter()
        .enumerate()
        .map(move |(i, v)| item(v, &path.index(i))))
}

/// The fields of a diagnosis, a finding, a trial and a lab (every reader's table).
pub(crate) const DIAGNOSIS_FIELDS: &[&str; 1] = &["code"];
pub(crate) const FINDING_FIELDS: &[&str; 3] = &["kind", "status", "source"];
pub(crate) const TRIAL_FIELDS: &[&str; 3] = &["therapy", "outcome", "duration_days"];
pub(crate) const LAB_FIELDS: &[&str; 2] = &["test", "result"];

pub(crate) const CASE_FIELDS: &[&str; 8] = &[
    "schema_version",
    "diagnoses",
    "findings",
    "conservative_trials",
    "labs",
    "differential",
    "procedures",
    "needle_emg_exceptions",
];

pub(crate) fn case(raw: &Raw<'_>) -> Result<Case, Error> {
    let root = Path::Root;
    let [version, diagnoses, findings, trials, labs, differential, procedures, exceptions] =
        fields(raw, &root, CASE_FIELDS)?;
    if let Some(v) = version {
        let p = root.field("schema_version");
        match v {
            Raw::U64(1) => {}
            Raw::U64(_) | Raw::I64(_) => {
                return Err(p.error(ErrorKind::SchemaVersion {
                    value: v.number_text(),
                }))
            }
            other => return Err(wrong_type(&p, "the number 1", other)),
        }
    }
    // Lists are read in this fixed order, so the first refusal is the same whatever the
    // order of the fields in the input.
    let mut b = Case::builder();
    let dx_path = root.field("diagnoses");
    for d in list(Some(required(diagnoses, &dx_path)?), &dx_path, diagnosis)? {
        b = b.diagnosis(d?);
    }
    for f in list(findings, &root.field("findings"), finding)? {
        b = b.finding(f?);
    }
    for t in list(trials, &root.field("conservative_trials"), trial)? {
        b = b.trial(t?);
    }
    for l in list(labs, &root.field("labs"), lab)? {
        b = b.lab(l?);
    }
    for d in list(differential, &root.field("differential"), word)? {
        b = b.differential(d?);
    }
    for p in list(procedures, &root.field("procedures"), procedure)? {
        b = b.procedure(p?);
    }
    let exceptions_path = root.field("needle_emg_exceptions");
    for e in list(exceptions, &exceptions_path, word::<NeedleEmgException>)? {
        b = b.needle_emg_exception(e?);
    }
    b.build()
}

fn diagnosis(raw: &Raw<'_>, path: &Path<'_>) -> Result<IcdCode, Error> {
    let [code] = fields(raw, path, DIAGNOSIS_FIELDS)?;
    let p = path.field("code");
    let code = string(required(code, &p)?, &p)?;
    IcdCode::parse(code).map_err(|kind| p.error(kind))
}

fn finding(raw: &Raw<'_>, path: &Path<'_>) -> Result<Finding, Error> {
    let [kind, status, source] = fields(raw, path, FINDING_FIELDS)?;
    let p = path.field("kind");
    let mut f = Finding::new(word(required(kind, &p)?, &p)?);
    if let Some(s) = status {
        f.status = word::<FindingStatus>(s, &path.field("status"))?;
    }
    if let Some(s) = source {
        f.source = word::<FindingSource>(s, &path.field("source"))?;
    }
    Ok(f)
}

fn trial(raw: &Raw<'_>, path: &Path<'_>) -> Result<ConservativeTrial, Error> {
    let [therapy, outcome, days] = fields(raw, path, TRIAL_FIELDS)?;
    let tp = path.field("therapy");
    let op = path.field("outcome");
    let mut t = ConservativeTrial::new(
        word(required(therapy, &tp)?, &tp)?,
        word(required(outcome, &op)?, &op)?,
    );
    if let Some(d) = days {
        t.duration_days = Some(whole_number(d, &path.field("duration_days"), |value| {
            ErrorKind::NotANonNegativeInteger { value }
        })?);
    }
    Ok(t)
}

fn lab(raw: &Raw<'_>, path: &Path<'_>) -> Result<LabResult, Error> {
    let [test, result] = fields(raw, path, LAB_FIELDS)?;
    let tp = path.field("test");
    let rp = path.field("result");
    Ok(LabResult::new(
        word(required(test, &tp)?, &tp)?,
        word(required(result, &rp)?, &rp)?,
    ))
}

fn procedure(raw: &Raw<'_>, path: &Path<'_>) -> Result<Procedure, Error> {
    let [cpt, units, studies] = fields(raw, path, PROCEDURE_FIELDS)?;
    let cp = path.field("cpt");
    let cpt = CptCode::parse(string(required(cpt, &cp)?, &cp)?).map_err(|kind| cp.error(kind))?;
    let mut p = Procedure::new(cpt);
    if let Some(u) = units {
        let up = path.field("units");
        let out_of_range = |value| ErrorKind::UnitsOutOfRange { value };
        let n = whole_number(u, &up, out_of_range)?;
        p.units = Units::new(n).ok_or_else(|| up.error(out_of_range(n.to_string())))?;
    }
    if let Some(s) = studies {
        let sp = path.field("studies");
        let out_of_range = |value| ErrorKind::StudiesOutOfRange { value };
        let n = whole_number(s, &sp, out_of_range)?;
        let studies = Studies::new(n).ok_or_else(|| sp.error(out_of_range(n.to_string())))?;
        // Refused here as well as by the builder, so the first bad line is the one named.
        if cpt.ncs_tier().is_none() {
            return Err(sp.error(ErrorKind::StudiesOnNonNcs { value: n, cpt }));
        }
        p.studies = Some(studies);
    }
    Ok(p)
}

pub(crate) const PROCEDURE_FIELDS: &[&str; 3] = &["cpt", "units", "studies"];

pub(crate) const POLICY_FIELDS: &[&str; 4] = &[
    "min_trial_days",
    "require_differential",
    "accept_symptom_codes_with_support",
    "require_needle_emg_with_ncs",
];

pub(crate) fn policy(raw: &Raw<'_>) -> Result<Policy, Error> {
    let root = Path::Root;
    let [min_days, require_differential, accept_symptom, require_emg] =
        fields(raw, &root, POLICY_FIELDS)?;
    let mut policy = Policy::default();
    if let Some(v) = min_days {
        policy.min_trial_days = whole_number(v, &root.field("min_trial_days"), |value| {
            ErrorKind::NotANonNegativeInteger { value }
        })?;
    }
    if let Some(v) = require_differential {
        policy.require_differential = boolean(v, &root.field("require_differential"))?;
    }
    if let Some(v) = accept_symptom {
        policy.accept_symptom_codes_with_support =
            boolean(v, &root.field("accept_symptom_codes_with_support"))?;
    }
    if let Some(v) = require_emg {
        policy.require_needle_emg_with_ncs =
            boolean(v, &root.field("require_needle_emg_with_ncs"))?;
    }
    Ok(policy)
}
