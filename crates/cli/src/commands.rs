//! One function per subcommand: load, run the library, hand the result to
//! the printer, choose the exit code.

use detente_analysis::Options;
use detente_scenario::evidence;

use crate::args::{CheckArgs, Cli, Command, Format, ScenarioArg};
use crate::exit::Exit;
use crate::{input, printer};

pub fn run(cli: &Cli) -> anyhow::Result<Exit> {
    match &cli.command {
        Command::Check(a) => check(cli.format, a),
        Command::Show(a) => show(cli.format, a),
        Command::Analyze(a) => analyze(cli.format, a),
        Command::Schema => {
            printer::write_stdout(&detente_scenario::schema::scenario_schema())?;
            Ok(Exit::Success)
        }
    }
}

fn findings_exit(findings: &[detente_scenario::Diagnostic]) -> Exit {
    if findings.is_empty() {
        Exit::Success
    } else {
        Exit::Findings
    }
}

fn check(format: Format, a: &CheckArgs) -> anyhow::Result<Exit> {
    let loaded = input::load(a.scenario.scenario.as_deref())?;
    let Some(scenario) = &loaded.scenario else {
        printer::invalid(format, "check", &loaded, false)?;
        return Ok(Exit::Invalid);
    };
    let texts = input::sources(scenario, a.sources.as_deref())?;
    let report = evidence::check(scenario, texts.as_ref());
    let findings = report.diagnostics(scenario);
    printer::check(format, &loaded, scenario, &report, &findings)?;
    Ok(findings_exit(&findings))
}

fn show(format: Format, a: &ScenarioArg) -> anyhow::Result<Exit> {
    let loaded = input::load(a.scenario.as_deref())?;
    let Some(scenario) = &loaded.scenario else {
        printer::invalid(format, "show", &loaded, true)?;
        return Ok(Exit::Invalid);
    };
    printer::show(format, &loaded, scenario)?;
    Ok(Exit::Success)
}

fn analyze(format: Format, a: &CheckArgs) -> anyhow::Result<Exit> {
    let loaded = input::load(a.scenario.scenario.as_deref())?;
    let Some(scenario) = &loaded.scenario else {
        printer::invalid(format, "analyze", &loaded, true)?;
        return Ok(Exit::Invalid);
    };
    let texts = input::sources(scenario, a.sources.as_deref())?;
    let analysis = detente_analysis::analyze(
        scenario,
        &Options {
            sources: texts.as_ref(),
        },
    );
    let findings = analysis.findings(scenario);
    printer::analyze(format, &loaded, scenario, &analysis, &findings)?;
    Ok(findings_exit(&findings))
}
