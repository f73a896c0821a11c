//! Determination → CDS Hooks response: an `update` system action per judged
//! electrodiagnostic order, carrying the whole order plus CRD `ext-coverage-information`, and
//! at most one clinician card.

use serde::ser::{SerializeMap, SerializeSeq, Serializer};
use serde::Serialize;
use serde_json::{json, Value};

use super::json::{Array, Json, JsonObject};

use super::error::{HookError, HookErrorKind};
use super::map::{ElectrodiagnosticOrder, Mapping};
use super::suggestion::on_the_card;
use super::{CrdVersion, Issue, Options};
use crate::card::{content_uuid, Card};
use crate::crd::{CoverageInformation, CrdInputs};
use crate::outcome::{OperationOutcome, OutcomeIssue};
use edx_coverage::Coverage;
use edx_coverage::{Determination, Plan, RULESET};

/// CDS Hooks card types (CRD response types), for `card.source.topic`.
pub const CARD_TYPE_SYSTEM: &str = "http://terminology.hl7.org/CodeSystem/cdshooks-card-type";
/// The response extension that carries the mapping's issues as an `OperationOutcome`.
pub const ISSUES_EXTENSION: &str = "edx-coverage.issues";

/// What the response is written from: the request, its mapping, the determination (none
/// when the request holds no diagnosis to judge) and the CRD version answered.
pub(crate) struct Answering<'a> {
    pub(crate) request: Json<'a>,
    pub(crate) mapping: &'a Mapping,
    pub(crate) determination: Option<&'a Determination>,
    /// The path to coverage, when a card is written for a judged case.
    pub(crate) plan: Option<&'a Plan>,
    pub(crate) version: CrdVersion,
    pub(crate) options: &'a Options,
}

/// The response body as JSON text; `{"cards":[]}` when no judged order is
/// electrodiagnostic. Written straight from the request's own values (no copy of the orders).
pub(crate) fn response(answering: &Answering<'_>) -> Result<String, HookError> {
    let judged: Vec<&ElectrodiagnosticOrder> = answering
        .mapping
        .orders()
        .iter()
        .filter(|o| o.judged())
        .collect();
    if judged.is_empty() {
        return Ok(r#"{"cards":[]}"#.to_owned());
    }
    let entries = answering
        .request
        .get("context")
        .and_then(|c| c.get("draftOrders"))
        .and_then(|d| d.get("entry"))
        .and_then(Json::as_array)
        .unwrap_or(Array::EMPTY);
    let mut actions = Vec::with_capacity(judged.len());
    for order in &judged {
        actions.push(action(answering, order, entries)?);
    }
    let mut cards = Vec::new();
    let wants_card =
        answering.determination.map(Determination::coverage) != Some(Coverage::LikelyCovered);
    if wants_card && answering.mapping.max_cards() != Some(0) {
        cards.push(card(answering, &judged)?);
    }
    let extension = (!answering.mapping.issues().is_empty()).then(|| IssuesExtension {
        issues: answering.mapping.issues(),
    });
    let body = Body {
        cards,
        system_actions: actions,
        extension,
    };
    // Room for a typical response (two orders, ~7 kB) up front, instead of doubling from
    // serde_json's 128 bytes.
    let mut out = Vec::with_capacity(8 * 1024);
    serde_json::to_writer(&mut out, &body)
        .map_err(|e| HookError::new(HookErrorKind::InvalidOptions, "", e.to_string()))?;
    // serde_json writes UTF-8 only, so this never fails.
    String::from_utf8(out)
        .map_err(|e| HookError::new(HookErrorKind::InvalidOptions, "", e.to_string()))
}

/// The response object, members in the order `serde_json` sorts them.
#[derive(Serialize)]
struct Body<'a> {
    cards: Vec<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    extension: Option<IssuesExtension<'a>>,
    #[serde(rename = "systemActions")]
    system_actions: Vec<Action<'a>>,
}

/// An `update` action: the order as sent, with the coverage-information extensions added.
struct Action<'a> {
    description: String,
    resource: JsonObject<'a>,
    added: Vec<CoverageInformation>,
}

impl Serialize for Action<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(3))?;
        m.serialize_entry("description", &self.description)?;
        m.serialize_entry(
            "resource",
            &Updated {
                resource: self.resource,
                added: &self.added,
            },
        )?;
        m.serialize_entry("type", "update")?;
        m.end()
    }
}

/// The resource with `extension` holding its own extensions, then the added ones; members in
/// sorted order, as a `serde_json::Value` object writes them.
struct Updated<'a> {
    resource: JsonObject<'a>,
    added: &'a [CoverageInformation],
}

struct Extensions<'a> {
    own: Array<'a>,
    added: &'a [CoverageInformation],
}

impl Serialize for Extensions<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(Some(self.own.len() + self.added.len()))?;
        for e in self.own.iter() {
            seq.serialize_element(&e)?;
        }
        for e in self.added {
            seq.serialize_element(e)?;
        }
        seq.end()
    }
}

impl Serialize for Updated<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        const KEY: &str = "extension";
        let own = match self.resource.get(KEY) {
            Some(Json::Array(own)) => own,
            _ => Array::EMPTY,
        };
        let extensions = Extensions {
            own,
            added: self.added,
        };
        let mut m = s.serialize_map(None)?;
        let mut written = false;
        for (key, value) in self.resource.sorted() {
            if !written && key >= KEY {
                m.serialize_entry(KEY, &extensions)?;
                written = true;
                if key == KEY {
                    continue;
                }
            }
            m.serialize_entry(key, &value)?;
        }
        if !written {
            m.serialize_entry(KEY, &extensions)?;
        }
        m.end()
    }
}

/// The response's `extension`: the issues under [`ISSUES_EXTENSION`], written straight from
/// the mapping's issues.
struct IssuesExtension<'a> {
    issues: &'a [Issue],
}

impl Serialize for IssuesExtension<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(1))?;
        // One `warning` issue (code `informational`) per issue, at its JSON path.
        let issues = self
            .issues
            .iter()
            .map(|i| OutcomeIssue::warning("informational", i.message()).at(i.path()));
        m.serialize_entry(ISSUES_EXTENSION, &OperationOutcome::new(issues))?;
        m.end()
    }
}

/// One `update` system action: the order as sent plus one coverage-information extension per
/// coverage.
fn action<'a>(
    answering: &Answering<'_>,
    order: &ElectrodiagnosticOrder,
    entries: Array<'a>,
) -> Result<Action<'a>, HookError> {
    // The order's path, written only for a refusal.
    let at = || format!("context.draftOrders.entry[{}].resource", order.entry());
    let coverages: &[String] = if order.insurance().is_empty() {
        answering.mapping.prefetch_coverages()
    } else {
        order.insurance()
    };
    if coverages.is_empty() {
        return Err(HookError::new(
            HookErrorKind::PrefetchMissing,
            "prefetch",
            format!(
                "no active Coverage for {}: neither its insurance nor the prefetch (CRD's \
                 Coverage?patient={{{{context.patientId}}}}&status=active) names one",
                order.reference()
            ),
        ));
    }
    let date = match (answering.options.date(), order.authored_on()) {
        (Some(date), _) => {
            if crate::crd::is_date(date) {
                date.to_owned()
            } else {
                return Err(HookError::new(
                    HookErrorKind::InvalidOptions,
                    "options.date",
                    format!(
                        "{:?} is not a date written YYYY-MM-DD",
                        edx_coverage::echo(date)
                    ),
                ));
            }
        }
        (None, Some(date)) if crate::crd::is_date(date) => date.to_owned(),
        _ => {
            return Err(HookError::new(
                HookErrorKind::CrdConstraint,
                format!("{}.authoredOn", at()),
                "no date for the coverage assertion: the order has no authoredOn date and the \
                 host gave none",
            ))
        }
    };
    let resource = entries
        .get(order.entry())
        .and_then(|e| e.get("resource"))
        .and_then(Json::as_object)
        .ok_or_else(|| HookError::new(HookErrorKind::InvalidFhir, at(), "expected an object"))?;
    if !matches!(resource.get("extension"), None | Some(Json::Array(_))) {
        return Err(HookError::new(
            HookErrorKind::InvalidFhir,
            format!("{}.extension", at()),
            "expected an array",
        ));
    }
    let mut added = Vec::with_capacity(coverages.len());
    let reference = order.reference();
    for coverage in coverages {
        let id = content_uuid(&[answering.mapping.hook_instance(), &reference, coverage]);
        added.push(coverage_information(answering, coverage, &date, &id)?);
    }
    Ok(Action {
        description: format!("Coverage information for {reference} ({RULESET})"),
        resource,
        added,
    })
}

/// The coverage-information extension for one coverage.
fn coverage_information(
    answering: &Answering<'_>,
    coverage: &str,
    date: &str,
    assertion_id: &str,
) -> Result<CoverageInformation, HookError> {
    let inputs = CrdInputs {
        coverage,
        date,
        coverage_assertion_id: assertion_id,
    };
    // The inputs are checked before (a Coverage reference from the request, a checked date,
    // a hash), so a refusal here names the request's coverage reference.
    let info = match answering.determination {
        Some(d) => CoverageInformation::new(d, &inputs),
        None => CoverageInformation::indeterminate(&inputs),
    }
    .map_err(|e| HookError::new(HookErrorKind::InvalidFhir, "prefetch", e.to_string()))?;
    Ok(info.with_version(answering.version))
}

/// The clinician card: the crate's card for the determination (or the one that cannot
/// judge), with the path to coverage (one suggestion for the order changes, the other steps
/// in the detail) and the mapping's issues in its detail, CRD's topic and the orders it is
/// about.
fn card(answering: &Answering<'_>, judged: &[&ElectrodiagnosticOrder]) -> Result<Value, HookError> {
    let mut note = String::new();
    let mut suggestion = None;
    if let (Some(plan), Some(case)) = (answering.plan, answering.mapping.case()) {
        let path = on_the_card(plan, case, answering.mapping, answering.request)?;
        note = path.note;
        suggestion = path.suggestion;
    }
    if !answering.mapping.issues().is_empty() {
        note.push_str("\n**Not used from the request:**\n");
        for issue in answering.mapping.issues() {
            note.push_str(&format!("- `{}`: {}\n", issue.path(), issue.message()));
        }
    }
    let card = Card::noted(answering.determination, &note);
    let associated: Vec<Value> = judged
        .iter()
        .map(|o| json!({"reference": o.reference()}))
        .collect();
    let mut value = json!({
        "uuid": card.uuid(),
        "summary": card.summary(),
        "indicator": card.indicator().as_str(),
        "detail": card.detail(),
        "source": {
            "label": card.source().label(),
            "topic": {"system": CARD_TYPE_SYSTEM, "code": "guideline", "display": "Guideline"},
        },
        "extension": {"davinci-crd.associated-resource": associated},
    });
    if let (Some(suggestion), Some(card)) = (suggestion, value.as_object_mut()) {
        card.insert("suggestions".to_owned(), Value::Array(vec![suggestion]));
        card.insert("selectionBehavior".to_owned(), json!("at-most-one"));
    }
    Ok(value)
}
