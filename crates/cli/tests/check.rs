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

use common::{corpus_path, detente, json, run, seeds_path};

#[test]
fn check_builtin_reports_the_contradiction_and_exits_1() {
    let r = run(detente().arg("check"));
    assert_eq!(r.code, 1, "{}", r.stderr);
    insta::assert_snapshot!("check_builtin", r.stdout);
}

#[test]
fn check_builtin_with_sources_verifies_every_quote() {
    let r = run(detente().arg("check").arg("--sources").arg(seeds_path()));
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
        .arg(seeds_path()));
    assert_eq!(r.code, 1);
    let j = json(&r);
    assert_eq!(j["schema_version"], detente_analysis::SCHEMA_VERSION);
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
fn invalid_scenario_exits_3_with_located_diagnostics() {
    let file = corpus_path("invalid/E102-unknown-actor.toml");
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
        .arg(corpus_path("invalid/W401-unverified-quote.toml"))
        .arg("--sources")
        .arg(corpus_path("sources")));
    assert_eq!(r.code, 1);
    assert!(r.stdout.contains("warning[W401]"), "{}", r.stdout);
    assert!(r.stdout.contains("closest passage"));

    let r = run(detente()
        .arg("check")
        .arg(corpus_path("valid/minimal.toml"))
        .arg("--sources")
        .arg(corpus_path("sources")));
    assert_eq!(r.code, 0, "{}", r.stdout);
    assert!(
        r.stdout.contains("checked: 3 verified, 0 not found"),
        "{}",
        r.stdout
    );
}
