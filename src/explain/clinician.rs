//! The clinician text: the verdict, red flags and suspected conditions, what to document or
//! correct and why, next steps, labs, candidate codes, the rules that fired with their
//! references. Plain text (`Display`) or Markdown (the CDS Hooks card's `detail`).

use core::fmt::{self, Write};

use super::{cited, write_citations, write_list, Audience, Explained, Style};
use crate::code_set::CodeStatus;
use crate::determination::Determination;
use crate::plan::Plan;

const A: Audience = Audience::Clinician;

/// Writes the clinician text of `d`, with the path to coverage when `plan` is given.
pub(super) fn write(
    d: &Determination,
    plan: Option<&Plan>,
    f: &mut dyn Write,
    style: Style,
) -> fmt::Result {
    let item = style.bullet();
    style.field(f, "Verdict", d.coverage.text(A))?;
    style.field(f, "Indication", d.indication.text(A))?;

    if !d.red_flags.is_empty() {
        style.heading(f, "Red flags")?;
        for k in d.red_flags {
            writeln!(f, "{item}{}", k.text(A))?;
        }
    }
    if !d.suspected_conditions.is_empty() {
        style.heading(f, "Suspected")?;
        for c in d.suspected_conditions {
            writeln!(f, "{item}{}", c.text(A))?;
        }
    }

    if !d.documentation_gaps.is_empty() || !d.pitfalls.is_empty() {
        style.heading(f, "What to document or correct")?;
        for g in d.documentation_gaps {
            writeln!(f, "{item}{}", g.text(A))?;
        }
        for p in d.pitfalls {
            writeln!(f, "{item}{}", p.text(A))?;
        }
    }

    if !d.recommendations.is_empty() {
        style.heading(f, "What to do")?;
        for r in d.recommendations {
            writeln!(f, "{item}{}", r.text(A))?;
        }
    }
    let mut issues = d.diagnosis_code_issues().peekable();
    if issues.peek().is_some() {
        style.heading(f, "Diagnosis codes to correct")?;
        for issue in issues {
            let what = match issue.status {
                CodeStatus::Unknown => "is not in the FY2026 ICD-10-CM code set",
                _ => "is a category or subcategory, not a billable code",
            };
            writeln!(f, "{item}{} {what}.", issue.code)?;
        }
    }
    let mut corrections = d.procedure_corrections().peekable();
    if corrections.peek().is_some() {
        style.heading(f, "Procedure corrections")?;
        for c in corrections {
            writeln!(
                f,
                "{item}Replace {} with {}, the code for the documented number of studies.",
                c.cpt, c.replacement
            )?;
        }
    }
    if !d.recommended_labs.is_empty() {
        match style {
            Style::Text => write!(f, "\nLabs to order:")?,
            Style::Markdown => write!(f, "\n**Labs to order:**")?,
        }
        write_list(f, d.recommended_labs.iter().map(|l| l.text(A)))?;
        writeln!(f)?;
    }
    let mut codes = d.suggested_codes().peekable();
    if codes.peek().is_some() {
        style.heading(
            f,
            "Candidate codes (a coder confirms each against the record)",
        )?;
        for c in codes {
            writeln!(
                f,
                "{item}{} for {}",
                c.code,
                c.finding.text(Audience::Coder)
            )?;
        }
    }

    if let Some(plan) = plan {
        super::path::write_clinician_section(plan, f, style)?;
    }

    style.heading(f, "Why")?;
    for r in d.reasons() {
        write!(f, "{item}[{}] {}", r.rule(), r.rule().description())?;
        write_citations(f, r.citations())?;
        if !r.sources().is_empty() {
            write!(f, " [sources")?;
            write_list(f, r.sources().iter())?;
            write!(f, "]")?;
        }
        writeln!(f)?;
    }

    let (refs, sources) = cited(d);
    style.heading(f, "References")?;
    let line = style.reference();
    for r in refs {
        writeln!(f, "{line}{r}")?;
    }
    for s in sources {
        writeln!(f, "{line}[{s}] {}", s.description())?;
    }
    write!(
        f,
        "\n({}; a documentation aid, not a payer decision or clinical judgment.)",
        d.ruleset()
    )
}
