//! `Display` for a [`Plan`]: the path for the clinician, one line per step with who takes
//! it, what it clears and the outlook without it; then what still stands in the way.

use core::fmt::{self, Write};

use super::{Actor, Plan, PlanStep, Problems, Step};
use crate::outcome::Coverage;

/// A wire name in words (`at_risk` -> `at risk`).
pub(crate) struct Words(pub &'static str);

impl fmt::Display for Words {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for part in self.0.split('_').enumerate() {
            if part.0 > 0 {
                f.write_char(' ')?;
            }
            f.write_str(part.1)?;
        }
        Ok(())
    }
}

/// Writes `items` joined by ", ".
pub(crate) fn join<I>(f: &mut dyn Write, items: I) -> fmt::Result
where
    I: IntoIterator,
    I::Item: fmt::Display,
{
    for (i, item) in items.into_iter().enumerate() {
        if i > 0 {
            f.write_str(", ")?;
        }
        write!(f, "{item}")?;
    }
    Ok(())
}

/// The gaps and pitfalls in words, gaps first.
pub(crate) fn write_problems(f: &mut dyn Write, p: Problems) -> fmt::Result {
    let gaps = p.documentation_gaps.iter().map(|g| Words(g.as_str()));
    let pitfalls = p.pitfalls.iter().map(|x| Words(x.as_str()));
    join(f, gaps.chain(pitfalls))
}

/// What the clinician reads for one step (the change only).
pub(crate) fn write_step(f: &mut dyn Write, step: &Step) -> fmt::Result {
    match step {
        Step::AddFindingCodes { codes } => {
            f.write_str("add the codes of the documented findings to the order: ")?;
            join(f, codes)
        }
        Step::DocumentExam => f.write_str(
            "document the physical and neurological examination, pertinent negatives included",
        ),
        Step::ConservativeTrial { min_days } => {
            f.write_str("conservative treatment first (stretching, hydration, electrolytes)")?;
            if let Some(days) = min_days {
                write!(f, " for at least {days} days")?;
            }
            f.write_str("; this step counts only if the cramps persist after it")
        }
        Step::DocumentDifferential { differential } => {
            f.write_str("document the differential the study must settle: ")?;
            join(f, differential.iter().map(|c| Words(c.as_str())))
        }
        Step::CodeNcsByStudyCount { corrections } => {
            f.write_str("recode the NCS by the documented study count: ")?;
            for (i, c) in corrections.iter().enumerate() {
                let sep = if i > 0 { ", " } else { "" };
                write!(f, "{sep}{} to {}", c.cpt, c.replacement)?;
            }
            Ok(())
        }
        Step::ReportNcsOnce { line } => {
            write!(f, "report the NCS once, as one unit of {}", line.cpt)?;
            if let Some(n) = line.studies {
                write!(f, " ({} studies)", n.get())?;
            }
            Ok(())
        }
        Step::RemoveConflictingEmgCodes { removed } => {
            f.write_str("remove the codes that conflict with the needle EMG add-on codes: ")?;
            join(f, removed)
        }
        Step::ReplacePointOfCareNcs { added } => {
            f.write_str("replace the point-of-care device study (95905) with standard NCS")?;
            if let Some(code) = added {
                write!(f, " ({code})")?;
            }
            Ok(())
        }
        Step::UseStandaloneEmgCodes { removed, added } => {
            f.write_str("drop the needle EMG add-on codes ")?;
            join(f, removed)?;
            if let Some(code) = added {
                write!(
                    f,
                    " and report needle EMG with a stand-alone code ({code}, or the exact one of 95860-95870)"
                )?;
            }
            Ok(())
        }
        Step::AddNeedleEmg { added } => write!(f, "add needle EMG to the NCS ({added})"),
    }
}

fn write_plan_step(f: &mut dyn Write, n: usize, s: &PlanStep) -> fmt::Result {
    let who = match s.step.actor() {
        Actor::Coder => "Coder",
        Actor::Clinician => "Clinician",
    };
    write!(f, "  {n}. {who}: ")?;
    write_step(f, &s.step)?;
    if !s.clears.is_empty() {
        f.write_str(". Clears: ")?;
        write_problems(f, s.clears)?;
    }
    writeln!(f, ". Without this step: {}.", Words(s.without.as_str()))
}

/// The clinician's path; `Display` for [`Plan`] and the path section of the clinician text.
pub(crate) fn write_clinician(plan: &Plan, f: &mut dyn Write) -> fmt::Result {
    if plan.target == Coverage::LikelyDenied {
        writeln!(
            f,
            "Path to coverage: none. No change to the paperwork makes testing indicated on this \
             record: the outlook stays likely denied. Reassess if the cramps persist despite \
             treatment or new neurological signs appear."
        )?;
    } else if plan.steps.is_empty() {
        writeln!(
            f,
            "Path to coverage: nothing to change; the outlook is already the best this record \
             can reach ({}).",
            Words(plan.target.as_str())
        )?;
    } else {
        writeln!(
            f,
            "Path to coverage: {} now; {} after these steps{}:",
            Words(plan.from.as_str()),
            Words(plan.target.as_str()),
            if plan.is_conditional() {
                " (conditional on the trial)"
            } else {
                ""
            }
        )?;
        for (i, s) in plan.steps.iter().enumerate() {
            write_plan_step(f, i + 1, s)?;
        }
    }
    if !plan.remaining.is_empty() {
        f.write_str("Still in the way: ")?;
        write_problems(f, plan.remaining)?;
        writeln!(f, ".")?;
    }
    Ok(())
}

impl fmt::Display for Plan {
    /// The path for the clinician.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_clinician(self, f)
    }
}
