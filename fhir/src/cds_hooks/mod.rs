//! CDS Hooks and FHIR R4: a CDS Hooks `order-sign` or `order-select`
//! request in, a Da Vinci CRD answer out.
//!
//! A host (an EHR, a payer's CRD server) holds a CDS Hooks request full of FHIR R4
//! resources. [`answer`] reads it, finds the draft orders that are electrodiagnostic (a CPT
//! code of the crate's table among the order's codings or CRD billing options), builds the
//! [`Case`](edx_coverage::Case) from the request alone, evaluates it and returns the CDS Hooks
//! response: an `update` system action per electrodiagnostic order adding the CRD
//! `ext-coverage-information` extension, and at most one clinician card. The card carries
//! the path to coverage ([`edx_coverage::plan`]): the steps that change the order as one
//! suggestion with `update` / `create` / `delete` actions, the others in its detail (DESIGN.md,
//! "The path to coverage on the CDS Hooks card"). Pure: no I/O, no clock, deterministic.
//!
//! ```
//! use edx_coverage_fhir::cds_hooks::{answer, Options};
//! use edx_coverage::Policy;
//!
//! let request = r#"{"hook":"order-sign","hookInstance":"h1","context":{"userId":"Practitioner/1",
//!   "patientId":"p1","draftOrders":{"resourceType":"Bundle","type":"collection","entry":[]}}}"#;
//! let answer = answer(request, &Policy::default(), &Options::default())?;
//! assert_eq!(answer.json(), r#"{"cards":[]}"#);
//! # Ok::<(), edx_coverage_fhir::cds_hooks::HookError>(())
//! ```
//!
//! A judged order, written with [`to_request`] (the documented encoding of any case):
//!
//! ```
//! use edx_coverage_fhir::cds_hooks::{answer_value, to_request, Hook, Options};
//! use edx_coverage::{Case, Coverage, Policy, Procedure};
//!
//! let case = Case::builder()
//!     .diagnosis("R25.2".parse()?)
//!     .procedure(Procedure::new("95886".parse()?))
//!     .build()?;
//! let request = to_request(&case, Hook::OrderSign, "2026-11-27");
//! let answer = answer_value(&request, &Policy::default(), &Options::default())?;
//! assert_eq!(answer.outlook(), Some(Coverage::LikelyDenied));
//! let response = answer.to_value();
//! let action = &response["systemActions"][0];
//! assert_eq!(action["type"], "update");
//! assert_eq!(action["resource"]["extension"][0]["extension"][1]["valueCode"], "not-covered");
//! assert_eq!(response["cards"][0]["indicator"], "warning");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # What is read
//! | case entry | FHIR |
//! |---|---|
//! | procedures | draft `ServiceRequest`s with a CPT code of the crate's table in `code.coding` or a CRD billing option; `quantityQuantity` 1–99 = units; the crate's `studies` extension ([`terminology::STUDIES_EXTENSION_URL`]) on NCS orders |
//! | diagnoses | ICD-10-CM in the electrodiagnostic orders' `reasonCode`, or in Conditions named by `reasonReference` (prefetch or `contained`); with none, the patient's active `problem-list-item` / `encounter-diagnosis` / `health-concern` Conditions |
//! | findings | Observations and Conditions coded in SNOMED CT ([`terminology::SNOMED_FINDINGS`]), ICD-10-CM ([`terminology::ICD_FINDINGS`]) or [`terminology::FINDING_KIND_SYSTEM`]; `exam` category → exam, else history; absent when `valueBoolean` is false, the value is SNOMED 2667000 or the Condition is `refuted` |
//! | labs | LOINC Observations ([`terminology::LOINC_LABS`]); `interpretation` N → normal, A/AA/H/HH/L/LL → abnormal; `registered` / `preliminary` or no interpretation → pending |
//! | trials | Observations coded in [`terminology::THERAPY_SYSTEM`], outcome in [`terminology::TRIAL_OUTCOME_SYSTEM`], days in a `duration` component |
//! | differential | Conditions with verificationStatus `differential` (class from ICD-10-CM or [`terminology::DIFFERENTIAL_SYSTEM`]) |
//! | needle EMG exceptions | Conditions / Observations coded in [`terminology::NEEDLE_EMG_EXCEPTION_SYSTEM`] |
//!
//! Prefetch values are resources or search Bundles, read by `resourceType` whatever the key;
//! a `null` key is "no data"; unknown `context` members are ignored. Entered-in-error and
//! cancelled resources, inactive / resolved Conditions, resources about another patient and
//! codes the tables lack are [`Issue`]s, never silently dropped.
//!
//! # Refusals
//! | status | when ([`HookErrorKind`]) |
//! |---|---|
//! | 400 | not JSON (`Syntax`), not a CDS Hooks request (`NotARequest`), a hook other than order-sign / order-select (`UnsupportedHook`), invalid FHIR where the mapping reads (`InvalidFhir`: a wrong JSON type, a `null`, a missing `resourceType`, `insurance` not an array) |
//! | 412 | a judged order and no active Coverage in its `insurance` or in prefetch (`PrefetchMissing`) |
//! | 422 | an electrodiagnostic order without `id`, a `davinci-crd.requestedVersion` other than 2.1 / 2.2, no date for the assertion (`CrdConstraint`) |
//! | 500 | the host's [`Options`] are invalid (`InvalidOptions`) |

mod encode;
mod error;
mod fhir;
mod json;
mod map;
mod path;
mod request;
mod response;
mod suggestion;
pub mod terminology;

pub use crate::crd::COVERAGE_DETAIL_SYSTEM;
pub use encode::{to_request, COVERAGE_ID, PATIENT_ID};
pub use map::{map, map_value, ElectrodiagnosticOrder, Mapping};
pub use response::{CARD_TYPE_SYSTEM, ISSUES_EXTENSION};

pub use error::{HookError, HookErrorKind};

use core::fmt;

use serde_json::Value;

use edx_coverage::Coverage;
use edx_coverage::Policy;

/// Which hook a request is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Hook {
    /// `order-sign`: the clinician is about to sign orders (CRD primary hook).
    OrderSign,
    /// `order-select`: the clinician selected orders (CRD secondary hook).
    OrderSelect,
}

impl Hook {
    /// The hook's name on the wire.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Hook::OrderSign => "order-sign",
            Hook::OrderSelect => "order-select",
        }
    }

    /// Looks a hook up by its wire name.
    #[must_use]
    pub fn from_wire(name: &str) -> Option<Hook> {
        match name {
            "order-sign" => Some(Hook::OrderSign),
            "order-select" => Some(Hook::OrderSelect),
            _ => None,
        }
    }
}

impl fmt::Display for Hook {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

pub use crate::crd::CrdVersion;

/// How to answer: the CRD version and what the host supplies that the library cannot know.
///
/// Build from the default (CRD 2.2) with the `with_*` methods.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub struct Options {
    crd_version: CrdVersion,
    date: Option<String>,
}

impl Options {
    /// The same options with another CRD version.
    #[must_use]
    pub fn with_crd_version(mut self, version: CrdVersion) -> Self {
        self.crd_version = version;
        self
    }

    /// The same options with the date of the coverage assertions (`YYYY-MM-DD`), usually
    /// today in the host's time zone. Without it the date is taken from the order.
    #[must_use]
    pub fn with_date(mut self, date: &str) -> Self {
        self.date = Some(date.to_owned());
        self
    }

    /// The CRD version.
    #[must_use]
    pub fn crd_version(&self) -> CrdVersion {
        self.crd_version
    }

    /// The date the host supplied, if any.
    #[must_use]
    pub fn date(&self) -> Option<&str> {
        self.date.as_deref()
    }
}

/// Something the mapping met and could not use: where (a JSON path in the request) and why.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Issue {
    path: String,
    message: String,
}

impl Issue {
    pub(crate) fn new(path: impl Into<String>, message: impl Into<String>) -> Issue {
        Issue {
            path: path.into(),
            message: message.into(),
        }
    }

    /// The JSON path in the request.
    #[must_use]
    pub fn path(&self) -> &str {
        &self.path
    }

    /// What the mapping could not use, and why.
    #[must_use]
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for Issue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.message)
    }
}

/// The answer to one request: the CDS Hooks response, plus what a host logs.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Answer {
    hook: Hook,
    hook_instance: String,
    outlook: Option<Coverage>,
    json: String,
    issues: Vec<Issue>,
}

impl Answer {
    /// The hook answered.
    #[must_use]
    pub fn hook(&self) -> Hook {
        self.hook
    }

    /// The request's `hookInstance`.
    #[must_use]
    pub fn hook_instance(&self) -> &str {
        &self.hook_instance
    }

    /// The coverage outlook when an electrodiagnostic order was judged, else `None`.
    #[must_use]
    pub fn outlook(&self) -> Option<Coverage> {
        self.outlook
    }

    /// The CDS Hooks response body (`{"cards":[...],"systemActions":[...]}`) as JSON text.
    #[must_use]
    pub fn json(&self) -> &str {
        &self.json
    }

    /// The CDS Hooks response body as a JSON value.
    #[must_use]
    pub fn to_value(&self) -> Value {
        // The text was written by serde_json from values, so it always parses back.
        serde_json::from_str(&self.json).unwrap_or(Value::Null)
    }

    /// What the mapping met and could not use, in request order.
    #[must_use]
    pub fn issues(&self) -> &[Issue] {
        &self.issues
    }
}

/// Answers a CDS Hooks request given as JSON text.
///
/// # Errors
/// A [`HookError`] with its status and path: 400 for text that is not JSON, not a CDS
/// Hooks request, an unsupported hook or invalid FHIR the mapping needs; 422 for a CRD
/// constraint broken; 412 for prefetch data that is required and missing.
pub fn answer(request: &str, policy: &Policy, options: &Options) -> Result<Answer, HookError> {
    // A byte-order mark at the very start (Windows editors write one) is not part of the
    // request; anywhere else it is refused as the JSON syntax error it is.
    let tree = json::parse(edx_coverage::json::strip_bom(request))
        .map_err(|e| HookError::new(HookErrorKind::Syntax, "", e.to_string()))?;
    answer_tree(tree.root(), policy, options)
}

/// Reads `request` into the borrowed tree [`answer`] reads it into, and drops it: what the
/// first step of [`answer`] costs, for `benches/json_tree.rs`. Not part of the API.
///
/// # Errors
/// The `serde_json` error for text that is not one JSON document.
#[doc(hidden)]
pub fn parse_tree_only(request: &str) -> Result<(), serde_json::Error> {
    json::parse(request).map(drop)
}

/// Answers a CDS Hooks request given as a parsed JSON value. As [`answer`].
///
/// # Errors
/// As [`answer`].
pub fn answer_value(
    request: &Value,
    policy: &Policy,
    options: &Options,
) -> Result<Answer, HookError> {
    answer_tree(json::Doc::from_value(request).root(), policy, options)
}

/// Both entry points, on the crate's borrowed tree.
fn answer_tree<'v>(
    request: json::Json<'v>,
    policy: &Policy,
    options: &Options,
) -> Result<Answer, HookError> {
    let mapping = map::map_tree(request)?;
    let version = mapping.requested_version().unwrap_or(options.crd_version);
    let determination = mapping
        .case()
        .map(|case| edx_coverage::evaluate(case, policy));
    let judged = mapping.orders().iter().any(ElectrodiagnosticOrder::judged);
    // The path to coverage, for the card (there is none when the order is likely covered).
    let plan = match (mapping.case(), &determination) {
        (Some(case), Some(d)) if judged && d.coverage() != Coverage::LikelyCovered => {
            Some(edx_coverage::plan(case, policy))
        }
        _ => None,
    };
    let json = response::response(&response::Answering {
        request,
        mapping: &mapping,
        determination: determination.as_ref(),
        plan: plan.as_ref(),
        version,
        options,
    })?;
    let hook = mapping.hook();
    let (hook_instance, issues) = mapping.into_parts();
    Ok(Answer {
        hook,
        hook_instance,
        outlook: if judged {
            determination.map(|d| d.coverage())
        } else {
            None
        },
        json,
        issues,
    })
}
