//! Bueno de Mesquita's expected-utility model, as reconstructed by Scholz,
//! Calbert & Smith, "Unravelling Bueno De Mesquita's group decision model",
//! J. Theoretical Politics 23(4), 2011 (their appendix, steps 2–11), with
//! switches for the readings in which their code and the published model
//! differ.
//!
//! One dimension. Δ is the range of the initial positions. Each round:
//!
//! 1. Risk. With every exponent r = 1, actor i's *danger* is
//!    D_i = Σ_{j≠i} E^i[U_j(Δx_i)], the expected utility, in i's eyes, of
//!    every other actor challenging i. Then R_i = (2D_i − D_max − D_min) /
//!    (D_max − D_min), with max and min across actors (Scholz) or across
//!    the positions i could hold (BDM's intent, per the replication note),
//!    and r_i = (1 − R_i/3)/(1 + R_i/3) ∈ [0.5, 2] (BDM 1985).
//! 2. Votes: v_k(x_i : x_j) = c_k s_k [(|x_k − x_j|/Δ)^{r_k} −
//!    (|x_k − x_i|/Δ)^{r_k}]; the probability that i prevails over j is the
//!    sum of the positive votes over all actors' absolute votes on *every*
//!    pair of positions (Scholz's code) or on this pair only (BDM).
//! 3. Utilities in h's eyes (exponent r_h), d = |x_i − x_j|/Δ:
//!    U_s = 2 − 4(0.5 − 0.5d)^{r_h}, U_f = 2 − 4(0.5 + 0.5d)^{r_h},
//!    U_sq = 2 − 4·0.5^{r_h}, and with μ the weighted median
//!    U_b, U_w = 2 − 4(0.5 ∓ 0.25(|x_i − μ| + |x_i − x_j|)/Δ)^{r_h}.
//! 4. E^h[U_i(Δx_j)] = s_j[P U_s + (1−P) U_f] + (1 − s_j) U_s −
//!    {Q U_sq + (1 − Q)[T U_b + (1 − T) U_w]}: s_j is the chance that j
//!    resists; Q = T = 1 in the replications.
//! 5. Offers to receiver a from proposer o, E_a = E^a[U_a(Δx_o)] and
//!    E_o = E^a[U_o(Δx_a)]: confrontation a loses (E_o > E_a > 0) → x_o;
//!    compromise (E_o > 0 > E_a, E_o > |E_a|) → x_a + (x_o − x_a)|E_a/E_o|;
//!    capitulation (E_o > 0 > E_a, E_o < |E_a|) → x_o, which Scholz's code
//!    never reaches (it tests E_o < |E_o|). A receiver takes the
//!    confrontation closest to it, else the compromise with the least
//!    (|E_a| x_a + |E_o| x_o)/(|E_a| + |E_o|) (Scholz) or the one closest
//!    to it, else the closest capitulation. All moves are simultaneous.
//!
//! The published rounds run a fixed number of times (10): no operational
//! stopping rule exists in the literature.

use serde::{Deserialize, Serialize};

use crate::median::weighted_median;
use crate::problem::{Problem, ProblemError};

/// How the probability of prevailing is normalised.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Probability {
    /// Over every actor's votes on every pair of positions (Scholz's code).
    #[default]
    AllPairs,
    /// Over the votes on this pair only, so P(i,j) + P(j,i) = 1 (BDM).
    Pairwise,
}

/// Across what the danger levels are normalised into risk.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum RiskBasis {
    /// Across actors (Scholz).
    #[default]
    Actors,
    /// Across the positions the actor could hold (BDM's intent).
    Positions,
}

/// Which compromise a receiver takes when it has several.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum CompromiseChoice {
    /// Least (|E_a| x_a + |E_o| x_o)/(|E_a| + |E_o|) (Scholz's code).
    #[default]
    Scholz,
    /// The one that moves the receiver least (the paper and BDM).
    Closest,
}

/// Options of the expected-utility model; the defaults are Scholz et al.'s.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct EuOptions {
    pub rounds: usize,
    /// Probability that the status quo persists without a challenge.
    pub q: f64,
    /// Probability that an unchallenged change is for the better.
    pub t: f64,
    pub probability: Probability,
    pub risk: RiskBasis,
    pub compromise: CompromiseChoice,
    /// Let capitulations happen as published (Scholz's code never does).
    pub capitulation: bool,
}

impl Default for EuOptions {
    fn default() -> Self {
        EuOptions {
            rounds: 10,
            q: 1.0,
            t: 1.0,
            probability: Probability::AllPairs,
            risk: RiskBasis::Actors,
            compromise: CompromiseChoice::Scholz,
            capitulation: false,
        }
    }
}

/// The outcome of one dyad in a round, seen by the receiver.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum OfferKind {
    Confrontation,
    Compromise,
    Capitulation,
}

/// One dyad: what the receiver expects from the proposer's challenge.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Dyad {
    /// Actor index of the receiver (whose view this is).
    pub receiver: usize,
    /// Actor index of the proposer.
    pub proposer: usize,
    /// E^a[U_a(Δx_o)]: the receiver challenging the proposer.
    pub eu_receiver: f64,
    /// E^a[U_o(Δx_a)]: the proposer challenging the receiver.
    pub eu_proposer: f64,
    /// The offer this dyad makes the receiver, if any.
    pub offer: Option<OfferKind>,
    /// The receiver's position if it accepts the offer.
    pub position: Option<f64>,
    /// Whether the receiver took this offer.
    pub taken: bool,
}

/// One round: the risk exponents used, the dyads, and the positions after.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct EuRound {
    pub risk: Vec<f64>,
    pub dyads: Vec<Dyad>,
    /// Positions after the round's moves.
    pub positions: Vec<f64>,
    /// Capability × salience weighted mean after the round.
    pub mean: f64,
    /// Weighted median after the round.
    pub median: f64,
}

/// A run: the initial positions and every round.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct EuRun {
    pub initial: Vec<f64>,
    pub rounds: Vec<EuRound>,
}

impl EuRun {
    /// The forecast: the weighted median after the last round (BDM's
    /// forecast is the median after bargaining).
    pub fn forecast(&self) -> f64 {
        self.rounds.last().map_or(f64::NAN, |r| r.median)
    }
}

/// What one phase of a round needs: every pair's probability of
/// prevailing, and the median.
struct Phase {
    p: Vec<Vec<f64>>,
    mu: f64,
}

/// The model state during a run.
struct Eu<'a> {
    c: Vec<f64>,
    s: Vec<f64>,
    x: Vec<f64>,
    r: Vec<f64>,
    range: f64,
    o: &'a EuOptions,
}

impl Eu<'_> {
    /// The probabilities of prevailing for every pair of actors, with the
    /// current positions and exponents: v_k(x_a : x_b) =
    /// c_k s_k (D_kb − D_ka) with D_ka = (|x_k − x_a|/Δ)^{r_k}.
    fn phase(&self) -> Phase {
        let n = self.x.len();
        let d: Vec<Vec<f64>> = (0..n)
            .map(|k| {
                (0..n)
                    .map(|a| ((self.x[k] - self.x[a]).abs() / self.range).powf(self.r[k]))
                    .collect()
            })
            .collect();
        let vote = |k: usize, a: usize, b: usize| self.c[k] * self.s[k] * (d[k][b] - d[k][a]);
        // Scholz's normaliser: Σ_k Σ_a Σ_b |v_k(x_a : x_b)|.
        let mut all = 0.0;
        for k in 0..n {
            for a in 0..n {
                for b in 0..n {
                    all += vote(k, a, b).abs();
                }
            }
        }
        let p = (0..n)
            .map(|i| {
                (0..n)
                    .map(|j| {
                        if self.x[i] == self.x[j] {
                            return 0.0;
                        }
                        let pos: f64 = (0..n).map(|k| vote(k, i, j).max(0.0)).sum();
                        match self.o.probability {
                            Probability::AllPairs => pos / all,
                            Probability::Pairwise => {
                                let abs: f64 = (0..n).map(|k| vote(k, i, j).abs()).sum();
                                if abs > 0.0 { pos / abs } else { 0.0 }
                            }
                        }
                    })
                    .collect()
            })
            .collect();
        Phase {
            p,
            mu: self.median(),
        }
    }

    fn median(&self) -> f64 {
        let w: Vec<f64> = self.c.iter().zip(&self.s).map(|(c, s)| c * s).collect();
        weighted_median(&self.x, &w)
    }

    /// E^h[U_i(Δx_j)]: in h's eyes, i challenging j.
    fn eu(&self, h: usize, i: usize, j: usize, ph: &Phase) -> f64 {
        let (xi, xj) = (self.x[i], self.x[j]);
        let p = ph.p[i][j];
        let mu = ph.mu;
        let r = self.r[h];
        let u = |base: f64| 2.0 - 4.0 * base.max(0.0).powf(r);
        let d = (xi - xj).abs() / self.range;
        let us = u(0.5 - 0.5 * d);
        let uf = u(0.5 + 0.5 * d);
        let usq = u(0.5);
        let resist = self.s[j] * (p * us + (1.0 - p) * uf);
        let not_resist = (1.0 - self.s[j]) * us;
        let mut status_quo = self.o.q * usq;
        if self.o.q < 1.0 {
            let change = 0.25 * ((xi - mu).abs() + (xi - xj).abs()) / self.range;
            let better = u(0.5 - change);
            let worse = u(0.5 + change);
            status_quo += (1.0 - self.o.q) * (self.o.t * better + (1.0 - self.o.t) * worse);
        }
        resist + not_resist - status_quo
    }

    /// Danger of each actor with every exponent 1.
    fn dangers(&self) -> Vec<f64> {
        let ph = self.phase();
        let n = self.x.len();
        (0..n)
            .map(|i| {
                (0..n)
                    .filter(|&j| j != i)
                    .map(|j| self.eu(i, j, i, &ph))
                    .sum()
            })
            .collect()
    }

    fn update_risk(&mut self) {
        let n = self.x.len();
        self.r = vec![1.0; n];
        let big_r: Vec<f64> = match self.o.risk {
            RiskBasis::Actors => {
                let d = self.dangers();
                let (lo, hi) = min_max(&d);
                d.iter().map(|&di| normalise(di, lo, hi)).collect()
            }
            RiskBasis::Positions => {
                let d = self.dangers();
                let mut candidates = self.x.clone();
                candidates.sort_by(f64::total_cmp);
                candidates.dedup();
                (0..n)
                    .map(|i| {
                        let own = self.x[i];
                        let possible: Vec<f64> = candidates
                            .iter()
                            .map(|&y| {
                                self.x[i] = y;
                                let v = self.dangers()[i];
                                self.x[i] = own;
                                v
                            })
                            .collect();
                        let (lo, hi) = min_max(&possible);
                        normalise(d[i], lo, hi)
                    })
                    .collect()
            }
        };
        self.r = big_r
            .iter()
            .map(|&r| (1.0 - r / 3.0) / (1.0 + r / 3.0))
            .collect();
    }

    /// Offers and the receivers' choices; returns the dyads and new positions.
    fn exchange(&self) -> (Vec<Dyad>, Vec<f64>) {
        let n = self.x.len();
        let ph = self.phase();
        let mut dyads = Vec::new();
        let mut next = self.x.clone();
        for (a, moved) in next.iter_mut().enumerate() {
            let first = dyads.len();
            for o in 0..n {
                if o == a || self.x[o] == self.x[a] {
                    continue;
                }
                let ea = self.eu(a, a, o, &ph);
                let eo = self.eu(a, o, a, &ph);
                let (xa, xo) = (self.x[a], self.x[o]);
                let (offer, position) = if eo > ea && ea > 0.0 {
                    (Some(OfferKind::Confrontation), Some(xo))
                } else if eo > 0.0 && 0.0 > ea && eo > ea.abs() {
                    let concession = (xo - xa) * (ea / eo).abs();
                    (Some(OfferKind::Compromise), Some(xa + concession))
                } else if self.o.capitulation && eo > 0.0 && 0.0 > ea && eo < ea.abs() {
                    (Some(OfferKind::Capitulation), Some(xo))
                } else {
                    (None, None)
                };
                dyads.push(Dyad {
                    receiver: a,
                    proposer: o,
                    eu_receiver: ea,
                    eu_proposer: eo,
                    offer,
                    position,
                    taken: false,
                });
            }
            let mine = &mut dyads[first..];
            let pick = |kind: OfferKind, key: &dyn Fn(&Dyad) -> f64| -> Option<usize> {
                let mut best: Option<(usize, f64)> = None;
                for (k, d) in mine.iter().enumerate() {
                    if d.offer == Some(kind) {
                        let v = key(d);
                        if best.is_none_or(|(_, b)| v < b) {
                            best = Some((k, v));
                        }
                    }
                }
                best.map(|(k, _)| k)
            };
            let xa = self.x[a];
            let closest = |d: &Dyad| (xa - d.position.unwrap_or(xa)).abs();
            let scholz = |d: &Dyad| {
                let xo = self.x[d.proposer];
                (d.eu_receiver.abs() * xa + d.eu_proposer.abs() * xo)
                    / (d.eu_receiver.abs() + d.eu_proposer.abs())
            };
            let chosen = pick(OfferKind::Confrontation, &closest)
                .or_else(|| match self.o.compromise {
                    CompromiseChoice::Scholz => pick(OfferKind::Compromise, &scholz),
                    CompromiseChoice::Closest => pick(OfferKind::Compromise, &closest),
                })
                .or_else(|| pick(OfferKind::Capitulation, &closest));
            if let Some(k) = chosen {
                mine[k].taken = true;
                *moved = mine[k].position.unwrap_or(xa);
            }
        }
        (dyads, next)
    }
}

fn min_max(v: &[f64]) -> (f64, f64) {
    v.iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), &x| {
            (lo.min(x), hi.max(x))
        })
}

fn normalise(d: f64, lo: f64, hi: f64) -> f64 {
    if hi > lo {
        (2.0 * d - hi - lo) / (hi - lo)
    } else {
        0.0
    }
}

/// Runs the model on dimension `k` of `p`.
pub fn run(p: &Problem, k: usize, o: &EuOptions) -> Result<EuRun, ProblemError> {
    p.check(2)?;
    let x: Vec<f64> = p.positions(k);
    let (lo, hi) = min_max(&x);
    let mut m = Eu {
        c: p.actors.iter().map(|a| a.capability).collect(),
        s: p.actors.iter().map(|a| a.salience[k]).collect(),
        r: vec![1.0; x.len()],
        // All actors at one position: nothing moves; any range will do.
        range: if hi > lo { hi - lo } else { 1.0 },
        x,
        o,
    };
    let initial = m.x.clone();
    let mut rounds = Vec::with_capacity(o.rounds.max(1));
    for _ in 0..o.rounds.max(1) {
        m.update_risk();
        let (dyads, next) = m.exchange();
        m.x = next;
        let mut now = p.clone();
        for (a, &x) in now.actors.iter_mut().zip(&m.x) {
            a.position[k] = x;
        }
        let mean = crate::compromise::compromise(&now)[k];
        rounds.push(EuRound {
            risk: m.r.clone(),
            dyads,
            positions: m.x.clone(),
            mean,
            median: m.median(),
        });
    }
    Ok(EuRun { initial, rounds })
}
