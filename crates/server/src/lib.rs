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

pub mod cache;
pub mod edit;

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::time::Duration;

use axum::extract::{DefaultBodyLimit, State};
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use detente_analysis::forecast::ForecastMemo;
use detente_analysis::geometry::{self as geometry_lens, GeometryReport, front_key, read_layers};
use detente_analysis::{Analysis, Options, SCHEMA_VERSION};
use detente_geo::front::Front;
use detente_scenario::evidence::SourceTexts;
use detente_scenario::{Loaded, Scenario};
use serde::Deserialize;
use serde_json::json;
use tokio::sync::{Mutex, Semaphore};

use crate::cache::{Answer, Memo, Results};
use axum::body::Bytes;

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
/// Issue forecasts remembered: an edit to one issue recomputes that issue
/// only.
pub const CACHED_FORECASTS: usize = 512;

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
    /// Monte Carlo runs per issue ([`APP_RUNS`] unless the user says) and
    /// their seed.
    pub runs: usize,
    pub seed: u64,
    /// Longest an analysis may take, queueing included ([`MAX_ANALYSIS`]).
    pub max_analysis: Duration,
}

/// The served scenario and what the app remembers between requests.
pub struct AppState {
    config: Config,
    /// The text as last loaded or saved.
    text: Mutex<String>,
    /// The geometry lens of the last `[geometry]` seen: it costs more than
    /// the other lenses together and edits rarely touch it.
    geometry: Memo<Result<GeometryReport, String>>,
    /// The front of the last set of layers seen (most of the geometry
    /// lens's cost): an edit to a zone measures the zones again, on it.
    fronts: Memo<Result<Front, String>>,
    /// The source texts of the last `[[sources]]` list seen.
    sources: Memo<Option<SourceTexts>>,
    results: Results,
    /// One analysis per core; the rest wait (up to [`MAX_QUEUE`]).
    cores: Arc<Semaphore>,
    /// The threads analyses run their parallel parts on. Checks use rayon's
    /// global pool, so invalid text is answered at once even when every
    /// analysis thread has a queue of Monte Carlo runs.
    pool: rayon::ThreadPool,
    forecasts: ForecastMemo,
    stats: Stats,
    /// Whether requests must name this machine as their host (see
    /// [`loopback_host`]); off only when the app listens on another
    /// address, as the user asked.
    loopback_only: std::sync::atomic::AtomicBool,
    waiting: AtomicUsize,
}

impl AppState {
    pub fn new(config: Config) -> AppState {
        let cores = std::thread::available_parallelism().map_or(2, usize::from);
        AppState {
            text: Mutex::new(config.text.clone()),
            config,
            geometry: Memo::default(),
            fronts: Memo::default(),
            sources: Memo::default(),
            results: Results::new(CACHED_RESULTS),
            cores: Arc::new(Semaphore::new(cores)),
            pool: rayon::ThreadPoolBuilder::new()
                .num_threads(cores)
                .thread_name(|i| format!("detente-analysis-{i}"))
                .build()
                .expect("threads for the analyses"),
            forecasts: ForecastMemo::new(CACHED_FORECASTS),
            stats: Stats::default(),
            loopback_only: std::sync::atomic::AtomicBool::new(true),
            waiting: AtomicUsize::new(0),
        }
    }

    /// Every lens on `text`: the answer's status and JSON body. Invalid text
    /// gives 422 with the CLI's diagnostics. Blocking; the server calls
    /// [`AppState::check`] and [`AppState::lenses`] apart, so that only the
    /// second waits for a core.
    pub fn analyse(&self, text: &str) -> Answer {
        if let Some(hit) = self.results.get(text) {
            return hit;
        }
        let answer = match self.check(text) {
            Ok(loaded) => self.pool.install(|| self.lenses(&loaded)),
            Err(answer) => answer,
        };
        self.results.put(text, answer.clone());
        answer
    }

    /// Parses and validates `text` (about a millisecond): the scenario, or
    /// the 422 answer with the CLI's diagnostics.
    pub fn check(&self, text: &str) -> Result<Loaded, Answer> {
        let loaded = detente_scenario::load(self.config.name.clone(), text.to_owned());
        if loaded.scenario.is_some() {
            return Ok(loaded);
        }
        let diagnostics: Vec<_> = loaded
            .diagnostics
            .iter()
            .map(|d| d.to_json(&loaded.file))
            .collect();
        let body =
            json!({ "schema_version": SCHEMA_VERSION, "valid": false, "diagnostics": diagnostics });
        Err((
            StatusCode::UNPROCESSABLE_ENTITY,
            Bytes::from(body.to_string()),
        ))
    }

    /// Every lens on a checked scenario. Issue forecasts come from the
    /// memo when their inputs did not change.
    pub fn lenses(&self, loaded: &Loaded) -> Answer {
        let Some(s) = &loaded.scenario else {
            return answer(
                StatusCode::INTERNAL_SERVER_ERROR,
                "the scenario was not checked before its analysis".into(),
            );
        };
        let a = self.analysis(s);
        // As `analyze` reports them: the findings of the lenses (unverified
        // quotes, contradictions) on the scenario file.
        let diagnostics: Vec<_> = loaded
            .diagnostics
            .iter()
            .chain(&a.findings(s))
            .map(|d| d.to_json(&loaded.file))
            .collect();
        let figures: Vec<_> = detente_report::sections(s, &a)
            .into_iter()
            .map(|(id, title, html)| json!({ "id": id, "title": title, "html": html }))
            .collect();
        let body = json!({
            "schema_version": SCHEMA_VERSION,
            "file": loaded.file.name,
            "valid": true,
            "diagnostics": diagnostics,
            "scenario": s,
            "analysis": a,
            "figures": figures,
        });
        (StatusCode::OK, Bytes::from(body.to_string()))
    }

    /// The HTML report of a checked scenario, as `detente report` writes it
    /// (with the app's runs and seed).
    pub fn report(&self, loaded: &Loaded) -> Option<String> {
        let s = loaded.scenario.as_ref()?;
        Some(detente_report::html(s, &self.analysis(s)))
    }

    /// Every lens, with the app's sources, geometry, runs, seed and memo.
    fn analysis(&self, s: &Scenario) -> Analysis {
        let sources = self.config.sources.as_ref().map(|dir| {
            let key = serde_json::to_string(&s.sources).unwrap_or_default();
            self.sources
                .get_or(key, || dir.is_dir().then(|| SourceTexts::load(s, dir)))
        });
        let geometry = s.geometry.as_ref().map(|g| {
            let key = serde_json::to_string(g).unwrap_or_default();
            self.geometry.get_or(key, || {
                let texts = read_layers(g, &self.config.geo_base)?;
                // Keyed by the layers' texts too: a map file replaced while
                // the app runs is read again.
                let mut key = front_key(g);
                for layer in [Some(&texts.occupied), Some(&texts.land)]
                    .into_iter()
                    .chain([&texts.line, &texts.regions, &texts.settlements].map(Option::as_ref))
                    .flatten()
                {
                    key.push_str(&format!(" {:016x}", cache::fnv(&layer.text)));
                }
                let front = self.fronts.get_or(key, || geometry_lens::front(g, &texts));
                match &*front {
                    Ok(f) => geometry_lens::report(g, &texts, f),
                    Err(e) => Err(e.clone()),
                }
            })
        });
        let mut options = Options {
            sources: sources.as_deref().and_then(Option::as_ref),
            geometry_report: geometry.map(|g| (*g).clone()),
            forecast_memo: Some(&self.forecasts),
            ..Options::default()
        };
        options.forecast.runs = self.config.runs;
        options.forecast.seed = self.config.seed;
        detente_analysis::analyze(s, &options)
    }
}

/// What the server counts, for `GET /api/stats`.
#[derive(Default)]
struct Stats {
    /// Answers given from the result cache.
    cached: AtomicU64,
    /// Analyses run, and their time in microseconds (queueing excluded).
    analysed: AtomicU64,
    analysis_us: AtomicU64,
    /// Texts that failed their check.
    invalid: AtomicU64,
    /// Requests turned away with 503.
    busy: AtomicU64,
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
        .route("/api/stats", get(stats))
        .route("/api/report", post(report))
        .layer(DefaultBodyLimit::max(MAX_BODY))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            loopback_hosts_only,
        ))
        .with_state(state)
}

/// Whether a `Host` header names this machine: `localhost` or a loopback
/// address, with or without a port.
pub fn loopback_host(host: &str) -> bool {
    let name = match host.strip_prefix('[') {
        // [::1]:8080
        Some(rest) => rest.split(']').next().unwrap_or_default(),
        None => host.rsplit_once(':').map_or(host, |(n, port)| {
            if port.chars().all(|c| c.is_ascii_digit()) {
                n
            } else {
                host
            }
        }),
    };
    name.eq_ignore_ascii_case("localhost")
        || name
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

/// Refuses (403) a request whose `Host` is not this machine while the app
/// listens on a loopback address: a web page the user visits could
/// otherwise rebind its own domain name to 127.0.0.1 and read or overwrite
/// the scenario through the user's browser.
async fn loopback_hosts_only(
    State(st): State<Arc<AppState>>,
    req: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    if st.loopback_only.load(Ordering::Relaxed) {
        if let Some(host) = req.headers().get(header::HOST) {
            let host = host.to_str().unwrap_or_default();
            if !loopback_host(host) {
                return error(
                    StatusCode::FORBIDDEN,
                    format!(
                        "the app answers requests for localhost only, not for `{host}`; open it at http://127.0.0.1:PORT/"
                    ),
                );
            }
        }
    }
    next.run(req).await
}

fn error(status: StatusCode, message: impl Into<String>) -> Response {
    (
        status,
        Json(json!({ "schema_version": SCHEMA_VERSION, "error": message.into() })),
    )
        .into_response()
}

/// A JSON body already serialised.
fn json_body(status: StatusCode, body: Bytes) -> Response {
    (status, [(header::CONTENT_TYPE, "application/json")], body).into_response()
}

fn answer(status: StatusCode, why: String) -> Answer {
    let body = json!({ "schema_version": SCHEMA_VERSION, "error": why });
    (status, Bytes::from(body.to_string()))
}

/// Checks `text` on a blocking thread: the scenario, or the 422 answer.
async fn check(st: &Arc<AppState>, text: String) -> Result<Loaded, Answer> {
    let state = st.clone();
    match tokio::task::spawn_blocking(move || state.check(&text)).await {
        Ok(checked) => checked,
        Err(join) => Err(answer(
            StatusCode::INTERNAL_SERVER_ERROR,
            format!("the check failed: {join}"),
        )),
    }
}

/// Every lens on `text`, within [`MAX_ANALYSIS`] from arrival: the cached
/// answer if there is one; else the text is checked at once (invalid text
/// never waits), then analysed on a blocking thread once a core is free.
/// 503 when [`MAX_QUEUE`] analyses are already waiting or the time is up.
async fn run_analysis(st: &Arc<AppState>, text: String) -> Answer {
    if let Some(hit) = st.results.get(&text) {
        st.stats.cached.fetch_add(1, Ordering::Relaxed);
        return hit;
    }
    let loaded = match check(st, text.clone()).await {
        Ok(loaded) => loaded,
        Err(a) => {
            st.stats.invalid.fetch_add(1, Ordering::Relaxed);
            st.results.put(&text, a.clone());
            return a;
        }
    };
    let job = move |state: &AppState| {
        // Another request may have analysed the same text meanwhile.
        if let Some(hit) = state.results.get(&text) {
            state.stats.cached.fetch_add(1, Ordering::Relaxed);
            return hit;
        }
        let t0 = std::time::Instant::now();
        let a = state.lenses(&loaded);
        let us = u64::try_from(t0.elapsed().as_micros()).unwrap_or(u64::MAX);
        state.stats.analysis_us.fetch_add(us, Ordering::Relaxed);
        state.stats.analysed.fetch_add(1, Ordering::Relaxed);
        state.results.put(&text, a.clone());
        a
    };
    queued(st, job).await.unwrap_or_else(|a| a)
}

/// Runs `job` on a blocking thread once a core is free, on the analysis
/// pool, within the time limit from arrival. 503 when [`MAX_QUEUE`] jobs
/// are already waiting or the time is up, 500 if the job panicked.
async fn queued<T: Send + 'static>(
    st: &Arc<AppState>,
    job: impl FnOnce(&AppState) -> T + Send + 'static,
) -> Result<T, Answer> {
    if st.waiting.fetch_add(1, Ordering::SeqCst) >= MAX_QUEUE {
        st.waiting.fetch_sub(1, Ordering::SeqCst);
        st.stats.busy.fetch_add(1, Ordering::Relaxed);
        return Err(answer(
            StatusCode::SERVICE_UNAVAILABLE,
            format!("{MAX_QUEUE} analyses are already waiting; try again in a moment"),
        ));
    }
    let state = st.clone();
    // A task of its own: when the caller gives up, the job still runs (an
    // analysis keeps its answer for the next request with the same text).
    let work = tokio::spawn(async move {
        let permit = state.cores.clone().acquire_owned().await;
        state.waiting.fetch_sub(1, Ordering::SeqCst);
        let permit = permit.expect("the semaphore is never closed");
        // The permit moves into the blocking task: a core stays counted as
        // busy until the job really ends, even if its caller gave up.
        tokio::task::spawn_blocking(move || {
            let _permit = permit;
            state.pool.install(|| job(&state))
        })
        .await
    });
    let limit = st.config.max_analysis;
    match tokio::time::timeout(limit, work).await {
        Err(_) => {
            st.stats.busy.fetch_add(1, Ordering::Relaxed);
            Err(answer(
                StatusCode::SERVICE_UNAVAILABLE,
                format!(
                    "the analysis did not finish within {} s (queueing included); it goes on, and asking again once it is done gets its answer at once",
                    limit.as_secs_f64()
                ),
            ))
        }
        Ok(Err(join)) | Ok(Ok(Err(join))) => Err(answer(
            StatusCode::INTERNAL_SERVER_ERROR,
            format!("the analysis failed: {join}"),
        )),
        Ok(Ok(Ok(out))) => Ok(out),
    }
}

/// `POST /api/report {text}`: the HTML report of the text as it is in the
/// page (edits not yet saved included), to download.
async fn report(State(st): State<Arc<AppState>>, Body(body): Body<TextBody>) -> Response {
    let loaded = match check(&st, body.text).await {
        Ok(l) => l,
        Err((status, body)) => return json_body(status, body),
    };
    match queued(&st, move |state: &AppState| state.report(&loaded)).await {
        Ok(Some(html)) => (
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
        Ok(None) => error(
            StatusCode::INTERNAL_SERVER_ERROR,
            "the scenario was not checked before its report",
        ),
        Err((status, body)) => json_body(status, body),
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
    if let Some(path) = &st.config.path {
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
        axum::serve(listener, router(state))
            .with_graceful_shutdown(async {
                let _ = tokio::signal::ctrl_c().await;
            })
            .await
    })
}
