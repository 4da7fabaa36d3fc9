//! End-to-end runs of the `detente` binary: exit codes, human output pinned
//! by snapshots, JSON output checked field by field.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;

fn detente() -> Command {
    Command::cargo_bin("detente").unwrap()
}

fn seeds() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/seeds")
}

fn corpus(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../scenario/tests/corpus")
        .join(rel)
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn run(cmd: &mut Command) -> Run {
    let out = cmd.output().unwrap();
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8(out.stdout).unwrap(),
        stderr: String::from_utf8(out.stderr).unwrap(),
    }
}

fn json(r: &Run) -> Value {
    serde_json::from_str(&r.stdout).unwrap_or_else(|e| panic!("not JSON ({e}): {}", r.stdout))
}

#[test]
fn check_builtin_reports_the_contradiction_and_exits_1() {
    let r = run(detente().arg("check"));
    assert_eq!(r.code, 1, "{}", r.stderr);
    insta::assert_snapshot!("check_builtin", r.stdout);
}

#[test]
fn check_builtin_with_sources_verifies_every_quote() {
    let r = run(detente().arg("check").arg("--sources").arg(seeds()));
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stdout
            .contains("checked: 106 verified, 0 not found, 0 unavailable"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout
            .contains("warning[W403]: claims about `war-duration` contradict each other")
    );

    let r = run(detente()
        .args(["--format", "json", "check", "--sources"])
        .arg(seeds()));
    assert_eq!(r.code, 1);
    let j = json(&r);
    assert_eq!(j["schema_version"], 1);
    assert_eq!(j["command"], "check");
    assert_eq!(j["valid"], true);
    assert_eq!(j["evidence"]["sources_checked"], true);
    assert_eq!(j["evidence"]["coverage"]["quotes_unverified"], 0);
    assert_eq!(j["evidence"]["coverage"]["quotes_verified"], 106);
    let d = j["diagnostics"].as_array().unwrap();
    assert_eq!(d.len(), 1);
    assert_eq!(d[0]["code"], "W403");
    assert_eq!(d[0]["severity"], "warning");
    assert_eq!(d[0]["file"], "scenarios/berlin-2025-12.toml");
    assert!(d[0]["line"].as_u64().unwrap() > 1);
    let verified = &j["evidence"]["quotes"][0];
    assert_eq!(verified["status"], "verified");
    assert!(verified["line"].as_u64().is_some());
}

#[test]
fn show_builtin() {
    let r = run(detente().arg("show"));
    assert_eq!(r.code, 0, "{}", r.stderr);
    insta::assert_snapshot!("show_builtin", r.stdout);

    let j = json(&run(detente().args(["show", "--format", "json"])));
    assert_eq!(j["schema_version"], 1);
    let s = &j["scenario"];
    assert_eq!(s["id"], "berlin-2025-12");
    assert_eq!(s["as_of"], "2025-12-15");
    assert_eq!(s["actors"].as_array().unwrap().len(), 13);
    let ru = s["actors"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["id"] == "RU")
        .unwrap();
    assert_eq!(ru["represented_by"], "US");
    let territory = &s["issues"][0];
    assert_eq!(territory["kind"], "scale");
    assert_eq!(territory["max"], 100.0);
}

#[test]
fn analyze_runs_every_lens() {
    let r = run(detente().arg("analyze").arg("--sources").arg(seeds()));
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
        .arg(seeds())));
    assert_eq!(j["command"], "analyze");
    assert_eq!(j["analysis"]["summary"]["parties"], 2);
    assert_eq!(j["analysis"]["summary"]["frameworks"][0]["disputed"], 1);
    assert_eq!(
        j["analysis"]["evidence"]["contradictions"][0]["quantity"],
        "war-duration"
    );
    assert_eq!(j["scenario"]["positions"].as_array().unwrap().len(), 37);
}

#[test]
fn invalid_scenario_exits_3_with_located_diagnostics() {
    let file = corpus("invalid/E102-unknown-actor.toml");
    let r = run(detente().arg("check").arg(&file));
    assert_eq!(r.code, 3);
    assert!(
        r.stdout.contains("error[E102]: unknown actor `Alpah`"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains("E102-unknown-actor.toml:36:9"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.ends_with("invalid scenario, 1 error\n"),
        "{}",
        r.stdout
    );

    // Other commands explain on stderr why nothing ran.
    let r = run(detente().arg("analyze").arg(&file));
    assert_eq!(r.code, 3);
    assert!(r.stdout.is_empty());
    assert!(r.stderr.contains("E102"));

    let r = run(detente().args(["--format", "json", "show"]).arg(&file));
    assert_eq!(r.code, 3);
    let j = json(&r);
    assert_eq!(j["valid"], false);
    assert_eq!(j["diagnostics"][0]["code"], "E102");
    assert_eq!(j["diagnostics"][0]["line"], 36);
    assert_eq!(j["diagnostics"][0]["column"], 9);
}

#[test]
fn findings_exit_1_and_valid_samples_exit_0() {
    let r = run(detente()
        .arg("check")
        .arg(corpus("invalid/W401-unverified-quote.toml"))
        .arg("--sources")
        .arg(corpus("sources")));
    assert_eq!(r.code, 1);
    assert!(r.stdout.contains("warning[W401]"), "{}", r.stdout);
    assert!(r.stdout.contains("closest passage"));

    let r = run(detente()
        .arg("check")
        .arg(corpus("valid/minimal.toml"))
        .arg("--sources")
        .arg(corpus("sources")));
    assert_eq!(r.code, 0, "{}", r.stdout);
    assert!(
        r.stdout.contains("checked: 3 verified, 0 not found"),
        "{}",
        r.stdout
    );
}

#[test]
fn reads_standard_input() {
    let text = std::fs::read_to_string(corpus("valid/minimal.toml")).unwrap();
    let r = run(detente().args(["show", "-"]).write_stdin(text));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.starts_with("Test (t, as of 2025-12-15)"));
}

#[test]
fn usage_errors_exit_2() {
    let r = run(detente().args(["check", "no/such/file.toml"]));
    assert_eq!(r.code, 2);
    assert!(
        r.stderr
            .contains("cannot read scenario file no/such/file.toml"),
        "{}",
        r.stderr
    );

    let r = run(detente().args(["check", "--sources", "no/such/dir"]));
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("not a directory"));

    assert_eq!(run(detente().args(["frobnicate"])).code, 2);
    assert_eq!(run(detente().args(["--format", "yaml", "check"])).code, 2);
    assert_eq!(run(&mut detente()).code, 2);

    let dir = std::env::temp_dir().join(format!("detente-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let bin = dir.join("latin1.toml");
    std::fs::write(&bin, b"[scenario]\nid = \"caf\xe9\"\n").unwrap();
    let r = run(detente().arg("check").arg(&bin));
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("not UTF-8"), "{}", r.stderr);
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn schema_command_prints_the_committed_schema() {
    let r = run(detente().arg("schema"));
    assert_eq!(r.code, 0);
    let committed = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/scenario.schema.json"),
    )
    .unwrap();
    assert_eq!(r.stdout, committed);
}

#[test]
fn help_documents_exit_codes() {
    let r = run(detente().arg("--help"));
    assert_eq!(r.code, 0);
    assert!(r.stdout.contains("3  invalid input"));
}

#[test]
fn colour_only_when_asked_or_on_a_terminal() {
    let plain = run(detente().arg("check"));
    assert!(!plain.stdout.contains('\x1b'));
    let colour = run(detente().args(["--color", "always", "check"]));
    assert!(colour.stdout.contains("\x1b["));
    assert_eq!(colour.code, plain.code);
}

#[test]
fn stability_of_the_builtin_conflict() {
    let r = run(detente().arg("stability"));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.contains("From the status quo (state 27)"),
        "{}",
        r.stdout
    );
    let j = json(&run(detente().args(["stability", "--format", "json"])));
    assert_eq!(j["command"], "stability");
    let st = &j["stability"];
    assert_eq!(st["states"].as_array().unwrap().len(), 64);
    for c in ["Nash", "GMR", "SMR", "SEQ", "SIM", "SEQ+SIM"] {
        assert!(st["equilibria"][c].is_array(), "{c}");
        assert!(st["stable"]["UA"][c].is_array(), "{c}");
    }
    assert_eq!(st["status_quo"]["state"], 27);
    // analyze includes the lens.
    let a = json(&run(detente().args(["analyze", "--format", "json"])));
    assert_eq!(a["analysis"]["stability"]["equilibria"], st["equilibria"]);
}

/// Elmira through the scenario format (12-state option form, published
/// rankings with abandonment tied): the equilibria of validation.md §1.1
/// mapped to 12 states.
/// 9-state 5 = 12-state 7 (D I), 8 = 10 (M A I), 9 = every abandonment
/// state (5, 6, 11, 12); 1 = 1 (D), 4 = 4 (M A).
#[test]
fn elmira_from_a_scenario_file() {
    let file = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/scenarios/elmira.toml");
    let r = run(detente().args(["stability", "--format", "json"]).arg(&file));
    assert_eq!(r.code, 0, "{}", r.stdout);
    let j = json(&r);
    let eq = |c: &str| -> Vec<u64> {
        j["stability"]["equilibria"][c]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_u64().unwrap())
            .collect()
    };
    assert_eq!(eq("Nash"), vec![5, 6, 7, 10, 11, 12]);
    assert_eq!(eq("GMR"), vec![1, 4, 5, 6, 7, 10, 11, 12]);
    assert_eq!(eq("SMR"), vec![1, 4, 5, 6, 7, 10, 11, 12]);
    assert_eq!(eq("SEQ"), vec![5, 6, 7, 10, 11, 12]);
    // Coalition analysis: the historical outcome 8 (12-state 10) is
    // coalition-stable; state 5 (12-state 7) is not ({MoE, UR} 5→8).
    let cs: Vec<u64> = j["stability"]["coalitions"]["stable"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_u64().unwrap())
        .collect();
    assert!(cs.contains(&10) && !cs.contains(&7), "{cs:?}");
    let reached: Vec<u64> = j["stability"]["status_quo"]["reachable"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["state"].as_u64().unwrap())
        .collect();
    assert!(reached.contains(&7), "LG's 1→5 (12-state 7): {reached:?}");
}

#[test]
fn stability_without_a_conflict_is_a_usage_error() {
    let r = run(detente().arg("stability").arg(corpus("valid/minimal.toml")));
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("has no [conflict] section"),
        "{}",
        r.stderr
    );
}

#[test]
fn stability_explain() {
    let r = run(detente().args(["stability", "--explain", "27"]));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout
            .starts_with("State 27 (NYNYYN; options chosen: ua-ceasefire, us-guarantee, us-press)"),
        "{}",
        r.stdout
    );
    let j = json(&run(detente().args([
        "stability",
        "--format",
        "json",
        "--explain",
        "27",
    ])));
    let e = j["explanation"].as_array().unwrap();
    assert_eq!(e.len(), 4);
    // Every DM's verdicts agree with the table.
    for d in e {
        let dm = d["dm"].as_str().unwrap();
        for c in ["Nash", "GMR", "SMR", "SEQ"] {
            let in_table = j["stability"]["stable"][dm][c]
                .as_array()
                .unwrap()
                .iter()
                .any(|s| s == 27);
            let explained = d["stable"].as_array().unwrap().iter().any(|s| s == c);
            assert_eq!(in_table, explained, "{dm} {c}");
        }
    }
    let r = run(detente().args(["stability", "--explain", "65"]));
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("states are numbered 1 to 64"));
}

/// A GMCR+ file (Cuban missile crisis with manual preference vectors,
/// written from validation.md §1.4) analysed from the command line.
#[test]
fn stability_of_a_gmcr_plus_file() {
    let file = Path::new(env!("CARGO_MANIFEST_DIR")).join("../gmcr/tests/gmcr/cuban_manual.gmcr");
    let r = run(detente().args(["stability", "--format", "json"]).arg(&file));
    assert_eq!(r.code, 0, "{}", r.stderr);
    let j = json(&r);
    assert_eq!(j["valid"], true);
    assert_eq!(j["stability"]["equilibria"]["Nash"], serde_json::json!([6]));
    assert_eq!(
        j["stability"]["equilibria"]["SEQ"],
        serde_json::json!([5, 6, 7])
    );
    let bad = std::env::temp_dir().join(format!("detente-bad-{}.gmcr", std::process::id()));
    std::fs::write(&bad, "{\"options\": 3}").unwrap();
    // An invalid file of any format is invalid input (exit 3), placed in
    // the file with its code.
    let r = run(detente().arg("stability").arg(&bad));
    assert_eq!(r.code, 3);
    assert!(
        r.stderr.contains("error[E704]: not a GMCR+ file"),
        "{}",
        r.stderr
    );
    std::fs::remove_file(&bad).ok();
}

#[test]
fn stability_graph_export() {
    let r = run(detente().args(["stability", "--graph", "dot"]));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.starts_with("digraph conflict {"));
    let nodes = r
        .stdout
        .lines()
        .filter(|l| l.trim_start().starts_with('s') && !l.contains("->"))
        .count();
    assert_eq!(nodes, 64);
    let j = json(&run(detente().args(["stability", "--graph", "json"])));
    assert_eq!(j["states"].as_array().unwrap().len(), 64);
    assert_eq!(j["dms"], serde_json::json!(["UA", "RU", "US", "DE"]));
    assert!(
        j["moves"]
            .as_array()
            .unwrap()
            .iter()
            .all(|m| m["from"] != m["to"])
    );
    assert_eq!(
        run(detente().args(["stability", "--graph", "dot", "--explain", "3"])).code,
        2
    );
}

/// Elmira with abandonment states coalesced and the published statements
/// (validation.md §1.1, §1.5): the published equilibria in the merged
/// numbering (paper 5 → 6, 8 → 9, 9 → 5, 1 → 1, 4 → 4); no SIM once states
/// are merged.
#[test]
fn elmira_coalesced_from_a_scenario_file() {
    let file = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/scenarios/elmira-coalesced.toml");
    let r = run(detente().args(["stability", "--format", "json"]).arg(&file));
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    let j = json(&r);
    let st = &j["stability"];
    assert_eq!(st["states"].as_array().unwrap().len(), 9);
    assert_eq!(st["equilibria"]["Nash"], serde_json::json!([5, 6, 9]));
    assert_eq!(st["equilibria"]["GMR"], serde_json::json!([1, 4, 5, 6, 9]));
    assert_eq!(st["equilibria"]["SMR"], serde_json::json!([1, 4, 5, 6, 9]));
    assert_eq!(st["equilibria"]["SEQ"], serde_json::json!([5, 6, 9]));
    assert!(st["equilibria"].get("SIM").is_none());
    assert_eq!(st["status_quo"]["state"], 1);
    // LG's SEQ row, paper 2,3,5,6,7,8,9 → merged 2,3,6,7,8,9,5.
    assert_eq!(
        st["stable"]["LG"]["SEQ"],
        serde_json::json!([2, 3, 5, 6, 7, 8, 9])
    );
}

/// Inverse analysis from the command line, Syria–Iraq (validation.md §1.3):
/// 240 of Syria's 720 rankings make state 2 Nash and 300 SMR (published);
/// GMR and SEQ follow the standard definitions (see the gmcr test).
#[test]
fn stability_inverse() {
    let file = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/scenarios/syria-iraq.toml");
    let j = json(&run(detente()
        .args([
            "stability",
            "--format",
            "json",
            "--inverse",
            "2",
            "--for",
            "Syria",
            "--list",
            "nash",
        ])
        .arg(&file)));
    let inv = &j["inverse"];
    assert_eq!(inv["rankings"], "720");
    assert_eq!(inv["reading"], "standard");
    let counts: Vec<&str> = inv["tallies"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["count"].as_str().unwrap())
        .collect();
    // Nash, GMR, SMR, SEQ under the standard definitions.
    assert_eq!(counts, ["240", "384", "300", "384"]);
    assert_eq!(inv["tallies"][0]["method"]["kind"], "closed-form");
    assert_eq!(inv["listed"].as_array().unwrap().len(), 240);
    // GMCR+'s reading reproduces the published 420.
    let r = run(detente()
        .args(["stability", "--inverse", "2", "--for", "Syria"])
        .args(["--reading", "gmcr-plus", "--format", "json"])
        .arg(&file));
    assert_eq!(r.code, 0, "{}", r.stderr);
    let j = json(&r);
    assert_eq!(j["inverse"]["tallies"][1]["count"], "420");
    assert_eq!(j["inverse"]["tallies"][3]["count"], "420");
    let r = run(detente()
        .args(["stability", "--inverse", "2", "--for", "Syria"])
        .arg(&file));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains(
        "Rankings of Syria (of 720) that make state 2 an equilibrium (standard definitions):"
    ));
    assert_eq!(
        run(detente()
            .args(["stability", "--inverse", "2", "--for", "Egypt"])
            .arg(&file))
        .code,
        2
    );
    assert_eq!(
        run(detente().args(["stability", "--inverse", "2"]).arg(&file)).code,
        2
    );
    // Counted without enumerating 64! rankings: the built-in conflict.
    let r = run(detente().args(["stability", "--inverse", "59", "--for", "UA"]));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.contains("Nash  3.17e88  25.0%  closed form"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout
            .contains("inclusion-exclusion over 3 sanction sets"),
        "{}",
        r.stdout
    );
    // Listing does enumerate, and says so.
    let r = run(detente().args([
        "stability",
        "--inverse",
        "59",
        "--for",
        "UA",
        "--list",
        "nash",
    ]));
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr
            .contains("--list enumerates rankings, up to 8 states"),
        "{}",
        r.stderr
    );
}

fn ktab(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/data/forecast/ktab")
        .join(name)
}

/// `forecast --format json` on a KTAB CSV: every model, the SMP trajectory
/// keyed by actor id (one value per dimension), probabilities per state.
#[test]
fn forecast_ktab_json() {
    let r = run(detente()
        .args(["forecast", "--format", "json"])
        .arg(ktab("dummyData_3Dim.csv")));
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
        .arg(ktab("SOE-Policy.csv"))
        .arg("--write-scenario")
        .arg(&out));
    assert_eq!(r.code, 0, "{}", r.stderr);
    let c = run(detente().arg("check").arg(&out));
    assert_eq!(c.code, 0, "{}{}", c.stdout, c.stderr);
    let again = run(detente()
        .arg("forecast")
        .arg(ktab("SOE-Policy.csv"))
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

fn domains(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/data/negotiation-domains")
        .join(rel)
}

/// `packages` on a GENIUS directory: the Laptop figures of validation.md §3.
#[test]
fn packages_genius_directory() {
    let r = run(detente()
        .args(["packages", "--format", "json"])
        .arg(domains("anac/y2011/Laptop")));
    assert_eq!(r.code, 0, "{}", r.stderr);
    let j = json(&r);
    let p = &j["packages"];
    assert_eq!(p["frontier_size"], 4);
    assert_eq!(p["outcomes"], 27);
    let nash = &p["solutions"][0];
    assert_eq!(nash["concept"], "nash");
    let values: Vec<&str> = nash["points"][0]["packages"][0]["values"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v[1].as_str().unwrap())
        .collect();
    assert_eq!(values, ["HP", "60 Gb", "19'' LCD"]);
    // A domain file with its profiles named explicitly, GeniusWeb.
    let fb = domains("geniusweb/FlightBooking");
    let r = run(detente()
        .arg("packages")
        .arg(fb.join("flightbooking.json"))
        .arg("--profile")
        .arg(fb.join("flightbooking1.json"))
        .arg("--profile")
        .arg(fb.join("flightbooking2.json")));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout
            .contains("Pareto frontier: 7 distinct utility vectors, 2 of them"),
        "{}",
        r.stdout
    );
    // Without profiles a domain file is a usage error with a fix.
    let r = run(detente().arg("packages").arg(fb.join("flightbooking.json")));
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("--profile"), "{}", r.stderr);
}

/// The built-in scenario: parties, reservation values from the no-deal
/// package, every solution, every proposal compared.
#[test]
fn packages_builtin() {
    let j = json(&run(detente().args(["packages", "--format", "json"])));
    let p = &j["packages"];
    assert_eq!(p["parties"], serde_json::json!(["UA", "RU"]));
    assert_eq!(p["proposals"].as_array().unwrap().len(), 5);
    let concepts: Vec<&str> = p["solutions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["concept"].as_str().unwrap())
        .collect();
    assert_eq!(
        concepts,
        [
            "nash",
            "weighted-nash",
            "kalai-smorodinsky",
            "egalitarian",
            "max-welfare"
        ]
    );
    let share = p["zopa"]["share"].as_f64().unwrap();
    assert!(share > 0.0 && share < 1.0, "{share}");
    let human = run(detente().arg("packages"));
    assert!(
        human.stdout.contains("Tabled proposals"),
        "{}",
        human.stdout
    );
    let analyze = json(&run(detente().args(["analyze", "--format", "json"])));
    assert_eq!(
        analyze["analysis"]["packages"]["frontier_size"],
        p["frontier_size"]
    );
}

/// A GENIUS domain written as a scenario checks clean and gives the same
/// frontier.
#[test]
fn packages_write_scenario() {
    let dir = std::env::temp_dir().join(format!("detente-pk-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let out = dir.join("laptop.toml");
    let r = run(detente()
        .arg("packages")
        .arg(domains("anac/y2011/Laptop"))
        .arg("--write-scenario")
        .arg(&out));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(run(detente().arg("check").arg(&out)).code, 0);
    let j = json(&run(detente()
        .args(["packages", "--format", "json"])
        .arg(&out)));
    assert_eq!(j["packages"]["frontier_size"], 4);
    std::fs::remove_dir_all(&dir).unwrap();
}

/// `geometry` on the built-in scenario (layers read from ../shared): the
/// README reference figures, GeoJSON and SVG outputs.
#[test]
fn geometry_builtin() {
    let dir = std::env::temp_dir().join(format!("detente-geo-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let (out, map) = (dir.join("zones.geojson"), dir.join("map.svg"));
    let r = run(detente()
        .current_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("../.."))
        .args(["geometry", "--format", "json", "--out"])
        .arg(&out)
        .arg("--map")
        .arg(&map));
    assert_eq!(r.code, 0, "{}", r.stderr);
    let j = json(&r);
    let zones = j["geometry"]["zones"].as_array().unwrap();
    let five = zones.iter().find(|z| z["id"] == "equal-5km").unwrap();
    let area = five["km2"].as_f64().unwrap();
    assert!((area - 10_667.0).abs() < 0.005 * 10_667.0, "{area}");
    assert_eq!(five["population"], 556_703);
    let gj: Value = serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    assert_eq!(gj["features"].as_array().unwrap().len(), zones.len());
    let svg = std::fs::read_to_string(&map).unwrap();
    assert!(
        svg.starts_with("<svg") && svg.contains("Kramatorsk"),
        "{}",
        &svg[..200]
    );
    // Without the layers, analyze says what is missing and still runs.
    let a = run(detente().args(["analyze", "--geo-dir"]).arg(&dir));
    assert_eq!(a.code, 1, "{}", a.stderr);
    assert!(
        a.stdout
            .contains("Geometry: not available: missing geometry files"),
        "{}",
        a.stdout
    );
    let g = run(detente().args(["geometry", "--geo-dir"]).arg(&dir));
    assert_eq!(g.code, 2);
    assert!(g.stderr.contains("missing geometry files"), "{}", g.stderr);
    std::fs::remove_dir_all(&dir).unwrap();
}

/// `report` writes one self-contained HTML file (atomically) with every lens.
#[test]
fn report_writes_html() {
    let dir = std::env::temp_dir().join(format!("detente-report-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let out = dir.join("report.html");
    let r = run(detente()
        .current_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("../.."))
        .args(["report", "--sources"])
        .arg(seeds())
        .arg("-o")
        .arg(&out));
    assert_eq!(r.code, 0, "{}", r.stderr);
    let page = std::fs::read_to_string(&out).unwrap();
    for s in [
        "At a glance",
        "Equilibria reachable from the status quo",
        "Nash solution (utilities",
        "106 verified against the sources",
        "Forecasts",
        "Packages",
        "Stability",
        "Geometry",
        "Evidence",
        "✓ verified",
        "Kramatorsk",
    ] {
        assert!(page.contains(s), "{s} missing from the report");
    }
    assert!(!page.contains("<script"));
    std::fs::remove_dir_all(&dir).unwrap();
}

/// The app answers with the JSON `analyze --format json` prints: same
/// fields, same numbers, for the same runs and seed.
#[test]
fn the_app_and_analyze_give_the_same_json() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let r = run(detente()
        .current_dir(&root)
        .args([
            "--format",
            "json",
            "analyze",
            "--runs",
            "40",
            "--seed",
            "7",
            "--sources",
        ])
        .arg(seeds()));
    assert_eq!(r.code, 1, "{}", r.stderr);
    let cli = json(&r);
    assert_eq!(cli["analysis"]["forecast"]["runs"], 40);
    assert_eq!(cli["analysis"]["forecast"]["seed"], 7);
    let app_state = detente_server::AppState::new(detente_server::Config {
        path: None,
        imported_from: None,
        name: detente_scenario::BERLIN_2025_12_NAME.into(),
        text: detente_scenario::BERLIN_2025_12.into(),
        sources: Some(seeds()),
        geo_base: root.join("scenarios"),
        runs: 40,
        report_runs: 40,
        seed: 7,
        max_analysis: detente_server::MAX_ANALYSIS,
    });
    let (status, body) = app_state.analyse(detente_scenario::BERLIN_2025_12);
    assert_eq!(status, 200);
    let mut app: Value = serde_json::from_slice(&body).unwrap();
    // The whole document: the app's answer is `analyze`'s, plus the
    // report's sections.
    let figures = app
        .as_object_mut()
        .unwrap()
        .remove("figures")
        .expect("the app answers with figures");
    assert!(!figures.as_array().unwrap().is_empty());
    assert_eq!(app, cli);
    assert_eq!(app["command"], "analyze");
    assert!(app["analysis"]["geometry"]["zones"].is_array());

    // The report the app downloads is the file `detente report` writes.
    let out = std::env::temp_dir().join(format!("detente-app-report-{}.html", std::process::id()));
    let r = run(detente()
        .current_dir(&root)
        .args(["report", "--runs", "40", "--seed", "7", "--sources"])
        .arg(seeds())
        .arg("-o")
        .arg(&out));
    assert_eq!(r.code, 0, "{}", r.stderr);
    let written = std::fs::read_to_string(&out).unwrap();
    std::fs::remove_file(&out).unwrap();
    let loaded = detente_scenario::load(
        detente_scenario::BERLIN_2025_12_NAME,
        detente_scenario::BERLIN_2025_12,
    );
    assert!(
        app_state.report(&loaded).unwrap() == written,
        "the reports differ"
    );

    // A zone edited in the app: measured again (on the front it keeps),
    // as `analyze` measures it from scratch.
    let edited = detente_scenario::BERLIN_2025_12.replacen("km = 5\n", "km = 7\n", 1);
    assert_ne!(edited, detente_scenario::BERLIN_2025_12);
    let dir = std::env::temp_dir().join(format!("detente-app-json-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("edited.toml");
    std::fs::write(&file, &edited).unwrap();
    let r = run(detente()
        .current_dir(&root)
        .args(["--format", "json", "analyze", "--runs", "40", "--seed", "7"])
        .arg(&file)
        .arg("--geo-dir")
        .arg(root.join("scenarios"))
        .arg("--sources")
        .arg(seeds()));
    assert_eq!(r.code, 1, "{}", r.stderr);
    let cli = json(&r);
    let (status, body) = app_state.analyse(&edited);
    assert_eq!(status, 200);
    let app: Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(app["analysis"], cli["analysis"]);
    assert_eq!(app["analysis"]["geometry"]["zones"][0]["km"], 7.0);
    std::fs::remove_dir_all(&dir).unwrap();
}
