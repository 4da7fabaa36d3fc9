//! Times the forecast models, for `bench/forecast.sh`:
//!
//! `cargo run --release -p detente-forecast --example forecast_timing -- smp FILE.csv [REPEATS]`
//! `cargo run --release -p detente-forecast --example forecast_timing -- eu [REPEATS]`
//!
//! Prints one line: the model, the input, the number of turns or rounds,
//! and the mean wall time per run in milliseconds.

use std::time::Instant;

use detente_forecast::expected_utility::{self, EuOptions};
use detente_forecast::ktab::read_csv;
use detente_forecast::smp::{self, SmpParams};
use detente_forecast::{Actor, Dimension, Problem};

fn car_emissions() -> Problem {
    let rows = [
        (0.08, 4.0, 0.8),
        (0.08, 7.0, 0.4),
        (0.03, 4.0, 0.2),
        (0.16, 4.0, 0.8),
        (0.16, 10.0, 0.6),
        (0.16, 10.0, 0.6),
        (0.16, 10.0, 0.9),
        (0.05, 7.0, 0.1),
        (0.05, 4.0, 1.0),
        (0.08, 7.0, 0.7),
    ];
    Problem {
        dimensions: vec![Dimension::new("years", 0.0, 10.0)],
        actors: rows
            .iter()
            .enumerate()
            .map(|(i, &(c, x, s))| Actor {
                name: format!("A{i}"),
                capability: c,
                position: vec![x],
                salience: vec![s],
            })
            .collect(),
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("smp") => {
            let file = &args[1];
            let repeats: usize = args.get(2).and_then(|a| a.parse().ok()).unwrap_or(5);
            let text = std::fs::read_to_string(file).expect("readable CSV");
            let p = read_csv(&text).expect("valid KTAB CSV").problem;
            let t0 = Instant::now();
            let mut turns = 0;
            for _ in 0..repeats {
                turns = smp::run(&p, &SmpParams::default())
                    .expect("runs")
                    .turns
                    .len();
            }
            let ms = t0.elapsed().as_secs_f64() * 1e3 / repeats as f64;
            println!(
                "smp {file}: {} actors, {turns} states, {ms:.3} ms",
                p.actors.len()
            );
        }
        Some("smp-car") => {
            // Car emissions rescaled as KTAB reads it (validation.md §2.1).
            let repeats: usize = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(100);
            let mut p = car_emissions();
            p.dimensions = vec![Dimension::new("years", 0.0, 100.0)];
            for a in &mut p.actors {
                a.position[0] = (a.position[0] - 4.0) / 6.0 * 100.0;
                a.capability *= 100.0;
            }
            let t0 = Instant::now();
            let mut turns = 0;
            for _ in 0..repeats {
                turns = smp::run(&p, &SmpParams::default())
                    .expect("runs")
                    .turns
                    .len();
            }
            let ms = t0.elapsed().as_secs_f64() * 1e3 / repeats as f64;
            println!("smp car-emissions: 10 actors, {turns} states, {ms:.3} ms");
        }
        Some("eu") => {
            let repeats: usize = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(1000);
            let p = car_emissions();
            let t0 = Instant::now();
            let mut rounds = 0;
            for _ in 0..repeats {
                rounds = expected_utility::run(&p, 0, &EuOptions::default())
                    .expect("runs")
                    .rounds
                    .len();
            }
            let ms = t0.elapsed().as_secs_f64() * 1e3 / repeats as f64;
            println!("expected-utility car-emissions: 10 actors, {rounds} rounds, {ms:.4} ms");
        }
        _ => eprintln!("usage: timing smp FILE.csv [REPEATS] | timing eu [REPEATS]"),
    }
}
