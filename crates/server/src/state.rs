//! The served scenario and what the app keeps between requests: the
//! caches, the analysis pool, the counters. Analysing is synchronous here;
//! [`crate::queue`] decides when and where it runs.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::time::Duration;

use axum::body::Bytes;
use axum::http::StatusCode;
use detente_analysis::budget::Budget;
use detente_analysis::forecast::ForecastMemo;
use detente_analysis::geometry::{self as geometry_lens, Front, GeometryReport, front_key};
use detente_analysis::input::read_layers;
use detente_analysis::{Analysis, Options, SCHEMA_VERSION};
use detente_present::json::{AnalyzeBody, Envelope};
use detente_scenario::evidence::SourceTexts;
use detente_scenario::{Loaded, Scenario};
use serde::Serialize;
use serde_json::json;
use tokio::sync::{Mutex, Semaphore};

use crate::cache::{Answer, Memo, Results};
use crate::queue::answer;

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
    /// The format of the peer tool's file the scenario was imported from
    /// (`KTAB CSV`, ...), which opens read-only: then `path` is a new file
    /// beside it, created by the first save.
    pub imported_from: Option<String>,
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
    /// Monte Carlo runs of the downloaded report: as `detente report` makes
    /// them (1,000 unless the user says), so that the two give the same file.
    pub report_runs: usize,
    /// Longest an analysis may take, queueing included ([`crate::MAX_ANALYSIS`]).
    pub max_analysis: Duration,
    /// The forecast models the app runs (the built-in ones unless the
    /// embedding program registers more).
    pub forecast_models: detente_analysis::forecast::Registry,
}

/// The served scenario and what the app remembers between requests.
pub struct AppState {
    pub(crate) config: Config,
    /// The text as last loaded or saved.
    pub(crate) text: Mutex<String>,
    /// The geometry lens of the last `[geometry]` seen: it costs more than
    /// the other lenses together and edits rarely touch it.
    pub(crate) geometry: Memo<Result<GeometryReport, String>>,
    /// The front of the last set of layers seen (most of the geometry
    /// lens's cost): an edit to a zone measures the zones again, on it.
    pub(crate) fronts: Memo<Result<Front, String>>,
    /// The source texts of the last `[[sources]]` list seen.
    pub(crate) sources: Memo<Option<SourceTexts>>,
    pub(crate) results: Results,
    /// One analysis per core; the rest wait (up to [`MAX_QUEUE`]).
    pub(crate) cores: Arc<Semaphore>,
    /// The threads analyses run their parallel parts on. Checks use rayon's
    /// global pool, so invalid text is answered at once even when every
    /// analysis thread has a queue of Monte Carlo runs.
    pub(crate) pool: rayon::ThreadPool,
    pub(crate) forecasts: ForecastMemo,
    pub(crate) stats: Stats,
    /// Whether requests must name this machine as their host (see
    /// [`loopback_host`]); off only when the app listens on another
    /// address, as the user asked.
    pub(crate) loopback_only: AtomicBool,
    pub(crate) waiting: AtomicUsize,
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
            loopback_only: AtomicBool::new(true),
            waiting: AtomicUsize::new(0),
        }
    }

    /// Every lens on `text`: the answer's status and JSON body. Invalid text
    /// gives 422 with the CLI's diagnostics. Blocking; the server calls
    /// [`AppState::check`] and [`AppState::lenses`] apart, so that only the
    /// second waits for a core.
    pub fn analyse(&self, text: &str) -> Answer {
        if let Some(hit) = self.kept(text) {
            return hit;
        }
        match self.check(text) {
            Ok(loaded) => self
                .pool
                .install(|| self.analyse_checked(text, &loaded, &Budget::default())),
            Err(answer) => {
                self.results.put(text, answer.clone());
                answer
            }
        }
    }

    /// The answer kept for `text`, if any (counted as a cache hit).
    pub(crate) fn kept(&self, text: &str) -> Option<Answer> {
        let hit = self.results.get(text)?;
        self.stats.cached.fetch_add(1, Ordering::Relaxed);
        Some(hit)
    }

    /// Every lens on `text`, checked as `loaded`, unless another request
    /// analysed the same text meanwhile; the answer is kept and timed.
    /// An analysis its budget stopped is not kept: it answers 503.
    pub(crate) fn analyse_checked(&self, text: &str, loaded: &Loaded, budget: &Budget) -> Answer {
        if let Some(hit) = self.kept(text) {
            return hit;
        }
        let t0 = std::time::Instant::now();
        let a = self.lenses(loaded, budget);
        if let Some(why) = budget.spent() {
            self.stats.cancelled.fetch_add(1, Ordering::Relaxed);
            return answer(
                StatusCode::SERVICE_UNAVAILABLE,
                format!("{why}; it was stopped"),
            );
        }
        let us = u64::try_from(t0.elapsed().as_micros()).unwrap_or(u64::MAX);
        self.stats.analysis_us.fetch_add(us, Ordering::Relaxed);
        self.stats.analysed.fetch_add(1, Ordering::Relaxed);
        self.results.put(text, a.clone());
        a
    }

    /// Parses and validates `text` (about a millisecond): the scenario, or
    /// the 422 answer with the CLI's diagnostics.
    pub fn check(&self, text: &str) -> Result<Loaded, Answer> {
        let mut loaded = detente_scenario::load(self.config.name.clone(), text.to_owned());
        if let Some(s) = &loaded.scenario {
            // What the app's runs would spend, against the scenario's budget.
            let runs = self.config.runs.max(self.config.report_runs);
            let o = detente_analysis::forecast::ForecastOptions {
                runs,
                registry: self.config.forecast_models.clone(),
                ..Default::default()
            };
            let refusals = detente_analysis::budget::Estimate::of(s, &o).refusals();
            if refusals.is_empty() {
                return Ok(loaded);
            }
            loaded.scenario = None;
            loaded.diagnostics.extend(refusals);
        }
        self.stats.invalid.fetch_add(1, Ordering::Relaxed);
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
    pub fn lenses(&self, loaded: &Loaded, budget: &Budget) -> Answer {
        let Some(s) = &loaded.scenario else {
            return answer(
                StatusCode::INTERNAL_SERVER_ERROR,
                "the scenario was not checked before its analysis".into(),
            );
        };
        let a = self.analysis(s, &loaded.file.text, self.config.runs, budget);
        // As `analyze` reports them: the findings of the lenses (unverified
        // quotes, contradictions) on the scenario file.
        let findings: Vec<_> = loaded
            .diagnostics
            .iter()
            .cloned()
            .chain(a.findings(s))
            .collect();
        let figures: Vec<Figure> = detente_report::sections(s, &a)
            .into_iter()
            .map(|(id, title, html)| Figure { id, title, html })
            .collect();
        // `analyze --format json`'s document, and the report's sections;
        // serialised straight from the structs, without a JSON tree between.
        let body = Envelope::of(
            "analyze",
            loaded,
            &findings,
            AppAnswer {
                analyze: AnalyzeBody::new(s, &a),
                view: detente_present::view::summary(&a),
                figures,
            },
        );
        match serde_json::to_vec(&body) {
            Ok(bytes) => (StatusCode::OK, Bytes::from(bytes)),
            Err(e) => answer(
                StatusCode::INTERNAL_SERVER_ERROR,
                format!("cannot serialise the analysis: {e}"),
            ),
        }
    }

    /// The HTML report of a checked scenario, as `detente report` writes it
    /// for the same sources, runs and seed.
    pub fn report(&self, loaded: &Loaded, budget: &Budget) -> Result<String, Answer> {
        let Some(s) = loaded.scenario.as_ref() else {
            return Err(answer(
                StatusCode::INTERNAL_SERVER_ERROR,
                "the scenario was not checked before its report".into(),
            ));
        };
        let a = self.analysis(s, &loaded.file.text, self.config.report_runs, budget);
        // A report its budget stopped is not a report.
        if let Some(why) = budget.spent() {
            self.stats.cancelled.fetch_add(1, Ordering::Relaxed);
            return Err(answer(
                StatusCode::SERVICE_UNAVAILABLE,
                format!("{why}; it was stopped"),
            ));
        }
        Ok(detente_report::html(s, &a))
    }

    /// Every lens, with the app's sources, geometry, seed and memo, and
    /// `runs` Monte Carlo runs per issue.
    fn analysis(&self, s: &Scenario, text: &str, runs: usize, budget: &Budget) -> Analysis {
        let sources = self.config.sources.as_ref().map(|dir| {
            let key = serde_json::to_string(&s.sources).unwrap_or_default();
            self.sources
                .get_or(key, || dir.is_dir().then(|| SourceTexts::load(s, dir)))
        });
        let geometry = s.geometry.as_ref().map(|g| {
            // The layer files are read once per section: replacing a map
            // file while the app runs needs a restart (docs/app.md).
            let key = serde_json::to_string(g).unwrap_or_default();
            self.geometry.get_or(key, || {
                let texts = read_layers(g, &self.config.geo_base)?;
                let front = self
                    .fronts
                    .get_or(front_key(g), || geometry_lens::front(g, &texts));
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
            text: Some(text),
            // As many robustness draws as Monte Carlo runs (200 by default).
            brief_draws: Some(runs),
            budget: budget.clone(),
            ..Options::default()
        };
        options.forecast.runs = runs;
        options.forecast.seed = self.config.seed;
        options.forecast.registry = self.config.forecast_models.clone();
        detente_analysis::analyze(s, &options)
    }
}

/// The answer to `POST /api/analyze`: `analyze --format json`'s fields,
/// the summary the page shows, and the report's sections.
#[derive(Serialize)]
struct AppAnswer<'a> {
    #[serde(flatten)]
    analyze: AnalyzeBody<'a>,
    /// The summary the page lays out (words and numbers already chosen).
    view: Vec<detente_present::view::Section>,
    figures: Vec<Figure>,
}

/// One section of the report, as the page shows it.
#[derive(Serialize)]
struct Figure {
    id: &'static str,
    title: &'static str,
    html: String,
}

/// What the server counts, for `GET /api/stats`.
#[derive(Default)]
pub(crate) struct Stats {
    /// Answers given from the result cache.
    pub(crate) cached: AtomicU64,
    /// Analyses run, and their time in microseconds (queueing excluded).
    pub(crate) analysed: AtomicU64,
    pub(crate) analysis_us: AtomicU64,
    /// Texts that failed their check.
    pub(crate) invalid: AtomicU64,
    /// Requests turned away with 503.
    pub(crate) busy: AtomicU64,
    /// Analyses stopped by their budget (the request's time limit).
    pub(crate) cancelled: AtomicU64,
}
