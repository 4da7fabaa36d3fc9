//! Command-line arguments.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

const EXIT_CODES: &str = "\
Exit codes:
  0  success
  1  findings: unverified quotes, unavailable source texts, contradictions
  2  usage error: bad arguments, unreadable file or directory
  3  invalid scenario

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
    /// Run every lens (the main job) and print the results.
    Analyze(CheckArgs),
    /// Stability of the scenario's [conflict] (or of a GMCR+ `.gmcr` file) by
    /// the Graph Model: Nash, GMR, SMR, SEQ and SIM verdicts per DM and
    /// state, equilibria, status-quo paths, coalitions.
    Stability(StabilityArgs),
    /// Print the JSON Schema of the scenario format.
    Schema,
}

#[derive(Debug, Args)]
pub struct ScenarioArg {
    /// Scenario file (TOML); `-` reads standard input. Default: the built-in
    /// Berlin scenario.
    pub scenario: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub scenario: ScenarioArg,
    /// Directory holding the source texts; every evidence quote is looked up
    /// in `DIR/<file>` of its source.
    #[arg(long, value_name = "DIR")]
    pub sources: Option<PathBuf>,
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
