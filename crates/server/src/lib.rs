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
//! Requests are limited to [`MAX_BODY`] bytes and analyses to
//! [`MAX_ANALYSIS`]; bad input gets the same diagnostics as the CLI, never
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
        axum::serve(listener, router(state))
            .with_graceful_shutdown(async {
                let _ = tokio::signal::ctrl_c().await;
            })
            .await
    })
}
