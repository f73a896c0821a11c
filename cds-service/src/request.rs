//! What every endpoint does to a request before its own work, and to a refusal after it:
//! the bearer token checked, the body read within its limit (JSON only), the log fields
//! kept with the response. `routes` (CDS Hooks, feedback) and `api` (the plain JSON API)
//! both use it.

use axum::body::Bytes;
use axum::extract::Request;
use axum::http::{header, HeaderMap};
use axum::response::{IntoResponse, Response};
use http_body_util::{BodyExt, LengthLimitError, Limited};
use serde_json::Value;

use crate::auth::Failure;
use crate::logging::LogInfo;
use crate::problem::Problem;
use crate::AppState;

/// A refusal, with the log fields it goes with.
pub(crate) fn refuse(route: &'static str, problem: Problem) -> Response {
    let mut info = LogInfo::new(route);
    info.error_path = problem.path().map(str::to_owned);
    with_log(problem.into_response(), info)
}

pub(crate) fn with_log(mut response: Response, info: LogInfo) -> Response {
    response.extensions_mut().insert(info);
    response
}

/// Checks the bearer token (unless authentication is off).
pub(crate) fn authenticate(
    state: &AppState,
    headers: &HeaderMap,
    path: &str,
    info: &mut LogInfo,
) -> Result<(), Problem> {
    let Some(verifier) = &state.verifier else {
        return Ok(());
    };
    let authorization = headers
        .get(header::AUTHORIZATION)
        .map(|v| v.to_str().unwrap_or("\u{0}"));
    let audience = format!("{}{}", state.public_base, path);
    match verifier.verify(authorization, &audience, crate::clock::now_secs()) {
        Ok(_issuer) => {
            info.auth = Some("ok");
            Ok(())
        }
        Err(Failure::Refused(reason)) => {
            info.auth = Some(reason.as_str());
            Err(Problem::unauthorized())
        }
        Err(Failure::ReplayCacheFull) => {
            info.auth = Some("replay_cache_full");
            Err(Problem::unavailable(
                "transient",
                "too many calls in flight to check for replays; try again shortly",
            ))
        }
    }
}

/// Checks the content type and reads the body within the limit.
pub(crate) async fn read_body(state: &AppState, request: Request) -> Result<Bytes, Problem> {
    if !is_json(request.headers()) {
        return Err(Problem::unsupported_media_type());
    }
    let limit = state.max_body_bytes;
    let declared = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > limit as u64) {
        return Err(Problem::too_large(limit));
    }
    match Limited::new(request.into_body(), limit).collect().await {
        Ok(collected) => Ok(collected.to_bytes()),
        Err(e) if e.downcast_ref::<LengthLimitError>().is_some() => Err(Problem::too_large(limit)),
        Err(_) => Err(Problem::bad_request(
            "",
            "the request body could not be read",
        )),
    }
}

/// Checks the content type, reads the body within the limit and parses it as JSON.
pub(crate) async fn read_json(state: &AppState, request: Request) -> Result<Value, Problem> {
    let bytes = read_body(state, request).await?;
    serde_json::from_slice::<Value>(&bytes)
        .map_err(|e| Problem::bad_request("", format!("the body is not JSON: {e}")))
}

fn is_json(headers: &HeaderMap) -> bool {
    let Some(value) = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
    else {
        return false;
    };
    let essence = value.split(';').next().unwrap_or("").trim();
    essence.eq_ignore_ascii_case("application/json")
        || essence.eq_ignore_ascii_case("application/fhir+json")
}
