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
