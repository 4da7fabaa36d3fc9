//! Bargaining solutions on the frontier, each with its disagreement point d
//! (the parties' reservation values) and every tied optimum.
//!
//! - Nash (Econometrica 18(2), 1950): maximise Π_i (u_i − d_i) over the
//!   outcomes that give every party a gain; weighted (asymmetric) Nash
//!   maximises Π_i (u_i − d_i)^{w_i} (Kalai 1977; Roth 1979). A maximum is
//!   attained on the frontier, so scanning it suffices.
//! - Kalai–Smorodinsky (Econometrica 43(3), 1975): on a discrete set, the
//!   rule used is *max–min of relative gains*: maximise
//!   min_i (u_i − d_i)/(ideal_i − d_i), ideal_i the best u_i among the
//!   outcomes that give every party a gain.
//! - Egalitarian (Kalai, Econometrica 45(7), 1977): maximise min_i (u_i − d_i).
//! - Maximum welfare (utilitarian): maximise Σ_i u_i. With additive
//!   utilities it separates by issue (the best value per issue), which also
//!   checks the frontier: the optimum must lie on it.
//!
//! When no outcome gives every party a strict gain, the first three are
//! undefined and say so rather than return an arbitrary point.

use serde::Serialize;

use crate::domain::{Domain, TOLERANCE};
use crate::frontier::{Frontier, FrontierPoint};

/// A solution concept's answer.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Solution {
    pub concept: &'static str,
    /// How a discrete optimum is chosen.
    pub rule: &'static str,
    /// The disagreement point used.
    pub disagreement: Vec<f64>,
    /// The optimal frontier points (several when tied), or none.
    pub points: Vec<FrontierPoint>,
    /// The maximised quantity.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<f64>,
    /// Why there is no solution, if there is none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub undefined: Option<String>,
}

/// Frontier points that give every party a strict gain over `d`.
fn gainful<'a>(f: &'a Frontier, d: &[f64]) -> Vec<&'a FrontierPoint> {
    f.points
        .iter()
        .filter(|p| p.utility.iter().zip(d).all(|(u, di)| *u > di + TOLERANCE))
        .collect()
}

/// Points maximising `score`, ties within a relative tolerance.
fn argmax(
    points: &[&FrontierPoint],
    score: impl Fn(&FrontierPoint) -> f64,
) -> (Vec<FrontierPoint>, f64) {
    let scores: Vec<f64> = points.iter().map(|p| score(p)).collect();
    let best = scores.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let tol = TOLERANCE * best.abs().max(1.0);
    let winners = points
        .iter()
        .zip(&scores)
        .filter(|(_, s)| **s >= best - tol)
        .map(|(p, _)| (*p).clone())
        .collect();
    (winners, best)
}

fn solve(
    concept: &'static str,
    rule: &'static str,
    f: &Frontier,
    d: &[f64],
    score: impl Fn(&FrontierPoint) -> f64,
) -> Solution {
    let candidates = gainful(f, d);
    if candidates.is_empty() {
        return Solution {
            concept,
            rule,
            disagreement: d.to_vec(),
            points: Vec::new(),
            value: None,
            undefined: Some("no package gives every party more than its reservation value".into()),
        };
    }
    let (points, value) = argmax(&candidates, score);
    Solution {
        concept,
        rule,
        disagreement: d.to_vec(),
        points,
        value: Some(value),
        undefined: None,
    }
}

/// The Nash bargaining solution, weighted by `weights` (all 1 = symmetric).
/// The product is compared in logs to stay exact in order for many parties.
pub fn nash(f: &Frontier, d: &[f64], weights: &[f64]) -> Solution {
    let symmetric = weights.iter().all(|w| (*w - weights[0]).abs() <= TOLERANCE);
    let mut s = solve(
        if symmetric { "nash" } else { "weighted-nash" },
        if symmetric {
            "maximise the product of gains over reservation values"
        } else {
            "maximise the product of gains raised to the parties' weights"
        },
        f,
        d,
        |p| {
            p.utility
                .iter()
                .zip(d)
                .zip(weights)
                .map(|((u, di), w)| w * (u - di).ln())
                .sum()
        },
    );
    // Report the product itself, not its log.
    s.value = s.value.map(f64::exp);
    s
}

/// Kalai–Smorodinsky by max–min of gains relative to the ideal point.
pub fn kalai_smorodinsky(f: &Frontier, d: &[f64]) -> Solution {
    let candidates = gainful(f, d);
    let ideal: Vec<f64> = (0..d.len())
        .map(|i| {
            candidates
                .iter()
                .map(|p| p.utility[i])
                .fold(f64::NEG_INFINITY, f64::max)
        })
        .collect();
    solve(
        "kalai-smorodinsky",
        "maximise the smallest gain relative to the ideal point's (max-min of relative gains)",
        f,
        d,
        |p| {
            p.utility
                .iter()
                .zip(d)
                .zip(&ideal)
                .map(|((u, di), ideal)| (u - di) / (ideal - di))
                .fold(f64::INFINITY, f64::min)
        },
    )
}

/// The egalitarian solution: the largest smallest gain.
pub fn egalitarian(f: &Frontier, d: &[f64]) -> Solution {
    solve(
        "egalitarian",
        "maximise the smallest gain over reservation values",
        f,
        d,
        |p| {
            p.utility
                .iter()
                .zip(d)
                .map(|(u, di)| u - di)
                .fold(f64::INFINITY, f64::min)
        },
    )
}

/// The maximum-welfare packages, read off the frontier; `welfare_by_issue`
/// gives the same maximum issue by issue.
pub fn max_welfare(f: &Frontier, d: &[f64]) -> Solution {
    let all: Vec<&FrontierPoint> = f.points.iter().collect();
    let (points, value) = argmax(&all, |p| p.utility.iter().sum());
    Solution {
        concept: "max-welfare",
        rule: "maximise the sum of utilities",
        disagreement: d.to_vec(),
        points,
        value: Some(value),
        undefined: None,
    }
}

/// The largest sum of utilities, issue by issue: Σ_k max_v Σ_i c_ik(v).
pub fn welfare_by_issue(d: &Domain) -> f64 {
    (0..d.issues.len())
        .map(|k| {
            (0..d.issues[k].values.len())
                .map(|v| d.parties.iter().map(|p| p.contribution[k][v]).sum::<f64>())
                .fold(f64::NEG_INFINITY, f64::max)
        })
        .sum()
}
