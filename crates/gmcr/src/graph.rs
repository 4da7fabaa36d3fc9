//! The shared representation every solution concept reads: states, and per
//! DM the moves it controls and its payoff for each state.
//!
//! Preferences are payoffs: larger is more preferred, equal is tied. Any
//! ranking with ties (or an option-prioritisation score) maps to payoffs.

use serde::Serialize;
use thiserror::Error;

/// State index, 0-based (state numbers shown to users are index + 1).
pub type StateId = u32;

/// One decision maker of a graph.
#[derive(Clone, Debug, Serialize)]
pub struct Dm {
    pub name: String,
    /// `moves[s]`: the states this DM can reach from `s` in one move, sorted,
    /// without `s` itself.
    pub moves: Moves,
    /// `payoff[s]`: larger is preferred; equal values are ties.
    pub payoff: Vec<i64>,
}

/// Every state's moves of one DM: for each state, the states reached in one
/// move. Stored as a few large blocks of consecutive states (each block one
/// list of targets and its offsets), not one list per state: a conflict of
/// 2^20 states has millions of move lists, and as millions of small
/// allocations their memory stays with the allocator after the graph is
/// dropped (the app's memory stayed at its peak after a stopped analysis),
/// where a block of several megabytes goes back to the system at once.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Moves {
    /// States per block (every block but the last has this many).
    per_block: usize,
    blocks: Vec<Block>,
    len: usize,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct Block {
    /// `start[i]..start[i + 1]`: the targets of the block's i-th state.
    start: Vec<usize>,
    to: Vec<StateId>,
}

impl Block {
    fn of<L: AsRef<[StateId]>>(lists: impl IntoIterator<Item = L>) -> Block {
        let mut b = Block {
            start: vec![0],
            to: Vec::new(),
        };
        for l in lists {
            b.to.extend_from_slice(l.as_ref());
            b.start.push(b.to.len());
        }
        b.to.shrink_to_fit();
        b
    }
}

impl Moves {
    /// One state's list after another.
    pub fn from_lists<L: AsRef<[StateId]>>(lists: impl IntoIterator<Item = L>) -> Moves {
        let b = Block::of(lists);
        let len = b.start.len() - 1;
        Moves {
            per_block: len.max(1),
            blocks: vec![b],
            len,
        }
    }

    /// The moves of `states` states, `per_block` at a time in parallel,
    /// each state's list given by `of(state)`.
    pub fn build(
        states: usize,
        per_block: usize,
        of: impl Fn(usize) -> Vec<StateId> + Sync,
    ) -> Moves {
        use rayon::prelude::*;
        let per_block = per_block.max(1);
        let blocks = (0..states.div_ceil(per_block))
            .into_par_iter()
            .map(|k| Block::of((k * per_block..((k + 1) * per_block).min(states)).map(&of)))
            .collect();
        Moves {
            per_block,
            blocks,
            len: states,
        }
    }

    /// Number of states.
    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Each state's targets, in state order.
    pub fn iter(&self) -> impl Iterator<Item = &[StateId]> + '_ {
        (0..self.len).map(move |s| &self[s])
    }

    /// The same moves with each list changed by `f` (given the state).
    pub fn map(&self, f: impl Fn(usize, &[StateId]) -> Vec<StateId>) -> Moves {
        Moves::from_lists(self.iter().enumerate().map(|(s, l)| f(s, l)))
    }
}

impl std::ops::Index<usize> for Moves {
    type Output = [StateId];

    fn index(&self, s: usize) -> &[StateId] {
        let b = &self.blocks[s / self.per_block];
        let i = s % self.per_block;
        &b.to[b.start[i]..b.start[i + 1]]
    }
}

impl From<Vec<Vec<StateId>>> for Moves {
    fn from(lists: Vec<Vec<StateId>>) -> Moves {
        Moves::from_lists(lists)
    }
}

impl Serialize for Moves {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.iter())
    }
}

impl Dm {
    /// Unilateral improvements from `s`: moves to strictly preferred states.
    pub fn improvements(&self, s: StateId) -> impl Iterator<Item = StateId> + '_ {
        let p = self.payoff[s as usize];
        self.moves[s as usize]
            .iter()
            .copied()
            .filter(move |&t| self.payoff[t as usize] > p)
    }
}

/// A conflict as a graph: `n` states and the DMs.
#[derive(Clone, Debug, Serialize)]
pub struct Graph {
    pub states: usize,
    pub dms: Vec<Dm>,
    /// Every DM's moves are transitive: if it can move s→x and x→t, it can
    /// move s→t (or t = s). True for graphs built from the option form; it
    /// lets the engine use plain reachability for legal sequences.
    #[serde(skip)]
    pub transitive_moves: bool,
}

#[derive(Debug, Error, PartialEq)]
pub enum GraphError {
    #[error("a conflict needs at least two decision makers, found {0}")]
    TooFewDms(usize),
    #[error("the conflict has no states")]
    NoStates,
    #[error(
        "{states} feasible states would need about {} MB of move lists, more than the {} MB budget",
        bytes / 1_000_000,
        limit >> 20
    )]
    TooLarge {
        states: usize,
        bytes: u128,
        limit: u128,
    },
    #[error("DM {dm}: {what} has {found} entries for {states} states")]
    Length {
        dm: String,
        what: &'static str,
        found: usize,
        states: usize,
    },
    #[error("DM {dm}: move from state {from} to state {to}, which does not exist")]
    BadMove { dm: String, from: usize, to: usize },
    #[error("DM {dm}: the ranking lists state {state} {problem}")]
    Ranking {
        dm: String,
        state: usize,
        problem: &'static str,
    },
}

impl Graph {
    /// Checks the graph and normalises moves (sorted, deduplicated, no loops).
    pub fn new(states: usize, mut dms: Vec<Dm>) -> Result<Graph, GraphError> {
        if dms.len() < 2 {
            return Err(GraphError::TooFewDms(dms.len()));
        }
        if states == 0 {
            return Err(GraphError::NoStates);
        }
        for dm in &mut dms {
            for (what, found) in [
                ("the move list", dm.moves.len()),
                ("the payoff list", dm.payoff.len()),
            ] {
                if found != states {
                    return Err(GraphError::Length {
                        dm: dm.name.clone(),
                        what,
                        found,
                        states,
                    });
                }
            }
            for (from, targets) in dm.moves.iter().enumerate() {
                if let Some(&to) = targets.iter().find(|&&t| t as usize >= states) {
                    return Err(GraphError::BadMove {
                        dm: dm.name.clone(),
                        from: from + 1,
                        to: to as usize + 1,
                    });
                }
            }
            let normal = |from: usize, l: &[StateId]| {
                l.windows(2).all(|w| w[0] < w[1]) && !l.contains(&(from as StateId))
            };
            if !dm.moves.iter().enumerate().all(|(s, l)| normal(s, l)) {
                dm.moves = dm.moves.map(|from, l| {
                    let mut t: Vec<StateId> =
                        l.iter().copied().filter(|&t| t as usize != from).collect();
                    t.sort_unstable();
                    t.dedup();
                    t
                });
            }
        }
        Ok(Graph {
            states,
            dms,
            transitive_moves: false,
        })
    }
}

/// Payoffs from a ranking, most preferred first, each entry a group of tied
/// state numbers (1-based). Every state must appear exactly once.
pub fn payoff_from_ranking(
    dm: &str,
    states: usize,
    ranking: &[Vec<usize>],
) -> Result<Vec<i64>, GraphError> {
    let mut payoff = vec![None; states];
    let groups = ranking.len() as i64;
    for (rank, group) in ranking.iter().enumerate() {
        for &s in group {
            let slot = payoff
                .get_mut(s.wrapping_sub(1))
                .ok_or(GraphError::Ranking {
                    dm: dm.into(),
                    state: s,
                    problem: "which does not exist",
                })?;
            if slot.is_some() {
                return Err(GraphError::Ranking {
                    dm: dm.into(),
                    state: s,
                    problem: "twice",
                });
            }
            *slot = Some(groups - rank as i64);
        }
    }
    payoff
        .into_iter()
        .enumerate()
        .map(|(i, p)| {
            p.ok_or(GraphError::Ranking {
                dm: dm.into(),
                state: i + 1,
                problem: "nowhere (every state must be ranked)",
            })
        })
        .collect()
}

/// A strict ranking (no ties), most preferred first, as payoffs.
pub fn payoff_from_order(dm: &str, states: usize, order: &[usize]) -> Result<Vec<i64>, GraphError> {
    let groups: Vec<Vec<usize>> = order.iter().map(|&s| vec![s]).collect();
    payoff_from_ranking(dm, states, &groups)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rankings_must_cover_every_state_once() {
        assert_eq!(
            payoff_from_order("A", 3, &[2, 3, 1]).unwrap(),
            vec![1, 3, 2]
        );
        assert!(matches!(
            payoff_from_order("A", 3, &[2, 3]),
            Err(GraphError::Ranking { state: 1, .. })
        ));
        assert!(matches!(
            payoff_from_order("A", 3, &[2, 2, 1]),
            Err(GraphError::Ranking { state: 2, .. })
        ));
        assert!(matches!(
            payoff_from_order("A", 3, &[4, 2, 1]),
            Err(GraphError::Ranking { state: 4, .. })
        ));
        let tied = payoff_from_ranking("A", 3, &[vec![3], vec![1, 2]]).unwrap();
        assert_eq!(tied, vec![1, 1, 2]);
    }
}
