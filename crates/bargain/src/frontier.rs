//! The exact Pareto frontier without enumerating the outcome space.
//!
//! The utility vectors of all outcomes are the Minkowski sum C_1 ⊕ … ⊕ C_n
//! of the per-issue sets C_k = {(c_1k(v), …, c_mk(v))}. A sum a + b is
//! non-dominated only if a and b are (if a' dominated a, a' + b would
//! dominate a + b), so P_1 = ND(C_1), P_k = ND(P_{k−1} ⊕ ND(C_k)) ends with
//! exactly the non-dominated vectors of the whole space: multi-objective
//! dynamic programming with dominance pruning (Villarreal & Karwan, Math.
//! Programming 21, 1981; Bazgan, Hugot & Vanderpooten, Computers & OR 36(1),
//! 2009). Each step filters |P_{k−1}|·|ND(C_k)| candidates: for two parties
//! by sorting on the first utility and sweeping on the second, otherwise by
//! comparing against the points kept so far. Back-pointers give the outcomes
//! behind each vector; with `ties`, every outcome with that vector.
//!
//! Dominance and equality use [`TOLERANCE`], so vectors that differ only by
//! rounding are one point and no dominated point survives as a float
//! artefact.

use serde::Serialize;

use crate::domain::{Domain, Outcome, TOLERANCE, dominates, same};

/// Most outcomes listed per frontier point when ties are kept (their
/// number is always given).
pub const MAX_TIED_LISTED: usize = 1000;

/// Most utility vectors a frontier step may filter by default
/// ([`frontier_within`] takes another limit).
pub const MAX_VECTORS: u64 = 1_000_000;

/// One point of the frontier.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct FrontierPoint {
    /// Utility of each party.
    pub utility: Vec<f64>,
    /// Outcomes with this utility vector: the first one found, or with
    /// ties every one (up to [`MAX_TIED_LISTED`]).
    pub outcomes: Vec<Outcome>,
    /// How many outcomes have this vector (counted when ties are kept).
    pub tied: u128,
}

/// The frontier, sorted by the first party's utility, highest first.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Frontier {
    pub points: Vec<FrontierPoint>,
    /// Set when the frontier outgrew its budget and was thinned: its points
    /// are then packages found so far, spread along the frontier, not every
    /// Pareto-optimal one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub thinned: Option<Thinned>,
}

/// Where and how a frontier was thinned to stay within its budget.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Thinned {
    /// The issue (index) whose step would have passed the limit first.
    pub issue: usize,
    /// The candidate vectors that step would have filtered.
    pub candidates: u128,
    /// The limit.
    pub limit: u64,
}

/// A candidate: utility vector (flat storage index) and where it came from.
struct Level {
    m: usize,
    /// Flat utilities, `m` per point.
    u: Vec<f64>,
    /// Per point: (point in the previous level, value index) pairs.
    from: Vec<Vec<(u32, u32)>>,
    /// Per point: number of outcomes with this vector (with ties).
    count: Vec<u128>,
}

impl Level {
    fn point(&self, i: usize) -> &[f64] {
        &self.u[i * self.m..(i + 1) * self.m]
    }
}

/// The non-dominated values of one issue: (value index, vector), ties kept.
fn issue_front(d: &Domain, k: usize) -> Vec<(usize, Vec<f64>)> {
    let vectors: Vec<(usize, Vec<f64>)> = (0..d.issues[k].values.len())
        .map(|v| (v, d.parties.iter().map(|p| p.contribution[k][v]).collect()))
        .collect();
    vectors
        .iter()
        .filter(|(_, a)| !vectors.iter().any(|(_, b)| dominates(b, a)))
        .cloned()
        .collect()
}

/// Every j-th point of `level`, `keep` in all (the first and the last
/// kept: the parties' best points stay).
fn thin(level: Level, keep: usize) -> Level {
    let n = level.from.len();
    if n <= keep {
        return level;
    }
    let picked: Vec<usize> = if keep == 1 {
        vec![0]
    } else {
        (0..keep).map(|i| i * (n - 1) / (keep - 1)).collect()
    };
    let m = level.m;
    let mut u = Vec::with_capacity(keep * m);
    for &i in &picked {
        u.extend_from_slice(level.point(i));
    }
    Level {
        m,
        u,
        from: picked.iter().map(|&i| level.from[i].clone()).collect(),
        count: picked.iter().map(|&i| level.count[i]).collect(),
    }
}

/// Keeps the non-dominated candidates; merges equal ones.
fn filter(
    m: usize,
    cand_u: Vec<f64>,
    cand_from: Vec<(u32, u32)>,
    cand_count: Vec<u128>,
    ties: bool,
) -> Level {
    let n = cand_from.len();
    let at = |i: usize| &cand_u[i * m..(i + 1) * m];
    let mut order: Vec<usize> = (0..n).collect();
    let mut kept: Vec<usize> = Vec::new();
    let mut from: Vec<Vec<(u32, u32)>> = Vec::new();
    let mut count: Vec<u128> = Vec::new();
    let merge = |from: &mut Vec<(u32, u32)>, count: &mut u128, c: usize| {
        if ties {
            from.push(cand_from[c]);
            *count = count.saturating_add(cand_count[c]);
        }
    };
    if m == 2 {
        order.sort_unstable_by(|&a, &b| {
            let (x, y) = (at(a), at(b));
            y[0].total_cmp(&x[0]).then(y[1].total_cmp(&x[1]))
        });
        let mut best1 = f64::NEG_INFINITY;
        for c in order {
            let u = at(c);
            if let Some(&last) = kept.last()
                && same(u, at(last))
            {
                let k = kept.len() - 1;
                merge(&mut from[k], &mut count[k], c);
                continue;
            }
            if u[1] > best1 + TOLERANCE {
                // A kept point with (almost) the same first utility and a
                // lower second one is dominated by this one.
                while let Some(&last) = kept.last() {
                    let l = at(last);
                    if l[0] <= u[0] + TOLERANCE && l[1] < u[1] - TOLERANCE {
                        kept.pop();
                        from.pop();
                        count.pop();
                    } else {
                        break;
                    }
                }
                kept.push(c);
                from.push(vec![cand_from[c]]);
                count.push(cand_count[c]);
                best1 = u[1];
            }
        }
    } else {
        // A dominating vector has a larger sum (up to tolerance), so
        // dominators come first.
        let sums: Vec<f64> = (0..n).map(|i| at(i).iter().sum()).collect();
        order.sort_unstable_by(|&a, &b| sums[b].total_cmp(&sums[a]));
        for c in order {
            let u = at(c);
            if let Some(k) = kept.iter().position(|&q| same(at(q), u)) {
                merge(&mut from[k], &mut count[k], c);
                continue;
            }
            if kept.iter().any(|&q| dominates(at(q), u)) {
                continue;
            }
            let mut k = 0;
            while k < kept.len() {
                if dominates(u, at(kept[k])) {
                    kept.swap_remove(k);
                    from.swap_remove(k);
                    count.swap_remove(k);
                } else {
                    k += 1;
                }
            }
            kept.push(c);
            from.push(vec![cand_from[c]]);
            count.push(cand_count[c]);
        }
    }
    let mut u = Vec::with_capacity(kept.len() * m);
    for &k in &kept {
        u.extend_from_slice(at(k));
    }
    Level { m, u, from, count }
}

/// The exact Pareto frontier of `d` (see the module docs), within the
/// default budget of [`MAX_VECTORS`].
pub fn frontier(d: &Domain, ties: bool) -> Frontier {
    frontier_within(d, ties, MAX_VECTORS)
}

/// The Pareto frontier of `d` with at most `limit` candidate vectors per
/// step. A step that would pass it keeps an evenly spaced share of the
/// points so far (every j-th, in the first party's order for two parties)
/// and goes on: the result holds real packages, none dominated by another
/// one found, spread along the frontier, and says where it was thinned. A
/// perfectly opposed domain has a frontier as large as its outcome space
/// (10^15 for 15 issues of 10 values), which no budget holds exactly.
pub fn frontier_within(d: &Domain, ties: bool, limit: u64) -> Frontier {
    frontier_until(d, ties, limit, &|| false)
}

/// [`frontier_within`] that gives up between issues once `stop` says so;
/// the frontier is then empty and meaningless (the caller knows why it
/// stopped: a timed-out request, Ctrl-C).
pub fn frontier_until(
    d: &Domain,
    ties: bool,
    limit: u64,
    stop: &(dyn Fn() -> bool + Sync),
) -> Frontier {
    let m = d.parties.len();
    let mut thinned: Option<Thinned> = None;
    let mut levels: Vec<Level> = Vec::with_capacity(d.issues.len());
    // Level "0" is the empty sum.
    let mut current = Level {
        m,
        u: vec![0.0; m],
        from: vec![vec![]],
        count: vec![1],
    };
    for k in 0..d.issues.len() {
        if stop() {
            return Frontier {
                points: Vec::new(),
                thinned: None,
            };
        }
        let front = issue_front(d, k);
        let candidates = current.from.len() as u128 * front.len() as u128;
        if candidates > limit as u128 {
            thinned.get_or_insert(Thinned {
                issue: k,
                candidates,
                limit,
            });
            let keep = (limit as usize / front.len().max(1)).max(1);
            current = thin(current, keep);
        }
        let n = current.from.len() * front.len();
        let mut cand_u = Vec::with_capacity(n * m);
        let mut cand_from = Vec::with_capacity(n);
        let mut cand_count = Vec::with_capacity(n);
        for p in 0..current.from.len() {
            let base = current.point(p);
            for (v, c) in &front {
                cand_u.extend(base.iter().zip(c).map(|(a, b)| a + b));
                cand_from.push((p as u32, *v as u32));
                cand_count.push(current.count[p]);
            }
        }
        let next = filter(m, cand_u, cand_from, cand_count, ties);
        levels.push(std::mem::replace(&mut current, next));
    }
    levels.push(current);
    // levels[0] is the empty sum; levels[k + 1] follows issue k.
    let last = levels.len() - 1;
    let top = &levels[last];
    let mut points: Vec<FrontierPoint> = (0..top.from.len())
        .map(|i| {
            let mut outcomes = Vec::new();
            let mut partial = vec![0usize; d.issues.len()];
            collect(
                &levels,
                last,
                i,
                &mut partial,
                &mut outcomes,
                if ties { MAX_TIED_LISTED } else { 1 },
            );
            FrontierPoint {
                utility: top.point(i).to_vec(),
                outcomes,
                tied: if ties { top.count[i] } else { 1 },
            }
        })
        .collect();
    points.sort_by(|a, b| {
        b.utility[0]
            .total_cmp(&a.utility[0])
            .then(b.utility[1].total_cmp(&a.utility[1]))
    });
    Frontier { points, thinned }
}

/// Walks back-pointers from point `i` of `levels[level]`, filling
/// `partial` from the last issue down, up to `cap` outcomes.
fn collect(
    levels: &[Level],
    level: usize,
    i: usize,
    partial: &mut Vec<usize>,
    out: &mut Vec<Outcome>,
    cap: usize,
) {
    if out.len() >= cap {
        return;
    }
    if level == 0 {
        out.push(partial.clone());
        return;
    }
    for &(p, v) in &levels[level].from[i] {
        partial[level - 1] = v as usize;
        collect(levels, level - 1, p as usize, partial, out, cap);
        if out.len() >= cap {
            return;
        }
    }
}

/// The frontier by enumerating every outcome: the definition, for tests and
/// small spaces.
pub fn frontier_by_enumeration(d: &Domain) -> Vec<Vec<f64>> {
    let mut all: Vec<Vec<f64>> = Vec::new();
    let sizes: Vec<usize> = d.issues.iter().map(|i| i.values.len()).collect();
    let mut o = vec![0usize; sizes.len()];
    loop {
        all.push(d.utilities(&o));
        let mut k = 0;
        loop {
            if k == sizes.len() {
                let mut front: Vec<Vec<f64>> = Vec::new();
                for u in &all {
                    if !all.iter().any(|w| dominates(w, u)) && !front.iter().any(|f| same(f, u)) {
                        front.push(u.clone());
                    }
                }
                front.sort_by(|a, b| b[0].total_cmp(&a[0]).then(b[1].total_cmp(&a[1])));
                return front;
            }
            o[k] += 1;
            if o[k] < sizes[k] {
                break;
            }
            o[k] = 0;
            k += 1;
        }
    }
}
