//! Property tests on random conflicts: the standard inclusions, and agreement
//! with an independent oracle in the matrix formulation of Xu, Hipel &
//! Kilgour (2009), "Matrix representation of solution concepts in
//! multiple-decision-maker graph models", IEEE Trans. SMC-A 39(1).

use detente_gmcr::graph::Dm;
use detente_gmcr::stability::analyze;
use detente_gmcr::{Concept, Graph};
use proptest::prelude::*;

type Matrix = Vec<Vec<bool>>;

fn product(a: &Matrix, b: &Matrix) -> Matrix {
    let n = a.len();
    (0..n)
        .map(|x| (0..n).map(|z| (0..n).any(|y| a[x][y] && b[y][z])).collect())
        .collect()
}

fn or(a: &Matrix, b: &Matrix) -> Matrix {
    a.iter()
        .zip(b)
        .map(|(r, s)| r.iter().zip(s).map(|(x, y)| *x || *y).collect())
        .collect()
}

/// Reachability of coalition H = all DMs but `i` by legal sequences, as in
/// Xu et al. (2009): M_j is "reachable by a sequence whose last mover is j",
/// the least fixpoint of M_j = J_j ∨ (∨_{k≠j} M_k) · J_j; R_H = ∨_j M_j.
fn coalition_matrix(adj: &[Matrix], i: usize) -> Matrix {
    let n = adj[0].len();
    let h: Vec<usize> = (0..adj.len()).filter(|&j| j != i).collect();
    let mut m: Vec<Matrix> = adj.to_vec();
    loop {
        let mut changed = false;
        let next: Vec<Matrix> = (0..adj.len())
            .map(|j| {
                if j == i {
                    return m[j].clone();
                }
                let mut others = vec![vec![false; n]; n];
                for &k in &h {
                    if k != j {
                        others = or(&others, &m[k]);
                    }
                }
                let grown = or(&adj[j], &product(&others, &adj[j]));
                changed |= grown != m[j];
                grown
            })
            .collect();
        m = next;
        if !changed {
            break;
        }
    }
    let mut r = vec![vec![false; n]; n];
    for &j in &h {
        r = or(&r, &m[j]);
    }
    r
}

fn oracle(g: &Graph) -> Vec<Vec<[bool; 4]>> {
    let n = g.states;
    let adj = |improving: bool| -> Vec<Matrix> {
        g.dms
            .iter()
            .map(|d| {
                let mut m = vec![vec![false; n]; n];
                for (s, row) in m.iter_mut().enumerate() {
                    for &t in &d.moves[s] {
                        if !improving || d.payoff[t as usize] > d.payoff[s] {
                            row[t as usize] = true;
                        }
                    }
                }
                m
            })
            .collect()
    };
    let (all, ui) = (adj(false), adj(true));
    (0..g.dms.len())
        .map(|i| {
            let rh = coalition_matrix(&all, i);
            let rh_plus = coalition_matrix(&ui, i);
            let p = &g.dms[i].payoff;
            (0..n)
                .map(|s| {
                    let le = |t: usize| p[t] <= p[s];
                    let uis: Vec<usize> = (0..n).filter(|&t| ui[i][s][t]).collect();
                    let nash = uis.is_empty();
                    let gmr = uis.iter().all(|&s1| (0..n).any(|s2| rh[s1][s2] && le(s2)));
                    let smr = uis.iter().all(|&s1| {
                        (0..n).any(|s2| {
                            rh[s1][s2] && le(s2) && (0..n).all(|s3| !all[i][s2][s3] || le(s3))
                        })
                    });
                    let seq = uis
                        .iter()
                        .all(|&s1| (0..n).any(|s2| rh_plus[s1][s2] && le(s2)));
                    [nash, gmr, smr, seq]
                })
                .collect()
        })
        .collect()
}

fn random_graph() -> impl Strategy<Value = Graph> {
    graphs(2..=4, 2..=8)
}

/// Graphs with arbitrary moves (up to two per DM and state) and payoffs with
/// ties.
fn graphs(
    dms: std::ops::RangeInclusive<usize>,
    states: std::ops::RangeInclusive<usize>,
) -> impl Strategy<Value = Graph> {
    (dms, states).prop_flat_map(|(dms, states)| {
        let dm = (
            proptest::collection::vec(proptest::collection::vec(0u32..states as u32, 0..3), states),
            proptest::collection::vec(0i64..4, states),
        );
        proptest::collection::vec(dm, dms).prop_map(move |ds| {
            let dms = ds
                .into_iter()
                .enumerate()
                .map(|(k, (moves, payoff))| Dm {
                    name: format!("DM{k}"),
                    moves: moves.into(),
                    payoff,
                })
                .collect();
            Graph::new(states, dms).unwrap()
        })
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn agrees_with_the_matrix_oracle(g in random_graph()) {
        prop_assert_eq!(analyze(&g).stable, oracle(&g));
    }

    #[test]
    fn inclusions_hold(g in random_graph()) {
        let st = analyze(&g);
        for dm in &st.stable {
            for v in dm {
                let [nash, gmr, smr, seq] = *v;
                prop_assert!(!nash || seq, "Nash ⊆ SEQ");
                prop_assert!(!seq || gmr, "SEQ ⊆ GMR");
                prop_assert!(!nash || smr, "Nash ⊆ SMR");
                prop_assert!(!smr || gmr, "SMR ⊆ GMR");
            }
        }
        for c in Concept::ALL {
            prop_assert!(st.equilibria(c).iter().all(|s| (0..g.dms.len()).all(|d| st.stable_for(d, c).contains(s))));
        }
    }
}

/// Random option-form conflicts (3–4 DMs, irreversible options, infeasible
/// pairs), whose moves are transitive.
fn random_option_graph() -> impl Strategy<Value = Graph> {
    use detente_gmcr::options::{Condition, Direction, OptionDef, OptionForm};
    (3usize..=4, 1usize..=2).prop_flat_map(|(dms, per)| {
        let k = dms * per;
        (
            proptest::collection::vec(0u8..3, k),
            proptest::collection::vec((0..k, 0..k, any::<bool>()), 0..3),
            proptest::collection::vec(0i64..6, dms << k),
        )
            .prop_map(move |(dirs, inf, pay)| {
                let form = OptionForm {
                    dms: (0..dms).map(|d| format!("D{d}")).collect(),
                    options: (0..k)
                        .map(|o| OptionDef {
                            name: format!("o{o}"),
                            dm: o / per,
                            direction: [Direction::Both, Direction::OnlyToYes, Direction::OnlyToNo]
                                [dirs[o] as usize],
                        })
                        .collect(),
                    infeasible: inf
                        .into_iter()
                        .filter(|&(a, b, _)| a != b)
                        .map(|(a, b, y)| Condition(vec![(a, true), (b, y)]))
                        .collect(),
                };
                form.graph(|d, _, bits| pay[(d << k) + bits as usize])
            })
            .prop_filter("a feasible state", Result::is_ok)
            .prop_map(Result::unwrap)
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    /// Plain reachability over states (used when moves are transitive) gives
    /// the same verdicts as legal sequences over (state, last mover).
    #[test]
    fn transitive_shortcut_matches_legal_sequences(g in random_option_graph()) {
        prop_assert!(g.transitive_moves);
        let mut general = g.clone();
        general.transitive_moves = false;
        prop_assert_eq!(analyze(&g).stable, analyze(&general).stable);
    }
}

/// Inverse analysis: the counting methods (closed form, inclusion–exclusion,
/// components, relevant orders) agree with enumerating every ranking.
fn random_small_graph() -> impl Strategy<Value = (Graph, usize, u32)> {
    graphs(2..=3, 2..=6).prop_flat_map(|g| {
        let (dms, states) = (g.dms.len(), g.states as u32);
        (Just(g), 0..dms, 0..states)
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn inverse_counts_agree_with_enumeration((g, dm, e) in random_small_graph()) {
        use detente_gmcr::inverse::{Reading, count, count_by_enumeration};
        let counted = count(&g, dm, e, Reading::Standard);
        let brute = count_by_enumeration(&g, dm, e, Reading::Standard).unwrap();
        for (t, b) in counted.tallies.iter().zip(brute) {
            let c = t.count.clone().expect("small cases are counted");
            prop_assert_eq!(u64::try_from(c).unwrap(), b, "{:?} {:?}", t.concept, t.method);
        }
    }
}

proptest! {
    #[test]
    fn statement_parser_never_panics(text in "[-0-9&|() ifIF!~x]{0,24}") {
        if let Err(e) = detente_gmcr::prefs::Statement::parse(&text, 6) {
            prop_assert!(e.at <= text.len());
        }
    }
}

mod simultaneous {
    use detente_gmcr::options::{Condition, Direction, OptionDef, OptionForm};
    use detente_gmcr::{Graph, sim, stability};
    use proptest::prelude::*;

    /// SIM written independently: the combined state takes each option from
    /// whoever owns it (i from its UI, a moving opponent from its UI, anyone
    /// else from s), over every choice of stay-or-UI per opponent.
    fn oracle(form: &OptionForm, g: &Graph) -> Vec<Vec<bool>> {
        let states = form.feasible_states();
        let m = g.dms.len();
        let owner: Vec<usize> = form.options.iter().map(|o| o.dm).collect();
        (0..m)
            .map(|i| {
                (0..g.states)
                    .map(|s| {
                        let uis = |d: usize| -> Vec<u64> {
                            g.dms[d]
                                .improvements(s as u32)
                                .map(|t| states[t as usize])
                                .collect()
                        };
                        let opp: Vec<usize> = (0..m).filter(|&j| j != i).collect();
                        uis(i).into_iter().all(|mine| {
                            // choices[j]: None = stays, Some(bits) = moves.
                            let mut choices: Vec<Vec<Option<u64>>> = vec![vec![None]];
                            for &j in &opp {
                                let mut next = Vec::new();
                                for c in &choices {
                                    for alt in
                                        std::iter::once(None).chain(uis(j).into_iter().map(Some))
                                    {
                                        let mut c2 = c.clone();
                                        c2.push(alt);
                                        next.push(c2);
                                    }
                                }
                                choices = next;
                            }
                            choices
                                .iter()
                                .filter(|c| c.iter().any(Option::is_some))
                                .any(|c| {
                                    let mut bits = 0u64;
                                    for (k, &d) in owner.iter().enumerate() {
                                        let from = if d == i {
                                            mine
                                        } else {
                                            let pos = opp.iter().position(|&j| j == d).unwrap();
                                            c[pos + 1].unwrap_or(states[s])
                                        };
                                        bits |= from & (1 << k);
                                    }
                                    states
                                        .iter()
                                        .position(|&x| x == bits)
                                        .is_some_and(|t| g.dms[i].payoff[t] <= g.dms[i].payoff[s])
                                })
                        })
                    })
                    .collect()
            })
            .collect()
    }

    fn random_form() -> impl Strategy<Value = (OptionForm, Vec<Vec<i64>>)> {
        (
            2usize..=3,
            1usize..=2,
            proptest::option::of((0usize..6, 0usize..6)),
        )
            .prop_flat_map(|(dms, per, inf)| {
                let k = dms * per;
                let form = OptionForm {
                    dms: (0..dms).map(|d| format!("D{d}")).collect(),
                    options: (0..k)
                        .map(|o| OptionDef {
                            name: format!("o{o}"),
                            dm: o / per,
                            direction: Direction::Both,
                        })
                        .collect(),
                    infeasible: inf
                        .filter(|&(a, b)| a < k && b < k && a != b)
                        .map(|(a, b)| vec![Condition(vec![(a, true), (b, true)])])
                        .unwrap_or_default(),
                };
                let n = form.feasible_states().len();
                (
                    Just(form),
                    proptest::collection::vec(proptest::collection::vec(0i64..4, n), dms),
                )
            })
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

        #[test]
        fn sim_agrees_with_oracle_and_contains_nash((form, payoffs) in random_form()) {
            let g = form.graph(|d, s, _| payoffs[d][s]).unwrap();
            let fast = sim::analyze(&form, &g);
            prop_assert_eq!(&fast, &oracle(&form, &g));
            let st = stability::analyze(&g);
            for (verdicts, sim_stable) in st.stable.iter().zip(&fast) {
                for (v, &m) in verdicts.iter().zip(sim_stable) {
                    prop_assert!(!v[0] || m, "Nash ⊆ SIM");
                }
            }
        }
    }
}
