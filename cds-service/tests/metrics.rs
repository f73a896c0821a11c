//! `/metrics` over real HTTP on loopback: known traffic, then a scrape parsed as Prometheus
//! text and the counts checked; no patient data in it; off and on another address.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use common::{claims, example_request, now, rs384_token, sign, Http, TestServer};
use edx_coverage_cds::{Config, Server};
use hyper::StatusCode;
use prometheus_parse::{Sample, Scrape, Value};
use serde_json::json;

const SIGN: &str = "/cds-services/edx-coverage-order-sign";

fn parse(text: &str) -> Scrape {
    // Strict shape first: every line a comment, or `name{labels} value`.
    for line in text.lines() {
        if line.starts_with("# HELP ") || line.starts_with("# TYPE ") {
            continue;
        }
        let (series, value) = line.rsplit_once(' ').unwrap_or_else(|| panic!("{line:?}"));
        assert!(value.parse::<f64>().is_ok() || value == "+Inf", "{line:?}");
        let name = series.split('{').next().unwrap();
        assert!(
            name.starts_with("edx_cds_")
                && name.bytes().all(|b| b.is_ascii_lowercase() || b == b'_'),
            "{line:?}"
        );
    }
    Scrape::parse(text.lines().map(|l| Ok(l.to_owned()))).unwrap()
}

fn value(scrape: &Scrape, metric: &str, labels: &[(&str, &str)]) -> f64 {
    let found: Vec<&Sample> = scrape
        .samples
        .iter()
        .filter(|s| s.metric == metric && labels.iter().all(|(k, v)| s.labels.get(k) == Some(*v)))
        .collect();
    assert_eq!(found.len(), 1, "{metric} {labels:?}: {found:?}");
    match &found[0].value {
        Value::Counter(v) | Value::Gauge(v) | Value::Untyped(v) => *v,
        Value::Histogram(buckets) => buckets
            .iter()
            .find(|b| b.less_than.is_infinite())
            .map(|b| b.count)
            .unwrap(),
        other => panic!("{other:?}"),
    }
}

async fn scrape(http: &Http, url: &str) -> (String, Scrape) {
    let r = http.get(url).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(
        r.content_type(),
        Some("text/plain; version=0.0.4; charset=utf-8")
    );
    let text = String::from_utf8(r.body.to_vec()).unwrap();
    let parsed = parse(&text);
    (text, parsed)
}

#[tokio::test]
async fn a_scrape_after_known_traffic_counts_it() {
    let s = TestServer::secure(&[]).await;
    let http = Http::new();
    let url = s.url(SIGN);
    for _ in 0..3 {
        assert_eq!(
            http.get(&s.url("/cds-services")).await.status,
            StatusCode::OK
        );
    }
    for _ in 0..2 {
        let r = http.post_json(&url, None, example_request()).await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    }
    let mut c = claims(&url);
    c["iat"] = json!(now() - 600);
    c["exp"] = json!(now() - 120);
    let expired = sign(
        jsonwebtoken::Algorithm::RS384,
        Some("test-rs384"),
        &common::key_path("rs384-a.pem"),
        &c,
    );
    let r = http
        .post_json(&url, Some(&expired), example_request())
        .await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    let good = rs384_token(&url);
    let r = http.post_json(&url, Some(&good), example_request()).await;
    assert_eq!(r.status, StatusCode::OK);
    let r = http.post_json(&url, Some(&good), example_request()).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    assert_eq!(
        http.get(&s.url("/nowhere")).await.status,
        StatusCode::NOT_FOUND
    );

    let (text, m) = scrape(&http, &s.url("/metrics")).await;
    let requests = "edx_cds_http_requests_total";
    assert_eq!(
        value(&m, requests, &[("route", "discovery"), ("status", "200")]),
        3.0
    );
    assert_eq!(
        value(&m, requests, &[("route", "service"), ("status", "401")]),
        4.0
    );
    assert_eq!(
        value(&m, requests, &[("route", "service"), ("status", "200")]),
        1.0
    );
    assert_eq!(
        value(&m, requests, &[("route", "unknown"), ("status", "404")]),
        1.0
    );
    let refusals = "edx_cds_auth_refusals_total";
    assert_eq!(value(&m, refusals, &[("reason", "missing_token")]), 2.0);
    assert_eq!(value(&m, refusals, &[("reason", "expired")]), 1.0);
    assert_eq!(value(&m, refusals, &[("reason", "replayed_jti")]), 1.0);
    assert_eq!(
        m.samples.iter().filter(|s| s.metric == refusals).count(),
        3,
        "only the reasons met: {text}"
    );
    let latency = "edx_cds_http_request_duration_seconds";
    assert_eq!(value(&m, latency, &[("route", "discovery")]), 3.0);
    assert_eq!(value(&m, latency, &[("route", "service")]), 5.0);
    // the one accepted token's id; the scrape itself is in flight
    assert_eq!(value(&m, "edx_cds_replay_cache_entries", &[]), 1.0);
    assert_eq!(value(&m, "edx_cds_requests_in_flight", &[]), 1.0);

    // a second scrape counts the first
    let (_, m) = scrape(&http, &s.url("/metrics")).await;
    assert_eq!(
        value(&m, requests, &[("route", "metrics"), ("status", "200")]),
        1.0
    );

    // nothing from the record, the codes or the token
    for secret in [
        "R25.2",
        "95886",
        "emg-1",
        "example-coverage",
        "Patient",
        good.as_str(),
    ] {
        assert!(!text.contains(secret), "{secret} in /metrics");
    }
    s.stop().await;
}

#[tokio::test]
async fn metrics_can_be_turned_off() {
    let s = TestServer::insecure(&["--no-metrics"]).await;
    let r = Http::new().get(&s.url("/metrics")).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    s.stop().await;
}

#[tokio::test]
async fn metrics_can_live_on_another_address() {
    let config =
        <Config as clap::Parser>::try_parse_from(["edx-coverage-cds", "--insecure-no-auth"])
            .unwrap();
    let server = Server::start(&config).unwrap();
    let main = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let side = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let main_base = format!("http://{}", main.local_addr().unwrap());
    let side_base = format!("http://{}", side.local_addr().unwrap());
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let task = tokio::spawn(
        server.run_with_metrics_listener(main, Some(side), async move {
            let _ = stopped.await;
        }),
    );
    let http = Http::new();
    assert_eq!(
        http.get(&format!("{main_base}/cds-services")).await.status,
        StatusCode::OK
    );
    assert_eq!(
        http.get(&format!("{main_base}/metrics")).await.status,
        StatusCode::NOT_FOUND
    );
    let (_, m) = scrape(&http, &format!("{side_base}/metrics")).await;
    let requests = "edx_cds_http_requests_total";
    assert_eq!(
        value(&m, requests, &[("route", "discovery"), ("status", "200")]),
        1.0
    );
    assert_eq!(
        value(&m, requests, &[("route", "unknown"), ("status", "404")]),
        1.0
    );
    // the side listener serves nothing else, and scraping it is not counted as traffic
    assert_eq!(
        http.get(&format!("{side_base}/cds-services")).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(value(&m, "edx_cds_requests_in_flight", &[]), 0.0);
    let _ = stop.send(());
    task.await.unwrap().unwrap();
}

#[test]
fn off_and_elsewhere_exclude_each_other() {
    let both = <Config as clap::Parser>::try_parse_from([
        "edx-coverage-cds",
        "--no-metrics",
        "--metrics-listen",
        "127.0.0.1:9100",
    ]);
    assert!(both.is_err());
}
