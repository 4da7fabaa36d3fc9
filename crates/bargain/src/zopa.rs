//! The zone of possible agreement (Raiffa 1982): the outcomes every party
//! prefers to no agreement, u_i(ω) ≥ r_i for all i, and its share of the
//! outcome space.
//!
//! Counting it exactly does not need the frontier but does need the
//! outcomes: up to [`MAX_ENUMERATED`] they are enumerated; beyond that, for
//! two parties, the issues are split in two halves whose partial utility
//! vectors (each at most [`MAX_HALF`]) are paired by an offline dominance
//! count (sort one half, sweep the other with a Fenwick tree): O(H log H)
//! instead of H².

use rayon::prelude::*;
use serde::Serialize;

use crate::domain::{Domain, TOLERANCE};

/// Most outcomes enumerated directly.
pub const MAX_ENUMERATED: u128 = 20_000_000;
/// Most partial outcomes per half in the two-party count.
pub const MAX_HALF: u128 = 20_000_000;

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Zopa {
    pub outcomes: u128,
    /// Outcomes at or above every reservation value; `None` when too many
    /// to count (three or more parties beyond [`MAX_ENUMERATED`]).
    pub rational: Option<u128>,
    pub share: Option<f64>,
    /// How it was counted.
    pub method: &'static str,
}

/// Every partial outcome of issues `ks` as utility vectors.
fn partials(d: &Domain, ks: &[usize]) -> Vec<Vec<f64>> {
    let m = d.parties.len();
    let mut out = vec![vec![0.0; m]];
    for &k in ks {
        let n = d.issues[k].values.len();
        let mut next = Vec::with_capacity(out.len() * n);
        for u in &out {
            for v in 0..n {
                next.push(
                    u.iter()
                        .zip(&d.parties)
                        .map(|(a, p)| a + p.contribution[k][v])
                        .collect(),
                );
            }
        }
        out = next;
    }
    out
}

/// Counts the rational outcomes.
/// Outcomes above which two parties' zone is counted by halves.
pub const HALVES_FROM: u128 = 100_000;

pub fn zopa(d: &Domain) -> Zopa {
    zopa_within(d, MAX_ENUMERATED)
}

/// [`zopa`] enumerating at most `max_enumerated` outcomes one by one (the
/// budget of `detente-analysis`); two parties are counted by halves of at
/// most [`MAX_HALF`] partial outcomes each.
pub fn zopa_within(d: &Domain, max_enumerated: u128) -> Zopa {
    let total = d.outcomes();
    let r = d.reservations();
    let ok = |u: &[f64]| u.iter().zip(&r).all(|(x, ri)| *x >= ri - TOLERANCE);
    let result = |rational: Option<u128>, method| Zopa {
        outcomes: total,
        share: rational.map(|c| c as f64 / total as f64),
        rational,
        method,
    };
    // Two parties: pairing two halves by a dominance count is exact and
    // far faster than enumerating (a JCPOA-sized domain of 10^7 packages
    // takes milliseconds instead of a quarter of a second), so it is used
    // from a modest size on.
    if d.parties.len() == 2
        && total > HALVES_FROM
        && let Some(count) = count_by_halves(d)
    {
        return result(
            Some(count),
            "two halves of the issues paired by a dominance count",
        );
    }
    if total <= max_enumerated {
        // Enumerate by the first issue in parallel, the rest sequentially.
        let rest: Vec<usize> = (1..d.issues.len()).collect();
        let tail = partials(d, &rest);
        let count: u128 = (0..d.issues[0].values.len())
            .into_par_iter()
            .map(|v| {
                let head: Vec<f64> = d.parties.iter().map(|p| p.contribution[0][v]).collect();
                tail.iter()
                    .filter(|t| {
                        let u: Vec<f64> = head.iter().zip(t.iter()).map(|(a, b)| a + b).collect();
                        ok(&u)
                    })
                    .count() as u128
            })
            .sum();
        return result(Some(count), "every outcome enumerated");
    }
    if d.parties.len() != 2 {
        return result(
            None,
            "not counted: more outcomes than the budget enumerates for three or more parties (raise it with --budget outcomes=…)",
        );
    }
    match count_by_halves(d) {
        Some(count) => result(
            Some(count),
            "two halves of the issues paired by a dominance count",
        ),
        None => result(
            None,
            "not counted: even half of the issues has too many outcomes",
        ),
    }
}

/// Two parties: the rational outcomes counted by pairing the partial
/// outcomes of two halves of the issues; `None` past [`MAX_HALF`].
pub fn count_by_halves(d: &Domain) -> Option<u128> {
    let r = d.reservations();
    // Split the issues so that the halves have similar sizes.
    let mut first = Vec::new();
    let mut size_first = 1u128;
    let mut second = Vec::new();
    let mut size_second = 1u128;
    for k in 0..d.issues.len() {
        let n = d.issues[k].values.len() as u128;
        if size_first <= size_second {
            first.push(k);
            size_first = size_first.saturating_mul(n);
        } else {
            second.push(k);
            size_second = size_second.saturating_mul(n);
        }
    }
    if size_first > MAX_HALF || size_second > MAX_HALF {
        return None;
    }
    let a = partials(d, &first);
    let b = partials(d, &second);
    // Count pairs with a0 + b0 ≥ r0 and a1 + b1 ≥ r1: for each a, the b with
    // b0 ≥ r0 − a0 and b1 ≥ r1 − a1.
    let mut bs: Vec<(f64, f64)> = b.iter().map(|v| (v[0], v[1])).collect();
    bs.sort_by(|x, y| y.0.total_cmp(&x.0));
    let mut ys: Vec<f64> = bs.iter().map(|v| v.1).collect();
    ys.sort_by(f64::total_cmp);
    let mut queries: Vec<(f64, f64)> = a.iter().map(|v| (r[0] - v[0], r[1] - v[1])).collect();
    queries.sort_by(|x, y| y.0.total_cmp(&x.0));
    let mut tree = vec![0u64; ys.len() + 1];
    let add = |tree: &mut Vec<u64>, mut i: usize| {
        i += 1;
        while i < tree.len() {
            tree[i] += 1;
            i += i & i.wrapping_neg();
        }
    };
    let prefix = |tree: &Vec<u64>, mut i: usize| -> u64 {
        let mut s = 0;
        while i > 0 {
            s += tree[i];
            i -= i & i.wrapping_neg();
        }
        s
    };
    let mut added = 0usize;
    let mut next = 0usize;
    let mut count: u128 = 0;
    for (t0, t1) in queries {
        while next < bs.len() && bs[next].0 >= t0 - TOLERANCE {
            let rank = ys.partition_point(|y| *y < bs[next].1);
            add(&mut tree, rank);
            added += 1;
            next += 1;
        }
        // Added points with b1 ≥ t1: all added minus those below.
        let below = ys.partition_point(|y| *y < t1 - TOLERANCE);
        count += (added as u64 - prefix(&tree, below)) as u128;
    }
    Some(count)
}
