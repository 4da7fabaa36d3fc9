//! Helpers shared by the per-command test files: the binary run from the
//! workspace root (so the built-in scenario finds its map layers and every
//! path in the output is relative and the same on any machine), the path to
//! `../shared`, temporary directories, and transcripts for snapshots.

#![allow(dead_code)]

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;

/// The workspace root.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// `detente`, run from the workspace root.
pub fn detente() -> Command {
    let mut c = Command::cargo_bin("detente").unwrap();
    c.current_dir(root());
    c
}

/// A path under `../shared` (beside the checkout, in CI too), relative to
/// the workspace root, as a user would type it.
pub fn shared(rel: &str) -> String {
    format!("../shared/{rel}")
}

/// The seeds: the two source reports of the built-in scenario.
pub fn seeds() -> String {
    shared("seeds")
}

/// A fixture of this crate's tests, relative to the workspace root.
pub fn fixture(rel: &str) -> String {
    format!("crates/cli/tests/{rel}")
}

/// A sample of the scenario crate's diagnostics corpus.
pub fn corpus(rel: &str) -> String {
    format!("crates/scenario/tests/corpus/{rel}")
}

/// What one run of the binary did.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

pub fn run(cmd: &mut Command) -> Run {
    let out = cmd.output().unwrap();
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8(out.stdout).unwrap(),
        stderr: String::from_utf8(out.stderr).unwrap(),
    }
}

/// Runs `detente ARGS` from the workspace root.
pub fn detente_run(args: &[&str]) -> Run {
    run(detente().args(args))
}

pub fn json(r: &Run) -> Value {
    serde_json::from_str(&r.stdout).unwrap_or_else(|e| panic!("not JSON ({e}): {}", r.stdout))
}

/// The whole of a run, as a snapshot pins it: the command line, the exit
/// code, standard output and standard error.
pub fn transcript(args: &[&str]) -> String {
    let r = detente_run(args);
    format!(
        "$ detente {}\nexit: {}\n--- stdout\n{}--- stderr\n{}",
        args.join(" "),
        r.code,
        r.stdout,
        r.stderr
    )
}

/// Pins `detente ARGS` (exit code, stdout and stderr) under `name`.
#[macro_export]
macro_rules! pin {
    ($name:expr, [$($arg:expr),* $(,)?]) => {{
        let args: Vec<String> = vec![$(String::from($arg)),*];
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        insta::assert_snapshot!($name, $crate::common::transcript(&args));
    }};
}

/// A fresh temporary directory, removed when dropped.
pub struct TempDir(pub PathBuf);

impl TempDir {
    pub fn new(tag: &str) -> TempDir {
        let dir = std::env::temp_dir().join(format!("detente-{tag}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        TempDir(dir)
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.0.join(name)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A scenario written by an import, with the day it was written masked.
pub fn mask_today(text: &str) -> String {
    text.lines()
        .map(|l| {
            if l.starts_with("as_of = ") {
                "as_of = \"[today]\"".to_owned()
            } else {
                l.to_owned()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Absolute paths, for tests that build paths by joining.
pub fn seeds_path() -> PathBuf {
    root().join(seeds())
}

pub fn corpus_path(rel: &str) -> PathBuf {
    root().join(corpus(rel))
}

pub fn fixture_path(rel: &str) -> PathBuf {
    root().join(fixture(rel))
}

pub fn ktab_path(name: &str) -> PathBuf {
    root().join(shared(&format!("data/forecast/ktab/{name}")))
}

pub fn domains_path(rel: &str) -> PathBuf {
    root().join(shared(&format!("data/negotiation-domains/{rel}")))
}

/// `detente COMMAND INPUT --write-scenario FILE` in a fresh directory: its
/// exit code and standard error, and the scenario it wrote (the day masked),
/// as a snapshot pins them.
pub fn import_transcript(command: &str, input: &str, file: &str) -> String {
    let dir = TempDir::new(&format!("import-{file}"));
    let out = dir.path(file);
    let r = detente_run(&[command, input, "--write-scenario", out.to_str().unwrap()]);
    let written = std::fs::read_to_string(&out).unwrap_or_default();
    format!(
        "exit: {}\n--- stderr\n{}--- written\n{}",
        r.code,
        r.stderr.replace(dir.0.to_str().unwrap(), "[tmp]"),
        mask_today(&written)
    )
}

/// Starts `detente serve ARGS --addr 127.0.0.1:0`: the app and the URL it
/// announces on standard error (which is then drained, so the app never
/// writes into a closed pipe).
pub fn serve(args: &[&std::ffi::OsStr]) -> (std::process::Child, String) {
    use std::io::{BufRead, BufReader};
    let mut app = std::process::Command::new(env!("CARGO_BIN_EXE_detente"))
        .args(["serve", "--addr", "127.0.0.1:0"])
        .args(args)
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    let mut stderr = BufReader::new(app.stderr.take().unwrap());
    stderr.read_line(&mut line).unwrap();
    std::thread::spawn(move || std::io::copy(&mut stderr, &mut std::io::sink()));
    let url = line
        .split_whitespace()
        .find(|w| w.starts_with("http://"))
        .unwrap_or_else(|| panic!("no address in: {line}"))
        .to_string();
    (app, url)
}
