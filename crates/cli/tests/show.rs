//! `detente show`: every output pinned (human and JSON).

mod common;

use common::{corpus, fixture};

#[test]
fn show_builtin() {
    pin!("builtin_human", ["show"]);
    pin!("builtin_json", ["--format", "json", "show"]);
}

#[test]
fn show_scenario_file() {
    let file = fixture("scenarios/elmira.toml");
    pin!("elmira_human", ["show", &file]);
}

#[test]
fn show_invalid() {
    let file = corpus("invalid/E003-missing-key.toml");
    pin!("invalid_human", ["show", &file]);
    pin!("invalid_json", ["--format", "json", "show", &file]);
}

use common::{detente, json, run};

#[test]
fn show_builtin_figures() {
    let r = run(detente().arg("show"));
    assert_eq!(r.code, 0, "{}", r.stderr);
    insta::assert_snapshot!("show_builtin", r.stdout);

    let j = json(&run(detente().args(["show", "--format", "json"])));
    assert_eq!(j["schema_version"], detente_analysis::SCHEMA_VERSION);
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
