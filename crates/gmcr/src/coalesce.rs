//! Coalescing indistinguishable states, e.g. "every state after UR
//! abandons": all feasible states that satisfy a condition become one state.
//!
//! The merged state is represented by its member of lowest binary value
//! (whose option values give its label and every DM's payoff), and states
//! are renumbered in increasing binary value of their representatives. A DM
//! can move from one merged state to another when some member of the first
//! can move to some member of the second; moves inside a merged state
//! vanish.

use crate::graph::{Dm, Graph, GraphError, StateId};
use crate::options::Condition;

/// A graph with merged states and the map back to the unmerged ones.
pub struct Coalesced {
    pub graph: Graph,
    /// Bit pattern of each new state's representative.
    pub states: Vec<u64>,
    /// `class_of[old]`: new state index of each unmerged state.
    pub class_of: Vec<StateId>,
}

/// The representative (index into `states`) of each state: itself, or the
/// lowest-valued member of the first class it belongs to.
fn representative_of(states: &[u64], classes: &[Condition]) -> Vec<usize> {
    let n = states.len();
    let mut rep: Vec<usize> = (0..n).collect();
    for c in classes {
        let members: Vec<usize> = (0..n)
            .filter(|&s| c.holds(states[s]) && rep[s] == s)
            .collect();
        if let Some(&first) = members.iter().min_by_key(|&&s| states[s]) {
            for &s in &members {
                rep[s] = first;
            }
        }
    }
    rep
}

/// Bit patterns of the states after merging, in the order they are numbered.
pub fn representatives(states: &[u64], classes: &[Condition]) -> Vec<u64> {
    let rep = representative_of(states, classes);
    let mut reps: Vec<u64> = (0..states.len())
        .filter(|&s| rep[s] == s)
        .map(|s| states[s])
        .collect();
    reps.sort_unstable();
    reps
}

/// Merges the states of `g` (bit patterns `states`) that satisfy each of
/// `classes`; a state matching several conditions joins the first.
pub fn coalesce(g: &Graph, states: &[u64], classes: &[Condition]) -> Result<Coalesced, GraphError> {
    let n = states.len();
    let rep = representative_of(states, classes);
    let mut reps: Vec<usize> = (0..n).filter(|&s| rep[s] == s).collect();
    reps.sort_by_key(|&s| states[s]);
    let mut new_index = vec![0 as StateId; n];
    for (i, &r) in reps.iter().enumerate() {
        new_index[r] = i as StateId;
    }
    let class_of: Vec<StateId> = (0..n).map(|s| new_index[rep[s]]).collect();
    let dms = g
        .dms
        .iter()
        .map(|d| {
            let mut moves = vec![Vec::new(); reps.len()];
            for (s, targets) in d.moves.iter().enumerate() {
                for &t in targets {
                    let (a, b) = (class_of[s], class_of[t as usize]);
                    if a != b {
                        moves[a as usize].push(b);
                    }
                }
            }
            Dm {
                name: d.name.clone(),
                moves: moves.into(),
                payoff: reps.iter().map(|&r| d.payoff[r]).collect(),
            }
        })
        .collect();
    Ok(Coalesced {
        graph: Graph::new(reps.len(), dms)?,
        states: reps.iter().map(|&r| states[r]).collect(),
        class_of,
    })
}
