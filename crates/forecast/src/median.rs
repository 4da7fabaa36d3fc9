//! The weighted median and the weighted Condorcet winner (Black 1948; in
//! the EU-decision literature the "median voter" baseline, Thomson et al.
//! 2006).
//!
//! On one dimension with single-peaked (distance-based) preferences the
//! weighted median position beats every other position in a pairwise vote
//! weighted by capability × salience, so the two coincide; both are
//! reported so that a user can see that they do.

use crate::problem::Problem;

/// The weighted median of `x` with weights `w`: the least position at which
/// the cumulative weight reaches half the total. When the cumulative weight
/// is exactly half at some position, the median is the midpoint between it
/// and the next position (an interval of medians, reported by its centre).
pub fn weighted_median(x: &[f64], w: &[f64]) -> f64 {
    let mut idx: Vec<usize> = (0..x.len()).filter(|&i| w[i] > 0.0).collect();
    if idx.is_empty() {
        idx = (0..x.len()).collect();
    }
    idx.sort_by(|&a, &b| x[a].total_cmp(&x[b]));
    let total: f64 = idx.iter().map(|&i| w[i].max(0.0)).sum();
    let half = total / 2.0;
    let mut acc = 0.0;
    for (pos, &i) in idx.iter().enumerate() {
        acc += w[i].max(0.0);
        if (acc - half).abs() <= 1e-12 * total.max(1.0) {
            if let Some(&j) = idx[pos + 1..].iter().find(|&&j| x[j] > x[i]) {
                return (x[i] + x[j]) / 2.0;
            }
            return x[i];
        }
        if acc > half {
            return x[i];
        }
    }
    x[idx[idx.len() - 1]]
}

/// Weighted median on each dimension, weights capability × salience.
pub fn median(p: &Problem) -> Vec<f64> {
    (0..p.dimensions.len())
        .map(|k| {
            let w: Vec<f64> = p
                .actors
                .iter()
                .map(|a| a.capability * a.salience[k])
                .collect();
            weighted_median(&p.positions(k), &w)
        })
        .collect()
}

/// Among the actors' positions on dimension `k`, the one that wins or ties
/// every pairwise vote (each actor votes, with weight capability ×
/// salience, for the closer position); `None` if there is none.
pub fn condorcet_winner(p: &Problem, k: usize) -> Option<f64> {
    let mut xs = p.positions(k);
    xs.sort_by(f64::total_cmp);
    xs.dedup();
    let margin = |a: f64, b: f64| -> f64 {
        p.actors
            .iter()
            .map(|act| {
                let w = act.capability * act.salience[k];
                let (da, db) = ((act.position[k] - a).abs(), (act.position[k] - b).abs());
                if da < db {
                    w
                } else if db < da {
                    -w
                } else {
                    0.0
                }
            })
            .sum()
    };
    xs.iter()
        .copied()
        .find(|&a| xs.iter().all(|&b| a == b || margin(a, b) >= 0.0))
}
