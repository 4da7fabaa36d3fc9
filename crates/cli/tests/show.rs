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
