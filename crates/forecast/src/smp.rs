//! KTAB's Spatial Model of Politics (SMP): the KAPSARC Toolkit for
//! Behavioral Analysis, Wise et al. (KAPSARC 2015–2017), as its `smpc`
//! runs it (`examples/smp/libsrc/smp.cpp`, `smpbcn.cpp`,
//! `kmodel/libsrc/kmodel.cpp`), in one or more dimensions.
//!
//! Positions live on [0, 1] per dimension (the problem's scale is mapped
//! there and back). One turn (`SMPState::stepBCN`):
//!
//! 1. Distances d_i(a, b) = √(Σ_k (s_ik (a_k − b_k))² / Σ_k s_ik²) and
//!    utilities u(d, R) = (1 − d)(1 + dR) (risk attitude R ∈ [−1, 1]).
//! 2. Risk attitudes: a probabilistic Condorcet election among the actors'
//!    positions with risk-neutral utilities and capability weights gives
//!    each position a probability p_i; R_i rescales p_i (`bigRfromProb`),
//!    so the likeliest winners are the most risk-averse. Actor h perceives
//!    i's attitude as a blend of its own and i's (`BigRAdjust`).
//! 3. Each actor i evaluates challenging each j from its own perspective
//!    (`probEduChlg`): the principals' and third parties' votes (weights
//!    capability × total salience; third parties commit per
//!    `ThirdPartyCommit`) give the probability that i prevails, and the
//!    expected gain of challenging over the status quo, where j resists
//!    with probability equal to its total salience. i targets the j with
//!    the largest gain above 1e-5.
//! 4. A bargain is interpolated between i and j (`InterVecBrgn`, S2P2 by
//!    default: weights salience² × probability², rounded to 4 decimals)
//!    and queued for both (`BargnModel`). Each actor's queue (its status
//!    quo and every bargain it is in) goes to a probabilistic Condorcet
//!    election, utilities averaged over the whole resulting state and
//!    capability weights; the winner (or a draw, if stochastic) is the
//!    actor's next position.
//! 5. Stop after `max_turns`, or from turn `min_turns` on, when the last
//!    turn moved less than `stop_ratio` of (the first turn's move + 1e-4),
//!    a move being Σ_i ‖x_i − x_i'‖.
//!
//! Where KTAB's code differs from its comments, KTAB's code is followed:
//! with `InitRcvrInterp` and `PWCompInterp`, the receiver's view of the
//! bargain uses its expected *gain* where a probability is meant, and the
//! power-weighted compromise weighs the receiver by the initiator's
//! capability. Both are inert under the default `InitOnlyInterp`.

// Index loops mirror KTAB's matrix notation (i, j, k, n), which keeps the
// code checkable line by line against the equations.
#![allow(clippy::needless_range_loop)]

use serde::{Deserialize, Serialize};

use crate::problem::{Problem, ProblemError};

/// `VPModel`: victory probability from coalition strengths.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum VictoryProb {
    #[default]
    Linear,
    Square,
    Quartic,
    Octic,
    Binary,
}

/// `PCEModel`: probabilistic Condorcet election.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Pce {
    #[default]
    Conditional,
    MarkovIncentive,
    MarkovUniform,
}

/// `StateTransitions`: the winning bargain, or a draw by probability.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Transitions {
    #[default]
    Deterministic,
    /// Draws with a seeded generator (not KTAB's PRNG stream).
    Stochastic { seed: u64 },
}

/// `VotingRule`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum VotingRule {
    Binary,
    PropBin,
    #[default]
    Proportional,
    PropCbc,
    Cubic,
    #[serde(rename = "asym-prosp")]
    ASymProsp,
}

/// `BigRAdjust`: h's estimate of i's risk attitude.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum BigRAdjust {
    No,
    #[default]
    OneThird,
    Half,
    TwoThirds,
    Full,
}

/// `BigRRange`: the range risk attitudes are rescaled to.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum BigRRange {
    Min,
    #[default]
    Mid,
    Max,
}

/// `ThirdPartyCommit`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ThirdPartyCommit {
    NoCommit,
    #[default]
    SemiCommit,
    FullCommit,
}

/// `InterVecBrgn`: how a bargain is interpolated.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Interpolation {
    #[serde(rename = "s1p1")]
    S1P1,
    #[default]
    #[serde(rename = "s2p2")]
    S2P2,
    #[serde(rename = "s2pmax")]
    S2PMax,
}

/// `BargnModel`: whose view of the bargain is queued.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum BargainModel {
    #[default]
    InitOnlyInterp,
    InitRcvrInterp,
    PwCompInterp,
}

/// SMP parameters; the defaults are KTAB's (`smp.h`, `kmodel.h`,
/// `SMPModel::configExec`).
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct SmpParams {
    pub victory: VictoryProb,
    pub pce: Pce,
    pub transitions: Transitions,
    pub voting: VotingRule,
    pub big_r_adjust: BigRAdjust,
    pub big_r_range: BigRRange,
    pub third_party: ThirdPartyCommit,
    pub interpolation: Interpolation,
    pub bargain: BargainModel,
    pub max_turns: usize,
    pub min_turns: usize,
    pub stop_ratio: f64,
}

impl Default for SmpParams {
    fn default() -> Self {
        SmpParams {
            victory: VictoryProb::Linear,
            pce: Pce::Conditional,
            transitions: Transitions::Deterministic,
            voting: VotingRule::Proportional,
            big_r_adjust: BigRAdjust::OneThird,
            big_r_range: BigRRange::Mid,
            third_party: ThirdPartyCommit::SemiCommit,
            interpolation: Interpolation::S2P2,
            bargain: BargainModel::InitOnlyInterp,
            max_turns: 100,
            min_turns: 2,
            stop_ratio: 0.02,
        }
    }
}

/// Positions closer than this (Euclidean, on [0, 1]) are one position.
const POS_TOL: f64 = 1e-3;
/// Guards the stop rule's ratio against 0/0.
const MIN_SIG_DELTA: f64 = 1e-4;

/// One actor's challenge in a turn.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Challenge {
    pub initiator: usize,
    pub target: usize,
    /// The initiator's estimate that it prevails.
    pub probability: f64,
    /// The initiator's expected gain over the status quo.
    pub gain: f64,
    /// Positions the bargain proposes for initiator and target.
    pub initiator_to: Vec<f64>,
    pub target_to: Vec<f64>,
}

/// One state of the run.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Turn {
    /// Every actor's position, on the problem's scale.
    pub positions: Vec<Vec<f64>>,
    /// Risk attitudes R_i inferred in this state.
    pub risk: Vec<f64>,
    /// Probability that each actor's position wins (actors sharing a
    /// position share its probability), as KTAB reports it.
    pub probability: Vec<f64>,
    /// Challenges made from this state (empty for the last one).
    pub challenges: Vec<Challenge>,
}

/// A run: every state from the initial one.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SmpRun {
    pub turns: Vec<Turn>,
}

impl SmpRun {
    /// The forecast: the position held by the most probable actor in the
    /// last state (KTAB gives no single number; this reads off the
    /// converged cluster, first actor on ties).
    pub fn forecast(&self) -> Vec<f64> {
        self.forecast_at(self.turns.len() - 1)
    }

    /// The forecast read off state `t` as [`SmpRun::forecast`] reads the
    /// last one.
    pub fn forecast_at(&self, t: usize) -> Vec<f64> {
        let last = &self.turns[t];
        let best = (0..last.probability.len()).fold(0, |b, i| {
            if last.probability[i] > last.probability[b] {
                i
            } else {
                b
            }
        });
        last.positions[best].clone()
    }
}

type Matrix = Vec<Vec<f64>>;

/// `Model::vote`: weighted vote for option 1 over option 2.
fn vote(rule: VotingRule, w: f64, u1: f64, u2: f64) -> f64 {
    let du = u1 - u2;
    let bin = (du / 1e-8).clamp(-1.0, 1.0);
    match rule {
        VotingRule::Binary => w * bin,
        VotingRule::PropBin => w * ((1.0 - 0.2) * du + 0.2 * bin),
        VotingRule::Proportional => w * du,
        VotingRule::PropCbc => w * ((1.0 - 0.5) * du + 0.5 * du * du * du),
        VotingRule::Cubic => w * du * du * du,
        VotingRule::ASymProsp => {
            if du < 0.0 {
                w * du
            } else if du > 0.0 {
                (2.0 * w * du) / 3.0
            } else {
                0.0
            }
        }
    }
}

/// `Model::vProb` for one pair of coalition strengths.
fn victory(model: VictoryProb, s1: f64, s2: f64) -> (f64, f64) {
    let (x1, x2) = match model {
        VictoryProb::Linear => (s1, s2),
        VictoryProb::Square => (s1 * s1, s2 * s2),
        VictoryProb::Quartic => (s1.powi(4), s2.powi(4)),
        VictoryProb::Octic => {
            let q = |x: f64| x * x * x * x;
            (q(s1) * q(s1), q(s2) * q(s2))
        }
        VictoryProb::Binary => {
            let t = 1.10;
            if s1 >= t * s2 {
                (1.0, 1e-6)
            } else if s2 >= t * s1 {
                (1e-6, 1.0)
            } else {
                let r = s1 / (s1 + s2);
                let p = (r * (t + 1.0) - 1.0) / (t - 1.0);
                (p, 1.0 - p)
            }
        }
    };
    (x1 / (x1 + x2), x2 / (x1 + x2))
}

/// `Model::coalitions`: c[i][j], the strength of the coalition for option
/// i against j, from votes `v(k, i, j)` of `voters` actors.
fn coalitions(voters: usize, options: usize, v: impl Fn(usize, usize, usize) -> f64) -> Matrix {
    let mut c = vec![vec![0.0; options]; options];
    for i in 0..options {
        for j in 0..i {
            let (mut cij, mut cji) = (1e-8, 1e-8);
            for k in 0..voters {
                let x = v(k, i, j);
                if x > 0.0 {
                    cij += x;
                }
                if x < 0.0 {
                    cji -= x;
                }
            }
            c[i][j] = cij;
            c[j][i] = cji;
        }
        c[i][i] = 1e-8;
    }
    c
}

fn victory_matrix(model: VictoryProb, c: &Matrix) -> Matrix {
    let n = c.len();
    let mut p = vec![vec![0.0; n]; n];
    for i in 0..n {
        for j in 0..i {
            let (a, b) = victory(model, c[i][j], c[j][i]);
            p[i][j] = a;
            p[j][i] = b;
        }
        p[i][i] = 0.5;
    }
    p
}

/// `Model::probCE2`: the probability that each option wins.
fn pce(model: Pce, vp: VictoryProb, c: &Matrix) -> Vec<f64> {
    let pv = victory_matrix(vp, c);
    let n = c.len();
    match model {
        Pce::Conditional => {
            let p: Vec<f64> = pv.iter().map(|row| row.iter().product()).collect();
            let one: f64 = p.iter().sum();
            p.iter().map(|x| x / one).collect()
        }
        Pce::MarkovUniform => {
            let mut p = vec![1.0 / n as f64; n];
            for _ in 0..1000 {
                let mut change = 0.0f64;
                let q: Vec<f64> = (0..n)
                    .map(|i| {
                        let s: f64 = (0..n).map(|j| pv[i][j] * (p[i] + p[j])).sum();
                        let qi = s / n as f64;
                        change = change.max((qi - p[i]).abs());
                        qi
                    })
                    .collect();
                for (pi, qi) in p.iter_mut().zip(q) {
                    *pi = (*pi + qi) / 2.0;
                }
                if change <= 1e-6 {
                    break;
                }
            }
            p
        }
        Pce::MarkovIncentive => {
            let incentive: Matrix = (0..n)
                .map(|i| {
                    (0..n)
                        .map(|j| c[i][j] * pv[i][j] + if i == j { 1e-10 } else { 0.0 })
                        .collect()
                })
                .collect();
            let col: Vec<f64> = (0..n)
                .map(|j| (0..n).map(|k| incentive[k][j]).sum())
                .collect();
            let challenge = |i: usize, j: usize| incentive[i][j] / col[j];
            let mut p = vec![1.0 / n as f64; n];
            for _ in 0..1000 {
                let ct: Matrix = (0..n)
                    .map(|i| (0..n).map(|j| p[i] * challenge(j, i)).collect())
                    .collect();
                let mut change = 0.0f64;
                let q: Vec<f64> = (0..n)
                    .map(|i| {
                        let qi: f64 = (0..n).map(|j| pv[i][j] * (ct[i][j] + ct[j][i])).sum();
                        change = change.max((qi - p[i]).abs());
                        qi
                    })
                    .collect();
                for (pi, qi) in p.iter_mut().zip(q) {
                    *pi = (*pi + qi) / 2.0;
                }
                if change <= 1e-8 {
                    break;
                }
            }
            p
        }
    }
}

/// `Model::scalarPCE`: weights `w` per actor, `u[actor][option]`.
fn scalar_pce(
    w: &[f64],
    u: &Matrix,
    options: usize,
    prm: &SmpParams,
    rule: VotingRule,
) -> Vec<f64> {
    let c = coalitions(w.len(), options, |k, i, j| {
        vote(rule, w[k], u[k][i], u[k][j])
    });
    pce(prm.pce, prm.victory, &c)
}

fn big_r(p: &[f64], range: BigRRange) -> Vec<f64> {
    let lo = p.iter().copied().fold(1.0, f64::min);
    let hi = p.iter().copied().fold(0.0, f64::max);
    if hi <= lo {
        // Every position equally likely: nobody is more risk-averse.
        return vec![0.0; p.len()];
    }
    p.iter()
        .map(|&x| match range {
            BigRRange::Min => (x - lo) / (hi - lo),
            BigRRange::Mid => (3.0 * x - (hi + 2.0 * lo)) / (2.0 * (hi - lo)),
            BigRRange::Max => (2.0 * x - (hi + lo)) / (hi - lo),
        })
        .collect()
}

fn est_nra(rh: f64, ri: f64, a: BigRAdjust) -> f64 {
    match a {
        BigRAdjust::Full => ri,
        BigRAdjust::TwoThirds => (rh + (2.0 * ri)) / 3.0,
        BigRAdjust::Half => (rh + ri) / 2.0,
        BigRAdjust::OneThird => ((2.0 * rh) + ri) / 3.0,
        BigRAdjust::No => rh,
    }
}

/// `SMPModel::bvDiff`: salience-weighted distance.
fn distance(a: &[f64], b: &[f64], s: &[f64]) -> f64 {
    let (mut ds, mut ss) = (0.0, 0.0);
    for k in 0..a.len() {
        let d = (a[k] - b[k]) * s[k];
        ds += d * d;
        ss += s[k] * s[k];
    }
    (ds / ss).sqrt()
}

/// `SMPModel::bsUtil`.
fn utility(d: f64, r: f64) -> f64 {
    if d <= 1.0 {
        (1.0 - d) * (1.0 + d * r)
    } else {
        (1.0 - d) * (1.0 + r)
    }
}

fn norm(a: &[f64], b: &[f64]) -> f64 {
    a.iter()
        .zip(b)
        .map(|(x, y)| (x - y) * (x - y))
        .sum::<f64>()
        .sqrt()
}

/// A state's assessment: risk attitudes and every perspective's utilities.
struct Assessed {
    nra: Vec<f64>,
    /// `a_util[h][i][j]`: h's estimate of i's utility for j's position.
    a_util: Vec<Matrix>,
}

struct Smp<'a> {
    caps: Vec<f64>,
    sal: Vec<Vec<f64>>,
    /// Total salience per actor.
    sal_sum: Vec<f64>,
    prm: &'a SmpParams,
    rng: u64,
}

impl Smp<'_> {
    fn n(&self) -> usize {
        self.caps.len()
    }

    fn assess(&self, x: &[Vec<f64>]) -> Assessed {
        let n = self.n();
        let diff: Matrix = (0..n)
            .map(|i| {
                (0..n)
                    .map(|j| distance(&x[i], &x[j], &self.sal[i]))
                    .collect()
            })
            .collect();
        let neutral: Matrix = diff
            .iter()
            .map(|row| row.iter().map(|&d| utility(d, 0.0)).collect())
            .collect();
        let c = coalitions(n, n, |k, i, j| {
            vote(self.prm.voting, self.caps[k], neutral[k][i], neutral[k][j])
        });
        let p = pce(self.prm.pce, self.prm.victory, &c);
        let nra = big_r(&p, self.prm.big_r_range);
        let a_util = (0..n)
            .map(|h| {
                (0..n)
                    .map(|i| {
                        let r = est_nra(nra[h], nra[i], self.prm.big_r_adjust);
                        (0..n).map(|j| utility(diff[i][j], r)).collect()
                    })
                    .collect()
            })
            .collect();
        Assessed { nra, a_util }
    }

    /// `SMPState::pDist(-1)` and `posProb`: each actor's position's chance.
    fn probabilities(&self, x: &[Vec<f64>], a: &Assessed) -> Vec<f64> {
        let n = self.n();
        let mut unique: Vec<usize> = Vec::new();
        for i in 0..n {
            if !unique.iter().any(|&u| norm(&x[i], &x[u]) < POS_TOL) {
                unique.push(i);
            }
        }
        let u: Matrix = (0..n)
            .map(|i| unique.iter().map(|&j| a.a_util[i][i][j]).collect())
            .collect();
        // KTAB reports these with the proportional rule whatever the model's.
        let p = scalar_pce(
            &self.caps,
            &u,
            unique.len(),
            self.prm,
            VotingRule::Proportional,
        );
        (0..n)
            .map(|i| {
                let k = unique
                    .iter()
                    .rposition(|&r| norm(&x[i], &x[r]) < POS_TOL)
                    .expect("every position has a representative");
                p[k]
            })
            .collect()
    }

    /// `SMPState::probEduChlg(h, k, i, j)`: h's estimate of the chance that
    /// i prevails over j, and of the gain to k of i challenging j.
    fn challenge(&self, a: &Assessed, h: usize, k: usize, i: usize, j: usize) -> (f64, f64) {
        let u = &a.a_util[h];
        let rule = self.prm.voting;
        let eu_sq = u[k][i] + u[k][j];
        let u_kij = u[k][i] + u[k][i];
        let u_kji = u[k][j] + u[k][j];
        let (si, sj) = (self.sal_sum[i], self.sal_sum[j]);
        let ci = vote(rule, si * self.caps[i], u[i][i], u[i][j]);
        let cj = vote(rule, sj * self.caps[j], u[j][i], u[j][j]);
        let (mut chij, mut chji) = (1e-10, 1e-10);
        for x in [ci, cj] {
            if x > 0.0 {
                chij += x;
            }
            if x < 0.0 {
                chji -= x;
            }
        }
        let (principal_i, principal_j) = (chij, chji);
        for n in 0..self.n() {
            if n == i || n == j {
                continue;
            }
            let w = self.sal_sum[n] * self.caps[n];
            let (uni, unj, unn) = (u[n][i], u[n][j], u[n][n]);
            // `Actor::vProbLittle`: n weighs in on the little i:j contest.
            let own = vote(rule, w, uni, unj);
            let cni = if own > 0.0 {
                principal_i + own
            } else {
                principal_i
            };
            let cnj = if own < 0.0 {
                principal_j - own
            } else {
                principal_j
            };
            let pin = cni / (cni + cnj);
            let pjn = 1.0 - pin;
            // `Actor::thirdPartyVoteSU`.
            let (ik_def_j, j_def_ik, i_def_jk, jk_def_i) = match self.prm.third_party {
                ThirdPartyCommit::FullCommit => (
                    uni + uni + uni,
                    unj + unj + unj,
                    uni + uni + uni,
                    unj + unj + unj,
                ),
                ThirdPartyCommit::SemiCommit => (
                    uni + uni + unn,
                    unj + unj + unj,
                    uni + uni + uni,
                    unj + unj + unn,
                ),
                ThirdPartyCommit::NoCommit => (
                    uni + uni + unn,
                    unj + unj + unn,
                    uni + uni + unn,
                    unj + unj + unn,
                ),
            };
            let u_ik_j = (pin * ik_def_j) + (pjn * j_def_ik);
            let u_i_jk = (pin * i_def_jk) + (pjn * jk_def_i);
            let v = vote(rule, w, u_ik_j, u_i_jk);
            if v > 0.0 {
                chij += v;
            }
            if v < 0.0 {
                chji -= v;
            }
        }
        let phij = chij / (chij + chji);
        let phji = chji / (chij + chji);
        let contest = phij * u_kij + phji * u_kji;
        let eu_challenge = (1.0 - sj) * u_kij + sj * contest;
        (phij, eu_challenge - eu_sq)
    }

    /// `SMPActor::interpolateBrgn`: positions for i and j.
    fn interpolate(
        &self,
        i: usize,
        j: usize,
        xi: &[f64],
        xj: &[f64],
        pi: f64,
        pj: f64,
    ) -> (Vec<f64>, Vec<f64>) {
        let round4 = |x: f64| ((0.5 + x * 10000.0) as i64) as f64 / 10000.0;
        let mut bi = Vec::with_capacity(xi.len());
        let mut bj = Vec::with_capacity(xi.len());
        for k in 0..xi.len() {
            let (ti, tj) = (xi[k], xj[k]);
            let (si, sj) = (self.sal[i][k], self.sal[j][k]);
            match self.prm.interpolation {
                Interpolation::S1P1 | Interpolation::S2P2 => {
                    let e = if self.prm.interpolation == Interpolation::S1P1 {
                        1
                    } else {
                        2
                    };
                    let wi = si.powi(e) * pi.powi(e);
                    let wj = sj.powi(e) * pj.powi(e);
                    let min_w = 1e-6;
                    bi.push(round4(((wi + min_w) * ti + wj * tj) / (wi + min_w + wj)));
                    bj.push(round4((wi * ti + (min_w + wj) * tj) / (wi + min_w + wj)));
                }
                Interpolation::S2PMax => {
                    let di = (pj - pi).max(0.0);
                    let dj = (pi - pj).max(0.0);
                    let (si2, sj2) = (si * si, sj * sj);
                    let dik = (di * sj2) / ((di * sj2) + 1e-6 + ((1.0 - di) * si2));
                    let djk = (dj * si2) / ((dj * si2) + 1e-6 + ((1.0 - dj) * sj2));
                    bi.push(ti + dik * (tj - ti));
                    bj.push(tj + djk * (ti - tj));
                }
            }
        }
        (bi, bj)
    }

    /// `SMPState::doBCN`: challenges, bargains, and the next positions.
    fn step(&mut self, x: &[Vec<f64>], a: &Assessed) -> (Vec<Vec<f64>>, Vec<Challenge>) {
        let n = self.n();
        // A bargain: initiator, receiver, their proposed positions.
        struct Bargain {
            init: usize,
            rcvr: usize,
            pos_init: Vec<f64>,
            pos_rcvr: Vec<f64>,
        }
        let mut bargains: Vec<Bargain> = Vec::new();
        let mut queues: Vec<Vec<usize>> = vec![Vec::new(); n];
        let mut challenges = Vec::new();
        for i in 0..n {
            bargains.push(Bargain {
                init: i,
                rcvr: i,
                pos_init: x[i].clone(),
                pos_rcvr: x[i].clone(),
            });
            queues[i].push(bargains.len() - 1);
            let mut best: Option<(usize, f64, f64)> = None;
            let mut best_eu = -1.0;
            for j in 0..n {
                if j == i {
                    continue;
                }
                let (p, edu) = self.challenge(a, i, i, i, j);
                if 1e-5 < edu && best_eu < edu {
                    best = Some((j, p, edu));
                    best_eu = edu;
                }
            }
            let Some((j, p_iij, gain)) = best else {
                continue;
            };
            let (bi, bj) = self.interpolate(i, j, &x[i], &x[j], p_iij, 1.0 - p_iij);
            challenges.push(Challenge {
                initiator: i,
                target: j,
                probability: p_iij,
                gain,
                initiator_to: bi.clone(),
                target_to: bj.clone(),
            });
            let iij = Bargain {
                init: i,
                rcvr: j,
                pos_init: bi,
                pos_rcvr: bj,
            };
            match self.prm.bargain {
                BargainModel::InitOnlyInterp => {
                    bargains.push(iij);
                    queues[i].push(bargains.len() - 1);
                    queues[j].push(bargains.len() - 1);
                }
                BargainModel::InitRcvrInterp | BargainModel::PwCompInterp => {
                    // KTAB passes j's expected gain where its probability
                    // is meant (see the module docs).
                    let p_jij = self.challenge(a, j, i, i, j).1;
                    let (ci, cj) = self.interpolate(i, j, &x[i], &x[j], p_jij, 1.0 - p_jij);
                    let jij = Bargain {
                        init: i,
                        rcvr: j,
                        pos_init: ci,
                        pos_rcvr: cj,
                    };
                    if self.prm.bargain == BargainModel::InitRcvrInterp {
                        bargains.push(iij);
                        let first = bargains.len() - 1;
                        bargains.push(jij);
                        let second = bargains.len() - 1;
                        queues[i].extend([first, second]);
                        queues[j].extend([first, second]);
                    } else {
                        let wi = self.caps[i] * self.sal_sum[i];
                        let wj = self.caps[i] * self.sal_sum[j];
                        let mix = |a: &[f64], b: &[f64]| -> Vec<f64> {
                            a.iter()
                                .zip(b)
                                .map(|(p, q)| (wi * p + wj * q) / (wi + wj))
                                .collect()
                        };
                        bargains.push(Bargain {
                            init: i,
                            rcvr: j,
                            pos_init: mix(&iij.pos_init, &jij.pos_init),
                            pos_rcvr: mix(&iij.pos_rcvr, &jij.pos_rcvr),
                        });
                        queues[i].push(bargains.len() - 1);
                        queues[j].push(bargains.len() - 1);
                    }
                }
            }
        }
        let pos_util = |who: usize, p: &[f64]| -> f64 {
            utility(distance(&x[who], p, &self.sal[who]), a.nra[who])
        };
        let mut next = Vec::with_capacity(n);
        let mut rng = self.rng;
        for (k, queue) in queues.iter().enumerate() {
            // u[actor][bargain]: mean utility of the state after the bargain.
            let u: Matrix = (0..n)
                .map(|who| {
                    let own = &a.a_util[who][who];
                    queue
                        .iter()
                        .map(|&m| {
                            let b = &bargains[m];
                            let total = if b.init == b.rcvr {
                                own.iter().sum::<f64>()
                            } else {
                                let mut t = pos_util(who, &b.pos_init) + pos_util(who, &b.pos_rcvr);
                                for (nn, &v) in own.iter().enumerate() {
                                    if nn != b.init && nn != b.rcvr {
                                        t += v;
                                    }
                                }
                                t
                            };
                            total / n as f64
                        })
                        .collect()
                })
                .collect();
            let p = scalar_pce(&self.caps, &u, queue.len(), self.prm, self.prm.voting);
            let chosen = match self.prm.transitions {
                Transitions::Deterministic => {
                    (0..p.len()).fold(0, |b, m| if p[m].abs() > p[b].abs() { m } else { b })
                }
                Transitions::Stochastic { .. } => {
                    let mut r = next_random(&mut rng);
                    let mut pick = p.len() - 1;
                    for (m, &pm) in p.iter().enumerate() {
                        if r < pm {
                            pick = m;
                            break;
                        }
                        r -= pm;
                    }
                    pick
                }
            };
            let b = &bargains[queue[chosen]];
            next.push(if b.init == b.rcvr {
                x[k].clone()
            } else if b.init == k {
                b.pos_init.clone()
            } else {
                b.pos_rcvr.clone()
            });
        }
        self.rng = rng;
        (next, challenges)
    }
}

/// A uniform draw in [0, 1) from a splitmix64 state.
fn next_random(state: &mut u64) -> f64 {
    *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^= z >> 31;
    (z >> 11) as f64 / (1u64 << 53) as f64
}

fn state_distance(a: &[Vec<f64>], b: &[Vec<f64>]) -> f64 {
    a.iter().zip(b).map(|(p, q)| norm(p, q)).sum()
}

/// Runs the SMP on every dimension of `p` at once.
pub fn run(p: &Problem, prm: &SmpParams) -> Result<SmpRun, ProblemError> {
    p.check(3)?;
    let dims = &p.dimensions;
    for a in &p.actors {
        let total: f64 = a.salience.iter().sum();
        if !(total > 0.0 && total <= 1.0 + 1e-9) {
            return Err(ProblemError::Value {
                actor: a.name.clone(),
                what: "the total salience",
                value: total,
                expected: "in (0, 1] (the SMP weighs attention across dimensions)",
            });
        }
    }
    let mut m = Smp {
        caps: p.actors.iter().map(|a| a.capability).collect(),
        sal: p.actors.iter().map(|a| a.salience.clone()).collect(),
        sal_sum: p.actors.iter().map(|a| a.salience.iter().sum()).collect(),
        prm,
        rng: match prm.transitions {
            Transitions::Stochastic { seed } => seed,
            Transitions::Deterministic => 0,
        },
    };
    let to_scale = |x: &[Vec<f64>]| -> Vec<Vec<f64>> {
        x.iter()
            .map(|v| v.iter().zip(dims).map(|(&u, d)| d.from_unit(u)).collect())
            .collect()
    };
    let mut x: Vec<Vec<f64>> = p
        .actors
        .iter()
        .map(|a| {
            a.position
                .iter()
                .zip(dims)
                .map(|(&v, d)| d.to_unit(v))
                .collect()
        })
        .collect();
    let mut history = vec![x.clone()];
    let mut turns = Vec::new();
    let mut first_move = 0.0;
    loop {
        let assessed = m.assess(&x);
        let probability = m.probabilities(&x, &assessed);
        let t = history.len() - 1;
        let done = t >= prm.max_turns
            || (t >= prm.min_turns.max(1)
                && state_distance(&history[t - 1], &history[t]) / (first_move + MIN_SIG_DELTA)
                    < prm.stop_ratio);
        let (next, challenges) = if done {
            (Vec::new(), Vec::new())
        } else {
            m.step(&x, &assessed)
        };
        turns.push(Turn {
            positions: to_scale(&x),
            risk: assessed.nra,
            probability,
            challenges,
        });
        if done {
            break;
        }
        if t == 0 {
            first_move = state_distance(&x, &next);
        }
        x = next;
        history.push(x.clone());
    }
    Ok(SmpRun { turns })
}
