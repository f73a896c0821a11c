//! Explanations of a [`Determination`] for the three kinds of people who read one.
//!
//! One determination, three texts, built by one walk per [`Audience`] from the same items:
//!
//! * [`Audience::Patient`]: plain words in the second person, without codes, rule ids or
//!   unexplained abbreviations: what the result means, what the care team may still need to
//!   write down or try, which signs should bring the patient back, and that this is not a
//!   payer's decision.
//! * [`Audience::Clinician`]: the verdict, red flags and suspected conditions, what to
//!   document and why, next steps, the rules with their references. `Display` for
//!   [`Determination`] is this text, and the CDS Hooks card's `detail` is its Markdown form.
//! * [`Audience::Coder`]: codes first: the diagnosis codes on the order and their class, the
//!   candidate codes, each procedure line and what is wrong with it, what to query the
//!   provider for, and the payer-policy sources behind each rule.
//!
//! Every red flag, suspected condition, documentation gap, pitfall and recommendation has a
//! text for every audience ([`Explained::text`]); the tables are exhaustive matches in
//! `texts.rs`, so a new item cannot ship without its words.
//!
//! [`Explanation`] implements `Display` and allocates nothing: it writes straight into the
//! formatter, reading the case and the determination as it goes. The coder text reads the
//! case (codes and claim lines are not part of a determination); the other two read only the
//! determination. Every text is the same whatever the order of the case's entries.

mod clinician;
mod coder;
mod path;
mod patient;
mod texts;

use core::fmt::{self, Write};

use crate::determination::Determination;
use crate::model::{Case, FindingKind, LabTest};
use crate::outcome::{
    Coverage, DocumentationGap, Indication, Pitfall, Recommendation, SuspectedCondition,
};
use crate::plan::Plan;
use crate::vocab::vocabulary;

vocabulary! {
    /// Who reads an explanation. Parse one from its name (`"patient".parse::<Audience>()`).
    pub enum Audience as "audience" {
        Patient = "patient": "The patient: plain words, no codes; what the result means and what may come next.",
        Clinician = "clinician": "The ordering clinician: the verdict, red flags, what to document and why, next steps, references.",
        Coder = "coder": "Coding, billing and revenue-cycle staff: the codes and claim lines, what to fix or query, the payer-policy sources.",
    }
}

/// An item of a determination that has a text for every [`Audience`].
///
/// Implemented for the vocabularies a determination lists: red flags and candidate-code
/// findings ([`FindingKind`]), [`SuspectedCondition`], [`DocumentationGap`], [`Pitfall`],
/// [`Recommendation`], [`LabTest`], and the verdict ([`Coverage`], [`Indication`]). Hosts
/// that lay out their own screen can use these texts item by item.
///
/// ```
/// use edx_coverage::{Audience, Explained, Pitfall};
///
/// let p = Pitfall::SymptomOnlyCoding;
/// assert!(!p.text(Audience::Patient).contains("R25.2"));
/// assert!(p.text(Audience::Coder).contains("Symptom-only coding"));
/// ```
pub trait Explained: Copy + crate::set::private::Sealed {
    /// The item's text for `audience`.
    fn text(self, audience: Audience) -> &'static str;
}

macro_rules! explained {
    ($($ty:ty => $table:path),+ $(,)?) => {
        $(
            impl Explained for $ty {
                fn text(self, audience: Audience) -> &'static str {
                    $table(self).get(audience)
                }
            }
        )+
    };
}

explained! {
    Coverage => texts::coverage,
    Indication => texts::indication,
    FindingKind => texts::finding,
    SuspectedCondition => texts::suspected,
    DocumentationGap => texts::gap,
    Pitfall => texts::pitfall,
    Recommendation => texts::recommendation,
    LabTest => texts::lab,
}

/// A determination explained for one audience; `Display` writes the text.
///
/// Built from the case the determination was evaluated from (the coder text lists its
/// diagnosis codes and claim lines) and the determination itself. Writing it allocates
/// nothing beyond what the formatter's destination does.
///
/// ```
/// use edx_coverage::{evaluate, Audience, Case, Explanation, Policy};
///
/// let case = Case::builder().diagnosis("R25.2".parse()?).build()?;
/// let d = evaluate(&case, &Policy::default());
/// let patient = Explanation::new(&case, &d, Audience::Patient).to_string();
/// assert!(patient.contains("not a decision by your health plan"));
/// assert!(!patient.contains("R25.2"));
/// let coder = Explanation::new(&case, &d, Audience::Coder).to_string();
/// assert!(coder.starts_with("Diagnosis codes on the order:"));
/// assert!(coder.contains("R25.2"));
/// // `Display` for the determination is the clinician text.
/// assert_eq!(Explanation::new(&case, &d, Audience::Clinician).to_string(), d.to_string());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Explanation<'a> {
    case: &'a Case,
    determination: &'a Determination,
    audience: Audience,
    plan: Option<&'a Plan>,
}

impl<'a> Explanation<'a> {
    /// The explanation of `determination` (evaluated from `case`) for `audience`.
    #[must_use]
    pub const fn new(
        case: &'a Case,
        determination: &'a Determination,
        audience: Audience,
    ) -> Explanation<'a> {
        Explanation {
            case,
            determination,
            audience,
            plan: None,
        }
    }

    /// The same explanation with the path to coverage (docs/plan.md) in the audience's own
    /// words: for the patient, what could change the answer and who would do it; for the
    /// clinician, the steps and the outlook after them; for the coder, every code added,
    /// recoded or removed and the claim lines after the change. `plan` is
    /// [`plan`](fn@crate::plan) of the same case and policy.
    ///
    /// ```
    /// use edx_coverage::{evaluate, plan, Audience, Case, Explanation, Policy};
    ///
    /// let case: Case = serde_json::from_str(
    ///     r#"{"diagnoses":[{"code":"R25.2"}],"findings":[{"kind":"fasciculations","source":"exam"}],
    ///         "differential":["motor_neuron_disease"]}"#,
    /// )?;
    /// let policy = Policy::default();
    /// let (d, p) = (evaluate(&case, &policy), plan(&case, &policy));
    /// let coder = Explanation::new(&case, &d, Audience::Coder).with_plan(&p).to_string();
    /// assert!(coder.contains("Add diagnosis codes: R25.3"));
    /// let patient = Explanation::new(&case, &d, Audience::Patient).with_plan(&p).to_string();
    /// assert!(patient.contains("What could change the answer?"));
    /// assert!(!patient.contains("R25.3"));
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    #[must_use]
    pub const fn with_plan(mut self, plan: &'a Plan) -> Explanation<'a> {
        self.plan = Some(plan);
        self
    }

    /// Who the text is for.
    #[must_use]
    pub const fn audience(&self) -> Audience {
        self.audience
    }
}

impl fmt::Display for Explanation<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.audience {
            Audience::Patient => patient::write(self.determination, self.plan, f),
            Audience::Clinician => clinician::write(self.determination, self.plan, f, Style::Text),
            Audience::Coder => coder::write(self.case, self.determination, self.plan, f),
        }
    }
}

impl fmt::Display for Determination {
    /// The clinician text (see [`Audience::Clinician`]).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        clinician::write(self, None, f, Style::Text)
    }
}

impl Determination {
    /// The clinician text (see [`Audience::Clinician`]) as Markdown: bold labels and
    /// headings, `-` bullets. The FHIR crate's CDS Hooks card shows it as its `detail`.
    #[must_use]
    pub fn markdown(&self) -> String {
        let mut out = String::new();
        // Writing into a `String` cannot fail.
        let _ = clinician::write(self, None, &mut out, Style::Markdown);
        out
    }
}

/// How a text is laid out: plain text (`Display`) or Markdown.
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
}

/// Writes `items` separated by ", ", each preceded by `first` for the first one.
fn write_list<I, T>(f: &mut dyn Write, items: I) -> fmt::Result
where
    I: Iterator<Item = T>,
    T: fmt::Display,
{
    for (i, s) in items.enumerate() {
        write!(f, "{}{s}", if i == 0 { " " } else { ", " })?;
    }
    Ok(())
}

/// Writes a reason's article reference numbers, ` [refs 1, 2]`.
fn write_citations(f: &mut dyn Write, cites: &[u8]) -> fmt::Result {
    if cites.is_empty() {
        return Ok(());
    }
    write!(f, " [refs")?;
    write_list(f, cites.iter())?;
    write!(f, "]")
}

/// The references and sources cited by the determination's reasons, each once, in order.
fn cited(
    d: &Determination,
) -> (
    impl Iterator<Item = &'static crate::Reference>,
    crate::Set<crate::Source>,
) {
    let mut seen = [false; crate::citation::REFERENCES.len()];
    let mut sources = crate::Set::<crate::citation::Source>::new();
    for r in d.reasons() {
        for n in r.citations() {
            if let Some(s) = seen.get_mut(usize::from(*n).wrapping_sub(1)) {
                *s = true;
            }
        }
        sources.extend(r.sources().iter().copied());
    }
    let refs = crate::citation::REFERENCES
        .iter()
        .zip(seen)
        .filter(|(_, s)| *s)
        .map(|(r, _)| r);
    (refs, sources)
}
