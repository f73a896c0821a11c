//! The plain JSON API for hosts that do not speak FHIR: `POST /v1/evaluate` answers a case in
//! the wire format with the library's determination and its explanation for one reader;
//! `POST /v1/plan` with the library's path to coverage as well.
//!
//! Same authentication as the hooks (a CDS Hooks bearer JWT whose `aud` is the URL called),
//! same body limit and content types, same refusals: an OperationOutcome naming the field
//! path (400 for the body's shape, 422 for a case or policy the library refuses).

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::response::Response;
use edx_coverage::{Audience, Determination, Explanation, Plan};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::logging::LogInfo;
use crate::problem::{json_response, Problem};
use crate::request::{authenticate, read_body, with_log};
use crate::schemas::{schema_ref, OperationOutcome};
use crate::{envelope, AppState};

/// The body of `POST /v1/evaluate`.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)] // documentation only: the body is read by `envelope`.
pub struct EvaluateRequest {
    /// The case, in the wire format.
    #[schema(schema_with = case_schema)]
    case: (),
    /// The payer policy, in the wire format. Absent or `null`: the service's policy.
    #[schema(schema_with = policy_schema)]
    policy: Option<()>,
    /// Who the explanation is for. Default `clinician`.
    #[schema(schema_with = audience_schema)]
    audience: Option<()>,
}

fn case_schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
    schema_ref("Case")
}

fn policy_schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
    use utoipa::openapi::schema::{ObjectBuilder, OneOfBuilder, Schema, Type};
    utoipa::openapi::RefOr::T(Schema::OneOf(
        OneOfBuilder::new()
            .item(schema_ref("Policy"))
            .item(ObjectBuilder::new().schema_type(Type::Null))
            .build(),
    ))
}

fn audience_schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
    schema_ref("Audience")
}

fn determination_schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
    schema_ref("Determination")
}

/// The answer of `POST /v1/evaluate`.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct EvaluateResponse {
    /// The reader the explanation is written for.
    #[schema(schema_with = audience_schema)]
    audience: Audience,
    /// The library's determination, in the wire format.
    #[schema(schema_with = determination_schema)]
    determination: Determination,
    /// The explanation of the determination for that reader (plain text; Markdown-like
    /// headings and lists).
    explanation: String,
}

/// The answer of `POST /v1/plan`.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PlanResponse {
    /// The reader the explanation is written for.
    #[schema(schema_with = audience_schema)]
    audience: Audience,
    /// The library's path to coverage (`schema/plan.schema.json`): `ruleset`, `from`,
    /// `target`, `steps` (each with `step`, `actor`, `conditional`, what it changes, `clears`
    /// and `without`) and `remaining`.
    #[schema(schema_with = plan_schema)]
    plan: Plan,
    /// The explanation of the case for the reader with the path to coverage in that reader's
    /// words (plain text; Markdown-like headings and lists): the patient reads what could
    /// change the answer and who would do it, the clinician the steps and the outlook after
    /// them, the coder every code added, recoded or removed and the claim lines after.
    explanation: String,
}

fn plan_schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
    schema_ref("Plan")
}

/// `POST /v1/evaluate`.
#[utoipa::path(
    post,
    path = "/v1/evaluate",
    tag = "api",
    request_body(content = EvaluateRequest, content_type = "application/json"),
    responses(
        (status = 200, description = "The determination and its explanation", body = EvaluateResponse, content_type = "application/json"),
        (status = 400, description = "Not a JSON object, or a member that is unknown, repeated, of the wrong type, or an unknown audience (`expression` names it)", body = OperationOutcome, content_type = "application/json"),
        (status = 401, description = "No valid CDS Hooks bearer token (when authentication is on)", body = OperationOutcome, content_type = "application/json"),
        (status = 413, description = "A body over the size limit", body = OperationOutcome, content_type = "application/json"),
        (status = 415, description = "A body not declared as JSON", body = OperationOutcome, content_type = "application/json"),
        (status = 422, description = "A case or policy the library refuses (`expression` names the field, e.g. `case.diagnoses[0].code`)", body = OperationOutcome, content_type = "application/json"),
        (status = 503, description = "Over the request timeout, or a full replay cache", body = OperationOutcome, content_type = "application/json"),
    )
)]
pub async fn evaluate(State(state): State<Arc<AppState>>, request: Request) -> Response {
    respond(&state, request, "evaluate", |inputs, info| {
        let determination = edx_coverage::evaluate(&inputs.case, &inputs.policy);
        info.outlook = Some(determination.coverage().as_str());
        // The determination's explanation; `/v1/plan` adds the path to coverage.
        let explanation =
            Explanation::new(&inputs.case, &determination, inputs.audience).to_string();
        serde_json::to_string(&EvaluateResponse {
            audience: inputs.audience,
            determination,
            explanation,
        })
    })
    .await
}

/// `POST /v1/plan`.
#[utoipa::path(
    post,
    path = "/v1/plan",
    tag = "api",
    request_body(content = EvaluateRequest, content_type = "application/json"),
    responses(
        (status = 200, description = "The path to coverage, and the explanation for the reader with the path in that reader's words", body = PlanResponse, content_type = "application/json"),
        (status = 400, description = "As for /v1/evaluate", body = OperationOutcome, content_type = "application/json"),
        (status = 401, description = "No valid CDS Hooks bearer token (when authentication is on)", body = OperationOutcome, content_type = "application/json"),
        (status = 413, description = "A body over the size limit", body = OperationOutcome, content_type = "application/json"),
        (status = 415, description = "A body not declared as JSON", body = OperationOutcome, content_type = "application/json"),
        (status = 422, description = "A case or policy the library refuses", body = OperationOutcome, content_type = "application/json"),
        (status = 503, description = "Over the request timeout, or a full replay cache", body = OperationOutcome, content_type = "application/json"),
    )
)]
pub async fn plan(State(state): State<Arc<AppState>>, request: Request) -> Response {
    respond(&state, request, "plan", |inputs, info| {
        let determination = edx_coverage::evaluate(&inputs.case, &inputs.policy);
        info.outlook = Some(determination.coverage().as_str());
        let plan = edx_coverage::plan(&inputs.case, &inputs.policy);
        let explanation = Explanation::new(&inputs.case, &determination, inputs.audience)
            .with_plan(&plan)
            .to_string();
        serde_json::to_string(&PlanResponse {
            audience: inputs.audience,
            plan,
            explanation,
        })
    })
    .await
}

/// The shared request path: token, body, envelope, then `answer` (the library's work).
async fn respond(
    state: &AppState,
    request: Request,
    route: &'static str,
    answer: impl FnOnce(&envelope::Inputs, &mut LogInfo) -> Result<String, serde_json::Error>,
) -> Response {
    let mut info = LogInfo::new(route);
    let result = async {
        let path = request.uri().path().to_owned();
        authenticate(state, request.headers(), &path, &mut info)?;
        let bytes = read_body(state, request).await?;
        let text = std::str::from_utf8(&bytes).map_err(|e| {
            Problem::bad_request("", format!("the body is not JSON: not UTF-8 ({e})"))
        })?;
        let inputs = envelope::read(text, &state.policy)?;
        let body = answer(&inputs, &mut info).map_err(|e| {
            tracing::error!(error = %e, "the answer could not be written");
            Problem::new(
                StatusCode::INTERNAL_SERVER_ERROR,
                "exception",
                "the answer could not be written",
            )
        })?;
        Ok::<_, Problem>(json_response(StatusCode::OK, body))
    }
    .await;
    let response = match result {
        Ok(response) => response,
        Err(problem) => {
            info.error_path = problem.path().map(str::to_owned);
            axum::response::IntoResponse::into_response(problem)
        }
    };
    with_log(response, info)
}
