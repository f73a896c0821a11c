//! Structured logs: the subscriber set-up and one line per request.
//!
//! A request line carries what an operator needs and nothing about the patient: the route,
//! the service and hook, the client's `hookInstance` (an opaque id), the status, the latency,
//! the coverage outlook, how many mapping issues there were, the JSON path of a refusal and
//! why a token was refused. Never a body, a resource, a name, an id from the record, a code
//! or a token.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Instant;

use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;

use crate::config::LogFormat;
use crate::AppState;

/// What a handler tells the request log.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LogInfo {
    /// Which endpoint: `discovery`, `service`, `feedback`, `healthz`, `unknown`, `preflight`
    /// (a CORS preflight answered by the CORS layer).
    pub route: &'static str,
    /// The service id, when known.
    pub service: Option<&'static str>,
    /// The hook, when known.
    pub hook: Option<&'static str>,
    /// The request's `hookInstance`, sanitised.
    pub hook_instance: Option<String>,
    /// The coverage outlook (`likely_covered`, `at_risk`, `likely_denied`, `none`).
    pub outlook: Option<&'static str>,
    /// How many mapping issues the answer reported.
    pub issues: Option<usize>,
    /// How many feedback entries were stored.
    pub feedback_entries: Option<usize>,
    /// The JSON path of the element a refusal names.
    pub error_path: Option<String>,
    /// The token check: `ok` or why it was refused (unset where no token is needed).
    pub auth: Option<&'static str>,
}

impl LogInfo {
    /// Fields for a request to `route`.
    #[must_use]
    pub fn new(route: &'static str) -> LogInfo {
        LogInfo {
            route,
            ..LogInfo::default()
        }
    }
}

/// An opaque client-chosen id made safe to log: at most 64 characters of `[A-Za-z0-9._:-]`,
/// others replaced by `_`.
#[must_use]
pub fn safe_token(s: &str) -> String {
    s.chars()
        .take(64)
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | ':' | '-') {
                c
            } else {
                '_'
            }
        })
        .collect()
}

/// Requests being handled right now (for the shutdown log).
#[derive(Debug, Default)]
pub struct InFlight(AtomicUsize);

impl InFlight {
    /// How many.
    #[must_use]
    pub fn get(&self) -> usize {
        self.0.load(Ordering::Relaxed)
    }
}

struct InFlightGuard<'a>(&'a InFlight);

impl Drop for InFlightGuard<'_> {
    fn drop(&mut self) {
        self.0 .0.fetch_sub(1, Ordering::Relaxed);
    }
}

/// The outermost middleware: measures the request and writes its line.
pub async fn request_line(
    State(state): State<Arc<AppState>>,
    request: Request,
    next: Next,
) -> Response {
    let start = Instant::now();
    state.in_flight.0.fetch_add(1, Ordering::Relaxed);
    let _guard = InFlightGuard(&state.in_flight);
    let method = request.method().clone();
    let response = next.run(request).await;
    let latency_us = u64::try_from(start.elapsed().as_micros()).unwrap_or(u64::MAX);
    let info = response
        .extensions()
        .get::<LogInfo>()
        .cloned()
        .unwrap_or_else(|| {
            // Answered by a layer: the CORS preflight, or a refusal of the limits.
            LogInfo::new(if method == axum::http::Method::OPTIONS {
                "preflight"
            } else {
                "limits"
            })
        });
    if let Some(metrics) = &state.metrics {
        metrics.observe(&info, response.status(), start.elapsed().as_secs_f64());
    }
    let dash = "-";
    tracing::info!(
        target: "edx_cds::request",
        method = %method,
        route = info.route,
        service = info.service.unwrap_or(dash),
        hook = info.hook.unwrap_or(dash),
        hook_instance = info.hook_instance.as_deref().unwrap_or(dash),
        status = response.status().as_u16(),
        latency_us,
        outlook = info.outlook.unwrap_or(dash),
        issues = info.issues.unwrap_or(0),
        feedback_entries = info.feedback_entries.unwrap_or(0),
        error_path = info.error_path.as_deref().unwrap_or(dash),
        auth = if state.verifier.is_some() { info.auth.unwrap_or(dash) } else { "OFF" },
        "request"
    );
    response
}

/// Installs the global subscriber: JSON lines or `key=value` text on standard output.
pub fn init(format: LogFormat, level: tracing::Level) {
    let builder = tracing_subscriber::fmt()
        .with_max_level(level)
        .with_target(true)
        .with_ansi(false)
        .with_writer(std::io::stdout);
    let _ = match format {
        LogFormat::Json => builder
            .json()
            .flatten_event(true)
            .with_current_span(false)
            .with_span_list(false)
            .try_init(),
        LogFormat::Text => builder.try_init(),
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn safe_token_keeps_ids_and_defuses_the_rest() {
        assert_eq!(
            safe_token("d1577c69-dfbe-44ad-ba6d-3e05e953b2ea"),
            "d1577c69-dfbe-44ad-ba6d-3e05e953b2ea"
        );
        assert_eq!(safe_token("a b\n\"c"), "a_b__c");
        assert_eq!(safe_token(&"x".repeat(100)).len(), 64);
    }
}
