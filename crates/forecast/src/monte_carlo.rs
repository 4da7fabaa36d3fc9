//! Forecasts under uncertain inputs: draw every uncertain input, run the
//! models, summarise the forecasts (mean, quantiles, histogram), and a
//! one-at-a-time sensitivity sweep.
//!
//! Inputs are drawn independently from normal distributions with the
//! stated standard deviations, then clipped to their domains (positions to
//! the dimension's scale, saliences to [0, 1], capabilities to positive).
//! Run r draws from its own ChaCha8 stream seeded by (seed, r), and the
//! results are gathered in run order, so a given seed gives the same
//! numbers whatever the number of threads.

use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use rand_distr::{Distribution, Normal};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::expected_utility::{self, EuOptions};
use crate::problem::{Dimension, Problem, ProblemError};
use crate::smp::{self, SmpParams};

/// The forecasting models.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Model {
    Compromise,
    Median,
    ExpectedUtility,
    Smp,
}

impl Model {
    pub const ALL: [Model; 4] = [
        Model::Compromise,
        Model::Median,
        Model::ExpectedUtility,
        Model::Smp,
    ];

    /// Fewest actors the model runs with.
    pub fn min_actors(self) -> usize {
        match self {
            Model::Compromise | Model::Median => 1,
            Model::ExpectedUtility => 2,
            Model::Smp => 3,
        }
    }
}

/// Options for every model.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct Models {
    pub eu: EuOptions,
    pub smp: SmpParams,
}

/// The forecast of `model` on every dimension.
pub fn forecast(p: &Problem, model: Model, o: &Models) -> Result<Vec<f64>, ProblemError> {
    p.check(model.min_actors())?;
    Ok(match model {
        Model::Compromise => crate::compromise::compromise(p),
        Model::Median => crate::median::median(p),
        Model::ExpectedUtility => (0..p.dimensions.len())
            .map(|k| expected_utility::run(p, k, &o.eu).map(|r| r.forecast()))
            .collect::<Result<_, _>>()?,
        Model::Smp => smp::run(p, &o.smp)?.forecast(),
    })
}

/// A problem with standard deviations for its inputs (0 = certain).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Uncertain {
    pub problem: Problem,
    /// Per actor and dimension, in scale units.
    pub position_sd: Vec<Vec<f64>>,
    /// Per actor and dimension.
    pub salience_sd: Vec<Vec<f64>>,
    /// Per actor.
    pub capability_sd: Vec<f64>,
}

impl Uncertain {
    /// Every input certain.
    pub fn certain(problem: Problem) -> Uncertain {
        let (n, d) = (problem.actors.len(), problem.dimensions.len());
        Uncertain {
            position_sd: vec![vec![0.0; d]; n],
            salience_sd: vec![vec![0.0; d]; n],
            capability_sd: vec![0.0; n],
            problem,
        }
    }

    /// Gives every input without a stated uncertainty a relative one: `f`
    /// of the scale's width for positions, `f` for saliences and `f` of the
    /// value for capabilities.
    pub fn with_noise(mut self, f: f64) -> Uncertain {
        for (i, a) in self.problem.actors.iter().enumerate() {
            for (k, d) in self.problem.dimensions.iter().enumerate() {
                if self.position_sd[i][k] == 0.0 {
                    self.position_sd[i][k] = f * (d.max - d.min);
                }
                if self.salience_sd[i][k] == 0.0 {
                    self.salience_sd[i][k] = f;
                }
            }
            if self.capability_sd[i] == 0.0 {
                self.capability_sd[i] = f * a.capability;
            }
        }
        self
    }

    /// Whether any input is uncertain.
    pub fn is_uncertain(&self) -> bool {
        self.capability_sd.iter().any(|&s| s > 0.0)
            || self.position_sd.iter().flatten().any(|&s| s > 0.0)
            || self.salience_sd.iter().flatten().any(|&s| s > 0.0)
    }

    /// One draw of the inputs.
    pub fn draw(&self, rng: &mut ChaCha8Rng) -> Problem {
        let mut p = self.problem.clone();
        let mut normal = |mean: f64, sd: f64| -> f64 {
            if sd > 0.0 {
                Normal::new(mean, sd).map_or(mean, |n| n.sample(rng))
            } else {
                mean
            }
        };
        for (i, a) in p.actors.iter_mut().enumerate() {
            let c = normal(a.capability, self.capability_sd[i]);
            a.capability = c.max(a.capability * 1e-6);
            for (k, d) in self.problem.dimensions.iter().enumerate() {
                a.position[k] = normal(a.position[k], self.position_sd[i][k]).clamp(d.min, d.max);
                // A small floor keeps the SMP's salience-weighted distances defined.
                a.salience[k] = normal(a.salience[k], self.salience_sd[i][k]).clamp(1e-6, 1.0);
            }
        }
        p
    }
}

/// Seed of run `r`: splitmix64 of the user's seed and the run number.
///
/// Public so that other seeded draws (the packages robustness of
/// `detente-analysis`) follow the same scheme.
pub fn run_seed(seed: u64, r: u64) -> u64 {
    let mut z = seed ^ r.wrapping_mul(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// Distribution of one forecast over the runs.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Summary {
    pub runs: usize,
    pub mean: f64,
    /// 5, 25, 50, 75 and 95% quantiles.
    pub quantiles: [f64; 5],
    pub histogram: Histogram,
}

/// Equal-width bins over the dimension's scale.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Histogram {
    pub min: f64,
    pub max: f64,
    pub counts: Vec<usize>,
}

/// Number of histogram bins.
pub const BINS: usize = 20;

/// Linear-interpolation quantile (type 7) of sorted values.
fn quantile(sorted: &[f64], q: f64) -> f64 {
    let h = (sorted.len() - 1) as f64 * q;
    let (lo, hi) = (h.floor() as usize, h.ceil() as usize);
    sorted[lo] + (h - lo as f64) * (sorted[hi] - sorted[lo])
}

/// Mean, quantiles and histogram of `values` on the scale [min, max];
/// `None` when there are none.
pub fn summarise(values: &[f64], min: f64, max: f64) -> Option<Summary> {
    if values.is_empty() {
        return None;
    }
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    let mut counts = vec![0; BINS];
    for &v in values {
        let b = (((v - min) / (max - min)) * BINS as f64).floor();
        counts[(b.max(0.0) as usize).min(BINS - 1)] += 1;
    }
    Some(Summary {
        runs: values.len(),
        mean: values.iter().sum::<f64>() / values.len() as f64,
        quantiles: [0.05, 0.25, 0.5, 0.75, 0.95].map(|q| quantile(&sorted, q)),
        histogram: Histogram { min, max, counts },
    })
}

/// Monte Carlo result for one model.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ModelDistribution {
    pub model: Model,
    /// Per dimension; `None` when no run succeeded.
    pub dimensions: Vec<Option<Summary>>,
    /// Runs in which the model could not run on the drawn inputs.
    pub failed: usize,
}

/// Runs every model `runs` times on draws of `u`. `progress` is called with
/// the number of runs finished (from any thread).
pub fn monte_carlo(
    u: &Uncertain,
    models: &[Model],
    o: &Models,
    runs: usize,
    seed: u64,
    progress: &(dyn Fn(usize) + Sync),
) -> Vec<ModelDistribution> {
    let eval = |p: &Problem, j: usize| forecast(p, models[j], o).ok();
    monte_carlo_by(u, models.len(), runs, seed, progress, &eval)
        .into_iter()
        .zip(models)
        .map(|(r, &model)| ModelDistribution {
            model,
            dimensions: r.dimensions,
            failed: r.failed,
        })
        .collect()
}

/// One forecasting function's results over the runs.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Runs {
    /// Per dimension; `None` when no run succeeded.
    pub dimensions: Vec<Option<Summary>>,
    /// Runs in which it could not run on the drawn inputs.
    pub failed: usize,
}

/// Monte Carlo for any `count` forecasting functions: `eval(p, j)` is the
/// `j`-th one's forecast on the draw `p`, `None` when it cannot run there.
/// Run `r` draws from its own seeded generator, so the numbers are the same
/// whatever the thread count, and the same as [`monte_carlo`]'s.
pub fn monte_carlo_by(
    u: &Uncertain,
    count: usize,
    runs: usize,
    seed: u64,
    progress: &(dyn Fn(usize) + Sync),
    eval: &(dyn Fn(&Problem, usize) -> Option<Vec<f64>> + Sync),
) -> Vec<Runs> {
    let results = monte_carlo_draws(u, count, runs, seed, progress, eval);
    runs_of(&results, count, &u.problem.dimensions)
}

/// Every run's result of [`monte_carlo_by`], unsummarised:
/// `draws[run][function]`, `None` where the function could not run on that
/// draw. For callers that combine the functions' results draw by draw (the
/// settlement rule of `detente-analysis` takes the median of the models on
/// each draw).
pub fn monte_carlo_draws(
    u: &Uncertain,
    count: usize,
    runs: usize,
    seed: u64,
    progress: &(dyn Fn(usize) + Sync),
    eval: &(dyn Fn(&Problem, usize) -> Option<Vec<f64>> + Sync),
) -> Vec<Vec<Option<Vec<f64>>>> {
    let done = std::sync::atomic::AtomicUsize::new(0);
    (0..runs)
        .into_par_iter()
        .map(|r| {
            let mut rng = ChaCha8Rng::seed_from_u64(run_seed(seed, r as u64));
            let p = u.draw(&mut rng);
            let out = (0..count).map(|j| eval(&p, j)).collect();
            progress(done.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1);
            out
        })
        .collect()
}

/// Each of `count` functions' results over the draws of
/// [`monte_carlo_draws`], summarised per dimension.
pub fn runs_of(results: &[Vec<Option<Vec<f64>>>], count: usize, dims: &[Dimension]) -> Vec<Runs> {
    (0..count)
        .map(|mi| {
            let ok: Vec<&Vec<f64>> = results.iter().filter_map(|r| r[mi].as_ref()).collect();
            Runs {
                dimensions: dims
                    .iter()
                    .enumerate()
                    .map(|(k, d)| {
                        let v: Vec<f64> = ok.iter().map(|f| f[k]).collect();
                        summarise(&v, d.min, d.max)
                    })
                    .collect(),
                failed: results.len() - ok.len(),
            }
        })
        .collect()
}

/// Which input a sensitivity row varies.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "kebab-case", tag = "input")]
pub enum Input {
    Position { actor: usize, dimension: usize },
    Salience { actor: usize, dimension: usize },
    Capability { actor: usize },
}

/// The forecast with one input moved down and up.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Sensitivity {
    #[serde(flatten)]
    pub input: Input,
    /// The input's low and high values.
    pub from: f64,
    pub to: f64,
    /// Forecast on each dimension with the input low, and high.
    pub low: Vec<f64>,
    pub high: Vec<f64>,
    /// Largest change of the forecast on any dimension, as a share of that
    /// dimension's scale.
    pub swing: f64,
}

/// One-at-a-time sweep: each input moved by its standard deviation, or by
/// `step` of its range where none is stated (positions: the scale; saliences:
/// [0, 1]; capabilities: ×(1 ± step)), clipped to its domain. Rows are
/// ranked by swing, largest first (ties in input order).
pub fn sensitivity(
    u: &Uncertain,
    model: Model,
    o: &Models,
    step: f64,
) -> Result<Vec<Sensitivity>, ProblemError> {
    sensitivity_by(u, step, &|p: &Problem| forecast(p, model, o))
}

/// [`sensitivity`] for any forecasting function `f`; its error on the
/// unmoved inputs is the sweep's.
pub fn sensitivity_by<E>(
    u: &Uncertain,
    step: f64,
    f: &(dyn Fn(&Problem) -> Result<Vec<f64>, E> + Sync),
) -> Result<Vec<Sensitivity>, E> {
    let base = &u.problem;
    f(base)?;
    let mut inputs = Vec::new();
    for (i, a) in base.actors.iter().enumerate() {
        for (k, d) in base.dimensions.iter().enumerate() {
            let sd = u.position_sd[i][k];
            let delta = if sd > 0.0 { sd } else { step * (d.max - d.min) };
            let x = a.position[k];
            inputs.push((
                Input::Position {
                    actor: i,
                    dimension: k,
                },
                (x - delta).max(d.min),
                (x + delta).min(d.max),
            ));
            let sd = u.salience_sd[i][k];
            let delta = if sd > 0.0 { sd } else { step };
            let s = a.salience[k];
            inputs.push((
                Input::Salience {
                    actor: i,
                    dimension: k,
                },
                (s - delta).max(1e-6),
                (s + delta).min(1.0),
            ));
        }
        let sd = u.capability_sd[i];
        let c = a.capability;
        let delta = if sd > 0.0 { sd } else { step * c };
        inputs.push((
            Input::Capability { actor: i },
            (c - delta).max(c * 1e-6),
            c + delta,
        ));
    }
    let set = |input: &Input, v: f64| -> Problem {
        let mut p = base.clone();
        match *input {
            Input::Position { actor, dimension } => p.actors[actor].position[dimension] = v,
            Input::Salience { actor, dimension } => p.actors[actor].salience[dimension] = v,
            Input::Capability { actor } => p.actors[actor].capability = v,
        }
        p
    };
    let mut rows: Vec<Sensitivity> = inputs
        .into_par_iter()
        .filter_map(|(input, from, to)| {
            let low = f(&set(&input, from)).ok()?;
            let high = f(&set(&input, to)).ok()?;
            let swing = base
                .dimensions
                .iter()
                .enumerate()
                .map(|(k, d)| (high[k] - low[k]).abs() / (d.max - d.min))
                .fold(0.0, f64::max);
            Some(Sensitivity {
                input,
                from,
                to,
                low,
                high,
                swing,
            })
        })
        .collect();
    rows.sort_by(|a, b| b.swing.total_cmp(&a.swing));
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::problem::{Actor, Dimension};

    fn problem() -> Problem {
        Problem {
            dimensions: vec![Dimension::new("x", 0.0, 100.0)],
            actors: (0..5)
                .map(|i| Actor {
                    name: format!("A{i}"),
                    capability: 10.0 + i as f64,
                    position: vec![20.0 * i as f64],
                    salience: vec![0.5 + 0.1 * i as f64],
                })
                .collect(),
        }
    }

    /// Same seed, same numbers, whatever the thread count.
    #[test]
    fn deterministic_across_thread_counts() {
        let u = Uncertain::certain(problem()).with_noise(0.1);
        let run = |threads: usize| {
            rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .unwrap()
                .install(|| monte_carlo(&u, &Model::ALL, &Models::default(), 200, 7, &|_| {}))
        };
        let one = run(1);
        assert_eq!(one, run(3));
        assert_ne!(one, {
            monte_carlo(&u, &Model::ALL, &Models::default(), 200, 8, &|_| {})
        });
        let compromise = one[0].dimensions[0].as_ref().unwrap();
        assert_eq!(compromise.runs, 200);
        assert_eq!(compromise.histogram.counts.iter().sum::<usize>(), 200);
        let q = compromise.quantiles;
        assert!(q.windows(2).all(|w| w[0] <= w[1]), "{q:?}");
    }

    /// With certain inputs every run gives the deterministic forecast.
    #[test]
    fn certain_inputs_give_one_value() {
        let u = Uncertain::certain(problem());
        let mc = monte_carlo(&u, &[Model::Compromise], &Models::default(), 10, 1, &|_| {});
        let s = mc[0].dimensions[0].as_ref().unwrap();
        let f = forecast(&u.problem, Model::Compromise, &Models::default()).unwrap()[0];
        assert_eq!(s.quantiles, [f; 5]);
    }

    /// Moving the most capable, most salient actor moves the compromise most.
    #[test]
    fn sensitivity_ranks_by_swing() {
        let u = Uncertain::certain(problem());
        let rows = sensitivity(&u, Model::Compromise, &Models::default(), 0.1).unwrap();
        assert_eq!(
            rows[0].input,
            Input::Position {
                actor: 4,
                dimension: 0
            }
        );
        assert!(rows.windows(2).all(|w| w[0].swing >= w[1].swing));
    }
}
