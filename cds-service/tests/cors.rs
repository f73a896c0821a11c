//! CORS over real HTTP on loopback: preflights, the headers on answers and refusals, the
//! default of no origin, and the start-up checks of `--cors-origin`.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use bytes::Bytes;
use common::{example_request, Http, Reply, TestServer};
use edx_coverage_cds::{Config, Server};
use hyper::{Method, StatusCode};

const EHR: &str = "https://ehr.test.example";
const OTHER: &str = "https://elsewhere.test.example";
const SIGN: &str = "/cds-services/edx-coverage-order-sign";
const FEEDBACK: &str = "/cds-services/edx-coverage-order-sign/feedback";

async fn preflight(s: &TestServer, path: &str, origin: &str, method: &str) -> Reply {
    Http::new()
        .send(
            Method::OPTIONS,
            &s.url(path),
            &[
                ("origin", origin),
                ("access-control-request-method", method),
                (
                    "access-control-request-headers",
                    "authorization,content-type",
                ),
            ],
            Bytes::new(),
        )
        .await
        .unwrap()
}

fn header<'a>(r: &'a Reply, name: &str) -> Option<&'a str> {
    r.headers.get(name).and_then(|v| v.to_str().ok())
}

fn lower_list(r: &Reply, name: &str) -> Vec<String> {
    header(r, name)
        .unwrap_or("")
        .split(',')
        .map(|s| s.trim().to_ascii_lowercase())
        .filter(|s| !s.is_empty())
        .collect()
}

#[tokio::test]
async fn preflight_is_answered_for_every_endpoint_with_the_allowed_headers() {
    let s = TestServer::secure(&["--cors-origin", EHR]).await;
    for (path, method) in [
        ("/cds-services", "GET"),
        (SIGN, "POST"),
        ("/cds-services/edx-coverage-order-select", "POST"),
        (FEEDBACK, "POST"),
        ("/v1/evaluate", "POST"),
    ] {
        let r = preflight(&s, path, EHR, method).await;
        assert!(r.status.is_success(), "{path}: {}", r.status);
        assert_eq!(
            header(&r, "access-control-allow-origin"),
            Some(EHR),
            "{path}"
        );
        let methods = lower_list(&r, "access-control-allow-methods");
        assert!(
            methods.contains(&method.to_ascii_lowercase()),
            "{path}: {methods:?}"
        );
        let headers = lower_list(&r, "access-control-allow-headers");
        assert!(headers.contains(&"authorization".to_owned()), "{headers:?}");
        assert!(headers.contains(&"content-type".to_owned()), "{headers:?}");
        assert_eq!(header(&r, "access-control-max-age"), Some("600"));
        // a preflight needs no token: the browser never sends one with it
        assert_ne!(r.status, StatusCode::UNAUTHORIZED);
    }
    s.stop().await;
}

#[tokio::test]
async fn an_origin_not_configured_gets_no_allow_origin() {
    let s = TestServer::insecure(&["--cors-origin", EHR]).await;
    let r = preflight(&s, SIGN, OTHER, "POST").await;
    assert_eq!(header(&r, "access-control-allow-origin"), None);
    let r = Http::new()
        .send(
            Method::POST,
            &s.url(SIGN),
            &[("origin", OTHER), ("content-type", "application/json")],
            example_request(),
        )
        .await
        .unwrap();
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(header(&r, "access-control-allow-origin"), None);
    s.stop().await;
}

/// A request (method, path, headers) and the status it gets.
type Call = (
    Method,
    &'static str,
    &'static [(&'static str, &'static str)],
    StatusCode,
);

#[tokio::test]
async fn answers_and_refusals_carry_the_cors_headers() {
    let s = TestServer::secure(&["--cors-origin", EHR, "--cors-origin", OTHER]).await;
    let http = Http::new();
    // 200 (discovery), 401 (no token), 404 (unknown path), 405 (method)
    let cases: [Call; 4] = [
        (Method::GET, "/cds-services", &[], StatusCode::OK),
        (
            Method::POST,
            SIGN,
            &[("content-type", "application/json")],
            StatusCode::UNAUTHORIZED,
        ),
        (Method::GET, "/nowhere", &[], StatusCode::NOT_FOUND),
        (Method::GET, SIGN, &[], StatusCode::METHOD_NOT_ALLOWED),
    ];
    for (method, path, extra, want) in cases {
        for origin in [EHR, OTHER] {
            let mut headers = vec![("origin", origin)];
            headers.extend_from_slice(extra);
            let r = http
                .send(method.clone(), &s.url(path), &headers, "{}")
                .await
                .unwrap();
            assert_eq!(r.status, want, "{path}");
            assert_eq!(header(&r, "access-control-allow-origin"), Some(origin));
            let vary = lower_list(&r, "vary");
            assert!(vary.contains(&"origin".to_owned()), "{vary:?}");
            // a browser script may read why a call was refused
            let exposed = lower_list(&r, "access-control-expose-headers");
            assert!(
                exposed.contains(&"www-authenticate".to_owned()),
                "{exposed:?}"
            );
        }
    }
    s.stop().await;
}

#[tokio::test]
async fn by_default_no_cors_header_and_no_preflight() {
    let s = TestServer::insecure(&[]).await;
    let r = preflight(&s, SIGN, EHR, "POST").await;
    assert_eq!(r.status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(header(&r, "access-control-allow-origin"), None);
    let r = Http::new()
        .send(
            Method::GET,
            &s.url("/cds-services"),
            &[("origin", EHR)],
            Bytes::new(),
        )
        .await
        .unwrap();
    assert_eq!(r.status, StatusCode::OK);
    for (name, _) in &r.headers {
        assert!(!name.as_str().starts_with("access-control-"), "{name}");
    }
    s.stop().await;
}

#[tokio::test]
async fn any_origin_is_for_insecure_trials_only() {
    let s = TestServer::insecure(&["--cors-origin", "*"]).await;
    let r = preflight(&s, SIGN, OTHER, "POST").await;
    assert_eq!(header(&r, "access-control-allow-origin"), Some("*"));
    s.stop().await;

    let jwks = common::key_path("jwks.json");
    let config = <Config as clap::Parser>::try_parse_from([
        "edx-coverage-cds",
        "--jwks",
        jwks.to_str().unwrap(),
        "--trusted-issuer",
        common::ISSUER,
        "--cors-origin",
        "*",
    ])
    .unwrap();
    let err = Server::start(&config).unwrap_err();
    assert!(err.contains("--cors-origin \"*\""), "{err}");
    assert!(err.contains("--insecure-no-auth"), "{err}");
}

#[tokio::test]
async fn a_malformed_origin_stops_the_start() {
    let config = <Config as clap::Parser>::try_parse_from([
        "edx-coverage-cds",
        "--insecure-no-auth",
        "--cors-origin",
        "https://ehr.test.example/app",
    ])
    .unwrap();
    let err = Server::start(&config).unwrap_err();
    assert!(err.contains("https://ehr.test.example/app"), "{err}");
}

#[test]
fn one_flag_takes_a_comma_separated_list_as_the_variable_does() {
    let config = <Config as clap::Parser>::try_parse_from([
        "edx-coverage-cds",
        "--cors-origin",
        "https://a.example,https://b.example",
    ])
    .unwrap();
    assert_eq!(
        config.cors_origins,
        ["https://a.example", "https://b.example"]
    );
}
