//! Published cases (../shared/docs/validation.md §2), each test naming its
//! source and tolerance.

use detente_forecast::cases::car_emissions;
use detente_forecast::compromise::compromise;
use detente_forecast::expected_utility::{self, EuOptions};
use detente_forecast::median::{condorcet_winner, median};

/// Baselines, exact (validation.md §2.1): compromise 7.389955686853767,
/// weighted median = Condorcet winner = 7.
#[test]
fn car_emissions_baselines() {
    let p = car_emissions();
    assert!((compromise(&p)[0] - 7.389955686853767).abs() < 1e-12);
    assert_eq!(median(&p), vec![7.0]);
    assert_eq!(condorcet_winner(&p, 0), Some(7.0));
}

/// Expected-utility rounds, Scholz et al. reading (validation.md §2.1),
/// to 1e-9: risk exponents of round 1 to 1e-6 (printed precision), the
/// positions of Belgium, Luxembourg and Ireland and the weighted mean after
/// rounds 1–5 and 10; nobody else moves.
#[test]
fn car_emissions_expected_utility_rounds() {
    let p = car_emissions();
    let run = expected_utility::run(&p, 0, &EuOptions::default()).unwrap();
    let r = [
        1.405653, 0.754196, 0.508864, 1.405653, 1.046524, 1.046524, 1.964898, 0.5, 2.0, 1.112125,
    ];
    for (got, want) in run.rounds[0].risk.iter().zip(r) {
        assert!((got - want).abs() < 1e-6, "risk {got} vs {want}");
    }
    let table = [
        (1, 8.415932315426764, 7.0, 4.0, 7.461314378277189),
        (
            2,
            9.610859134120188,
            8.415932315426764,
            7.0,
            7.552500865855845,
        ),
        (
            3,
            9.961979590401311,
            9.610859134120188,
            8.415932315426764,
            7.590144997451547,
        ),
        (
            4,
            4.800881140632622,
            9.961979590401311,
            9.610859134120188,
            7.358130531334201,
        ),
        (
            5,
            5.524237694197356,
            4.800881140632622,
            9.961979590401311,
            7.3491739896752115,
        ),
        (
            10,
            4.291541224979646,
            4.144849062500606,
            4.144849062500606,
            7.242130958473938,
        ),
    ];
    for (round, be, lu, ie, mean) in table {
        let got = &run.rounds[round - 1];
        let x = &got.positions;
        for (k, want) in [(1, be), (2, lu), (7, ie)] {
            assert!(
                (x[k] - want).abs() < 1e-9,
                "round {round} actor {k}: {} vs {want}",
                x[k]
            );
        }
        assert!(
            (got.mean - mean).abs() < 1e-9,
            "round {round} mean {} vs {mean}",
            got.mean
        );
        for k in [0, 3, 4, 5, 6, 8, 9] {
            assert_eq!(
                x[k], p.actors[k].position[0],
                "round {round}: actor {k} moved"
            );
        }
    }
}
