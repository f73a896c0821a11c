//! `GET /openapi.json`: the OpenAPI 3.1 document of the service, generated at start.
//!
//! utoipa generates the paths, the request and response envelopes and the OperationOutcome
//! from the types and handler attributes here, in `api` and in `schemas`; the wire format's
//! own schemas (`Case`, `Policy`, `Determination`, `Plan`, `Audience`) are the library's,
//! generated from its types (the same as the repository's `schema/*.schema.json`) and placed
//! under `components.schemas` with their references rewritten. OpenAPI 3.1 uses JSON Schema
//! 2020-12, so they go in unchanged otherwise. Nothing in it is written by hand.

use schemars::generate::SchemaSettings;
use serde_json::{Map, Value};
use utoipa::OpenApi;

use crate::schemas::OperationOutcome;

/// The name of the bearer security scheme (present when authentication is on).
pub const SECURITY_SCHEME: &str = "cdsHooksJwt";

/// Doc-only: discovery.
#[utoipa::path(get, path = "/cds-services", tag = "cds-hooks",
    responses((status = 200, description = "The CDS Hooks discovery document", body = Object, content_type = "application/json")))]
#[allow(dead_code)]
fn discovery() {}

/// Doc-only: a CDS Hooks call.
#[utoipa::path(post, path = "/cds-services/{id}", tag = "cds-hooks",
    params(("id" = String, Path, example = "edx-coverage-order-sign",
        description = "`edx-coverage-order-sign` or `edx-coverage-order-select` (others: 404)")),
    request_body(content = Object, description = "A CDS Hooks request (order-sign or order-select, Da Vinci CRD)", content_type = "application/json"),
    responses(
        (status = 200, description = "Cards and system actions", body = Object, content_type = "application/json"),
        (status = 400, description = "Not JSON, not a CDS Hooks request, or invalid FHIR", body = OperationOutcome, content_type = "application/json"),
        (status = 401, description = "No valid bearer token", body = OperationOutcome, content_type = "application/json"),
        (status = 404, description = "No such service", body = OperationOutcome, content_type = "application/json"),
        (status = 412, description = "Data the answer needs is missing (e.g. no active Coverage)", body = OperationOutcome, content_type = "application/json"),
        (status = 413, description = "A body over the size limit", body = OperationOutcome, content_type = "application/json"),
        (status = 415, description = "A body not declared as JSON", body = OperationOutcome, content_type = "application/json"),
        (status = 422, description = "Valid CDS Hooks that breaks a CRD constraint", body = OperationOutcome, content_type = "application/json"),
        (status = 503, description = "Over the request timeout, or a full replay cache", body = OperationOutcome, content_type = "application/json"),
    ))]
#[allow(dead_code)]
fn hook() {}

/// Doc-only: the metrics (when served at the main address).
#[utoipa::path(get, path = "/metrics", tag = "operations",
    responses(
        (status = 200, description = "Prometheus text format 0.0.4", body = String, content_type = "text/plain; version=0.0.4; charset=utf-8"),
        (status = 404, description = "Metrics are off or on another address", body = OperationOutcome, content_type = "application/json"),
    ))]
#[allow(dead_code)]
fn metrics() {}

/// Doc-only: the health check.
#[utoipa::path(get, path = "/healthz", tag = "operations",
    responses((status = 200, description = "The process serves", body = Object, content_type = "application/json")))]
#[allow(dead_code)]
fn healthz() {}

#[derive(OpenApi)]
#[openapi(
    info(
        title = "edx-coverage-cds",
        description = "Coverage of nerve conduction studies and needle EMG ordered for muscle cramps and spasms: CDS Hooks (Da Vinci CRD) and a plain JSON API. Every refusal is a FHIR OperationOutcome whose `expression` names the field at fault; a client never causes a 500."
    ),
    paths(
        crate::api::evaluate,
        crate::api::plan,
        discovery,
        hook,
        metrics,
        healthz
    ),
    components(schemas(
        OperationOutcome,
        crate::api::EvaluateRequest,
        crate::api::EvaluateResponse
    ))
)]
struct ApiDoc;

/// The document, as JSON text. `authenticated`: whether the service checks tokens (then the
/// calls that need one say so, with the bearer scheme).
#[must_use]
pub fn document(authenticated: bool) -> String {
    let mut doc = serde_json::to_value(ApiDoc::openapi()).unwrap_or(Value::Null);
    let mut wire = Map::new();
    for (name, schema) in [
        ("Case", edx_coverage::schema::case()),
        ("Policy", edx_coverage::schema::policy()),
        ("Determination", edx_coverage::schema::determination()),
        ("Plan", edx_coverage::schema::plan()),
        (
            "Audience",
            SchemaSettings::draft2020_12()
                .into_generator()
                .into_root_schema_for::<edx_coverage::Audience>(),
        ),
    ] {
        let mut schema = schema.to_value();
        if let Some(root) = schema.as_object_mut() {
            root.remove("$schema");
            if let Some(Value::Object(defs)) = root.remove("$defs") {
                wire.extend(defs);
            }
        }
        wire.insert(name.to_owned(), schema);
    }
    let mut wire = Value::Object(wire);
    rewrite_refs(&mut wire);
    if let (Some(schemas), Value::Object(wire)) = (
        doc.pointer_mut("/components/schemas")
            .and_then(Value::as_object_mut),
        wire,
    ) {
        schemas.extend(wire);
    }
    if authenticated {
        if let Some(components) = doc.get_mut("components").and_then(Value::as_object_mut) {
            components.insert(
                "securitySchemes".to_owned(),
                serde_json::json!({ SECURITY_SCHEME: {
                    "type": "http", "scheme": "bearer", "bearerFormat": "JWT",
                    "description": "A CDS Hooks JWT (RS384 or ES384) whose `aud` is the URL called"
                }}),
            );
        }
        // Every POST (the hooks, feedback, the JSON API) needs a token; the GETs do not.
        if let Some(paths) = doc.get_mut("paths").and_then(Value::as_object_mut) {
            for post in paths
                .values_mut()
                .filter_map(|item| item.get_mut("post"))
                .filter_map(Value::as_object_mut)
            {
                post.insert(
                    "security".to_owned(),
                    serde_json::json!([{ SECURITY_SCHEME: [] }]),
                );
            }
        }
    }
    doc.to_string()
}

/// `#/$defs/X` (a schemars reference) becomes `#/components/schemas/X`.
fn rewrite_refs(value: &mut Value) {
    match value {
        Value::Object(map) => {
            for (key, v) in map.iter_mut() {
                if key == "$ref" {
                    if let Some(name) = v.as_str().and_then(|r| r.strip_prefix("#/$defs/")) {
                        *v = Value::String(format!("#/components/schemas/{name}"));
                    }
                } else {
                    rewrite_refs(v);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(rewrite_refs),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refs(v: &Value, out: &mut Vec<String>) {
        match v {
            Value::Object(m) => {
                for (k, v) in m {
                    match (k.as_str(), v.as_str()) {
                        ("$ref", Some(r)) => out.push(r.to_owned()),
                        _ => refs(v, out),
                    }
                }
            }
            Value::Array(a) => a.iter().for_each(|v| refs(v, out)),
            _ => {}
        }
    }

    #[test]
    fn every_reference_resolves_and_the_version_is_3_1() {
        for auth in [false, true] {
            let doc: Value = serde_json::from_str(&document(auth)).unwrap();
            assert_eq!(doc["openapi"], "3.1.0");
            let mut all = Vec::new();
            refs(&doc, &mut all);
            assert!(all.iter().any(|r| r == "#/components/schemas/Case"));
            for r in all {
                let name = r
                    .strip_prefix("#/components/schemas/")
                    .unwrap_or_else(|| panic!("{r}"));
                assert!(doc["components"]["schemas"].get(name).is_some(), "{r}");
            }
            let security = doc.pointer("/paths/~1v1~1evaluate/post/security");
            assert_eq!(security.is_some(), auth);
        }
    }

    #[test]
    fn the_wire_schemas_are_the_librarys() {
        let doc: Value = serde_json::from_str(&document(false)).unwrap();
        let case = &doc["components"]["schemas"]["Case"];
        let mut want = edx_coverage::schema::case().to_value();
        let defs = want.as_object_mut().unwrap().remove("$defs").unwrap();
        want.as_object_mut().unwrap().remove("$schema");
        rewrite_refs(&mut want);
        assert_eq!(case, &want);
        for (name, mut def) in defs.as_object().unwrap().clone() {
            rewrite_refs(&mut def);
            assert_eq!(doc["components"]["schemas"][&name], def, "{name}");
        }
        let audience = &doc["components"]["schemas"]["Audience"]["enum"];
        assert_eq!(
            audience,
            &serde_json::json!(["patient", "clinician", "coder"])
        );
    }
}
