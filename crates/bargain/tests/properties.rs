//! Property tests on random additive domains: the issue-wise frontier equals
//! the frontier of every outcome enumerated, the maximum-welfare package
//! lies on it, and the two-party ZOPA count by halves equals enumeration.

use detente_bargain::frontier::{frontier, frontier_by_enumeration};
use detente_bargain::solutions::{max_welfare, welfare_by_issue};
use detente_bargain::{Domain, Issue, Party, TOLERANCE};
use proptest::prelude::*;

/// Random domains; utilities on a coarse grid so that ties and dominated
/// equal sums occur often.
fn domains() -> impl Strategy<Value = Domain> {
    (2usize..=3, 1usize..=4, 1usize..=4).prop_flat_map(|(parties, issues, values)| {
        proptest::collection::vec(
            proptest::collection::vec(proptest::collection::vec(0u8..5, values), issues),
            parties,
        )
        .prop_map(move |ps| Domain {
            issues: (0..issues)
                .map(|k| Issue {
                    name: format!("i{k}"),
                    values: (0..values).map(|v| format!("v{v}")).collect(),
                })
                .collect(),
            parties: ps
                .into_iter()
                .enumerate()
                .map(|(i, c)| Party {
                    name: format!("p{i}"),
                    contribution: c
                        .into_iter()
                        .map(|vs| vs.into_iter().map(|x| f64::from(x) * 0.1).collect())
                        .collect(),
                    reservation: 0.3,
                })
                .collect(),
        })
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn issue_wise_frontier_equals_enumeration(d in domains()) {
        let fast: Vec<Vec<f64>> = frontier(&d, false).points.into_iter().map(|p| p.utility).collect();
        let brute = frontier_by_enumeration(&d);
        prop_assert_eq!(fast.len(), brute.len(), "{:?} vs {:?}", fast, brute);
        // The same set of vectors (their order can differ where utilities
        // differ only by rounding).
        let near = |a: &Vec<f64>, b: &Vec<f64>| a.iter().zip(b).all(|(x, y)| (x - y).abs() < 1e-9);
        for a in &fast {
            prop_assert!(brute.iter().any(|b| near(a, b)), "{:?} not in {:?}", a, brute);
        }
        for b in &brute {
            prop_assert!(fast.iter().any(|a| near(a, b)), "{:?} not in {:?}", b, fast);
        }
    }

    #[test]
    fn max_welfare_lies_on_the_frontier(d in domains()) {
        let f = frontier(&d, false);
        let w = max_welfare(&f, &d.reservations());
        prop_assert!((w.value.unwrap() - welfare_by_issue(&d)).abs() < TOLERANCE);
    }

    /// With ties kept, the outcomes listed per point all have its vector,
    /// and their number is what the DP counted.
    #[test]
    fn tied_outcomes_have_the_vector(d in domains()) {
        for p in frontier(&d, true).points {
            prop_assert_eq!(p.outcomes.len() as u128, p.tied);
            for o in &p.outcomes {
                let u = d.utilities(o);
                prop_assert!(u.iter().zip(&p.utility).all(|(x, y)| (x - y).abs() < 1e-9));
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    /// Two parties: counting the ZOPA by halves equals enumerating it.
    #[test]
    fn zopa_by_halves_equals_enumeration(mut d in domains()) {
        d.parties.truncate(2);
        let enumerated = detente_bargain::zopa::zopa(&d).rational.unwrap();
        prop_assert_eq!(detente_bargain::zopa::count_by_halves(&d), Some(enumerated));
    }
}
