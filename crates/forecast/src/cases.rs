//! Published cases, kept once as fixtures for the tests and the
//! benchmarks (../shared/docs/validation.md §2).

use crate::{Actor, Dimension, Problem};

/// Country, capability in percent, position (years), salience.
const CAR_EMISSIONS: [(&str, f64, f64, f64); 10] = [
    ("Netherlands", 8.0, 4.0, 0.8),
    ("Belgium", 8.0, 7.0, 0.4),
    ("Luxembourg", 3.0, 4.0, 0.2),
    ("Germany", 16.0, 4.0, 0.8),
    ("France", 16.0, 10.0, 0.6),
    ("Italy", 16.0, 10.0, 0.6),
    ("UK", 16.0, 10.0, 0.9),
    ("Ireland", 5.0, 7.0, 0.1),
    ("Denmark", 5.0, 4.0, 1.0),
    ("Greece", 8.0, 7.0, 0.7),
];

fn car_emissions_scaled(
    max: f64,
    capability: impl Fn(f64) -> f64,
    position: impl Fn(f64) -> f64,
) -> Problem {
    Problem {
        dimensions: vec![Dimension::new("years", 0.0, max)],
        actors: CAR_EMISSIONS
            .iter()
            .map(|&(name, c, x, s)| Actor {
                name: name.into(),
                capability: capability(c),
                position: vec![position(x)],
                salience: vec![s],
            })
            .collect(),
    }
}

/// EC car-emission standards: years until standards for medium cars are
/// introduced (Bueno de Mesquita 1994, p. 78; Scholz, Calbert & Smith
/// 2011, Table 1). Capabilities as shares (0.08 …).
pub fn car_emissions() -> Problem {
    // Percent / 100 is correctly rounded: the same doubles as 0.08, 0.16 ….
    car_emissions_scaled(10.0, |c| c / 100.0, |x| x)
}

/// The same case as KTAB reads it (validation.md §2.1): positions 4→0,
/// 7→50, 10→100 on a 0–100 scale, capabilities ×100.
pub fn car_emissions_ktab() -> Problem {
    car_emissions_scaled(100.0, |c| c, |x| (x - 4.0) / 6.0 * 100.0)
}

#[cfg(test)]
mod tests {
    #[test]
    fn shares_and_rescaling_are_exact() {
        let p = super::car_emissions();
        assert_eq!(p.actors[0].capability, 0.08);
        assert_eq!(p.actors[3].capability, 0.16);
        let k = super::car_emissions_ktab();
        let positions: Vec<f64> = k.actors.iter().map(|a| a.position[0]).collect();
        assert_eq!(
            positions,
            [0.0, 50.0, 0.0, 0.0, 100.0, 100.0, 100.0, 50.0, 0.0, 50.0]
        );
        assert_eq!(k.actors[3].capability, 16.0);
    }
}
