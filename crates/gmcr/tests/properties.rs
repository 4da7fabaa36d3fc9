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
    (2usize..=4, 2usize..=8).prop_flat_map(|(dms, states)| {
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
                    moves,
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

proptest! {
    #[test]
    fn statement_parser_never_panics(text in "[-0-9&|() ifIF!~x]{0,24}") {
        if let Err(e) = detente_gmcr::prefs::Statement::parse(&text, 6) {
            prop_assert!(e.at <= text.len());
        }
    }
}
