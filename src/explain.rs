//! `Display` for [`Determination`]: an explanation a clinician or biller can read.
//!
//! Order: the verdict, why (each reason with its citations), what is missing, what to do.
//! The same walk renders Markdown for the CDS Hooks card (`crate::cds`).

use core::fmt::{self, Write};

use crate::determination::Determination;
use crate::model::LabTest;

impl fmt::Display for Determination {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        explain(self, f, Style::Text)
    }
}

/// The same explanation as Markdown (CDS Hooks card detail).
pub(crate) fn markdown(d: &Determination) -> String {
    let mut out = String::new();
    // Writing into a `String` cannot fail.
    let _ = explain(d, &mut out, Style::Markdown);
    out
}

/// How the explanation is laid out: plain text (`Display`) or Markdown.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Style {
    Text,
    Markdown,
}

impl Style {
    /// A labelled line (`Verdict: ...`).
    fn field(self, f: &mut dyn Write, name: &str, value: &str) -> fmt::Result {
        match self {
            Style::Text => writeln!(f, "{name}: {value}"),
            // Two trailing spaces: a Markdown line break, keeping the lines apart.
            Style::Markdown => writeln!(f, "**{name}:** {value}  "),
        }
    }

    /// A section heading, after a blank line.
    fn heading(self, f: &mut dyn Write, title: &str) -> fmt::Result {
        match self {
            Style::Text => writeln!(f, "\n{title}:"),
            Style::Markdown => writeln!(f, "\n**{title}**"),
        }
    }

    /// The start of a list item.
    const fn bullet(self) -> &'static str {
        match self {
            Style::Text => "  - ",
            Style::Markdown => "- ",
        }
    }

    /// The start of a reference-list line.
    const fn reference(self) -> &'static str {
        match self {
            Style::Text => "  ",
            Style::Markdown => "- ",
        }
    }

    /// The section of gaps and pitfalls.
    const fn missing_title(self) -> &'static str {
        match self {
            Style::Text => "What is missing",
            Style::Markdown => "What to document or correct",
        }
    }
}

/// Order: the verdict, why, what is missing, what to do, references.
fn explain(d: &Determination, f: &mut dyn Write, style: Style) -> fmt::Result {
    let item = style.bullet();
    style.field(f, "Verdict", d.coverage.description())?;
    style.field(f, "Indication", d.indication.description())?;

    if !d.red_flags.is_empty() {
        style.heading(f, "Red flags")?;
        for k in d.red_flags {
            writeln!(f, "{item}{}", k.description())?;
        }
    }
    if !d.suspected_conditions.is_empty() {
        style.heading(f, "Suspected")?;
        for c in d.suspected_conditions {
            writeln!(f, "{item}{}", c.description())?;
        }
    }

    style.heading(f, "Why")?;
    for r in d.reasons() {
        write!(f, "{item}[{}] {}", r.rule(), r.rule().description())?;
        write_citations(f, r.citations())?;
        if !r.sources().is_empty() {
            write!(f, " [sources")?;
            write_list(f, r.sources().iter().map(|s| s.as_str()))?;
            write!(f, "]")?;
        }
        writeln!(f)?;
    }

    if !d.documentation_gaps.is_empty() || !d.pitfalls.is_empty() {
        style.heading(f, style.missing_title())?;
        for g in d.documentation_gaps {
            writeln!(f, "{item}{}", g.description())?;
        }
        for p in d.pitfalls {
            writeln!(f, "{item}{}", p.description())?;
        }
    }

    if !d.recommendations.is_empty() {
        style.heading(f, "What to do")?;
        for r in d.recommendations {
            writeln!(f, "{item}{}", r.description())?;
        }
    }
    let mut corrections = d.procedure_corrections().peekable();
    if corrections.peek().is_some() {
        style.heading(f, "Procedure corrections")?;
        for c in corrections {
            writeln!(
                f,
                "{item}Replace {} with {}, the code for the documented number of studies",
                c.cpt, c.replacement
            )?;
        }
    }
    if !d.recommended_labs.is_empty() {
        match style {
            Style::Text => write!(f, "\nLabs to order:")?,
            Style::Markdown => write!(f, "\n**Labs to order:**")?,
        }
        write_list(f, d.recommended_labs.iter().map(LabTest::as_str))?;
        writeln!(f)?;
    }
    let mut codes = d.suggested_codes().peekable();
    if codes.peek().is_some() {
        style.heading(
            f,
            "Candidate codes (a coder confirms each against the record)",
        )?;
        for c in codes {
            writeln!(f, "{item}{} for {}", c.code, c.finding)?;
        }
    }
    let mut cited = [false; crate::citation::REFERENCES.len()];
    let mut sources = crate::Set::<crate::citation::Source>::new();
    for r in d.reasons() {
        for n in r.citations() {
            if let Some(seen) = cited.get_mut(usize::from(*n).wrapping_sub(1)) {
                *seen = true;
            }
        }
        sources.extend(r.sources().iter().copied());
    }
    style.heading(f, "References")?;
    let line = style.reference();
    for (r, _) in crate::citation::REFERENCES
        .iter()
        .zip(cited)
        .filter(|(_, seen)| *seen)
    {
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

fn write_citations(f: &mut dyn Write, cites: &[u8]) -> fmt::Result {
    if cites.is_empty() {
        return Ok(());
    }
    write!(f, " [refs")?;
    for (i, n) in cites.iter().enumerate() {
        write!(f, "{}{n}", if i == 0 { " " } else { ", " })?;
    }
    write!(f, "]")
}

fn write_list<'a>(f: &mut dyn Write, items: impl Iterator<Item = &'a str>) -> fmt::Result {
    for (i, s) in items.enumerate() {
        write!(f, "{}{s}", if i == 0 { " " } else { ", " })?;
    }
    Ok(())
}
