//! Walking prefetch: each resource (alone or in a search Bundle) with where it sits, the
//! resources by id for `reasonReference`, and the dispatch of each resource by its type.

use super::super::json::{Json, JsonObject};

use super::super::error::HookError;
use super::super::fhir::{as_obj, is_patient, reference, FhirObject};
use super::super::path::JsonPath;
use super::super::request::Envelope;
use super::{issue, Mapper};

/// Where a prefetch resource sits: its key, and its entry when it came in a Bundle.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct PrefetchPlace<'v> {
    key: &'v str,
    entry: Option<usize>,
}

/// Calls `f` with every resource in prefetch, its `resourceType` and its path, in key order
/// then entry order.
pub(super) fn each_prefetch<'v>(
    prefetch: Option<JsonObject<'v>>,
    mut f: impl FnMut(FhirObject<'v, '_>, &'v str, PrefetchPlace<'v>) -> Result<(), HookError>,
) -> Result<(), HookError> {
    let Some(prefetch) = prefetch else {
        return Ok(());
    };
    let root = JsonPath::Root;
    let at_prefetch = root.key("prefetch");
    for (key, value) in prefetch.sorted() {
        let at_key = at_prefetch.key(key);
        if value.is_null() {
            continue; // CDS Hooks: the client has no data for this key.
        }
        let resource = as_obj(value, &at_key)?;
        let kind = resource.resource_type()?;
        if kind != "Bundle" {
            f(resource, kind, PrefetchPlace { key, entry: None })?;
            continue;
        }
        let at_entries = at_key.key("entry");
        for (i, entry) in resource.array("entry")?.iter().enumerate() {
            let at_entry = at_entries.index(i);
            let entry_obj = as_obj(entry, &at_entry)?;
            let at_resource = at_entry.key("resource");
            let Some(inner) = entry_obj.obj("resource", &at_resource)? else {
                continue; // a search entry without a resource (e.g. an OperationOutcome link)
            };
            let kind = inner.resource_type()?;
            f(
                inner,
                kind,
                PrefetchPlace {
                    key,
                    entry: Some(i),
                },
            )?;
        }
    }
    Ok(())
}

/// The prefetch resources by `(resourceType, id)`, for `reasonReference`: the first
/// resource of each type and id, sorted by type then id (a binary search, no map of
/// string pairs).
pub(super) struct ResourcesById<'v> {
    sorted: Vec<Indexed<'v>>,
}

/// One resource of the index: its type, id, members, place and rank in walking order.
#[derive(Clone, Copy)]
struct Indexed<'v> {
    kind: &'v str,
    id: &'v str,
    members: JsonObject<'v>,
    place: PrefetchPlace<'v>,
    rank: usize,
}

impl<'v> ResourcesById<'v> {
    /// The first resource of type `kind` with id `id`, and where it sits.
    pub(super) fn get(&self, kind: &str, id: &str) -> Option<(JsonObject<'v>, PrefetchPlace<'v>)> {
        self.sorted
            .binary_search_by(|r| (r.kind, r.id).cmp(&(kind, id)))
            .ok()
            .and_then(|i| self.sorted.get(i))
            .map(|r| (r.members, r.place))
    }
}

pub(super) fn prefetch_index<'v>(env: &Envelope<'v>) -> Result<PrefetchIndex<'v>, HookError> {
    // Room for a typical request's prefetch (about 20 resources) up front, instead of
    // growing from nothing.
    let mut sorted = Vec::with_capacity(32);
    let mut walk = Vec::with_capacity(32);
    each_prefetch(env.prefetch, |res, kind, place| {
        if let Some(id) = res.str("id")? {
            sorted.push(Indexed {
                kind,
                id,
                members: res.members,
                place,
                rank: walk.len(),
            });
        }
        walk.push(Walked {
            members: res.members,
            kind,
            place,
            earlier: None,
        });
        Ok(())
    })?;
    // Stable: resources of the same type and id stay in walking order, the first one first.
    sorted.sort_by(|a, b| (a.kind, a.id).cmp(&(b.kind, b.id)));
    let mut first: Option<Indexed<'v>> = None;
    for r in &sorted {
        match first {
            Some(f) if (f.kind, f.id) == (r.kind, r.id) => {
                if let Some(w) = walk.get_mut(r.rank) {
                    w.earlier = Some(f.members);
                }
            }
            _ => first = Some(*r),
        }
    }
    sorted.dedup_by(|later, kept| (later.kind, later.id) == (kept.kind, kept.id));
    Ok(PrefetchIndex {
        by_id: ResourcesById { sorted },
        walk,
    })
}

/// The prefetch resources by id, and every resource in walking order (read once, so the
/// mapping does not walk prefetch again).
pub(super) struct PrefetchIndex<'v> {
    pub(super) by_id: ResourcesById<'v>,
    walk: Vec<Walked<'v>>,
}

/// One prefetch resource as the walk met it: its members, `resourceType` and place, and
/// the first one of its type and id when that is an earlier one (a resource sent twice).
struct Walked<'v> {
    members: JsonObject<'v>,
    kind: &'v str,
    place: PrefetchPlace<'v>,
    earlier: Option<JsonObject<'v>>,
}

/// Calls `f` with the path of a prefetch resource at `place`.
pub(super) fn at_place<R>(place: PrefetchPlace<'_>, f: impl FnOnce(&JsonPath<'_>) -> R) -> R {
    let root = JsonPath::Root;
    let at_prefetch = root.key("prefetch");
    let at_key = at_prefetch.key(place.key);
    match place.entry {
        None => f(&at_key),
        Some(i) => {
            let at_entries = at_key.key("entry");
            let at_entry = at_entries.index(i);
            let at_resource = at_entry.key("resource");
            f(&at_resource)
        }
    }
}

impl<'v> Mapper<'v> {
    pub(super) fn prefetch(&mut self, index: &PrefetchIndex<'v>) -> Result<(), HookError> {
        // The walk `prefetch_index` made, resource by resource, each at the path the walk
        // gave it.
        for w in &index.walk {
            let (kind, place) = (w.kind, w.place);
            at_place(place, |at| {
                let res = FhirObject {
                    members: w.members,
                    at,
                };
                if let Some(first) = w.earlier {
                    if first == res.members {
                        return Ok(()); // the same resource again
                    }
                    let id = res.str("id")?.unwrap_or_default();
                    issue(
                        &mut self.issues,
                        res.at,
                        format!("{kind}/{id} appears twice with different content; both read"),
                    );
                }
                match kind {
                    "Condition" => self.condition(res, place),
                    "Observation" => self.observation(res, place),
                    "Coverage" => self.coverage(res),
                    _ => Ok(()), // Patient, Encounter, Practitioner...: nothing the case needs.
                }
            })?;
        }
        Ok(())
    }

    /// Whether the resource is about the request's patient (no subject: assumed so), its
    /// member `key` found as `found` (by `JsonObject::pick`).
    pub(super) fn about_patient_found(
        &mut self,
        res: FhirObject<'_, '_>,
        key: &str,
        found: Option<Json<'_>>,
    ) -> Result<bool, HookError> {
        let Some(subject) = res.checked(key, found)? else {
            return Ok(true);
        };
        let at = res.at.key(key);
        match reference(subject, &at)? {
            Some(r) if !is_patient(r, self.patient_id) => {
                issue(
                    &mut self.issues,
                    &at,
                    format!(
                        "about another patient ({:?}); not used",
                        edx_coverage::echo(r)
                    ),
                );
                Ok(false)
            }
            _ => Ok(true),
        }
    }
}
