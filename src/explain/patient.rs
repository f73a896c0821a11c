//! The patient text: plain words, second person, short sentences. No codes, no rule ids; the
//! two tests are explained before anything else names them. Headings are questions, so every
//! line ends a sentence.

use core::fmt::{self, Write};

use super::{Audience, Explained};
use crate::determination::Determination;
use crate::outcome::Recommendation;
use crate::plan::Plan;

const A: Audience = Audience::Patient;

const TESTS: &str = "Your care team asked about two tests of your nerves and muscles. \
A nerve conduction study puts small, safe electric pulses on your skin. \
It shows how well your nerves carry signals. \
A needle EMG is a muscle test. \
A thin needle in a few muscles records how they work. \
These tests can help find a nerve or muscle problem behind cramps.";

const GO_BACK: [&str; 4] = [
    "You get new weakness, numbness or muscle twitching.",
    "Your cramps get worse or come more often.",
    "Cramps keep you from your daily tasks or your sleep.",
    "Simple care does not help after a few weeks.",
];

const NOT_A_DECISION: &str = "No. This is a guide for you and your care team. \
It is not a decision by your health plan. \
Only your plan can say what it will pay for. \
Ask your plan if you have questions about cost.";

/// Writes the patient text of `d`, with the path to coverage when `plan` is given.
pub(super) fn write(d: &Determination, plan: Option<&Plan>, f: &mut dyn Write) -> fmt::Result {
    heading(f, "What are these tests?", true)?;
    writeln!(f, "{TESTS}")?;

    heading(f, "What does the result mean for you?", false)?;
    writeln!(f, "{} {}", d.indication.text(A), d.coverage.text(A))?;

    if !d.red_flags.is_empty() {
        heading(f, "What signs did your care team note?", false)?;
        for k in d.red_flags {
            bullet(f, k.text(A))?;
        }
    }
    if !d.suspected_conditions.is_empty() {
        heading(f, "What might be behind your cramps?", false)?;
        writeln!(f, "Your care team may want to check for:")?;
        for c in d.suspected_conditions {
            bullet(f, c.text(A))?;
        }
    }
    if !d.documentation_gaps.is_empty() {
        heading(f, "What may your records still need?", false)?;
        for g in d.documentation_gaps {
            bullet(f, g.text(A))?;
        }
    }
    if !d.pitfalls.is_empty() {
        heading(f, "What may need fixing on the order?", false)?;
        for p in d.pitfalls {
            bullet(f, p.text(A))?;
        }
    }

    let mut codes = d.suggested_codes().peekable();
    if !d.recommendations.is_empty() || codes.peek().is_some() {
        heading(f, "What can you and your care team do next?", false)?;
        for r in d.recommendations {
            bullet(f, r.text(A))?;
            if r == Recommendation::LaboratoryScreening {
                labs(d, f)?;
            }
        }
        for c in codes {
            writeln!(f, "- The order could also list your {}.", c.finding.text(A))?;
        }
    }

    if let Some(plan) = plan {
        super::path::write_patient(plan, f)?;
    }

    heading(f, "When should you go back to your care team?", false)?;
    writeln!(f, "Go back if any of these happen:")?;
    for line in GO_BACK {
        bullet(f, line)?;
    }
    writeln!(
        f,
        "Get help right away if you suddenly cannot move or feel part of your body."
    )?;

    heading(f, "Is this a decision about payment?", false)?;
    write!(f, "{NOT_A_DECISION}")
}

/// The screening labs still to do, in one sentence.
fn labs(d: &Determination, f: &mut dyn Write) -> fmt::Result {
    if d.recommended_labs.is_empty() {
        return Ok(());
    }
    write!(f, "- Blood tests that may help:")?;
    let n = d.recommended_labs.len();
    for (i, l) in d.recommended_labs.iter().enumerate() {
        let sep = match i {
            0 => " ",
            _ if i + 1 == n => " and ",
            _ => ", ",
        };
        write!(f, "{sep}{}", l.text(A))?;
    }
    writeln!(f, ".")
}

fn heading(f: &mut dyn Write, title: &str, first: bool) -> fmt::Result {
    if first {
        writeln!(f, "{title}")
    } else {
        writeln!(f, "\n{title}")
    }
}

/// A list item; a phrase that starts in lower case gets a capital and a full stop.
fn bullet(f: &mut dyn Write, text: &str) -> fmt::Result {
    let mut chars = text.chars();
    let Some(first) = chars.next() else {
        return Ok(());
    };
    let rest = chars.as_str();
    if first.is_lowercase() {
        writeln!(f, "- {}{rest}.", first.to_ascii_uppercase())
    } else {
        writeln!(f, "- {first}{rest}")
    }
}
