//! What an analysis may spend, and a way to stop it.
//!
//! Before it starts, an analysis is sized ([`Estimate`]): states, outcomes,
//! grid values, Monte Carlo values and memory, against the scenario's
//! [`Limits`]; what would pass a limit is refused with a diagnostic instead
//! of running out of memory.
//!
//! Every lens runs under a [`Budget`]: a deadline and a cancellation token,
//! both optional. The facade checks it between lenses and between issues,
//! and hands the engines' inner loops a check (Monte Carlo evaluates no more
//! runs once it is spent), so that a caller — the app's request timeout, a
//! user's Ctrl-C — can stop an analysis without the engines knowing about
//! either. What a spent budget stops is never reported as a result: the lens
//! says it was not finished, and why.

use std::sync::Arc;

use detente_scenario::budget::{Limits, thousands};
use detente_scenario::{Code, Diagnostic, Scenario};
use serde::Serialize;

use crate::forecast::{ForecastOptions, Subject};
use crate::packages;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

/// A token any thread can cancel; clones share it.
#[derive(Clone, Debug, Default)]
pub struct Cancel(Arc<AtomicBool>);

impl Cancel {
    pub fn cancel(&self) {
        self.0.store(true, Ordering::Relaxed);
    }

    pub fn is_cancelled(&self) -> bool {
        self.0.load(Ordering::Relaxed)
    }
}

/// A deadline and a cancellation token; the default has neither.
#[derive(Clone, Debug, Default)]
pub struct Budget {
    pub deadline: Option<Instant>,
    pub cancel: Cancel,
}

impl Budget {
    /// Why the budget is spent, if it is.
    pub fn spent(&self) -> Option<&'static str> {
        if self.cancel.is_cancelled() {
            Some("the analysis was cancelled")
        } else if self.deadline.is_some_and(|d| Instant::now() >= d) {
            Some("the analysis ran out of its time budget")
        } else {
            None
        }
    }

    pub fn is_spent(&self) -> bool {
        self.spent().is_some()
    }
}

/// Bytes one Monte Carlo value costs while its issue's runs are kept for
/// their quantiles: the value, its run's vectors and their allocations
/// (measured by `bench/budget.sh`: 347 MB for 10^6 runs of one issue).
pub const MC_BYTES_PER_VALUE: u64 = 80;

/// What an analysis will spend, estimated before it starts, beside the
/// limits it must stay within (`detente check` prints it; JSON `budget`).
#[derive(Clone, Debug, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Estimate {
    /// Feasible states of the conflict, when there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub states: Option<u64>,
    /// Packages of the packages lens (the product of its grids), when it
    /// runs; they are counted, not enumerated, unless `enumerated` says so.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub outcomes: Option<u128>,
    /// Outcomes the zone count enumerates one by one (three or more
    /// parties); two parties are counted by halves.
    pub enumerated: u128,
    /// The largest grid of one issue, and that issue's id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub grid_values: Option<(u64, String)>,
    /// Monte Carlo values drawn: runs × issue dimensions × models.
    pub monte_carlo_values: u128,
    /// Estimated peak memory of the largest lens, in bytes: the conflict's
    /// move lists or one issue's Monte Carlo runs (the frontier is held to
    /// its own limit of vectors instead).
    pub memory_bytes: u128,
    /// The limits (defaults, `[budget]`, `--budget`).
    pub limits: Limits,
}

impl Estimate {
    /// The estimate for every lens of `s` with forecast options `o`.
    pub fn of(s: &Scenario, o: &ForecastOptions) -> Estimate {
        let limits = s.budget;
        let states = s.conflict.as_ref().map(|c| c.states.len() as u64);
        let stability_bytes = s.conflict.as_ref().map_or(0, |c| {
            let form = c.option_form();
            form.move_bytes(c.states.len()) + c.states.len() as u128 * c.dms.len() as u128 * 64
        });
        let size = packages::size(s);
        let outcomes = size.as_ref().map(|(_, g)| {
            g.iter()
                .fold(1u128, |a, (_, n)| a.saturating_mul(*n as u128))
        });
        let grid_values = size.as_ref().and_then(|(_, g)| {
            g.iter()
                .max_by_key(|(_, n)| *n)
                .map(|(k, n)| (*n, s.issues[*k].id.clone()))
        });
        let parties = size.as_ref().map_or(0, |(m, _)| *m as u128);
        let enumerated = match outcomes {
            Some(n) if parties > 2 && n <= limits.outcomes as u128 => n,
            _ => 0,
        };
        let subjects = crate::forecast::subjects_from_scenario(s);
        let (monte_carlo_values, mc_bytes) = monte_carlo(&subjects, o);
        Estimate {
            states,
            outcomes,
            enumerated,
            grid_values,
            monte_carlo_values,
            memory_bytes: stability_bytes.max(mc_bytes),
            limits,
        }
    }

    /// The estimate of the forecast lens alone, on `subjects` (a scenario's
    /// or a peer file's issues).
    pub fn forecast(subjects: &[Subject], o: &ForecastOptions, limits: Limits) -> Estimate {
        let (monte_carlo_values, memory_bytes) = monte_carlo(subjects, o);
        Estimate {
            states: None,
            outcomes: None,
            enumerated: 0,
            grid_values: None,
            monte_carlo_values,
            memory_bytes,
            limits,
        }
    }

    /// What is over its limit, as error diagnostics at the file's start
    /// (no line of the file decides a command's runs or models). The
    /// validator has refused given steps and conflicts already; what a
    /// command's options add (runs, models) and default grids are refused
    /// here.
    pub fn refusals(&self) -> Vec<Diagnostic> {
        let at = 0..0;
        let mut out = Vec::new();
        let l = &self.limits;
        if let Some((n, id)) = self
            .grid_values
            .as_ref()
            .filter(|(n, _)| *n > l.grid_values)
        {
            out.push(
                Diagnostic::new(
                    Code::OverBudget,
                    format!(
                        "`{id}` has {} grid values, more than the budget of {}",
                        thousands(*n as u128),
                        thousands(l.grid_values as u128)
                    ),
                    at.clone(),
                )
                .label("the packages lens's grid")
                .help(format!(
                    "set a coarser `[packages] step` for `{id}`, or raise the budget: `--budget grid_values={n}` or `[budget] grid_values = {n}`"
                )),
            );
        }
        if self.monte_carlo_values > l.monte_carlo_values as u128 {
            out.push(
                Diagnostic::new(
                    Code::OverBudget,
                    format!(
                        "{} Monte Carlo values (runs × issues × models), more than the budget of {}",
                        thousands(self.monte_carlo_values),
                        thousands(l.monte_carlo_values as u128)
                    ),
                    at.clone(),
                )
                .label("with the runs and models this command asks for")
                .help(format!(
                    "ask for fewer runs (--runs) or models (--models), or raise the budget: `--budget monte_carlo_values={}` or `[budget] monte_carlo_values = {}`",
                    self.monte_carlo_values, self.monte_carlo_values
                )),
            );
        }
        if self.memory_bytes > l.memory_bytes() {
            let mb = self.memory_bytes.div_ceil(1 << 20);
            out.push(
                Diagnostic::new(
                    Code::OverBudget,
                    format!(
                        "the analysis would need about {} MiB, more than the budget of {} MiB",
                        thousands(mb),
                        thousands(l.memory_mb as u128)
                    ),
                    at,
                )
                .label("with the runs and models this command asks for")
                .help(format!(
                    "ask for fewer Monte Carlo runs, a coarser `[packages] step` or fewer conflict options, or raise the budget: `--budget memory_mb={mb}` or `[budget] memory_mb = {mb}`"
                )),
            );
        }
        out
    }

    /// One row per size, as `check` prints them: what, how many, the limit.
    pub fn rows(&self) -> Vec<(&'static str, String, String)> {
        let l = &self.limits;
        let mut out = Vec::new();
        let n = |x: u128| thousands(x);
        if let Some(x) = self.states {
            out.push(("conflict states", n(x as u128), n(l.states as u128)));
        }
        if let Some(x) = self.outcomes {
            if self.enumerated > 0 {
                out.push((
                    "outcomes enumerated",
                    n(self.enumerated),
                    n(l.outcomes as u128),
                ));
            } else {
                out.push((
                    "packages (counted, not enumerated)",
                    n(x),
                    "none".to_owned(),
                ));
            }
        }
        if let Some((x, id)) = &self.grid_values {
            out.push((
                "largest grid",
                format!("{} values ({id})", n(*x as u128)),
                n(l.grid_values as u128),
            ));
        }
        out.push((
            "frontier vectors per step",
            "at most the limit".to_owned(),
            n(l.frontier_vectors as u128),
        ));
        out.push((
            "Monte Carlo values",
            n(self.monte_carlo_values),
            n(l.monte_carlo_values as u128),
        ));
        out.push((
            "memory (conflict or Monte Carlo)",
            format!("{} MiB", n(self.memory_bytes.div_ceil(1 << 20))),
            format!("{} MiB", n(l.memory_mb as u128)),
        ));
        out
    }
}

/// Monte Carlo values of `subjects` under `o`, and the bytes its largest
/// issue keeps while its quantiles are taken (one issue at a time, plus
/// the settlement rule's runs).
fn monte_carlo(subjects: &[Subject], o: &ForecastOptions) -> (u128, u128) {
    let models = o
        .chosen()
        .iter()
        .filter(|m| m.scope() == crate::forecast::Scope::Issue)
        .count() as u128;
    let dims: u128 = subjects.iter().map(|x| x.dimensions.len() as u128).sum();
    let widest = subjects
        .iter()
        .map(|x| x.dimensions.len() as u128)
        .max()
        .unwrap_or(0);
    let runs = o.runs as u128;
    (
        runs * dims * models,
        runs * widest * (models + 1) * MC_BYTES_PER_VALUE as u128,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_budget_is_spent_by_cancelling_or_by_its_deadline() {
        let b = Budget::default();
        assert_eq!(b.spent(), None);
        let shared = b.clone();
        shared.cancel.cancel();
        assert_eq!(b.spent(), Some("the analysis was cancelled"));
        let late = Budget {
            deadline: Some(Instant::now()),
            ..Budget::default()
        };
        assert_eq!(
            late.spent(),
            Some("the analysis ran out of its time budget")
        );
    }
}
