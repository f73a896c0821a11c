//! The one error type: what a host sent that the crate will not accept, and where.

use core::fmt;

use crate::{CptCode, FindingKind, FindingSource};

/// The most entries any input list may hold (wire format: "at most 1,000 entries").
pub const MAX_ENTRIES: usize = 1000;

/// The most characters of a refused value that an error repeats. A host may log errors, so
/// a megabyte of garbage in a code field must not become a megabyte of log line.
pub const MAX_ECHO_CHARS: usize = 64;

/// The value as received, cut to [`MAX_ECHO_CHARS`] characters (with `…` when cut): what an
/// error message quotes. Public so that the crates built on this one (the FHIR crate, the
/// service) quote refused values the same way.
///
/// ```
/// assert_eq!(edx_coverage::echo("R25.2"), "R25.2");
/// assert_eq!(edx_coverage::echo(&"x".repeat(100)).chars().count(), 65);
/// ```
#[must_use]
pub fn echo(value: &str) -> String {
    match value.char_indices().nth(MAX_ECHO_CHARS) {
        None => value.to_owned(),
        Some((cut, _)) => format!("{}…", value.get(..cut).unwrap_or_default()),
    }
}

/// An input the crate refuses: where it is ([`Error::path`]) and why ([`Error::kind`]).
///
/// The path uses the wire format's names, e.g. `diagnoses[1].code` or `findings[0].kind`,
/// so a wrapper in any language can point its user at the offending value.
///
/// ```
/// let err = edx_coverage::Case::builder().build().unwrap_err();
/// assert_eq!(err.path(), "diagnoses");
/// assert_eq!(err.to_string(), "diagnoses: must hold at least one diagnosis");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Error {
    path: String,
    kind: ErrorKind,
}

impl Error {
    /// An error at `path` (a JSON path in the wire format's or the host's names, `""` for
    /// the document itself). For crates built on this one that check their own inputs (the
    /// FHIR crate's CRD inputs and card uuid).
    #[must_use]
    pub fn new(path: impl Into<String>, kind: ErrorKind) -> Self {
        Error {
            path: path.into(),
            kind,
        }
    }

    /// The JSON path of the offending value (`""` for the document itself).
    #[must_use]
    pub fn path(&self) -> &str {
        &self.path
    }

    /// What is wrong with it.
    #[must_use]
    pub fn kind(&self) -> &ErrorKind {
        &self.kind
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            write!(f, "{}", self.kind)
        } else {
            write!(f, "{}: {}", self.path, self.kind)
        }
    }
}

impl std::error::Error for Error {}

/// Why an input was refused. Values are quoted as received so the message can be acted on.
#[derive(Debug, Clone, PartialEq, Eq, Hash, thiserror::Error)]
#[non_exhaustive]
pub enum ErrorKind {
    /// A required field is absent.
    #[error("is required")]
    Missing,
    /// The case lists no diagnosis.
    #[error("must hold at least one diagnosis")]
    NoDiagnosis,
    /// A diagnosis code does not have the ICD-10-CM shape.
    #[error("{value:?} is not an ICD-10-CM code")]
    InvalidIcdCode {
        /// The code as received.
        value: String,
    },
    /// A procedure code is not in the crate's electrodiagnostic CPT table.
    #[error(
        "{value:?} is not an electrodiagnostic CPT code (see the CPT table in the crate docs)"
    )]
    UnknownCpt {
        /// The code as received.
        value: String,
    },
    /// A name that is not in a closed vocabulary (finding kind, therapy, ...).
    #[error("unknown {what} {value:?}")]
    UnknownValue {
        /// Which vocabulary, e.g. `finding kind`.
        what: &'static str,
        /// The name as received.
        value: String,
    },
    /// An object field the wire format does not define (never silently dropped).
    #[error("unknown field {name:?} (expected one of: {})", expected.join(", "))]
    UnknownField {
        /// The field name as received.
        name: String,
        /// The fields allowed here.
        expected: &'static [&'static str],
    },
    /// The same field appears twice in one object.
    #[error("field {name:?} appears more than once")]
    DuplicateField {
        /// The field name.
        name: String,
    },
    /// A value of the wrong JSON type.
    #[error("expected {expected}, found {found}")]
    WrongType {
        /// What the wire format wants here.
        expected: &'static str,
        /// What was received, e.g. `string "x"` or `number 3.5`.
        found: String,
    },
    /// One finding kind recorded both present and absent from the same source.
    #[error("{kind} is recorded both present and absent from the {finding_source} (conflicting finding)")]
    ConflictingFinding {
        /// The finding kind.
        kind: FindingKind,
        /// The source on which both statuses were recorded.
        finding_source: FindingSource,
    },
    /// A list longer than [`MAX_ENTRIES`].
    #[error("has {len} entries; at most {max} are allowed")]
    TooMany {
        /// How many entries were sent.
        len: usize,
        /// The limit.
        max: usize,
    },
    /// `schema_version` other than 1.
    #[error("{value} is not a supported schema version (only 1 is)")]
    SchemaVersion {
        /// The version as received.
        value: String,
    },
    /// A whole number that is negative or too large for its field (days).
    #[error("{value} is not a whole number from 0 to 4294967295")]
    NotANonNegativeInteger {
        /// The number as the parser read it.
        value: String,
    },
    /// Procedure units outside 1–99.
    #[error("{value} is outside the allowed units 1-99")]
    UnitsOutOfRange {
        /// The units as the parser read them.
        value: String,
    },
    /// A study count outside 1–99 (docs/codes.md, NCS tiers).
    #[error("{value} is outside the allowed study count 1-99")]
    StudiesOutOfRange {
        /// The count as the parser read it.
        value: String,
    },
    /// A study count on a procedure line whose code is not an NCS code (95907–95913).
    #[error("{value} studies on {cpt}: a study count belongs only on an NCS code (95907-95913)")]
    StudiesOnNonNcs {
        /// The study count as received.
        value: u32,
        /// The line's code.
        cpt: CptCode,
    },
    /// A host-supplied text (an id, a reference) that is empty or only white space.
    #[error("must not be empty")]
    Blank,
    /// A host-supplied date that is not a calendar date written `YYYY-MM-DD`.
    #[error("{value:?} is not a date written YYYY-MM-DD")]
    InvalidDate {
        /// The date as received.
        value: String,
    },
    /// A host-supplied FHIR reference that cannot be one (it holds white space or control
    /// characters), e.g. for the CRD `coverage` reference.
    #[error("{value:?} is not a FHIR reference such as \"Coverage/123\"")]
    InvalidReference {
        /// The reference as received.
        value: String,
    },
    /// The document is not well-formed JSON (or not the expected JSON shape at all).
    #[error("{message}")]
    Syntax {
        /// The parser's message.
        message: String,
    },
}
