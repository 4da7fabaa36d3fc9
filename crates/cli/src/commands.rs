//! One function per subcommand: load, run the library, hand the result to
//! the printer, choose the exit code.

use anyhow::Context;
use detente_analysis::Options;
use detente_analysis::geometry::{layer_base, read_layers};
use detente_scenario::Scenario;
use detente_scenario::evidence;

use crate::args::{
    AnalyzeArgs, CheckArgs, Cli, Command, ConceptArg, ForecastArgs, GeometryArgs, GraphFormat,
    PackagesArgs, ReportArgs, RunsArgs, ScenarioArg, ServeArgs, StabilityArgs,
};
use crate::exit::Exit;
use crate::{input, printer};

pub fn run(cli: &Cli) -> anyhow::Result<Exit> {
    match &cli.command {
        Command::Check(a) => check(cli, a),
        Command::Show(a) => show(cli, a),
        Command::Analyze(a) => analyze(cli, a),
        Command::Stability(a) => stability(cli, a),
        Command::Forecast(a) => forecast(cli, a),
        Command::Packages(a) => packages(cli, a),
        Command::Geometry(a) => geometry(cli, a),
        Command::Report(a) => report(cli, a),
        Command::Serve(a) => serve(cli, a),
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

fn check(cli: &Cli, a: &CheckArgs) -> anyhow::Result<Exit> {
    let loaded = input::load(a.scenario.scenario.as_deref())?;
    let Some(scenario) = &loaded.scenario else {
        printer::invalid(cli.format, cli.color, "check", &loaded, false)?;
        return Ok(Exit::Invalid);
    };
    let texts = input::sources(scenario, a.sources.as_deref())?;
    let report = evidence::check(scenario, texts.as_ref());
    let findings = report.diagnostics(scenario);
    printer::check(cli.format, cli.color, &loaded, scenario, &report, &findings)?;
    Ok(findings_exit(&findings))
}

fn show(cli: &Cli, a: &ScenarioArg) -> anyhow::Result<Exit> {
    let loaded = input::load(a.scenario.as_deref())?;
    let Some(scenario) = &loaded.scenario else {
        printer::invalid(cli.format, cli.color, "show", &loaded, true)?;
        return Ok(Exit::Invalid);
    };
    printer::show(cli.format, &loaded, scenario)?;
    Ok(Exit::Success)
}

fn analyze(cli: &Cli, args: &AnalyzeArgs) -> anyhow::Result<Exit> {
    let a = &args.check;
    let loaded = input::load(a.scenario.scenario.as_deref())?;
    let Some(scenario) = &loaded.scenario else {
        printer::invalid(cli.format, cli.color, "analyze", &loaded, true)?;
        return Ok(Exit::Invalid);
    };
    let analysis = every_lens(&loaded.file.name, scenario, a, &args.runs)?;
    let findings = analysis.findings(scenario);
    printer::analyze(
        cli.format, cli.color, &loaded, scenario, &analysis, &findings,
    )?;
    Ok(findings_exit(&findings))
}

fn stability(cli: &Cli, a: &StabilityArgs) -> anyhow::Result<Exit> {
    use detente_analysis::stability::{ConflictView, explain, stability};
    let path = a.scenario.scenario.as_deref();
    let (file, view) = if let Some(p) = path.filter(|p| p.extension().is_some_and(|e| e == "gmcr"))
    {
        let text =
            std::fs::read_to_string(p).with_context(|| format!("cannot read {}", p.display()))?;
        let imported =
            detente_gmcr::gmcr_plus::import(&text).with_context(|| format!("{}", p.display()))?;
        let view =
            ConflictView::from_gmcr(&imported).with_context(|| format!("{}", p.display()))?;
        (p.display().to_string(), view)
    } else {
        let loaded = input::load(path)?;
        let Some(scenario) = &loaded.scenario else {
            printer::invalid(cli.format, cli.color, "stability", &loaded, true)?;
            return Ok(Exit::Invalid);
        };
        let Some(conflict) = &scenario.conflict else {
            anyhow::bail!(
                "{} has no [conflict] section; see docs/scenario-format.md",
                loaded.file.name
            );
        };
        let view = ConflictView::from_scenario(conflict);
        (loaded.file.name.clone(), view)
    };
    if let Some(g) = a.graph {
        let labels: Vec<String> = view
            .states
            .iter()
            .map(|&bits| {
                (0..view.options.len())
                    .map(|k| if bits >> k & 1 == 1 { 'Y' } else { 'N' })
                    .collect()
            })
            .collect();
        let text = match g {
            GraphFormat::Dot => detente_gmcr::export::to_dot(&view.graph, &labels),
            GraphFormat::Json => {
                let mut t = serde_json::to_string_pretty(&detente_gmcr::export::to_json(
                    &view.graph,
                    &labels,
                ))?;
                t.push('\n');
                t
            }
        };
        printer::write_stdout(&text)?;
        return Ok(Exit::Success);
    }
    if let Some(state) = a.inverse {
        return inverse(cli, &file, &view, state, a);
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

/// `stability --inverse STATE --for DM [--list CONCEPT]`.
fn inverse(
    cli: &Cli,
    file: &str,
    view: &detente_analysis::stability::ConflictView,
    state: usize,
    a: &StabilityArgs,
) -> anyhow::Result<Exit> {
    use crate::args::ReadingArg;
    use detente_gmcr::{Concept, inverse};
    let dm_name = a.for_dm.as_deref().unwrap_or_default();
    let dm = view.dms.iter().position(|d| d == dm_name).ok_or_else(|| {
        anyhow::anyhow!(
            "--for {dm_name}: not a decision maker; they are {}",
            view.dms.join(", ")
        )
    })?;
    let n = view.states.len();
    let e = state.checked_sub(1).filter(|&s| s < n).ok_or_else(|| {
        anyhow::anyhow!("--inverse {state}: no such state; states are numbered 1 to {n}")
    })? as detente_gmcr::StateId;
    let reading = match a.reading {
        ReadingArg::Standard => inverse::Reading::Standard,
        ReadingArg::GmcrPlus => inverse::Reading::GmcrPlus,
    };
    let result = inverse::count(&view.graph, dm, e, reading);
    let concept = a.list.map(|c| match c {
        ConceptArg::Nash => Concept::Nash,
        ConceptArg::Gmr => Concept::Gmr,
        ConceptArg::Smr => Concept::Smr,
        ConceptArg::Seq => Concept::Seq,
    });
    let listed = match concept {
        Some(c) => Some(
            inverse::rankings(&view.graph, dm, e, c, reading).ok_or_else(|| {
                anyhow::anyhow!(
                    "--list enumerates rankings, up to {} states; this conflict has {n} \
                     (the counts need no listing: drop --list)",
                    inverse::MAX_ENUMERATED
                )
            })?,
        ),
        None => None,
    };
    printer::inverse(cli.format, file, dm_name, state, &result, listed.as_deref())?;
    Ok(Exit::Success)
}

/// `detente forecast`.
fn forecast(cli: &Cli, a: &ForecastArgs) -> anyhow::Result<Exit> {
    use detente_analysis::forecast::{
        ForecastOptions, forecast_all, subject_from_ktab, subjects_from_decide,
        subjects_from_scenario,
    };
    use detente_forecast::expected_utility::EuOptions;
    use detente_forecast::monte_carlo::{Model, Models};
    use detente_forecast::smp::{SmpParams, Transitions};
    use input::ForecastInput;

    let (file, title, origin, mut subjects) = match input::forecast_input(a.input.as_deref())? {
        ForecastInput::Scenario(loaded) => {
            let Some(scenario) = &loaded.scenario else {
                printer::invalid(cli.format, cli.color, "forecast", &loaded, true)?;
                return Ok(Exit::Invalid);
            };
            let origin = format!("{} (detente scenario)", loaded.file.name);
            (
                loaded.file.name.clone(),
                scenario.title.clone(),
                origin,
                subjects_from_scenario(scenario),
            )
        }
        ForecastInput::Ktab { file, scenario } => {
            let origin = format!("{file} (KTAB CSV)");
            (
                file,
                scenario.name.clone(),
                origin,
                vec![subject_from_ktab(&scenario)],
            )
        }
        ForecastInput::Decide { file, parsed } => {
            let origin = format!("{file} (Decide)");
            let title = parsed.title.clone().unwrap_or_else(|| file.clone());
            (file, title, origin, subjects_from_decide(&parsed))
        }
        ForecastInput::Invalid {
            file,
            line,
            column,
            message,
            help,
        } => {
            printer::foreign_invalid(cli.format, &file, line, column, &message, &help)?;
            return Ok(Exit::Invalid);
        }
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
        let stem = std::path::Path::new(&file)
            .file_stem()
            .map_or("imported".into(), |s| s.to_string_lossy().into_owned());
        let text = detente_analysis::import::scenario_toml(
            &stem,
            &title,
            &input::today(),
            &origin,
            &subjects,
        );
        input::write_new(out, &text)?;
        eprintln!(
            "wrote {} ({} issues); check it with `detente check {}`",
            out.display(),
            subjects.iter().map(|s| s.dimensions.len()).sum::<usize>(),
            out.display()
        );
        return Ok(Exit::Success);
    }
    let models = if a.models.is_empty() {
        Model::ALL.to_vec()
    } else {
        a.models.clone()
    };
    let options = ForecastOptions {
        models,
        params: Models {
            eu: EuOptions {
                rounds: a.rounds,
                q: a.eu_q,
                t: a.eu_t,
                probability: a.eu_probability,
                risk: a.eu_risk,
                compromise: a.eu_compromise,
                capitulation: a.eu_capitulation,
            },
            smp: SmpParams {
                victory: a.smp_victory,
                pce: a.smp_pce,
                transitions: if a.smp_stochastic {
                    Transitions::Stochastic { seed: a.seed }
                } else {
                    Transitions::Deterministic
                },
                voting: a.smp_voting,
                big_r_adjust: a.smp_risk_adjust,
                big_r_range: a.smp_risk_range,
                third_party: a.smp_third_party,
                interpolation: a.smp_interpolation,
                bargain: a.smp_bargain,
                max_turns: a.smp_max_turns,
                ..SmpParams::default()
            },
        },
        runs: a.runs,
        seed: a.seed,
        noise: a.noise,
        sensitivity: a.sensitivity,
    };
    if let Some(f) = a.noise.filter(|f| !(f.is_finite() && *f >= 0.0)) {
        anyhow::bail!("--noise {f}: give a non-negative fraction, e.g. 0.1");
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
    use input::PackagesInput;
    let (file, problem, loaded) = match input::packages_input(a.input.as_deref(), &a.profiles)? {
        PackagesInput::Scenario(loaded) => {
            let Some(scenario) = &loaded.scenario else {
                printer::invalid(cli.format, cli.color, "packages", &loaded, true)?;
                return Ok(Exit::Invalid);
            };
            if a.write_scenario.is_some() {
                anyhow::bail!(
                    "--write-scenario converts GENIUS or GeniusWeb input; this is already a scenario"
                );
            }
            let problem = problem_from_scenario(scenario)
                .map_err(|e| anyhow::anyhow!("{}: {e}", loaded.file.name))?;
            (loaded.file.name.clone(), problem, Some(loaded))
        }
        PackagesInput::Domain { file, domain } => {
            if let Some(out) = &a.write_scenario {
                let stem = std::path::Path::new(&file)
                    .file_stem()
                    .map_or("imported".into(), |s| s.to_string_lossy().into_owned());
                let origin = format!("{file} (GENIUS/GeniusWeb)");
                let text = detente_analysis::import::scenario_from_domain(
                    &stem,
                    &stem,
                    &input::today(),
                    &origin,
                    &domain,
                );
                input::write_new(out, &text)?;
                eprintln!(
                    "wrote {}; check it with `detente check {}`",
                    out.display(),
                    out.display()
                );
                return Ok(Exit::Success);
            }
            (file, problem_from_domain(domain), None)
        }
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
    let loaded = input::load(a.scenario.scenario.as_deref())?;
    let Some(scenario) = &loaded.scenario else {
        printer::invalid(cli.format, cli.color, "geometry", &loaded, true)?;
        return Ok(Exit::Invalid);
    };
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

/// `detente report`: the analysis as one HTML file.
fn report(cli: &Cli, a: &ReportArgs) -> anyhow::Result<Exit> {
    let loaded = input::load(a.check.scenario.scenario.as_deref())?;
    let Some(scenario) = &loaded.scenario else {
        printer::invalid(cli.format, cli.color, "report", &loaded, true)?;
        return Ok(Exit::Invalid);
    };
    let analysis = every_lens(&loaded.file.name, scenario, &a.check, &a.runs)?;
    let page = detente_report::html(scenario, &analysis);
    input::write_atomic(&a.output, &page)?;
    eprintln!("wrote {} ({} KB)", a.output.display(), page.len() / 1024);
    Ok(Exit::Success)
}

/// Every lens on `scenario` (read from `file`), with the source texts,
/// map layers, runs and seed the arguments name: what `analyze` prints and
/// `report` draws.
fn every_lens(
    file: &str,
    scenario: &Scenario,
    a: &CheckArgs,
    r: &RunsArgs,
) -> anyhow::Result<detente_analysis::Analysis> {
    let texts = input::sources(scenario, a.sources.as_deref())?;
    Ok(detente_analysis::analyze(
        scenario,
        &Options {
            sources: texts.as_ref(),
            geometry: scenario
                .geometry
                .as_ref()
                .map(|g| read_layers(g, &layer_base(file, a.geo_dir.as_deref()))),
            forecast: detente_analysis::forecast::ForecastOptions {
                runs: r.runs.unwrap_or(detente_analysis::ANALYZE_RUNS),
                seed: r.seed,
                ..Default::default()
            },
            ..Options::default()
        },
    ))
}

/// `detente serve`: the web app.
fn serve(cli: &Cli, a: &ServeArgs) -> anyhow::Result<Exit> {
    let loaded = input::load(a.scenario.scenario.as_deref())?;
    if loaded.scenario.is_none() {
        printer::invalid(cli.format, cli.color, "serve", &loaded, true)?;
        return Ok(Exit::Invalid);
    }
    if let Some(dir) = &a.sources
        && !dir.is_dir()
    {
        anyhow::bail!("--sources {}: not a directory", dir.display());
    }
    let path = a.scenario.scenario.clone().filter(|p| p.as_os_str() != "-");
    let state = detente_server::AppState::new(detente_server::Config {
        path,
        name: loaded.file.name.clone(),
        // The file as it is on disk: its version is what saves compare with.
        text: match &a.scenario.scenario {
            Some(p) if p.as_os_str() != "-" => std::fs::read_to_string(p)
                .with_context(|| format!("cannot read {}", p.display()))?,
            _ => loaded.file.text.clone(),
        },
        sources: a.sources.clone(),
        runs: a.runs.runs.unwrap_or(detente_server::APP_RUNS),
        report_runs: a.runs.runs.unwrap_or(detente_analysis::ANALYZE_RUNS),
        seed: a.runs.seed,
        max_analysis: std::time::Duration::from_secs_f64(a.timeout),
        geo_base: layer_base(&loaded.file.name, a.geo_dir.as_deref()),
    });
    detente_server::run(&a.addr, std::sync::Arc::new(state), |addr| {
        eprintln!(
            "detente serves {} at http://{addr}/ (Ctrl-C stops)",
            loaded.file.name
        );
        if !addr.ip().is_loopback() {
            eprintln!(
                "warning: {addr} is not a loopback address: anyone who can reach it can read and overwrite the scenario (the app has no login)"
            );
        }
    })
    .with_context(|| format!("cannot serve on {}", a.addr))?;
    Ok(Exit::Success)
}
