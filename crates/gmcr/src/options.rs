//! The option form: each DM controls binary options; a state is a choice of
//! Y/N for every option. This is how GMCR II and GMCR+ describe conflicts,
//! and how they number states: feasible states in increasing binary value,
//! option k (0-based) worth 2^k, numbered from 1.

use std::collections::HashMap;

use crate::graph::{Dm, Graph, GraphError, Moves, StateId};

/// Which way an option may change.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    /// N→Y and Y→N.
    Both,
    /// Only N→Y (e.g. an attack cannot be undone).
    OnlyToYes,
    /// Only Y→N.
    OnlyToNo,
}

#[derive(Clone, Debug)]
pub struct OptionDef {
    pub name: String,
    /// Index of the DM that controls the option.
    pub dm: usize,
    pub direction: Direction,
}

/// A conjunction of literals `(option, chosen)`; a state that satisfies it
/// is infeasible.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Condition(pub Vec<(usize, bool)>);

impl Condition {
    pub fn holds(&self, state: u64) -> bool {
        self.0.iter().all(|&(k, y)| (state >> k & 1 == 1) == y)
    }

    /// At most one of `options` may be chosen: every pair both Y is infeasible.
    pub fn mutually_exclusive(options: &[usize]) -> Vec<Condition> {
        let mut out = Vec::new();
        for (i, &a) in options.iter().enumerate() {
            for &b in &options[i + 1..] {
                out.push(Condition(vec![(a, true), (b, true)]));
            }
        }
        out
    }

    /// At least one of `options` must be chosen: all of them N is infeasible.
    pub fn at_least_one(options: &[usize]) -> Condition {
        Condition(options.iter().map(|&k| (k, false)).collect())
    }
}

/// A conflict in option form.
#[derive(Clone, Debug)]
pub struct OptionForm {
    pub dms: Vec<String>,
    pub options: Vec<OptionDef>,
    pub infeasible: Vec<Condition>,
}

/// Most options an option form may have (2^k candidate states are scanned).
pub const MAX_OPTIONS: usize = 30;

/// The most memory the explicit move lists of a graph may take (1 GiB):
/// beyond it a conflict is refused before it is built, not built until the
/// machine kills the process.
pub const MAX_MOVE_BYTES: u128 = 1 << 30;

/// How to get a conflict under [`MAX_MOVE_BYTES`], for the diagnostics.
pub const MOVE_BUDGET_HELP: &str = "a decision maker with k options moves to 2^k − 1 combinations from every state: give fewer options to one decision maker, add infeasibility rules, or model the conflict in parts";

impl OptionForm {
    /// Feasible states as option bit patterns, in increasing binary value:
    /// index i is state number i + 1.
    pub fn feasible_states(&self) -> Vec<u64> {
        let k = self.options.len().min(MAX_OPTIONS);
        (0..1u64 << k)
            .filter(|&s| !self.infeasible.iter().any(|c| c.holds(s)))
            .collect()
    }

    /// An upper bound on the bytes the graph's move lists take for `states`
    /// feasible states: each state lists, for each DM, at most every other
    /// combination of its own options (2^k − 1), and never more than the
    /// other states, as 4-byte state ids.
    pub fn move_bytes(&self, states: usize) -> u128 {
        let per_state: u128 = (0..self.dms.len())
            .map(|d| {
                let k = self.options.iter().filter(|o| o.dm == d).count() as u32;
                let combos = if k >= 64 { u128::MAX } else { (1u128 << k) - 1 };
                combos.min(states.saturating_sub(1) as u128)
            })
            .sum();
        (states as u128).saturating_mul(per_state).saturating_mul(4)
    }

    /// The budget's verdict for `states` feasible states: an error when
    /// their move lists would pass [`MAX_MOVE_BYTES`].
    pub fn within_budget(&self, states: usize) -> Result<(), GraphError> {
        self.within(states, MAX_MOVE_BYTES)
    }

    /// [`OptionForm::within_budget`] under a limit of `limit` bytes.
    pub fn within(&self, states: usize, limit: u128) -> Result<(), GraphError> {
        let bytes = self.move_bytes(states);
        if bytes > limit {
            Err(GraphError::TooLarge {
                states,
                bytes,
                limit,
            })
        } else {
            Ok(())
        }
    }

    /// The graph of this conflict, with each DM's payoff for a state given
    /// by `payoff(dm, state_index, bits)`.
    pub fn graph(&self, payoff: impl Fn(usize, usize, u64) -> i64) -> Result<Graph, GraphError> {
        self.graph_within(MAX_MOVE_BYTES, payoff)
    }

    /// [`OptionForm::graph`] with move lists of at most `limit` bytes.
    pub fn graph_within(
        &self,
        limit: u128,
        payoff: impl Fn(usize, usize, u64) -> i64,
    ) -> Result<Graph, GraphError> {
        self.graph_until(limit, &crate::never, payoff)
    }

    /// [`OptionForm::graph_within`] that gives up once `stop` says so
    /// (the graph is then meaningless; see [`crate::Stop`]).
    pub fn graph_until(
        &self,
        limit: u128,
        stop: crate::Stop<'_>,
        payoff: impl Fn(usize, usize, u64) -> i64,
    ) -> Result<Graph, GraphError> {
        let states = self.feasible_states();
        self.within(states.len(), limit)?;
        let index = StateIndex::new(&states, self.options.len());
        let dms = self
            .dms
            .iter()
            .enumerate()
            .map(|(d, name)| {
                let own: Vec<usize> = (0..self.options.len())
                    .filter(|&k| self.options[k].dm == d)
                    .collect();
                // Blocks of about 32 MB of moves each (at least 4,096
                // states), so a large graph is a few large allocations.
                let per_state =
                    (self.move_bytes(states.len()) / states.len().max(1) as u128).max(1);
                let per_block = ((32u128 << 20) / per_state).max(4096) as usize;
                let moves = Moves::build(states.len(), per_block, |i| {
                    if stop() {
                        Vec::new()
                    } else {
                        self.moves_from(states[i], &own, &index)
                    }
                });
                let payoff = states
                    .iter()
                    .enumerate()
                    .map(|(i, &s)| payoff(d, i, s))
                    .collect();
                Dm {
                    name: name.clone(),
                    moves,
                    payoff,
                }
            })
            .collect();
        // A DM's moves change any legal subset of its options, and two such
        // changes in a row are one such change: the moves are transitive.
        let mut g = Graph::new(states.len(), dms)?;
        g.transitive_moves = true;
        Ok(g)
    }

    /// States a DM owning options `own` reaches from `s` by changing any
    /// non-empty subset of them, respecting each option's direction; sorted.
    ///
    /// The options the DM may change from `s` form a mask; every target
    /// keeps the other bits of `s` and takes one of the mask's submasks,
    /// which are enumerated in increasing order, so targets come out in
    /// increasing binary value and hence increasing state index.
    fn moves_from(&self, s: u64, own: &[usize], index: &StateIndex) -> Vec<StateId> {
        let changeable = own.iter().fold(0u64, |m, &k| {
            let to_yes = s >> k & 1 == 0;
            let legal = match self.options[k].direction {
                Direction::Both => true,
                Direction::OnlyToYes => to_yes,
                Direction::OnlyToNo => !to_yes,
            };
            if legal { m | 1 << k } else { m }
        });
        let base = s & !changeable;
        let mut out = Vec::with_capacity((1usize << changeable.count_ones()) - 1);
        let mut x = 0u64;
        loop {
            let t = base | x;
            if t != s
                && let Some(i) = index.get(t)
            {
                out.push(i);
            }
            if x == changeable {
                break;
            }
            // Next submask of `changeable` in increasing order.
            x = ((x | !changeable).wrapping_add(1)) & changeable;
        }
        out
    }
}

/// Bit pattern → state index: a dense table while 2^options is small
/// enough, a hash map beyond.
pub(crate) enum StateIndex {
    Dense(Vec<StateId>),
    Sparse(HashMap<u64, StateId>),
}

impl StateIndex {
    const DENSE_MAX_OPTIONS: usize = 24;
    const ABSENT: StateId = StateId::MAX;

    pub(crate) fn new(states: &[u64], options: usize) -> StateIndex {
        if options <= Self::DENSE_MAX_OPTIONS {
            let mut t = vec![Self::ABSENT; 1 << options];
            for (i, &s) in states.iter().enumerate() {
                t[s as usize] = i as StateId;
            }
            StateIndex::Dense(t)
        } else {
            StateIndex::Sparse(
                states
                    .iter()
                    .enumerate()
                    .map(|(i, &s)| (s, i as StateId))
                    .collect(),
            )
        }
    }

    pub(crate) fn get(&self, bits: u64) -> Option<StateId> {
        match self {
            StateIndex::Dense(t) => t.get(bits as usize).copied().filter(|&i| i != Self::ABSENT),
            StateIndex::Sparse(m) => m.get(&bits).copied(),
        }
    }
}
