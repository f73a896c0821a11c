//! HL7 Da Vinci Coverage Requirements Discovery (CRD): the `ext-coverage-information` FHIR
//! extension built from a [`Determination`].
//!
//! A CRD service returns coverage information as a system action that updates the order
//! (e.g. the `ServiceRequest` for NCS / needle EMG) with this extension. The library builds
//! the extension; the host supplies what the library cannot know ([`CrdInputs`]: the
//! `Coverage` the assertion applies to, the date, and the assertion id; the library reads no
//! clock) and adds it to the resource. [`CoverageInformation`] is typed and implements
//! `Serialize`, so any serde format writes it; in JSON it is a FHIR R4 `Extension`.
//!
//! ```
//! use edx_coverage_fhir::crd::{CoverageInformation, CrdInputs, Covered};
//! use edx_coverage::{evaluate, Case, Policy};
//!
//! let case = Case::builder().diagnosis("R25.2".parse()?).build()?;
//! let d = evaluate(&case, &Policy::default());
//! let inputs = CrdInputs { coverage: "Coverage/123", date: "2025-06-01", coverage_assertion_id: "a1" };
//! let info = CoverageInformation::new(&d, &inputs)?;
//! assert_eq!(info.covered(), Covered::NotCovered);
//! let json = serde_json::to_value(&info)?;
//! assert_eq!(json["url"], edx_coverage_fhir::crd::EXTENSION_URL);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Mapping
//! | extension | value | when |
//! |---|---|---|
//! | `coverage` | `valueReference` | always: [`CrdInputs::coverage`] |
//! | `covered` | `covered` / `conditional` / `not-covered` | coverage outlook `likely_covered` / `at_risk` / `likely_denied` |
//! | `doc-needed` | `clinical` | exactly when there are documentation gaps |
//! | `doc-purpose` | `retain-doc` | with `doc-needed`: payers review the record itself on request |
//! | `info-needed` | `OTH` | exactly when `covered` is `conditional` |
//! | `reason` | text | always: the outlook in words (CRD requires it with `info-needed` `OTH`) |
//! | `detail` | `instructions`, with a `category` in STU 2.2 | one per gap, pitfall, procedure correction and recommendation; the text names what the entry is about (the labs to order, the NCS lines to recode, the candidate codes, and under ruleset 4 each diagnosis code to replace: a header with the billable codes under it, or a code not in the FY2026 code set) |
//! | `date` | `valueDate` | always: [`CrdInputs::date`] |
//! | `coverage-assertion-id` | `valueString` | always: [`CrdInputs::coverage_assertion_id`] |
//!
//! # CRD versions
//! [`CrdVersion::V2_2`] (STU 2.2.1, the default) and [`CrdVersion::V2_1`] differ here only in
//! `detail`: 2.2 codes it in [`COVERAGE_DETAIL_SYSTEM`] and adds the required `category`
//! (`cat-decisional` for gaps and recommendations, which change what the clinician does;
//! `cat-other` for coding pitfalls and procedure corrections, which are for the biller);
//! 2.1 codes it in [`TEMP_CODE_SYSTEM`] without a category. The `covered`, `doc-needed`,
//! `doc-purpose` and `info-needed` values are the same codes in both. STU 2.2's
//! `indeterminate` needs no determination: a CDS Hooks host that cannot build a case says
//! so itself (the [`cds_hooks`](crate::cds_hooks) module does).
//!
//! `info-needed` is `OTH` because what a conditional ("at risk") outlook waits for is
//! documentation and coding, none of CRD's specific codes (`performer`, `location`,
//! `timeframe`, `contract-window`); CRD then wants a `reason`, and the `detail` entries say
//! what exactly. `pa-needed` is never asserted: the crate decides medical necessity, not
//! whether a payer requires prior authorization, so it emits nothing CRD would have to tie
//! to `satisfied-pa-id` or `doc-purpose` `withpa`, and never `pa-needed` with
//! `not-covered`. `billingCode` is left out because a determination does not carry the
//! case's CPT codes; a host that has them can add them beside this extension.

mod check;
mod texts;
mod values;
mod write;

pub use values::{Covered, DocNeeded, DocPurpose, InfoNeeded};

pub(crate) use check::is_date;
use check::{check_date, check_not_blank, check_reference};
use edx_coverage::Determination;
use edx_coverage::Error;
#[cfg(doc)]
use edx_coverage::ErrorKind;
use edx_coverage::ProcedureCorrection;
use edx_coverage::{DocumentationGap, Pitfall, Recommendation};

/// The canonical URL of the CRD coverage-information extension.
pub const EXTENSION_URL: &str =
    "http://hl7.org/fhir/us/davinci-crd/StructureDefinition/ext-coverage-information";

/// CRD's temporary code system, which holds the STU 2.1 `detail` codes (`instructions`, ...).
pub const TEMP_CODE_SYSTEM: &str = "http://hl7.org/fhir/us/davinci-crd/CodeSystem/temp";

/// The official code system of the STU 2.2 `detail` codes.
pub const COVERAGE_DETAIL_SYSTEM: &str =
    "http://terminology.hl7.org/CodeSystem/crd-coverage-detail";

/// Which Da Vinci CRD release the extension follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum CrdVersion {
    /// CRD STU 2.1: `detail` codes in [`TEMP_CODE_SYSTEM`], no `detail.category`, no
    /// `indeterminate`.
    V2_1,
    /// CRD STU 2.2 (2.2.1): `detail` codes in [`COVERAGE_DETAIL_SYSTEM`] with a required
    /// `category`; `indeterminate` allowed. The default.
    #[default]
    V2_2,
}

impl CrdVersion {
    /// The version as CRD writes it: `2.1` or `2.2`.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            CrdVersion::V2_1 => "2.1",
            CrdVersion::V2_2 => "2.2",
        }
    }

    /// Looks a version up by `2.1` / `2.2`, with or without a patch number (`2.2.1`).
    #[must_use]
    pub fn from_wire(name: &str) -> Option<CrdVersion> {
        let minor = match name.split('.').collect::<Vec<_>>().as_slice() {
            ["2", minor] => *minor,
            ["2", minor, patch]
                if !patch.is_empty() && patch.bytes().all(|b| b.is_ascii_digit()) =>
            {
                *minor
            }
            _ => return None,
        };
        match minor {
            "1" => Some(CrdVersion::V2_1),
            "2" => Some(CrdVersion::V2_2),
            _ => None,
        }
    }
}

/// A `--crd-version` (or similar host setting) that is neither `2.1` nor `2.2`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, thiserror::Error)]
#[error("unknown CRD version {0:?} (2.1 or 2.2)")]
pub struct UnknownCrdVersion(String);

/// Parses a host's setting: exactly `2.1` or `2.2` (a request's `davinci-crd.requestedVersion`
/// may also carry a patch number, see [`CrdVersion::from_wire`]).
///
/// ```
/// use edx_coverage_fhir::crd::CrdVersion;
/// assert_eq!("2.1".parse::<CrdVersion>()?, CrdVersion::V2_1);
/// assert_eq!("3.0".parse::<CrdVersion>().unwrap_err().to_string(), r#"unknown CRD version "3.0" (2.1 or 2.2)"#);
/// # Ok::<(), edx_coverage_fhir::crd::UnknownCrdVersion>(())
/// ```
impl core::str::FromStr for CrdVersion {
    type Err = UnknownCrdVersion;
    fn from_str(s: &str) -> Result<CrdVersion, UnknownCrdVersion> {
        match s {
            "2.1" => Ok(CrdVersion::V2_1),
            "2.2" => Ok(CrdVersion::V2_2),
            _ => Err(UnknownCrdVersion(edx_coverage::echo(s))),
        }
    }
}

impl core::fmt::Display for CrdVersion {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What the host supplies: the library knows none of it and reads no clock.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct CrdInputs<'a> {
    /// Reference to the FHIR `Coverage` the assertion applies to, e.g. `Coverage/123`.
    pub coverage: &'a str,
    /// The date of the assertion, `YYYY-MM-DD`.
    pub date: &'a str,
    /// The host's identifier for this coverage assertion.
    pub coverage_assertion_id: &'a str,
}

/// What a `detail` entry is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum DetailSubject {
    /// A documentation gap.
    Gap(DocumentationGap),
    /// A coding or ordering pitfall.
    Pitfall(Pitfall),
    /// A recommendation.
    Recommendation(Recommendation),
    /// An NCS line to recode by its documented study count (ruleset 3).
    ProcedureCorrection(ProcedureCorrection),
    /// No ICD-10-CM diagnosis to judge: the one entry of the
    /// [`indeterminate`](CoverageInformation::indeterminate) extension.
    NoDiagnosis,
}

impl DetailSubject {
    /// The `detail.code`: always `instructions`, CRD's code for guidance in words (in
    /// [`TEMP_CODE_SYSTEM`] for STU 2.1, [`COVERAGE_DETAIL_SYSTEM`] for 2.2).
    #[must_use]
    pub const fn code(self) -> &'static str {
        "instructions"
    }

    /// The STU 2.2 `detail.category`: `cat-decisional` for what changes the clinician's
    /// next step (gaps, recommendations), `cat-other` for coding advice (pitfalls,
    /// corrections).
    #[must_use]
    pub const fn category(self) -> &'static str {
        match self {
            DetailSubject::Gap(_)
            | DetailSubject::Recommendation(_)
            | DetailSubject::NoDiagnosis => "cat-decisional",
            DetailSubject::Pitfall(_) | DetailSubject::ProcedureCorrection(_) => "cat-other",
        }
    }

    /// A short label, the `detail.code` text.
    #[must_use]
    pub const fn label(self) -> &'static str {
        match self {
            DetailSubject::Gap(_) | DetailSubject::NoDiagnosis => "Documentation gap",
            DetailSubject::Pitfall(_) => "Coding or ordering pitfall",
            DetailSubject::Recommendation(_) => "Recommendation",
            DetailSubject::ProcedureCorrection(_) => "Procedure correction",
        }
    }
}

/// One `detail` entry: what it is about and a sentence for people.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Detail {
    subject: DetailSubject,
    text: String,
}

impl Detail {
    /// What the entry is about.
    #[must_use]
    pub fn subject(&self) -> DetailSubject {
        self.subject
    }

    /// The readable instruction (`detail.value`).
    #[must_use]
    pub fn text(&self) -> &str {
        &self.text
    }
}

/// The `ext-coverage-information` extension for one order.
///
/// Serialises as a FHIR R4 `Extension`: `{"url": EXTENSION_URL, "extension": [...]}`, the
/// sub-extensions in the order of the CRD profile.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct CoverageInformation {
    coverage: String,
    covered: Covered,
    doc_needed: Option<DocNeeded>,
    reason: &'static str,
    details: Vec<Detail>,
    date: String,
    coverage_assertion_id: String,
    version: CrdVersion,
}

impl CoverageInformation {
    /// Builds the extension for `determination` with the host's `inputs`.
    ///
    /// # Errors
    /// [`ErrorKind::Blank`] for an empty `coverage` or `coverage_assertion_id`,
    /// [`ErrorKind::InvalidReference`] for a `coverage` reference with white space or
    /// control characters, [`ErrorKind::InvalidDate`] for a `date` that is not a calendar
    /// date written `YYYY-MM-DD`; the path names the input.
    pub fn new(
        determination: &Determination,
        inputs: &CrdInputs<'_>,
    ) -> Result<CoverageInformation, Error> {
        check_reference("coverage", inputs.coverage)?;
        check_date("date", inputs.date)?;
        check_not_blank("coverage_assertion_id", inputs.coverage_assertion_id)?;

        let d = determination;
        let covered = Covered::for_outlook(d.coverage());
        let mut details = Vec::with_capacity(
            d.documentation_gaps().len()
                + d.pitfalls().len()
                + d.procedure_corrections().count()
                + d.recommendations().len(),
        );
        for gap in d.documentation_gaps() {
            details.push(Detail {
                subject: DetailSubject::Gap(gap),
                text: gap.description().to_owned(),
            });
        }
        for pitfall in d.pitfalls() {
            details.push(Detail {
                subject: DetailSubject::Pitfall(pitfall),
                text: texts::pitfall(d, pitfall),
            });
        }
        for fix in d.procedure_corrections() {
            details.push(Detail {
                subject: DetailSubject::ProcedureCorrection(fix),
                text: format!(
                    "Replace CPT {} with {}, the NCS code for the number of studies the report documents.",
                    fix.cpt, fix.replacement
                ),
            });
        }
        for rec in d.recommendations() {
            details.push(Detail {
                subject: DetailSubject::Recommendation(rec),
                text: texts::recommendation(d, rec),
            });
        }
        Ok(CoverageInformation {
            coverage: inputs.coverage.to_owned(),
            covered,
            doc_needed: (!d.documentation_gaps().is_empty()).then_some(DocNeeded::Clinical),
            reason: d.coverage().description(),
            details,
            date: inputs.date.to_owned(),
            coverage_assertion_id: inputs.coverage_assertion_id.to_owned(),
            version: CrdVersion::default(),
        })
    }

    /// The extension when a host cannot build a case (no ICD-10-CM diagnosis anywhere in
    /// the request): STU 2.2 `indeterminate` with a reason and what to do; STU 2.1 has no
    /// `indeterminate` and says `conditional` with `info-needed` `OTH` instead.
    ///
    /// # Errors
    /// As [`CoverageInformation::new`].
    pub fn indeterminate(inputs: &CrdInputs<'_>) -> Result<CoverageInformation, Error> {
        const WHY: &str = "No ICD-10-CM diagnosis on the order or in the record: the crate \
                           cannot judge medical necessity without one.";
        const TODO: &str = "Give the order a reason coded in ICD-10-CM (for cramps and spasms, \
                            R25.2 and any more specific finding or neuromuscular code).";
        check_reference("coverage", inputs.coverage)?;
        check_date("date", inputs.date)?;
        check_not_blank("coverage_assertion_id", inputs.coverage_assertion_id)?;
        Ok(CoverageInformation {
            coverage: inputs.coverage.to_owned(),
            covered: Covered::Indeterminate,
            doc_needed: Some(DocNeeded::Clinical),
            reason: WHY,
            details: vec![Detail {
                subject: DetailSubject::NoDiagnosis,
                text: TODO.to_owned(),
            }],
            date: inputs.date.to_owned(),
            coverage_assertion_id: inputs.coverage_assertion_id.to_owned(),
            version: CrdVersion::default(),
        })
    }

    /// The same extension for another CRD version.
    #[must_use]
    pub fn with_version(mut self, version: CrdVersion) -> Self {
        self.version = version;
        self
    }

    /// The CRD version it follows.
    #[must_use]
    pub fn version(&self) -> CrdVersion {
        self.version
    }

    /// The `covered` value (`indeterminate` is written `conditional` in STU 2.1, which
    /// lacks it).
    #[must_use]
    pub fn covered(&self) -> Covered {
        match (self.covered, self.version) {
            (Covered::Indeterminate, CrdVersion::V2_1) => Covered::Conditional,
            (covered, _) => covered,
        }
    }

    /// The `doc-needed` value: `clinical` exactly when there are documentation gaps.
    #[must_use]
    pub fn doc_needed(&self) -> Option<DocNeeded> {
        self.doc_needed
    }

    /// The `doc-purpose` value: `retain-doc` with `doc-needed`, else none.
    #[must_use]
    pub fn doc_purpose(&self) -> Option<DocPurpose> {
        self.doc_needed.map(|_| DocPurpose::RetainDoc)
    }

    /// The `info-needed` value: `OTH` exactly when `covered` is `conditional`.
    #[must_use]
    pub fn info_needed(&self) -> Option<InfoNeeded> {
        (self.covered() == Covered::Conditional).then_some(InfoNeeded::Other)
    }

    /// The `reason` text.
    #[must_use]
    pub fn reason(&self) -> &str {
        self.reason
    }

    /// The `detail` entries: gaps, then pitfalls, then procedure corrections, then
    /// recommendations.
    #[must_use]
    pub fn details(&self) -> &[Detail] {
        &self.details
    }

    /// The `coverage` reference, as supplied.
    #[must_use]
    pub fn coverage(&self) -> &str {
        &self.coverage
    }

    /// The `date`, as supplied.
    #[must_use]
    pub fn date(&self) -> &str {
        &self.date
    }

    /// The `coverage-assertion-id`, as supplied.
    #[must_use]
    pub fn coverage_assertion_id(&self) -> &str {
        &self.coverage_assertion_id
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions() {
        assert_eq!(CrdVersion::from_wire("2.2.1"), Some(CrdVersion::V2_2));
        assert_eq!(CrdVersion::from_wire("2.1"), Some(CrdVersion::V2_1));
        for bad in ["2", "2.3", "1.0", "2.2.", "2.2.x", "", "2.2.1.0"] {
            assert_eq!(CrdVersion::from_wire(bad), None, "{bad}");
        }
        assert_eq!(CrdVersion::default().as_str(), "2.2");
    }

    #[test]
    fn indeterminate_is_conditional_in_2_1() {
        let inputs = CrdInputs {
            coverage: "Coverage/1",
            date: "2025-01-02",
            coverage_assertion_id: "A",
        };
        let info = CoverageInformation::indeterminate(&inputs).unwrap();
        assert_eq!(info.covered(), Covered::Indeterminate);
        assert_eq!(info.info_needed(), None);
        let info = info.with_version(CrdVersion::V2_1);
        assert_eq!(info.covered(), Covered::Conditional);
        assert_eq!(info.info_needed(), Some(InfoNeeded::Other));
        assert_eq!(info.details().len(), 1);
    }

    #[test]
    fn covered_follows_the_outlook() {
        use edx_coverage::{Coverage, Member};
        for &c in <Coverage as Member>::ALL {
            let covered = Covered::for_outlook(c);
            assert_eq!(covered == Covered::Conditional, c == Coverage::AtRisk);
        }
    }
}
