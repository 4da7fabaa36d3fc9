//! Full stability analysis (every DM; Nash, GMR, SMR, SEQ and SIM) of a
//! random option-form conflict, timed:
//!
//! `cargo run --release -p detente-gmcr --example scale -- DMS OPTIONS_PER_DM [SHAPE]`
//!
//! SHAPE restricts each DM's own options, as the conflicts GMCR+ was timed on:
//! `free` (every combination), `not-all-or-none` (3 options → 6 states per
//! DM: 4 DMs give 1,296 states), `not-first-two` (options 1 and 2 not both
//! taken: 7 options → 96 per DM; 2 DMs give 9,216 states).

use std::time::Instant;

use detente_gmcr::options::{Condition, Direction, OptionDef, OptionForm};
use detente_gmcr::{sim, stability};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let dms: usize = args.first().and_then(|a| a.parse().ok()).unwrap_or(4);
    let per: usize = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(3);
    let shape = args.get(2).map_or("free", String::as_str);
    let mut infeasible = Vec::new();
    for d in 0..dms {
        let own: Vec<usize> = (d * per..(d + 1) * per).collect();
        match shape {
            "not-all-or-none" => {
                infeasible.push(Condition(own.iter().map(|&k| (k, true)).collect()));
                infeasible.push(Condition::at_least_one(&own));
            }
            "not-first-two" => infeasible.push(Condition(vec![(own[0], true), (own[1], true)])),
            _ => {}
        }
    }
    let form = OptionForm {
        dms: (0..dms).map(|d| format!("DM{d}")).collect(),
        options: (0..dms * per)
            .map(|k| OptionDef {
                name: format!("o{k}"),
                dm: k / per,
                direction: Direction::Both,
            })
            .collect(),
        infeasible,
    };
    // Deterministic pseudo-random payoffs (xorshift64), with ties.
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    };
    let n = form.feasible_states().len();
    let payoffs: Vec<Vec<i64>> = (0..dms)
        .map(|_| (0..n).map(|_| (next() % 64) as i64).collect())
        .collect();
    let t0 = Instant::now();
    let g = form.graph(|d, s, _| payoffs[d][s]).expect("valid graph");
    let t1 = Instant::now();
    let st = stability::analyze(&g);
    let ts = Instant::now();
    let simultaneous = sim::analyze(&form, &g);
    let t2 = Instant::now();
    let eq: usize = detente_gmcr::Concept::ALL
        .iter()
        .map(|&c| st.equilibria(c).len())
        .sum::<usize>()
        + (0..n)
            .filter(|&s| simultaneous.iter().all(|d| d[s]))
            .count();
    println!(
        "{dms} DMs x {per} options ({shape}): {n} states; build {:.1} ms, analyse {:.1} ms (SIM {:.1} ms), total {:.1} ms ({eq} equilibria over 5 concepts)",
        (t1 - t0).as_secs_f64() * 1e3,
        (t2 - t1).as_secs_f64() * 1e3,
        (t2 - ts).as_secs_f64() * 1e3,
        (t2 - t0).as_secs_f64() * 1e3
    );
}
