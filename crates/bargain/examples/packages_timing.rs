//! Times the exact frontier, for `bench/packages.sh`:
//!
//! `packages_timing travel DIR` — ANAC Travel (188,160 outcomes), from the GENIUS files in DIR;
//! `packages_timing random ISSUES VALUES PARTIES SEED` — a random additive domain
//! (uniform contributions, issue weights uniform then normalised).
//!
//! Prints the frontier size and the mean wall time of the frontier plus the
//! Nash solution, in milliseconds.

use std::time::Instant;

use detente_bargain::genius::read_genius;
use detente_bargain::solutions::nash;
use detente_bargain::{Domain, Issue, Party, frontier};

fn random(issues: usize, values: usize, parties: usize, seed: u64) -> Domain {
    let mut x = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    let mut next = move || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        (x >> 11) as f64 / (1u64 << 53) as f64
    };
    Domain {
        issues: (0..issues)
            .map(|k| Issue {
                name: format!("i{k}"),
                values: (0..values).map(|v| format!("v{v}")).collect(),
            })
            .collect(),
        parties: (0..parties)
            .map(|i| {
                let w: Vec<f64> = (0..issues).map(|_| next()).collect();
                let total: f64 = w.iter().sum();
                Party {
                    name: format!("p{i}"),
                    contribution: w
                        .iter()
                        .map(|wk| (0..values).map(|_| wk / total * next()).collect())
                        .collect(),
                    reservation: 0.0,
                }
            })
            .collect(),
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (label, d, repeats) = match args.first().map(String::as_str) {
        Some("travel") => {
            let dir = std::path::PathBuf::from(&args[1]);
            let text = |f: &str| std::fs::read_to_string(dir.join(f)).expect("readable");
            let profiles =
                ["travel_chox.xml", "travel_fanny.xml"].map(|p| (p.to_string(), text(p)));
            let d = read_genius("travel_domain.xml", &text("travel_domain.xml"), &profiles)
                .expect("valid");
            ("ANAC Travel".to_string(), d, 50)
        }
        Some("random") => {
            let n = |i: usize, def: usize| args.get(i).and_then(|a| a.parse().ok()).unwrap_or(def);
            let (issues, values, parties, seed) = (n(1, 10), n(2, 5), n(3, 2), n(4, 1) as u64);
            (
                format!("random {issues} issues x {values} values, {parties} parties"),
                random(issues, values, parties, seed),
                if issues * values > 60 { 1 } else { 5 },
            )
        }
        _ => {
            eprintln!(
                "usage: packages_timing travel DIR | packages_timing random ISSUES VALUES PARTIES SEED"
            );
            std::process::exit(2);
        }
    };
    let t0 = Instant::now();
    let mut size = 0;
    for _ in 0..repeats {
        let f = frontier(&d, false);
        let _ = nash(&f, &d.reservations(), &vec![1.0; d.parties.len()]);
        size = f.points.len();
    }
    let ms = t0.elapsed().as_secs_f64() * 1e3 / repeats as f64;
    println!(
        "{label}: {} outcomes, frontier {size}, {ms:.3} ms",
        d.outcomes()
    );
}
