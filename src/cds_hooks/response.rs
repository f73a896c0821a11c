//! Determination → CDS Hooks response: an `update` system action per judged
//! electrodiagnostic order, carrying the whole order plus CRD `ext-coverage-information`, and
//! at most one clinician card.

use serde::ser::{SerializeMap, SerializeSeq, Serializer};
use serde::Serialize;
use serde_json::{json, Value};

use super::json::{JMap, Json};

use super::error::{HookError, HookErrorKind};
use super::map::{ElectrodiagnosticOrder, Mapping};
use super::{CrdVersion, Issue, Options};
use crate::cds::{content_uuid, Card};
use crate::crd::{CoverageInformation, Covered, CrdInputs, COVERAGE_DETAIL_SYSTEM, EXTENSION_URL};
use crate::determination::{Determination, RULESET};
use crate::outcome::Coverage;

/// CDS Hooks card types (CRD response types), for `card.source.topic`.
pub const CARD_TYPE_SYSTEM: &str = "http://terminology.hl7.org/CodeSystem/cdshooks-card-type";
/// The response extension that carries the mapping's issues as an `OperationOutcome`.
pub const ISSUES_EXTENSION: &str = "edx-coverage.issues";

/// What the response builder needs besides the mapping.
pub(crate) struct Ctx<'a> {
    pub(crate) request: &'a Json<'a>,
    pub(crate) mapping: &'a Mapping,
    pub(crate) determination: Option<&'a Determination>,
    pub(crate) version: CrdVersion,
    pub(crate) options: &'a Options,
}

/// The response body as JSON text; `{"cards":[]}` when no judged order is
/// electrodiagnostic. Written straight from the request's own values (no copy of the orders).
pub(crate) fn response(ctx: &Ctx<'_>) -> Result<String, HookError> {
    let judged: Vec<&ElectrodiagnosticOrder> =
        ctx.mapping.orders().iter().filter(|o| o.judged()).collect();
    if judged.is_empty() {
        return Ok(r#"{"cards":[]}"#.to_owned());
    }
    let entries = ctx
        .request
        .get("context")
        .and_then(|c| c.get("draftOrders"))
        .and_then(|d| d.get("entry"))
        .and_then(Json::as_array)
        .unwrap_or(&[]);
    let mut actions = Vec::with_capacity(judged.len());
    for order in &judged {
        actions.push(action(ctx, order, entries)?);
    }
    let mut cards = Vec::new();
    let wants_card =
        ctx.determination.map(Determination::coverage) != Some(Coverage::LikelyCovered);
    if wants_card && ctx.mapping.max_cards() != Some(0) {
        cards.push(card(ctx, &judged));
    }
    let extension = (!ctx.mapping.issues().is_empty()).then(|| IssuesExtension {
        issues: ctx.mapping.issues(),
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
    resource: &'a JMap<'a>,
    added: Vec<Added>,
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
    resource: &'a JMap<'a>,
    added: &'a [Added],
}

struct Extensions<'a> {
    own: &'a [Json<'a>],
    added: &'a [Added],
}

impl Serialize for Extensions<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(Some(self.own.len() + self.added.len()))?;
        for e in self.own {
            seq.serialize_element(e)?;
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
            Some(Json::Arr(own)) => own.as_slice(),
            _ => &[],
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
            m.serialize_entry(key, value)?;
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
        m.serialize_entry(ISSUES_EXTENSION, &IssuesOutcome(self.issues))?;
        m.end()
    }
}

/// The issues as a FHIR `OperationOutcome`: one `warning` issue (code `informational`) per
/// issue, its `expression` the JSON path in the request. Members in sorted order, as a
/// `serde_json::Value` object writes them.
struct IssuesOutcome<'a>(&'a [Issue]);

impl Serialize for IssuesOutcome<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(2))?;
        m.serialize_entry("issue", &IssueList(self.0))?;
        m.serialize_entry("resourceType", "OperationOutcome")?;
        m.end()
    }
}

struct IssueList<'a>(&'a [Issue]);

impl Serialize for IssueList<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(Some(self.0.len()))?;
        for issue in self.0 {
            seq.serialize_element(&OutcomeIssue(issue))?;
        }
        seq.end()
    }
}

struct OutcomeIssue<'a>(&'a Issue);

impl Serialize for OutcomeIssue<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(4))?;
        m.serialize_entry("code", "informational")?;
        m.serialize_entry("diagnostics", self.0.message())?;
        m.serialize_entry("expression", &[self.0.path()])?;
        m.serialize_entry("severity", "warning")?;
        m.end()
    }
}

/// One `update` system action: the order as sent plus one coverage-information extension per
/// coverage.
fn action<'a>(
    ctx: &Ctx<'_>,
    order: &ElectrodiagnosticOrder,
    entries: &'a [Json<'a>],
) -> Result<Action<'a>, HookError> {
    // The order's path, written only for a refusal.
    let at = || format!("context.draftOrders.entry[{}].resource", order.entry());
    let coverages: &[String] = if order.insurance().is_empty() {
        ctx.mapping.prefetch_coverages()
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
    let date = match (ctx.options.date(), order.authored_on()) {
        (Some(date), _) => {
            if crate::crd::is_date(date) {
                date.to_owned()
            } else {
                return Err(HookError::new(
                    HookErrorKind::InvalidOptions,
                    "options.date",
                    format!(
                        "{:?} is not a date written YYYY-MM-DD",
                        crate::error::echo(date)
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
    if !matches!(resource.get("extension"), None | Some(Json::Arr(_))) {
        return Err(HookError::new(
            HookErrorKind::InvalidFhir,
            format!("{}.extension", at()),
            "expected an array",
        ));
    }
    let mut added = Vec::with_capacity(coverages.len());
    let reference = order.reference();
    for coverage in coverages {
        let id = content_uuid(&[ctx.mapping.hook_instance(), &reference, coverage]);
        added.push(coverage_information(ctx, coverage, &date, &id)?);
    }
    Ok(Action {
        description: format!("Coverage information for {reference} ({RULESET})"),
        resource,
        added,
    })
}

/// One added coverage-information extension: typed from a determination, or the
/// indeterminate one.
enum Added {
    Info(CoverageInformation),
    Indeterminate(Value),
}

impl Serialize for Added {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Added::Info(info) => info.serialize(s),
            Added::Indeterminate(value) => value.serialize(s),
        }
    }
}

/// The coverage-information extension for one coverage.
fn coverage_information(
    ctx: &Ctx<'_>,
    coverage: &str,
    date: &str,
    assertion_id: &str,
) -> Result<Added, HookError> {
    let Some(d) = ctx.determination else {
        return Ok(Added::Indeterminate(indeterminate(
            ctx.version,
            coverage,
            date,
            assertion_id,
        )));
    };
    let inputs = CrdInputs {
        coverage,
        date,
        coverage_assertion_id: assertion_id,
    };
    // The inputs are checked before (a Coverage reference from the request, a checked date,
    // a hash), so a refusal here names the request's coverage reference.
    let info = CoverageInformation::new(d, &inputs)
        .map_err(|e| HookError::new(HookErrorKind::InvalidFhir, "prefetch", e.to_string()))?;
    Ok(Added::Info(info.with_version(ctx.version)))
}

/// The extension when the crate cannot judge (no ICD-10-CM diagnosis anywhere): STU 2.2
/// `indeterminate` with a reason; STU 2.1 (no `indeterminate`) `conditional` with
/// `info-needed` `OTH`.
fn indeterminate(version: CrdVersion, coverage: &str, date: &str, assertion_id: &str) -> Value {
    const WHY: &str = "No ICD-10-CM diagnosis on the order or in the record: the crate cannot \
                       judge medical necessity without one.";
    const TODO: &str = "Give the order a reason coded in ICD-10-CM (for cramps and spasms, \
                        R25.2 and any more specific finding or neuromuscular code).";
    let mut exts = vec![json!({"url": "coverage", "valueReference": {"reference": coverage}})];
    let (detail_code, detail_extra) = match version {
        CrdVersion::V2_1 => {
            exts.push(json!({"url": "covered", "valueCode": "conditional"}));
            exts.push(json!({"url": "doc-needed", "valueCode": "clinical"}));
            exts.push(json!({"url": "doc-purpose", "valueCode": "retain-doc"}));
            exts.push(json!({"url": "info-needed", "valueCode": "OTH"}));
            (
                json!({"system": crate::crd::TEMP_CODE_SYSTEM, "code": "instructions"}),
                None,
            )
        }
        CrdVersion::V2_2 => {
            exts.push(json!({"url": "covered", "valueCode": Covered::Indeterminate.as_str()}));
            exts.push(json!({"url": "doc-needed", "valueCode": "clinical"}));
            exts.push(json!({"url": "doc-purpose", "valueCode": "retain-doc"}));
            (
                json!({"system": COVERAGE_DETAIL_SYSTEM, "code": "instructions"}),
                Some(json!({"url": "category", "valueCode": "cat-decisional"})),
            )
        }
    };
    exts.push(json!({"url": "reason", "valueCodeableConcept": {"text": WHY}}));
    let mut detail = Vec::new();
    detail.extend(detail_extra);
    detail.push(json!({"url": "code", "valueCodeableConcept": {"coding": [detail_code], "text": "Documentation gap"}}));
    detail.push(json!({"url": "value", "valueString": TODO}));
    exts.push(json!({"url": "detail", "extension": detail}));
    exts.push(json!({"url": "date", "valueDate": date}));
    exts.push(json!({"url": "coverage-assertion-id", "valueString": assertion_id}));
    json!({"url": EXTENSION_URL, "extension": exts})
}

/// The clinician card: the crate's card for the determination (or the indeterminate one),
/// with CRD's topic, the orders it is about, and the mapping's issues in its detail.
fn card(ctx: &Ctx<'_>, judged: &[&ElectrodiagnosticOrder]) -> Value {
    let label = format!("edx-coverage, ruleset {RULESET}");
    let (summary, indicator, mut detail) = match ctx.determination {
        Some(d) => {
            let card = Card::new(d);
            (
                card.summary().to_owned(),
                card.indicator().as_str(),
                card.detail().to_owned(),
            )
        }
        None => (
            "NCS/EMG for cramps: cannot judge coverage, no ICD-10-CM diagnosis".to_owned(),
            "warning",
            "**Cannot judge.** Neither the order's reasons nor the patient's active problems \
             and encounter diagnoses hold an ICD-10-CM code, and medical necessity is judged \
             on the diagnosis.\n\n**What to do:** give the order a reason coded in ICD-10-CM \
             (for cramps and spasms, R25.2 and any more specific finding or neuromuscular \
             code), then sign again.\n"
                .to_owned(),
        ),
    };
    if !ctx.mapping.issues().is_empty() {
        detail.push_str("\n**Not used from the request:**\n");
        for issue in ctx.mapping.issues() {
            detail.push_str(&format!("- `{}`: {}\n", issue.path(), issue.message()));
        }
    }
    let uuid = content_uuid(&[indicator, &summary, &detail, &label]);
    let associated: Vec<Value> = judged
        .iter()
        .map(|o| json!({"reference": o.reference()}))
        .collect();
    json!({
        "uuid": uuid,
        "summary": summary,
        "indicator": indicator,
        "detail": detail,
        "source": {
            "label": label,
            "topic": {"system": CARD_TYPE_SYSTEM, "code": "guideline", "display": "Guideline"},
        },
        "extension": {"davinci-crd.associated-resource": associated},
    })
}
