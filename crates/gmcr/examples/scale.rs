//! Times the full analysis (every DM, Nash/GMR/SMR/SEQ) of random option-form
//! conflicts: `cargo run --release -p detente-gmcr --example scale -- DMS OPTIONS_PER_DM`.

use std::time::Instant;

use detente_gmcr::options::{Direction, OptionDef, OptionForm};
use detente_gmcr::stability::analyze;

fn main() {
    let args: Vec<usize> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let (dms, per) = (
        args.first().copied().unwrap_or(4),
        args.get(1).copied().unwrap_or(3),
    );
    let form = OptionForm {
        dms: (0..dms).map(|d| format!("DM{d}")).collect(),
        options: (0..dms * per)
            .map(|k| OptionDef {
                name: format!("o{k}"),
                dm: k / per,
                direction: Direction::Both,
            })
            .collect(),
        infeasible: vec![],
    };
    // Deterministic pseudo-random payoffs (xorshift), with ties.
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    };
    let n = 1usize << (dms * per);
    let payoffs: Vec<Vec<i64>> = (0..dms)
        .map(|_| (0..n).map(|_| (next() % 64) as i64).collect())
        .collect();
    let t0 = Instant::now();
    let g = form.graph(|d, s, _| payoffs[d][s]).unwrap();
    let t1 = Instant::now();
    let st = analyze(&g);
    let t2 = Instant::now();
    let eq: usize = detente_gmcr::Concept::ALL
        .iter()
        .map(|&c| st.equilibria(c).len())
        .sum();
    println!(
        "{dms} DMs x {per} options: {n} states; build {:.1} ms, analyse {:.1} ms ({eq} equilibria over 4 concepts)",
        (t1 - t0).as_secs_f64() * 1e3,
        (t2 - t1).as_secs_f64() * 1e3
    );
}
