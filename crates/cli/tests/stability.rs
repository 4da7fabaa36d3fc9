//! `detente stability`: verdicts, explanations, graphs and inverse analysis
//! on the built-in conflict, on scenario files and on GMCR+ files.

mod common;

use common::{detente_run, fixture};

const PRISONERS: &str = "crates/gmcr/tests/gmcr/prisoners.gmcr";
const CUBAN: &str = "crates/gmcr/tests/gmcr/cuban_manual.gmcr";

#[test]
fn stability_builtin() {
    pin!("builtin_human", ["stability"]);
    pin!("builtin_json", ["--format", "json", "stability"]);
    pin!("builtin_explain_human", ["stability", "--explain", "59"]);
    pin!(
        "builtin_explain_json",
        ["--format", "json", "stability", "--explain", "59"]
    );
}

#[test]
fn stability_scenario_files() {
    let elmira = fixture("scenarios/elmira.toml");
    pin!("elmira_human", ["stability", &elmira]);
    pin!("elmira_json", ["--format", "json", "stability", &elmira]);
    let coalesced = fixture("scenarios/elmira-coalesced.toml");
    // Merged states: SIM is undefined, and the verdict grid has no column
    // for it (this panicked before SIM became optional).
    pin!("elmira_coalesced_human", ["stability", &coalesced]);
    pin!(
        "elmira_coalesced_json",
        ["--format", "json", "stability", &coalesced]
    );
}

#[test]
fn stability_gmcr_plus_files() {
    pin!("prisoners_human", ["stability", PRISONERS]);
    pin!(
        "prisoners_json",
        ["--format", "json", "stability", PRISONERS]
    );
    pin!("cuban_human", ["stability", CUBAN]);
    pin!(
        "prisoners_graph_dot",
        ["stability", "--graph", "dot", PRISONERS]
    );
    pin!(
        "prisoners_graph_json",
        ["stability", "--graph", "json", PRISONERS]
    );
}

#[test]
fn stability_inverse() {
    let file = fixture("scenarios/syria-iraq.toml");
    pin!(
        "inverse_human",
        [
            "stability",
            "--inverse",
            "2",
            "--for",
            "Syria",
            "--list",
            "nash",
            &file
        ]
    );
    pin!(
        "inverse_json",
        [
            "--format",
            "json",
            "stability",
            "--inverse",
            "2",
            "--for",
            "Syria",
            &file
        ]
    );
    pin!(
        "inverse_gmcr_plus_human",
        [
            "stability",
            "--inverse",
            "2",
            "--for",
            "Syria",
            "--reading",
            "gmcr-plus",
            &file
        ]
    );
    pin!(
        "inverse_builtin_human",
        ["stability", "--inverse", "59", "--for", "UA"]
    );
}

#[test]
fn stability_gmcr_plus_error() {
    let dir = common::TempDir::new("pin-gmcr-error");
    let bad = dir.path("bad.gmcr");
    std::fs::write(
        &bad,
        "{\"decisionMakers\": [{\"name\": \"A\"}], \"options\": 3}",
    )
    .unwrap();
    let r = detente_run(&["stability", bad.to_str().unwrap()]);
    insta::assert_snapshot!(
        "gmcr_plus_error",
        format!("exit: {}\n--- stderr\n{}", r.code, r.stderr)
            .replace(dir.0.to_str().unwrap(), "[tmp]")
    );
}

use common::{corpus_path, detente, json, run};
use std::path::Path;

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
    let r = run(detente()
        .arg("stability")
        .arg(corpus_path("valid/minimal.toml")));
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
fn stability_inverse_figures() {
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

/// A GMCR+ file whose decision makers state no preferences makes every
/// state an equilibrium: the verdicts say so instead of answering
/// confidently (issue 14), in the terminal, in the JSON and as `check`'s
/// W501 warning.
#[test]
fn decision_makers_without_preferences_are_named() {
    let file = fixture("inputs/no-preferences.gmcr");
    let r = detente_run(&["stability", &file]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    for dm in ["DM1", "DM2"] {
        assert!(
            r.stdout.contains(&format!(
                "Warning: {dm}'s preference ranks every state equal"
            )),
            "{}",
            r.stdout
        );
    }
    let r = detente_run(&["--format", "json", "stability", &file]);
    let j = json(&r);
    assert_eq!(
        j["stability"]["indifferent"],
        serde_json::json!(["DM1", "DM2"])
    );
    // One DM with a real preference is not named.
    let r = detente_run(&["--format", "json", "stability", PRISONERS]);
    assert!(json(&r)["stability"].get("indifferent").is_none());
    let r = detente_run(&["check", &file]);
    assert_eq!(
        r.stderr.matches("warning[W501]").count() + r.stdout.matches("warning[W501]").count(),
        2,
        "{}{}",
        r.stdout,
        r.stderr
    );
}

/// A GMCR+ file of 20 options (the reader accepts 30) whose explicit move
/// lists would take 8.6 GB is refused before the graph is built, with the
/// estimate and how to get under the budget, instead of running until the
/// machine kills it (issue 14, item 2).
#[test]
fn a_conflict_over_its_memory_budget_is_refused() {
    let file = fixture("inputs/over-budget.gmcr");
    // Every command that reads it refuses it at the reader, before the
    // graph is built or the import writes every state's rank.
    for command in ["stability", "analyze", "check"] {
        let r = detente_run(&[command, &file]);
        let out = format!("{}{}", r.stdout, r.stderr);
        assert_eq!(r.code, 3, "{command}: {out}");
        assert!(
            out.contains(
                "error[E704]: 1048576 feasible states would need about 8581 MB of move lists"
            ),
            "{command}: {out}"
        );
        assert!(out.contains("give fewer options"), "{command}: {out}");
    }
}
