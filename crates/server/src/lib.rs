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
//!
//! Requests are limited to [`MAX_BODY`] bytes and analyses to
//! [`MAX_ANALYSIS`]; bad input gets the same diagnostics as the CLI, never
//! a crash.

pub mod cache;
pub mod edit;

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use axum::extract::{DefaultBodyLimit, State};
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use detente_analysis::geometry::{GeometryReport, read_layers};
use detente_analysis::{Options, SCHEMA_VERSION};
use detente_scenario::evidence::SourceTexts;
use serde::Deserialize;
use serde_json::json;
use tokio::sync::{Mutex, Semaphore};

use crate::cache::{Memo, Results};

/// Largest request body accepted.
pub const MAX_BODY: usize = 2 * 1024 * 1024;
/// Longest an analysis may take, queueing included, before the request
/// gets 503.
pub const MAX_ANALYSIS: Duration = Duration::from_secs(10);
/// Analyses waiting for a core beyond this many are turned away at once
/// with 503 rather than queued.
pub const MAX_QUEUE: usize = 256;
/// Monte Carlo runs per analysis in the app (fewer than `analyze`'s, to
/// answer within a second).
pub const APP_RUNS: usize = 200;
/// Analysed texts remembered, so undo, reload and save do not recompute.
pub const CACHED_RESULTS: usize = 32;

/// What the app serves.
pub struct Config {
    /// Where the scenario is saved; `None` for the built-in scenario or
    /// standard input (read-only).
    pub path: Option<PathBuf>,
    /// The name diagnostics give the file.
    pub name: String,
    /// The text as it is on disk.
    pub text: String,
    /// Directory of the source texts evidence quotes are checked against.
    pub sources: Option<PathBuf>,
    /// Where the `[geometry]` layer paths start.
    pub geo_base: PathBuf,
}

/// The served scenario and what the app remembers between requests.
pub struct AppState {
    config: Config,
    /// The text as last loaded or saved.
    text: Mutex<String>,
    /// The geometry lens of the last `[geometry]` seen: it costs more than
    /// the other lenses together and edits rarely touch it.
    geometry: Memo<Result<GeometryReport, String>>,
    /// The source texts of the last `[[sources]]` list seen.
    sources: Memo<Option<SourceTexts>>,
    results: Results,
    /// One analysis per core; the rest wait (up to [`MAX_QUEUE`]).
    cores: Arc<Semaphore>,
    waiting: AtomicUsize,
}

impl AppState {
    pub fn new(config: Config) -> AppState {
        let cores = std::thread::available_parallelism().map_or(2, usize::from);
        AppState {
            text: Mutex::new(config.text.clone()),
            config,
            geometry: Memo::default(),
            sources: Memo::default(),
            results: Results::new(CACHED_RESULTS),
            cores: Arc::new(Semaphore::new(cores)),
            waiting: AtomicUsize::new(0),
        }
    }

    /// Every lens on `text`: the answer's status and JSON body. Invalid text
    /// gives 422 with the CLI's diagnostics. Blocking; call it off the async
    /// threads.
    pub fn analyse(&self, text: &str) -> (StatusCode, Arc<str>) {
        if let Some(hit) = self.results.get(text) {
            return hit;
        }
        let answer = self.analyse_uncached(text);
        self.results.put(text, answer.clone());
        answer
    }

    fn analyse_uncached(&self, text: &str) -> (StatusCode, Arc<str>) {
        let loaded = detente_scenario::load(self.config.name.clone(), text.to_owned());
        let diagnostics: Vec<_> = loaded
            .diagnostics
            .iter()
            .map(|d| d.to_json(&loaded.file))
            .collect();
        let Some(s) = &loaded.scenario else {
            let body = json!({ "schema_version": SCHEMA_VERSION, "valid": false, "diagnostics": diagnostics });
            return (StatusCode::UNPROCESSABLE_ENTITY, body.to_string().into());
        };
        let sources = self.config.sources.as_ref().map(|dir| {
            let key = serde_json::to_string(&s.sources).unwrap_or_default();
            self.sources
                .get_or(key, || dir.is_dir().then(|| SourceTexts::load(s, dir)))
        });
        let geometry = s.geometry.as_ref().map(|g| {
            let key = serde_json::to_string(g).unwrap_or_default();
            self.geometry.get_or(key, || {
                read_layers(g, &self.config.geo_base)
                    .and_then(|t| detente_analysis::geometry::geometry(g, &t))
            })
        });
        let mut options = Options {
            sources: sources.as_deref().and_then(Option::as_ref),
            geometry_report: geometry.map(|g| (*g).clone()),
            ..Options::default()
        };
        options.forecast.runs = APP_RUNS;
        let a = detente_analysis::analyze(s, &options);
        let figures: Vec<_> = detente_report::sections(s, &a)
            .into_iter()
            .map(|(id, title, html)| json!({ "id": id, "title": title, "html": html }))
            .collect();
        let body = json!({
            "schema_version": SCHEMA_VERSION,
            "valid": true,
            "diagnostics": diagnostics,
            "scenario": s,
            "analysis": a,
            "figures": figures,
        });
        (StatusCode::OK, body.to_string().into())
    }
}

/// A version token for a text: FNV-1a, hex.
pub fn version(text: &str) -> String {
    format!("{:016x}", cache::fnv(text))
}

/// The app's routes.
pub fn router(state: Arc<AppState>) -> Router {
    Router::new()
        .route("/", get(|| async { Html(PAGE) }))
        .route(
            "/report.css",
            get(|| async { ([(header::CONTENT_TYPE, "text/css")], detente_report::CSS) }),
        )
        .route("/api/scenario", get(get_scenario).put(put_scenario))
        .route("/api/analyze", post(analyze))
        .route("/api/edit", post(edit_text))
        .layer(DefaultBodyLimit::max(MAX_BODY))
        .with_state(state)
}

fn error(status: StatusCode, message: impl Into<String>) -> Response {
    (
        status,
        Json(json!({ "schema_version": SCHEMA_VERSION, "error": message.into() })),
    )
        .into_response()
}

/// A JSON body already serialised.
fn json_body(status: StatusCode, body: Arc<str>) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "application/json")],
        body.to_string(),
    )
        .into_response()
}

/// Runs [`AppState::analyse`] on a blocking thread once a core is free,
/// within [`MAX_ANALYSIS`] from arrival; 503 when the queue is full or the
/// time is up.
async fn run_analysis(st: &Arc<AppState>, text: String) -> (StatusCode, Arc<str>) {
    if let Some(hit) = st.results.get(&text) {
        return hit;
    }
    let busy = |why: String| {
        let body = json!({ "schema_version": SCHEMA_VERSION, "error": why });
        (
            StatusCode::SERVICE_UNAVAILABLE,
            Arc::<str>::from(body.to_string()),
        )
    };
    if st.waiting.fetch_add(1, Ordering::SeqCst) >= MAX_QUEUE {
        st.waiting.fetch_sub(1, Ordering::SeqCst);
        return busy(format!(
            "{MAX_QUEUE} analyses are already waiting; try again in a moment"
        ));
    }
    let state = st.clone();
    let work = async move {
        let permit = state.cores.clone().acquire_owned().await;
        state.waiting.fetch_sub(1, Ordering::SeqCst);
        let permit = permit.expect("the semaphore is never closed");
        // The permit moves into the blocking task: a core stays counted as
        // busy until the analysis really ends, even if its caller gave up.
        tokio::task::spawn_blocking(move || {
            let _permit = permit;
            state.analyse(&text)
        })
        .await
    };
    match tokio::time::timeout(MAX_ANALYSIS, work).await {
        Err(_) => busy(format!(
            "the analysis did not finish within {} s (queueing included)",
            MAX_ANALYSIS.as_secs()
        )),
        Ok(Err(join)) => {
            let body = json!({ "schema_version": SCHEMA_VERSION, "error": format!("the analysis failed: {join}") });
            (StatusCode::INTERNAL_SERVER_ERROR, body.to_string().into())
        }
        Ok(Ok(answer)) => answer,
    }
}

async fn get_scenario(State(st): State<Arc<AppState>>) -> Response {
    let text = st.text.lock().await.clone();
    Json(json!({
        "schema_version": SCHEMA_VERSION,
        "file": st.config.name,
        "saveable": st.config.path.is_some(),
        "version": version(&text),
        "text": text,
    }))
    .into_response()
}

#[derive(Deserialize)]
struct TextBody {
    text: String,
}

async fn analyze(
    State(st): State<Arc<AppState>>,
    body: Result<Json<TextBody>, axum::extract::rejection::JsonRejection>,
) -> Response {
    let Json(body) = match body {
        Ok(b) => b,
        Err(e) => return error(e.status(), e.body_text()),
    };
    let (status, body) = run_analysis(&st, body.text).await;
    json_body(status, body)
}

#[derive(Deserialize)]
struct EditBody {
    text: String,
    edits: Vec<edit::Edit>,
}

async fn edit_text(
    body: Result<Json<EditBody>, axum::extract::rejection::JsonRejection>,
) -> Response {
    let Json(body) = match body {
        Ok(b) => b,
        Err(e) => return error(e.status(), e.body_text()),
    };
    match edit::apply(&body.text, &body.edits) {
        Ok(text) => Json(json!({ "schema_version": SCHEMA_VERSION, "text": text })).into_response(),
        Err(e) => error(StatusCode::UNPROCESSABLE_ENTITY, e.to_string()),
    }
}

#[derive(Deserialize)]
struct SaveBody {
    version: String,
    text: String,
}

async fn put_scenario(
    State(st): State<Arc<AppState>>,
    body: Result<Json<SaveBody>, axum::extract::rejection::JsonRejection>,
) -> Response {
    let Json(body) = match body {
        Ok(b) => b,
        Err(e) => return error(e.status(), e.body_text()),
    };
    let Some(path) = st.config.path.clone() else {
        return error(
            StatusCode::FORBIDDEN,
            "the built-in scenario is read-only; serve a scenario file to save edits",
        );
    };
    // Invalid text is not saved.
    let (status, answer) = run_analysis(&st, body.text.clone()).await;
    if status != StatusCode::OK {
        return json_body(status, answer);
    }
    let mut current = st.text.lock().await;
    // The file on disk is the truth: someone may have edited it meanwhile.
    let on_disk = match tokio::fs::read_to_string(&path).await {
        Ok(t) => t,
        Err(e) => {
            return error(
                StatusCode::INTERNAL_SERVER_ERROR,
                format!("cannot read {}: {e}", path.display()),
            );
        }
    };
    if version(&on_disk) != body.version {
        return (
            StatusCode::CONFLICT,
            Json(json!({
                "schema_version": SCHEMA_VERSION,
                "error": "the scenario changed since you loaded it; reload, then make your edits again",
                "version": version(&on_disk),
            })),
        )
            .into_response();
    }
    let prev = path.with_extension(format!(
        "{}.prev",
        path.extension()
            .map_or(String::new(), |e| e.to_string_lossy().into_owned())
    ));
    let tmp = path.with_extension("tmp-save");
    let result = async {
        tokio::fs::write(&tmp, &body.text).await?;
        tokio::fs::copy(&path, &prev).await?;
        tokio::fs::rename(&tmp, &path).await
    }
    .await;
    if let Err(e) = result {
        let _ = tokio::fs::remove_file(&tmp).await;
        return error(
            StatusCode::INTERNAL_SERVER_ERROR,
            format!("cannot save {}: {e}", path.display()),
        );
    }
    *current = body.text.clone();
    Json(json!({ "schema_version": SCHEMA_VERSION, "version": version(&body.text), "previous": prev.display().to_string() })).into_response()
}

/// The page: plain HTML, CSS and script, no external resources.
pub const PAGE: &str = include_str!("page.html");

/// Serves `state` on `addr` until interrupted (Ctrl-C); `ready` is called
/// with the bound address once listening.
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
        ready(listener.local_addr()?);
        axum::serve(listener, router(state))
            .with_graceful_shutdown(async {
                let _ = tokio::signal::ctrl_c().await;
            })
            .await
    })
}
