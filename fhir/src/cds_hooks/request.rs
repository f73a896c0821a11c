//! The CDS Hooks envelope: `hook`, `hookInstance`, `context`, `prefetch` and the CRD request
//! extensions, checked with paths; the FHIR inside is read by [`super::map`](mod@super::map).

use super::json::{Array, Json, JsonObject};

use super::error::{HookError, HookErrorKind};
use super::fhir::{as_obj, kind_of};
use super::path::JsonPath;
use super::{CrdVersion, Hook, Issue};

/// The members a CDS Hooks 2.0 request may have at its root.
const ROOT_MEMBERS: &[&str] = &[
    "hook",
    "hookInstance",
    "fhirServer",
    "fhirAuthorization",
    "context",
    "prefetch",
    "extension",
];

/// A checked request envelope, borrowing from the JSON value.
#[derive(Debug, Clone)]
pub(crate) struct Envelope<'v> {
    pub(crate) hook: Hook,
    pub(crate) hook_instance: &'v str,
    pub(crate) patient_id: &'v str,
    /// `context.draftOrders.entry`.
    pub(crate) entries: Array<'v>,
    /// `context.selections` (order-select only).
    pub(crate) selections: Option<Vec<&'v str>>,
    /// `prefetch`, when sent.
    pub(crate) prefetch: Option<JsonObject<'v>>,
    /// `extension.davinci-crd.configuration.max-cards`.
    pub(crate) max_cards: Option<u64>,
    /// `extension.davinci-crd.requestedVersion`.
    pub(crate) requested_version: Option<CrdVersion>,
}

fn not_a_request(path: &str, message: impl Into<String>) -> HookError {
    HookError::new(HookErrorKind::NotARequest, path, message)
}

fn required_str<'v>(map: JsonObject<'v>, key: &str, path: &str) -> Result<&'v str, HookError> {
    match map.get(key) {
        None => Err(not_a_request(path, "is required")),
        Some(Json::String(s)) => Ok(s),
        Some(other) => Err(not_a_request(
            path,
            format!("expected a string, found {}", kind_of(other)),
        )),
    }
}

fn optional_str<'v>(
    map: JsonObject<'v>,
    key: &str,
    path: &str,
) -> Result<Option<&'v str>, HookError> {
    match map.get(key) {
        None => Ok(None),
        Some(Json::String(s)) => Ok(Some(s)),
        Some(other) => Err(not_a_request(
            path,
            format!("expected a string, found {}", kind_of(other)),
        )),
    }
}

/// Checks the envelope. Unknown root members are reported as issues; unknown `context`
/// members are ignored, as Da Vinci CRD requires.
pub(crate) fn envelope<'v>(
    request: Json<'v>,
    issues: &mut Vec<Issue>,
) -> Result<Envelope<'v>, HookError> {
    let Json::Object(root) = request else {
        return Err(not_a_request(
            "",
            format!(
                "a CDS Hooks request is a JSON object, found {}",
                kind_of(request)
            ),
        ));
    };
    let hook_name = required_str(root, "hook", "hook")?;
    let hook = Hook::from_wire(hook_name).ok_or_else(|| {
        HookError::new(
            HookErrorKind::UnsupportedHook,
            "hook",
            format!(
                "{:?} is not a hook this service answers (order-sign, order-select)",
                edx_coverage::echo(hook_name)
            ),
        )
    })?;
    let hook_instance = required_str(root, "hookInstance", "hookInstance")?;
    if hook_instance.chars().all(char::is_whitespace) {
        return Err(not_a_request("hookInstance", "must not be empty"));
    }
    optional_str(root, "fhirServer", "fhirServer")?;
    match root.get("fhirAuthorization") {
        None | Some(Json::Object(_)) => {}
        Some(other) => {
            return Err(not_a_request(
                "fhirAuthorization",
                format!("expected an object, found {}", kind_of(other)),
            ))
        }
    }
    for (key, _) in root.sorted() {
        if !ROOT_MEMBERS.contains(&key) {
            issues.push(Issue::new(
                edx_coverage::echo(key),
                "not a CDS Hooks request member; ignored",
            ));
        }
    }

    let context = match root.get("context") {
        None => return Err(not_a_request("context", "is required")),
        Some(Json::Object(map)) => map,
        Some(other) => {
            return Err(not_a_request(
                "context",
                format!("expected an object, found {}", kind_of(other)),
            ))
        }
    };
    required_str(context, "userId", "context.userId")?;
    let patient_id = required_str(context, "patientId", "context.patientId")?;
    optional_str(context, "encounterId", "context.encounterId")?;

    let root_loc = JsonPath::Root;
    let at_context = root_loc.key("context");
    let at_orders = at_context.key("draftOrders");
    let orders = match context.get("draftOrders") {
        None => return Err(not_a_request("context.draftOrders", "is required")),
        Some(v) => as_obj(v, &at_orders)?,
    };
    if orders.str("resourceType")? != Some("Bundle") {
        return Err(HookError::new(
            HookErrorKind::InvalidFhir,
            "context.draftOrders.resourceType",
            "draftOrders is a FHIR Bundle (resourceType \"Bundle\")",
        ));
    }
    let entries = orders.array("entry")?;

    let selections = if hook == Hook::OrderSelect {
        let items = match context.get("selections") {
            None => {
                return Err(not_a_request(
                    "context.selections",
                    "is required for order-select",
                ))
            }
            Some(Json::Array(items)) => items,
            Some(other) => {
                return Err(not_a_request(
                    "context.selections",
                    format!("expected an array, found {}", kind_of(other)),
                ))
            }
        };
        let mut ids = Vec::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            match item {
                Json::String(s) => ids.push(s.as_ref()),
                other => {
                    return Err(not_a_request(
                        &format!("context.selections[{i}]"),
                        format!("expected a string, found {}", kind_of(other)),
                    ))
                }
            }
        }
        Some(ids)
    } else {
        None
    };

    let prefetch = match root.get("prefetch") {
        None => None,
        Some(Json::Object(map)) => Some(map),
        Some(other) => {
            return Err(not_a_request(
                "prefetch",
                format!("expected an object, found {}", kind_of(other)),
            ))
        }
    };

    let (max_cards, requested_version) = crd_extension(root.get("extension"))?;

    Ok(Envelope {
        hook,
        hook_instance,
        patient_id,
        entries,
        selections,
        prefetch,
        max_cards,
        requested_version,
    })
}

/// Reads `extension.davinci-crd.configuration.max-cards` and
/// `extension.davinci-crd.requestedVersion`; other members are not this crate's business.
fn crd_extension(
    extension: Option<Json<'_>>,
) -> Result<(Option<u64>, Option<CrdVersion>), HookError> {
    let ext = match extension {
        None => return Ok((None, None)),
        Some(Json::Object(map)) => map,
        Some(other) => {
            return Err(not_a_request(
                "extension",
                format!("expected an object, found {}", kind_of(other)),
            ))
        }
    };
    let max_cards = match ext.get("davinci-crd.configuration") {
        None => None,
        Some(Json::Object(config)) => match config.get("max-cards") {
            None => None,
            Some(v) => Some(v.as_u64().ok_or_else(|| {
                not_a_request(
                    "extension.davinci-crd.configuration.max-cards",
                    format!("expected a whole number 0 or more, found {}", kind_of(v)),
                )
            })?),
        },
        Some(other) => {
            return Err(not_a_request(
                "extension.davinci-crd.configuration",
                format!("expected an object, found {}", kind_of(other)),
            ))
        }
    };
    let version = match ext.get("davinci-crd.requestedVersion") {
        None => None,
        Some(Json::String(v)) => Some(CrdVersion::from_wire(v).ok_or_else(|| {
            HookError::new(
                HookErrorKind::CrdConstraint,
                "extension.davinci-crd.requestedVersion",
                format!(
                    "CRD version {:?} is not one this service speaks (2.1, 2.2)",
                    edx_coverage::echo(v)
                ),
            )
        })?),
        Some(other) => {
            return Err(not_a_request(
                "extension.davinci-crd.requestedVersion",
                format!("expected a string, found {}", kind_of(other)),
            ))
        }
    };
    Ok((max_cards, version))
}
