//! Refusals as HTTP responses: a status and a FHIR R4 OperationOutcome naming the problem.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use edx_coverage_fhir::outcome::{OperationOutcome, OutcomeIssue};
use serde_json::Value;

/// The content type of every JSON body the service writes.
pub const JSON: &str = "application/json";

/// A refused request: the status, the OperationOutcome `issue.code`, a message and, when the
/// problem is in the body, the JSON path of the element at fault.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    status: StatusCode,
    code: &'static str,
    message: String,
    path: Option<String>,
    allow: Option<&'static str>,
}

impl Problem {
    /// A refusal with a status, an OperationOutcome issue code and a message.
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Problem {
        Problem {
            status,
            code,
            message: message.into(),
            path: None,
            allow: None,
        }
    }

    /// The same refusal naming the element at fault (a JSON path in the request body).
    #[must_use]
    pub fn at(mut self, path: impl Into<String>) -> Problem {
        self.path = Some(path.into());
        self
    }

    /// 400: the body is not what the endpoint takes.
    pub fn bad_request(path: impl Into<String>, message: impl Into<String>) -> Problem {
        Problem::new(StatusCode::BAD_REQUEST, "invalid", message).at(path)
    }

    /// 422: the body is well-formed but its content is refused (a case or policy the
    /// library will not take).
    pub fn unprocessable(path: impl Into<String>, message: impl Into<String>) -> Problem {
        Problem::new(StatusCode::UNPROCESSABLE_ENTITY, "invalid", message).at(path)
    }

    /// 401, the same for every reason so that a caller learns nothing from it.
    pub fn unauthorized() -> Problem {
        Problem::new(
            StatusCode::UNAUTHORIZED,
            "login",
            "authentication failed: send a valid CDS Hooks bearer token",
        )
    }

    /// 404 for a path or service this service does not have.
    pub fn not_found(what: &str) -> Problem {
        Problem::new(
            StatusCode::NOT_FOUND,
            "not-found",
            format!("no such {what}"),
        )
    }

    /// 405 with the `Allow` header.
    pub fn method_not_allowed(allow: &'static str) -> Problem {
        let mut p = Problem::new(
            StatusCode::METHOD_NOT_ALLOWED,
            "not-supported",
            format!("method not allowed here; use {allow}"),
        );
        p.allow = Some(allow);
        p
    }

    /// 413 for a body over the limit.
    pub fn too_large(limit: usize) -> Problem {
        Problem::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "too-long",
            format!("the request body is larger than {limit} bytes"),
        )
    }

    /// 415 for a body that is not declared as JSON.
    pub fn unsupported_media_type() -> Problem {
        Problem::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "not-supported",
            "the request body must be JSON (Content-Type: application/json)",
        )
    }

    /// 503: the service cannot take the request now (timeout, full replay cache, storage).
    pub fn unavailable(code: &'static str, message: impl Into<String>) -> Problem {
        Problem::new(StatusCode::SERVICE_UNAVAILABLE, code, message)
    }

    /// The HTTP status.
    #[must_use]
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The JSON path of the element at fault, if any.
    #[must_use]
    pub fn path(&self) -> Option<&str> {
        self.path.as_deref()
    }

    /// The OperationOutcome body.
    #[must_use]
    pub fn operation_outcome(&self) -> Value {
        let issue =
            OutcomeIssue::error(self.code, &self.message).at(self.path.as_deref().unwrap_or(""));
        OperationOutcome::new([issue]).to_value()
    }
}

impl IntoResponse for Problem {
    fn into_response(self) -> Response {
        let mut response = json_response(self.status, self.operation_outcome().to_string());
        let headers = response.headers_mut();
        if let Some(allow) = self.allow {
            headers.insert(header::ALLOW, HeaderValue::from_static(allow));
        }
        if self.status == StatusCode::UNAUTHORIZED {
            headers.insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        response
    }
}

/// A response with a JSON body.
pub fn json_response(status: StatusCode, body: String) -> Response {
    let mut response = (status, body).into_response();
    response
        .headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(JSON));
    response
}
