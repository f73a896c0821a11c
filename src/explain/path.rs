//! The path to coverage (docs/plan.md) in each audience's words: the section an
//! [`Explanation`](super::Explanation) built [`with_plan`](super::Explanation::with_plan)
//! adds to its text.
//!
//! * patient: what could change the answer and who would do it, the trial as a condition
//!   ("if your cramps do not get better after ..."), no codes;
//! * clinician: the steps with who takes them, what each clears, the outlook after them;
//! * coder: every code added, recoded or removed, the provider steps to query, and the claim
//!   lines after the change.
//!
//! When the target is `likely_denied`, each says plainly that no change to the paperwork
//! makes testing indicated, and when to come back.

use core::fmt::{self, Write};

use crate::model::Procedure;
use crate::outcome::Coverage;
use crate::plan::display::{join, write_clinician, write_problems, Words};
use crate::plan::{Plan, Step};

use super::Style;

/// What the patient reads for one step (several claim-line steps read the same, once).
fn patient_step(step: &Step) -> &'static str {
    match step {
        Step::AddFindingCodes { .. } => {
            "The staff who send the bill could add the signs your care team found to the order."
        }
        Step::DocumentExam => "Your care team could write down a full check of your muscles and nerves.",
        Step::ConservativeTrial { .. } => {
            "If your cramps do not get better after simple care, your care team could write that down. \
             Simple care means stretching, drinking enough water and fixing low salts in the blood."
        }
        Step::DocumentDifferential { .. } => {
            "Your care team could write down which nerve or muscle problems the tests should look for."
        }
        Step::ReplacePointOfCareNcs { .. } => {
            "Your care team could ask for the standard nerve test in place of a quick test with a ready-made pad."
        }
        Step::AddNeedleEmg { .. } => {
            "Your care team could add the needle test of your muscles to the nerve test."
        }
        _ => "The staff who send the bill could fix how the tests are listed on the order.",
    }
}

/// The patient's section: what could change the answer, who would do it, and what then.
pub(super) fn write_patient(plan: &Plan, f: &mut dyn Write) -> fmt::Result {
    writeln!(f, "\nWhat could change the answer?")?;
    if plan.target() == Coverage::LikelyDenied {
        return writeln!(
            f,
            "No change to the paperwork would make these tests needed now. \
             Your care team can look again if your cramps do not get better with care, \
             or if new signs show up."
        );
    }
    if plan.steps().is_empty() {
        return match plan.target() {
            Coverage::LikelyCovered => writeln!(f, "Nothing on the order needs to change."),
            _ => writeln!(
                f,
                "No simple change to the paperwork would fix what is left. \
                 Your care team can tell you more."
            ),
        };
    }
    let mut said: [&str; 10] = [""; 10];
    for (i, s) in plan.steps().iter().enumerate() {
        let line = patient_step(&s.step);
        if said.contains(&line) {
            continue;
        }
        if let Some(slot) = said.get_mut(i) {
            *slot = line;
        }
        if let Step::ConservativeTrial {
            min_days: Some(days),
        } = s.step
        {
            writeln!(
                f,
                "- If your cramps do not get better after {days} days of simple care, your care team could write that down. \
                 Simple care means stretching, drinking enough water and fixing low salts in the blood."
            )?;
        } else {
            writeln!(f, "- {line}")?;
        }
    }
    let (these, would) = if plan.steps().len() == 1 {
        ("this change", "This change would help.")
    } else {
        ("these changes", "These changes would help.")
    };
    match plan.target() {
        Coverage::LikelyCovered => writeln!(
            f,
            "After {these}, the order would meet the usual rules of most health plans."
        ),
        _ => writeln!(
            f,
            "{would} A health plan could still say no until the rest is fixed."
        ),
    }
}

/// The clinician's section: the plan's own text under a heading.
pub(super) fn write_clinician_section(plan: &Plan, f: &mut dyn Write, style: Style) -> fmt::Result {
    match style {
        Style::Text => writeln!(f)?,
        Style::Markdown => writeln!(f, "\n**What would get this covered**")?,
    }
    write_clinician(plan, f)
}

/// A claim line as the coder reads it: code, units above one, study count.
struct Line(Procedure);

impl fmt::Display for Line {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0.cpt)?;
        if self.0.units.get() > 1 {
            write!(f, " x{} units", self.0.units.get())?;
        }
        if let Some(n) = self.0.studies {
            write!(f, " ({} studies)", n.get())?;
        }
        Ok(())
    }
}

/// The coder's section: codes added, recoded and removed; provider steps to query; the
/// claim lines after the change.
pub(super) fn write_coder(plan: &Plan, f: &mut dyn Write) -> fmt::Result {
    writeln!(f, "\nWhat would get this covered:")?;
    if plan.target() == Coverage::LikelyDenied {
        return writeln!(
            f,
            "  No coding, documentation or claim-line change makes testing indicated on this \
             record: the outlook stays likely denied. Resubmit only when the record documents \
             cramps that persist after conservative treatment or new neurological signs."
        );
    }
    if plan.steps().is_empty() {
        writeln!(
            f,
            "  No change: the outlook is already the best this record can reach ({}).",
            Words(plan.target().as_str())
        )?;
    }
    for s in plan.steps() {
        f.write_str("  - ")?;
        match &s.step {
            Step::AddFindingCodes { codes } => {
                f.write_str("Add diagnosis codes: ")?;
                join(f, codes)?;
            }
            Step::CodeNcsByStudyCount { corrections } => {
                f.write_str("Recode: ")?;
                for (i, c) in corrections.iter().enumerate() {
                    let sep = if i > 0 { ", " } else { "" };
                    write!(f, "{sep}{} to {}", c.cpt, c.replacement)?;
                }
            }
            Step::ReportNcsOnce { line } => {
                write!(f, "Recode the NCS lines as one line: {}", Line(*line))?;
            }
            Step::RemoveConflictingEmgCodes { removed } => {
                f.write_str("Remove: ")?;
                join(f, removed)?;
            }
            Step::ReplacePointOfCareNcs { added } => {
                f.write_str("Remove: 95905")?;
                if let Some(code) = added {
                    write!(f, "; add: {code} (standard NCS, provider to confirm)")?;
                }
            }
            Step::UseStandaloneEmgCodes { removed, added } => {
                f.write_str("Remove: ")?;
                join(f, removed)?;
                if let Some(code) = added {
                    write!(
                        f,
                        "; add: {code} (or the exact stand-alone code of 95860-95870)"
                    )?;
                }
            }
            Step::AddNeedleEmg { added } => {
                write!(
                    f,
                    "Add: {added} (needle EMG with the NCS, provider to confirm)"
                )?;
            }
            other => {
                f.write_str("Query the provider: ")?;
                crate::plan::display::write_step(f, other)?;
            }
        }
        if !s.clears.is_empty() {
            f.write_str("; clears ")?;
            write_problems(f, s.clears)?;
        }
        writeln!(f)?;
    }
    f.write_str("  Claim lines after the change:")?;
    if plan.claim_lines_after().is_empty() {
        f.write_str(" none")?;
    } else {
        f.write_str(" ")?;
        join(f, plan.claim_lines_after().iter().map(|p| Line(*p)))?;
    }
    writeln!(f)?;
    writeln!(
        f,
        "  Outlook after the change: {}{}.",
        Words(plan.target().as_str()),
        if plan.is_conditional() {
            " (if the trial fails)"
        } else {
            ""
        }
    )?;
    if !plan.remaining().is_empty() {
        f.write_str("  Still open: ")?;
        write_problems(f, plan.remaining())?;
        writeln!(f)?;
    }
    Ok(())
}
