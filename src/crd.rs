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
//! use edx_coverage::crd::{CoverageInformation, CrdInputs, Covered};
//! use edx_coverage::{evaluate, Case, Policy};
//!
//! let case = Case::builder().diagnosis("R25.2".parse()?).build()?;
//! let d = evaluate(&case, &Policy::default());
//! let inputs = CrdInputs { coverage: "Coverage/123", date: "2025-06-01", coverage_assertion_id: "a1" };
//! let info = CoverageInformation::new(&d, &inputs)?;
//! assert_eq!(info.covered(), Covered::NotCovered);
//! let json = serde_json::to_value(&info)?;
//! assert_eq!(json["url"], edx_coverage::crd::EXTENSION_URL);
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
//! | `detail` | `instructions-clinical` / `instructions` | one per gap, pitfall, procedure correction and recommendation |
//! | `date` | `valueDate` | always: [`CrdInputs::date`] |
//! | `coverage-assertion-id` | `valueString` | always: [`CrdInputs::coverage_assertion_id`] |
//!
//! `info-needed` is `OTH` because what a conditional ("at risk") outlook waits for is
//! documentation and coding, none of CRD's specific codes (`performer`, `location`,
//! `timeframe`, `contract-window`); CRD then wants a `reason`, and the `detail` entries say
//! what exactly. `pa-needed` is never asserted: the crate decides medical necessity, not
//! whether a payer requires prior authorization, so it emits nothing CRD would have to tie
//! to `satisfied-pa-id` or `doc-purpose` `withpa`, and never `pa-needed` with
//! `not-covered`. `billingCode` is left out because a determination does not carry the
//! case's CPT codes; a host that has them can add them beside this extension.

use serde::ser::{SerializeMap, SerializeStruct, Serializer};
use serde::Serialize;

use crate::correction::ProcedureCorrection;
use crate::determination::Determination;
use crate::error::{Error, ErrorKind};
use crate::outcome::{Coverage, DocumentationGap, Pitfall, Recommendation};
use crate::vocab::vocabulary;

/// The canonical URL of the CRD coverage-information extension.
pub const EXTENSION_URL: &str =
    "http://hl7.org/fhir/us/davinci-crd/StructureDefinition/ext-coverage-information";

/// CRD's temporary code system, which holds the `detail` codes (`instructions`, ...).
pub const TEMP_CODE_SYSTEM: &str = "http://hl7.org/fhir/us/davinci-crd/CodeSystem/temp";

vocabulary! {
    /// The CRD `covered` value (STU 2.1; STU 2.2 adds `indeterminate`, which the crate never
    /// asserts: it always reaches a verdict).
    pub enum Covered as "CRD covered value" {
        Covered = "covered": "Covered: the record supports the study.",
        NotCovered = "not-covered": "Not covered: the study is not (yet) medically necessary on this record.",
        Conditional = "conditional": "Conditional: covered once documentation or coding is fixed.",
    }
}

impl Covered {
    /// The `covered` value for a coverage outlook.
    #[must_use]
    pub const fn for_outlook(coverage: Coverage) -> Covered {
        match coverage {
            Coverage::LikelyCovered => Covered::Covered,
            Coverage::AtRisk => Covered::Conditional,
            Coverage::LikelyDenied => Covered::NotCovered,
        }
    }
}

vocabulary! {
    /// The CRD `doc-needed` value (STU 2.1).
    pub enum DocNeeded as "CRD doc-needed value" {
        Clinical = "clinical": "Clinical documentation is needed.",
        Admin = "admin": "Administrative documentation is needed.",
        Patient = "patient": "Documentation from the patient is needed.",
        Conditional = "conditional": "Whether documentation is needed depends on more information.",
    }
}

vocabulary! {
    /// The CRD `doc-purpose` value (STU 2.1): what the documentation is for.
    pub enum DocPurpose as "CRD doc-purpose value" {
        WithPa = "withpa": "Submitted with a prior authorization request.",
        WithClaim = "withclaim": "Submitted with the claim.",
        WithOrder = "withorder": "Sent with the order.",
        RetainDoc = "retain-doc": "Kept in the record, available to the payer on request.",
        Other = "OTH": "Another purpose.",
    }
}

vocabulary! {
    /// The CRD `info-needed` value (STU 2.1): what a conditional answer depends on.
    pub enum InfoNeeded as "CRD info-needed value" {
        Performer = "performer": "Who performs the service.",
        Location = "location": "Where the service is performed.",
        Timeframe = "timeframe": "When the service is performed.",
        ContractWindow = "contract-window": "Whether the service falls in the contract window.",
        Other = "OTH": "Other information (here: documentation and coding, see the details).",
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
}

impl DetailSubject {
    /// The `detail.code` in [`TEMP_CODE_SYSTEM`]: `instructions-clinical` for what the
    /// clinical record must show, `instructions` otherwise.
    #[must_use]
    pub const fn code(self) -> &'static str {
        match self {
            DetailSubject::Gap(_) => "instructions-clinical",
            DetailSubject::Pitfall(_)
            | DetailSubject::Recommendation(_)
            | DetailSubject::ProcedureCorrection(_) => "instructions",
        }
    }

    /// A short label, the `detail.code` text.
    #[must_use]
    pub const fn label(self) -> &'static str {
        match self {
            DetailSubject::Gap(_) => "Documentation gap",
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
    info_needed: Option<InfoNeeded>,
    reason: &'static str,
    details: Vec<Detail>,
    date: String,
    coverage_assertion_id: String,
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
        let mut details = Vec::new();
        for gap in d.documentation_gaps() {
            details.push(Detail {
                subject: DetailSubject::Gap(gap),
                text: gap.description().to_owned(),
            });
        }
        for pitfall in d.pitfalls() {
            details.push(Detail {
                subject: DetailSubject::Pitfall(pitfall),
                text: pitfall.description().to_owned(),
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
                text: recommendation_text(d, rec),
            });
        }
        Ok(CoverageInformation {
            coverage: inputs.coverage.to_owned(),
            covered,
            doc_needed: (!d.documentation_gaps().is_empty()).then_some(DocNeeded::Clinical),
            info_needed: (covered == Covered::Conditional).then_some(InfoNeeded::Other),
            reason: d.coverage().description(),
            details,
            date: inputs.date.to_owned(),
            coverage_assertion_id: inputs.coverage_assertion_id.to_owned(),
        })
    }

    /// The `covered` value.
    #[must_use]
    pub fn covered(&self) -> Covered {
        self.covered
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
        self.info_needed
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

/// A recommendation's description, with the labs or codes it refers to spelled out (the
/// extension carries no separate lists).
fn recommendation_text(d: &Determination, rec: Recommendation) -> String {
    let mut text = rec.description().to_owned();
    match rec {
        Recommendation::LaboratoryScreening => {
            let labs: Vec<&str> = d.recommended_labs().iter().map(|l| l.as_str()).collect();
            text.push_str(&format!(" Labs to order: {}.", labs.join(", ")));
        }
        Recommendation::CodeNcsByStudyCount => {
            let fixes: Vec<String> = d
                .procedure_corrections()
                .map(|c| format!("{} to {}", c.cpt, c.replacement))
                .collect();
            text.push_str(&format!(" Recode: {}.", fixes.join(", ")));
        }
        Recommendation::AddSupportingCodes => {
            let codes: Vec<String> = d
                .suggested_codes()
                .map(|c| format!("{} for {}", c.code, c.finding))
                .collect();
            text.push_str(&format!(" Candidate codes: {}.", codes.join(", ")));
        }
        _ => {}
    }
    text
}

fn check_not_blank(path: &str, value: &str) -> Result<(), Error> {
    if value.trim().is_empty() {
        return Err(Error::new(path, ErrorKind::Blank));
    }
    Ok(())
}

fn check_reference(path: &str, value: &str) -> Result<(), Error> {
    check_not_blank(path, value)?;
    if value.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(Error::new(
            path,
            ErrorKind::InvalidReference {
                value: value.to_owned(),
            },
        ));
    }
    Ok(())
}

/// A calendar date written `YYYY-MM-DD`, year 0001-9999 (FHIR `date` at day precision).
fn check_date(path: &str, value: &str) -> Result<(), Error> {
    let invalid = || {
        Error::new(
            path,
            ErrorKind::InvalidDate {
                value: value.to_owned(),
            },
        )
    };
    let &[y1, y2, y3, y4, b'-', m1, m2, b'-', d1, d2] = value.as_bytes() else {
        return Err(invalid());
    };
    let number = |digits: &[u8]| -> Option<u32> {
        digits.iter().try_fold(0u32, |n, &b| {
            b.is_ascii_digit().then(|| n * 10 + u32::from(b - b'0'))
        })
    };
    let (Some(year), Some(month), Some(day)) = (
        number(&[y1, y2, y3, y4]),
        number(&[m1, m2]),
        number(&[d1, d2]),
    ) else {
        return Err(invalid());
    };
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => 0,
    };
    if year == 0 || day == 0 || day > days {
        return Err(invalid());
    }
    Ok(())
}

// ---- FHIR JSON -------------------------------------------------------------------------

/// One sub-extension: `url` and either a `value[x]` or nested extensions.
struct Ext<'a> {
    url: &'static str,
    value: Value<'a>,
}

enum Value<'a> {
    Reference(&'a str),
    Code(&'static str),
    Date(&'a str),
    Str(&'a str),
    Concept(Option<&'static str>, &'a str),
    Nested(Vec<Ext<'a>>),
}

#[derive(Serialize)]
struct Reference<'a> {
    reference: &'a str,
}

#[derive(Serialize)]
struct Coding {
    system: &'static str,
    code: &'static str,
}

#[derive(Serialize)]
struct CodeableConcept<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    coding: Option<[Coding; 1]>,
    text: &'a str,
}

impl Serialize for Ext<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(2))?;
        m.serialize_entry("url", self.url)?;
        match &self.value {
            Value::Reference(reference) => {
                m.serialize_entry("valueReference", &Reference { reference })?;
            }
            Value::Code(code) => m.serialize_entry("valueCode", code)?,
            Value::Date(date) => m.serialize_entry("valueDate", date)?,
            Value::Str(text) => m.serialize_entry("valueString", text)?,
            Value::Concept(code, text) => {
                let coding = code.map(|code| {
                    [Coding {
                        system: TEMP_CODE_SYSTEM,
                        code,
                    }]
                });
                m.serialize_entry("valueCodeableConcept", &CodeableConcept { coding, text })?;
            }
            Value::Nested(exts) => m.serialize_entry("extension", exts)?,
        }
        m.end()
    }
}

impl Serialize for CoverageInformation {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let ext = |url, value| Ext { url, value };
        let mut exts = vec![
            ext("coverage", Value::Reference(&self.coverage)),
            ext("covered", Value::Code(self.covered.as_str())),
        ];
        if let Some(doc) = self.doc_needed {
            exts.push(ext("doc-needed", Value::Code(doc.as_str())));
        }
        if let Some(purpose) = self.doc_purpose() {
            exts.push(ext("doc-purpose", Value::Code(purpose.as_str())));
        }
        if let Some(info) = self.info_needed {
            exts.push(ext("info-needed", Value::Code(info.as_str())));
        }
        exts.push(ext("reason", Value::Concept(None, self.reason)));
        for detail in &self.details {
            let subject = detail.subject;
            exts.push(ext(
                "detail",
                Value::Nested(vec![
                    ext(
                        "code",
                        Value::Concept(Some(subject.code()), subject.label()),
                    ),
                    ext("value", Value::Str(&detail.text)),
                ]),
            ));
        }
        exts.push(ext("date", Value::Date(&self.date)));
        exts.push(ext(
            "coverage-assertion-id",
            Value::Str(&self.coverage_assertion_id),
        ));

        let mut st = s.serialize_struct("Extension", 2)?;
        st.serialize_field("url", EXTENSION_URL)?;
        st.serialize_field("extension", &exts)?;
        st.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        for ok in [
            "2025-06-01",
            "2024-02-29",
            "2000-02-29",
            "0001-01-01",
            "9999-12-31",
        ] {
            assert!(check_date("date", ok).is_ok(), "{ok}");
        }
        for bad in [
            "",
            "2025-6-1",
            "2025/06/01",
            "2025-13-01",
            "2025-00-10",
            "2025-01-00",
            "2025-02-29",
            "1900-02-29",
            "2025-04-31",
            "0000-01-01",
            "2025-06-01T00:00",
            " 2025-06-01",
            "2025-06",
            "２０２５-06-01",
            "+025-06-01",
        ] {
            let err = check_date("date", bad).unwrap_err();
            assert_eq!(err.path(), "date");
            assert!(matches!(err.kind(), ErrorKind::InvalidDate { .. }), "{bad}");
        }
    }

    #[test]
    fn references() {
        assert!(check_reference("coverage", "Coverage/123").is_ok());
        assert!(check_reference("coverage", "urn:uuid:1a2b").is_ok());
        let err = check_reference("coverage", " ").unwrap_err();
        assert_eq!(*err.kind(), ErrorKind::Blank);
        let err = check_reference("coverage", "Coverage/ 1").unwrap_err();
        assert!(matches!(err.kind(), ErrorKind::InvalidReference { .. }));
    }

    #[test]
    fn covered_follows_the_outlook() {
        for &c in <Coverage as crate::Member>::ALL {
            let covered = Covered::for_outlook(c);
            assert_eq!(covered == Covered::Conditional, c == Coverage::AtRisk);
        }
    }
}
