//! What every command shares: standard input, usage errors and exit codes,
//! `--help`, colour.

mod common;

use common::{corpus_path, detente, json, run};

#[test]
fn reads_standard_input() {
    let text = std::fs::read_to_string(corpus_path("valid/minimal.toml")).unwrap();
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

/// With `--format json`, a usage error is a JSON document too (exit 2),
/// whether clap or the command finds it; the schema test validates these.
#[test]
fn usage_errors_in_json() {
    pin!(
        "usage_error_json_arguments",
        ["--format", "json", "forecast", "--model", "nonsense"]
    );
    pin!(
        "usage_error_json_command",
        [
            "--format",
            "json",
            "stability",
            "--inverse",
            "99",
            "--for",
            "UA"
        ]
    );
    let r = common::detente_run(&["--format", "json", "check", "no/such/file.toml"]);
    assert_eq!(r.code, 2);
    let j = json(&r);
    assert_eq!(j["valid"], false);
    assert_eq!(j["command"], "check");
    assert!(j["error"].as_str().unwrap().contains("no/such/file.toml"));
}

/// A run count no machine could hold is a usage error, not a "capacity
/// overflow" panic (issue 14).
#[test]
fn absurd_run_counts_are_usage_errors() {
    for args in [
        ["analyze", "--runs", "18446744073709551615"],
        ["forecast", "--runs", "99999999999"],
    ] {
        let r = common::detente_run(&args);
        assert_eq!(r.code, 2, "{args:?}: {}", r.stderr);
        assert!(
            r.stderr.contains("the most one analysis makes"),
            "{}",
            r.stderr
        );
    }
}
