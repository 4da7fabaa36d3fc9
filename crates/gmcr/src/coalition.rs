//! Coalition analysis: joint moves a group of DMs can make that every member
//! strictly prefers (Kilgour, Hipel, Fang & Peng 2001, "Coalition analysis
//! in group decision support", Group Decision and Negotiation 10(2)).
//!
//! A coalition reaches the states its members get to by legal sequences of
//! their own moves (no member moving twice in succession). A coalition
//! improvement from s is such a state that every member strictly prefers
//! to s. A state is coalition-Nash stable when no coalition (single DMs
//! included) has an improvement from it.

use serde::Serialize;

use crate::graph::{Graph, StateId};
use crate::stability::coalition_reach_of;

/// An improvement of `members` (DM indices) from a state to `to` (1-based).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CoalitionMove {
    pub members: Vec<usize>,
    pub to: usize,
}

/// All improvements of every coalition of two or more DMs from `s`
/// (0-based), by coalition then target.
pub fn improvements(g: &Graph, s: StateId) -> Vec<CoalitionMove> {
    let m = g.dms.len();
    let mut out = Vec::new();
    for mask in 1u32..1 << m {
        if mask.count_ones() < 2 {
            continue;
        }
        let members: Vec<usize> = (0..m).filter(|&d| mask >> d & 1 == 1).collect();
        for t in coalition_reach_of(g, &members, s, false) {
            if members
                .iter()
                .all(|&d| g.dms[d].payoff[t as usize] > g.dms[d].payoff[s as usize])
            {
                out.push(CoalitionMove {
                    members: members.clone(),
                    to: t as usize + 1,
                });
            }
        }
    }
    out
}

/// 1-based states from which no coalition, of any size, can improve.
pub fn coalition_nash_stable(g: &Graph) -> Vec<usize> {
    (0..g.states as StateId)
        .filter(|&s| {
            g.dms.iter().all(|d| d.improvements(s).next().is_none())
                && improvements(g, s).is_empty()
        })
        .map(|s| s as usize + 1)
        .collect()
}
