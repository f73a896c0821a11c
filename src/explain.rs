//! `Display` for [`Determination`]: an explanation a clinician or biller can read.
//!
//! Order: the verdict, why (each reason with its citations), what is missing, what to do.

use core::fmt;

use crate::determination::Determination;
use crate::model::LabTest;

impl fmt::Display for Determination {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "Verdict: {}", self.coverage.description())?;
        writeln!(f, "Indication: {}", self.indication.description())?;

        if !self.red_flags.is_empty() {
            writeln!(f, "\nRed flags:")?;
            for k in self.red_flags {
                writeln!(f, "  - {}", k.description())?;
            }
        }
        if !self.suspected_conditions.is_empty() {
            writeln!(f, "\nSuspected:")?;
            for c in self.suspected_conditions {
                writeln!(f, "  - {}", c.description())?;
            }
        }

        writeln!(f, "\nWhy:")?;
        for r in self.reasons() {
            write!(f, "  - [{}] {}", r.rule(), r.rule().description())?;
            write_citations(f, r.citations())?;
            if !r.sources().is_empty() {
                write!(f, " [sources")?;
                write_list(f, r.sources().iter().map(|s| s.as_str()))?;
                write!(f, "]")?;
            }
            writeln!(f)?;
        }

        if !self.documentation_gaps.is_empty() || !self.pitfalls.is_empty() {
            writeln!(f, "\nWhat is missing:")?;
            for g in self.documentation_gaps {
                writeln!(f, "  - {}", g.description())?;
            }
            for p in self.pitfalls {
                writeln!(f, "  - {}", p.description())?;
            }
        }

        if !self.recommendations.is_empty() {
            writeln!(f, "\nWhat to do:")?;
            for r in self.recommendations {
                writeln!(f, "  - {}", r.description())?;
            }
        }
        if !self.recommended_labs.is_empty() {
            write!(f, "\nLabs to order:")?;
            write_list(f, self.recommended_labs.iter().map(LabTest::as_str))?;
            writeln!(f)?;
        }
        let mut codes = self.suggested_codes().peekable();
        if codes.peek().is_some() {
            writeln!(
                f,
                "\nCandidate codes (a coder confirms each against the record):"
            )?;
            for c in codes {
                writeln!(f, "  - {} for {}", c.code, c.finding)?;
            }
        }
        let mut cited = 0u8;
        for r in self.reasons() {
            for n in r.citations() {
                cited |= 1u8.checked_shl(u32::from(*n)).unwrap_or(0);
            }
        }
        writeln!(f, "\nReferences:")?;
        for r in crate::citation::REFERENCES {
            if cited & 1u8.checked_shl(u32::from(r.number)).unwrap_or(0) != 0 {
                writeln!(f, "  {r}")?;
            }
        }
        let mut sources = crate::Set::<crate::citation::Source>::new();
        for r in self.reasons() {
            sources.extend(r.sources().iter().copied());
        }
        for s in sources {
            writeln!(f, "  [{s}] {}", s.description())?;
        }
        write!(
            f,
            "\n({}; a documentation aid, not a payer decision or clinical judgment.)",
            self.ruleset()
        )
    }
}

fn write_citations(f: &mut fmt::Formatter<'_>, cites: &[u8]) -> fmt::Result {
    if cites.is_empty() {
        return Ok(());
    }
    write!(f, " [refs")?;
    write_list(
        f,
        cites
            .iter()
            .map(|n| NUMBERS.get(usize::from(*n)).copied().unwrap_or("?")),
    )?;
    write!(f, "]")
}

const NUMBERS: [&str; 8] = ["0", "1", "2", "3", "4", "5", "6", "7"];

fn write_list<'a>(f: &mut fmt::Formatter<'_>, items: impl Iterator<Item = &'a str>) -> fmt::Result {
    for (i, s) in items.enumerate() {
        write!(f, "{}{s}", if i == 0 { " " } else { ", " })?;
    }
    Ok(())
}
