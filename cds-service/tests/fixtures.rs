//! The request fixtures of the FHIR crate's CDS Hooks tests (`fhir/tests/fixtures/cds-hooks/`),
//! posted over HTTP: the service answers each exactly as the library does,
//! with the library's status (200, 400, 412 or 422) and body.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use std::path::{Path, PathBuf};

use common::{library_answer, Http, TestServer};
use serde_json::{json, Value};

fn requests(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            requests(&path, out);
        } else if path.extension().is_some_and(|e| e == "json") {
            let text = std::fs::read_to_string(&path).unwrap();
            // A request names its hook instance; responses and fragments do not.
            let is_request = serde_json::from_str::<Value>(&text)
                .map(|v| v.get("hookInstance").is_some() || v.get("hook").is_some())
                .unwrap_or(true);
            if is_request {
                out.push(path);
            }
        }
    }
}

#[tokio::test]
async fn every_fixture_gets_the_librarys_answer_over_http() {
    let root = common::crate_dir().join("../fhir/tests/fixtures/cds-hooks");
    let mut files = Vec::new();
    requests(&root, &mut files);
    assert!(
        files.len() >= 10,
        "expected the library's fixtures, found {files:?}"
    );

    let s = TestServer::insecure(&[]).await;
    let http = Http::new();
    let mut by_status = std::collections::BTreeMap::<u16, usize>::new();
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap();
        let hook = serde_json::from_str::<Value>(&text)
            .ok()
            .and_then(|v| v.get("hook").and_then(Value::as_str).map(str::to_owned));
        let service = match hook.as_deref() {
            Some("order-select") => "edx-coverage-order-select",
            _ => "edx-coverage-order-sign",
        };
        let r = http
            .post_json(
                &s.url(&format!("/cds-services/{service}")),
                None,
                text.clone(),
            )
            .await;
        let name = file.strip_prefix(&root).unwrap().display().to_string();
        *by_status.entry(r.status.as_u16()).or_default() += 1;
        match hook.as_deref() {
            Some("order-sign" | "order-select") | None => {
                let (status, body) = library_answer(&text);
                assert_eq!(
                    r.status.as_u16(),
                    status,
                    "{name}: {:?}",
                    String::from_utf8_lossy(&r.body)
                );
                assert_eq!(r.json(), body, "{name}");
            }
            Some(_) => {
                // another hook (appointment-book, order-dispatch, ...): 400 at `hook`
                assert_eq!(r.status.as_u16(), 400, "{name}");
                assert_eq!(
                    r.json()["issue"][0]["expression"],
                    json!(["hook"]),
                    "{name}"
                );
            }
        }
        assert_eq!(r.content_type(), Some("application/json"), "{name}");
    }
    eprintln!("{} fixtures, statuses {by_status:?}", files.len());
    s.stop().await;
}

/// Every fixture damaged in many ways (each member of the request, of `context` and of the
/// first draft order removed, nulled, or given the wrong type; the text cut short) gets a
/// 4xx with an OperationOutcome or a 200, never a 5xx.
#[tokio::test]
async fn damaged_fixtures_never_get_a_5xx() {
    let root = common::crate_dir().join("../fhir/tests/fixtures/cds-hooks");
    let mut files = Vec::new();
    requests(&root, &mut files);
    let s = TestServer::insecure(&[]).await;
    let http = Http::new();
    let mut sent = 0usize;
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap();
        let Ok(original) = serde_json::from_str::<Value>(&text) else {
            continue;
        };
        let mut variants: Vec<String> = Vec::new();
        let spots: [&[&str]; 3] = [&[], &["context"], &["context", "draftOrders"]];
        for spot in spots {
            let mut target = &original;
            for key in spot {
                target = &target[*key];
            }
            let Some(obj) = target.as_object() else {
                continue;
            };
            for key in obj.keys() {
                for replacement in [
                    None,
                    Some(Value::Null),
                    Some(json!(42)),
                    Some(json!([])),
                    Some(json!("x")),
                ] {
                    let mut v = original.clone();
                    let mut t = &mut v;
                    for k in spot {
                        t = &mut t[*k];
                    }
                    let o = t.as_object_mut().unwrap();
                    match &replacement {
                        None => {
                            o.remove(key);
                        }
                        Some(r) => {
                            o.insert(key.clone(), r.clone());
                        }
                    }
                    variants.push(v.to_string());
                }
            }
        }
        for cut in [1, 2, 3, 5, 8] {
            variants.push(text.chars().take(text.chars().count() * cut / 10).collect());
        }
        for body in variants {
            let r = http
                .post_json(
                    &s.url("/cds-services/edx-coverage-order-sign"),
                    None,
                    body.clone(),
                )
                .await;
            sent += 1;
            assert!(
                r.status.as_u16() < 500,
                "{}: {} for {body:.200}",
                file.display(),
                r.status
            );
            if r.status.as_u16() != 200 {
                assert_eq!(r.json()["resourceType"], "OperationOutcome");
            }
        }
    }
    assert!(sent > 300, "only {sent} damaged requests");
    s.stop().await;
}
