//! The endpoints: discovery, the service calls, feedback and the health check.

use std::sync::Arc;

use axum::body::Body;
use axum::extract::{Path, Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use edx_coverage_fhir::cds_hooks;

use crate::discovery;
use crate::feedback;
use crate::logging::LogInfo;
use crate::problem::{json_response, Problem};
use crate::request::{authenticate, read_body, read_json, refuse, with_log};
use crate::AppState;

/// The routes, without the middleware.
pub fn router(state: Arc<AppState>) -> Router {
    let router = Router::new()
        .route(
            "/cds-services",
            get(discovery_doc).fallback(|| async {
                refuse("discovery", Problem::method_not_allowed("GET, HEAD"))
            }),
        )
        .route(
            "/cds-services/{id}",
            post(call)
                .fallback(|| async { refuse("service", Problem::method_not_allowed("POST")) }),
        )
        .route(
            "/cds-services/{id}/feedback",
            post(feedback_call)
                .fallback(|| async { refuse("feedback", Problem::method_not_allowed("POST")) }),
        )
        .route(
            "/v1/evaluate",
            post(crate::api::evaluate)
                .fallback(|| async { refuse("evaluate", Problem::method_not_allowed("POST")) }),
        )
        .route(
            "/v1/plan",
            post(crate::api::plan)
                .fallback(|| async { refuse("plan", Problem::method_not_allowed("POST")) }),
        )
        .route(
            "/openapi.json",
            get(openapi_doc)
                .fallback(|| async { refuse("openapi", Problem::method_not_allowed("GET, HEAD")) }),
        )
        .route(
            "/healthz",
            get(healthz)
                .fallback(|| async { refuse("healthz", Problem::method_not_allowed("GET, HEAD")) }),
        )
        .fallback(|| async { refuse("unknown", Problem::not_found("endpoint")) });
    let router = if state.metrics_here {
        router.route(
            "/metrics",
            get(crate::metrics::scrape)
                .fallback(|| async { refuse("metrics", Problem::method_not_allowed("GET, HEAD")) }),
        )
    } else {
        router
    };
    let router = if state.ui {
        crate::ui::routes(router)
    } else {
        router
    };
    router.with_state(state)
}

async fn discovery_doc(State(state): State<Arc<AppState>>) -> Response {
    with_log(
        json_response(StatusCode::OK, state.discovery.clone()),
        LogInfo::new("discovery"),
    )
}

async fn openapi_doc(State(state): State<Arc<AppState>>) -> Response {
    with_log(
        json_response(StatusCode::OK, state.openapi.clone()),
        LogInfo::new("openapi"),
    )
}

async fn healthz() -> Response {
    with_log(
        json_response(StatusCode::OK, r#"{"status":"ok"}"#.to_owned()),
        LogInfo::new("healthz"),
    )
}

/// `POST /cds-services/{id}`: the library's answer.
async fn call(
    State(state): State<Arc<AppState>>,
    Path(id): Path<String>,
    request: Request,
) -> Response {
    let mut info = LogInfo::new("service");
    let result = answer(&state, &id, request, &mut info).await;
    let response = match result {
        Ok(response) => response,
        Err(problem) => {
            info.error_path = info
                .error_path
                .take()
                .or_else(|| problem.path().map(str::to_owned));
            problem.into_response()
        }
    };
    with_log(response, info)
}

async fn answer(
    state: &AppState,
    id: &str,
    request: Request,
    info: &mut LogInfo,
) -> Result<Response, Problem> {
    let path = request.uri().path().to_owned();
    authenticate(state, request.headers(), &path, info)?;
    let service = discovery::service(id).ok_or_else(|| Problem::not_found("CDS service"))?;
    info.service = Some(service.id);
    info.hook = Some(service.hook.as_str());
    // The library parses the text itself (into a tree borrowing from it: cheaper than a
    // serde_json::Value); a syntax error is its 400 with its OperationOutcome.
    let bytes = read_body(state, request).await?;
    let text = std::str::from_utf8(&bytes)
        .map_err(|e| Problem::bad_request("", format!("the body is not JSON: not UTF-8 ({e})")))?;
    let options = state.options.clone().with_date(&crate::clock::today_utc());
    match cds_hooks::answer(text, &state.policy, &options) {
        Ok(answer) => {
            info.hook_instance = Some(crate::logging::safe_token(answer.hook_instance()));
            if answer.hook() != service.hook {
                return Err(Problem::bad_request(
                    "hook",
                    format!(
                        "this service answers {}, not {}; call the service of the hook sent",
                        service.hook,
                        answer.hook()
                    ),
                ));
            }
            info.outlook = Some(answer.outlook().map_or("none", |c| c.as_str()));
            info.issues = Some(answer.issues().len());
            Ok(json_response(StatusCode::OK, answer.json().to_owned()))
        }
        Err(e) => {
            info.error_path = Some(e.path().to_owned());
            // The library answers 4xx for anything in the request; anything else is the
            // service's own mistake (the options it passed), never the client's.
            let status = match StatusCode::from_u16(e.status()) {
                Ok(status) if status.is_client_error() => status,
                _ => {
                    tracing::error!(path = e.path(), "the library refused the service's options");
                    StatusCode::INTERNAL_SERVER_ERROR
                }
            };
            Ok(json_response(status, e.operation_outcome().to_string()))
        }
    }
}

/// `POST /cds-services/{id}/feedback`: checked, then appended to the feedback file.
async fn feedback_call(
    State(state): State<Arc<AppState>>,
    Path(id): Path<String>,
    request: Request,
) -> Response {
    let mut info = LogInfo::new("feedback");
    let result = store_feedback(&state, &id, request, &mut info).await;
    let response = match result {
        Ok(response) => response,
        Err(problem) => {
            info.error_path = problem.path().map(str::to_owned);
            problem.into_response()
        }
    };
    with_log(response, info)
}

async fn store_feedback(
    state: &AppState,
    id: &str,
    request: Request,
    info: &mut LogInfo,
) -> Result<Response, Problem> {
    let log = state
        .feedback
        .as_ref()
        .ok_or_else(|| Problem::not_found("endpoint (feedback is not enabled)"))?;
    let path = request.uri().path().to_owned();
    authenticate(state, request.headers(), &path, info)?;
    let service = discovery::service(id).ok_or_else(|| Problem::not_found("CDS service"))?;
    info.service = Some(service.id);
    let value = read_json(state, request).await?;
    let entries = feedback::check_request(&value)
        .map_err(|(path, message)| Problem::bad_request(path, message))?;
    info.feedback_entries = Some(entries.len());
    let lines = feedback::lines_for(service.id, &crate::clock::timestamp_utc(), entries);
    log.append(lines).await.map_err(|e| {
        tracing::error!(error = %e, "feedback could not be stored");
        Problem::unavailable("transient", "feedback could not be stored; send it again")
    })?;
    Ok((StatusCode::OK, Body::empty()).into_response())
}
