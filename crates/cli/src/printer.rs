//! Printers: the same results rendered for people ([`human`]) or programs
//! ([`json`]). Commands never format output themselves.

use detente_present::{human, json};

use std::io::Write;

use detente_analysis::Analysis;
use detente_analysis::input::InputKind;
use detente_scenario::evidence::EvidenceReport;
use detente_scenario::{Diagnostic, Loaded, Scenario};

use crate::args::{Color, Format};

/// Whether to colour text bound for a stream.
fn colored(color: Color, stream: &impl std::io::IsTerminal) -> bool {
    match color {
        Color::Always => true,
        Color::Never => false,
        Color::Auto => {
            stream.is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        }
    }
}

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
    color: Color,
    command: &str,
    loaded: &Loaded,
    kind: InputKind,
    to_stderr: bool,
) -> anyhow::Result<()> {
    match format {
        Format::Json => write_stdout(&json::invalid(command, loaded)),
        Format::Human if to_stderr => write_stderr(&human::invalid(
            loaded,
            kind,
            colored(color, &std::io::stderr()),
        )),
        Format::Human => write_stdout(&human::invalid(
            loaded,
            kind,
            colored(color, &std::io::stdout()),
        )),
    }
}

pub fn check(
    format: Format,
    color: Color,
    loaded: &Loaded,
    scenario: &Scenario,
    report: &EvidenceReport,
    budget: &detente_analysis::budget::Estimate,
    findings: &[Diagnostic],
) -> anyhow::Result<()> {
    write_stdout(&match format {
        Format::Json => json::check(loaded, report, budget, findings),
        Format::Human => human::check(
            loaded,
            scenario,
            report,
            budget,
            findings,
            colored(color, &std::io::stdout()),
        ),
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
    color: Color,
    loaded: &Loaded,
    scenario: &Scenario,
    analysis: &Analysis,
    findings: &[Diagnostic],
) -> anyhow::Result<()> {
    write_stdout(&match format {
        Format::Json => json::analyze(loaded, scenario, analysis, findings),
        Format::Human => human::analyze(
            loaded,
            scenario,
            analysis,
            findings,
            colored(color, &std::io::stdout()),
        ),
    })
}

/// `brief`: Markdown, or the JSON document with the brief.
pub fn brief(
    format: Format,
    loaded: &Loaded,
    scenario: &Scenario,
    analysis: &Analysis,
    findings: &[Diagnostic],
) -> String {
    match format {
        Format::Json => json::brief(loaded, scenario, analysis, findings),
        Format::Human => analysis.brief.as_ref().map_or_else(String::new, |f| {
            detente_present::brief::markdown(&detente_present::brief::brief(scenario, f))
        }),
    }
}

pub fn stability(
    format: Format,
    file: &str,
    report: &detente_analysis::stability::StabilityReport,
    explanation: Option<&[detente_analysis::stability::DmExplanation]>,
    state: Option<usize>,
) -> anyhow::Result<()> {
    write_stdout(&match (format, explanation, state) {
        (Format::Json, _, _) => json::stability(file, report, explanation),
        (Format::Human, Some(e), Some(s)) => human::explanation(report, s, e),
        (Format::Human, _, _) => human::stability(report),
    })
}

/// `stability --inverse`: the counts and, on request, the rankings.
pub fn inverse(
    format: Format,
    file: &str,
    dm: &str,
    state: usize,
    result: &detente_analysis::stability::InverseCounts,
    listed: Option<&[Vec<usize>]>,
) -> anyhow::Result<()> {
    write_stdout(&match format {
        Format::Json => json::inverse(file, dm, state, result, listed),
        Format::Human => human::inverse(dm, state, result, listed),
    })
}

/// A progress bar on standard error for long Monte Carlo runs, when it is a
/// terminal.
pub fn progress(total: usize) -> Option<indicatif::ProgressBar> {
    use std::io::IsTerminal;
    if total < 2000 || !std::io::stderr().is_terminal() {
        return None;
    }
    let bar = indicatif::ProgressBar::new(total as u64);
    if let Ok(style) = indicatif::ProgressStyle::with_template(
        "{spinner} Monte Carlo {pos}/{len} runs [{bar:30}] {eta} left",
    ) {
        bar.set_style(style.progress_chars("=> "));
    }
    Some(bar)
}

/// Progress on standard error for `analyze`, `brief` and `report`, when it
/// is a terminal and the work is long: each stage by name, the Monte Carlo
/// runs with their count and the time left.
pub fn stages(long: bool) -> Option<indicatif::ProgressBar> {
    use std::io::IsTerminal;
    if !long || !std::io::stderr().is_terminal() {
        return None;
    }
    let bar = indicatif::ProgressBar::new(1);
    if let Ok(style) =
        indicatif::ProgressStyle::with_template("{spinner} {msg} {pos}/{len} [{bar:30}] {eta} left")
    {
        bar.set_style(style.progress_chars("=> "));
    }
    bar.enable_steady_tick(std::time::Duration::from_millis(200));
    Some(bar)
}

/// `detente forecast`.
pub fn forecast(
    format: Format,
    file: &str,
    report: &detente_analysis::forecast::ForecastReport,
    dyads: bool,
) -> anyhow::Result<()> {
    write_stdout(&match format {
        Format::Json => json::forecast(file, report),
        Format::Human => human::forecast(report, dyads),
    })
}

/// `detente packages`.
pub fn packages(
    format: Format,
    file: &str,
    report: &detente_analysis::packages::PackagesReport,
) -> anyhow::Result<()> {
    write_stdout(&match format {
        Format::Json => json::packages(file, report),
        Format::Human => human::packages(report),
    })
}

/// `detente geometry`.
pub fn geometry(
    format: Format,
    file: &str,
    report: &detente_analysis::geometry::GeometryReport,
) -> anyhow::Result<()> {
    write_stdout(&match format {
        Format::Json => json::geometry(file, report),
        Format::Human => human::geometry(report),
    })
}
