//! The built-in forecast models, one module each over the engine's
//! implementation (`detente-forecast`), registered in
//! [`super::registry::Registry::default`].

pub mod compromise;
pub mod expected_utility;
pub mod median;
pub mod smp;

use detente_forecast::Problem;
use detente_forecast::monte_carlo::{self, Model, Models};

/// The engine's forecast of a built-in model, with its checks.
fn engine(p: &Problem, m: Model, params: &Models) -> Result<Vec<f64>, String> {
    monte_carlo::forecast(p, m, params).map_err(|e| e.to_string())
}
