//! # edx-coverage-cds
//!
//! A stateless CDS Hooks service around [`edx_coverage_fhir::cds_hooks`]: discovery, the
//! `order-sign` and `order-select` services (Da Vinci CRD coverage information), feedback to
//! an append-only file, bearer-JWT authentication, request limits, structured logs and a
//! graceful shutdown. The binary (`src/main.rs`) only parses the configuration and calls
//! [`Server::start`] then [`Server::run`]; tests do the same on an ephemeral loopback port.
//!
//! ```no_run
//! # async fn demo() -> Result<(), String> {
//! use edx_coverage_cds::{Config, Server};
//!
//! let config = Config::insecure_local();
//! let server = Server::start(&config)?;
//! let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.map_err(|e| e.to_string())?;
//! server.run(listener, async { let _ = tokio::signal::ctrl_c().await; }).await
//! # }
//! ```

#![forbid(unsafe_code)]

pub mod api;
pub mod auth;
pub mod clock;
pub mod config;
pub mod cors;
pub mod discovery;
pub mod envelope;
pub mod feedback;
pub mod logging;
pub mod metrics;
pub mod openapi;
pub mod problem;
mod request;
mod routes;
pub mod schemas;
pub mod ui;

use std::future::{Future, IntoFuture};
use std::sync::Arc;
use std::time::Duration;

use axum::extract::{Request, State};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::Router;
use edx_coverage::Policy;
use edx_coverage_fhir::cds_hooks::Options;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;

pub use config::Config;

use auth::{AuthSettings, Verifier};
use feedback::FeedbackLog;
use logging::InFlight;
use problem::Problem;

/// Everything a request needs, shared by all requests; built once at start.
#[derive(Debug)]
pub struct AppState {
    policy: Policy,
    options: Options,
    verifier: Option<Verifier>,
    /// Set by [`Server::run`] from the configuration or the bound address.
    public_base: String,
    feedback: Option<FeedbackLog>,
    max_body_bytes: usize,
    request_timeout: Duration,
    slots: Semaphore,
    discovery: String,
    /// `/openapi.json`, generated at start.
    openapi: String,
    in_flight: InFlight,
    cors: Option<tower_http::cors::CorsLayer>,
    /// `None` with `--no-metrics`.
    metrics: Option<metrics::Metrics>,
    /// Whether `/metrics` is served at the main address (on, and no `--metrics-listen`).
    metrics_here: bool,
    /// `--ui`: serve the coverage-check page.
    ui: bool,
}

/// A configured service, ready to run on a listener.
#[derive(Debug)]
pub struct Server {
    config: Config,
    policy: Policy,
    verifier: Option<Verifier>,
    feedback: Option<FeedbackLog>,
    cors: Option<tower_http::cors::CorsLayer>,
}

impl Server {
    /// Reads and checks everything the configuration names (policy, JWK Set, feedback file).
    ///
    /// # Errors
    /// A message for the operator naming the file or flag at fault.
    pub fn start(config: &Config) -> Result<Server, String> {
        let policy = match &config.policy {
            None => Policy::default(),
            Some(path) => {
                let text = std::fs::read_to_string(path)
                    .map_err(|e| format!("policy file {}: cannot read: {e}", path.display()))?;
                edx_coverage::json::parse_policy(&text)
                    .map_err(|e| format!("policy file {}: {e}", path.display()))?
            }
        };
        let verifier = if config.insecure_no_auth {
            None
        } else {
            let jwks = config.jwks.as_ref().ok_or(
                "authentication is on: give --jwks <FILE> and --trusted-issuer <ISS> \
                 (or --insecure-no-auth for a local trial)",
            )?;
            let settings = AuthSettings {
                trusted_issuers: config.trusted_issuers.clone(),
                clock_skew_secs: config.clock_skew_secs,
                max_token_lifetime_secs: config.max_token_lifetime_secs,
                replay_cache_size: config.replay_cache_size,
            };
            Some(Verifier::from_jwks_file(jwks, settings)?)
        };
        if let Some(url) = &config.public_url {
            check_public_url(url)?;
        }
        let cors = cors::layer(&config.cors_origins, config.insecure_no_auth)?;
        if config.max_concurrent_requests == 0 {
            return Err("--max-concurrent-requests must be at least 1".to_owned());
        }
        let feedback = match &config.feedback_file {
            None => None,
            Some(path) => {
                let (log, recovered) = FeedbackLog::open(path)
                    .map_err(|e| format!("feedback file {}: {e}", path.display()))?;
                if recovered.cut_bytes > 0 {
                    tracing::warn!(
                        cut_bytes = recovered.cut_bytes,
                        "feedback file ended in a partial line (a crash mid-write, never \
                         acknowledged); it was cut off"
                    );
                }
                Some(log)
            }
        };
        Ok(Server {
            config: config.clone(),
            policy,
            verifier,
            feedback,
            cors,
        })
    }

    /// Serves on `listener` until `shutdown` completes, then stops taking connections,
    /// lets requests in flight finish (within the grace period) and closes the feedback
    /// file with every accepted entry on disk.
    ///
    /// # Errors
    /// The listener fails.
    pub async fn run(
        self,
        listener: TcpListener,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> Result<(), String> {
        let metrics_listener = match self.config.metrics_listen {
            None => None,
            Some(addr) if self.config.no_metrics => {
                return Err(format!(
                    "--metrics-listen {addr} and --no-metrics: choose one"
                ));
            }
            Some(addr) => Some(
                TcpListener::bind(addr)
                    .await
                    .map_err(|e| format!("--metrics-listen {addr}: cannot listen: {e}"))?,
            ),
        };
        self.run_with_metrics_listener(listener, metrics_listener, shutdown)
            .await
    }

    /// As [`Server::run`], with `/metrics` served on `metrics_listener` instead of the main
    /// listener when it is given (what `--metrics-listen` does; tests pass an ephemeral port).
    ///
    /// # Errors
    /// A listener fails.
    pub async fn run_with_metrics_listener(
        self,
        listener: TcpListener,
        metrics_listener: Option<TcpListener>,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> Result<(), String> {
        let local = listener.local_addr().map_err(|e| e.to_string())?;
        let public_base = self
            .config
            .public_url
            .clone()
            .unwrap_or_else(|| format!("http://{local}"))
            .trim_end_matches('/')
            .to_owned();
        let crd_version = self.config.crd_version;
        let state = Arc::new(AppState {
            policy: self.policy,
            options: Options::default().with_crd_version(crd_version),
            verifier: self.verifier,
            public_base,
            feedback: self.feedback,
            max_body_bytes: self.config.max_body_bytes,
            request_timeout: self.config.request_timeout(),
            slots: Semaphore::new(self.config.max_concurrent_requests),
            discovery: discovery::document().to_string(),
            openapi: openapi::document(!self.config.insecure_no_auth),
            in_flight: InFlight::default(),
            cors: self.cors,
            metrics: (!self.config.no_metrics).then(metrics::Metrics::new),
            metrics_here: !self.config.no_metrics && metrics_listener.is_none(),
            ui: self.config.ui,
        });
        announce(&self.config, &state, local);

        let app = app(Arc::clone(&state));
        let (stop_tx, stop_rx) = tokio::sync::watch::channel(false);
        tokio::spawn(async move {
            shutdown.await;
            let _ = stop_tx.send(true);
        });
        if let (Some(metrics_listener), Some(_)) = (metrics_listener, &state.metrics) {
            let metrics_app = Router::new()
                .route("/metrics", axum::routing::get(metrics::scrape))
                .with_state(Arc::clone(&state));
            if let Ok(addr) = metrics_listener.local_addr() {
                tracing::info!(metrics_listen = %addr, "serving /metrics on its own address");
            }
            let mut stop = stop_rx.clone();
            tokio::spawn(async move {
                let served = axum::serve(metrics_listener, metrics_app)
                    .with_graceful_shutdown(async move {
                        if stop.wait_for(|stop| *stop).await.is_err() {
                            std::future::pending::<()>().await;
                        }
                    })
                    .await;
                if let Err(e) = served {
                    tracing::error!(error = %e, "the metrics listener failed");
                }
            });
        }
        let mut graceful = stop_rx.clone();
        // (`wait_for` fails only if the signal task is gone without signalling: keep serving.)
        let serve = axum::serve(listener, app).with_graceful_shutdown(async move {
            if graceful.wait_for(|stop| *stop).await.is_err() {
                std::future::pending::<()>().await;
            }
        });
        let mut deadline = stop_rx;
        let grace = self.config.shutdown_grace();
        let in_flight_state = Arc::clone(&state);
        let result = tokio::select! {
            r = serve.into_future() => r.map_err(|e| e.to_string()),
            () = async move {
                if deadline.wait_for(|stop| *stop).await.is_err() {
                    std::future::pending::<()>().await;
                }
                tracing::info!(
                    in_flight = in_flight_state.in_flight.get(),
                    grace_secs = grace.as_secs(),
                    "shutting down: no new connections; finishing requests in flight"
                );
                tokio::time::sleep(grace).await;
            } => {
                tracing::warn!(
                    in_flight = state.in_flight.get(),
                    "grace period over: dropping the requests still in flight"
                );
                Ok(())
            }
        };
        if let Some(log) = &state.feedback {
            log.close();
        }
        tracing::info!("stopped");
        result
    }
}

fn check_public_url(url: &str) -> Result<(), String> {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .ok_or_else(|| format!("--public-url {url:?}: must start with https:// or http://"))?;
    if rest.is_empty() || rest.contains('?') || rest.contains('#') || rest.contains("/cds-services")
    {
        return Err(format!(
            "--public-url {url:?}: give the base only (scheme, host, optional path prefix), \
             without /cds-services, query or fragment"
        ));
    }
    Ok(())
}

fn announce(config: &Config, state: &AppState, local: std::net::SocketAddr) {
    match &state.verifier {
        Some(v) => tracing::info!(
            kids = %v.kids().collect::<Vec<_>>().join(","),
            issuers = %config.trusted_issuers.join(","),
            audience_base = %state.public_base,
            "authentication on: CDS Hooks bearer JWTs (RS384/ES384)"
        ),
        None => tracing::warn!(
            "AUTHENTICATION IS OFF (--insecure-no-auth): anyone who can reach this port can \
             call the services. Use it for local trials only, never with real patient data."
        ),
    }
    if config.ui && state.verifier.is_some() {
        tracing::warn!(
            "--ui with authentication on: the page's calls need a CDS Hooks token like any \
             other, so a person without one gets 401; serve the page from a copy started \
             with --insecure-no-auth on a trusted network, or behind an authenticating proxy"
        );
    }
    tracing::info!(
        listen = %local,
        public_url = %state.public_base,
        policy = %config.policy.as_ref().map_or("strict (default)".to_owned(), |p| p.display().to_string()),
        crd_version = state.options.crd_version().as_str(),
        feedback = %state.feedback.as_ref().map_or("off".to_owned(), |f| f.path().display().to_string()),
        max_body_bytes = config.max_body_bytes,
        request_timeout_ms = config.request_timeout_ms,
        max_concurrent_requests = config.max_concurrent_requests,
        ui = config.ui,
        cors_origins = %if config.cors_origins.is_empty() { "none".to_owned() } else { config.cors_origins.join(",") },
        "edx-coverage-cds listening"
    );
}

/// The whole application: routes, limits, CORS (when origins are configured) and the
/// request log. CORS sits outside the limits so that a timeout's 503 carries its headers too.
pub fn app(state: Arc<AppState>) -> Router {
    let mut router = routes::router(Arc::clone(&state))
        .layer(middleware::from_fn_with_state(Arc::clone(&state), limits));
    if let Some(cors) = state.cors.clone() {
        router = router.layer(cors);
    }
    router.layer(middleware::from_fn_with_state(state, logging::request_line))
}

/// The per-request timeout and the cap on concurrent requests (waiting counts toward the
/// timeout).
async fn limits(State(state): State<Arc<AppState>>, request: Request, next: Next) -> Response {
    let work = async {
        let Ok(_slot) = state.slots.acquire().await else {
            return Problem::unavailable("transient", "the service is stopping").into_response();
        };
        next.run(request).await
    };
    match tokio::time::timeout(state.request_timeout, work).await {
        Ok(response) => response,
        Err(_) => {
            let mut info = logging::LogInfo::new("timeout");
            info.error_path = None;
            let mut response =
                Problem::unavailable("timeout", "the request took too long; try again")
                    .into_response();
            response.extensions_mut().insert(info);
            response
        }
    }
}
