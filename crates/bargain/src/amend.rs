//! The smallest amendment that makes a package acceptable to every party.
//!
//! A mediator holding a proposal that some party rejects asks what is the
//! least that must change for everyone to accept it (each party's utility
//! at or above its reservation value). "Least" is lexicographic: first the
//! fewest issues changed, then the least total utility moved,
//! Σ_i |u_i(amended) − u_i(proposal)|, so the amendment disturbs the
//! proposal's balance as little as possible. The search enumerates the
//! issue subsets of each size and every value combination on them, which
//! is exact; a budget on the packages examined keeps it bounded on large
//! domains, and a search cut short says so rather than report a
//! non-minimal answer as minimal.

use crate::{Domain, TOLERANCE};

/// One issue of an amendment: its index and the new value's index.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Change {
    pub issue: usize,
    pub from: usize,
    pub to: usize,
}

/// The result of [`smallest_change`].
#[derive(Clone, Debug, PartialEq)]
pub enum Amendment {
    /// The package is acceptable to every party as it stands.
    Acceptable,
    /// The smallest amendment: its changes (by issue order), the amended
    /// package, its utilities and the total utility moved.
    Found {
        changes: Vec<Change>,
        outcome: Vec<usize>,
        utility: Vec<f64>,
        moved: f64,
    },
    /// No package at all is acceptable to every party.
    Impossible,
    /// None changing at most `searched` issues, and the budget stopped the
    /// search before more issues could be tried.
    NotFound { searched: usize },
}

/// Whether every party gets at least its reservation value.
fn acceptable(d: &Domain, u: &[f64]) -> bool {
    u.iter()
        .zip(&d.parties)
        .all(|(u, p)| *u >= p.reservation - TOLERANCE)
}

/// The smallest change to `outcome` that every party accepts, examining at
/// most `budget` packages.
pub fn smallest_change(d: &Domain, outcome: &[usize], budget: u64) -> Amendment {
    let base = d.utilities(outcome);
    if acceptable(d, &base) {
        return Amendment::Acceptable;
    }
    // Per party and issue, the best contribution: whether any package at
    // all is acceptable, and a bound to prune subsets with.
    let best: Vec<Vec<f64>> = d
        .parties
        .iter()
        .map(|p| {
            p.contribution
                .iter()
                .map(|c| c.iter().copied().fold(f64::NEG_INFINITY, f64::max))
                .collect()
        })
        .collect();
    let n = d.issues.len();
    let mut examined: u64 = 0;
    for m in 1..=n {
        let mut found: Option<(Vec<usize>, Vec<f64>, f64)> = None;
        let mut subset: Vec<usize> = (0..m).collect();
        loop {
            // Bound: every party at its best on the changed issues.
            let possible = d.parties.iter().enumerate().all(|(i, p)| {
                let mut u = base[i];
                for &k in &subset {
                    u += best[i][k] - p.contribution[k][outcome[k]];
                }
                u >= p.reservation - TOLERANCE
            });
            if possible {
                // Every combination of other values on the subset.
                let mut pick: Vec<usize> = vec![0; m];
                'combos: loop {
                    let valid = subset.iter().zip(&pick).all(|(&k, &v)| v != outcome[k]);
                    if valid {
                        examined += 1;
                        if examined > budget {
                            return Amendment::NotFound { searched: m - 1 };
                        }
                        let mut o = outcome.to_vec();
                        for (&k, &v) in subset.iter().zip(&pick) {
                            o[k] = v;
                        }
                        let u = d.utilities(&o);
                        if acceptable(d, &u) {
                            let moved: f64 = u.iter().zip(&base).map(|(a, b)| (a - b).abs()).sum();
                            if found.as_ref().is_none_or(|(_, _, c)| moved < c - 1e-12) {
                                found = Some((o, u, moved));
                            }
                        }
                    }
                    // Next combination (odometer over the subset's values).
                    let mut j = m;
                    loop {
                        if j == 0 {
                            break 'combos;
                        }
                        j -= 1;
                        pick[j] += 1;
                        if pick[j] < d.issues[subset[j]].values.len() {
                            break;
                        }
                        pick[j] = 0;
                    }
                }
            }
            if !next_subset(&mut subset, n) {
                break;
            }
        }
        if let Some((o, u, moved)) = found {
            let changes = (0..n)
                .filter(|&k| o[k] != outcome[k])
                .map(|k| Change {
                    issue: k,
                    from: outcome[k],
                    to: o[k],
                })
                .collect();
            return Amendment::Found {
                changes,
                outcome: o,
                utility: u,
                moved,
            };
        }
    }
    Amendment::Impossible
}

/// Advances `subset` (strictly increasing indices below `n`) to the next
/// subset of its size in lexicographic order; false after the last.
fn next_subset(subset: &mut [usize], n: usize) -> bool {
    let m = subset.len();
    for j in (0..m).rev() {
        if subset[j] < n - m + j {
            subset[j] += 1;
            for t in j + 1..m {
                subset[t] = subset[t - 1] + 1;
            }
            return true;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Issue, Party};

    fn domain(contrib: Vec<Vec<Vec<f64>>>, reservation: Vec<f64>) -> Domain {
        let sizes: Vec<usize> = contrib[0].iter().map(Vec::len).collect();
        Domain {
            issues: sizes
                .iter()
                .enumerate()
                .map(|(k, &n)| Issue {
                    name: format!("i{k}"),
                    values: (0..n).map(|v| format!("v{v}")).collect(),
                })
                .collect(),
            parties: contrib
                .into_iter()
                .zip(reservation)
                .enumerate()
                .map(|(i, (c, r))| Party {
                    name: format!("p{i}"),
                    contribution: c,
                    reservation: r,
                })
                .collect(),
        }
    }

    /// Every outcome, for the brute-force oracle.
    fn all(sizes: &[usize]) -> Vec<Vec<usize>> {
        let mut out = vec![vec![]];
        for &n in sizes {
            out = out
                .into_iter()
                .flat_map(|o| {
                    (0..n).map(move |v| {
                        let mut o = o.clone();
                        o.push(v);
                        o
                    })
                })
                .collect();
        }
        out
    }

    /// The search equals brute force (fewest issues changed, then least
    /// utility moved) on small random domains.
    #[test]
    fn equals_brute_force_on_small_domains() {
        let mut seed: u64 = 7;
        let mut next = || {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            ((seed >> 33) as f64) / (1u64 << 31) as f64
        };
        let mut checked = 0;
        for case in 0..300 {
            let parties = 2 + case % 2;
            let sizes: Vec<usize> = (0..3 + case % 2).map(|k| 2 + (k + case) % 3).collect();
            let contrib: Vec<Vec<Vec<f64>>> = (0..parties)
                .map(|_| {
                    sizes
                        .iter()
                        .map(|&n| (0..n).map(|_| next() / sizes.len() as f64).collect())
                        .collect()
                })
                .collect();
            let reservation: Vec<f64> = (0..parties).map(|_| 0.3 + 0.4 * next()).collect();
            let d = domain(contrib, reservation);
            let outcomes = all(&sizes);
            let proposal =
                outcomes[(next() * outcomes.len() as f64) as usize % outcomes.len()].clone();
            let base = d.utilities(&proposal);
            let oracle = outcomes
                .iter()
                .filter(|o| acceptable(&d, &d.utilities(o)))
                .map(|o| {
                    let k = o.iter().zip(&proposal).filter(|(a, b)| a != b).count();
                    let moved: f64 = d
                        .utilities(o)
                        .iter()
                        .zip(&base)
                        .map(|(a, b)| (a - b).abs())
                        .sum();
                    (k, moved)
                })
                .min_by(|a, b| a.0.cmp(&b.0).then(a.1.total_cmp(&b.1)));
            match (smallest_change(&d, &proposal, u64::MAX), oracle) {
                (Amendment::Acceptable, Some((0, _))) => {}
                (Amendment::Impossible, None) => {}
                (Amendment::Found { changes, moved, .. }, Some((k, m))) => {
                    assert_eq!(changes.len(), k, "case {case}");
                    assert!((moved - m).abs() < 1e-12, "case {case}: {moved} vs {m}");
                    checked += 1;
                }
                (got, want) => panic!("case {case}: {got:?} vs {want:?}"),
            }
        }
        assert!(checked > 50, "only {checked} cases needed an amendment");
    }

    #[test]
    fn a_spent_budget_says_how_far_it_searched() {
        let d = domain(
            vec![
                vec![vec![0.0, 0.5], vec![0.0, 0.5]],
                vec![vec![0.5, 0.0], vec![0.5, 0.0]],
            ],
            vec![0.5, 0.5],
        );
        // Each party needs one issue its way: one change suffices.
        assert!(matches!(
            smallest_change(&d, &[0, 0], u64::MAX),
            Amendment::Found { .. }
        ));
        assert_eq!(
            smallest_change(&d, &[0, 0], 0),
            Amendment::NotFound { searched: 0 }
        );
    }
}
