//! The forecast lens: where each issue settles, by every model, with the
//! rounds that lead there, Monte Carlo over the stated uncertainties and a
//! one-at-a-time sensitivity sweep.
//!
//! A scenario issue becomes one [`Subject`]: the actors with a position on
//! it, their capabilities and saliences, on the issue's scale (an options
//! issue uses option numbers 1, 2, …, as `detente show` lists them, and
//! each forecast also names the nearest option). KTAB CSV files become one multi-dimensional subject and
//! Decide files one subject per issue, so every input runs through the
//! same code and renders the same way. Options are numbered from 1.

use std::collections::BTreeMap;

/// The forecast engine's model and parameter types, as front ends name
/// them: through the facade, never the engine crate.
pub use detente_forecast::expected_utility::{CompromiseChoice, EuOptions, Probability, RiskBasis};
pub use detente_forecast::monte_carlo::Models;
/// The engine's problem, for models registered from outside this crate.
pub use detente_forecast::{Actor, Dimension, Problem};
pub use registry::{Dyad, ForecastModel, ModelRun, Registry, Scope};

pub mod models;
pub mod registry;
pub use detente_forecast::smp::{
    BargainModel, BigRAdjust, BigRRange, Interpolation, Pce, SmpParams, ThirdPartyCommit,
    Transitions, VictoryProb, VotingRule,
};

use detente_forecast::decide::DecideFile;
use detente_forecast::expected_utility;

use crate::budget::Budget;
use detente_forecast::ktab::KtabScenario;
use detente_forecast::monte_carlo::{self, Input, Uncertain};
use detente_scenario::Scenario;
use detente_scenario::model::{IssueKind, Value};
use serde::Serialize;
use std::sync::Arc;

/// How a dyad of the expected-utility model ends, seen by the receiver.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum OfferKind {
    Confrontation,
    Compromise,
    Capitulation,
}

impl From<expected_utility::OfferKind> for OfferKind {
    fn from(o: expected_utility::OfferKind) -> OfferKind {
        match o {
            expected_utility::OfferKind::Confrontation => OfferKind::Confrontation,
            expected_utility::OfferKind::Compromise => OfferKind::Compromise,
            expected_utility::OfferKind::Capitulation => OfferKind::Capitulation,
        }
    }
}

/// Monte Carlo result for one model.
#[derive(Clone, Debug, PartialEq, Serialize, schemars::JsonSchema)]
pub struct ModelDistribution {
    /// The model's id.
    pub model: String,
    /// Per dimension; `None` when no run succeeded.
    pub dimensions: Vec<Option<Distribution>>,
    /// Runs in which the model could not run on the drawn inputs.
    pub failed: usize,
}

/// Distribution of one forecast over the runs.
#[derive(Clone, Debug, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Distribution {
    pub runs: usize,
    pub mean: f64,
    /// 5, 25, 50, 75 and 95% quantiles.
    pub quantiles: [f64; 5],
    pub histogram: Histogram,
}

/// Equal-width bins over the dimension's scale.
#[derive(Clone, Debug, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Histogram {
    pub min: f64,
    pub max: f64,
    pub counts: Vec<usize>,
}

impl ModelDistribution {
    fn new(model: &str, r: monte_carlo::Runs) -> Self {
        ModelDistribution {
            model: model.to_owned(),
            dimensions: r
                .dimensions
                .into_iter()
                .map(|s| {
                    s.map(|s| Distribution {
                        runs: s.runs,
                        mean: s.mean,
                        quantiles: s.quantiles,
                        histogram: Histogram {
                            min: s.histogram.min,
                            max: s.histogram.max,
                            counts: s.histogram.counts,
                        },
                    })
                })
                .collect(),
            failed: r.failed,
        }
    }
}

/// Which input a sensitivity row moves.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum InputKind {
    Position,
    Salience,
    Capability,
}

/// What to run.
#[derive(Clone, Debug, PartialEq)]
pub struct ForecastOptions {
    /// The models that may run.
    pub registry: Registry,
    /// Which of them run, by id, in registry order whatever the order
    /// here; empty runs every one.
    pub models: Vec<String>,
    pub params: Models,
    /// Monte Carlo runs (0 = none).
    pub runs: usize,
    pub seed: u64,
    /// Relative uncertainty for inputs that state none (see
    /// [`Uncertain::with_noise`]).
    pub noise: Option<f64>,
    /// One-at-a-time sweep with this step (see
    /// [`monte_carlo::sensitivity`]); `None` skips it.
    pub sensitivity: Option<f64>,
}

impl Default for ForecastOptions {
    fn default() -> Self {
        ForecastOptions {
            registry: Registry::default(),
            models: Vec::new(),
            params: Models::default(),
            runs: 0,
            seed: 1,
            noise: None,
            sensitivity: None,
        }
    }
}

/// A dimension as people read it.
#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct DimensionInfo {
    pub name: String,
    pub min: f64,
    pub max: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    /// Labels of an options issue, by option number.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub options: Option<Vec<String>>,
}

/// One thing to forecast: an issue, or a whole multi-dimensional input.
#[derive(Clone, Debug)]
pub struct Subject {
    pub id: String,
    pub name: String,
    pub dimensions: Vec<DimensionInfo>,
    /// Actor ids, in the order of the problem's actors.
    pub actor_ids: Vec<String>,
    pub uncertain: Uncertain,
}

/// One subject per scenario issue.
pub fn subjects_from_scenario(s: &Scenario) -> Vec<Subject> {
    s.issues
        .iter()
        .enumerate()
        .map(|(k, issue)| {
            // Options are numbered from 1, as `detente show` lists them.
            let (min, max) = match &issue.kind {
                IssueKind::Scale { min, max, .. } => (*min, *max),
                IssueKind::Options { options } => (1.0, options.len() as f64),
            };
            let (unit, options) = match &issue.kind {
                IssueKind::Scale { unit, .. } => {
                    (Some(unit.clone()).filter(|u| !u.is_empty()), None)
                }
                IssueKind::Options { options } => (None, Some(options.clone())),
            };
            let positions: Vec<_> = s.positions.iter().filter(|p| p.issue.index == k).collect();
            let mut u = Uncertain::certain(Problem {
                dimensions: vec![Dimension::new(issue.id.clone(), min, max)],
                actors: positions
                    .iter()
                    .map(|p| {
                        let a = &s.actors[p.actor.index];
                        Actor {
                            name: a.id.clone(),
                            capability: a.capability,
                            position: vec![match &p.at {
                                Value::Number(x) => *x,
                                Value::Option { index, .. } => *index as f64 + 1.0,
                            }],
                            salience: vec![p.salience],
                        }
                    })
                    .collect(),
            });
            for (i, p) in positions.iter().enumerate() {
                u.position_sd[i][0] = p.at_sd;
                u.salience_sd[i][0] = p.salience_sd;
                u.capability_sd[i] = s.actors[p.actor.index].capability_sd;
            }
            Subject {
                id: issue.id.clone(),
                name: issue.name.clone(),
                dimensions: vec![DimensionInfo {
                    name: issue.id.clone(),
                    min,
                    max,
                    unit,
                    options,
                }],
                actor_ids: positions.iter().map(|p| p.actor.id.clone()).collect(),
                uncertain: u,
            }
        })
        .collect()
}

/// A KTAB CSV scenario: one subject with all its dimensions.
pub fn subject_from_ktab(k: &KtabScenario) -> Subject {
    let p = &k.problem;
    Subject {
        id: k.name.clone(),
        name: if k.description.is_empty() {
            k.name.clone()
        } else {
            k.description.clone()
        },
        dimensions: p
            .dimensions
            .iter()
            .map(|d| DimensionInfo {
                name: d.name.clone(),
                min: d.min,
                max: d.max,
                unit: None,
                options: None,
            })
            .collect(),
        actor_ids: p.actors.iter().map(|a| a.name.clone()).collect(),
        uncertain: Uncertain::certain(p.clone()),
    }
}

/// A Decide file: one subject per issue.
pub fn subjects_from_decide(d: &DecideFile) -> Vec<Subject> {
    d.issues
        .iter()
        .map(|i| Subject {
            id: i.id.clone(),
            name: if i.description.is_empty() {
                i.id.clone()
            } else {
                i.description.clone()
            },
            dimensions: vec![DimensionInfo {
                name: i.id.clone(),
                min: i.problem.dimensions[0].min,
                max: i.problem.dimensions[0].max,
                unit: None,
                options: None,
            }],
            actor_ids: i.actor_ids.clone(),
            uncertain: Uncertain::certain(i.problem.clone()),
        })
        .collect()
}

/// The forecasts of every subject.
#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct ForecastReport {
    /// The models that ran, in the order front ends list them.
    pub models: Vec<ModelInfo>,
    pub runs: usize,
    pub seed: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub noise: Option<f64>,
    pub issues: Vec<IssueForecast>,
}

/// A model as front ends name it, from the registry.
#[derive(Clone, Debug, PartialEq, Serialize, schemars::JsonSchema)]
pub struct ModelInfo {
    pub id: String,
    pub label: String,
    /// What it is, with the parameters used, for a report's method note.
    pub about: String,
    /// The caption of its trajectory chart, for models that move actors
    /// round by round.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub trajectory: Option<String>,
}

#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct ActorInput {
    pub id: String,
    pub capability: f64,
    pub position: Vec<f64>,
    pub salience: Vec<f64>,
}

/// One subject's forecasts.
#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct IssueForecast {
    pub id: String,
    pub name: String,
    pub dimensions: Vec<DimensionInfo>,
    pub actors: Vec<ActorInput>,
    pub models: Vec<ModelResult>,
    /// Models that could not run, and why.
    pub skipped: Vec<Skipped>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub monte_carlo: Option<Vec<ModelDistribution>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sensitivity: Option<Vec<ModelSensitivity>>,
    /// The settlement rule ([`settle`]) applied to the models' forecasts on
    /// each Monte Carlo draw: the band of the brief's "where it lands".
    #[serde(skip_serializing_if = "Option::is_none")]
    pub settlement: Option<ModelDistribution>,
    /// Cut short by a spent budget (never kept in a memo).
    #[serde(skip)]
    pub unfinished: bool,
}

#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct Skipped {
    pub model: String,
    pub reason: String,
}

/// One model's forecast and how it got there.
#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct ModelResult {
    /// The model's id.
    pub model: String,
    /// The forecast on each dimension.
    pub forecast: Vec<f64>,
    /// For an options issue: the option nearest the forecast.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub option: Option<String>,
    /// Every actor's position (one value per dimension) at the start and
    /// after every round or turn, keyed by actor id.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub trajectory: Vec<BTreeMap<String, Vec<f64>>>,
    /// SMP: each actor's position's probability of winning, per state.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub probabilities: Vec<BTreeMap<String, f64>>,
    /// Expected utility: every dyad of every round.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub dyads: Vec<DyadRow>,
    /// Iterative models: the forecast after each round or state
    /// (`rounds[round][dimension]`), from which the brief tells a settled
    /// run from an oscillating one.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rounds: Vec<Vec<f64>>,
}

/// The settlement the models point to together: on a scale, the median of
/// their forecasts; on an options issue (`options` = how many, numbered
/// from 1) the option most of them name (each names the option nearest its
/// forecast), ties going to the middle one of the tied options (the lower
/// middle's neighbour toward the scale's centre when their count is even).
/// `None` when no model forecast.
pub fn settle(forecasts: &[f64], options: Option<usize>) -> Option<f64> {
    if forecasts.is_empty() {
        return None;
    }
    let mut xs = forecasts.to_vec();
    xs.sort_by(f64::total_cmp);
    let n = xs.len();
    let Some(count) = options else {
        return Some(if n % 2 == 1 {
            xs[n / 2]
        } else {
            (xs[n / 2 - 1] + xs[n / 2]) / 2.0
        });
    };
    let named = |x: f64| x.round().clamp(1.0, count.max(1) as f64) as usize;
    let mut votes = vec![0usize; count.max(1) + 1];
    for &x in &xs {
        votes[named(x)] += 1;
    }
    let most = votes.iter().copied().max().unwrap_or(0);
    let tied: Vec<usize> = (1..votes.len()).filter(|&o| votes[o] == most).collect();
    let m = tied.len();
    if m % 2 == 1 {
        return Some(tied[m / 2] as f64);
    }
    let mid = (tied[m / 2 - 1] + tied[m / 2]) as f64 / 2.0;
    let centre = (1.0 + count as f64) / 2.0;
    // Round the midpoint of the two middle options toward the centre.
    Some(if mid < centre {
        mid.ceil()
    } else {
        mid.floor()
    })
}

/// A dyad of the expected-utility model, by actor id.
#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct DyadRow {
    pub round: usize,
    pub dimension: usize,
    /// Whose view; its position may move.
    pub receiver: String,
    pub proposer: String,
    pub eu_receiver: f64,
    pub eu_proposer: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub offer: Option<OfferKind>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub position: Option<f64>,
    pub taken: bool,
}

/// A ranked sensitivity table for one model.
#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct ModelSensitivity {
    pub model: String,
    pub rows: Vec<SensitivityRow>,
}

#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct SensitivityRow {
    pub input: InputKind,
    pub actor: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dimension: Option<String>,
    pub from: f64,
    pub to: f64,
    pub low: Vec<f64>,
    pub high: Vec<f64>,
    pub swing: f64,
}

impl ForecastOptions {
    /// The models that run, in registry order.
    pub fn chosen(&self) -> Vec<Arc<dyn ForecastModel>> {
        self.registry
            .iter()
            .filter(|m| self.models.is_empty() || self.models.iter().any(|id| id == m.id()))
            .cloned()
            .collect()
    }
}

impl ForecastReport {
    fn new(
        o: &ForecastOptions,
        mut issues: Vec<IssueForecast>,
        subjects: &[Subject],
    ) -> ForecastReport {
        let chosen = o.chosen();
        across_issues(subjects, o, &chosen, &mut issues);
        ForecastReport {
            models: chosen
                .iter()
                .map(|m| ModelInfo {
                    id: m.id().to_owned(),
                    label: m.label().to_owned(),
                    about: m.about(&o.params),
                    trajectory: m.trajectory_caption().map(str::to_owned),
                })
                .collect(),
            runs: o.runs,
            seed: o.seed,
            noise: o.noise,
            issues,
        }
    }
}

/// Forecasts every subject. `progress(done, total)` counts Monte Carlo runs
/// over all subjects.
pub fn forecast_all(
    subjects: &[Subject],
    o: &ForecastOptions,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> ForecastReport {
    forecast_within(subjects, o, &Budget::default(), progress)
}

/// [`forecast_all`] within a budget: once it is spent, no further Monte
/// Carlo runs or sweeps are made, and the issues they were for say so
/// among their skipped models instead of reporting partial distributions.
pub fn forecast_within(
    subjects: &[Subject],
    o: &ForecastOptions,
    budget: &Budget,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> ForecastReport {
    let total = o.runs * subjects.len();
    let issues = subjects
        .iter()
        .enumerate()
        .map(|(k, s)| {
            let offset = k * o.runs;
            forecast_subject(s, o, budget, &|done| progress(offset + done, total))
        })
        .collect();
    ForecastReport::new(o, issues, subjects)
}

/// Issue forecasts kept across analyses, keyed by everything they depend
/// on: the subject (actors' capabilities, positions, saliences and their
/// uncertainties, the scale) and the options.
///
/// Each issue's forecast, Monte Carlo included, is a function of its own
/// inputs and the seed alone (runs are seeded per run, not per issue), so an
/// edit to one issue's salience recomputes that issue only and the rest come
/// back bit for bit. The web app keeps one across requests.
pub struct ForecastMemo {
    capacity: usize,
    entries: std::sync::Mutex<std::collections::VecDeque<(String, IssueForecast)>>,
}

impl ForecastMemo {
    /// Keeps the `capacity` most recently used issue forecasts.
    pub fn new(capacity: usize) -> ForecastMemo {
        ForecastMemo {
            capacity,
            entries: std::sync::Mutex::new(std::collections::VecDeque::new()),
        }
    }

    fn get_or(&self, key: String, f: impl FnOnce() -> IssueForecast) -> IssueForecast {
        let lock = || {
            self.entries
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
        };
        {
            let mut e = lock();
            if let Some(at) = e.iter().position(|(k, _)| *k == key) {
                let hit = e.remove(at).expect("the position was just found");
                let value = hit.1.clone();
                e.push_front(hit);
                return value;
            }
        }
        let value = f();
        // What a spent budget cut short is not kept.
        if value.unfinished {
            return value;
        }
        let mut e = lock();
        if !e.iter().any(|(k, _)| *k == key) {
            e.push_front((key, value.clone()));
            e.truncate(self.capacity);
        }
        value
    }
}

/// [`forecast_all`], taking each issue from `memo` when it was forecast
/// before with the same inputs and options.
pub fn forecast_all_memo(
    subjects: &[Subject],
    o: &ForecastOptions,
    memo: &ForecastMemo,
    budget: &Budget,
) -> ForecastReport {
    let issues = subjects
        .iter()
        .map(|s| {
            // Debug prints every f64 so that it reads back exactly.
            let key = format!("{s:?}\n{o:?}");
            memo.get_or(key, || forecast_subject(s, o, budget, &|_| {}))
        })
        .collect();
    ForecastReport::new(o, issues, subjects)
}

fn forecast_subject(
    s: &Subject,
    o: &ForecastOptions,
    budget: &Budget,
    progress: &(dyn Fn(usize) + Sync),
) -> IssueForecast {
    let p = &s.uncertain.problem;
    let id = |i: usize| s.actor_ids[i].clone();
    let mut models = Vec::new();
    let mut skipped = Vec::new();
    let mut runnable: Vec<Arc<dyn ForecastModel>> = Vec::new();
    for m in o.chosen().into_iter().filter(|m| m.scope() == Scope::Issue) {
        match m.explain(p, &o.params) {
            Ok(run) => {
                models.push(model_result(s, m.id(), run));
                runnable.push(m);
            }
            Err(reason) => skipped.push(Skipped {
                model: m.id().to_owned(),
                reason,
            }),
        }
    }
    let uncertain = match o.noise {
        Some(f) => s.uncertain.clone().with_noise(f),
        None => s.uncertain.clone(),
    };
    let draws = (o.runs > 0 && !runnable.is_empty()).then(|| {
        let eval = |p: &Problem, j: usize| {
            if budget.is_spent() {
                return None;
            }
            runnable[j].forecast(p, &o.params).ok()
        };
        monte_carlo::monte_carlo_draws(&uncertain, runnable.len(), o.runs, o.seed, progress, &eval)
    });
    let monte_carlo = draws.as_ref().map(|d| {
        monte_carlo::runs_of(d, runnable.len(), &p.dimensions)
            .into_iter()
            .zip(&runnable)
            .map(|(r, m)| ModelDistribution::new(m.id(), r))
            .collect()
    });
    let settlement = draws.as_ref().map(|d| {
        let options = s
            .dimensions
            .first()
            .and_then(|d| d.options.as_ref().map(Vec::len));
        // One "function" per draw: the settlement of that draw's forecasts.
        let one: Vec<Vec<Option<Vec<f64>>>> = d
            .iter()
            .map(|run| {
                vec![
                    (0..p.dimensions.len())
                        .map(|k| {
                            let xs: Vec<f64> = run.iter().flatten().map(|f| f[k]).collect();
                            settle(&xs, options.filter(|_| p.dimensions.len() == 1))
                        })
                        .collect(),
                ]
            })
            .collect();
        let r = monte_carlo::runs_of(&one, 1, &p.dimensions).remove(0);
        ModelDistribution::new("settlement", r)
    });
    let sensitivity = o.sensitivity.map(|step| {
        runnable
            .iter()
            .filter_map(|m| {
                let f = |p: &Problem| match budget.spent() {
                    Some(why) => Err(why.to_owned()),
                    None => m.forecast(p, &o.params),
                };
                let rows = monte_carlo::sensitivity_by(&uncertain, step, &f).ok()?;
                Some(ModelSensitivity {
                    model: m.id().to_owned(),
                    rows: rows
                        .into_iter()
                        .map(|r| {
                            let (input, actor, dimension) = match r.input {
                                Input::Position { actor, dimension } => {
                                    (InputKind::Position, actor, Some(dimension))
                                }
                                Input::Salience { actor, dimension } => {
                                    (InputKind::Salience, actor, Some(dimension))
                                }
                                Input::Capability { actor } => (InputKind::Capability, actor, None),
                            };
                            SensitivityRow {
                                input,
                                actor: id(actor),
                                dimension: dimension.map(|d| s.dimensions[d].name.clone()),
                                from: r.from,
                                to: r.to,
                                low: r.low,
                                high: r.high,
                                swing: r.swing,
                            }
                        })
                        .collect(),
                })
            })
            .collect()
    });
    // A spent budget leaves runs unmade: say so rather than report them.
    let (monte_carlo, sensitivity, settlement, unfinished) = match budget.spent() {
        Some(why) if monte_carlo.is_some() || sensitivity.is_some() => {
            for m in &runnable {
                skipped.push(Skipped {
                    model: m.id().to_owned(),
                    reason: format!("Monte Carlo and sensitivity not finished: {why}"),
                });
            }
            (None, None, None, true)
        }
        _ => (monte_carlo, sensitivity, settlement, false),
    };
    IssueForecast {
        unfinished,
        id: s.id.clone(),
        name: s.name.clone(),
        dimensions: s.dimensions.clone(),
        actors: p
            .actors
            .iter()
            .enumerate()
            .map(|(i, a)| ActorInput {
                id: id(i),
                capability: a.capability,
                position: a.position.clone(),
                salience: a.salience.clone(),
            })
            .collect(),
        models,
        skipped,
        monte_carlo,
        sensitivity,
        settlement,
    }
}

/// A model's run on an issue, actors named by id, and for an options issue
/// the option nearest the forecast.
fn model_result(s: &Subject, model: &str, run: ModelRun) -> ModelResult {
    let ids = &s.actor_ids;
    let option = s
        .dimensions
        .first()
        .and_then(|d| d.options.as_ref())
        .zip(run.forecast.first())
        .map(|(options, x)| {
            let k = x.round().clamp(1.0, options.len() as f64) as usize;
            options[k - 1].clone()
        });
    ModelResult {
        model: model.to_owned(),
        option,
        trajectory: run
            .trajectory
            .iter()
            .map(|step| ids.iter().cloned().zip(step.iter().cloned()).collect())
            .collect(),
        probabilities: run
            .probabilities
            .iter()
            .map(|step| ids.iter().cloned().zip(step.iter().copied()).collect())
            .collect(),
        rounds: run.rounds,
        dyads: run
            .dyads
            .iter()
            .map(|d| DyadRow {
                round: d.round,
                dimension: d.dimension,
                receiver: ids[d.receiver].clone(),
                proposer: ids[d.proposer].clone(),
                eu_receiver: d.eu_receiver,
                eu_proposer: d.eu_proposer,
                offer: d.offer,
                position: d.position,
                taken: d.taken,
            })
            .collect(),
        forecast: run.forecast,
    }
}

/// The models that forecast every issue at once: run once on the stated
/// inputs, their results added to each issue (or the reason they could
/// not run).
fn across_issues(
    subjects: &[Subject],
    o: &ForecastOptions,
    chosen: &[Arc<dyn ForecastModel>],
    issues: &mut [IssueForecast],
) {
    let problems: Vec<&Problem> = subjects.iter().map(|s| &s.uncertain.problem).collect();
    for m in chosen.iter().filter(|m| m.scope() == Scope::AcrossIssues) {
        match m.forecast_across(&problems, &o.params) {
            Ok(runs) if runs.len() == subjects.len() => {
                for ((issue, s), run) in issues.iter_mut().zip(subjects).zip(runs) {
                    issue.models.push(model_result(s, m.id(), run));
                }
            }
            Ok(runs) => {
                let reason = format!("gave {} results for {} issues", runs.len(), subjects.len());
                for issue in issues.iter_mut() {
                    issue.skipped.push(Skipped {
                        model: m.id().to_owned(),
                        reason: reason.clone(),
                    });
                }
            }
            Err(reason) => {
                for issue in issues.iter_mut() {
                    issue.skipped.push(Skipped {
                        model: m.id().to_owned(),
                        reason: reason.clone(),
                    });
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_scenario_forecasts_every_issue() {
        let loaded = detente_scenario::load("berlin", detente_scenario::BERLIN_2025_12);
        let scenario = loaded.scenario.expect("the built-in scenario is valid");
        let subjects = subjects_from_scenario(&scenario);
        assert_eq!(subjects.len(), scenario.issues.len());
        let o = ForecastOptions {
            runs: 50,
            sensitivity: Some(0.1),
            ..ForecastOptions::default()
        };
        let r = forecast_all(&subjects, &o, &|_, _| {});
        for issue in &r.issues {
            let ran: Vec<String> = issue.models.iter().map(|m| m.model.clone()).collect();
            for m in &ran {
                let mc = issue.monte_carlo.as_ref().unwrap();
                assert!(mc.iter().any(|d| d.model == *m));
            }
            for m in &issue.models {
                let d = &issue.dimensions[0];
                assert!(
                    (d.min..=d.max).contains(&m.forecast[0]),
                    "{} {:?}: {} outside the scale",
                    issue.id,
                    m.model,
                    m.forecast[0]
                );
            }
        }
    }

    #[test]
    fn memo_gives_the_same_forecasts_and_recomputes_only_edited_issues() {
        let o = ForecastOptions {
            runs: 30,
            ..ForecastOptions::default()
        };
        let text = detente_scenario::BERLIN_2025_12;
        let edited = text.replacen("salience = 0.95", "salience = 0.35", 1);
        assert_ne!(edited, text);
        let memo = ForecastMemo::new(64);
        for t in [text, edited.as_str(), text] {
            let s = detente_scenario::load("berlin", t).scenario.unwrap();
            let subjects = subjects_from_scenario(&s);
            let full = serde_json::to_value(forecast_all(&subjects, &o, &|_, _| {})).unwrap();
            let kept =
                serde_json::to_value(forecast_all_memo(&subjects, &o, &memo, &Budget::default()))
                    .unwrap();
            assert_eq!(full, kept);
        }
        // The Berlin issues, plus the one issue the edit changed.
        let issues = detente_scenario::load("berlin", text)
            .scenario
            .unwrap()
            .issues
            .len();
        assert_eq!(memo.entries.lock().unwrap().len(), issues + 1);
    }
}
