//! The forecast models, as a value: what runs, and what front ends call it.
//!
//! A model is one module (under [`super::models`]) implementing
//! [`ForecastModel`] and one entry in [`Registry::default`]. Everything
//! else — the CLI's `--model`, the terminal's tables, the report's charts
//! and method note, the app's columns, Monte Carlo and the sensitivity
//! sweep — reads the registry (the forecast report lists the models it
//! ran, with their labels), so a model registered at run time appears
//! everywhere with no other change. A model may forecast one issue at a
//! time, or every issue at once ([`Scope::AcrossIssues`], as the exchange
//! model of Stokman and van Oosten trades positions between issues).

use std::sync::Arc;

use detente_forecast::Problem;
use detente_forecast::monte_carlo::Models;

use super::OfferKind;

/// Whether a model forecasts each issue on its own or all at once.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    /// One issue at a time: Monte Carlo and the sensitivity sweep apply.
    Issue,
    /// Every issue of the scenario together (positions traded across
    /// issues); run once on the stated inputs.
    AcrossIssues,
}

/// A forecasting model.
pub trait ForecastModel: Send + Sync {
    /// Its id: what `--model` takes and the JSON names (`expected-utility`).
    fn id(&self) -> &str;
    /// Its name in prose and charts (`expected utility`).
    fn label(&self) -> &str;
    /// One line for the report's method note, with the parameters in use.
    fn about(&self, params: &Models) -> String;
    /// The caption of its trajectory chart, for models that move actors
    /// round by round.
    fn trajectory_caption(&self) -> Option<&str> {
        None
    }
    fn scope(&self) -> Scope {
        Scope::Issue
    }
    /// The forecast on one issue, one value per dimension (Monte Carlo and
    /// the sweep call this many times).
    fn forecast(&self, p: &Problem, params: &Models) -> Result<Vec<f64>, String>;
    /// The forecast and how it got there. The default is the forecast alone.
    fn explain(&self, p: &Problem, params: &Models) -> Result<ModelRun, String> {
        Ok(ModelRun {
            forecast: self.forecast(p, params)?,
            ..ModelRun::default()
        })
    }
    /// Every issue at once, for [`Scope::AcrossIssues`] models; the default
    /// forecasts each issue on its own.
    fn forecast_across(
        &self,
        issues: &[&Problem],
        params: &Models,
    ) -> Result<Vec<ModelRun>, String> {
        issues.iter().map(|p| self.explain(p, params)).collect()
    }
}

/// A model's result on one issue, actors by index.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ModelRun {
    /// One value per dimension.
    pub forecast: Vec<f64>,
    /// Every actor's position (per dimension) at the start and after every
    /// round: `trajectory[step][actor][dimension]`.
    pub trajectory: Vec<Vec<Vec<f64>>>,
    /// Each actor's position's probability of winning, per step.
    pub probabilities: Vec<Vec<f64>>,
    /// Every dyad of every round, for models that have them.
    pub dyads: Vec<Dyad>,
    /// The model's forecast after each round (`rounds[round][dimension]`),
    /// for iterative models: what tells a settled run from an oscillating
    /// one.
    pub rounds: Vec<Vec<f64>>,
}

/// A dyad of a bargaining round, actors by index.
#[derive(Clone, Debug, PartialEq)]
pub struct Dyad {
    pub round: usize,
    pub dimension: usize,
    pub receiver: usize,
    pub proposer: usize,
    pub eu_receiver: f64,
    pub eu_proposer: f64,
    pub offer: Option<OfferKind>,
    pub position: Option<f64>,
    pub taken: bool,
}

/// The models a forecast may run, in the order reports list them.
#[derive(Clone)]
pub struct Registry {
    models: Vec<Arc<dyn ForecastModel>>,
}

impl Default for Registry {
    /// The built-in models: compromise, weighted median, expected utility
    /// (Bueno de Mesquita in Scholz et al.'s reading) and KTAB's SMP.
    fn default() -> Self {
        use super::models;
        Registry {
            models: vec![
                Arc::new(models::compromise::Compromise),
                Arc::new(models::median::Median),
                Arc::new(models::expected_utility::ExpectedUtility),
                Arc::new(models::smp::Smp),
            ],
        }
    }
}

impl Registry {
    /// Adds a model (after the others); a model with the same id replaces
    /// the earlier one in its place.
    pub fn register(&mut self, model: Arc<dyn ForecastModel>) -> &mut Self {
        match self.models.iter().position(|m| m.id() == model.id()) {
            Some(k) => self.models[k] = model,
            None => self.models.push(model),
        }
        self
    }

    pub fn get(&self, id: &str) -> Option<&Arc<dyn ForecastModel>> {
        self.models.iter().find(|m| m.id() == id)
    }

    /// Every model, in order.
    pub fn iter(&self) -> impl Iterator<Item = &Arc<dyn ForecastModel>> {
        self.models.iter()
    }

    /// Every model's id, in order.
    pub fn ids(&self) -> Vec<String> {
        self.models.iter().map(|m| m.id().to_owned()).collect()
    }
}

impl std::fmt::Debug for Registry {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list()
            .entries(self.models.iter().map(|m| m.id()))
            .finish()
    }
}

impl PartialEq for Registry {
    fn eq(&self, other: &Self) -> bool {
        self.ids() == other.ids()
    }
}
