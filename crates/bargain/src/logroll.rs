//! Logrolls and tabled proposals.
//!
//! Logrolling (Raiffa, *The Art and Science of Negotiation*, 1982, ch. 10):
//! two parties who rank two issues differently can both gain by each
//! conceding the issue it cares less about. The baseline is the issue-wise
//! split: on every issue, the value that maximises the smaller of the two
//! parties' normalised contributions (each scaled to [0, 1] over the issue's
//! values). A logroll on (k, l) gives party A its best value on k and party
//! B its best value on l, everything else at the baseline; it is reported
//! when both gain over the baseline, ranked by joint gain.
//!
//! A tabled proposal is compared with no agreement (each party's utility
//! minus its reservation value), tested for dominance against the frontier,
//! and matched to the nearest frontier package that dominates it (Euclidean
//! distance in utilities): the issue-wise differences say who would have to
//! concede what to get there (Raiffa's post-settlement settlement).

use serde::Serialize;

use crate::domain::{Domain, Outcome, TOLERANCE, dominates};
use crate::frontier::Frontier;

/// One logroll between two parties.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Logroll {
    /// Party indices: `a` gets its way on `issue_a`, `b` on `issue_b`.
    pub a: usize,
    pub b: usize,
    pub issue_a: usize,
    pub issue_b: usize,
    /// The values they get.
    pub value_a: usize,
    pub value_b: usize,
    /// Gains over the issue-wise split.
    pub gain_a: f64,
    pub gain_b: f64,
}

fn normalised(d: &Domain, i: usize, k: usize, v: usize) -> f64 {
    let c = &d.parties[i].contribution[k];
    let lo = c.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = c.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    if hi - lo <= TOLERANCE {
        1.0
    } else {
        (c[v] - lo) / (hi - lo)
    }
}

fn best_value(d: &Domain, i: usize, k: usize) -> usize {
    let c = &d.parties[i].contribution[k];
    (0..c.len()).fold(0, |b, v| if c[v] > c[b] + TOLERANCE { v } else { b })
}

/// The issue-wise split between parties `a` and `b`.
pub fn split(d: &Domain, a: usize, b: usize) -> Outcome {
    (0..d.issues.len())
        .map(|k| {
            let score = |v: usize| normalised(d, a, k, v).min(normalised(d, b, k, v));
            (0..d.issues[k].values.len()).fold(0, |best, v| {
                if score(v) > score(best) + TOLERANCE {
                    v
                } else {
                    best
                }
            })
        })
        .collect()
}

/// Every logroll of every pair of parties, largest joint gain first.
pub fn logrolls(d: &Domain) -> Vec<Logroll> {
    let m = d.parties.len();
    let n = d.issues.len();
    let mut out = Vec::new();
    for a in 0..m {
        for b in 0..m {
            if a == b {
                continue;
            }
            let base = split(d, a, b);
            let base_u = d.utilities(&base);
            for ka in 0..n {
                for kb in 0..n {
                    if ka == kb {
                        continue;
                    }
                    let (va, vb) = (best_value(d, a, ka), best_value(d, b, kb));
                    if va == base[ka] && vb == base[kb] {
                        continue;
                    }
                    let mut o = base.clone();
                    o[ka] = va;
                    o[kb] = vb;
                    let u = d.utilities(&o);
                    let (ga, gb) = (u[a] - base_u[a], u[b] - base_u[b]);
                    if ga > TOLERANCE && gb > TOLERANCE && (a < b || !out_has(&out, b, a, kb, ka)) {
                        out.push(Logroll {
                            a,
                            b,
                            issue_a: ka,
                            issue_b: kb,
                            value_a: va,
                            value_b: vb,
                            gain_a: ga,
                            gain_b: gb,
                        });
                    }
                }
            }
        }
    }
    out.sort_by(|x, y| (y.gain_a + y.gain_b).total_cmp(&(x.gain_a + x.gain_b)));
    out
}

/// The same trade seen from the other side is already listed.
fn out_has(out: &[Logroll], a: usize, b: usize, ka: usize, kb: usize) -> bool {
    out.iter()
        .any(|l| l.a == a && l.b == b && l.issue_a == ka && l.issue_b == kb)
}

/// A change on one issue from a proposal to the frontier package.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Concession {
    pub issue: usize,
    pub from: usize,
    pub to: usize,
    /// Each party's utility change on this issue (negative = concedes).
    pub change: Vec<f64>,
}

/// How a tabled package compares.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ProposalCheck {
    pub outcome: Outcome,
    pub utility: Vec<f64>,
    /// Utility minus reservation value, per party.
    pub gain: Vec<f64>,
    /// Whether every party prefers it to no agreement.
    pub rational: bool,
    pub dominated: bool,
    /// The nearest frontier package that dominates it (itself if none does).
    pub nearest: Outcome,
    pub nearest_utility: Vec<f64>,
    /// What changes, issue by issue, to get there.
    pub changes: Vec<Concession>,
}

/// Compares a package with no agreement and with the frontier.
pub fn check_proposal(d: &Domain, f: &Frontier, outcome: &[usize]) -> ProposalCheck {
    let u = d.utilities(outcome);
    let r = d.reservations();
    let gain: Vec<f64> = u.iter().zip(&r).map(|(a, b)| a - b).collect();
    let better: Vec<&crate::frontier::FrontierPoint> = f
        .points
        .iter()
        .filter(|p| dominates(&p.utility, &u))
        .collect();
    let dist = |p: &crate::frontier::FrontierPoint| -> f64 {
        p.utility
            .iter()
            .zip(&u)
            .map(|(a, b)| (a - b) * (a - b))
            .sum()
    };
    let nearest = better
        .iter()
        .min_by(|a, b| dist(a).total_cmp(&dist(b)))
        .and_then(|p| p.outcomes.first().cloned())
        .unwrap_or_else(|| outcome.to_vec());
    let nearest_utility = d.utilities(&nearest);
    let changes = (0..d.issues.len())
        .filter(|&k| nearest[k] != outcome[k])
        .map(|k| Concession {
            issue: k,
            from: outcome[k],
            to: nearest[k],
            change: d
                .parties
                .iter()
                .map(|p| p.contribution[k][nearest[k]] - p.contribution[k][outcome[k]])
                .collect(),
        })
        .collect();
    ProposalCheck {
        outcome: outcome.to_vec(),
        rational: gain.iter().all(|g| *g >= -TOLERANCE),
        gain,
        dominated: !better.is_empty(),
        utility: u,
        nearest,
        nearest_utility,
        changes,
    }
}
