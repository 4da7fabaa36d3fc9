//! Inverse analysis: which preference rankings of one DM make a desired
//! state an equilibrium, the other DMs' preferences fixed (Kinsara, Kilgour
//! & Hipel 2015, "Inverse approach to the graph model for conflict
//! resolution", IEEE Trans. SMC 45(5); Hipel, Kilgour & Kinsara 2014).
//!
//! Rankings here are strict orders of all states. Nash has a closed form:
//! the desired state e must be ranked above each of the k states the DM
//! reaches from e, which holds in n!/(k+1) of the n! orders. The other
//! concepts are counted by enumerating orders (up to [`MAX_ENUMERATED`]
//! states) and checking e alone, not the whole conflict.

use crate::graph::{Graph, StateId};
use crate::stability::Concept;

/// Most states whose orders are enumerated (8! = 40,320 orders).
pub const MAX_ENUMERATED: usize = 8;

/// Stability of state `s` for DM `i` under Nash, GMR, SMR and SEQ, read off
/// the explanation (a concept holds when every UI has its kind of sanction).
pub fn stable_at(g: &Graph, i: usize, s: StateId) -> [bool; 4] {
    let e = crate::explain::explain(g, i, s);
    let all = |f: fn(&crate::explain::Improvement) -> bool| e.improvements.iter().all(f);
    [
        e.improvements.is_empty(),
        all(|u| u.sanction.is_some()),
        all(|u| u.inescapable_sanction.is_some()),
        all(|u| u.credible_sanction.is_some()),
    ]
}

/// How many strict rankings of DM `dm` make state `e` (0-based) an
/// equilibrium under each concept, the other DMs fixed; `None` past
/// [`MAX_ENUMERATED`] states.
pub fn count(g: &Graph, dm: usize, e: StateId) -> Option<[u64; 4]> {
    let mut counts = [0u64; 4];
    for_each_ranking(g, dm, e, |stable, _| {
        for (c, ok) in counts.iter_mut().zip(stable) {
            *c += u64::from(ok);
        }
    })?;
    Some(counts)
}

/// The rankings (most preferred first, 1-based state numbers) of DM `dm`
/// that make `e` an equilibrium under `concept`.
pub fn rankings(g: &Graph, dm: usize, e: StateId, concept: Concept) -> Option<Vec<Vec<usize>>> {
    let mut out = Vec::new();
    for_each_ranking(g, dm, e, |stable, order| {
        if stable[concept as usize] {
            out.push(order.iter().map(|&s| s + 1).collect());
        }
    })?;
    Some(out)
}

/// Nash count in closed form: n!/(k+1) if the other DMs are Nash-stable at
/// `e`, else 0. Exact up to 20 states (20! fits in u64).
pub fn count_nash(g: &Graph, dm: usize, e: StateId) -> Option<u64> {
    let others_stable = (0..g.dms.len())
        .filter(|&d| d != dm)
        .all(|d| g.dms[d].improvements(e).next().is_none());
    if !others_stable {
        return Some(0);
    }
    let n = g.states as u64;
    let k = g.dms[dm].moves[e as usize].len() as u64;
    let factorial = (1..=n).try_fold(1u64, |a, x| a.checked_mul(x))?;
    Some(factorial / (k + 1))
}

fn for_each_ranking(
    g: &Graph,
    dm: usize,
    e: StateId,
    mut f: impl FnMut([bool; 4], &[usize]),
) -> Option<()> {
    let n = g.states;
    if n > MAX_ENUMERATED {
        return None;
    }
    let others: Vec<[bool; 4]> = (0..g.dms.len())
        .filter(|&d| d != dm)
        .map(|d| stable_at(g, d, e))
        .collect();
    let mut graph = g.clone();
    let mut order: Vec<usize> = (0..n).collect();
    // Heap's algorithm visits every permutation once.
    let mut c = vec![0usize; n];
    let mut visit = |order: &[usize], graph: &mut Graph| {
        for (rank, &s) in order.iter().enumerate() {
            graph.dms[dm].payoff[s] = (n - rank) as i64;
        }
        let mut all = stable_at(graph, dm, e);
        for (d, base) in (0..graph.dms.len()).filter(|&d| d != dm).zip(&others) {
            let seq = stable_at(graph, d, e)[Concept::Seq as usize];
            let theirs = [base[0], base[1], base[2], seq];
            for k in 0..4 {
                all[k] &= theirs[k];
            }
        }
        f(all, order);
    };
    visit(&order, &mut graph);
    let mut i = 0;
    while i < n {
        if c[i] < i {
            if i % 2 == 0 {
                order.swap(0, i);
            } else {
                order.swap(c[i], i);
            }
            visit(&order, &mut graph);
            c[i] += 1;
            i = 0;
        } else {
            c[i] = 0;
            i += 1;
        }
    }
    Some(())
}
