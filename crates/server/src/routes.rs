//! The routes: each handler parses its request, hands the work to
//! [`crate::queue`] or `detente_scenario::edit`, and answers JSON.

use std::sync::Arc;

use detente_analysis::budget::Budget;
use std::sync::atomic::{AtomicU64, Ordering};

use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use detente_analysis::SCHEMA_VERSION;
use serde::Deserialize;
use serde_json::json;

use crate::host::loopback_hosts_only;
use crate::queue::{check, queued, run_analysis};
use crate::state::AppState;
use crate::{MAX_BODY, PAGE, version};
use detente_scenario::edit;

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
        .route("/api/stats", get(stats))
        .route("/api/report", post(report))
        .layer(DefaultBodyLimit::max(MAX_BODY))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            loopback_hosts_only,
        ))
        .with_state(state)
}

pub(crate) fn error(status: StatusCode, message: impl Into<String>) -> Response {
    (
        status,
        Json(json!({ "schema_version": SCHEMA_VERSION, "error": message.into() })),
    )
        .into_response()
}

/// A JSON body already serialised.
pub(crate) fn json_body(status: StatusCode, body: Bytes) -> Response {
    (status, [(header::CONTENT_TYPE, "application/json")], body).into_response()
}

/// `POST /api/report {text}`: the HTML report of the text as it is in the
/// page (edits not yet saved included), to download.
async fn report(State(st): State<Arc<AppState>>, Body(body): Body<TextBody>) -> Response {
    let loaded = match check(&st, body.text).await {
        Ok(l) => l,
        Err((status, body)) => return json_body(status, body),
    };
    match queued(&st, move |state: &AppState, budget: &Budget| {
        state.report(&loaded, budget)
    })
    .await
    {
        Ok(Ok(html)) => (
            [
                (header::CONTENT_TYPE, "text/html; charset=utf-8"),
                (
                    header::CONTENT_DISPOSITION,
                    "attachment; filename=\"report.html\"",
                ),
            ],
            html,
        )
            .into_response(),
        Ok(Err((status, body))) | Err((status, body)) => json_body(status, body),
    }
}

/// What the server has done since it started.
async fn stats(State(st): State<Arc<AppState>>) -> Response {
    let n = |a: &AtomicU64| a.load(Ordering::Relaxed);
    let analysed = n(&st.stats.analysed);
    Json(json!({
        "schema_version": SCHEMA_VERSION,
        "analysed": analysed,
        "analysis_ms_mean": if analysed == 0 { 0.0 } else { n(&st.stats.analysis_us) as f64 / analysed as f64 / 1e3 },
        "cached": n(&st.stats.cached),
        "invalid": n(&st.stats.invalid),
        "busy": n(&st.stats.busy),
        "cancelled": n(&st.stats.cancelled),
        "waiting": st.waiting.load(Ordering::Relaxed),
        "cores": st.pool.current_num_threads(),
    }))
    .into_response()
}

/// The scenario as it is on disk now (someone may have edited the file
/// since the app started: reloading the page must show their edit, or a
/// save after a 409 would be refused again).
async fn get_scenario(State(st): State<Arc<AppState>>) -> Response {
    let mut current = st.text.lock().await;
    // An import not saved yet has no file: the text is the import.
    if let Some(path) = st.config.path.as_ref().filter(|p| !unsaved_import(&st, p)) {
        match tokio::fs::read_to_string(path).await {
            Ok(on_disk) => *current = on_disk,
            Err(e) => {
                return error(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    format!("cannot read {}: {e}", path.display()),
                );
            }
        }
    }
    let text = current.clone();
    drop(current);
    Json(json!({
        "schema_version": SCHEMA_VERSION,
        "file": st.config.name,
        "saveable": st.config.path.is_some(),
        "imported_from": st.config.imported_from,
        "saves_to": st.config.path.as_ref().map(|p| p.display().to_string()),
        "version": version(&text),
        "text": text,
    }))
    .into_response()
}

/// A JSON request body; one that is not JSON, or not the expected shape,
/// gets the API's error answer (with axum's status: 400, 415 or 422).
struct Body<T>(T);

impl<S: Send + Sync, T: serde::de::DeserializeOwned> axum::extract::FromRequest<S> for Body<T> {
    type Rejection = Response;

    async fn from_request(req: axum::extract::Request, state: &S) -> Result<Self, Response> {
        match Json::<T>::from_request(req, state).await {
            Ok(Json(v)) => Ok(Body(v)),
            Err(e) => Err(error(e.status(), e.body_text())),
        }
    }
}

#[derive(Deserialize)]
struct TextBody {
    text: String,
}

async fn analyze(State(st): State<Arc<AppState>>, Body(body): Body<TextBody>) -> Response {
    let (status, body) = run_analysis(&st, body.text).await;
    json_body(status, body)
}

#[derive(Deserialize)]
struct EditBody {
    text: String,
    edits: Vec<edit::Edit>,
}

async fn edit_text(Body(body): Body<EditBody>) -> Response {
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

async fn put_scenario(State(st): State<Arc<AppState>>, Body(body): Body<SaveBody>) -> Response {
    let Some(path) = st.config.path.clone() else {
        return error(
            StatusCode::FORBIDDEN,
            "the built-in scenario is read-only; serve a scenario file to save edits",
        );
    };
    // Invalid text is never saved; a check is enough (no analysis).
    if let Err((status, body)) = check(&st, body.text.clone()).await {
        return json_body(status, body);
    }
    let mut current = st.text.lock().await;
    // Another process saving this file (a second app on it) holds its
    // lock: refuse rather than check a version it is about to change.
    let lock = match detente_analysis::input::lock_for_save(&path) {
        Ok(Some(lock)) => lock,
        Ok(None) => {
            return (
                StatusCode::CONFLICT,
                Json(json!({
                    "schema_version": SCHEMA_VERSION,
                    "error": "another program is saving this file right now; reload, then make your edits again",
                })),
            )
                .into_response();
        }
        Err(e) => {
            return error(
                StatusCode::INTERNAL_SERVER_ERROR,
                format!("cannot lock {} for saving: {e}", path.display()),
            );
        }
    };
    // The file on disk is the truth: someone may have edited it meanwhile.
    // An import's first save creates its file; until then the import is
    // the text saves compare with.
    let on_disk = if unsaved_import(&st, &path) {
        Ok(current.clone())
    } else {
        tokio::fs::read_to_string(&path).await
    };
    let on_disk = match on_disk {
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
    let (target, text) = (path.clone(), body.text.clone());
    let result = tokio::task::spawn_blocking(move || {
        detente_analysis::input::write_atomic(&target, &text, true)
    })
    .await
    .unwrap_or_else(|e| Err(std::io::Error::other(e)));
    drop(lock);
    let prev = match result {
        Ok(prev) => prev,
        Err(e) => {
            return error(
                StatusCode::INTERNAL_SERVER_ERROR,
                format!("cannot save {}: {e}", path.display()),
            );
        }
    };
    *current = body.text.clone();
    Json(json!({
        "schema_version": SCHEMA_VERSION,
        "version": version(&body.text),
        "previous": prev.map(|p| p.display().to_string()),
        "saved": path.display().to_string(),
    }))
    .into_response()
}

/// Whether `path` is the file an imported peer file will be saved to, not
/// written yet.
fn unsaved_import(st: &AppState, path: &std::path::Path) -> bool {
    st.config.imported_from.is_some() && !path.exists()
}
