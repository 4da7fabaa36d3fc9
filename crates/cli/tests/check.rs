//! `detente check`: every output pinned (human and JSON), on the built-in
//! scenario with and without its sources, and on invalid input.

mod common;

use common::{corpus, seeds};

#[test]
fn check_builtin() {
    pin!("builtin_human", ["check"]);
    pin!("builtin_json", ["--format", "json", "check"]);
}

#[test]
fn check_builtin_with_sources() {
    pin!("sources_human", ["check", "--sources", seeds()]);
    pin!(
        "sources_json",
        ["--format", "json", "check", "--sources", seeds()]
    );
}

#[test]
fn check_invalid() {
    let file = corpus("invalid/E002-unknown-key.toml");
    pin!("invalid_human", ["check", &file]);
    pin!("invalid_json", ["--format", "json", "check", &file]);
}
