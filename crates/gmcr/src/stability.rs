//! Stability of every state for every DM under Nash, GMR, SMR and SEQ.
//!
//! Definitions (Fang, Hipel & Kilgour 1993; n-DM form as in Xu, Hipel &
//! Kilgour 2009): for DM i at state s, R_i(s) are its one-move states and
//! R_i+(s) its unilateral improvements. R_H(s1) are the states the other DMs
//! H = N \ {i} reach from s1 by a legal sequence (no DM moves twice in
//! succession), R_H+(s1) the same with every step a UI for its mover.
//!
//! - Nash: R_i+(s) is empty.
//! - GMR: every s1 ∈ R_i+(s) has some s2 ∈ R_H(s1) with s2 ⪯_i s.
//! - SMR: as GMR, and every s3 ∈ R_i(s2) has s3 ⪯_i s.
//! - SEQ: every s1 ∈ R_i+(s) has some s2 ∈ R_H+(s1) with s2 ⪯_i s.

use serde::Serialize;

use crate::graph::{Graph, StateId};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum Concept {
    Nash,
    Gmr,
    Smr,
    Seq,
}

impl Concept {
    pub const ALL: [Concept; 4] = [Concept::Nash, Concept::Gmr, Concept::Smr, Concept::Seq];
}

/// Every solution concept a conflict is analysed under: the four of
/// [`Concept`], simultaneous sanctioning (SIM, Fang, Hipel & Kilgour 1989)
/// and SEQ+SIM (stable under either), in report order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub enum Solution {
    #[serde(rename = "Nash")]
    Nash,
    #[serde(rename = "GMR")]
    Gmr,
    #[serde(rename = "SMR")]
    Smr,
    #[serde(rename = "SEQ")]
    Seq,
    #[serde(rename = "SIM")]
    Sim,
    #[serde(rename = "SEQ+SIM")]
    SeqSim,
}

impl Solution {
    pub const ALL: [Solution; 6] = [
        Solution::Nash,
        Solution::Gmr,
        Solution::Smr,
        Solution::Seq,
        Solution::Sim,
        Solution::SeqSim,
    ];

    /// Its name as the literature writes it.
    pub fn name(self) -> &'static str {
        match self {
            Solution::Nash => "Nash",
            Solution::Gmr => "GMR",
            Solution::Smr => "SMR",
            Solution::Seq => "SEQ",
            Solution::Sim => "SIM",
            Solution::SeqSim => "SEQ+SIM",
        }
    }
}

impl From<Concept> for Solution {
    fn from(c: Concept) -> Solution {
        match c {
            Concept::Nash => Solution::Nash,
            Concept::Gmr => Solution::Gmr,
            Concept::Smr => Solution::Smr,
            Concept::Seq => Solution::Seq,
        }
    }
}

/// Verdicts for every DM, state and concept: the one source of equilibria.
#[derive(Clone, Debug, Serialize)]
pub struct Stability {
    /// `stable[dm][state][concept as usize]`.
    pub stable: Vec<Vec<[bool; 4]>>,
    /// SIM verdicts `sim[dm][state]`, where SIM is defined: it needs the
    /// option form's simultaneous moves, which merged (coalesced) states
    /// do not have. `None` there.
    pub sim: Option<Vec<Vec<bool>>>,
}

impl Stability {
    /// Which concepts this analysis has verdicts for.
    pub fn solutions(&self) -> &'static [Solution] {
        if self.sim.is_some() {
            &Solution::ALL
        } else {
            &Solution::ALL[..4]
        }
    }

    /// Whether state `s` (0-based) is stable for `dm` under `c`; `None`
    /// when `c` is undefined here (SIM without simultaneous moves).
    pub fn holds(&self, dm: usize, s: usize, c: Solution) -> Option<bool> {
        let v = self.stable[dm][s];
        let sim = || self.sim.as_ref().map(|m| m[dm][s]);
        Some(match c {
            Solution::Nash => v[0],
            Solution::Gmr => v[1],
            Solution::Smr => v[2],
            Solution::Seq => v[3],
            Solution::Sim => sim()?,
            Solution::SeqSim => v[3] || sim()?,
        })
    }

    /// 1-based numbers of the states stable for `dm` under `c`.
    pub fn stable_under(&self, dm: usize, c: Solution) -> Option<Vec<usize>> {
        if c >= Solution::Sim && self.sim.is_none() {
            return None;
        }
        Some(
            (0..self.stable[dm].len())
                .filter(|&s| self.holds(dm, s, c) == Some(true))
                .map(|s| s + 1)
                .collect(),
        )
    }

    /// 1-based numbers of the states stable for every DM under `c`: its
    /// equilibria; `None` when `c` is undefined here.
    pub fn equilibria_under(&self, c: Solution) -> Option<Vec<usize>> {
        if c >= Solution::Sim && self.sim.is_none() {
            return None;
        }
        let n = self.stable.first().map_or(0, Vec::len);
        Some(
            (0..n)
                .filter(|&s| (0..self.stable.len()).all(|d| self.holds(d, s, c) == Some(true)))
                .map(|s| s + 1)
                .collect(),
        )
    }

    /// 1-based numbers of the states stable for `dm` under `concept`.
    pub fn stable_for(&self, dm: usize, concept: Concept) -> Vec<usize> {
        self.stable[dm]
            .iter()
            .enumerate()
            .filter(|(_, v)| v[concept as usize])
            .map(|(s, _)| s + 1)
            .collect()
    }

    /// 1-based numbers of the states stable for every DM under `concept`.
    pub fn equilibria(&self, concept: Concept) -> Vec<usize> {
        let n = self.stable.first().map_or(0, Vec::len);
        (0..n)
            .filter(|&s| self.stable.iter().all(|d| d[s][concept as usize]))
            .map(|s| s + 1)
            .collect()
    }
}

/// States reachable from `from` by legal sequences of moves of every DM
/// except `excluded`; with `improving`, every step is a UI for its mover.
pub fn coalition_reach(g: &Graph, excluded: usize, from: StateId, improving: bool) -> Vec<StateId> {
    let members: Vec<usize> = (0..g.dms.len()).filter(|&j| j != excluded).collect();
    coalition_reach_of(g, &members, from, improving)
}

/// States the DMs in `members` reach from `from` by legal sequences of their
/// moves (at least one move; no DM twice in succession); with `improving`,
/// every step is a UI for its mover.
///
/// Breadth-first search over (state, last mover): a DM may move again, just
/// not twice in a row.
pub fn coalition_reach_of(
    g: &Graph,
    members: &[usize],
    from: StateId,
    improving: bool,
) -> Vec<StateId> {
    reach_by(g, members, from, |j, s, t| {
        !improving || g.dms[j].payoff[t as usize] > g.dms[j].payoff[s as usize]
    })
}

/// States the DMs in `members` reach from `from` by legal sequences of
/// moves `allowed(mover, from, to)`.
pub fn reach_by(
    g: &Graph,
    members: &[usize],
    from: StateId,
    allowed: impl Fn(usize, StateId, StateId) -> bool,
) -> Vec<StateId> {
    let m = g.dms.len();
    let mut seen = vec![false; g.states * (m + 1)];
    let mut reached = vec![false; g.states];
    let mut queue = vec![(from, m)];
    seen[from as usize * (m + 1) + m] = true;
    while let Some((s, last)) = queue.pop() {
        for &j in members {
            if j == last {
                continue;
            }
            for &t in &g.dms[j].moves[s as usize] {
                if !allowed(j, s, t) {
                    continue;
                }
                reached[t as usize] = true;
                let key = t as usize * (m + 1) + j;
                if !seen[key] {
                    seen[key] = true;
                    queue.push((t, j));
                }
            }
        }
    }
    (0..g.states as StateId)
        .filter(|&t| reached[t as usize])
        .collect()
}

/// Analyses every DM and state.
///
/// DMs are analysed in parallel (rayon); the result does not depend on the
/// number of threads.
pub fn analyze(g: &Graph) -> Stability {
    analyze_until(g, &crate::never)
}

/// [`analyze`] that gives up once `stop` says so (see [`crate::Stop`]).
pub fn analyze_until(g: &Graph, stop: crate::Stop<'_>) -> Stability {
    use rayon::prelude::*;
    let stable = (0..g.dms.len())
        .into_par_iter()
        .map(|i| analyze_dm(g, i, stop))
        .collect();
    Stability { stable, sim: None }
}

/// Every concept, SIM included: the graph of an option form whose states
/// are its feasible states (not merged), so simultaneous moves exist.
pub fn analyze_all(form: &crate::options::OptionForm, g: &Graph) -> Stability {
    analyze_all_until(form, g, &crate::never)
}

/// [`analyze_all`] that gives up once `stop` says so (see [`crate::Stop`]).
pub fn analyze_all_until(
    form: &crate::options::OptionForm,
    g: &Graph,
    stop: crate::Stop<'_>,
) -> Stability {
    let (mut st, sim) = rayon::join(
        || analyze_until(g, stop),
        || crate::sim::analyze_until(form, g, stop),
    );
    st.sim = Some(sim);
    st
}

fn analyze_dm(g: &Graph, i: usize, stop: crate::Stop<'_>) -> Vec<[bool; 4]> {
    let dm = &g.dms[i];
    let p = &dm.payoff;
    // SMR needs a sanction s2 from which i cannot escape: s2 and every
    // state i reaches from s2 must be no better than s for i.
    let escape: Vec<i64> = (0..g.states)
        .map(|s2| {
            dm.moves[s2]
                .iter()
                .map(|&s3| p[s3 as usize])
                .fold(p[s2], i64::max)
        })
        .collect();
    let any = reach_min(g, i, false, &[p, &escape], stop);
    let improving = reach_min(g, i, true, &[p], stop);
    if stop() {
        return vec![[false; 4]; g.states];
    }
    (0..g.states as StateId)
        .map(|s| {
            let ps = p[s as usize];
            let uis: Vec<usize> = dm.improvements(s).map(|t| t as usize).collect();
            [
                uis.is_empty(),
                uis.iter().all(|&s1| any[0][s1] <= ps),
                uis.iter().all(|&s1| any[1][s1] <= ps),
                uis.iter().all(|&s1| improving[0][s1] <= ps),
            ]
        })
        .collect()
}

/// For every state s1 and every weight vector w: the least w over the states
/// the coalition of all DMs but `i` reaches from s1 by legal sequences (with
/// `improving`, sequences of unilateral improvements); `i64::MAX` when the
/// coalition cannot move.
///
/// Works on the graph whose nodes are (state, last mover): legal sequences
/// are exactly its paths. Tarjan's algorithm emits strongly connected
/// components sinks first, so the minimum over everything reachable from a
/// component is known when it is emitted: O(states · DMs · moves) in all,
/// instead of a search per state.
fn reach_min(
    g: &Graph,
    i: usize,
    improving: bool,
    weights: &[&[i64]],
    stop: crate::Stop<'_>,
) -> Vec<Vec<i64>> {
    let m = g.dms.len();
    let n = g.states;
    let stopped = || vec![vec![i64::MAX; n]; weights.len()];
    if m == 2 {
        // A lone opponent cannot move twice in succession: its legal
        // sequences are its single moves.
        let j = 1 - i;
        let p = &g.dms[j].payoff;
        return weights
            .iter()
            .map(|w| {
                (0..n)
                    .map(|s1| {
                        g.dms[j].moves[s1]
                            .iter()
                            .filter(|&&t| !improving || p[t as usize] > p[s1])
                            .map(|&t| w[t as usize])
                            .min()
                            .unwrap_or(i64::MAX)
                    })
                    .collect()
            })
            .collect();
    }
    // When every DM's moves are transitive (option form: two moves of one
    // DM in a row can be made as one), any path of opponents' moves can be
    // rewritten as a legal sequence to the same end by merging runs of one
    // mover, so plain reachability over states is enough: nodes are states
    // (stride 1). The start state may then count as reached by a cycle; it
    // never decides a verdict, being a UI (preferred to the state tested).
    // Otherwise nodes are (state, last mover), stride m.
    let stride = if g.transitive_moves { 1 } else { m };
    let nodes = n * stride;
    // Successors of a node are visited with a cursor (mover j, position k in
    // j's moves from s), so nothing is allocated per node.
    let next = |node: usize, j: &mut usize, k: &mut usize| -> Option<usize> {
        let (s, last) = if stride == 1 {
            (node, m)
        } else {
            (node / m, node % m)
        };
        while *j < m {
            if *j != i && *j != last {
                let dm = &g.dms[*j];
                let moves = &dm.moves[s];
                while *k < moves.len() {
                    let t = moves[*k] as usize;
                    *k += 1;
                    if !improving || dm.payoff[t] > dm.payoff[s] {
                        return Some(if stride == 1 { t } else { t * m + *j });
                    }
                }
            }
            *j += 1;
            *k = 0;
        }
        None
    };
    const NONE: u32 = u32::MAX;
    let mut index = vec![NONE; nodes];
    let mut low = vec![0u32; nodes];
    let mut comp = vec![NONE; nodes];
    let mut on_stack = vec![false; nodes];
    let mut stack: Vec<usize> = Vec::new();
    // Per component and weight: least weight reachable by at least one step.
    let mut best: Vec<Vec<i64>> = vec![Vec::new(); weights.len()];
    let mut counter = 0u32;
    // Explicit DFS: (node, cursor over its successors).
    let mut call: Vec<(usize, usize, usize)> = Vec::new();
    let mut members = Vec::new();
    let mut mins = vec![i64::MAX; weights.len()];
    for root in 0..nodes {
        if (stride == m && root % m == i) || index[root] != NONE {
            continue;
        }
        index[root] = counter;
        low[root] = counter;
        counter += 1;
        call.push((root, 0, 0));
        stack.push(root);
        on_stack[root] = true;
        while let Some((v, j, k)) = call.last_mut() {
            let v = *v;
            if counter.is_multiple_of(65_536) && stop() {
                return stopped();
            }
            if let Some(u) = next(v, j, k) {
                if index[u] == NONE {
                    index[u] = counter;
                    low[u] = counter;
                    counter += 1;
                    call.push((u, 0, 0));
                    stack.push(u);
                    on_stack[u] = true;
                } else if on_stack[u] {
                    low[v] = low[v].min(index[u]);
                }
                continue;
            }
            call.pop();
            if let Some(&(parent, _, _)) = call.last() {
                low[parent] = low[parent].min(low[v]);
            }
            if low[v] != index[v] {
                continue;
            }
            // v is the root of a component: pop it and compute its minima.
            let c = best[0].len() as u32;
            members.clear();
            loop {
                let x = stack.pop().expect("component on stack");
                on_stack[x] = false;
                comp[x] = c;
                members.push(x);
                if x == v {
                    break;
                }
            }
            mins.fill(i64::MAX);
            for &x in &members {
                let (mut j, mut k) = (0, 0);
                while let Some(u) = next(x, &mut j, &mut k) {
                    let su = u / stride;
                    let cu = comp[u];
                    for (kk, w) in weights.iter().enumerate() {
                        let inner = if cu == c {
                            i64::MAX
                        } else {
                            best[kk][cu as usize]
                        };
                        mins[kk] = mins[kk].min(w[su]).min(inner);
                    }
                }
            }
            for (kk, b) in best.iter_mut().enumerate() {
                b.push(mins[kk]);
            }
        }
    }
    // From a start state the first mover may be anyone but i.
    weights
        .iter()
        .enumerate()
        .map(|(k, w)| {
            (0..n)
                .map(|s1| {
                    let mut least = i64::MAX;
                    let start = if stride == 1 { s1 } else { s1 * m + i };
                    let (mut j, mut c) = (0, 0);
                    while let Some(u) = next(start, &mut j, &mut c) {
                        least = least.min(w[u / stride]).min(best[k][comp[u] as usize]);
                    }
                    least
                })
                .collect()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::Dm;

    /// The component DP and the plain search agree on what a coalition reaches.
    #[test]
    fn reach_min_matches_search() {
        let dm = |moves: Vec<Vec<StateId>>, payoff: Vec<i64>| Dm {
            name: "d".into(),
            moves: moves.into(),
            payoff,
        };
        let g = Graph::new(
            4,
            vec![
                dm(vec![vec![1], vec![], vec![3], vec![]], vec![0, 1, 2, 3]),
                dm(vec![vec![], vec![2], vec![], vec![0]], vec![3, 2, 1, 0]),
                dm(vec![vec![2], vec![0], vec![1], vec![2]], vec![1, 3, 0, 2]),
            ],
        )
        .unwrap();
        let w: Vec<i64> = vec![5, 7, 1, 9];
        for i in 0..3 {
            for improving in [false, true] {
                let fast = reach_min(&g, i, improving, &[&w], &crate::never);
                for (s1, &got) in fast[0].iter().enumerate() {
                    let slow = coalition_reach(&g, i, s1 as StateId, improving)
                        .iter()
                        .map(|&t| w[t as usize])
                        .min()
                        .unwrap_or(i64::MAX);
                    assert_eq!(got, slow, "i={i} improving={improving} s1={s1}");
                }
            }
        }
    }
}
