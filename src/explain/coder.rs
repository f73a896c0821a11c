//! The coder text: codes first. The diagnosis codes on the order with their official
//! descriptions, their class and their code-set status (the billable codes under each
//! header), candidate
//! codes, each claim line and what is wrong with it, the outlook, pitfalls, what to query the
//! provider for, actions, and the sources behind each rule.
//!
//! Codes and lines are listed in code order (not input order), each distinct code once and
//! each distinct line once with its count, so the text does not depend on the order of the
//! case's entries. Finding the next entry by a scan keeps the walk free of allocation; lists
//! are at most [`MAX_ENTRIES`](crate::MAX_ENTRIES) long.

use core::fmt::{self, Write};

use super::{cited, texts, write_citations, write_list, Audience, Explained};
use crate::code_set::{self, CodeStatus};
use crate::codes::EMG_ADD_ON_CONFLICTS;
use crate::determination::Determination;
use crate::model::{Case, CodeClass, CptCode, CptFamily, IcdCode, Procedure, Studies, Units};
use crate::outcome::Pitfall;
use crate::plan::Plan;

const A: Audience = Audience::Coder;
const ITEM: &str = "  - ";

/// Writes the coder text of `d`, evaluated from `case`, with the path to coverage when `plan`
/// is given.
pub(super) fn write(
    case: &Case,
    d: &Determination,
    plan: Option<&Plan>,
    f: &mut dyn Write,
) -> fmt::Result {
    writeln!(f, "Diagnosis codes on the order:")?;
    let mut last: Option<IcdCode> = None;
    while let Some(code) = case
        .diagnoses()
        .iter()
        .map(|dx| dx.code())
        .filter(|c| last.is_none_or(|l| *c > l))
        .min()
    {
        write_diagnosis(f, code)?;
        last = Some(code);
    }

    let mut codes = d.suggested_codes().peekable();
    if codes.peek().is_some() {
        writeln!(
            f,
            "\nCandidate codes (confirm each against the record before adding):"
        )?;
        for c in codes {
            writeln!(f, "{ITEM}{} documents {}", c.code, c.finding.text(A))?;
        }
    }

    writeln!(f, "\nProcedure lines:")?;
    if case.procedures().is_empty() {
        writeln!(f, "{ITEM}none on the order")?;
    }
    let mut last: Option<LineKey> = None;
    while let Some(key) = case
        .procedures()
        .iter()
        .map(LineKey::of)
        .filter(|k| last.is_none_or(|l| *k > l))
        .min()
    {
        let count = case
            .procedures()
            .iter()
            .filter(|p| LineKey::of(p) == key)
            .count();
        write_line(f, case, d, key, count)?;
        last = Some(key);
    }
    let exceptions = case.needle_emg_exceptions();
    if !exceptions.is_empty() {
        write!(f, "Documented reasons for NCS without needle EMG:")?;
        write_list(f, exceptions.iter())?;
        writeln!(f)?;
    }

    writeln!(f, "\nOutlook: {}", d.coverage.text(A))?;
    writeln!(f, "Indication: {}", d.indication.text(A))?;
    if !d.red_flags.is_empty() {
        write!(f, "Red flags on the record:")?;
        write_list(f, d.red_flags.iter().map(|k| k.text(A)))?;
        writeln!(f)?;
    }
    if !d.suspected_conditions.is_empty() {
        writeln!(f, "\nSuspected conditions:")?;
        for c in d.suspected_conditions {
            writeln!(f, "{ITEM}{}", c.text(A))?;
        }
    }
    if !d.pitfalls.is_empty() {
        writeln!(f, "\nCoding and ordering pitfalls:")?;
        for p in d.pitfalls {
            writeln!(f, "{ITEM}{}", p.text(A))?;
        }
    }
    if !d.documentation_gaps.is_empty() {
        writeln!(f, "\nQuery the provider for:")?;
        for g in d.documentation_gaps {
            writeln!(f, "{ITEM}{}", g.text(A))?;
        }
    }
    if !d.recommendations.is_empty() {
        writeln!(f, "\nActions:")?;
        for r in d.recommendations {
            writeln!(f, "{ITEM}{}", r.text(A))?;
        }
    }
    if !d.recommended_labs.is_empty() {
        write!(f, "\nScreening labs not on the record:")?;
        write_list(f, d.recommended_labs.iter().map(|l| l.text(A)))?;
        writeln!(f)?;
    }

    if let Some(plan) = plan {
        super::path::write_coder(plan, f)?;
    }

    writeln!(f, "\nRules and the sources behind them:")?;
    for r in d.reasons() {
        write!(f, "{ITEM}[{}] {}", r.rule(), r.rule().description())?;
        if !r.sources().is_empty() {
            write!(f, " [sources")?;
            write_list(f, r.sources().iter())?;
            write!(f, "]")?;
        }
        write_citations(f, r.citations())?;
        writeln!(f)?;
    }
    let (refs, sources) = cited(d);
    writeln!(f, "\nSources:")?;
    for s in sources {
        writeln!(f, "  [{s}] {}", s.description())?;
    }
    for r in refs {
        writeln!(f, "  {r}")?;
    }
    write!(
        f,
        "\n({}; candidate codes need a certified coder's confirmation; not a payer decision.)",
        d.ruleset()
    )
}

/// How many billable codes the coder text lists under a header before it only counts them.
const LISTED_UNDER_HEADER: usize = 12;

/// One diagnosis code: the code and its official description, its class, and (ruleset 4)
/// what the code set says: for a header, the billable codes under it; for a code not in the
/// code set, that it is not.
fn write_diagnosis(f: &mut dyn Write, code: IcdCode) -> fmt::Result {
    write!(f, "{ITEM}{code}")?;
    if let Some(description) = code_set::description(&code) {
        write!(f, " {description}")?;
    }
    match code.status() {
        CodeStatus::Unknown => {
            return writeln!(
                f,
                ": not in the FY2026 ICD-10-CM code set (no such code); {}",
                texts::code_class(CodeClass::Other)
            );
        }
        CodeStatus::Header => {}
        _ => return writeln!(f, ": {}", texts::code_class(code.class())),
    }
    let under = code_set::billable_under(&code);
    let count = under.clone().count();
    write!(
        f,
        ": {}; a header of the code set (category or subcategory), not billable; ",
        texts::code_class(code.class())
    )?;
    if count > LISTED_UNDER_HEADER {
        writeln!(
            f,
            "{count} billable codes under it, the first {LISTED_UNDER_HEADER}:"
        )?;
    } else {
        writeln!(
            f,
            "the billable code{} under it:",
            if count == 1 { "" } else { "s" }
        )?;
    }
    for billable in under.take(LISTED_UNDER_HEADER) {
        write!(f, "      {billable}")?;
        if let Some(description) = code_set::description(&billable) {
            write!(f, " {description}")?;
        }
        writeln!(f)?;
    }
    Ok(())
}

/// What identifies a claim line for listing: code, then units, then study count.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct LineKey {
    cpt: CptCode,
    units: Units,
    studies: Option<Studies>,
}

impl LineKey {
    fn of(p: &Procedure) -> LineKey {
        LineKey {
            cpt: p.cpt,
            units: p.units,
            studies: p.studies,
        }
    }
}

/// One claim line (`count` identical lines): code, family, units, studies, and its problems.
fn write_line(
    f: &mut dyn Write,
    case: &Case,
    d: &Determination,
    key: LineKey,
    count: usize,
) -> fmt::Result {
    let units = key.units.get();
    write!(
        f,
        "{ITEM}{} ({}), {units} unit{}",
        key.cpt,
        texts::cpt_family(key.cpt.family()),
        if units == 1 { "" } else { "s" }
    )?;
    if let Some(studies) = key.studies {
        let n = studies.get();
        write!(
            f,
            ", {n} stud{} documented",
            if n == 1 { "y" } else { "ies" }
        )?;
    }
    if count > 1 {
        write!(f, ", on {count} lines")?;
    }
    let mut first = true;
    let mut sep = |f: &mut dyn Write| {
        let s = if first { ": " } else { "; " };
        first = false;
        f.write_str(s)
    };
    for p in d.pitfalls {
        if let Some(problem) = line_problem(p, key.cpt.family()) {
            sep(f)?;
            f.write_str(problem)?;
        }
        match p {
            Pitfall::NcsCodeMismatch => {
                if let Some(replacement) = replacement(d, key) {
                    sep(f)?;
                    write!(
                        f,
                        "the code does not match the study count; bill {replacement} instead"
                    )?;
                }
            }
            Pitfall::ConflictingEmgCodes => {
                if let Some(other) = conflict(case, key.cpt) {
                    sep(f)?;
                    write!(f, "not reported together with {other}; keep one of them")?;
                }
            }
            _ => {}
        }
    }
    if first {
        return writeln!(f, ": no line problem found");
    }
    writeln!(f)
}

/// The code the determination corrects this NCS line to, if its study count calls for one.
fn replacement(d: &Determination, key: LineKey) -> Option<CptCode> {
    let want = CptCode::ncs_for_studies(key.studies?.get())?;
    d.procedure_corrections()
        .find(|c| c.cpt == key.cpt && c.replacement == want)
        .map(|c| c.replacement)
}

/// The lowest code on the order that CPT says `cpt` is not reported with (either way round).
fn conflict(case: &Case, cpt: CptCode) -> Option<CptCode> {
    let clashes = |a: u32, b: u32| {
        EMG_ADD_ON_CONFLICTS.iter().any(|(add_on, others)| {
            (*add_on == a && others.contains(&b)) || (*add_on == b && others.contains(&a))
        })
    };
    case.procedures()
        .iter()
        .map(|p| p.cpt)
        .filter(|other| clashes(cpt.value(), other.value()))
        .min()
}

/// What a pitfall says about a claim line of `family`, if it concerns that line (the
/// ruleset 3 line problems that need the line's study count or the other lines are written
/// by [`write_line`]).
const fn line_problem(p: Pitfall, family: CptFamily) -> Option<&'static str> {
    match p {
        Pitfall::NcsCodeMismatch | Pitfall::ConflictingEmgCodes => None,
        Pitfall::SymptomOnlyCoding
        | Pitfall::LackOfClinicalCorrelation
        | Pitfall::PrematureTesting
        | Pitfall::NonBillableDiagnosisCode
        | Pitfall::UnknownDiagnosisCode => None,
        Pitfall::NcsWithoutNeedleEmg => match family {
            CptFamily::Ncs => Some("no needle EMG in the session"),
            _ => None,
        },
        Pitfall::PointOfCareDevice => match family {
            CptFamily::PointOfCare => {
                Some("investigational device; replace with 95907-95913 and needle EMG")
            }
            _ => None,
        },
        Pitfall::NcsReportedMoreThanOnce => match family {
            CptFamily::Ncs => Some("NCS reported more than once; report one code, one unit"),
            _ => None,
        },
        Pitfall::EmgAddOnWithoutNcs => match family {
            CptFamily::NeedleEmgAddOn => Some("add-on without NCS; use 95860-95870"),
            _ => None,
        },
    }
}
