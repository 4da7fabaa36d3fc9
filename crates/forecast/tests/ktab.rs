//! KTAB reference runs (../shared/docs/validation.md §2.2): `smpc`'s logs of
//! the default-parameter runs on `dummyData_3Dim.csv` and `SOE-Pol-Comp.csv`
//! (../shared/data/forecast/ktab/20170530_ref-*.txt, KTAB commit 3b5b063).
//! Every actor's position after every turn must match to the printed 0.1
//! (on 0–100) and every per-turn probability to the printed 0.0001; the
//! number of states must match.

use std::path::PathBuf;

use detente_forecast::ktab::read_csv;
use detente_forecast::smp::{self, SmpParams};

fn data(name: &str) -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/data/forecast/ktab")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Positions (per actor, per dimension, per state) and probabilities (per
/// actor, per state) from a log's closing history.
fn reference(log: &str) -> (Vec<Vec<f64>>, Vec<Vec<f64>>) {
    let mut positions = Vec::new();
    let mut probs = Vec::new();
    let mut section = 0;
    for line in log.lines() {
        if line.starts_with("History of actor positions") {
            section = 1;
            continue;
        }
        if line.starts_with("History of actors' winning") {
            section = 2;
            continue;
        }
        if section == 0 || !line.contains(':') {
            continue;
        }
        if line.starts_with("SMPModel") {
            break;
        }
        let values: Vec<f64> = line
            .rsplit(':')
            .next()
            .unwrap()
            .split_whitespace()
            .map(|v| v.parse().unwrap())
            .collect();
        if section == 1 {
            positions.push(values);
        } else {
            probs.push(values);
        }
    }
    (positions, probs)
}

fn check(csv: &str, log: &str) {
    let scenario = read_csv(&data(csv)).unwrap();
    let run = smp::run(&scenario.problem, &SmpParams::default()).unwrap();
    let (positions, probs) = reference(&data(log));
    let dims = scenario.problem.dimensions.len();
    let actors = scenario.problem.actors.len();
    assert_eq!(positions.len(), actors * dims, "{log}: position rows");
    assert_eq!(probs.len(), actors, "{log}: probability rows");
    let states = positions[0].len();
    assert_eq!(run.turns.len(), states, "{csv}: number of states");
    for (row, want) in positions.iter().enumerate() {
        let (actor, dim) = (row / dims, row % dims);
        for (t, &w) in want.iter().enumerate() {
            let got = run.turns[t].positions[actor][dim];
            assert!(
                (got - w).abs() <= 0.05 + 1e-6,
                "{csv}: actor {actor} dimension {dim} state {t}: {got:.4} vs printed {w}"
            );
        }
    }
    for (actor, want) in probs.iter().enumerate() {
        for (t, &w) in want.iter().enumerate() {
            let got = run.turns[t].probability[actor];
            assert!(
                (got - w).abs() <= 0.00005 + 1e-9,
                "{csv}: actor {actor} state {t}: probability {got:.6} vs printed {w}"
            );
        }
    }
}

#[test]
fn dummy_data_3dim_matches_ktab() {
    check("dummyData_3Dim.csv", "20170530_ref-dummyData_3Dim.txt");
}

#[test]
fn soe_pol_comp_matches_ktab() {
    check("SOE-Pol-Comp.csv", "20170530_ref-SOE-Pol-Comp.txt");
}

/// Car emissions rescaled for KTAB (validation.md §2.1; positions 4→0,
/// 7→50, 10→100, capabilities and saliences ×100), default parameters,
/// turn 0: the risk attitudes to the printed 0.001 and the probabilities
/// of the three positions to the printed 0.0001.
#[test]
fn car_emissions_turn_zero() {
    let p = detente_forecast::cases::car_emissions_ktab();
    let run = smp::run(
        &p,
        &SmpParams {
            max_turns: 1,
            ..SmpParams::default()
        },
    )
    .unwrap();
    let r = [-0.5, 1.0, -0.5, -0.5, 0.135, 0.135, 0.135, 1.0, -0.5, 1.0];
    for (got, want) in run.turns[0].risk.iter().zip(r) {
        assert!((got - want).abs() <= 0.0005 + 1e-9, "R {got} vs {want}");
    }
    let prob = &run.turns[0].probability;
    for (actor, want) in [(0, 0.2069), (1, 0.3474), (4, 0.4457)] {
        assert!(
            (prob[actor] - want).abs() <= 0.00005 + 1e-9,
            "P {} vs {want}",
            prob[actor]
        );
    }
}
