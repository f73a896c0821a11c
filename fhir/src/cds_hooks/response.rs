//! Determination → CDS Hooks response: an `update` system action per judged
//! electrodiagnostic order, carrying the whole order plus CRD `ext-coverage-information`, and
//! at most one clinician card.

use super::json::{write, Array, Json, JsonObject};

use super::error::{HookError, HookErrorKind};
use super::map::{ElectrodiagnosticOrder, Mapping};
use super::suggestion::{on_the_card, Suggestion};
use super::{CrdVersion, Issue, Options};
use crate::card::{Card, ContentHash};
use crate::crd::{CoverageInformation, CrdInputs};
use crate::json_text::push_plain;
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
    // Every assertion id begins with the hook instance: hashed once.
    let hook_instance = ContentHash::new().part(answering.mapping.hook_instance());
    let mut actions = Vec::with_capacity(judged.len());
    for order in &judged {
        actions.push(action(answering, order, entries, hook_instance)?);
    }
    let wants_card =
        answering.determination.map(Determination::coverage) != Some(Coverage::LikelyCovered);
    let card = if wants_card && answering.mapping.max_cards() != Some(0) {
        Some(card(answering, &judged)?)
    } else {
        None
    };
    let extension = (!answering.mapping.issues().is_empty()).then(|| IssuesExtension {
        issues: answering.mapping.issues(),
    });
    // Text written into a `String` (every piece is text), with room for a typical response
    // (two orders, ~7 kB) up front.
    let mut out = String::with_capacity(8 * 1024);
    write_body(&mut out, card.as_deref(), extension.as_ref(), &actions);
    Ok(out)
}

/// The response object, members in the order `serde_json` sorts them (`cards`,
/// `extension`, `systemActions`): the card as [`write_card`] wrote it, the request's orders
/// copied by the tree's own writer.
fn write_body(
    out: &mut String,
    card: Option<&str>,
    extension: Option<&IssuesExtension<'_>>,
    actions: &[Action<'_>],
) {
    out.push_str("{\"cards\":[");
    if let Some(card) = card {
        out.push_str(card);
    }
    out.push(']');
    if let Some(extension) = extension {
        out.push_str(",\"extension\":");
        extension.write(out);
    }
    out.push_str(",\"systemActions\":[");
    for (i, action) in actions.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        action.write(out);
    }
    out.push_str("]}");
}

/// An `update` action: the order as sent, with the coverage-information extensions added.
struct Action<'a> {
    description: String,
    resource: JsonObject<'a>,
    added: Vec<CoverageInformation>,
}

impl Action<'_> {
    /// `{"description":…,"resource":…,"type":"update"}`: the resource with `extension`
    /// holding its own extensions, then the added ones; members in sorted order, as a
    /// `serde_json::Value` object writes them.
    fn write(&self, out: &mut String) {
        const KEY: &str = "extension";
        out.push_str("{\"description\":");
        write::string(out, &self.description);
        out.push_str(",\"resource\":{");
        let own = match self.resource.get(KEY) {
            Some(Json::Array(own)) => own,
            _ => Array::EMPTY,
        };
        if self.resource.as_written() {
            // The order as the request wrote it, copied in runs, with the extensions in
            // their sorted place (the same text as the loop below writes).
            let resource = self.resource;
            let n = resource.len();
            let at = (0..n)
                .find(|&i| resource.member(i).is_some_and(|(key, _)| key >= KEY))
                .unwrap_or(n);
            write::members_as_written(out, resource, 0, at);
            if at > 0 {
                out.push(',');
            }
            self.write_extensions(out, own, true);
            let after = match resource.member(at) {
                Some((key, _)) if key == KEY => at + 1,
                _ => at,
            };
            if after < n {
                out.push(',');
                write::members_as_written(out, resource, after, n);
            }
            out.push_str("},\"type\":\"update\"}");
            return;
        }
        let mut written = false;
        let mut first = true;
        for (key, value) in self.resource.sorted() {
            if !first {
                out.push(',');
            }
            first = false;
            if !written && key >= KEY {
                self.write_extensions(out, own, false);
                written = true;
                if key == KEY {
                    continue;
                }
                out.push(',');
            }
            write::member(out, key, value);
        }
        if !written {
            if !first {
                out.push(',');
            }
            self.write_extensions(out, own, false);
        }
        out.push_str("},\"type\":\"update\"}");
    }

    /// `"extension":[…own…,…added…]` (`as_written`: the order is
    /// [`as_written`](JsonObject::as_written)).
    fn write_extensions(&self, out: &mut String, own: Array<'_>, as_written: bool) {
        out.push_str("\"extension\":[");
        if as_written {
            write::items_as_written(out, own);
        } else {
            write::items(out, own);
        }
        for (i, e) in self.added.iter().enumerate() {
            if i > 0 || !own.is_empty() {
                out.push(',');
            }
            e.write_json(out);
        }
        out.push(']');
    }
}

/// The response's `extension`: the issues under [`ISSUES_EXTENSION`], written straight from
/// the mapping's issues.
struct IssuesExtension<'a> {
    issues: &'a [Issue],
}

impl IssuesExtension<'_> {
    /// `{"edx-coverage.issues":{"issue":[…],"resourceType":"OperationOutcome"}}`: one
    /// `warning` issue (code `informational`) per issue, at its JSON path, byte for byte as
    /// [`crate::outcome::OperationOutcome`]'s `Serialize` writes it (members sorted; no `expression` for an
    /// empty path).
    fn write(&self, out: &mut String) {
        out.push('{');
        write::string(out, ISSUES_EXTENSION);
        out.push_str(":{\"issue\":[");
        for (i, issue) in self.issues.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            out.push_str("{\"code\":\"informational\",\"diagnostics\":");
            write::string(out, issue.message());
            if !issue.path().is_empty() {
                out.push_str(",\"expression\":[");
                write::string(out, issue.path());
                out.push(']');
            }
            out.push_str(",\"severity\":\"warning\"}");
        }
        out.push_str("],\"resourceType\":\"OperationOutcome\"}}");
    }
}

/// One `update` system action: the order as sent plus one coverage-information extension per
/// coverage (`hook_instance`: the assertion ids' hash after the request's `hookInstance`).
fn action<'a>(
    answering: &Answering<'_>,
    order: &ElectrodiagnosticOrder,
    entries: Array<'a>,
    hook_instance: ContentHash,
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
    // `content_uuid(&[hook instance, reference, coverage])`, the shared parts hashed once.
    let order_hash = hook_instance.part(&reference);
    for coverage in coverages {
        let id = order_hash.part(coverage).uuid();
        added.push(coverage_information(answering, coverage, &date, &id)?);
    }
    Ok(Action {
        description: ["Coverage information for ", &reference, " (", RULESET, ")"].concat(),
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
fn card(
    answering: &Answering<'_>,
    judged: &[&ElectrodiagnosticOrder],
) -> Result<String, HookError> {
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
    let mut out = String::with_capacity(card.detail().len() + 1024);
    write_card(&mut out, &card, judged, suggestion.as_ref());
    Ok(out)
}

/// Appends the card object, byte for byte what `serde_json` writes for it as a `Value`
/// (members sorted: `detail`, `extension`, `indicator`, `selectionBehavior`, `source`,
/// `suggestions`, `summary`, `uuid`), without building one: the suggestion's actions are
/// already JSON text (their uuid is hashed from it).
fn write_card(
    out: &mut String,
    card: &Card,
    judged: &[&ElectrodiagnosticOrder],
    suggestion: Option<&Suggestion>,
) {
    out.push_str("{\"detail\":");
    write::string(out, card.detail());
    out.push_str(",\"extension\":{\"davinci-crd.associated-resource\":[");
    for (i, order) in judged.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str("{\"reference\":");
        write::string(out, &order.reference());
        out.push('}');
    }
    out.push_str("]},\"indicator\":");
    push_plain(out, card.indicator().as_str());
    if suggestion.is_some() {
        out.push_str(",\"selectionBehavior\":\"at-most-one\"");
    }
    out.push_str(",\"source\":{\"label\":");
    write::string(out, card.source().label());
    out.push_str(",\"topic\":{\"code\":\"guideline\",\"display\":\"Guideline\",\"system\":");
    push_plain(out, CARD_TYPE_SYSTEM);
    out.push_str("}}");
    if let Some(suggestion) = suggestion {
        out.push_str(",\"suggestions\":[");
        suggestion.write(out);
        out.push(']');
    }
    out.push_str(",\"summary\":");
    write::string(out, card.summary());
    out.push_str(",\"uuid\":");
    write::string(out, card.uuid());
    out.push('}');
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::outcome::{OperationOutcome, OutcomeIssue};

    /// What the response wrote before: the serde `OperationOutcome` under the key.
    fn by_serde(issues: &[Issue]) -> String {
        let outcome = OperationOutcome::new(
            issues
                .iter()
                .map(|i| OutcomeIssue::warning("informational", i.message()).at(i.path())),
        );
        serde_json::to_string(&serde_json::json!({ ISSUES_EXTENSION: outcome })).unwrap()
    }

    #[test]
    fn issues_are_written_as_the_serde_outcome_writes_them() {
        let texts = [
            "",
            "plain",
            "prefetch.conditions.entry[2].resource",
            "a \"quote\" and a \\ backslash",
            "control \u{1}\u{1f}\n\t\r and \u{7f} é ✓ 😀",
            "</script>",
        ];
        let mut issues = Vec::new();
        for (i, path) in texts.iter().enumerate() {
            for message in &texts {
                issues.push(Issue::new(*path, *message));
                let all = issues.clone();
                let one = [Issue::new(*path, format!("{message}{i}"))];
                for case in [&all[..], &one[..], &all[all.len() - 1..]] {
                    let mut out = String::new();
                    IssuesExtension { issues: case }.write(&mut out);
                    assert_eq!(out, by_serde(case));
                }
            }
        }
    }
}
