//! Why a state is or is not stable for a DM: each unilateral improvement
//! and the shortest sanction the opponents have against it, if any.

use std::collections::VecDeque;

use serde::Serialize;

use crate::graph::{Graph, StateId};
use crate::status_quo::Step;

/// One unilateral improvement of the DM and the opponents' answers to it.
#[derive(Clone, Debug, Serialize)]
pub struct Improvement {
    /// 1-based state the DM can move to and prefers.
    pub to: usize,
    /// Shortest legal sequence of opponents' moves ending in a state the DM
    /// does not prefer to the original (GMR sanction), if any.
    pub sanction: Option<Vec<Step>>,
    /// The same, every step a unilateral improvement for its mover (SEQ).
    pub credible_sanction: Option<Vec<Step>>,
    /// A sanction after which the DM cannot move to anything better than the
    /// original state (SMR).
    pub inescapable_sanction: Option<Vec<Step>>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Explanation {
    pub dm: usize,
    /// 1-based state.
    pub state: usize,
    pub improvements: Vec<Improvement>,
}

/// Explains state `s` (0-based) for DM `i`.
pub fn explain(g: &Graph, i: usize, s: StateId) -> Explanation {
    let dm = &g.dms[i];
    let p = &dm.payoff;
    let ps = p[s as usize];
    let improvements = dm
        .improvements(s)
        .map(|s1| Improvement {
            to: s1 as usize + 1,
            sanction: sanction(g, i, s1, false, &|t| p[t as usize] <= ps),
            credible_sanction: sanction(g, i, s1, true, &|t| p[t as usize] <= ps),
            inescapable_sanction: sanction(g, i, s1, false, &|t| {
                p[t as usize] <= ps && dm.moves[t as usize].iter().all(|&u| p[u as usize] <= ps)
            }),
        })
        .collect();
    Explanation {
        dm: i,
        state: s as usize + 1,
        improvements,
    }
}

/// Breadth-first over (state, last mover) from `from`, moves by every DM but
/// `i`, no DM twice in succession: the shortest sequence ending in a state
/// that satisfies `target`.
fn sanction(
    g: &Graph,
    i: usize,
    from: StateId,
    improving: bool,
    target: &dyn Fn(StateId) -> bool,
) -> Option<Vec<Step>> {
    let m = g.dms.len();
    let key = |s: StateId, last: usize| s as usize * (m + 1) + last;
    let mut parent: Vec<Option<(StateId, usize)>> = vec![None; g.states * (m + 1)];
    let mut seen = vec![false; g.states * (m + 1)];
    let mut queue = VecDeque::from([(from, m)]);
    seen[key(from, m)] = true;
    while let Some((s, last)) = queue.pop_front() {
        for (j, dm) in g.dms.iter().enumerate() {
            if j == i || j == last {
                continue;
            }
            for &t in &dm.moves[s as usize] {
                if improving && dm.payoff[t as usize] <= dm.payoff[s as usize] {
                    continue;
                }
                let k = key(t, j);
                if seen[k] {
                    continue;
                }
                seen[k] = true;
                parent[k] = Some((s, last));
                if target(t) {
                    let mut path = vec![Step {
                        dm: j,
                        to: t as usize + 1,
                    }];
                    let (mut at, mut mover) = (s, last);
                    while mover != m {
                        path.push(Step {
                            dm: mover,
                            to: at as usize + 1,
                        });
                        let (ps, pl) = parent[key(at, mover)].expect("visited nodes have parents");
                        at = ps;
                        mover = pl;
                    }
                    path.reverse();
                    return Some(path);
                }
                queue.push_back((t, j));
            }
        }
    }
    None
}
