//! A bounded load test on loopback: N concurrent clients x M requests each, a mix of
//! order-sign, order-select, refused bodies and feedback. Every response must be the right
//! one and none may be lost; every feedback entry acknowledged must be in the file once.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use std::collections::BTreeSet;
use std::time::Duration;

use common::{example_request, library_answer, temp_path, Http, TestServer};
use hyper::StatusCode;
use serde_json::{json, Value};

const CLIENTS: usize = 16;
const REQUESTS_PER_CLIENT: usize = 100;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_clients_get_every_answer_right() {
    let file = temp_path("load-feedback.jsonl");
    let s = TestServer::insecure(&[
        "--feedback-file",
        file.to_str().unwrap(),
        "--max-concurrent-requests",
        "4",
    ])
    .await;
    let sign_body = example_request();
    let (_, sign_expected) = library_answer(&sign_body);
    let mut select: Value = serde_json::from_str(&sign_body).unwrap();
    select["hook"] = json!("order-select");
    select["context"]["selections"] = json!(["ServiceRequest/emg-1"]);
    let select_body = select.to_string();
    let (_, select_expected) = library_answer(&select_body);

    let mut tasks = Vec::new();
    for client in 0..CLIENTS {
        let http = Http::new();
        let base = s.base.clone();
        let (sign_body, select_body) = (sign_body.clone(), select_body.clone());
        let (sign_expected, select_expected) = (sign_expected.clone(), select_expected.clone());
        tasks.push(tokio::spawn(async move {
            let mut cards = Vec::new();
            for i in 0..REQUESTS_PER_CLIENT {
                match i % 4 {
                    0 => {
                        let r = http.post_json(&format!("{base}/cds-services/edx-coverage-order-sign"), None, sign_body.clone()).await;
                        assert_eq!(r.status, StatusCode::OK);
                        assert_eq!(r.json(), sign_expected);
                    }
                    1 => {
                        let r = http.post_json(&format!("{base}/cds-services/edx-coverage-order-select"), None, select_body.clone()).await;
                        assert_eq!(r.status, StatusCode::OK);
                        assert_eq!(r.json(), select_expected);
                    }
                    2 => {
                        let r = http.post_json(&format!("{base}/cds-services/edx-coverage-order-sign"), None, "{\"hook\":").await;
                        assert_eq!(r.status, StatusCode::BAD_REQUEST);
                        assert_eq!(r.json()["resourceType"], "OperationOutcome");
                    }
                    _ => {
                        let card = format!("card-{client}-{i}");
                        let fb = json!({"feedback":[{"card": card, "outcome":"accepted","outcomeTimestamp":"2026-11-27T10:00:00Z"}]});
                        let r = http.post_json(&format!("{base}/cds-services/edx-coverage-order-sign/feedback"), None, fb.to_string()).await;
                        assert_eq!(r.status, StatusCode::OK);
                        cards.push(card);
                    }
                }
            }
            cards
        }));
    }
    let all = async {
        let mut cards = BTreeSet::new();
        for t in tasks {
            for c in t.await.unwrap() {
                assert!(cards.insert(c));
            }
        }
        cards
    };
    let sent = tokio::time::timeout(Duration::from_secs(120), all)
        .await
        .expect("load test did not finish in 120 s");
    assert_eq!(sent.len(), CLIENTS * REQUESTS_PER_CLIENT / 4);
    s.stop().await;

    let log = edx_coverage_cds::feedback::read_log(&file).unwrap();
    let stored: Vec<String> = log
        .lines
        .iter()
        .map(|l| l["feedback"]["card"].as_str().unwrap().to_owned())
        .collect();
    let stored_set: BTreeSet<String> = stored.iter().cloned().collect();
    assert_eq!(
        stored.len(),
        stored_set.len(),
        "a feedback line was written twice"
    );
    assert_eq!(stored_set, sent);
    assert_eq!((log.bad_lines, log.partial_tail), (0, false));
    let _ = std::fs::remove_file(&file);
}
