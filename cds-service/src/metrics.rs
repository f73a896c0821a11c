//! `GET /metrics`: the service's counters in the Prometheus text format (version 0.0.4),
//! kept and written by prometheus-client.
//!
//! Every label value is one of a closed set the service itself names: the route (`service`,
//! `feedback`, `evaluate`, ... as in the request log), the HTTP status, the reason a token was
//! refused (`expired`, `bad_signature`, `replayed_jti`, `issuer_not_trusted`, ...). Never a
//! patient, an order, a code, a service id taken from the path, or anything from a token.
//!
//! | metric | type | labels |
//! |---|---|---|
//! | `edx_cds_http_requests_total` | counter | `route`, `status` |
//! | `edx_cds_http_request_duration_seconds` | histogram | `route` |
//! | `edx_cds_auth_refusals_total` | counter | `reason` |
//! | `edx_cds_requests_in_flight` | gauge | |
//! | `edx_cds_replay_cache_entries` | gauge | |
//!
//! `/metrics` is on by default at the main address, needs no token, and can be turned off
//! (`--no-metrics`) or moved to an address of its own (`--metrics-listen`).

use std::sync::Arc;

use axum::extract::State;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use prometheus_client::encoding::prometheus_text;
use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{exponential_buckets, Histogram};
use prometheus_client::registry::Registry;

use crate::logging::LogInfo;
use crate::AppState;

/// The labels of the request counter.
#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RouteStatus {
    route: &'static str,
    status: u16,
}

/// The label of the latency histogram.
#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RouteLabel {
    route: &'static str,
}

/// The label of the refusal counter.
#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
struct ReasonLabel {
    reason: &'static str,
}

type Latency = Family<RouteLabel, Histogram, fn() -> Histogram>;

fn latency_histogram() -> Histogram {
    // 0.25 ms to about 4 s, doubling.
    Histogram::new(exponential_buckets(0.000_25, 2.0, 15))
}

/// The registry and the metrics the request log feeds.
pub struct Metrics {
    registry: Registry,
    requests: Family<RouteStatus, Counter>,
    latency: Latency,
    auth_refusals: Family<ReasonLabel, Counter>,
    in_flight: Gauge,
    replay_cache: Gauge,
}

impl std::fmt::Debug for Metrics {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Metrics").finish_non_exhaustive()
    }
}

impl Default for Metrics {
    fn default() -> Self {
        Metrics::new()
    }
}

impl Metrics {
    /// Registers every metric, all at zero.
    #[must_use]
    pub fn new() -> Metrics {
        let mut registry = Registry::with_prefix("edx_cds");
        let requests = Family::<RouteStatus, Counter>::default();
        registry.register(
            "http_requests",
            "HTTP requests answered, by route and status",
            requests.clone(),
        );
        let latency: Latency = Family::new_with_constructor(latency_histogram);
        registry.register(
            "http_request_duration_seconds",
            "Time from the request's arrival to its answer, by route",
            latency.clone(),
        );
        let auth_refusals = Family::<ReasonLabel, Counter>::default();
        registry.register(
            "auth_refusals",
            "Calls refused by authentication, by reason (the caller gets one 401 for all)",
            auth_refusals.clone(),
        );
        let in_flight = Gauge::default();
        registry.register(
            "requests_in_flight",
            "Requests being handled (a scrape at the main address counts itself)",
            in_flight.clone(),
        );
        let replay_cache = Gauge::default();
        registry.register(
            "replay_cache_entries",
            "Token ids (jti) held by the replay cache (0 with authentication off)",
            replay_cache.clone(),
        );
        Metrics {
            registry,
            requests,
            latency,
            auth_refusals,
            in_flight,
            replay_cache,
        }
    }

    /// Counts one answered request from what its handler told the request log.
    pub fn observe(&self, info: &LogInfo, status: StatusCode, seconds: f64) {
        self.requests
            .get_or_create(&RouteStatus {
                route: info.route,
                status: status.as_u16(),
            })
            .inc();
        self.latency
            .get_or_create(&RouteLabel { route: info.route })
            .observe(seconds);
        if let Some(reason) = info.auth.filter(|a| *a != "ok") {
            self.auth_refusals
                .get_or_create(&ReasonLabel { reason })
                .inc();
        }
    }

    /// The text exposition, with the gauges read now.
    #[must_use]
    pub fn render(&self, in_flight: usize, replay_cache: usize) -> String {
        self.in_flight
            .set(i64::try_from(in_flight).unwrap_or(i64::MAX));
        self.replay_cache
            .set(i64::try_from(replay_cache).unwrap_or(i64::MAX));
        let mut out = String::new();
        // Writing to a String cannot fail.
        let _ = prometheus_text::encode(&mut out, &self.registry);
        out
    }
}

/// `GET /metrics`.
pub async fn scrape(State(state): State<Arc<AppState>>) -> Response {
    let Some(metrics) = &state.metrics else {
        return crate::problem::Problem::not_found("endpoint").into_response();
    };
    let replay = state
        .verifier
        .as_ref()
        .map_or(0, crate::auth::Verifier::replay_cache_len);
    let body = metrics.render(state.in_flight.get(), replay);
    let mut response = (StatusCode::OK, body).into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(prometheus_text::CONTENT_TYPE),
    );
    response.extensions_mut().insert(LogInfo::new("metrics"));
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_land_under_their_labels() {
        let m = Metrics::new();
        let mut info = LogInfo::new("service");
        info.auth = Some("expired");
        m.observe(&info, StatusCode::UNAUTHORIZED, 0.001);
        info.auth = Some("ok");
        m.observe(&info, StatusCode::OK, 0.002);
        let text = m.render(3, 7);
        assert!(
            text.contains("edx_cds_http_requests_total{route=\"service\",status=\"401\"} 1\n"),
            "{text}"
        );
        assert!(
            text.contains("edx_cds_http_requests_total{route=\"service\",status=\"200\"} 1\n"),
            "{text}"
        );
        assert!(
            text.contains("edx_cds_auth_refusals_total{reason=\"expired\"} 1\n"),
            "{text}"
        );
        assert!(!text.contains("reason=\"ok\""), "{text}");
        assert!(text.contains("edx_cds_requests_in_flight 3\n"), "{text}");
        assert!(text.contains("edx_cds_replay_cache_entries 7\n"), "{text}");
        assert!(
            text.contains("edx_cds_http_request_duration_seconds_count{route=\"service\"} 2\n"),
            "{text}"
        );
    }
}
