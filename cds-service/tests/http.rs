//! Every endpoint and status over real HTTP on loopback (authentication off here; see
//! `auth.rs` for tokens).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use std::time::Duration;

use bytes::Bytes;
use common::{example_request, library_answer, temp_path, Http, TestServer};
use hyper::{Method, StatusCode};
use serde_json::{json, Value};

const SIGN: &str = "/cds-services/edx-coverage-order-sign";
const SELECT: &str = "/cds-services/edx-coverage-order-select";

#[tokio::test]
async fn discovery_lists_both_services_with_crd_prefetch_and_version() {
    let s = TestServer::insecure(&[]).await;
    let r = Http::new().get(&s.url("/cds-services")).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.content_type(), Some("application/json"));
    let v = r.json();
    let services = v["services"].as_array().unwrap();
    let hooks: Vec<&str> = services
        .iter()
        .map(|s| s["hook"].as_str().unwrap())
        .collect();
    assert_eq!(hooks, ["order-sign", "order-select"]);
    for svc in services {
        assert!(svc["id"].as_str().is_some_and(|id| !id.is_empty()));
        assert!(svc["description"].as_str().is_some_and(|d| !d.is_empty()));
        let p = &svc["prefetch"];
        assert_eq!(p["patient"], "Patient/{{context.patientId}}");
        assert_eq!(p["encounter"], "Encounter/{{context.encounterId}}");
        assert_eq!(
            p["coverage"],
            "Coverage?patient={{context.patientId}}&status=active"
        );
        assert_eq!(p["conditions"], "Condition?patient={{context.patientId}}");
        assert_eq!(
            p["observations"],
            "Observation?patient={{context.patientId}}"
        );
        assert_eq!(
            svc["extension"]["davinci-crd.version"],
            json!(["2.1", "2.2"])
        );
    }
    // the ids are the paths that answer
    for svc in services {
        let path = format!("/cds-services/{}", svc["id"].as_str().unwrap());
        let mut req: Value = serde_json::from_str(&example_request()).unwrap();
        req["hook"] = svc["hook"].clone();
        if svc["hook"] == "order-select" {
            req["context"]["selections"] = json!(["ServiceRequest/emg-1"]);
        }
        let r = Http::new()
            .post_json(&s.url(&path), None, req.to_string())
            .await;
        assert_eq!(r.status, StatusCode::OK, "{path}: {:?}", r.body);
    }
    s.stop().await;
}

#[tokio::test]
async fn crd_version_sets_the_default_a_request_can_override() {
    let s = TestServer::insecure(&["--crd-version", "2.1"]).await;
    let http = Http::new();
    let v = http.get(&s.url("/cds-services")).await.json();
    assert_eq!(
        v["services"][0]["extension"]["davinci-crd.version"],
        json!(["2.1", "2.2"])
    );
    let body = example_request();
    let r = http.post_json(&s.url(SIGN), None, body.clone()).await;
    let today = edx_coverage_cds::clock::today_utc();
    let options = edx_coverage_fhir::cds_hooks::Options::default()
        .with_crd_version(edx_coverage_fhir::cds_hooks::CrdVersion::V2_1)
        .with_date(&today);
    let expected =
        edx_coverage_fhir::cds_hooks::answer(&body, &edx_coverage::Policy::default(), &options)
            .unwrap();
    assert_eq!(r.json(), expected.to_value());
    assert_ne!(
        r.json(),
        library_answer(&body).1,
        "2.1 and 2.2 answers differ for this request"
    );
    s.stop().await;
}

#[tokio::test]
async fn healthz_and_head() {
    let s = TestServer::insecure(&[]).await;
    let http = Http::new();
    let r = http.get(&s.url("/healthz")).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.json(), json!({"status": "ok"}));
    let r = http
        .send(Method::HEAD, &s.url("/cds-services"), &[], Bytes::new())
        .await
        .unwrap();
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.is_empty());
    s.stop().await;
}

#[tokio::test]
async fn the_example_gets_the_librarys_answer() {
    let s = TestServer::insecure(&[]).await;
    let body = example_request();
    let r = Http::new()
        .post_json(&s.url(SIGN), None, body.clone())
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.content_type(), Some("application/json"));
    let (status, expected) = library_answer(&body);
    assert_eq!(status, 200);
    assert_eq!(r.json(), expected);
    assert!(r.json()["cards"].is_array());
    s.stop().await;
}

/// A request saved by a Windows editor starts with a UTF-8 byte-order mark: the same answer.
#[tokio::test]
async fn a_leading_byte_order_mark_gets_the_same_answer() {
    let s = TestServer::insecure(&[]).await;
    let body = example_request();
    let r = Http::new()
        .post_json(&s.url(SIGN), None, format!("\u{FEFF}{body}"))
        .await;
    assert_eq!(r.status, StatusCode::OK);
    let (status, expected) = library_answer(&body);
    assert_eq!(status, 200);
    assert_eq!(r.json(), expected);
    s.stop().await;
}

#[tokio::test]
async fn charset_and_fhir_json_content_types_are_json() {
    let s = TestServer::insecure(&[]).await;
    let http = Http::new();
    for ct in [
        "application/json; charset=utf-8",
        "application/fhir+json",
        "Application/JSON",
    ] {
        let r = http
            .send(
                Method::POST,
                &s.url(SIGN),
                &[("content-type", ct)],
                example_request(),
            )
            .await
            .unwrap();
        assert_eq!(r.status, StatusCode::OK, "{ct}");
    }
    s.stop().await;
}

#[tokio::test]
async fn unknown_service_and_path_are_404() {
    let s = TestServer::insecure(&[]).await;
    let http = Http::new();
    let r = http
        .post_json(&s.url("/cds-services/nope"), None, example_request())
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert_eq!(r.outcome_issue()["code"], "not-found");
    let r = http.get(&s.url("/nothing/here")).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert_eq!(r.outcome_issue()["code"], "not-found");
    let r = http
        .post_json(&s.url("/cds-services/nope/feedback"), None, "{}")
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "feedback is off here");
    s.stop().await;
}

#[tokio::test]
async fn wrong_methods_are_405_with_allow() {
    let s = TestServer::insecure(&[]).await;
    let http = Http::new();
    let cases = [
        (Method::GET, SIGN, "POST"),
        (Method::PUT, SIGN, "POST"),
        (Method::DELETE, "/cds-services", "GET, HEAD"),
        (Method::POST, "/cds-services", "GET, HEAD"),
        (
            Method::GET,
            "/cds-services/edx-coverage-order-sign/feedback",
            "POST",
        ),
        (Method::POST, "/healthz", "GET, HEAD"),
    ];
    for (method, path, allow) in cases {
        let r = http
            .send(method.clone(), &s.url(path), &[], Bytes::new())
            .await
            .unwrap();
        assert_eq!(r.status, StatusCode::METHOD_NOT_ALLOWED, "{method} {path}");
        assert_eq!(r.headers.get("allow").unwrap(), allow, "{method} {path}");
        assert_eq!(r.outcome_issue()["code"], "not-supported");
    }
    s.stop().await;
}

#[tokio::test]
async fn wrong_or_missing_content_type_is_415() {
    let s = TestServer::insecure(&[]).await;
    let http = Http::new();
    for headers in [
        vec![],
        vec![("content-type", "text/plain")],
        vec![("content-type", "application/xml")],
    ] {
        let r = http
            .send(Method::POST, &s.url(SIGN), &headers, example_request())
            .await
            .unwrap();
        assert_eq!(r.status, StatusCode::UNSUPPORTED_MEDIA_TYPE, "{headers:?}");
        assert_eq!(r.outcome_issue()["code"], "not-supported");
    }
    s.stop().await;
}

#[tokio::test]
async fn malformed_bodies_are_400_naming_the_problem() {
    let s = TestServer::insecure(&[]).await;
    let http = Http::new();
    // not JSON at all, truncated JSON, trailing garbage, nesting beyond the parser's limit
    let deep = "[".repeat(10_000);
    for body in [
        "",
        "not json",
        "{\"hook\":",
        "{} {}",
        deep.as_str(),
        "\u{FEFF}{}",
    ] {
        let r = http.post_json(&s.url(SIGN), None, body.to_owned()).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{body:.20}");
        let issue = r.outcome_issue();
        assert_eq!(issue["severity"], "error");
        assert!(
            !issue["diagnostics"].as_str().unwrap().is_empty(),
            "{issue}"
        );
        assert_eq!(r.json(), library_answer(body).1, "{body:.20}");
    }
    // JSON, but not a request: the library's 400 with the path
    for (body, path) in [
        (json!([]), ""),
        (json!({"hookInstance": "x", "context": {}}), "hook"),
        (json!({"hook": "order-sign", "context": {}}), "hookInstance"),
    ] {
        let r = http.post_json(&s.url(SIGN), None, body.to_string()).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{body}");
        let (status, expected) = library_answer(&body.to_string());
        assert_eq!(status, 400);
        assert_eq!(r.json(), expected);
        if !path.is_empty() {
            assert_eq!(r.json()["issue"][0]["expression"], json!([path]), "{body}");
        }
    }
    // invalid UTF-8
    let r = http
        .send(
            Method::POST,
            &s.url(SIGN),
            &[("content-type", "application/json")],
            Bytes::from_static(b"{\"a\":\"\xff\"}"),
        )
        .await
        .unwrap();
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(r.outcome_issue()["diagnostics"]
        .as_str()
        .unwrap()
        .contains("UTF-8"));
    s.stop().await;
}

#[tokio::test]
async fn a_hook_sent_to_the_other_service_is_400_at_hook() {
    let s = TestServer::insecure(&[]).await;
    let r = Http::new()
        .post_json(&s.url(SELECT), None, example_request())
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert_eq!(r.outcome_issue()["expression"], json!(["hook"]));
    s.stop().await;
}

#[tokio::test]
async fn bodies_over_the_limit_are_413_with_or_without_content_length() {
    let s = TestServer::insecure(&["--max-body-bytes", "4096"]).await;
    let http = Http::new();
    let big = format!("{{\"pad\":\"{}\"}}", "x".repeat(5000));
    let r = http.post_json(&s.url(SIGN), None, big.clone()).await;
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(r.outcome_issue()["code"], "too-long");
    // chunked: no Content-Length, the limit is enforced while reading
    let r = common::send_chunked(&s.base, SIGN, big.as_bytes()).await;
    assert!(r.starts_with("HTTP/1.1 413"), "{r}");
    // right at the limit is fine (it is then refused for its content, not its size)
    let fits = format!("{{\"pad\":\"{}\"}}", "x".repeat(4096 - 10));
    assert_eq!(fits.len(), 4096);
    let r = http.post_json(&s.url(SIGN), None, fits).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    s.stop().await;
}

#[tokio::test]
async fn the_default_limit_is_one_mebibyte() {
    let s = TestServer::insecure(&[]).await;
    let http = Http::new();
    let over = format!("{{\"pad\":\"{}\"}}", "x".repeat(1024 * 1024));
    let r = http.post_json(&s.url(SIGN), None, over).await;
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE);
    s.stop().await;
}

#[tokio::test]
async fn a_stalled_body_times_out_with_503_and_the_concurrency_cap_holds() {
    let s = TestServer::insecure(&[
        "--request-timeout-ms",
        "600",
        "--max-concurrent-requests",
        "1",
    ])
    .await;
    // A: declares 100 bytes, sends 10, then stalls while holding the only slot.
    let started = std::time::Instant::now();
    let stalled = tokio::spawn(common::send_stalled(s.base.clone(), SIGN.to_owned()));
    tokio::time::sleep(Duration::from_millis(100)).await;
    // B: has to wait for the slot, which A holds until its own timeout (600 ms).
    let r = Http::new().get(&s.url("/healthz")).await;
    let b_done = started.elapsed();
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    assert!(
        b_done >= Duration::from_millis(550),
        "B did not wait for the slot: {b_done:?}"
    );
    let a = stalled.await.unwrap();
    assert!(a.starts_with("HTTP/1.1 503"), "{a}");
    assert!(a.contains("\"code\":\"timeout\""), "{a}");
    s.stop().await;
}

#[tokio::test]
async fn feedback_is_404_when_disabled_and_stored_when_enabled() {
    let off = TestServer::insecure(&[]).await;
    let http = Http::new();
    let fb = json!({"feedback":[{"card":"c1","outcome":"accepted","outcomeTimestamp":"2026-11-27T10:00:00Z"}]});
    let r = http
        .post_json(&off.url(&format!("{SIGN}/feedback")), None, fb.to_string())
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    off.stop().await;

    let file = temp_path("feedback.jsonl");
    let s = TestServer::insecure(&["--feedback-file", file.to_str().unwrap()]).await;
    let r = http
        .post_json(&s.url(&format!("{SIGN}/feedback")), None, fb.to_string())
        .await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    // on disk before the 200
    let log = edx_coverage_cds::feedback::read_log(&file).unwrap();
    assert_eq!(log.lines.len(), 1);
    assert_eq!(log.lines[0]["feedback"], fb["feedback"][0]);
    assert_eq!(log.lines[0]["service"], "edx-coverage-order-sign");
    assert!(log.lines[0]["received"].as_str().unwrap().ends_with('Z'));

    let two = json!({"feedback":[
        {"card":"c2","outcome":"overridden","outcomeTimestamp":"2026-11-27T10:01:00Z",
         "overrideReason":{"reason":{"code":"not-applicable","system":"http://example.org/reasons"},"userComment":"line one\nline two"}},
        {"card":"c3","outcome":"accepted","outcomeTimestamp":"2026-11-27T10:02:00Z","acceptedSuggestions":[{"id":"s1"}]}]});
    let r = http
        .post_json(&s.url(&format!("{SELECT}/feedback")), None, two.to_string())
        .await;
    assert_eq!(r.status, StatusCode::OK);
    // refused feedback writes nothing
    let bad = json!({"feedback":[{"card":"c4","outcome":"maybe","outcomeTimestamp":"t"}]});
    let r = http
        .post_json(&s.url(&format!("{SIGN}/feedback")), None, bad.to_string())
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert_eq!(
        r.outcome_issue()["expression"],
        json!(["feedback[0].outcome"])
    );
    let r = http
        .post_json(&s.url("/cds-services/nope/feedback"), None, fb.to_string())
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    let r = http
        .send(
            Method::POST,
            &s.url(&format!("{SIGN}/feedback")),
            &[("content-type", "text/plain")],
            fb.to_string(),
        )
        .await
        .unwrap();
    assert_eq!(r.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    s.stop().await;

    let log = edx_coverage_cds::feedback::read_log(&file).unwrap();
    let cards: Vec<&str> = log
        .lines
        .iter()
        .map(|l| l["feedback"]["card"].as_str().unwrap())
        .collect();
    assert_eq!(cards, ["c1", "c2", "c3"]);
    assert_eq!(
        log.lines[1]["feedback"]["overrideReason"]["userComment"],
        "line one\nline two"
    );
    assert_eq!(log.lines[2]["service"], "edx-coverage-order-select");
    assert_eq!((log.bad_lines, log.partial_tail), (0, false));
    let _ = std::fs::remove_file(&file);
}

#[tokio::test]
async fn a_bad_policy_file_stops_the_start() {
    use clap::Parser;
    let file = temp_path("policy.json");
    std::fs::write(&file, r#"{"min_trial_days": "four weeks"}"#).unwrap();
    let config = edx_coverage_cds::Config::try_parse_from([
        "x",
        "--insecure-no-auth",
        "--policy",
        file.to_str().unwrap(),
    ])
    .unwrap();
    let err = edx_coverage_cds::Server::start(&config).unwrap_err();
    assert!(
        err.contains("policy file") && err.contains("min_trial_days"),
        "{err}"
    );
    std::fs::write(&file, r#"{"min_trial_dayz": 28}"#).unwrap();
    let err = edx_coverage_cds::Server::start(&config).unwrap_err();
    assert!(err.contains("min_trial_dayz"), "{err}");
    let _ = std::fs::remove_file(&file);
    let config = edx_coverage_cds::Config::try_parse_from([
        "x",
        "--insecure-no-auth",
        "--policy",
        "/nonexistent/p.json",
    ])
    .unwrap();
    assert!(edx_coverage_cds::Server::start(&config)
        .unwrap_err()
        .contains("cannot read"));
}

#[tokio::test]
async fn a_payer_policy_file_changes_the_answer_like_the_library() {
    // The example is symptom-only coding: a payer that accepts symptom codes with support
    // answers like the library does under that policy.
    let policy =
        common::crate_dir().join("../examples/cases/payer-accepts-symptom-codes.policy.json");
    let s = TestServer::insecure(&["--policy", policy.to_str().unwrap()]).await;
    let body = example_request();
    let r = Http::new()
        .post_json(&s.url(SIGN), None, body.clone())
        .await;
    assert_eq!(r.status, StatusCode::OK);
    let policy =
        edx_coverage::json::parse_policy(&std::fs::read_to_string(&policy).unwrap()).unwrap();
    let today = edx_coverage_cds::clock::today_utc();
    let expected = edx_coverage_fhir::cds_hooks::answer(
        &body,
        &policy,
        &edx_coverage_fhir::cds_hooks::Options::default().with_date(&today),
    )
    .unwrap()
    .to_value();
    assert_eq!(r.json(), expected);
    s.stop().await;
}

#[tokio::test]
async fn the_librarys_400_412_and_422_pass_through_with_their_outcome() {
    let s = TestServer::insecure(&[]).await;
    let http = Http::new();
    let base: Value = serde_json::from_str(&example_request()).unwrap();

    // 412: no Coverage anywhere (not on the order, none in prefetch)
    let mut no_coverage = base.clone();
    no_coverage["context"]["draftOrders"]["entry"][0]["resource"]
        .as_object_mut()
        .unwrap()
        .remove("insurance");
    no_coverage["prefetch"]["coverage"] = Value::Null;
    // 422: an electrodiagnostic order without an id; a CRD version nobody speaks
    let mut no_id = base.clone();
    no_id["context"]["draftOrders"]["entry"][0]["resource"]
        .as_object_mut()
        .unwrap()
        .remove("id");
    let mut bad_version = base.clone();
    bad_version["extension"] = json!({"davinci-crd.requestedVersion": "9.9"});
    // 400: invalid FHIR where the mapping needs it
    let mut bad_fhir = base.clone();
    bad_fhir["context"]["draftOrders"]["entry"][0]["resource"]["code"] = json!("95910");

    for (name, body, status) in [
        ("no coverage", no_coverage, 412),
        ("no id", no_id, 422),
        ("version 9.9", bad_version, 422),
        ("code as a string", bad_fhir, 400),
    ] {
        let text = body.to_string();
        let r = http.post_json(&s.url(SIGN), None, text.clone()).await;
        let (lib_status, lib_body) = library_answer(&text);
        assert_eq!(lib_status, status, "{name}: the library's status");
        assert_eq!(r.status.as_u16(), status, "{name}");
        assert_eq!(r.json(), lib_body, "{name}");
        assert_eq!(r.json()["resourceType"], "OperationOutcome", "{name}");
        assert!(
            r.json()["issue"][0]["expression"][0]
                .as_str()
                .is_some_and(|p| !p.is_empty()),
            "{name}"
        );
    }

    // a request may ask for CRD 2.1
    let mut v21 = base;
    v21["extension"] = json!({"davinci-crd.requestedVersion": "2.1"});
    let r = http.post_json(&s.url(SIGN), None, v21.to_string()).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.json(), library_answer(&v21.to_string()).1);
    s.stop().await;
}
