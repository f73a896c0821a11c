//! Shared test helpers: a server on an ephemeral loopback port, a real HTTP client (hyper's)
//! over TCP, and token minting with the test-only keys in `tests/keys/`.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::time::Duration;

use bytes::Bytes;
use edx_coverage_cds::{Config, Server};
use http_body_util::{BodyExt, Full};
use hyper::header::{HeaderMap, HeaderName, HeaderValue};
use hyper::{Method, Request, StatusCode};
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;
use serde_json::Value;

/// The issuer the tests trust.
pub const ISSUER: &str = "https://ehr.test.example";

/// The service's crate directory.
pub fn crate_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A file under `tests/keys/`.
pub fn key_path(name: &str) -> PathBuf {
    crate_dir().join("tests/keys").join(name)
}

/// The bundled example request.
pub fn example_request() -> String {
    std::fs::read_to_string(crate_dir().join("examples/requests/order-sign-emg-r25.2.json"))
        .unwrap()
}

/// A fresh path in the temp dir (nothing there yet).
pub fn temp_path(name: &str) -> PathBuf {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static N: AtomicUsize = AtomicUsize::new(0);
    let n = N.fetch_add(1, Ordering::Relaxed);
    let p = std::env::temp_dir().join(format!("edx-cds-test-{}-{n}-{name}", std::process::id()));
    let _ = std::fs::remove_file(&p);
    p
}

/// A running in-process server.
pub struct TestServer {
    pub base: String,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    task: Option<tokio::task::JoinHandle<Result<(), String>>>,
}

impl TestServer {
    /// Starts a server with these flags (after the program name), on 127.0.0.1:0.
    pub async fn start(args: &[&str]) -> TestServer {
        let mut argv = vec!["edx-coverage-cds", "--listen", "127.0.0.1:0"];
        argv.extend_from_slice(args);
        let config = <Config as clap::Parser>::try_parse_from(&argv).unwrap();
        let server = Server::start(&config).unwrap();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let task = tokio::spawn(server.run(listener, async move {
            let _ = stopped.await;
        }));
        TestServer {
            base,
            stop: Some(stop),
            task: Some(task),
        }
    }

    /// An insecure server with defaults.
    pub async fn insecure(extra: &[&str]) -> TestServer {
        let mut args = vec!["--insecure-no-auth"];
        args.extend_from_slice(extra);
        TestServer::start(&args).await
    }

    /// A server with authentication on (the test JWK Set and issuer).
    pub async fn secure(extra: &[&str]) -> TestServer {
        let jwks = key_path("jwks.json");
        let jwks = jwks.to_str().unwrap().to_owned();
        let mut args = vec!["--jwks", jwks.as_str(), "--trusted-issuer", ISSUER];
        args.extend_from_slice(extra);
        // `args` borrows `jwks`; start before it goes.
        TestServer::start(&args).await
    }

    /// The URL of `path`.
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    /// Graceful stop; waits for the server to finish.
    pub async fn stop(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(task) = self.task.take() {
            task.await.unwrap().unwrap();
        }
    }
}

/// A reply.
#[derive(Debug)]
pub struct Reply {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Bytes,
}

impl Reply {
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {:?}", String::from_utf8_lossy(&self.body)))
    }

    /// The OperationOutcome's first issue (panics if the body is not one).
    pub fn outcome_issue(&self) -> Value {
        let v = self.json();
        assert_eq!(v["resourceType"], "OperationOutcome", "{v}");
        v["issue"][0].clone()
    }

    pub fn content_type(&self) -> Option<&str> {
        self.headers
            .get("content-type")
            .and_then(|v| v.to_str().ok())
    }
}

/// A real HTTP/1.1 client over TCP (keep-alive pool).
#[derive(Clone)]
pub struct Http {
    client: Client<HttpConnector, Full<Bytes>>,
}

impl Default for Http {
    fn default() -> Self {
        Http::new()
    }
}

impl Http {
    pub fn new() -> Http {
        let client = Client::builder(TokioExecutor::new())
            .pool_idle_timeout(Duration::from_secs(30))
            .build_http();
        Http { client }
    }

    pub async fn send(
        &self,
        method: Method,
        url: &str,
        headers: &[(&str, &str)],
        body: impl Into<Bytes>,
    ) -> Result<Reply, hyper_util::client::legacy::Error> {
        let mut req = Request::builder().method(method).uri(url);
        for (k, v) in headers {
            req = req.header(
                HeaderName::from_bytes(k.as_bytes()).unwrap(),
                HeaderValue::from_str(v).unwrap(),
            );
        }
        let req = req.body(Full::new(body.into())).unwrap();
        let res = self.client.request(req).await?;
        let status = res.status();
        let headers = res.headers().clone();
        let body = res
            .into_body()
            .collect()
            .await
            .map(|c| c.to_bytes())
            .unwrap_or_default();
        Ok(Reply {
            status,
            headers,
            body,
        })
    }

    pub async fn get(&self, url: &str) -> Reply {
        self.send(Method::GET, url, &[], Bytes::new())
            .await
            .unwrap()
    }

    /// POST JSON with an optional bearer token.
    pub async fn post_json(&self, url: &str, token: Option<&str>, body: impl Into<Bytes>) -> Reply {
        let auth = token.map(|t| format!("Bearer {t}"));
        let mut headers = vec![("content-type", "application/json")];
        if let Some(a) = &auth {
            headers.push(("authorization", a.as_str()));
        }
        self.send(Method::POST, url, &headers, body).await.unwrap()
    }
}

/// Seconds since the epoch.
pub fn now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

/// Signs a token with a PEM key.
pub fn sign(alg: jsonwebtoken::Algorithm, kid: Option<&str>, pem: &Path, claims: &Value) -> String {
    edx_coverage_cds::auth::install_crypto();
    let pem = std::fs::read(pem).unwrap();
    let key = match alg {
        jsonwebtoken::Algorithm::ES384 => jsonwebtoken::EncodingKey::from_ec_pem(&pem).unwrap(),
        _ => jsonwebtoken::EncodingKey::from_rsa_pem(&pem).unwrap(),
    };
    let mut header = jsonwebtoken::Header::new(alg);
    header.kid = kid.map(str::to_owned);
    header.typ = Some("JWT".to_owned());
    jsonwebtoken::encode(&header, claims, &key).unwrap()
}

/// Standard claims for a call to `aud`, with a unique jti.
pub fn claims(aud: &str) -> Value {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static N: AtomicUsize = AtomicUsize::new(0);
    let n = N.fetch_add(1, Ordering::Relaxed);
    let now = now();
    serde_json::json!({
        "iss": ISSUER,
        "aud": aud,
        "iat": now,
        "exp": now + 300,
        "jti": format!("test-{}-{n}", std::process::id()),
    })
}

/// A valid RS384 token for `aud`.
pub fn rs384_token(aud: &str) -> String {
    sign(
        jsonwebtoken::Algorithm::RS384,
        Some("test-rs384"),
        &key_path("rs384-a.pem"),
        &claims(aud),
    )
}

/// The library's answer to `request`, as the service should give it.
pub fn library_answer(request: &str) -> (u16, Value) {
    use edx_coverage_fhir::cds_hooks::{answer, Options};
    let today = edx_coverage_cds::clock::today_utc();
    match answer(
        request,
        &edx_coverage::Policy::default(),
        &Options::default().with_date(&today),
    ) {
        Ok(a) => (200, a.to_value()),
        Err(e) => (e.status(), e.operation_outcome()),
    }
}

/// Sends `body` chunked (no Content-Length) over a raw socket; returns the raw reply.
pub async fn send_chunked(base: &str, path: &str, body: &[u8]) -> String {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let addr = base.trim_start_matches("http://");
    let mut sock = tokio::net::TcpStream::connect(addr).await.unwrap();
    let head = format!(
        "POST {path} HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
    );
    sock.write_all(head.as_bytes()).await.unwrap();
    for chunk in body.chunks(1000) {
        let _ = sock
            .write_all(format!("{:x}\r\n", chunk.len()).as_bytes())
            .await;
        let _ = sock.write_all(chunk).await;
        let _ = sock.write_all(b"\r\n").await;
    }
    let _ = sock.write_all(b"0\r\n\r\n").await;
    let mut out = Vec::new();
    let _ = sock.read_to_end(&mut out).await;
    String::from_utf8_lossy(&out).into_owned()
}

/// Declares a 100-byte body, sends 10 bytes and stalls; returns the raw reply.
pub async fn send_stalled(base: String, path: String) -> String {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let addr = base.trim_start_matches("http://").to_owned();
    let mut sock = tokio::net::TcpStream::connect(&addr).await.unwrap();
    let head = format!(
        "POST {path} HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\nContent-Length: 100\r\nConnection: close\r\n\r\n{{\"hook\":\"o"
    );
    sock.write_all(head.as_bytes()).await.unwrap();
    let mut out = Vec::new();
    let _ = tokio::time::timeout(Duration::from_secs(10), sock.read_to_end(&mut out)).await;
    String::from_utf8_lossy(&out).into_owned()
}

impl Http {
    /// POST JSON; a connection-level failure comes back as its message.
    pub async fn post_json_checked(&self, url: &str, body: &str) -> Result<Reply, String> {
        self.send(
            Method::POST,
            url,
            &[("content-type", "application/json")],
            body.to_owned(),
        )
        .await
        .map_err(|e| format!("{e:?}"))
    }
}
