//! The compromise model: the capability × salience weighted mean of the
//! positions (Thomson, Stokman, Achen & König, *The European Union Decides*,
//! Cambridge UP 2006, ch. 6; Achen's "compromise model").

use crate::problem::Problem;

/// Weighted mean on each dimension: Σ c_i s_i x_i / Σ c_i s_i. Where every
/// salience is zero the plain capability-weighted mean is used.
pub fn compromise(p: &Problem) -> Vec<f64> {
    (0..p.dimensions.len())
        .map(|k| {
            let (num, den) = p.actors.iter().fold((0.0, 0.0), |(n, d), a| {
                let w = a.capability * a.salience[k];
                (n + w * a.position[k], d + w)
            });
            if den > 0.0 {
                num / den
            } else {
                let c: f64 = p.actors.iter().map(|a| a.capability).sum();
                p.actors
                    .iter()
                    .map(|a| a.capability * a.position[k])
                    .sum::<f64>()
                    / c
            }
        })
        .collect()
}
