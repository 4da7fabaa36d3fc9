//! Printers: the same results rendered for people ([`human`]) or programs
//! ([`json`]). Commands never format output themselves.

mod human;
mod json;

use std::io::Write;

use detente_analysis::Analysis;
use detente_scenario::evidence::EvidenceReport;
use detente_scenario::{Diagnostic, Loaded, Scenario};

use crate::args::Format;

pub fn write_stdout(text: &str) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())?;
    out.flush()?;
    Ok(())
}

fn write_stderr(text: &str) -> anyhow::Result<()> {
    let mut err = std::io::stderr().lock();
    err.write_all(text.as_bytes())?;
    Ok(())
}

/// An invalid scenario: its diagnostics. For `check` they are the result
/// (stdout); for other commands they explain why nothing ran (stderr).
pub fn invalid(
    format: Format,
    command: &str,
    loaded: &Loaded,
    to_stderr: bool,
) -> anyhow::Result<()> {
    match format {
        Format::Json => write_stdout(&json::invalid(command, loaded)),
        Format::Human => {
            let text = human::invalid(loaded);
            if to_stderr {
                write_stderr(&text)
            } else {
                write_stdout(&text)
            }
        }
    }
}

pub fn check(
    format: Format,
    loaded: &Loaded,
    scenario: &Scenario,
    report: &EvidenceReport,
    findings: &[Diagnostic],
) -> anyhow::Result<()> {
    write_stdout(&match format {
        Format::Json => json::check(loaded, report, findings),
        Format::Human => human::check(loaded, scenario, report, findings),
    })
}

pub fn show(format: Format, loaded: &Loaded, scenario: &Scenario) -> anyhow::Result<()> {
    write_stdout(&match format {
        Format::Json => json::show(loaded, scenario),
        Format::Human => human::show(scenario),
    })
}

pub fn analyze(
    format: Format,
    loaded: &Loaded,
    scenario: &Scenario,
    analysis: &Analysis,
    findings: &[Diagnostic],
) -> anyhow::Result<()> {
    write_stdout(&match format {
        Format::Json => json::analyze(loaded, scenario, analysis, findings),
        Format::Human => human::analyze(loaded, scenario, analysis, findings),
    })
}
