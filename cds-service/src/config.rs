//! The command line and environment: every setting of the service, with `--help` text.
//!
//! Each flag has an environment variable of the same meaning (`EDX_CDS_*`); a flag given on
//! the command line wins over the variable.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use clap::{Parser, ValueEnum};
use edx_coverage_fhir::crd::CrdVersion;

/// A stateless CDS Hooks service that answers Da Vinci CRD order-sign and order-select calls
/// for nerve conduction studies and needle EMG ordered for muscle cramps and spasms.
///
/// Every call is answered from the request alone (context and prefetch); the service keeps no
/// state besides a replay cache of token ids and, when enabled, an append-only feedback file.
/// Run as many copies as you need behind a load balancer (see the README).
#[derive(Debug, Clone, Parser)]
#[command(name = "edx-coverage-cds", version, about, long_about)]
pub struct Config {
    /// Address and port to listen on (HTTP/1.1, plain text: put TLS in front, e.g. at the load
    /// balancer).
    #[arg(long, env = "EDX_CDS_LISTEN", default_value = "127.0.0.1:8080")]
    pub listen: SocketAddr,

    /// The public base URL clients use to reach this service, without `/cds-services`
    /// (e.g. `https://cds.example.org`). A token's `aud` must equal this base followed by the
    /// path called (`https://cds.example.org/cds-services/edx-coverage-order-sign`). Default:
    /// `http://<listen>`.
    #[arg(long, env = "EDX_CDS_PUBLIC_URL", value_name = "URL")]
    pub public_url: Option<String>,

    /// The JWK Set (a JSON file, `{"keys":[...]}`) holding the public keys of the CDS clients
    /// allowed to call. Only RSA (RS384) and EC P-384 (ES384) keys are used; every key needs
    /// a `kid`. Required unless --insecure-no-auth.
    #[arg(long, env = "EDX_CDS_JWKS", value_name = "FILE")]
    pub jwks: Option<PathBuf>,

    /// A token issuer (`iss`) allowed to call; repeat the flag, or separate with commas in the
    /// variable. Required unless --insecure-no-auth.
    #[arg(
        long = "trusted-issuer",
        env = "EDX_CDS_TRUSTED_ISSUERS",
        value_name = "ISS",
        value_delimiter = ','
    )]
    pub trusted_issuers: Vec<String>,

    /// Clock skew allowed when checking a token's `exp` and `iat`, in seconds.
    #[arg(
        long,
        env = "EDX_CDS_CLOCK_SKEW_SECS",
        default_value_t = 30,
        value_name = "SECS"
    )]
    pub clock_skew_secs: u64,

    /// The longest a token may still be valid when it arrives (`exp` minus now), in seconds.
    /// CDS Hooks asks clients for about five minutes; this bounds the replay cache.
    #[arg(
        long,
        env = "EDX_CDS_MAX_TOKEN_LIFETIME_SECS",
        default_value_t = 600,
        value_name = "SECS"
    )]
    pub max_token_lifetime_secs: u64,

    /// How many unexpired token ids (`jti`) the replay cache holds. When it is full of
    /// unexpired ids, calls are refused with 503 rather than risk a replay.
    #[arg(
        long,
        env = "EDX_CDS_REPLAY_CACHE_SIZE",
        default_value_t = 1_000_000,
        value_name = "N"
    )]
    pub replay_cache_size: usize,

    /// Turn authentication OFF: accept calls without a token. For local trials only; the
    /// service logs a warning at start and the discovery document is unchanged.
    #[arg(long, env = "EDX_CDS_INSECURE_NO_AUTH")]
    pub insecure_no_auth: bool,

    /// The payer policy: a JSON file in the crate's wire format (e.g. `{"min_trial_days":
    /// 28}`). Read and checked at start; a bad file stops the start. Default: the strict
    /// policy.
    #[arg(long, env = "EDX_CDS_POLICY", value_name = "FILE")]
    pub policy: Option<PathBuf>,

    /// The Da Vinci CRD release the coverage information follows.
    #[arg(long, env = "EDX_CDS_CRD_VERSION", default_value_t = CrdVersion::V2_2, value_name = "2.1|2.2")]
    pub crd_version: CrdVersion,

    /// Where to append feedback (one JSON line per entry, flushed to disk before the reply).
    /// Without it, the feedback endpoints answer 404. Give each replica its own file.
    #[arg(long, env = "EDX_CDS_FEEDBACK_FILE", value_name = "FILE")]
    pub feedback_file: Option<PathBuf>,

    /// The largest request body accepted, in bytes; larger bodies get 413.
    #[arg(long, env = "EDX_CDS_MAX_BODY_BYTES", default_value_t = 1024 * 1024, value_name = "BYTES")]
    pub max_body_bytes: usize,

    /// The longest a request may take, from the first byte of its body to the reply, in
    /// milliseconds (waiting for a free slot included); beyond it the reply is 503.
    #[arg(
        long,
        env = "EDX_CDS_REQUEST_TIMEOUT_MS",
        default_value_t = 10_000,
        value_name = "MS"
    )]
    pub request_timeout_ms: u64,

    /// How many requests are handled at once; the others wait (within the timeout).
    #[arg(
        long,
        env = "EDX_CDS_MAX_CONCURRENT_REQUESTS",
        default_value_t = 256,
        value_name = "N"
    )]
    pub max_concurrent_requests: usize,

    /// On SIGTERM or Ctrl-C, how long to let requests in flight finish before exiting anyway,
    /// in seconds. New connections are refused at once.
    #[arg(
        long,
        env = "EDX_CDS_SHUTDOWN_GRACE_SECS",
        default_value_t = 30,
        value_name = "SECS"
    )]
    pub shutdown_grace_secs: u64,

    /// A browser origin allowed to call the service with CORS (`https://ehr.example.org`:
    /// scheme, host and optional port, no path); repeat the flag, or separate with commas in
    /// the variable. Default: none (no CORS headers; browsers block cross-origin calls). `*`
    /// allows every origin and is refused unless --insecure-no-auth.
    #[arg(
        long = "cors-origin",
        env = "EDX_CDS_CORS_ORIGINS",
        value_name = "ORIGIN",
        value_delimiter = ','
    )]
    pub cors_origins: Vec<String>,

    /// Do not serve `/metrics` at all.
    #[arg(long, env = "EDX_CDS_NO_METRICS", conflicts_with = "metrics_listen")]
    pub no_metrics: bool,

    /// Serve `/metrics` (Prometheus text) on this address instead of the main one (e.g. an
    /// address only the monitoring network reaches); the main address then answers 404 there.
    #[arg(long, env = "EDX_CDS_METRICS_LISTEN", value_name = "ADDR")]
    pub metrics_listen: Option<SocketAddr>,

    /// Serve the coverage-check page at `/` (plain HTML, CSS and JavaScript embedded in the
    /// binary; it calls the JSON API). Off by default: `/` answers 404.
    #[arg(long, env = "EDX_CDS_UI")]
    pub ui: bool,

    /// Log format: one JSON object per line, or `key=value` text.
    #[arg(long, env = "EDX_CDS_LOG_FORMAT", value_enum, default_value_t = LogFormat::Json)]
    pub log_format: LogFormat,

    /// The most detailed log level written (error, warn, info, debug, trace). Request lines
    /// are `info`; reasons a token was refused are `info` too (never the token itself).
    #[arg(
        long,
        env = "EDX_CDS_LOG_LEVEL",
        default_value = "info",
        value_name = "LEVEL"
    )]
    pub log_level: tracing::Level,
}

/// `--log-format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LogFormat {
    /// One JSON object per line.
    Json,
    /// `key=value` text lines.
    Text,
}

impl Config {
    /// The settings for a local trial: loopback, no authentication, defaults elsewhere.
    #[must_use]
    pub fn insecure_local() -> Config {
        Config::parse_from([
            "edx-coverage-cds",
            "--listen",
            "127.0.0.1:0",
            "--insecure-no-auth",
        ])
    }

    /// The request timeout.
    #[must_use]
    pub fn request_timeout(&self) -> Duration {
        Duration::from_millis(self.request_timeout_ms)
    }

    /// The shutdown grace period.
    #[must_use]
    pub fn shutdown_grace(&self) -> Duration {
        Duration::from_secs(self.shutdown_grace_secs)
    }
}
