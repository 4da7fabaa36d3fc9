//! `detente analyze`: every lens on the built-in scenario (with its
//! sources) and on a scenario file, pinned in human and JSON output.

mod common;

use common::{fixture, seeds};

#[test]
fn analyze_builtin() {
    pin!(
        "builtin_human",
        ["analyze", "--runs", "200", "--sources", seeds()]
    );
    pin!(
        "builtin_json",
        [
            "--format",
            "json",
            "analyze",
            "--runs",
            "200",
            "--sources",
            seeds()
        ]
    );
}

#[test]
fn analyze_scenario_file() {
    let file = fixture("scenarios/syria-iraq.toml");
    pin!("syria_iraq_human", ["analyze", "--runs", "50", &file]);
    pin!(
        "syria_iraq_json",
        ["--format", "json", "analyze", "--runs", "50", &file]
    );
}

use common::{detente, json, run, seeds_path};

#[test]
fn analyze_runs_every_lens() {
    let r = run(detente().arg("analyze").arg("--sources").arg(seeds_path()));
    assert_eq!(r.code, 1, "{}", r.stderr);
    for part in [
        "Actors",
        "Positions",
        "Proposals",
        "Framework: 20-point framework plan",
        "Evidence",
        "Findings",
    ] {
        assert!(r.stdout.contains(part), "missing {part}");
    }
    let j = json(&run(detente()
        .args(["analyze", "--format", "json", "--sources"])
        .arg(seeds_path())));
    assert_eq!(j["command"], "analyze");
    assert_eq!(j["analysis"]["summary"]["parties"], 2);
    assert_eq!(j["analysis"]["summary"]["frameworks"][0]["disputed"], 1);
    assert_eq!(
        j["analysis"]["evidence"]["contradictions"][0]["quantity"],
        "war-duration"
    );
    assert_eq!(j["scenario"]["positions"].as_array().unwrap().len(), 37);
}

/// A peer tool's file opens as the scenario detente imports (its day
/// masked): a GMCR+ conflict gives the stability it gives read directly, a
/// KTAB file its forecasts.
#[test]
fn analyze_peer_files() {
    let today = detente_analysis::input::today();
    for (name, file) in [
        (
            "cuban_gmcr",
            "crates/gmcr/tests/gmcr/cuban_manual.gmcr".to_owned(),
        ),
        (
            "ktab",
            common::shared("data/forecast/ktab/dummyData_3Dim.csv"),
        ),
    ] {
        let out = common::transcript(&["analyze", "--runs", "20", &file]);
        insta::assert_snapshot!(format!("{name}_human"), out.replace(&today, "[today]"));
    }
}
