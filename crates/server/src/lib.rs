//! `detente serve`: a local web app over the same analysis as the CLI.
//!
//! The JSON API returns exactly what `--format json` prints, so the page,
//! the report and the terminal cannot disagree.
//!
//! | route | does |
//! |---|---|
//! | `GET /` | the page |
//! | `GET /api/scenario` | the scenario text, its version and what the page can edit |
//! | `POST /api/analyze` `{text}` | every lens on that text (422 with diagnostics if invalid) |
//! | `POST /api/edit` `{text, edits}` | the text with the edits applied, everything else as written |
//! | `PUT /api/scenario` `{version, text}` | saves atomically, keeping the previous file as `*.prev`; 409 if the file changed since `version` |
//! | `POST /api/report` `{text}` | the HTML report of that text, as `detente report` writes it |
//! | `GET /api/stats` | what the server has done: analyses, cache hits, refusals |
//!
//! Requests are limited to [`MAX_BODY`] bytes, [`HEADER_TIMEOUT`] to send
//! their headers and [`MAX_CONNECTIONS`] connections at once, and analyses
//! to [`MAX_ANALYSIS`]; bad input gets the same diagnostics as the CLI, never
//! a crash.
//!
//! Modules: [`routes`](crate::router) parse requests and answer; `queue`
//! decides when and where analyses run; `state` holds the scenario, the
//! caches and the counters; `host` keeps the app to this machine.

pub mod cache;
mod host;
mod queue;
mod routes;
mod state;

use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::Duration;

pub use host::loopback_host;
pub use routes::router;
pub use state::{APP_RUNS, AppState, CACHED_FORECASTS, CACHED_RESULTS, Config};

/// Largest request body accepted.
pub const MAX_BODY: usize = 2 * 1024 * 1024;
/// Longest an analysis may take, queueing included, before the request
/// gets 503 (the default of `--timeout`).
pub const MAX_ANALYSIS: Duration = Duration::from_secs(10);
/// Analyses waiting for a core beyond this many are turned away at once
/// with 503 rather than queued.
pub const MAX_QUEUE: usize = 256;
/// Connections held at once; one more is closed as soon as it is accepted.
pub const MAX_CONNECTIONS: usize = 256;
/// Time a connection has to send a request's headers before it is closed.
pub const HEADER_TIMEOUT: Duration = Duration::from_secs(10);

/// A version token for a text: FNV-1a, hex.
pub fn version(text: &str) -> String {
    format!("{:016x}", cache::fnv(text))
}

/// The page: plain HTML, CSS and script, no external resources.
pub const PAGE: &str = include_str!("page.html");

/// Serves `state` on `addr` until interrupted (Ctrl-C); `ready` is called
/// with the bound address once listening. On a loopback address only
/// requests for `localhost` or a loopback address are answered.
pub fn run(
    addr: &str,
    state: Arc<AppState>,
    ready: impl FnOnce(std::net::SocketAddr),
) -> std::io::Result<()> {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    rt.block_on(async move {
        let listener = tokio::net::TcpListener::bind(addr).await?;
        let local = listener.local_addr()?;
        state
            .loopback_only
            .store(local.ip().is_loopback(), Ordering::Relaxed);
        ready(local);
        // The first page load should not wait for the geometry lens: analyse
        // the scenario as it is on disk while the browser opens.
        let warm = state.clone();
        tokio::spawn(async move {
            let text = warm.text.lock().await.clone();
            queue::run_analysis(&warm, text).await;
        });
        serve(listener, router(state)).await;
        Ok(())
    })
}

/// Accepts connections until Ctrl-C: at most [`MAX_CONNECTIONS`] at once
/// (one more is closed at once), each with [`HEADER_TIMEOUT`] to send its
/// request's headers, so that neither a flood of connections nor clients
/// that never finish a request can exhaust the app. (`axum::serve` sets
/// neither limit, hence this loop over hyper's connection builder.)
async fn serve(listener: tokio::net::TcpListener, app: axum::Router) {
    let connections = Arc::new(tokio::sync::Semaphore::new(MAX_CONNECTIONS));
    let shutdown = tokio::signal::ctrl_c();
    tokio::pin!(shutdown);
    loop {
        let stream = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => stream,
                // Out of file descriptors, or a connection reset before it
                // was accepted: wait a moment rather than spin.
                Err(_) => {
                    tokio::time::sleep(Duration::from_millis(10)).await;
                    continue;
                }
            },
            _ = &mut shutdown => break,
        };
        let Ok(permit) = connections.clone().try_acquire_owned() else {
            drop(stream);
            continue;
        };
        let service = hyper_util::service::TowerToHyperService::new(app.clone());
        tokio::spawn(async move {
            let _permit = permit;
            let mut http = hyper::server::conn::http1::Builder::new();
            http.timer(hyper_util::rt::TokioTimer::new())
                .header_read_timeout(HEADER_TIMEOUT);
            let _ = http
                .serve_connection(hyper_util::rt::TokioIo::new(stream), service)
                .await;
        });
    }
}
