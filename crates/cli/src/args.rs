//! Command-line arguments.
//!
//! The doc comments here are clap's help text, written for a terminal:
//! `[conflict]` names a scenario section, not a rustdoc link.
#![allow(rustdoc::broken_intra_doc_links)]

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

const EXIT_CODES: &str = "\
Exit codes:
  0  success
  1  findings: unverified quotes, unavailable source texts, contradictions
  2  usage error: bad arguments, unreadable file or directory
  3  invalid input: a scenario or a peer tool's file (KTAB, Decide, GENIUS, GMCR+) with errors

Without SCENARIO, commands use the built-in scenario of the December 2025 Berlin talks.";

/// Model a multi-party negotiation and analyse it through several lenses.
#[derive(Debug, Parser)]
#[command(name = "detente", version, after_help = EXIT_CODES)]
pub struct Cli {
    /// Output format.
    #[arg(long, global = true, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Colour in human output: `auto` colours a terminal unless NO_COLOR is set.
    #[arg(long, global = true, value_enum, default_value_t = Color::Auto)]
    pub color: Color,
    /// Raise (or lower) a limit of what the analysis may spend, as KEY=VALUE:
    /// states, outcomes, grid_values, frontier_vectors, monte_carlo_values,
    /// memory_mb (see docs/budget.md). Repeatable; replaces the scenario's
    /// [budget] value of that key.
    #[arg(long, global = true, value_name = "KEY=VALUE", value_parser = detente_scenario::budget::parse_setting)]
    pub budget: Vec<(String, u64)>,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Text for people.
    Human,
    /// One JSON document with a `schema_version`.
    Json,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Color {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Validate a scenario and report every problem at once.
    Check(CheckArgs),
    /// Print actors, positions, proposals and the framework's status.
    Show(ScenarioArg),
    /// Run every lens (the main job) and print the results, the brief first.
    Analyze(AnalyzeArgs),
    /// The brief alone, as Markdown to forward: where each issue lands, the
    /// deal, the proposals, what is stable, what it rests on, the caveats.
    Brief(BriefArgs),
    /// Stability of the scenario's [conflict] (or of a GMCR+ `.gmcr` file) by
    /// the Graph Model: Nash, GMR, SMR, SEQ and SIM verdicts per DM and
    /// state, equilibria, status-quo paths, coalitions.
    Stability(StabilityArgs),
    /// Where each issue settles: compromise, weighted median, Bueno de
    /// Mesquita's expected-utility model (Scholz et al. reading) and KTAB's
    /// Spatial Model of Politics, with rounds, Monte Carlo and sensitivity.
    Forecast(ForecastArgs),
    /// Which deals every party can accept: the exact Pareto frontier, the
    /// zone of possible agreement, Nash (symmetric and capability-weighted),
    /// Kalai-Smorodinsky, egalitarian and maximum-welfare packages, logrolls,
    /// and how each tabled proposal compares.
    Packages(PackagesArgs),
    /// Territorial proposals on the front line: the contact line, each
    /// zone's area by side and region, the places and people inside, the
    /// change since earlier snapshots; GeoJSON and an SVG map.
    Geometry(GeometryArgs),
    /// Write one self-contained HTML report of every lens (SVG charts; no
    /// network; prints cleanly).
    Report(ReportArgs),
    /// A local web app: edit positions, saliences, capabilities and
    /// preferences and see every lens update; save the scenario back.
    Serve(ServeArgs),
    /// Print the JSON Schema of the scenario format (or, with `--output`,
    /// of every command's `--format json` output).
    Schema(SchemaArgs),
}

impl Command {
    /// The command's name, as typed.
    pub fn name(&self) -> &'static str {
        match self {
            Command::Check(_) => "check",
            Command::Show(_) => "show",
            Command::Analyze(_) => "analyze",
            Command::Brief(_) => "brief",
            Command::Stability(_) => "stability",
            Command::Forecast(_) => "forecast",
            Command::Packages(_) => "packages",
            Command::Geometry(_) => "geometry",
            Command::Report(_) => "report",
            Command::Serve(_) => "serve",
            Command::Schema(_) => "schema",
        }
    }
}

#[derive(Debug, Args)]
pub struct SchemaArgs {
    /// The schema of the JSON that `--format json` prints, instead of the
    /// scenario format's.
    #[arg(long)]
    pub output: bool,
}

#[derive(Debug, Args)]
pub struct ScenarioArg {
    /// Scenario file (TOML), or a peer tool's file: a KTAB CSV, a Decide
    /// file, a GENIUS or GeniusWeb domain (file or folder), a GMCR+ `.gmcr`,
    /// read as the scenario detente imports; `-` reads standard input.
    /// Default: the built-in Berlin scenario.
    pub scenario: Option<PathBuf>,
    /// A party's profile for a GENIUS or GeniusWeb domain (repeat, one per
    /// party; a bare name is looked up beside the domain).
    #[arg(long = "profile", value_name = "FILE")]
    pub profiles: Vec<PathBuf>,
}

/// The Monte Carlo runs of the forecast lens.
#[derive(Debug, Args)]
pub struct RunsArgs {
    /// Monte Carlo runs over the scenario's stated uncertainties, per issue,
    /// and the brief's robustness draws (default: 1000 for `analyze` and
    /// `report`, or the scenario's `[brief] draws`; 200 in the app).
    #[arg(long, value_name = "N", value_parser = runs)]
    pub runs: Option<usize>,
    /// Seed of the Monte Carlo runs; the same seed gives the same results.
    #[arg(long, value_name = "S", default_value_t = 1)]
    pub seed: u64,
}

#[derive(Debug, Args)]
pub struct AnalyzeArgs {
    #[command(flatten)]
    pub check: CheckArgs,
    #[command(flatten)]
    pub runs: RunsArgs,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub scenario: ScenarioArg,
    /// Directory holding the source texts; every evidence quote is looked up
    /// in `DIR/<file>` of its source.
    #[arg(long, value_name = "DIR")]
    pub sources: Option<PathBuf>,
    /// (analyze) Where the scenario's [geometry] files are, if not relative
    /// to the scenario's directory.
    #[arg(long, value_name = "DIR")]
    pub geo_dir: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct StabilityArgs {
    #[command(flatten)]
    pub scenario: ScenarioArg,
    /// Explain one state (its number): every DM's improvements from it and
    /// the opponents' sanctions.
    #[arg(long, value_name = "STATE", conflicts_with = "graph")]
    pub explain: Option<usize>,
    /// Print the conflict graph instead: every state and every DM's moves
    /// (bold = unilateral improvement), as Graphviz DOT or JSON.
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub graph: Option<GraphFormat>,
    /// Inverse analysis: how many strict rankings of the DM given by `--for`
    /// make STATE an equilibrium under each concept (the others' preferences
    /// fixed).
    #[arg(long, value_name = "STATE", requires = "for_dm", conflicts_with_all = ["graph", "explain"])]
    pub inverse: Option<usize>,
    /// The decision maker whose ranking `--inverse` varies.
    #[arg(long = "for", value_name = "DM", requires = "inverse")]
    pub for_dm: Option<String>,
    /// With `--inverse`: also list the rankings that work under this concept.
    #[arg(long, value_enum, value_name = "CONCEPT", requires = "inverse")]
    pub list: Option<ConceptArg>,
    /// With `--inverse`: the standard definitions, or GMCR+'s inverse solver
    /// (whose GMR/SMR/SEQ verdict rests on the DM's last improvement only;
    /// use it to compare with results published from GMCR+).
    #[arg(long, value_enum, default_value = "standard", requires = "inverse")]
    pub reading: ReadingArg,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ReadingArg {
    Standard,
    GmcrPlus,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ConceptArg {
    Nash,
    Gmr,
    Smr,
    Seq,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum GraphFormat {
    Dot,
    Json,
}

/// Parses a value by the library's own (serde) names.
fn named<T: serde::de::DeserializeOwned>(s: &str) -> Result<T, String> {
    serde_json::from_value(serde_json::Value::String(s.to_owned()))
        .map_err(|_| format!("`{s}` is not one of the values listed in --help"))
}

/// A model of the forecast registry, by id.
fn model_id(s: &str) -> Result<String, String> {
    let ids = detente_analysis::forecast::Registry::default().ids();
    if ids.iter().any(|id| id == s) {
        Ok(s.to_owned())
    } else {
        Err(format!(
            "`{s}` is not a model; the models are {}",
            ids.join(", ")
        ))
    }
}

#[derive(Debug, Args)]
#[command(
    after_help = "Inputs: a detente scenario (TOML), a KTAB CSV scenario (`.csv`: all its \
dimensions form one problem) or a Decide file (`#A`, `#P`, `#M`, `#D` rows separated by `;` or tabs: \
one problem per issue). Options issues are forecast on option numbers 1, 2, ... (as `detente show` \
lists them) and the nearest option is named."
)]
pub struct ForecastArgs {
    /// Scenario (TOML), KTAB CSV or Decide file (or any other input
    /// detente reads, as its imported scenario); `-` reads a scenario from
    /// standard input. Default: the built-in Berlin scenario.
    pub input: Option<PathBuf>,
    /// A party's profile for a GENIUS or GeniusWeb domain (repeat).
    #[arg(long = "profile", value_name = "FILE")]
    pub profiles: Vec<PathBuf>,
    /// Models to run (repeat for several): compromise, median,
    /// expected-utility, smp. Default: all.
    #[arg(long = "model", value_name = "NAME", value_parser = model_id)]
    pub models: Vec<String>,
    /// Only this issue (its id).
    #[arg(long, value_name = "ID")]
    pub issue: Option<String>,
    /// Monte Carlo runs over the inputs' stated uncertainties (0 = none).
    #[arg(long, value_parser = runs, default_value_t = 0, value_name = "N")]
    pub runs: usize,
    /// Seed for Monte Carlo (and stochastic SMP transitions); the same seed
    /// gives the same numbers on any number of threads.
    #[arg(long, default_value_t = 1, value_name = "S")]
    pub seed: u64,
    /// Give every input without a stated uncertainty a relative one: F of
    /// the scale for positions, F for saliences, F of the value for
    /// capabilities.
    #[arg(long, value_name = "F")]
    pub noise: Option<f64>,
    /// Rank single inputs by how far moving them moves each forecast (by
    /// their standard deviation, or STEP of their range; default 0.1).
    #[arg(long, value_name = "STEP", num_args = 0..=1, default_missing_value = "0.1")]
    pub sensitivity: Option<f64>,
    /// Print the expected-utility model's dyad table: every round, who
    /// challenges whom, both expected utilities, the offer and the move.
    #[arg(long)]
    pub dyads: bool,
    /// Write the input as a detente scenario (TOML) to FILE and stop.
    #[arg(long, value_name = "FILE")]
    pub write_scenario: Option<PathBuf>,
    /// Expected utility: rounds.
    #[arg(
        long,
        default_value_t = 10,
        value_name = "N",
        help_heading = "Expected-utility model"
    )]
    pub rounds: usize,
    /// Expected utility: probability normaliser, all-pairs (Scholz's code)
    /// or pairwise (BDM).
    #[arg(long, default_value = "all-pairs", value_parser = named::<detente_analysis::forecast::Probability>, help_heading = "Expected-utility model")]
    pub eu_probability: detente_analysis::forecast::Probability,
    /// Expected utility: risk normalised across actors (Scholz) or
    /// positions (BDM's intent).
    #[arg(long, default_value = "actors", value_parser = named::<detente_analysis::forecast::RiskBasis>, help_heading = "Expected-utility model")]
    pub eu_risk: detente_analysis::forecast::RiskBasis,
    /// Expected utility: which compromise a receiver takes, scholz or
    /// closest.
    #[arg(long, default_value = "scholz", value_parser = named::<detente_analysis::forecast::CompromiseChoice>, help_heading = "Expected-utility model")]
    pub eu_compromise: detente_analysis::forecast::CompromiseChoice,
    /// Expected utility: let capitulations happen (Scholz's code never does).
    #[arg(long, help_heading = "Expected-utility model")]
    pub eu_capitulation: bool,
    /// Expected utility: Q, probability that the status quo persists.
    #[arg(long, default_value_t = 1.0, help_heading = "Expected-utility model")]
    pub eu_q: f64,
    /// Expected utility: T, probability that an unchallenged change is for the better.
    #[arg(long, default_value_t = 1.0, help_heading = "Expected-utility model")]
    pub eu_t: f64,
    /// SMP: victory probability: linear, square, quartic, octic, binary.
    #[arg(long, default_value = "linear", value_parser = named::<detente_analysis::forecast::VictoryProb>, help_heading = "KTAB SMP")]
    pub smp_victory: detente_analysis::forecast::VictoryProb,
    /// SMP: Condorcet election: conditional, markov-incentive, markov-uniform.
    #[arg(long, default_value = "conditional", value_parser = named::<detente_analysis::forecast::Pce>, help_heading = "KTAB SMP")]
    pub smp_pce: detente_analysis::forecast::Pce,
    /// SMP: voting rule: binary, prop-bin, proportional, prop-cbc, cubic, asym-prosp.
    #[arg(long, default_value = "proportional", value_parser = named::<detente_analysis::forecast::VotingRule>, help_heading = "KTAB SMP")]
    pub smp_voting: detente_analysis::forecast::VotingRule,
    /// SMP: perceived risk: no, one-third, half, two-thirds, full.
    #[arg(long, default_value = "one-third", value_parser = named::<detente_analysis::forecast::BigRAdjust>, help_heading = "KTAB SMP")]
    pub smp_risk_adjust: detente_analysis::forecast::BigRAdjust,
    /// SMP: risk range: min, mid, max.
    #[arg(long, default_value = "mid", value_parser = named::<detente_analysis::forecast::BigRRange>, help_heading = "KTAB SMP")]
    pub smp_risk_range: detente_analysis::forecast::BigRRange,
    /// SMP: third-party commitment: no-commit, semi-commit, full-commit.
    #[arg(long, default_value = "semi-commit", value_parser = named::<detente_analysis::forecast::ThirdPartyCommit>, help_heading = "KTAB SMP")]
    pub smp_third_party: detente_analysis::forecast::ThirdPartyCommit,
    /// SMP: bargain interpolation: s1p1, s2p2, s2pmax.
    #[arg(long, default_value = "s2p2", value_parser = named::<detente_analysis::forecast::Interpolation>, help_heading = "KTAB SMP")]
    pub smp_interpolation: detente_analysis::forecast::Interpolation,
    /// SMP: bargains queued: init-only-interp, init-rcvr-interp, pw-comp-interp.
    #[arg(long, default_value = "init-only-interp", value_parser = named::<detente_analysis::forecast::BargainModel>, help_heading = "KTAB SMP")]
    pub smp_bargain: detente_analysis::forecast::BargainModel,
    /// SMP: draw each actor's next position by probability (seeded by --seed)
    /// instead of taking the likeliest.
    #[arg(long, help_heading = "KTAB SMP")]
    pub smp_stochastic: bool,
    /// SMP: most turns.
    #[arg(
        long,
        default_value_t = 100,
        value_name = "N",
        help_heading = "KTAB SMP"
    )]
    pub smp_max_turns: usize,
}

#[derive(Debug, Args)]
#[command(
    after_help = "Inputs: a detente scenario (TOML; see [packages] in docs/scenario-format.md), \
a GENIUS XML or GeniusWeb JSON domain file with one --profile per party, or a directory holding \
a domain and its profiles (profiles in file-name order)."
)]
pub struct PackagesArgs {
    /// Scenario, domain file or domain directory; `-` reads a scenario from
    /// standard input. Default: the built-in Berlin scenario.
    pub input: Option<PathBuf>,
    /// A party's profile for a domain file (repeat, one per party).
    #[arg(long = "profile", value_name = "FILE")]
    pub profiles: Vec<PathBuf>,
    /// List every package behind a frontier point that several packages
    /// share, not just the first.
    #[arg(long)]
    pub ties: bool,
    /// Write a GENIUS or GeniusWeb input as a detente scenario (TOML) to
    /// FILE and stop.
    #[arg(long, value_name = "FILE")]
    pub write_scenario: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct GeometryArgs {
    #[command(flatten)]
    pub scenario: ScenarioArg,
    /// Where the [geometry] files are, if not relative to the scenario's
    /// directory.
    #[arg(long, value_name = "DIR")]
    pub geo_dir: Option<PathBuf>,
    /// Write the zones as GeoJSON (lon/lat) to FILE.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Write an SVG map of the front and the zones to FILE.
    #[arg(long, value_name = "FILE")]
    pub map: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct BriefArgs {
    #[command(flatten)]
    pub check: CheckArgs,
    #[command(flatten)]
    pub runs: RunsArgs,
    /// Write the Markdown to FILE instead of standard output.
    #[arg(short, long, value_name = "FILE.md")]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct ReportArgs {
    #[command(flatten)]
    pub check: CheckArgs,
    #[command(flatten)]
    pub runs: RunsArgs,
    /// The HTML file to write.
    #[arg(short, long, value_name = "FILE", default_value = "report.html")]
    pub output: PathBuf,
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// A peer tool's file opens read-only and is saved as a new scenario
    /// beside it.
    #[command(flatten)]
    pub scenario: ScenarioArg,
    /// Address to listen on (loopback by default: the app is for you, not
    /// the network).
    #[arg(long, default_value = "127.0.0.1:8080", value_name = "ADDR")]
    pub addr: String,
    #[command(flatten)]
    pub runs: RunsArgs,
    /// Longest an analysis may take, queueing included, before the request
    /// gets HTTP 503 (the analysis goes on; asking again gets its answer).
    #[arg(long, value_name = "SECONDS", default_value_t = 10.0, value_parser = positive_seconds)]
    pub timeout: f64,
    /// Directory holding the source texts; every evidence quote is looked up
    /// in `DIR/<file>` of its source.
    #[arg(long, value_name = "DIR")]
    pub sources: Option<PathBuf>,
    /// Where the scenario's [geometry] files are, if not relative to it.
    #[arg(long, value_name = "DIR")]
    pub geo_dir: Option<PathBuf>,
}

/// A positive, finite number of seconds.
fn positive_seconds(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(x) if x.is_finite() && x > 0.0 && x <= 86_400.0 => Ok(x),
        _ => Err(format!(
            "`{s}` is not a number of seconds between 0 and 86400"
        )),
    }
}

/// Most Monte Carlo runs per issue a command accepts: more would hold
/// gigabytes of draws before printing anything (issue 14's budgets refine
/// this into one per analysis).
pub const MAX_RUNS: usize = 10_000_000;

/// `--runs N`: a whole number from 0 to [`MAX_RUNS`].
fn runs(s: &str) -> Result<usize, String> {
    let n: usize = s
        .parse()
        .map_err(|_| format!("`{s}` is not a whole number of runs"))?;
    if n > MAX_RUNS {
        return Err(format!(
            "{n} runs is more than {MAX_RUNS}, the most one analysis makes; ask for fewer"
        ));
    }
    Ok(n)
}
