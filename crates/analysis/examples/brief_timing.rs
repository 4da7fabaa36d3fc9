//! What the brief adds to an analysis: `analyze` with and without the
//! brief's findings on a built-in scenario, as `detente analyze` runs it
//! (1,000 Monte Carlo runs and 1,000 robustness draws) and as the web app
//! runs an edit (200 and 200, with the app's forecast memo, so that an edit
//! recomputes what it changed). Median of N repetitions of each.
//!   cargo run --release -p detente-analysis --example brief_timing -- [SCENARIO] [N]

use std::time::Instant;

use detente_analysis::forecast::{ForecastMemo, ForecastOptions};
use detente_analysis::{Options, analyze};

fn median(mut xs: Vec<f64>) -> f64 {
    xs.sort_by(f64::total_cmp);
    xs[xs.len() / 2]
}

fn main() {
    let mut args = std::env::args().skip(1);
    let name = args.next().unwrap_or_else(|| "berlin-2025-12".into());
    let n: usize = args.next().and_then(|x| x.parse().ok()).unwrap_or(5);
    let Some(b) = detente_scenario::builtin(&name) else {
        eprintln!("no built-in scenario {name}");
        std::process::exit(2);
    };
    let s = detente_scenario::load(b.file, b.text)
        .scenario
        .expect("a built-in scenario is valid");
    let time = |brief: bool, runs: usize, memo: Option<&ForecastMemo>| {
        let o = Options {
            brief,
            brief_draws: Some(runs),
            text: Some(b.text),
            forecast: ForecastOptions {
                runs,
                ..Default::default()
            },
            forecast_memo: memo,
            ..Options::default()
        };
        let t = Instant::now();
        let a = analyze(&s, &o);
        assert_eq!(a.brief.is_some(), brief);
        t.elapsed().as_secs_f64() * 1000.0
    };
    let lens = median((0..n).map(|_| time(false, 1000, None)).collect());
    let with = median((0..n).map(|_| time(true, 1000, None)).collect());
    println!(
        "{name}: analyze, 1000 runs: {lens:.0} ms without the brief, {with:.0} ms with it (1000 draws): {:+.0} ms",
        with - lens
    );
    // The app: forecasts kept across edits; an edit here changes nothing,
    // so the memo returns every issue and what is left is the rest of the
    // analysis, brief included.
    let memo = ForecastMemo::new(256);
    time(true, 200, Some(&memo));
    let app = median((0..n).map(|_| time(true, 200, Some(&memo))).collect());
    let app_lens = median((0..n).map(|_| time(false, 200, Some(&memo))).collect());
    println!(
        "{name}: app edit, 200 runs and 200 draws, forecasts memoised: {app:.0} ms ({app_lens:.0} ms without the brief)"
    );
}
