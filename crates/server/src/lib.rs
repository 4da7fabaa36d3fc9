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

pub mod edit;

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::{DefaultBodyLimit, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use detente_analysis::{Options, SCHEMA_VERSION};
use serde::Deserialize;
use serde_json::{Value, json};
use tokio::sync::Mutex;

/// Largest request body accepted.
pub const MAX_BODY: usize = 2 * 1024 * 1024;
/// Longest an analysis may take before the request gets 503.
pub const MAX_ANALYSIS: Duration = Duration::from_secs(10);
/// Monte Carlo runs per analysis in the app (fewer than `analyze`'s, to
/// answer within a second).
pub const APP_RUNS: usize = 200;

/// The served scenario.
pub struct AppState {
    /// Where it is saved; `None` for the built-in scenario (read-only).
    pub path: Option<PathBuf>,
    pub name: String,
    /// The text as last loaded or saved.
    pub text: TextLock,
    /// The geometry lens, computed once (it does not depend on the edits).
    pub geometry: Option<Value>,
}

/// The lock around the scenario text (so callers need not name tokio).
pub type TextLock = Mutex<String>;

/// A version token for a text: FNV-1a, hex.
pub fn version(text: &str) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in text.as_bytes() {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{h:016x}")
}

/// The app's routes.
pub fn router(state: Arc<AppState>) -> Router {
    Router::new()
        .route("/", get(|| async { Html(PAGE) }))
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

/// Parses, validates and analyses `text` off the async threads, within
/// [`MAX_ANALYSIS`]. Invalid text gives 422 with the CLI's diagnostics.
async fn run_analysis(name: String, text: String) -> Result<Value, Response> {
    let task = tokio::task::spawn_blocking(move || {
        let loaded = detente_scenario::load(name, text);
        let diagnostics: Vec<_> = loaded
            .diagnostics
            .iter()
            .map(|d| d.to_json(&loaded.file))
            .collect();
        let Some(s) = &loaded.scenario else {
            return Err(
                json!({ "schema_version": SCHEMA_VERSION, "valid": false, "diagnostics": diagnostics }),
            );
        };
        let mut options = Options::default();
        options.forecast.runs = APP_RUNS;
        let a = detente_analysis::analyze(s, &options);
        Ok(
            json!({ "schema_version": SCHEMA_VERSION, "valid": true, "diagnostics": diagnostics, "scenario": s, "analysis": a }),
        )
    });
    match tokio::time::timeout(MAX_ANALYSIS, task).await {
        Err(_) => Err(error(
            StatusCode::SERVICE_UNAVAILABLE,
            format!("the analysis took longer than {} s", MAX_ANALYSIS.as_secs()),
        )),
        Ok(Err(join)) => Err(error(
            StatusCode::INTERNAL_SERVER_ERROR,
            format!("the analysis failed: {join}"),
        )),
        Ok(Ok(Err(diagnostics))) => {
            Err((StatusCode::UNPROCESSABLE_ENTITY, Json(diagnostics)).into_response())
        }
        Ok(Ok(Ok(v))) => Ok(v),
    }
}

async fn get_scenario(State(st): State<Arc<AppState>>) -> Response {
    let text = st.text.lock().await.clone();
    Json(json!({
        "schema_version": SCHEMA_VERSION,
        "file": st.name,
        "saveable": st.path.is_some(),
        "version": version(&text),
        "text": text,
        "geometry": st.geometry,
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
    match run_analysis(st.name.clone(), body.text).await {
        Ok(mut v) => {
            v["geometry"] = st.geometry.clone().unwrap_or(Value::Null);
            Json(v).into_response()
        }
        Err(r) => r,
    }
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
    let Some(path) = st.path.clone() else {
        return error(
            StatusCode::FORBIDDEN,
            "the built-in scenario is read-only; serve a scenario file to save edits",
        );
    };
    // Invalid text is not saved.
    if let Err(r) = run_analysis(st.name.clone(), body.text.clone()).await {
        return r;
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
    state: AppState,
    ready: impl FnOnce(std::net::SocketAddr),
) -> std::io::Result<()> {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    rt.block_on(async move {
        let listener = tokio::net::TcpListener::bind(addr).await?;
        ready(listener.local_addr()?);
        axum::serve(listener, router(Arc::new(state)))
            .with_graceful_shutdown(async {
                let _ = tokio::signal::ctrl_c().await;
            })
            .await
    })
}
