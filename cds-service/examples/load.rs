//! Load benchmark (not a test): closed-loop clients posting the bundled order-sign example
//! over loopback HTTP, reporting requests per second and p50 / p99 / max latency.
//!
//! ```sh
//! cargo run --release -p edx-coverage-cds --example load                 # no auth
//! cargo run --release -p edx-coverage-cds --example load -- --auth        # RS384 tokens
//! cargo run --release -p edx-coverage-cds --example load -- --clients 16 --requests 40000
//! ```
//!
//! By default the service runs in this process on its own 2-thread runtime (as the binary
//! would on a 2-core machine) and the clients on another 2-thread runtime: both share the
//! machine's cores, as a load client on the same host would. `--url http://host:port` aims
//! at a service started separately instead (with `--auth`, that service must trust
//! `tests/keys/jwks.json` and issuer `https://ehr.test.example`, and `--aud-base` must be its
//! public URL).
//!
//! With `--auth` every request carries its own RS384 token (a fresh `jti`: the service
//! refuses replays), signed before the clock starts so that signing is not measured.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)] // a developer tool: stop on bad input

use std::time::{Duration, Instant};

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::{Method, Request, StatusCode};
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;

const ISSUER: &str = "https://ehr.test.example";
const PATH: &str = "/cds-services/edx-coverage-order-sign";

struct Args {
    clients: usize,
    requests: usize,
    warmup: usize,
    auth: bool,
    url: Option<String>,
    aud_base: Option<String>,
}

fn parse_args() -> Args {
    let mut a = Args {
        clients: 8,
        requests: 20_000,
        warmup: 2_000,
        auth: false,
        url: None,
        aud_base: None,
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let mut value = || it.next().unwrap_or_else(|| panic!("{flag} needs a value"));
        match flag.as_str() {
            "--clients" => a.clients = value().parse().expect("--clients N"),
            "--requests" => a.requests = value().parse().expect("--requests N"),
            "--warmup" => a.warmup = value().parse().expect("--warmup N"),
            "--auth" => a.auth = true,
            "--url" => a.url = Some(value()),
            "--aud-base" => a.aud_base = Some(value()),
            other => panic!("unknown flag {other} (see the source's doc comment)"),
        }
    }
    a
}

fn main() {
    let args = parse_args();
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let body = Bytes::from(
        std::fs::read(dir.join("examples/requests/order-sign-emg-r25.2.json")).unwrap(),
    );

    // The service, unless one is given.
    let server_rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let (base, _stop) = match &args.url {
        Some(url) => (url.trim_end_matches('/').to_owned(), None),
        None => {
            let jwks = dir.join("tests/keys/jwks.json");
            let mut argv = vec![
                "edx-coverage-cds".to_owned(),
                "--listen".to_owned(),
                "127.0.0.1:0".to_owned(),
            ];
            if args.auth {
                argv.extend([
                    "--jwks".to_owned(),
                    jwks.display().to_string(),
                    "--trusted-issuer".to_owned(),
                    ISSUER.to_owned(),
                ]);
            } else {
                argv.push("--insecure-no-auth".to_owned());
            }
            argv.extend(["--max-concurrent-requests".to_owned(), "1024".to_owned()]);
            let config = <edx_coverage_cds::Config as clap::Parser>::parse_from(argv);
            let server = edx_coverage_cds::Server::start(&config).unwrap();
            let listener = server_rt
                .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
                .unwrap();
            let base = format!("http://{}", listener.local_addr().unwrap());
            let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
            server_rt.spawn(server.run(listener, async move {
                let _ = stopped.await;
            }));
            (base, Some(stop))
        }
    };
    let url = format!("{base}{PATH}");
    let aud = format!(
        "{}{PATH}",
        args.aud_base
            .as_deref()
            .unwrap_or(&base)
            .trim_end_matches('/')
    );

    // Tokens, one per request, signed up front.
    let total = args.warmup + args.requests;
    let tokens: Vec<Option<String>> = if args.auth {
        let t0 = Instant::now();
        let tokens = sign_tokens(&dir.join("tests/keys/rs384-a.pem"), &aud, total);
        eprintln!(
            "signed {total} RS384 tokens in {:.1} s (not measured)",
            t0.elapsed().as_secs_f64()
        );
        tokens.into_iter().map(Some).collect()
    } else {
        vec![None; total]
    };

    let client_rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let report = client_rt.block_on(async {
        let client: Client<_, Full<Bytes>> = Client::builder(TokioExecutor::new()).build_http();
        // warm-up: connections, caches
        let (warm, measured) = tokens.split_at(args.warmup);
        run(&client, &url, &body, warm.to_vec(), args.clients).await;
        let t0 = Instant::now();
        let latencies = run(&client, &url, &body, measured.to_vec(), args.clients).await;
        (t0.elapsed(), latencies)
    });
    let (elapsed, mut lat) = report;
    lat.sort_unstable();
    let pct = |p: f64| {
        lat[((lat.len() as f64 * p).ceil() as usize)
            .saturating_sub(1)
            .min(lat.len() - 1)]
    };
    println!(
        "auth={} clients={} requests={} elapsed={:.2}s rps={:.0} p50={:.2}ms p99={:.2}ms max={:.2}ms",
        if args.auth { "RS384" } else { "off" },
        args.clients,
        lat.len(),
        elapsed.as_secs_f64(),
        lat.len() as f64 / elapsed.as_secs_f64(),
        pct(0.50).as_secs_f64() * 1e3,
        pct(0.99).as_secs_f64() * 1e3,
        lat[lat.len() - 1].as_secs_f64() * 1e3,
    );
}

/// Sends every request (one per token) from `clients` closed-loop clients; every answer must
/// be a 200 with cards. Returns each request's latency.
async fn run(
    client: &Client<hyper_util::client::legacy::connect::HttpConnector, Full<Bytes>>,
    url: &str,
    body: &Bytes,
    tokens: Vec<Option<String>>,
    clients: usize,
) -> Vec<Duration> {
    let queue = std::sync::Arc::new(std::sync::Mutex::new(tokens.into_iter()));
    let mut tasks = Vec::new();
    for _ in 0..clients {
        let (client, url, body, queue) =
            (client.clone(), url.to_owned(), body.clone(), queue.clone());
        tasks.push(tokio::spawn(async move {
            let mut lat = Vec::new();
            loop {
                let Some(token) = queue.lock().unwrap().next() else {
                    break;
                };
                let mut req = Request::builder()
                    .method(Method::POST)
                    .uri(&url)
                    .header("content-type", "application/json");
                if let Some(t) = token {
                    req = req.header("authorization", format!("Bearer {t}"));
                }
                let req = req.body(Full::new(body.clone())).unwrap();
                let t0 = Instant::now();
                let res = client.request(req).await.expect("request failed");
                let status = res.status();
                let bytes = res.into_body().collect().await.unwrap().to_bytes();
                lat.push(t0.elapsed());
                assert_eq!(
                    status,
                    StatusCode::OK,
                    "{}",
                    String::from_utf8_lossy(&bytes)
                );
                assert!(
                    bytes.starts_with(b"{\"cards\""),
                    "{}",
                    String::from_utf8_lossy(&bytes)
                );
            }
            lat
        }));
    }
    let mut all = Vec::new();
    for t in tasks {
        all.extend(t.await.unwrap());
    }
    all
}

/// `n` RS384 tokens for `aud`, each with its own `jti`, signed on every core.
fn sign_tokens(pem: &std::path::Path, aud: &str, n: usize) -> Vec<String> {
    edx_coverage_cds::auth::install_crypto();
    let key = jsonwebtoken::EncodingKey::from_rsa_pem(&std::fs::read(pem).unwrap()).unwrap();
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get());
    let chunks: Vec<Vec<String>> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..threads)
            .map(|t| {
                let key = &key;
                s.spawn(move || {
                    (0..n)
                        .filter(|i| i % threads == t)
                        .map(|i| {
                            let mut header = jsonwebtoken::Header::new(jsonwebtoken::Algorithm::RS384);
                            header.kid = Some("test-rs384".to_owned());
                            header.typ = Some("JWT".to_owned());
                            let claims = serde_json::json!({
                                "iss": ISSUER, "aud": aud, "iat": now, "exp": now + 300, "jti": format!("load-{now}-{i}"),
                            });
                            jsonwebtoken::encode(&header, &claims, key).unwrap()
                        })
                        .collect()
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    chunks.into_iter().flatten().collect()
}
