//! Status-quo analysis: where play can go from the status quo when every
//! DM only ever makes unilateral improvements, and by which paths
//! (Fang, Hipel & Kilgour 1993, ch. 5).

use std::collections::VecDeque;

use serde::Serialize;

use crate::graph::{Graph, StateId};

/// One step of a path: `dm` moves the conflict to `to`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Step {
    pub dm: usize,
    /// 1-based state number.
    pub to: usize,
}

/// A state reachable from the status quo and a shortest path to it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Reached {
    /// 1-based state number.
    pub state: usize,
    pub path: Vec<Step>,
}

/// Every state reachable from `status_quo` (0-based) by sequences of
/// unilateral improvements, each with a shortest path, in order of path
/// length then state number. The status quo itself comes first, with an
/// empty path.
pub fn reachable(g: &Graph, status_quo: StateId) -> Vec<Reached> {
    let mut parent: Vec<Option<(usize, StateId)>> = vec![None; g.states];
    let mut seen = vec![false; g.states];
    let mut order = vec![status_quo];
    let mut queue = VecDeque::from([status_quo]);
    seen[status_quo as usize] = true;
    while let Some(s) = queue.pop_front() {
        let mut next: Vec<(StateId, usize)> = g
            .dms
            .iter()
            .enumerate()
            .flat_map(|(d, dm)| dm.improvements(s).map(move |t| (t, d)))
            .collect();
        next.sort_unstable();
        for (t, d) in next {
            if !seen[t as usize] {
                seen[t as usize] = true;
                parent[t as usize] = Some((d, s));
                order.push(t);
                queue.push_back(t);
            }
        }
    }
    order
        .into_iter()
        .map(|s| {
            let mut path = Vec::new();
            let mut at = s;
            while let Some((dm, from)) = parent[at as usize] {
                path.push(Step {
                    dm,
                    to: at as usize + 1,
                });
                at = from;
            }
            path.reverse();
            Reached {
                state: s as usize + 1,
                path,
            }
        })
        .collect()
}
