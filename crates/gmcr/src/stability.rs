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

/// Verdicts for every DM, state and concept.
#[derive(Clone, Debug, Serialize)]
pub struct Stability {
    /// `stable[dm][state][concept as usize]`.
    pub stable: Vec<Vec<[bool; 4]>>,
}

impl Stability {
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
///
/// Breadth-first search over (state, last mover): a DM may move again, just
/// not twice in a row.
pub fn coalition_reach(g: &Graph, excluded: usize, from: StateId, improving: bool) -> Vec<StateId> {
    let m = g.dms.len();
    let mut seen = vec![false; g.states * (m + 1)];
    let mut reached = vec![false; g.states];
    let mut queue = vec![(from, m)];
    seen[from as usize * (m + 1) + m] = true;
    while let Some((s, last)) = queue.pop() {
        for (j, dm) in g.dms.iter().enumerate() {
            if j == excluded || j == last {
                continue;
            }
            let p = dm.payoff[s as usize];
            for &t in &dm.moves[s as usize] {
                if improving && dm.payoff[t as usize] <= p {
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
pub fn analyze(g: &Graph) -> Stability {
    let stable = (0..g.dms.len()).map(|i| analyze_dm(g, i)).collect();
    Stability { stable }
}

fn analyze_dm(g: &Graph, i: usize) -> Vec<[bool; 4]> {
    let dm = &g.dms[i];
    let mut any_cache: Vec<Option<Vec<StateId>>> = vec![None; g.states];
    let mut ui_cache: Vec<Option<Vec<StateId>>> = vec![None; g.states];
    (0..g.states as StateId)
        .map(|s| {
            let p = dm.payoff[s as usize];
            let not_better = |t: StateId| dm.payoff[t as usize] <= p;
            let uis: Vec<StateId> = dm.improvements(s).collect();
            let nash = uis.is_empty();
            let (mut gmr, mut smr, mut seq) = (true, true, true);
            for &s1 in &uis {
                let any =
                    any_cache[s1 as usize].get_or_insert_with(|| coalition_reach(g, i, s1, false));
                gmr &= any.iter().any(|&s2| not_better(s2));
                smr &= any.iter().any(|&s2| {
                    not_better(s2) && dm.moves[s2 as usize].iter().all(|&s3| not_better(s3))
                });
                let ui =
                    ui_cache[s1 as usize].get_or_insert_with(|| coalition_reach(g, i, s1, true));
                seq &= ui.iter().any(|&s2| not_better(s2));
            }
            [nash, gmr, smr, seq]
        })
        .collect()
}
