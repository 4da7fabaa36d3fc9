//! Times the forecast models, for `bench/forecast.sh`:
//!
//! `cargo run --release -p detente-forecast --example forecast_timing -- smp FILE.csv [REPEATS]`
//! `cargo run --release -p detente-forecast --example forecast_timing -- eu [REPEATS]`
//!
//! Prints one line: the model, the input, the number of turns or rounds,
//! and the mean wall time per run in milliseconds.

use std::time::Instant;

use detente_forecast::cases::{car_emissions, car_emissions_ktab};
use detente_forecast::expected_utility::{self, EuOptions};
use detente_forecast::ktab::read_csv;
use detente_forecast::smp::{self, SmpParams};

/// Runs `f` `repeats` times: its last result and the mean wall time in ms.
fn mean_time(repeats: usize, mut f: impl FnMut() -> usize) -> (usize, f64) {
    let t0 = Instant::now();
    let mut last = 0;
    for _ in 0..repeats {
        last = f();
    }
    (last, t0.elapsed().as_secs_f64() * 1e3 / repeats as f64)
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("smp") => {
            let file = &args[1];
            let repeats: usize = args.get(2).and_then(|a| a.parse().ok()).unwrap_or(5);
            let text = std::fs::read_to_string(file).expect("readable CSV");
            let p = read_csv(&text).expect("valid KTAB CSV").problem;
            let (turns, ms) = mean_time(repeats, || {
                smp::run(&p, &SmpParams::default())
                    .expect("runs")
                    .turns
                    .len()
            });
            println!(
                "smp {file}: {} actors, {turns} states, {ms:.3} ms",
                p.actors.len()
            );
        }
        Some("smp-car") => {
            // Car emissions rescaled as KTAB reads it (validation.md §2.1).
            let repeats: usize = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(100);
            let p = car_emissions_ktab();
            let (turns, ms) = mean_time(repeats, || {
                smp::run(&p, &SmpParams::default())
                    .expect("runs")
                    .turns
                    .len()
            });
            println!("smp car-emissions: 10 actors, {turns} states, {ms:.3} ms");
        }
        Some("eu") => {
            let repeats: usize = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(1000);
            let p = car_emissions();
            let (rounds, ms) = mean_time(repeats, || {
                expected_utility::run(&p, 0, &EuOptions::default())
                    .expect("runs")
                    .rounds
                    .len()
            });
            println!("expected-utility car-emissions: 10 actors, {rounds} rounds, {ms:.4} ms");
        }
        _ => eprintln!("usage: timing smp FILE.csv [REPEATS] | timing eu [REPEATS]"),
    }
}
