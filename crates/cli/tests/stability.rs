//! `detente stability`: verdicts, explanations, graphs and inverse analysis
//! on the built-in conflict, on scenario files and on GMCR+ files.

mod common;

use common::fixture;

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
    let r = common::detente_run(&["stability", bad.to_str().unwrap()]);
    insta::assert_snapshot!(
        "gmcr_plus_error",
        format!("exit: {}\n--- stderr\n{}", r.code, r.stderr)
            .replace(dir.0.to_str().unwrap(), "[tmp]")
    );
}
