//! Reading FHIR R4 JSON by hand: typed accessors over the request tree that refuse a wrong
//! JSON type with a 400 naming the path, so the mapping never guesses.

use super::json::{Array, Json, JsonObject};

use super::error::{HookError, HookErrorKind};
use super::path::JsonPath;

/// A JSON object in the request and where it is.
#[derive(Debug, Clone, Copy)]
pub(crate) struct FhirObject<'v, 'l> {
    pub(crate) members: JsonObject<'v>,
    pub(crate) at: &'l JsonPath<'l>,
}

/// What a JSON value is, for messages: `a string`, `an object`, ...
pub(crate) fn kind_of(value: Json<'_>) -> &'static str {
    match value {
        Json::Null => "null",
        Json::Bool(_) => "a boolean",
        Json::Number(_) => "a number",
        Json::String(_) => "a string",
        Json::Array(_) => "an array",
        Json::Object(_) => "an object",
    }
}

/// A 400 for a value of the wrong JSON type (out of line: the accessors that call it are
/// inlined into the mapping, and a refusal is rare).
#[cold]
#[inline(never)]
pub(crate) fn wrong_type(at: &JsonPath<'_>, expected: &str, found: Json<'_>) -> HookError {
    HookError::new(
        HookErrorKind::InvalidFhir,
        at.text(),
        format!("expected {expected}, found {}", kind_of(found)),
    )
}

/// A 400 for a `null` member (out of line, as [`wrong_type`]).
#[cold]
#[inline(never)]
fn null_member(at: &JsonPath<'_>, key: &str) -> HookError {
    HookError::new(
        HookErrorKind::InvalidFhir,
        at.key(key).text(),
        "FHIR JSON has no null values (leave the element out)",
    )
}

/// The value as an object, or a 400.
#[inline]
pub(crate) fn as_obj<'v, 'l>(
    value: Json<'v>,
    at: &'l JsonPath<'l>,
) -> Result<FhirObject<'v, 'l>, HookError> {
    match value {
        Json::Object(members) => Ok(FhirObject { members, at }),
        other => Err(wrong_type(at, "an object", other)),
    }
}

impl<'v, 'l> FhirObject<'v, 'l> {
    /// A member, `None` when absent. FHIR JSON has no `null` members, so a `null` is refused.
    #[inline]
    pub(crate) fn get(&self, key: &str) -> Result<Option<Json<'v>>, HookError> {
        self.checked(key, self.members.get(key))
    }

    /// [`get`](Self::get)'s answer for the member `key` found as `found` (by
    /// [`JsonObject::pick`]).
    #[inline]
    pub(crate) fn checked(
        &self,
        key: &str,
        found: Option<Json<'v>>,
    ) -> Result<Option<Json<'v>>, HookError> {
        match found {
            None => Ok(None),
            Some(Json::Null) => Err(null_member(self.at, key)),
            Some(v) => Ok(Some(v)),
        }
    }

    /// A string member.
    #[inline]
    pub(crate) fn str(&self, key: &str) -> Result<Option<&'v str>, HookError> {
        self.checked_str(key, self.members.get(key))
    }

    /// [`str`](Self::str)'s answer for the member `key` found as `found`.
    #[inline]
    pub(crate) fn checked_str(
        &self,
        key: &str,
        found: Option<Json<'v>>,
    ) -> Result<Option<&'v str>, HookError> {
        match self.checked(key, found)? {
            None => Ok(None),
            Some(Json::String(s)) => Ok(Some(s)),
            Some(other) => Err(wrong_type(&self.at.key(key), "a string", other)),
        }
    }

    /// An object member (the returned object's path is `at_key`, made by the caller).
    #[inline]
    pub(crate) fn obj<'l2>(
        &self,
        key: &str,
        at_key: &'l2 JsonPath<'l2>,
    ) -> Result<Option<FhirObject<'v, 'l2>>, HookError> {
        match self.get(key)? {
            None => Ok(None),
            Some(v) => as_obj(v, at_key).map(Some),
        }
    }

    /// An array member; an empty slice when absent.
    #[inline]
    pub(crate) fn array(&self, key: &str) -> Result<Array<'v>, HookError> {
        self.checked_array(key, self.members.get(key))
    }

    /// [`array`](Self::array)'s answer for the member `key` found as `found`.
    #[inline]
    pub(crate) fn checked_array(
        &self,
        key: &str,
        found: Option<Json<'v>>,
    ) -> Result<Array<'v>, HookError> {
        match self.checked(key, found)? {
            None => Ok(Array::EMPTY),
            Some(Json::Array(items)) => Ok(items),
            Some(other) => Err(wrong_type(&self.at.key(key), "an array", other)),
        }
    }

    /// The `resourceType`, required on every resource.
    #[inline]
    pub(crate) fn resource_type(&self) -> Result<&'v str, HookError> {
        self.resource_type_found(self.members.get("resourceType"))
    }

    /// [`resource_type`](Self::resource_type)'s answer for the member found as `found`.
    #[inline]
    pub(crate) fn resource_type_found(
        &self,
        found: Option<Json<'v>>,
    ) -> Result<&'v str, HookError> {
        self.checked_str("resourceType", found)?.ok_or_else(|| {
            HookError::new(
                HookErrorKind::InvalidFhir,
                self.at.key("resourceType").text(),
                "is required on every resource",
            )
        })
    }
}

/// One `Coding` of a CodeableConcept.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Coding<'v> {
    pub(crate) system: Option<&'v str>,
    pub(crate) code: Option<&'v str>,
}

/// Calls `f` with each coding of the CodeableConcept `concept` (at `at`) and its path.
pub(crate) fn each_coding<'v>(
    concept: Json<'v>,
    at: &JsonPath<'_>,
    mut f: impl FnMut(Coding<'v>, &JsonPath<'_>) -> Result<(), HookError>,
) -> Result<(), HookError> {
    let concept = as_obj(concept, at)?;
    let at_coding = at.key("coding");
    for (i, coding) in concept.array("coding")?.iter().enumerate() {
        let at_i = at_coding.index(i);
        let c = as_obj(coding, &at_i)?;
        // Both members in one pass over the coding's few members.
        let [system, code] = c.members.pick(["system", "code"]);
        f(
            Coding {
                system: c.checked_str("system", system)?,
                code: c.checked_str("code", code)?,
            },
            &at_i,
        )?;
    }
    Ok(())
}

/// Whether the CodeableConcept holds the code `code` of `system`.
pub(crate) fn has_code(
    concept: Json<'_>,
    at: &JsonPath<'_>,
    system: &str,
    code: &str,
) -> Result<bool, HookError> {
    let mut found = false;
    each_coding(concept, at, |c, _| {
        if c.system == Some(system) && c.code == Some(code) {
            found = true;
        }
        Ok(())
    })?;
    Ok(found)
}

/// The `reference` of a Reference object at `at`.
pub(crate) fn reference<'v>(
    value: Json<'v>,
    at: &JsonPath<'_>,
) -> Result<Option<&'v str>, HookError> {
    as_obj(value, at)?.str("reference")
}

/// Whether `reference` points at `Patient/{patient_id}` (relative, absolute or bare id).
pub(crate) fn is_patient(reference: &str, patient_id: &str) -> bool {
    // The common shape first: `Patient/{id}` with no other slash.
    if let Some(id) = reference.strip_prefix("Patient/") {
        if !id.as_bytes().contains(&b'/') {
            return id == patient_id;
        }
    }
    // What follows the last `Patient/`, else the whole reference. The last `Patient/` ends
    // at the last `/` that has `Patient` before it (a substring search costs more than the
    // whole walk over a reference's few slashes).
    let mut tail = reference;
    let mut head = reference;
    while let Some((before, after)) = head.rsplit_once('/') {
        if before.ends_with("Patient") {
            tail = reference.get(before.len() + 1..).unwrap_or(after);
            break;
        }
        head = before;
    }
    tail == patient_id
}

/// The `(resourceType, id)` a reference points at, e.g. `Condition/1` or
/// `http://x/fhir/Condition/1` → `("Condition", "1")`; a `_history` tail is dropped.
pub(crate) fn target(reference: &str) -> Option<(&str, &str)> {
    // Most references have no `_` at all: then no substring search.
    let reference = if reference.as_bytes().contains(&b'_') {
        reference
            .split_once("/_history/")
            .map_or(reference, |(head, _)| head)
    } else {
        reference
    };
    // The last two slashes, found by a byte loop (a reference has a few; `rsplit_once`
    // called `memrchr` for each). A slash is ASCII, so every cut is on a boundary.
    let last_slash = |s: &str| s.as_bytes().iter().rposition(|&b| b == b'/');
    let slash = last_slash(reference)?;
    let (head, id) = (reference.get(..slash)?, reference.get(slash + 1..)?);
    let kind = match last_slash(head) {
        Some(i) => head.get(i + 1..)?,
        None => head,
    };
    (!kind.is_empty() && !id.is_empty()).then_some((kind, id))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn references_resolve() {
        assert_eq!(target("Condition/1"), Some(("Condition", "1")));
        assert_eq!(
            target("http://x/fhir/Condition/a-b"),
            Some(("Condition", "a-b"))
        );
        assert_eq!(target("Condition/1/_history/2"), Some(("Condition", "1")));
        assert_eq!(target("1"), None);
        assert!(is_patient("Patient/123", "123"));
        assert!(is_patient("http://example.org/fhir/Patient/123", "123"));
        assert!(!is_patient("Patient/1234", "123"));
        // As `rsplit_once("Patient/")`, on every shape of reference.
        for reference in [
            "",
            "/",
            "Patient",
            "Patient/",
            "Patient/1",
            "Patient/Patient/1",
            "x/Patient/1/y",
            "Patient/1/Patient/2",
            "Patient//1",
            "APatient/1",
            "Patient1/2",
            "a/b/c",
            "1",
            "urn:uuid:Patient/9",
            "Patient/é/Patient/ü",
        ] {
            let want = reference
                .rsplit_once("Patient/")
                .map_or(reference, |(_, id)| id);
            for id in [want, "1", "2", ""] {
                assert_eq!(is_patient(reference, id), want == id, "{reference} {id}");
            }
        }
    }

    #[test]
    fn wrong_types_name_the_path() {
        let root = JsonPath::Root;
        let raw = json!({"code": {"coding": {"system": "x"}}});
        let doc = super::super::json::Doc::from_value(&raw);
        let v = doc.root();
        let o = as_obj(v, &root).unwrap();
        let at = root.key("code");
        let err = each_coding(v.get("code").unwrap(), &at, |_, _| Ok(())).unwrap_err();
        assert_eq!(err.path(), "code.coding");
        assert_eq!(err.status(), 400);
        assert_eq!(err.message(), "expected an array, found an object");
        let err = o.str("code").unwrap_err();
        assert_eq!(err.path(), "code");
        let raw = json!({"id": null});
        let doc = super::super::json::Doc::from_value(&raw);
        let err = as_obj(doc.root(), &root).unwrap().get("id").unwrap_err();
        assert_eq!(err.path(), "id");
    }
}
