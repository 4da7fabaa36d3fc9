//! `detente forecast`: the built-in scenario, a KTAB CSV and a Decide file,
//! pinned in human and JSON output; their errors; the scenario import.

mod common;

use common::{TempDir, detente_run, fixture, shared};

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
    insta::assert_snapshot!(
        "write_scenario_ktab",
        common::import_transcript("forecast", &ktab("SOE-Policy.csv"), "soe.toml")
    );
}

use common::{detente, json, ktab_path, run};

/// `forecast --format json` on a KTAB CSV: every model, the SMP trajectory
/// keyed by actor id (one value per dimension), probabilities per state.
#[test]
fn forecast_ktab_json() {
    let r = run(detente()
        .args(["forecast", "--format", "json"])
        .arg(ktab_path("dummyData_3Dim.csv")));
    assert_eq!(r.code, 0, "{}", r.stderr);
    let j = json(&r);
    assert_eq!(j["command"], "forecast");
    let issue = &j["forecast"]["issues"][0];
    assert_eq!(issue["dimensions"].as_array().unwrap().len(), 3);
    let smp = issue["models"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["model"] == "smp")
        .unwrap();
    let traj = smp["trajectory"].as_array().unwrap();
    assert_eq!(traj.len(), 11, "KTAB's reference run has 11 states");
    // SActor-00, Pstn2 after the first turn: 44.7 in KTAB's log.
    let x = traj[1]["SActor-00"][1].as_f64().unwrap();
    assert!((x - 44.7).abs() <= 0.05, "{x}");
    assert_eq!(smp["probabilities"].as_array().unwrap().len(), 11);
    let eu = issue["models"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["model"] == "expected-utility")
        .unwrap();
    assert!(!eu["dyads"].as_array().unwrap().is_empty());
}

/// Monte Carlo: same seed, same numbers; quantiles and a histogram per model.
#[test]
fn forecast_monte_carlo_is_seeded() {
    let args = [
        "forecast",
        "--format",
        "json",
        "--issue",
        "territory",
        "--runs",
        "200",
        "--seed",
        "9",
    ];
    let a = json(&run(detente().args(args)));
    let b = json(&run(detente().args(args)));
    assert_eq!(a, b);
    let issues = a["forecast"]["issues"].as_array().unwrap();
    assert_eq!(issues.len(), 1);
    let mc = issues[0]["monte_carlo"].as_array().unwrap();
    assert_eq!(mc.len(), 4);
    let s = &mc[0]["dimensions"][0];
    assert_eq!(s["runs"], 200);
    assert_eq!(s["quantiles"].as_array().unwrap().len(), 5);
    let counts: u64 = s["histogram"]["counts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_u64().unwrap())
        .sum();
    assert_eq!(counts, 200);
    let c = run(detente().args(["forecast", "--issue", "nowhere"]));
    assert_eq!(c.code, 2);
    assert!(
        c.stderr.contains("the issues are territory"),
        "{}",
        c.stderr
    );
}

/// Sensitivity: a ranked table per model.
#[test]
fn forecast_sensitivity_ranks_inputs() {
    let r = run(detente().args([
        "forecast",
        "--format",
        "json",
        "--issue",
        "territory",
        "--model",
        "compromise",
        "--sensitivity",
    ]));
    assert_eq!(r.code, 0, "{}", r.stderr);
    let j = json(&r);
    let rows = j["forecast"]["issues"][0]["sensitivity"][0]["rows"]
        .as_array()
        .unwrap()
        .clone();
    let swings: Vec<f64> = rows.iter().map(|r| r["swing"].as_f64().unwrap()).collect();
    assert!(swings.windows(2).all(|w| w[0] >= w[1]), "{swings:?}");
    let human = run(detente().args(["forecast", "--issue", "territory", "--sensitivity"]));
    assert!(
        human.stdout.contains("most sensitive (compromise)"),
        "{}",
        human.stdout
    );
    let bad = run(detente().args(["forecast", "--model", "oracle"]));
    assert_eq!(bad.code, 2);
}

/// A Decide file with an error: file, line, column and a fix; exit 3.
#[test]
fn forecast_decide_errors_point_at_the_field() {
    let dir = std::env::temp_dir().join(format!("detente-decide-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("bad.txt");
    std::fs::write(
        &file,
        "#A;A1;One\n#A;A2;Two\n#A;A3;Three\n#P;I;Issue\n#D;A1;I;10;0.5;1\n#D;A2;I;x;0.5;1\n",
    )
    .unwrap();
    let r = run(detente().arg("forecast").arg(&file));
    assert_eq!(r.code, 3, "{}", r.stderr);
    assert!(r.stderr.contains("bad.txt:6:9"), "{}", r.stderr);
    assert!(r.stderr.contains("help:"), "{}", r.stderr);
    let j = json(&run(detente()
        .args(["forecast", "--format", "json"])
        .arg(&file)));
    assert_eq!(j["valid"], false);
    assert_eq!(j["diagnostics"][0]["line"], 6);
    std::fs::remove_dir_all(&dir).unwrap();
}

/// `--write-scenario` turns a KTAB file into a scenario that checks clean
/// (bar the quotes it cannot have) and refuses to overwrite a file.
#[test]
fn forecast_writes_a_scenario() {
    let dir = std::env::temp_dir().join(format!("detente-import-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let out = dir.join("soe.toml");
    let r = run(detente()
        .arg("forecast")
        .arg(ktab_path("SOE-Policy.csv"))
        .arg("--write-scenario")
        .arg(&out));
    assert_eq!(r.code, 0, "{}", r.stderr);
    let c = run(detente().arg("check").arg(&out));
    assert_eq!(c.code, 0, "{}{}", c.stdout, c.stderr);
    let again = run(detente()
        .arg("forecast")
        .arg(ktab_path("SOE-Policy.csv"))
        .arg("--write-scenario")
        .arg(&out));
    assert_eq!(again.code, 2);
    assert!(again.stderr.contains("already exists"), "{}", again.stderr);
    let f = run(detente()
        .args(["forecast", "--model", "compromise"])
        .arg(&out));
    assert_eq!(f.code, 0, "{}", f.stderr);
    std::fs::remove_dir_all(&dir).unwrap();
}
