//! `detente forecast`: the built-in scenario, a KTAB CSV and a Decide file,
//! pinned in human and JSON output; their errors; the scenario import.

mod common;

use common::{TempDir, detente_run, fixture, mask_today, shared};

fn ktab(name: &str) -> String {
    shared(&format!("data/forecast/ktab/{name}"))
}

#[test]
fn forecast_builtin() {
    pin!("builtin_human", ["forecast"]);
    pin!("builtin_json", ["--format", "json", "forecast"]);
    pin!(
        "builtin_runs_human",
        [
            "forecast",
            "--runs",
            "100",
            "--seed",
            "7",
            "--sensitivity",
            "--issue",
            "territory"
        ]
    );
    pin!(
        "builtin_dyads_human",
        [
            "forecast",
            "--model",
            "expected-utility",
            "--dyads",
            "--issue",
            "army-size"
        ]
    );
}

#[test]
fn forecast_ktab() {
    let file = ktab("dummyData_3Dim.csv");
    pin!("ktab_human", ["forecast", &file]);
    pin!("ktab_json", ["--format", "json", "forecast", &file]);
}

#[test]
fn forecast_decide() {
    let file = fixture("inputs/equal-gain.decide.txt");
    pin!("decide_human", ["forecast", &file]);
    pin!("decide_json", ["--format", "json", "forecast", &file]);
}

#[test]
fn forecast_peer_errors() {
    let dir = TempDir::new("pin-forecast");
    let bad = dir.path("bad.txt");
    std::fs::write(
        &bad,
        "#A;A1;One\n#A;A2;Two\n#A;A3;Three\n#P;I;Issue\n#D;A1;I;10;0.5;1\n#D;A2;I;x;0.5;1\n",
    )
    .unwrap();
    let csv = dir.path("bad.csv");
    std::fs::write(&csv, "name,desc,2,1\nA,a,1,x\n").unwrap();
    for (name, file) in [("decide", &bad), ("ktab", &csv)] {
        let file = file.to_str().unwrap();
        let human = detente_run(&["forecast", file]);
        let json = detente_run(&["--format", "json", "forecast", file]);
        let tmp = dir.0.to_str().unwrap();
        insta::assert_snapshot!(
            format!("{name}_error"),
            format!(
                "exit: {} / {}\n--- human stderr\n{}--- json stdout\n{}",
                human.code, json.code, human.stderr, json.stdout
            )
            .replace(tmp, "[tmp]")
        );
    }
}

#[test]
fn forecast_write_scenario() {
    let dir = TempDir::new("pin-import");
    let out = dir.path("soe.toml");
    let r = detente_run(&[
        "forecast",
        &ktab("SOE-Policy.csv"),
        "--write-scenario",
        out.to_str().unwrap(),
    ]);
    let written = std::fs::read_to_string(&out).unwrap_or_default();
    insta::assert_snapshot!(
        "write_scenario_ktab",
        format!(
            "exit: {}\n--- stderr\n{}--- written\n{}",
            r.code,
            r.stderr.replace(dir.0.to_str().unwrap(), "[tmp]"),
            mask_today(&written)
        )
    );
}
