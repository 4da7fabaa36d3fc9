//! Opening what a command was pointed at, through the facade's one entry
//! point ([`detente_analysis::input::open`]), and saying why not when it
//! cannot be used: an unreadable file is a usage error (exit 2); an invalid
//! file, of any format, prints its diagnostics (exit 3).

use std::path::Path;

use anyhow::bail;
use detente_analysis::input::{self, Input, InputError, Request};
use detente_scenario::evidence::SourceTexts;
use detente_scenario::{Loaded, Scenario};

use crate::args::Cli;
use crate::exit::Exit;
use crate::printer;

/// An input, or the exit code after its diagnostics were printed.
pub type Opened<T> = Result<T, Exit>;

/// Prints why an input cannot be used; for `check` the diagnostics are the
/// result (stdout), for other commands they explain why nothing ran.
fn refuse<T>(cli: &Cli, command: &str, e: InputError) -> anyhow::Result<Opened<T>> {
    match e {
        InputError::Unreadable(why) => bail!(why),
        InputError::Invalid { loaded, kind } => {
            printer::invalid(
                cli.format,
                cli.color,
                command,
                &loaded,
                kind,
                command != "check",
            )?;
            Ok(Err(Exit::Invalid))
        }
    }
}

/// Opens any input `command` may read.
pub fn open(cli: &Cli, command: &str, req: Request<'_>) -> anyhow::Result<Opened<Input>> {
    match input::open(req) {
        Ok(i) => Ok(Ok(i)),
        Err(e) => refuse(cli, command, e),
    }
}

/// Opens an input as a scenario: a scenario file, or a peer tool's file
/// imported in memory (the commands that read scenarios read those too).
pub fn scenario(cli: &Cli, command: &str, req: Request<'_>) -> anyhow::Result<Opened<Loaded>> {
    let opened = match open(cli, command, req)? {
        Ok(i) => i,
        Err(exit) => return Ok(Err(exit)),
    };
    imported(cli, command, opened)
}

/// An opened input as a scenario (a peer file imported in memory).
pub fn imported(cli: &Cli, command: &str, opened: Input) -> anyhow::Result<Opened<Loaded>> {
    match input::as_scenario(opened, &input::today(), &cli.budget) {
        Ok(l) => Ok(Ok(l)),
        Err(e) => refuse(cli, command, e),
    }
}

/// The default limits with the command's `--budget` settings, for inputs
/// without a `[budget]` of their own (peer files).
pub fn limits(cli: &Cli) -> detente_scenario::budget::Limits {
    detente_scenario::budget::Limits::with(&cli.budget)
}

/// Refuses, with its diagnostics on standard error (or the JSON error
/// document), an analysis of `file` that the budget cannot hold;
/// `refusals` empty lets it run.
pub fn within_budget(
    cli: &Cli,
    file: detente_scenario::SourceFile,
    refusals: Vec<detente_scenario::Diagnostic>,
) -> anyhow::Result<Opened<()>> {
    if refusals.is_empty() {
        return Ok(Ok(()));
    }
    let over = Loaded {
        file,
        scenario: None,
        diagnostics: refusals,
    };
    let command = cli.command.name();
    printer::invalid(
        cli.format,
        cli.color,
        command,
        &over,
        input::InputKind::Scenario,
        true,
    )?;
    Ok(Err(Exit::Invalid))
}

/// Reads the source texts of a scenario from `dir`.
pub fn sources(scenario: &Scenario, dir: Option<&Path>) -> anyhow::Result<Option<SourceTexts>> {
    let Some(dir) = dir else { return Ok(None) };
    if !dir.is_dir() {
        bail!("--sources {}: not a directory", dir.display());
    }
    Ok(Some(SourceTexts::load(scenario, dir)))
}

/// Writes an import to a new file, refusing to replace one.
pub fn write_new(path: &Path, text: &str) -> anyhow::Result<()> {
    input::write_new(path, text).map_err(|e| match e.kind() {
        std::io::ErrorKind::AlreadyExists => anyhow::anyhow!("{e}"),
        _ => anyhow::anyhow!("cannot write {}: {e}", path.display()),
    })
}

/// Writes an output file atomically, replacing an earlier one.
pub fn write_atomic(path: &Path, text: &str) -> anyhow::Result<()> {
    input::write_atomic(path, text, false)
        .map(|_| ())
        .map_err(|e| anyhow::anyhow!("cannot write {}: {e}", path.display()))
}
