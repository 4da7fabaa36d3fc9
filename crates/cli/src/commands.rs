//! One function per subcommand: load, run the library, hand the result to
//! the printer, choose the exit code.

use anyhow::Context;
use detente_analysis::Options;
use detente_analysis::input::{layer_base, read_layers};
use detente_scenario::Scenario;
use detente_scenario::evidence;

use detente_analysis::input::{Input, Request};

use crate::args::{
    AnalyzeArgs, BriefArgs, CheckArgs, Cli, Command, ConceptArg, ForecastArgs, GeometryArgs,
    GraphFormat, PackagesArgs, ReportArgs, RunsArgs, ScenarioArg, ServeArgs, StabilityArgs,
};
use crate::exit::Exit;
use crate::{input, printer};

pub fn run(cli: &Cli) -> anyhow::Result<Exit> {
    match &cli.command {
        Command::Check(a) => check(cli, a),
        Command::Show(a) => show(cli, a),
        Command::Analyze(a) => analyze(cli, a),
        Command::Brief(a) => brief(cli, a),
        Command::Stability(a) => stability(cli, a),
        Command::Forecast(a) => forecast(cli, a),
        Command::Packages(a) => packages(cli, a),
        Command::Geometry(a) => geometry(cli, a),
        Command::Report(a) => report(cli, a),
        Command::Serve(a) => serve(cli, a),
        Command::Schema(a) => {
            printer::write_stdout(&if a.output {
                detente_present::json::output_schema()
            } else {
                detente_scenario::schema::scenario_schema()
            })?;
            Ok(Exit::Success)
        }
    }
}

/// Findings exit with 1; notes (what the inputs alone say, the brief's
/// input caveats) do not count.
fn findings_exit(findings: &[detente_scenario::Diagnostic]) -> Exit {
    if findings
        .iter()
        .all(|d| d.severity() == detente_scenario::Severity::Note)
    {
        Exit::Success
    } else {
        Exit::Findings
    }
}

/// The notes of a valid scenario (its only diagnostics) before `findings`.
fn notes_and(
    loaded: &detente_scenario::Loaded,
    findings: Vec<detente_scenario::Diagnostic>,
) -> Vec<detente_scenario::Diagnostic> {
    let mut all = loaded.diagnostics.clone();
    all.extend(findings);
    all
}

/// Opens an input as a scenario, or returns the exit code its
/// diagnostics were printed with.
macro_rules! scenario_or_exit {
    ($cli:expr, $command:literal, $arg:expr) => {
        match input::scenario(
            $cli,
            $command,
            Request {
                path: $arg.scenario.as_deref(),
                profiles: &$arg.profiles,
                budget: &$cli.budget,
            },
        )? {
            Ok(loaded) => loaded,
            Err(exit) => return Ok(exit),
        }
    };
}

/// The scenario of a loaded input: `input::scenario` returns only valid
/// ones.
fn valid(loaded: &detente_scenario::Loaded) -> anyhow::Result<&Scenario> {
    loaded
        .scenario
        .as_ref()
        .ok_or_else(|| anyhow::anyhow!("{}: not a valid scenario", loaded.file.name))
}

fn check(cli: &Cli, a: &CheckArgs) -> anyhow::Result<Exit> {
    let loaded = scenario_or_exit!(cli, "check", a.scenario);
    let scenario = valid(&loaded)?;
    let texts = input::sources(scenario, a.sources.as_deref())?;
    let report = evidence::check(scenario, texts.as_ref());
    // What `analyze` would spend with its default runs.
    let budget = detente_analysis::budget::Estimate::of(
        scenario,
        &detente_analysis::forecast::ForecastOptions {
            runs: detente_analysis::ANALYZE_RUNS,
            ..Default::default()
        },
    );
    let refusals = budget.refusals();
    let over = !refusals.is_empty();
    let mut findings = notes_and(&loaded, report.diagnostics(scenario));
    findings.extend(refusals);
    printer::check(
        cli.format, cli.color, &loaded, scenario, &report, &budget, &findings,
    )?;
    Ok(if over {
        Exit::Invalid
    } else {
        findings_exit(&findings)
    })
}

fn show(cli: &Cli, a: &ScenarioArg) -> anyhow::Result<Exit> {
    let loaded = scenario_or_exit!(cli, "show", a);
    printer::show(cli.format, &loaded, valid(&loaded)?)?;
    Ok(Exit::Success)
}

fn analyze(cli: &Cli, args: &AnalyzeArgs) -> anyhow::Result<Exit> {
    let a = &args.check;
    let loaded = scenario_or_exit!(cli, "analyze", a.scenario);
    let scenario = valid(&loaded)?;
    let analysis = match every_lens(cli, &loaded, scenario, a, &args.runs)? {
        Ok(analysis) => analysis,
        Err(exit) => return Ok(exit),
    };
    let findings = notes_and(&loaded, analysis.findings(scenario));
    printer::analyze(
        cli.format, cli.color, &loaded, scenario, &analysis, &findings,
    )?;
    Ok(findings_exit(&findings))
}

fn stability(cli: &Cli, a: &StabilityArgs) -> anyhow::Result<Exit> {
    use detente_analysis::stability::{
        ConflictView, GraphFormat as Graph, InverseRequest, explain, graph_text, inverse_analysis,
        stability,
    };
    let req = Request {
        path: a.scenario.scenario.as_deref(),
        profiles: &a.scenario.profiles,
        budget: &cli.budget,
    };
    let opened = match input::open(cli, "stability", req)? {
        Err(exit) => return Ok(exit),
        Ok(i @ (Input::Gmcr { .. } | Input::Scenario(_))) => Ok(i),
        // Other peer files, as the scenario detente imports.
        Ok(other) => match input::imported(cli, "stability", other)? {
            Ok(loaded) => Ok(Input::Scenario(Box::new(loaded))),
            Err(exit) => Err(exit),
        },
    };
    let (file, view) = match opened {
        Err(exit) => return Ok(exit),
        Ok(Input::Gmcr { file, imported }) => {
            let view =
                ConflictView::from_gmcr(&imported).map_err(|e| anyhow::anyhow!("{file}: {e}"))?;
            (file, view)
        }
        Ok(Input::Scenario(loaded)) => {
            let scenario = valid(&loaded)?;
            let Some(conflict) = &scenario.conflict else {
                anyhow::bail!(
                    "{} has no [conflict] section; see docs/scenario-format.md",
                    loaded.file.name
                );
            };
            (
                loaded.file.name.clone(),
                ConflictView::from_scenario(conflict),
            )
        }
        Ok(_) => unreachable!("peer files were imported above"),
    };
    if let Some(g) = a.graph {
        let format = match g {
            GraphFormat::Dot => Graph::Dot,
            GraphFormat::Json => Graph::Json,
        };
        printer::write_stdout(&graph_text(&view, format))?;
        return Ok(Exit::Success);
    }
    if let Some(state) = a.inverse {
        use crate::args::ReadingArg;
        use detente_analysis::stability::{Concept, Reading};
        let dm = a.for_dm.as_deref().unwrap_or_default();
        let result = inverse_analysis(
            &view,
            &InverseRequest {
                dm,
                state,
                reading: match a.reading {
                    ReadingArg::Standard => Reading::Standard,
                    ReadingArg::GmcrPlus => Reading::GmcrPlus,
                },
                list: a.list.map(|c| match c {
                    ConceptArg::Nash => Concept::Nash,
                    ConceptArg::Gmr => Concept::Gmr,
                    ConceptArg::Smr => Concept::Smr,
                    ConceptArg::Seq => Concept::Seq,
                }),
            },
        )
        .map_err(anyhow::Error::msg)?;
        printer::inverse(
            cli.format,
            &file,
            dm,
            state,
            &result.counts,
            result.listed.as_deref(),
        )?;
        return Ok(Exit::Success);
    }
    let report = stability(&view);
    let explanation = match a.explain {
        None => None,
        Some(n) => Some(explain(&view, n).ok_or_else(|| {
            anyhow::anyhow!(
                "--explain {n}: no such state; states are numbered 1 to {}",
                view.states.len()
            )
        })?),
    };
    printer::stability(
        cli.format,
        &file,
        &report,
        explanation.as_deref(),
        a.explain,
    )?;
    Ok(Exit::Success)
}

/// `detente forecast`.
fn forecast(cli: &Cli, a: &ForecastArgs) -> anyhow::Result<Exit> {
    use detente_analysis::forecast::{
        forecast_all, subject_from_ktab, subjects_from_decide, subjects_from_scenario,
    };
    let req = Request {
        path: a.input.as_deref(),
        profiles: &a.profiles,
        budget: &cli.budget,
    };
    let opened = match input::open(cli, "forecast", req)? {
        Ok(i @ (Input::Scenario(_) | Input::Ktab { .. } | Input::Decide { .. })) => i,
        // Other peer files, as the scenario detente imports.
        Ok(other) => match input::imported(cli, "forecast", other)? {
            Ok(loaded) => Input::Scenario(Box::new(loaded)),
            Err(exit) => return Ok(exit),
        },
        Err(exit) => return Ok(exit),
    };
    let (file, mut subjects) = match &opened {
        Input::Scenario(loaded) => (
            loaded.file.name.clone(),
            subjects_from_scenario(valid(loaded)?),
        ),
        Input::Ktab { file, scenario } => (file.clone(), vec![subject_from_ktab(scenario)]),
        Input::Decide { file, parsed } => (file.clone(), subjects_from_decide(parsed)),
        _ => unreachable!("other peer files were imported above"),
    };
    if let Some(id) = &a.issue {
        let ids: Vec<String> = subjects.iter().map(|s| s.id.clone()).collect();
        subjects.retain(|s| &s.id == id);
        if subjects.is_empty() {
            anyhow::bail!(
                "--issue {id}: no such issue; the issues are {}",
                ids.join(", ")
            );
        }
    }
    if let Some(out) = &a.write_scenario {
        // The issues forecast (all, or the one --issue names), whatever
        // the input's format.
        let title = match &opened {
            Input::Scenario(loaded) => valid(loaded)?.title.clone(),
            Input::Ktab { scenario, .. } => scenario.name.clone(),
            Input::Decide { parsed, .. } => parsed.title.clone().unwrap_or_else(|| file.clone()),
            _ => file.clone(),
        };
        let stem = std::path::Path::new(&file)
            .file_stem()
            .map_or("imported".into(), |s| s.to_string_lossy().into_owned());
        let text = detente_analysis::import::scenario_toml(
            &stem,
            &title,
            &detente_analysis::input::today(),
            &format!("{file} ({})", opened.kind().name()),
            &subjects,
        );
        input::write_new(out, &text)?;
        let issues = subjects.iter().map(|s| s.dimensions.len()).sum::<usize>();
        eprintln!(
            "wrote {} ({issues} issue{}); check it with `detente check {}`",
            out.display(),
            if issues == 1 { "" } else { "s" },
            out.display()
        );
        return Ok(Exit::Success);
    }
    let options = crate::options::forecast(a);
    if let Some(f) = a.noise.filter(|f| !(f.is_finite() && *f >= 0.0)) {
        anyhow::bail!("--noise {f}: give a non-negative fraction, e.g. 0.1");
    }
    let limits = match &opened {
        Input::Scenario(loaded) => valid(loaded)?.budget,
        _ => input::limits(cli),
    };
    let estimate = detente_analysis::budget::Estimate::forecast(&subjects, &options, limits);
    let shown = match &opened {
        Input::Scenario(loaded) => loaded.file.clone(),
        _ => detente_scenario::SourceFile::new(file.clone(), String::new()),
    };
    if let Err(exit) = input::within_budget(cli, shown, estimate.refusals())? {
        return Ok(exit);
    }
    let bar = printer::progress(a.runs * subjects.len());
    let report = forecast_all(&subjects, &options, &|done, _| {
        if let Some(b) = &bar {
            b.set_position(done as u64);
        }
    });
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    printer::forecast(cli.format, &file, &report, a.dyads)?;
    Ok(Exit::Success)
}

/// `detente packages`.
fn packages(cli: &Cli, a: &PackagesArgs) -> anyhow::Result<Exit> {
    use detente_analysis::packages::{packages, problem_from_domain, problem_from_scenario};
    let req = Request {
        path: a.input.as_deref(),
        profiles: &a.profiles,
        budget: &cli.budget,
    };
    let opened = match input::open(cli, "packages", req)? {
        Ok(i @ (Input::Scenario(_) | Input::Domain { .. })) => i,
        // Other peer files, as the scenario detente imports.
        Ok(other) if a.write_scenario.is_none() => match input::imported(cli, "packages", other)? {
            Ok(loaded) => Input::Scenario(Box::new(loaded)),
            Err(exit) => return Ok(exit),
        },
        Ok(other) => other,
        Err(exit) => return Ok(exit),
    };
    if let Some(out) = &a.write_scenario {
        if !matches!(opened, Input::Domain { .. }) {
            anyhow::bail!(
                "--write-scenario converts GENIUS or GeniusWeb input; {} is a {}",
                opened.file(),
                opened.kind().name()
            );
        }
        let text =
            detente_analysis::input::scenario_text(&opened, &detente_analysis::input::today())?;
        input::write_new(out, &text)?;
        eprintln!(
            "wrote {}; check it with `detente check {}`",
            out.display(),
            out.display()
        );
        return Ok(Exit::Success);
    }
    let (file, problem, loaded) = match opened {
        Input::Scenario(loaded) => {
            let problem = problem_from_scenario(valid(&loaded)?)
                .map_err(|e| anyhow::anyhow!("{}: {e}", loaded.file.name))?;
            (loaded.file.name.clone(), problem, Some(loaded))
        }
        Input::Domain { file, domain, .. } => (file, problem_from_domain(domain), None),
        _ => unreachable!("other peer files were imported above"),
    };
    let mut report = packages(&problem, a.ties);
    // With the scenario's map layers at hand, packages also say what they
    // mean on the ground.
    if let Some(loaded) = &loaded
        && let Some(s) = &loaded.scenario
        && let Some(g) = &s.geometry
        && let Ok(texts) = read_layers(g, &layer_base(&loaded.file.name, None))
        && let Ok(geo) = detente_analysis::geometry::geometry(g, &texts)
    {
        detente_analysis::packages::attach_ground(
            &problem,
            &mut report,
            &detente_analysis::ground_links(g, &geo),
        );
    }
    printer::packages(cli.format, &file, &report)?;
    Ok(Exit::Success)
}

/// `detente geometry`.
fn geometry(cli: &Cli, a: &GeometryArgs) -> anyhow::Result<Exit> {
    let loaded = scenario_or_exit!(cli, "geometry", a.scenario);
    let scenario = valid(&loaded)?;
    let Some(g) = &scenario.geometry else {
        anyhow::bail!(
            "{} has no [geometry] section; see docs/scenario-format.md",
            loaded.file.name
        );
    };
    let texts = read_layers(g, &layer_base(&loaded.file.name, a.geo_dir.as_deref()))
        .map_err(|e| anyhow::anyhow!("{}: {e}", loaded.file.name))?;
    let report = detente_analysis::geometry::geometry(g, &texts)
        .map_err(|e| anyhow::anyhow!("{}: {e}", loaded.file.name))?;
    if let Some(out) = &a.out {
        input::write_atomic(out, &report.geojson)?;
    }
    if let Some(map) = &a.map {
        input::write_atomic(map, &report.map_svg)?;
    }
    printer::geometry(cli.format, &loaded.file.name, &report)?;
    Ok(Exit::Success)
}

/// `detente brief`: the brief alone, as Markdown (or, with `--format
/// json`, the `brief` of `analyze`'s document).
fn brief(cli: &Cli, a: &BriefArgs) -> anyhow::Result<Exit> {
    let loaded = scenario_or_exit!(cli, "brief", a.check.scenario);
    let scenario = valid(&loaded)?;
    let analysis = match every_lens(cli, &loaded, scenario, &a.check, &a.runs)? {
        Ok(analysis) => analysis,
        Err(exit) => return Ok(exit),
    };
    let findings = notes_and(&loaded, analysis.findings(scenario));
    let text = printer::brief(cli.format, &loaded, scenario, &analysis, &findings);
    match &a.output {
        Some(path) => {
            input::write_atomic(path, &text)?;
            eprintln!("wrote {}", path.display());
        }
        None => printer::write_stdout(&text)?,
    }
    Ok(findings_exit(&findings))
}

/// `detente report`: the analysis as one HTML file.
fn report(cli: &Cli, a: &ReportArgs) -> anyhow::Result<Exit> {
    let loaded = scenario_or_exit!(cli, "report", a.check.scenario);
    let scenario = valid(&loaded)?;
    let analysis = match every_lens(cli, &loaded, scenario, &a.check, &a.runs)? {
        Ok(analysis) => analysis,
        Err(exit) => return Ok(exit),
    };
    let page = detente_report::html(scenario, &analysis);
    input::write_atomic(&a.output, &page)?;
    eprintln!("wrote {} ({} KB)", a.output.display(), page.len() / 1024);
    Ok(Exit::Success)
}

/// Every lens on `scenario` (read from `file`), with the source texts,
/// map layers, runs and seed the arguments name: what `analyze` prints and
/// `report` draws.
fn every_lens(
    cli: &Cli,
    loaded: &detente_scenario::Loaded,
    scenario: &Scenario,
    a: &CheckArgs,
    r: &RunsArgs,
) -> anyhow::Result<Result<detente_analysis::Analysis, Exit>> {
    let (file, text) = (&loaded.file.name, &loaded.file.text);
    let forecast = detente_analysis::forecast::ForecastOptions {
        runs: r.runs.unwrap_or(detente_analysis::ANALYZE_RUNS),
        seed: r.seed,
        ..Default::default()
    };
    let estimate = detente_analysis::budget::Estimate::of(scenario, &forecast);
    if let Err(exit) = input::within_budget(cli, loaded.file.clone(), estimate.refusals())? {
        return Ok(Err(exit));
    }
    let texts = input::sources(scenario, a.sources.as_deref())?;
    // Long work says how far it has come (a second or more: 10^6 Monte
    // Carlo values, or 10^5 conflict states).
    let long = estimate.monte_carlo_values >= 1_000_000 || estimate.states.unwrap_or(0) >= 100_000;
    let bar = printer::stages(long);
    let tell = |stage: &str, done: usize, total: usize| {
        if let Some(b) = &bar {
            b.set_message(stage.to_owned());
            b.set_length(total as u64);
            b.set_position(done as u64);
        }
    };
    let analysis = detente_analysis::analyze(
        scenario,
        &Options {
            text: Some(text),
            // `--runs` sets the brief's robustness draws too.
            brief_draws: r.runs,
            sources: texts.as_ref(),
            geometry: scenario
                .geometry
                .as_ref()
                .map(|g| read_layers(g, &layer_base(file, a.geo_dir.as_deref()))),
            forecast,
            progress: Some(&tell),
            ..Options::default()
        },
    );
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    Ok(Ok(analysis))
}

/// `detente serve`: the web app.
fn serve(cli: &Cli, a: &ServeArgs) -> anyhow::Result<Exit> {
    // A domain folder with more than two profiles is ambiguous for one
    // negotiation: the app asks which parties, as `--profile` chooses them.
    if let Some(dir) = a.scenario.scenario.as_deref().filter(|p| p.is_dir())
        && a.scenario.profiles.is_empty()
    {
        let profiles = detente_analysis::input::folder_profiles(dir)?;
        if profiles.len() > 2 {
            let names: Vec<String> = profiles
                .iter()
                .filter_map(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
                .collect();
            anyhow::bail!(
                "{} holds {} profiles ({}); choose the parties with --profile, e.g. `detente serve {} --profile {} --profile {}`",
                dir.display(),
                profiles.len(),
                names.join(", "),
                dir.display(),
                names[0],
                names[1]
            );
        }
    }
    let req = Request {
        path: a.scenario.scenario.as_deref(),
        profiles: &a.scenario.profiles,
        budget: &cli.budget,
    };
    let opened = match input::open(cli, "serve", req)? {
        Ok(i) => i,
        Err(exit) => return Ok(exit),
    };
    if let Some(dir) = &a.sources
        && !dir.is_dir()
    {
        anyhow::bail!("--sources {}: not a directory", dir.display());
    }
    let given = a.scenario.scenario.clone().filter(|p| p.as_os_str() != "-");
    // A peer tool's file opens read-only: the app shows it as the scenario
    // detente imports, and Save writes that scenario to a new file beside
    // it, never over it.
    let (path, imported_from) = match (&opened, &given) {
        (Input::Scenario(_), p) => (p.clone(), None),
        (_, Some(p)) => (
            Some(detente_analysis::input::save_path_beside(p)),
            Some(opened.kind()),
        ),
        (_, None) => (None, None),
    };
    let name = opened.file().to_owned();
    let text = match &opened {
        // The file as it is on disk: its version is what saves compare with.
        Input::Scenario(l) => match &given {
            Some(p) => std::fs::read_to_string(p)
                .with_context(|| format!("cannot read {}", p.display()))?,
            None => l.file.text.clone(),
        },
        _ => detente_analysis::input::scenario_text(&opened, &detente_analysis::input::today())?,
    };
    let state = detente_server::AppState::new(detente_server::Config {
        path: path.clone(),
        imported_from: imported_from.map(|k| k.name().to_owned()),
        name: name.clone(),
        text,
        sources: a.sources.clone(),
        runs: a.runs.runs.unwrap_or(detente_server::APP_RUNS),
        report_runs: a.runs.runs.unwrap_or(detente_analysis::ANALYZE_RUNS),
        seed: a.runs.seed,
        max_analysis: std::time::Duration::from_secs_f64(a.timeout),
        forecast_models: Default::default(),
        geo_base: layer_base(&name, a.geo_dir.as_deref()),
    });
    detente_server::run(&a.addr, std::sync::Arc::new(state), |addr| {
        eprintln!("detente serves {name} at http://{addr}/ (Ctrl-C stops)");
        if let (Some(kind), Some(p)) = (imported_from, &path) {
            eprintln!(
                "{name} is a {}: it opens read-only; Save writes the scenario to {}",
                kind.name(),
                p.display()
            );
        }
        if !addr.ip().is_loopback() {
            eprintln!(
                "warning: {addr} is not a loopback address: anyone who can reach it can read and overwrite the scenario (the app has no login)"
            );
        }
    })
    .with_context(|| format!("cannot serve on {}", a.addr))?;
    Ok(Exit::Success)
}
