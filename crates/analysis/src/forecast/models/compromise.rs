//! The compromise: the capability × salience weighted mean position
//! (Bueno de Mesquita 1994; `detente_forecast::compromise`).

use detente_forecast::Problem;
use detente_forecast::monte_carlo::{Model, Models};

use crate::forecast::registry::ForecastModel;

pub struct Compromise;

impl ForecastModel for Compromise {
    fn id(&self) -> &str {
        "compromise"
    }
    fn label(&self) -> &str {
        "compromise"
    }
    fn about(&self, _: &Models) -> String {
        "compromise (capability × salience weighted mean)".into()
    }
    fn forecast(&self, p: &Problem, params: &Models) -> Result<Vec<f64>, String> {
        super::engine(p, Model::Compromise, params)
    }
}
