//! Simultaneous stability (SIM) and SEQ+SIM (Fang, Hipel & Kilgour 1993).
//!
//! SIM needs the option form: when DMs move at the same time their option
//! changes combine. State s is SIM-stable for DM i when every unilateral
//! improvement s1 of i can be met by simultaneous unilateral improvements
//! from s of one or more opponents, such that the combined state (i's
//! changes and theirs applied to s together) is not preferred by i to s. A
//! combination that lands on an infeasible state is not available.
//! SEQ+SIM: stable by SEQ or by SIM.

use crate::graph::{Graph, StateId};
use crate::options::{OptionForm, StateIndex};

/// `sim[dm][state]`.
///
/// DMs are analysed in parallel (rayon).
pub fn analyze(form: &OptionForm, g: &Graph) -> Vec<Vec<bool>> {
    analyze_until(form, g, &crate::never)
}

/// [`analyze`] that gives up once `stop` says so (see [`crate::Stop`]).
pub fn analyze_until(form: &OptionForm, g: &Graph, stop: crate::Stop<'_>) -> Vec<Vec<bool>> {
    use rayon::prelude::*;
    let states = form.feasible_states();
    let index = StateIndex::new(&states, form.options.len());
    let m = g.dms.len();
    (0..m)
        .into_par_iter()
        .map(|i| {
            let p = &g.dms[i].payoff;
            (0..g.states)
                .map(|s| {
                    if stop() {
                        return false;
                    }
                    let base = states[s];
                    // Option changes of each opponent's UIs from s.
                    let deltas: Vec<Vec<u64>> = (0..m)
                        .map(|j| {
                            if j == i {
                                return Vec::new();
                            }
                            g.dms[j]
                                .improvements(s as StateId)
                                .map(|t| states[t as usize] ^ base)
                                .collect()
                        })
                        .collect();
                    g.dms[i].improvements(s as StateId).all(|s1| {
                        let own = states[s1 as usize] ^ base;
                        sanctioned(&deltas, 0, base ^ own, false, &|x| {
                            index.get(x).is_some_and(|t| p[t as usize] <= p[s])
                        })
                    })
                })
                .collect()
        })
        .collect()
}

/// Whether some choice, for each opponent from `j` on, of staying or one
/// of its UI changes (at least one opponent moving in all) reaches a state
/// that `ok` accepts.
fn sanctioned(
    deltas: &[Vec<u64>],
    j: usize,
    at: u64,
    moved: bool,
    ok: &dyn Fn(u64) -> bool,
) -> bool {
    if j == deltas.len() {
        return moved && ok(at);
    }
    sanctioned(deltas, j + 1, at, moved, ok)
        || deltas[j]
            .iter()
            .any(|&d| sanctioned(deltas, j + 1, at ^ d, true, ok))
}
