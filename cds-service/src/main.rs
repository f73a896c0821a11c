//! `edx-coverage-cds`: parse the configuration, start, serve until SIGTERM or Ctrl-C.

#![forbid(unsafe_code)]

use std::process::ExitCode;

use clap::Parser;
use edx_coverage_cds::{logging, Config, Server};

fn main() -> ExitCode {
    let config = Config::parse();
    logging::init(config.log_format, config.log_level);
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => return fail(&format!("cannot start the async runtime: {e}")),
    };
    runtime.block_on(async {
        let server = match Server::start(&config) {
            Ok(server) => server,
            Err(message) => return fail(&message),
        };
        let shutdown = shutdown_signal();
        let listener = match tokio::net::TcpListener::bind(config.listen).await {
            Ok(l) => l,
            Err(e) => return fail(&format!("cannot listen on {}: {e}", config.listen)),
        };
        match server.run(listener, shutdown).await {
            Ok(()) => ExitCode::SUCCESS,
            Err(message) => fail(&message),
        }
    })
}

fn fail(message: &str) -> ExitCode {
    tracing::error!(%message, "cannot start");
    eprintln!("edx-coverage-cds: error: {message}");
    ExitCode::from(2)
}

/// Installs the SIGTERM and Ctrl-C (SIGINT) handlers now (so that a signal arriving right
/// after start is not lost) and returns a future that completes on the first of them.
fn shutdown_signal() -> impl std::future::Future<Output = ()> + Send + 'static {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        let term = signal(SignalKind::terminate());
        let int = signal(SignalKind::interrupt());
        async move {
            match (term, int) {
                (Ok(mut term), Ok(mut int)) => tokio::select! {
                    _ = term.recv() => tracing::info!(signal = "SIGTERM", "shutdown requested"),
                    _ = int.recv() => tracing::info!(signal = "SIGINT", "shutdown requested"),
                },
                _ => {
                    tracing::warn!("cannot install signal handlers; stop with SIGKILL");
                    std::future::pending::<()>().await;
                }
            }
        }
    }
    #[cfg(not(unix))]
    async {
        let _ = tokio::signal::ctrl_c().await;
        tracing::info!(signal = "Ctrl-C", "shutdown requested");
    }
}
