//! The built binary as a child process: start-up refusals, `--help`, feedback across a
//! restart (and across a crash that tore the last line), and SIGTERM during load.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::{example_request, library_answer, temp_path, Http};
use hyper::StatusCode;
use serde_json::{json, Value};

const BIN: &str = env!("CARGO_BIN_EXE_edx-coverage-cds");

/// A running binary; its stdout (JSON log lines) is collected.
struct Proc {
    child: Child,
    base: String,
    log: Arc<Mutex<Vec<Value>>>,
    reader: Option<std::thread::JoinHandle<()>>,
}

impl Proc {
    fn start(args: &[&str]) -> Proc {
        let mut child = Command::new(BIN)
            .args(["--listen", "127.0.0.1:0", "--log-format", "json"])
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let log = Arc::new(Mutex::new(Vec::new()));
        let (tx, rx) = std::sync::mpsc::channel();
        let sink = Arc::clone(&log);
        let reader = std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                let v: Value = serde_json::from_str(&line)
                    .unwrap_or_else(|e| panic!("log line not JSON ({e}): {line}"));
                if v["message"] == "edx-coverage-cds listening" {
                    let _ = tx.send(v["listen"].as_str().unwrap().to_owned());
                }
                sink.lock().unwrap().push(v);
            }
        });
        let addr = rx
            .recv_timeout(Duration::from_secs(30))
            .expect("the service did not start");
        Proc {
            child,
            base: format!("http://{addr}"),
            log,
            reader: Some(reader),
        }
    }

    fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    fn sigterm(&self) {
        let ok = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .unwrap();
        assert!(ok.success());
    }

    /// Waits for the exit (bounded) and returns the status code and the log lines.
    fn wait(mut self) -> (Option<i32>, Vec<Value>) {
        let deadline = Instant::now() + Duration::from_secs(30);
        let status = loop {
            if let Some(s) = self.child.try_wait().unwrap() {
                break s;
            }
            if Instant::now() > deadline {
                let _ = self.child.kill();
                panic!("the service did not stop within 30 s");
            }
            std::thread::sleep(Duration::from_millis(20));
        };
        if let Some(r) = self.reader.take() {
            r.join().unwrap();
        }
        let log = self.log.lock().unwrap().clone();
        (status.code(), log)
    }
}

impl Drop for Proc {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn run_to_exit(args: &[&str]) -> (Option<i32>, String, String) {
    let out = Command::new(BIN).args(args).output().unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn help_explains_every_setting() {
    let (code, out, _) = run_to_exit(&["--help"]);
    assert_eq!(code, Some(0));
    for flag in [
        "--listen",
        "--public-url",
        "--jwks",
        "--trusted-issuer",
        "--clock-skew-secs",
        "--max-token-lifetime-secs",
        "--replay-cache-size",
        "--insecure-no-auth",
        "--policy",
        "--crd-version",
        "--feedback-file",
        "--max-body-bytes",
        "--request-timeout-ms",
        "--max-concurrent-requests",
        "--shutdown-grace-secs",
        "--log-format",
        "--log-level",
    ] {
        assert!(out.contains(flag), "--help lacks {flag}");
    }
    for var in [
        "EDX_CDS_LISTEN",
        "EDX_CDS_JWKS",
        "EDX_CDS_TRUSTED_ISSUERS",
        "EDX_CDS_POLICY",
        "EDX_CDS_FEEDBACK_FILE",
    ] {
        assert!(out.contains(var), "--help lacks {var}");
    }
}

#[test]
fn start_up_refusals_are_clear() {
    let policy = temp_path("bad-policy.json");
    std::fs::write(&policy, "{\"require_differential\": \"yes\"}").unwrap();
    let (code, _, err) = run_to_exit(&[
        "--listen",
        "127.0.0.1:0",
        "--insecure-no-auth",
        "--policy",
        policy.to_str().unwrap(),
    ]);
    assert_eq!(code, Some(2));
    assert!(
        err.contains("policy file") && err.contains("require_differential"),
        "{err}"
    );
    let _ = std::fs::remove_file(&policy);

    let (code, _, err) = run_to_exit(&["--listen", "127.0.0.1:0"]);
    assert_eq!(code, Some(2));
    assert!(
        err.contains("--jwks") && err.contains("--insecure-no-auth"),
        "{err}"
    );

    let jwks = common::key_path("jwks.json");
    let (code, _, err) =
        run_to_exit(&["--listen", "127.0.0.1:0", "--jwks", jwks.to_str().unwrap()]);
    assert_eq!(code, Some(2));
    assert!(err.contains("trusted issuer"), "{err}");

    let (code, _, err) = run_to_exit(&[
        "--listen",
        "127.0.0.1:0",
        "--insecure-no-auth",
        "--public-url",
        "cds.example.org",
    ]);
    assert_eq!(code, Some(2));
    assert!(err.contains("--public-url"), "{err}");
}

#[test]
fn settings_come_from_the_environment_too() {
    let policy = temp_path("env-policy.json");
    std::fs::write(&policy, "{\"min_trial_days\": -1}").unwrap();
    let out = Command::new(BIN)
        .env("EDX_CDS_LISTEN", "127.0.0.1:0")
        .env("EDX_CDS_INSECURE_NO_AUTH", "true")
        .env("EDX_CDS_POLICY", &policy)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    // it got past authentication (variable read) and refused the policy (variable read)
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("policy file") && err.contains("min_trial_days"),
        "{err}"
    );
    let _ = std::fs::remove_file(&policy);
}

#[test]
fn insecure_mode_says_so_loudly() {
    let p = Proc::start(&["--insecure-no-auth"]);
    p.sigterm();
    let (code, log) = p.wait();
    assert_eq!(code, Some(0));
    assert!(
        log.iter().any(|l| l["level"] == "WARN"
            && l["message"]
                .as_str()
                .unwrap()
                .contains("AUTHENTICATION IS OFF")),
        "{log:?}"
    );
}

fn feedback(card: &str) -> String {
    json!({"feedback":[{"card": card, "outcome":"accepted","outcomeTimestamp":"2026-11-27T10:00:00Z"}]}).to_string()
}

fn block_on<F: std::future::Future>(f: F) -> F::Output {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap()
        .block_on(f)
}

#[test]
fn feedback_survives_a_restart_and_a_torn_line() {
    let file = temp_path("restart-feedback.jsonl");
    let fb_path = "/cds-services/edx-coverage-order-sign/feedback";
    let args = [
        "--insecure-no-auth",
        "--feedback-file",
        file.to_str().unwrap(),
    ];

    let p = Proc::start(&args);
    block_on(async {
        let http = Http::new();
        for card in ["a1", "a2", "a3"] {
            assert_eq!(
                http.post_json(&p.url(fb_path), None, feedback(card))
                    .await
                    .status,
                StatusCode::OK
            );
        }
    });
    p.sigterm();
    assert_eq!(p.wait().0, Some(0));

    // a crash in the middle of a write would leave a partial line: simulate one
    let torn: &[u8] = b"{\"received\":\"2026-11-27T10:00:00Z\",\"serv";
    {
        use std::io::Write;
        let mut f = std::fs::OpenOptions::new()
            .append(true)
            .open(&file)
            .unwrap();
        f.write_all(torn).unwrap();
    }
    assert!(
        edx_coverage_cds::feedback::read_log(&file)
            .unwrap()
            .partial_tail
    );

    let p = Proc::start(&args);
    block_on(async {
        let http = Http::new();
        for card in ["b1", "b2"] {
            assert_eq!(
                http.post_json(&p.url(fb_path), None, feedback(card))
                    .await
                    .status,
                StatusCode::OK
            );
        }
    });
    p.sigterm();
    let (code, log) = p.wait();
    assert_eq!(code, Some(0));
    assert!(
        log.iter().any(|l| l["cut_bytes"] == torn.len()),
        "the repair is logged: {log:?}"
    );

    let read = edx_coverage_cds::feedback::read_log(&file).unwrap();
    let cards: Vec<&str> = read
        .lines
        .iter()
        .map(|l| l["feedback"]["card"].as_str().unwrap())
        .collect();
    assert_eq!(cards, ["a1", "a2", "a3", "b1", "b2"]);
    assert_eq!((read.bad_lines, read.partial_tail), (0, false));
    let _ = std::fs::remove_file(&file);
}

#[test]
fn sigterm_during_load_loses_no_request_and_no_feedback() {
    let file = temp_path("sigterm-feedback.jsonl");
    let p = Proc::start(&[
        "--insecure-no-auth",
        "--feedback-file",
        file.to_str().unwrap(),
    ]);
    let base = p.base.clone();
    let body = example_request();
    let (_, expected) = library_answer(&body);

    let (answered, mut acked, errors) = block_on(async {
        let stop_after = Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let mut tasks = Vec::new();
        for client in 0..8 {
            let http = Http::new();
            let base = base.clone();
            let body = body.clone();
            let expected = expected.clone();
            let count = Arc::clone(&stop_after);
            tasks.push(tokio::spawn(async move {
                let (mut answered, mut acked, mut errors) = (0usize, Vec::new(), Vec::new());
                // bounded: at most 5,000 requests per client, and it ends at the first
                // connection error once the server stops
                for i in 0..5000 {
                    if i % 2 == 0 {
                        match http
                            .post_json_checked(
                                &format!("{base}/cds-services/edx-coverage-order-sign"),
                                &body,
                            )
                            .await
                        {
                            Ok(r) => {
                                assert_eq!(r.status, StatusCode::OK);
                                assert_eq!(r.json(), expected);
                                answered += 1;
                                count.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                            }
                            Err(e) => {
                                errors.push(e);
                                break;
                            }
                        }
                    } else {
                        let card = format!("c{client}-{i}");
                        match http
                            .post_json_checked(
                                &format!("{base}/cds-services/edx-coverage-order-sign/feedback"),
                                &feedback(&card),
                            )
                            .await
                        {
                            Ok(r) => {
                                assert_eq!(r.status, StatusCode::OK);
                                answered += 1;
                                count.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                                acked.push(card);
                            }
                            Err(e) => {
                                errors.push(e);
                                break;
                            }
                        }
                    }
                }
                (answered, acked, errors)
            }));
        }
        // let the load build up (400 answers received: counted when they arrive, not when
        // they are sent, since a request sent just before the stop may never reach the
        // server), then ask the service to stop; the loop also ends if every client has
        // stopped before that, and the assertions below say why
        while stop_after.load(std::sync::atomic::Ordering::Relaxed) < 400
            && !tasks.iter().all(|t| t.is_finished())
        {
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        p.sigterm();
        let (mut answered, mut acked, mut errors) = (0, Vec::new(), Vec::new());
        for t in tasks {
            let (a, k, e) = t.await.unwrap();
            answered += a;
            acked.extend(k);
            errors.extend(e);
        }
        (answered, acked, errors)
    });
    let (code, log) = p.wait();
    assert_eq!(code, Some(0));
    assert!(
        answered >= 400,
        "too little load before the stop: {answered}"
    );
    // every client ended on a connection-level error (the server stopped taking connections),
    // never on an HTTP error
    assert_eq!(errors.len(), 8, "{errors:?}");

    // No request the service handled went unanswered: its log has one line per response the
    // clients received, and no more.
    let served = log.iter().filter(|l| l["message"] == "request").count();
    assert_eq!(
        served, answered,
        "the service handled requests whose answers were lost"
    );
    assert!(log
        .iter()
        .all(|l| l["message"] != "request" || l["status"] == 200));
    // every acknowledged feedback entry is on disk, once, and nothing else is
    let read = edx_coverage_cds::feedback::read_log(&file).unwrap();
    let mut stored: Vec<String> = read
        .lines
        .iter()
        .map(|l| l["feedback"]["card"].as_str().unwrap().to_owned())
        .collect();
    stored.sort();
    acked.sort();
    assert_eq!(stored, acked);
    assert_eq!((read.bad_lines, read.partial_tail), (0, false));
    let _ = std::fs::remove_file(&file);
}
