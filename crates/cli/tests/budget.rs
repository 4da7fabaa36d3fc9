//! Budgets (docs/budget.md): what an analysis would spend is known before it
//! starts; what passes a limit is refused with a diagnostic naming the
//! limit and how to get under it, and `--budget` raises it (issue 14).

mod common;

use common::{detente_run, fixture, json};

/// Ten million runs of the built-in scenario's 9 issues by 4 models are
/// 3.6 × 10^8 values: refused at once (it used to draw for minutes and
/// grow by gigabytes), with the numbers a user needs.
#[test]
fn monte_carlo_over_its_budget_is_refused_before_it_starts() {
    let r = detente_run(&["analyze", "--runs", "10000000"]);
    assert_eq!(r.code, 3, "{}", r.stderr);
    assert!(r.stdout.is_empty(), "{}", r.stdout);
    assert!(
        r.stderr.contains(
            "error[E605]: 360,000,000 Monte Carlo values (runs × issues × models), more than the budget of 100,000,000"
        ),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("--budget monte_carlo_values=360000000"),
        "{}",
        r.stderr
    );
    // Raising that limit leaves the memory one: 10^7 runs of one issue by 4
    // models (and the settlement) need about 3.8 GB.
    let r = detente_run(&[
        "analyze",
        "--runs",
        "10000000",
        "--budget",
        "monte_carlo_values=4e8",
    ]);
    assert_eq!(r.code, 3, "{}", r.stderr);
    assert!(
        r.stderr
            .contains("error[E605]: the analysis would need about 3,815 MiB, more than the budget of 1,024 MiB"),
        "{}",
        r.stderr
    );
    assert!(!r.stderr.contains("Monte Carlo values"), "{}", r.stderr);
    // The JSON document says the same to a script.
    let r = detente_run(&["--format", "json", "forecast", "--runs", "10000000"]);
    assert_eq!(r.code, 3);
    let doc = json(&r);
    assert_eq!(doc["diagnostics"][0]["code"], "E605", "{doc}");
}

/// `check` prints the estimate beside each limit, and refuses what
/// `analyze` would be refused.
#[test]
fn check_prints_the_estimate_and_a_lowered_limit_refuses() {
    let r = detente_run(&["--format", "json", "check"]);
    let b = &json(&r)["budget"];
    assert_eq!(b["states"], 64);
    assert_eq!(b["monte_carlo_values"], 36_000);
    assert_eq!(b["limits"]["monte_carlo_values"], 100_000_000);
    assert_eq!(b["grid_values"][1], "frozen-assets");
    let r = detente_run(&["check", "--budget", "monte_carlo_values=1000"]);
    assert_eq!(r.code, 3, "{}", r.stdout);
    assert!(
        r.stdout.contains(
            "  Monte Carlo values                  36,000                     limit: 1,000\n"
        ),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("error[E605]"), "{}", r.stdout);
    // A states budget below the built-in conflict's 64 states.
    let r = detente_run(&["check", "--budget", "states=32"]);
    assert_eq!(r.code, 3);
    assert!(
        r.stdout
            .contains("error[E509]: 64 feasible states, more than the budget of 32"),
        "{}",
        r.stdout
    );
}

/// A setting that is not one is a usage error that lists the budgets.
#[test]
fn a_bad_budget_setting_is_a_usage_error() {
    let r = detente_run(&["check", "--budget", "statse=4"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("unknown budget `statse`; the budgets are states, outcomes, grid_values, frontier_vectors, monte_carlo_values, memory_mb"),
        "{}",
        r.stderr
    );
    let r = detente_run(&["check", "--budget", "states=0"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("is not a whole number from 1 to 2^53"));
}

/// A perfectly opposed domain: every one of its 10^8 packages is on the
/// frontier. Over a budget of 1,000 vectors the frontier is thinned and
/// says so; what it keeps are real packages, none dominating another,
/// spread from one party's best to the other's.
#[test]
fn a_frontier_over_its_budget_is_thinned_and_says_so() {
    let file = fixture("scenarios/opposed.toml");
    let r = detente_run(&[
        "--format",
        "json",
        "packages",
        &file,
        "--budget",
        "frontier_vectors=1000",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let doc = json(&r);
    let p = &doc["packages"];
    let why = p["frontier_thinned"]
        .as_str()
        .expect("a thinned frontier says so");
    assert!(
        why.contains("it outgrew its budget of 1,000 vectors at issue `i3` (10,000 candidates)"),
        "{why}"
    );
    let n = p["frontier_size"].as_u64().unwrap();
    assert!((900..=1000).contains(&n), "{n} points");
    let points = p["frontier"].as_array().unwrap();
    let u: Vec<(f64, f64)> = points
        .iter()
        .map(|q| {
            (
                q["utility"][0].as_f64().unwrap(),
                q["utility"][1].as_f64().unwrap(),
            )
        })
        .collect();
    // Opposed: the utilities of every package sum to 1, so none dominates.
    for (a, b) in &u {
        assert!((a + b - 1.0).abs() < 1e-9, "{a} + {b}");
    }
    assert!((u[0].0 - 1.0).abs() < 1e-9, "a's best package is kept");
    // The brief leads its caveats with it.
    let r = detente_run(&[
        "--format",
        "json",
        "analyze",
        &file,
        "--runs",
        "20",
        "--budget",
        "frontier_vectors=1000",
    ]);
    let caveats = &json(&r)["brief"]["caveats"];
    assert_eq!(caveats[0]["kind"], "frontier-thinned", "{caveats}");
    // Within the default budget the same domain is thinned later, and a
    // budget of 10^8 would hold it exactly (not run here: 10^8 vectors).
    let r = detente_run(&["--format", "json", "packages", &file]);
    let doc = json(&r);
    assert!(
        doc["packages"]["frontier_thinned"]
            .as_str()
            .unwrap()
            .contains("at issue `i6`"),
        "{doc}"
    );
}
