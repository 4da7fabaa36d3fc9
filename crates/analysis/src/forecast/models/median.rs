//! The weighted median position (Black 1948; `detente_forecast::median`).

use detente_forecast::Problem;
use detente_forecast::monte_carlo::{Model, Models};

use crate::forecast::registry::ForecastModel;

pub struct Median;

impl ForecastModel for Median {
    fn id(&self) -> &str {
        "median"
    }
    fn label(&self) -> &str {
        "median"
    }
    fn about(&self, _: &Models) -> String {
        "median (weighted median)".into()
    }
    fn forecast(&self, p: &Problem, params: &Models) -> Result<Vec<f64>, String> {
        super::engine(p, Model::Median, params)
    }
}
