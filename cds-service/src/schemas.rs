//! The schemas the endpoints' OpenAPI attributes name (`api`, `openapi`): references into
//! `components.schemas`, and the FHIR R4 OperationOutcome every refusal answers with. Kept
//! apart from the document (`openapi`) so that the handlers that name them and the document
//! that lists the handlers do not import each other.

use serde::Serialize;
use utoipa::openapi::schema::Schema;
use utoipa::openapi::{Ref, RefOr};
use utoipa::ToSchema;

/// A reference to a schema of `components.schemas`.
pub(crate) fn schema_ref(name: &str) -> RefOr<Schema> {
    RefOr::Ref(Ref::from_schema_name(name))
}

/// A FHIR R4 OperationOutcome: every refusal's body.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[allow(dead_code)] // documentation only: `edx_coverage_fhir::outcome` writes the bodies.
pub struct OperationOutcome {
    #[serde(rename = "resourceType")]
    resource_type: ResourceType,
    /// What was refused.
    issue: Vec<OutcomeIssue>,
}

/// Always `OperationOutcome`.
#[derive(Debug, Clone, Copy, Serialize, ToSchema)]
#[allow(dead_code)]
enum ResourceType {
    OperationOutcome,
}

/// One refusal.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[allow(dead_code)]
struct OutcomeIssue {
    /// `error` for a refusal.
    severity: Severity,
    /// The FHIR issue type (`invalid`, `login`, `not-found`, `too-long`, ...).
    code: String,
    /// What is wrong, naming the field and repeating the value.
    diagnostics: String,
    /// The JSON path of the field at fault (`case.diagnoses[0].code`), when there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    expression: Option<Vec<String>>,
}

#[derive(Debug, Clone, Copy, Serialize, ToSchema)]
#[serde(rename_all = "lowercase")]
#[allow(dead_code)]
enum Severity {
    Error,
    Warning,
}
