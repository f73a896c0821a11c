//! The path to coverage on the card ([`edx_coverage::plan`]): the plan's steps that change the
//! orders become **one** CDS Hooks suggestion, the way Da Vinci CRD has a service propose a
//! changed order; the steps no resource change can express (the exam, the differential, a
//! conservative trial) are written in the card's detail for a person to do by hand.
//!
//! The suggestion's actions hold whole resources: `update` for a draft order that changes
//! (a CPT code recoded or removed, its units or study count, reasons added), `create` for an
//! order the plan adds (a new draft `ServiceRequest` that copies the patient, encounter,
//! requester, date, insurance and reasons of the first electrodiagnostic order), `delete` for
//! an order none of whose codes remain (with `resourceId` and the order as sent). Applying
//! them to the draft orders and sending the request again gives the case the plan ends at.
//! Everything is derived from the request and the plan alone, so the same request gives the
//! same suggestion and `uuid`, byte for byte.

use serde_json::{json, Map, Value};

use super::error::{HookError, HookErrorKind};
use super::json::Json;
use super::map::Mapping;
use super::terminology as t;
use crate::card::content_uuid;
use crate::json_text::push_string;
use edx_coverage::{code_set, Audience, Case, Coverage, CptCode, CptFamily, Explained, IcdCode};
use edx_coverage::{Plan, Procedure, Step, Studies, Units};

/// The point-of-care NCS device code, which the plan replaces with standard NCS.
const POINT_OF_CARE: u32 = 95905;

/// The members of an order the suggestion edits (`recode`, `set_units`, `set_studies`,
/// `add_reasons`); no other member is touched.
const EDITED: [&str; 4] = ["code", "quantityQuantity", "extension", "reasonCode"];

/// The elements a created order copies from the first electrodiagnostic order.
const COPIED: [&str; 9] = [
    "contained",
    "subject",
    "encounter",
    "requester",
    "performer",
    "authoredOn",
    "insurance",
    "reasonCode",
    "reasonReference",
];

/// What a plan puts on the card.
pub(crate) struct OnTheCard {
    /// The one suggestion, when some step changes the orders.
    pub(crate) suggestion: Option<Suggestion>,
    /// Markdown for the card's detail: each step, by hand or through the suggestion, the
    /// outlook after them, what still stands in the way. Empty for a plan without steps.
    pub(crate) note: String,
}

/// One claim line: where it comes from (an order of the mapping, or none when the plan adds
/// it), as sent, and as the plan leaves it.
#[derive(Clone, Copy)]
struct Line {
    order: Option<usize>,
    sent: Option<Procedure>,
    now: Procedure,
    removed: bool,
}

/// The card's share of `plan` for the request `request` and its mapping.
pub(crate) fn on_the_card(
    plan: &Plan,
    case: &Case,
    mapping: &Mapping,
    request: Json<'_>,
) -> Result<OnTheCard, HookError> {
    let mut lines: Vec<Line> = Vec::new();
    for (i, order) in mapping.orders().iter().enumerate() {
        for p in order.procedures() {
            lines.push(Line {
                order: Some(i),
                sent: Some(*p),
                now: *p,
                removed: false,
            });
        }
    }
    let mut reasons: Vec<IcdCode> = Vec::new();
    let mut changes_orders = false;
    let mut by_hand: Vec<&Step> = Vec::new();
    for s in plan.steps() {
        if apply(&s.step, &mut lines, &mut reasons) {
            changes_orders = true;
        } else {
            by_hand.push(&s.step);
        }
    }
    if !reasons.is_empty() && mapping.diagnoses_from_record() {
        // No order gave a reason, so the case's diagnoses are the record's: an order that
        // gains reasons must carry them too, or sending it again would drop them.
        let mut all: Vec<IcdCode> = case.diagnoses().iter().map(|d| d.code()).collect();
        for code in reasons {
            if !all.contains(&code) {
                all.push(code);
            }
        }
        reasons = all;
    }
    let actions = if changes_orders {
        actions(&lines, &reasons, mapping, request)?
    } else {
        Vec::new()
    };
    let changes: Vec<&str> = actions
        .iter()
        .filter_map(|a| a.get("description").and_then(Value::as_str))
        .collect();
    let note = note(plan, &changes, &by_hand);
    Ok(OnTheCard {
        note,
        suggestion: (!actions.is_empty()).then(|| suggestion(plan, &actions)),
    })
}

/// Applies one step to the claim lines (and the reasons to add); `false` for a step that no
/// change to an order expresses.
fn apply(step: &Step, lines: &mut Vec<Line>, reasons: &mut Vec<IcdCode>) -> bool {
    fn remove_if(lines: &mut [Line], f: impl Fn(&Procedure) -> bool) {
        for line in lines.iter_mut().filter(|l| !l.removed) {
            line.removed = f(&line.now);
        }
    }
    fn add(lines: &mut Vec<Line>, cpt: CptCode) {
        lines.push(Line {
            order: None,
            sent: None,
            now: Procedure::new(cpt),
            removed: false,
        });
    }
    match step {
        Step::AddFindingCodes { codes } => {
            for code in codes {
                if !reasons.contains(code) {
                    reasons.push(*code);
                }
            }
        }
        Step::CodeNcsByStudyCount { corrections } => {
            for line in lines.iter_mut().filter(|l| !l.removed) {
                let now = line.now;
                let wanted = now
                    .studies
                    .and_then(|n| CptCode::ncs_for_studies(Studies::get(n)));
                if let Some(new) = wanted {
                    if corrections
                        .iter()
                        .any(|c| c.cpt == now.cpt && c.replacement == new)
                    {
                        line.now.cpt = new;
                    }
                }
            }
        }
        Step::ReportNcsOnce { line: one } => {
            let mut placed = false;
            for line in lines
                .iter_mut()
                .filter(|l| !l.removed && l.now.cpt.family() == CptFamily::Ncs)
            {
                if placed {
                    line.removed = true;
                } else {
                    line.now = Procedure {
                        units: Units::ONE,
                        ..*one
                    };
                    placed = true;
                }
            }
        }
        Step::RemoveConflictingEmgCodes { removed } => {
            remove_if(lines, |p| removed.contains(&p.cpt));
        }
        Step::ReplacePointOfCareNcs { added } => {
            remove_if(lines, |p| p.cpt.value() == POINT_OF_CARE);
            if let Some(code) = added {
                add(lines, *code);
            }
        }
        Step::UseStandaloneEmgCodes { removed, added } => {
            remove_if(lines, |p| {
                removed.contains(&p.cpt) || p.cpt.family() == CptFamily::NeedleEmgAddOn
            });
            if let Some(code) = added {
                add(lines, *code);
            }
        }
        Step::AddNeedleEmg { added } => add(lines, *added),
        // The exam, the differential, a trial, and any step kind this crate does not know yet.
        _ => return false,
    }
    true
}

/// The suggestion's actions, in request order: updates and deletes of the draft orders, then
/// the orders created.
fn actions(
    lines: &[Line],
    reasons: &[IcdCode],
    mapping: &Mapping,
    request: Json<'_>,
) -> Result<Vec<Value>, HookError> {
    let entries = request
        .get("context")
        .and_then(|c| c.get("draftOrders"))
        .and_then(|d| d.get("entry"))
        .and_then(Json::as_array)
        .unwrap_or(super::json::Array::EMPTY);
    let mut actions = Vec::new();
    // What a created order copies: the first order that stays, as changed (else the first
    // order, with the reasons added). Kept only when the plan creates an order: each is a
    // copy of a whole order.
    let creates = lines.iter().any(|l| l.order.is_none() && !l.removed);
    let mut template: Option<Value> = None;
    let mut first: Option<Value> = None;
    for (i, order) in mapping.orders().iter().enumerate() {
        let Some(sent) = entries.get(order.entry()).and_then(|e| e.get("resource")) else {
            continue;
        };
        let sent = to_value(sent)?;
        if creates && first.is_none() {
            let mut with_reasons = sent.clone();
            add_reasons(&mut with_reasons, reasons);
            first = Some(with_reasons);
        }
        let mine: Vec<&Line> = lines.iter().filter(|l| l.order == Some(i)).collect();
        let reference = order.reference();
        if !mine.is_empty() && mine.iter().all(|l| l.removed) {
            actions.push(json!({
                "type": "delete",
                "description": format!("Remove {reference} ({})", codes_of(&mine, |l| l.sent)),
                "resourceId": reference,
                "resource": sent,
            }));
            continue;
        }
        // Only these members of the order are edited below: their values as sent tell
        // whether the order changed, without a copy of the whole order.
        let before = EDITED.map(|key| sent.get(key).cloned());
        let mut updated = sent;
        let mut changes: Vec<String> = Vec::new();
        // Removals first, so that a line recoded to the code of a removed one keeps it.
        for line in mine.iter().filter(|l| l.removed) {
            if let Some(was) = line.sent {
                recode(&mut updated, was.cpt, None);
                changes.push(format!("remove CPT {}", was.cpt));
            }
        }
        for line in mine.iter().filter(|l| !l.removed) {
            match line.sent {
                Some(was) if was.cpt != line.now.cpt => {
                    recode(&mut updated, was.cpt, Some(line.now.cpt));
                    changes.push(format!("recode CPT {} to {}", was.cpt, line.now.cpt));
                }
                _ => {}
            }
        }
        let live: Vec<&Line> = mine.iter().copied().filter(|l| !l.removed).collect();
        if let [only] = live.as_slice() {
            if only.sent.map(|p| p.units) != Some(only.now.units) {
                set_units(&mut updated, only.now.units);
                changes.push(format!("{} unit(s)", only.now.units.get()));
            }
        }
        let ncs = live
            .iter()
            .find(|l| l.now.cpt.family() == CptFamily::Ncs)
            .and_then(|l| l.now.studies);
        let sent_ncs = mine
            .iter()
            .filter_map(|l| l.sent)
            .find(|p| p.cpt.family() == CptFamily::Ncs)
            .and_then(|p| p.studies);
        if ncs != sent_ncs {
            set_studies(&mut updated, ncs);
        }
        let added = add_reasons(&mut updated, reasons);
        if !added.is_empty() {
            let codes: Vec<&str> = added.iter().map(IcdCode::as_str).collect();
            changes.push(format!("add {} to the reasons", codes.join(", ")));
        }
        if creates && template.is_none() {
            template = Some(updated.clone());
        }
        if EDITED
            .iter()
            .zip(&before)
            .any(|(key, was)| updated.get(key) != was.as_ref())
        {
            actions.push(json!({
                "type": "update",
                "description": format!("Change {reference}: {}", changes.join("; ")),
                "resource": updated,
            }));
        }
    }
    let template = template.or(first).unwrap_or(Value::Null);
    for (n, line) in lines
        .iter()
        .filter(|l| l.order.is_none() && !l.removed)
        .enumerate()
    {
        let resource = created(&template, &line.now, n);
        actions.push(json!({
            "type": "create",
            "description": format!("Add a draft order for CPT {}", line.now.cpt),
            "resource": resource,
        }));
    }
    Ok(actions)
}

/// The one suggestion: a label, a uuid hashed from its content, recommended; its actions
/// kept as the JSON text the uuid is hashed from, so they are written once.
pub(crate) struct Suggestion {
    label: String,
    uuid: String,
    actions: String,
}

impl Suggestion {
    /// Appends `{"actions":…,"isRecommended":true,"label":…,"uuid":…}`, byte for byte what
    /// `serde_json` writes for the suggestion as a `Value` (members sorted).
    pub(crate) fn write(&self, out: &mut String) {
        out.push_str("{\"actions\":");
        out.push_str(&self.actions);
        out.push_str(",\"isRecommended\":true,\"label\":");
        push_string(out, &self.label);
        out.push_str(",\"uuid\":");
        push_string(out, &self.uuid);
        out.push('}');
    }
}

fn suggestion(plan: &Plan, actions: &[Value]) -> Suggestion {
    let label = format!(
        "Change the orders as the path to coverage proposes (outlook after the whole path: {})",
        words(plan.target())
    );
    // Writing values to a string cannot fail.
    let actions = serde_json::to_string(actions).unwrap_or_default();
    Suggestion {
        uuid: content_uuid(&["edx-coverage suggestion", &label, &actions]),
        label,
        actions,
    }
}

/// The path in the card's detail (Markdown): the order changes of the suggestion, the steps
/// by hand, what still stands in the way.
fn note(plan: &Plan, changes: &[&str], by_hand: &[&Step]) -> String {
    if plan.steps().is_empty() {
        return String::new();
    }
    let mut out = format!(
        "\n\n**Path to coverage** (outlook after every step: {}):\n",
        words(plan.target())
    );
    if !changes.is_empty() {
        out.push_str("- Order changes (accept the suggestion on this card):\n");
        for change in changes {
            out.push_str(&format!("  - {change}\n"));
        }
    }
    for step in by_hand {
        out.push_str("- By hand: ");
        out.push_str(&by_hand_text(step));
        out.push('\n');
    }
    let remaining = plan.remaining();
    if !remaining.is_empty() {
        out.push_str("\n**Still in the way after it:**\n");
        for gap in remaining.documentation_gaps.iter() {
            out.push_str(&format!("- {}\n", gap.text(Audience::Clinician)));
        }
        for pitfall in remaining.pitfalls.iter() {
            out.push_str(&format!("- {}\n", pitfall.text(Audience::Clinician)));
        }
    }
    out
}

/// A step a person takes, in words.
fn by_hand_text(step: &Step) -> String {
    match step {
        Step::DocumentExam => "document the physical and neurological examination, \
                               pertinent negatives included."
            .to_owned(),
        Step::ConservativeTrial { min_days } => {
            let days = min_days.map_or(String::new(), |d| format!(" for at least {d} days"));
            format!(
                "conservative treatment first (stretching, hydration, electrolytes){days}; \
                 testing is indicated after it only if the cramps persist."
            )
        }
        Step::DocumentDifferential { differential } => {
            let names: Vec<String> = differential
                .iter()
                .map(|c| c.as_str().replace('_', " "))
                .collect();
            format!(
                "document the differential diagnosis the study must settle: {}.",
                names.join(", ")
            )
        }
        other => other.kind().description().to_owned(),
    }
}

/// An outlook in words (`likely covered`).
fn words(coverage: Coverage) -> String {
    coverage.as_str().replace('_', " ")
}

/// The codes of `lines` (as sent or as now), comma-separated.
fn codes_of(lines: &[&Line], pick: impl Fn(&Line) -> Option<Procedure>) -> String {
    let codes: Vec<String> = lines
        .iter()
        .filter_map(|l| pick(l))
        .map(|p| p.cpt.to_string())
        .collect();
    codes.join(", ")
}

/// The request's order as a `serde_json::Value`.
fn to_value(resource: Json<'_>) -> Result<Value, HookError> {
    serde_json::to_value(resource)
        .map_err(|e| HookError::new(HookErrorKind::InvalidOptions, "", e.to_string()))
}

/// Every CPT coding of the order (in `code.coding` and in CRD billing options) with code
/// `from` recoded to `to`, or removed when `to` is `None`; a billing option left without a
/// coding goes too.
fn recode(resource: &mut Value, from: CptCode, to: Option<CptCode>) {
    let from = from.to_string();
    let fix = |codings: &mut Value| {
        let Some(list) = codings.as_array_mut() else {
            return;
        };
        list.retain_mut(|c| {
            let hit = c.get("system").and_then(Value::as_str) == Some(t::CPT)
                && c.get("code").and_then(Value::as_str) == Some(from.as_str());
            match (hit, to, c.as_object_mut()) {
                (true, Some(to), Some(coding)) => {
                    coding.insert("code".to_owned(), Value::String(to.to_string()));
                    coding.remove("display");
                    true
                }
                (true, None, _) => false,
                _ => true,
            }
        });
    };
    let Some(code) = resource.get_mut("code") else {
        return;
    };
    if let Some(codings) = code.get_mut("coding") {
        fix(codings);
    }
    if let Some(options) = code.get_mut("extension").and_then(Value::as_array_mut) {
        for ext in options.iter_mut() {
            if ext.get("url").and_then(Value::as_str) == Some(t::BILLING_OPTIONS_URL) {
                if let Some(codings) = ext
                    .get_mut("valueCodeableConcept")
                    .and_then(|v| v.get_mut("coding"))
                {
                    fix(codings);
                }
            }
        }
        options.retain(|ext| {
            ext.get("url").and_then(Value::as_str) != Some(t::BILLING_OPTIONS_URL)
                || ext
                    .get("valueCodeableConcept")
                    .and_then(|v| v.get("coding"))
                    .and_then(Value::as_array)
                    .is_some_and(|c| !c.is_empty())
        });
    }
}

/// Sets `quantityQuantity.value` (keeping its unit), or removes the quantity for one unit.
fn set_units(resource: &mut Value, units: Units) {
    let Some(r) = resource.as_object_mut() else {
        return;
    };
    if units == Units::ONE {
        r.remove("quantityQuantity");
        return;
    }
    let quantity = r
        .entry("quantityQuantity")
        .or_insert_with(|| Value::Object(Map::new()));
    if let Some(q) = quantity.as_object_mut() {
        q.insert("value".to_owned(), json!(units.get()));
    }
}

/// Replaces the crate's `studies` extension with `studies` (or removes it).
fn set_studies(resource: &mut Value, studies: Option<Studies>) {
    let Some(r) = resource.as_object_mut() else {
        return;
    };
    let ext = r
        .entry("extension")
        .or_insert_with(|| Value::Array(Vec::new()));
    if let Some(list) = ext.as_array_mut() {
        list.retain(|e| e.get("url").and_then(Value::as_str) != Some(t::STUDIES_EXTENSION_URL));
        if let Some(n) = studies {
            list.push(json!({"url": t::STUDIES_EXTENSION_URL, "valuePositiveInt": n.get()}));
        }
        if list.is_empty() {
            r.remove("extension");
        }
    }
}

/// Adds a `reasonCode` for each of `codes` the order does not give yet; returns those.
fn add_reasons(resource: &mut Value, codes: &[IcdCode]) -> Vec<IcdCode> {
    let Some(r) = resource.as_object_mut() else {
        return Vec::new();
    };
    let given: Vec<IcdCode> = r
        .get("reasonCode")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|c| c.get("coding").and_then(Value::as_array))
        .flatten()
        .filter(|c| c.get("system").and_then(Value::as_str) == Some(t::ICD10CM))
        .filter_map(|c| c.get("code").and_then(Value::as_str))
        .filter_map(|c| IcdCode::parse(c).ok())
        .collect();
    let new: Vec<IcdCode> = codes
        .iter()
        .copied()
        .filter(|c| !given.contains(c))
        .collect();
    if new.is_empty() {
        return new;
    }
    let list = r
        .entry("reasonCode")
        .or_insert_with(|| Value::Array(Vec::new()));
    if let Some(list) = list.as_array_mut() {
        for code in &new {
            let mut coding = json!({"system": t::ICD10CM, "code": code.as_str()});
            if let (Some(description), Some(c)) =
                (code_set::description(code), coding.as_object_mut())
            {
                c.insert("display".to_owned(), json!(description.to_string()));
            }
            list.push(json!({ "coding": [coding] }));
        }
    }
    new
}

/// A new draft `ServiceRequest` for `line`, with what it shares with `template` (the first
/// electrodiagnostic order as changed); its id is a hash of the template and the line.
fn created(template: &Value, line: &Procedure, n: usize) -> Value {
    let template_id = template.get("id").and_then(Value::as_str).unwrap_or("");
    let cpt = line.cpt.to_string();
    let id = content_uuid(&["edx-coverage order", template_id, &cpt, &n.to_string()]);
    let mut r = Map::new();
    r.insert("resourceType".to_owned(), json!("ServiceRequest"));
    r.insert("id".to_owned(), json!(id));
    r.insert("status".to_owned(), json!("draft"));
    let intent = template.get("intent").cloned().unwrap_or(json!("order"));
    r.insert("intent".to_owned(), intent);
    r.insert(
        "code".to_owned(),
        json!({"coding": [{"system": t::CPT, "code": cpt}]}),
    );
    if line.units != Units::ONE {
        r.insert(
            "quantityQuantity".to_owned(),
            json!({"value": line.units.get()}),
        );
    }
    if let Some(n) = line.studies {
        r.insert(
            "extension".to_owned(),
            json!([{"url": t::STUDIES_EXTENSION_URL, "valuePositiveInt": n.get()}]),
        );
    }
    for key in COPIED {
        if let Some(value) = template.get(key) {
            r.insert(key.to_owned(), value.clone());
        }
    }
    Value::Object(r)
}
