//! KTAB's Spatial Model of Politics (Wise et al. 2015;
//! `detente_forecast::smp`): actors' positions move by bargains turn by
//! turn, each position with its probability of winning.

use detente_forecast::monte_carlo::{Model, Models};
use detente_forecast::{Problem, smp};

use crate::forecast::registry::{ForecastModel, ModelRun};

pub struct Smp;

impl ForecastModel for Smp {
    fn id(&self) -> &str {
        "smp"
    }
    fn label(&self) -> &str {
        "SMP"
    }
    fn about(&self, _: &Models) -> String {
        "SMP (KTAB's Spatial Model of Politics)".into()
    }
    fn trajectory_caption(&self) -> Option<&str> {
        Some("SMP turns")
    }
    fn forecast(&self, p: &Problem, params: &Models) -> Result<Vec<f64>, String> {
        super::engine(p, Model::Smp, params)
    }
    fn explain(&self, p: &Problem, params: &Models) -> Result<ModelRun, String> {
        p.check(Model::Smp.min_actors())
            .map_err(|e| e.to_string())?;
        let run = smp::run(p, &params.smp).map_err(|e| e.to_string())?;
        Ok(ModelRun {
            forecast: run.forecast(),
            trajectory: run.turns.iter().map(|t| t.positions.clone()).collect(),
            probabilities: run.turns.iter().map(|t| t.probability.clone()).collect(),
            dyads: Vec::new(),
            // The forecast of each state, read as the last one's is.
            rounds: (0..run.turns.len()).map(|t| run.forecast_at(t)).collect(),
        })
    }
}
