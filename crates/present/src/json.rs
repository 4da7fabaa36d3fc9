//! JSON output: one document per run, always with `schema_version`,
//! `command`, `file`, `valid` and `diagnostics`, plus the command's result.

use detente_analysis::forecast::ForecastReport;
use detente_analysis::geometry::GeometryReport;
use detente_analysis::packages::PackagesReport;
use detente_analysis::stability::{DmExplanation, InverseCounts, StabilityReport};
use detente_analysis::{Analysis, SCHEMA_VERSION};
use detente_scenario::evidence::EvidenceReport;
use detente_scenario::{Diagnostic, DiagnosticJson, Loaded, Scenario};
use schemars::JsonSchema;
use serde::Serialize;
use serde_json::{Value, json};

/// The one JSON document every command and the app's API answer with:
/// `schema_version`, `command`, `file`, `valid`, `diagnostics`, then the
/// command's own fields.
#[derive(Serialize, JsonSchema)]
#[schemars(rename = "{T}Document")]
pub struct Envelope<'a, T: Serialize> {
    pub schema_version: u32,
    pub command: &'a str,
    pub file: &'a str,
    pub valid: bool,
    pub diagnostics: Vec<DiagnosticJson>,
    #[serde(flatten)]
    pub body: T,
}

impl<'a, T: Serialize> Envelope<'a, T> {
    /// The document of `command` on a loaded file, its diagnostics placed
    /// in that file.
    pub fn of(command: &'a str, loaded: &'a Loaded, diagnostics: &[Diagnostic], body: T) -> Self {
        Envelope {
            schema_version: SCHEMA_VERSION,
            command,
            file: &loaded.file.name,
            valid: loaded.scenario.is_some(),
            diagnostics: diagnostics
                .iter()
                .map(|d| d.to_json(&loaded.file))
                .collect(),
            body,
        }
    }

    /// Pretty-printed, as the CLI writes it, with a final newline.
    pub fn pretty(&self) -> String {
        let mut s = serde_json::to_string_pretty(self).unwrap_or_else(|e| {
            format!(
                "{{\"schema_version\": {SCHEMA_VERSION}, \"error\": \"cannot serialize output: {e}\"}}"
            )
        });
        s.push('\n');
        s
    }
}

/// No result: the input was invalid, and `diagnostics` say why.
#[derive(Serialize, JsonSchema)]
pub struct Empty {}

fn render<T: Serialize>(
    command: &str,
    loaded: &Loaded,
    diagnostics: &[Diagnostic],
    body: T,
) -> String {
    Envelope::of(command, loaded, diagnostics, body).pretty()
}

fn render_for<T: Serialize>(
    command: &str,
    file: &str,
    valid: bool,
    diagnostics: Vec<DiagnosticJson>,
    body: T,
) -> String {
    Envelope {
        schema_version: SCHEMA_VERSION,
        command,
        file,
        valid,
        diagnostics,
        body,
    }
    .pretty()
}

pub fn invalid(command: &str, loaded: &Loaded) -> String {
    render(command, loaded, &loaded.diagnostics, Empty {})
}

/// `check`: the evidence check.
#[derive(Serialize, JsonSchema)]
pub struct CheckBody<'a> {
    pub evidence: &'a EvidenceReport,
    /// What `analyze` would spend (its default runs), beside the limits.
    pub budget: &'a detente_analysis::budget::Estimate,
}

pub fn check(
    loaded: &Loaded,
    report: &EvidenceReport,
    budget: &detente_analysis::budget::Estimate,
    findings: &[Diagnostic],
) -> String {
    render(
        "check",
        loaded,
        findings,
        CheckBody {
            evidence: report,
            budget,
        },
    )
}

/// `show`: the validated scenario.
#[derive(Serialize, JsonSchema)]
pub struct ShowBody<'a> {
    pub scenario: &'a Scenario,
}

pub fn show(loaded: &Loaded, scenario: &Scenario) -> String {
    render("show", loaded, &[], ShowBody { scenario })
}

/// The fields `analyze` adds to the envelope (the app's answer adds its
/// figures to these).
#[derive(Serialize, JsonSchema)]
pub struct AnalyzeBody<'a> {
    pub scenario: &'a Scenario,
    /// The brief: the answer first, as data and in words (docs/output.md).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub brief: Option<crate::brief::Brief>,
    pub analysis: &'a Analysis,
}

impl<'a> AnalyzeBody<'a> {
    /// The body of an analysis, its brief in words when it has one.
    pub fn new(scenario: &'a Scenario, analysis: &'a Analysis) -> Self {
        AnalyzeBody {
            scenario,
            brief: crate::brief::of(scenario, analysis),
            analysis,
        }
    }
}

pub fn analyze(
    loaded: &Loaded,
    scenario: &Scenario,
    analysis: &Analysis,
    findings: &[Diagnostic],
) -> String {
    render(
        "analyze",
        loaded,
        findings,
        AnalyzeBody::new(scenario, analysis),
    )
}

/// `brief`: the brief alone.
#[derive(Serialize, JsonSchema)]
pub struct BriefBody {
    pub brief: Option<crate::brief::Brief>,
}

pub fn brief(
    loaded: &Loaded,
    scenario: &Scenario,
    analysis: &Analysis,
    findings: &[Diagnostic],
) -> String {
    render(
        "brief",
        loaded,
        findings,
        BriefBody {
            brief: crate::brief::of(scenario, analysis),
        },
    )
}

/// `stability`: the verdicts, and with `--explain` one state explained.
#[derive(Serialize, JsonSchema)]
pub struct StabilityBody<'a> {
    pub stability: &'a StabilityReport,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub explanation: Option<&'a [DmExplanation]>,
}

pub fn stability(
    file: &str,
    report: &StabilityReport,
    explanation: Option<&[DmExplanation]>,
) -> String {
    render_for(
        "stability",
        file,
        true,
        Vec::new(),
        StabilityBody {
            stability: report,
            explanation,
        },
    )
}

/// `stability --inverse`: the counts for one DM and state.
#[derive(Serialize, JsonSchema)]
pub struct InverseBody<'a> {
    pub inverse: Inverse<'a>,
}

#[derive(Serialize, JsonSchema)]
pub struct Inverse<'a> {
    pub dm: &'a str,
    pub state: usize,
    #[serde(flatten)]
    pub result: &'a InverseCounts,
    /// With `--list`: the rankings (state numbers, most preferred first).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub listed: Option<&'a [Vec<usize>]>,
}

pub fn inverse(
    file: &str,
    dm: &str,
    state: usize,
    result: &InverseCounts,
    listed: Option<&[Vec<usize>]>,
) -> String {
    render_for(
        "stability",
        file,
        true,
        Vec::new(),
        InverseBody {
            inverse: Inverse {
                dm,
                state,
                result,
                listed,
            },
        },
    )
}

/// `forecast`.
#[derive(Serialize, JsonSchema)]
pub struct ForecastBody<'a> {
    pub forecast: &'a ForecastReport,
}

pub fn forecast(file: &str, report: &ForecastReport) -> String {
    render_for(
        "forecast",
        file,
        true,
        Vec::new(),
        ForecastBody { forecast: report },
    )
}

/// `packages`.
#[derive(Serialize, JsonSchema)]
pub struct PackagesBody<'a> {
    pub packages: &'a PackagesReport,
}

pub fn packages(file: &str, report: &PackagesReport) -> String {
    render_for(
        "packages",
        file,
        true,
        Vec::new(),
        PackagesBody { packages: report },
    )
}

/// `geometry`.
#[derive(Serialize, JsonSchema)]
pub struct GeometryBody<'a> {
    pub geometry: &'a GeometryReport,
}

pub fn geometry(file: &str, report: &GeometryReport) -> String {
    render_for(
        "geometry",
        file,
        true,
        Vec::new(),
        GeometryBody { geometry: report },
    )
}

/// The document of a usage error (bad arguments, an unreadable file): no
/// input was used, so there are no diagnostics, only the error.
#[derive(Serialize, JsonSchema)]
pub struct UsageError<'a> {
    pub schema_version: u32,
    /// The command, when the arguments name one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub command: Option<&'a str>,
    /// Always `false`.
    pub valid: bool,
    pub error: &'a str,
}

/// A usage error as JSON, for scripts that asked for `--format json`.
pub fn usage_error(command: Option<&str>, error: &str) -> String {
    let mut s = serde_json::to_string_pretty(&UsageError {
        schema_version: SCHEMA_VERSION,
        command,
        valid: false,
        error,
    })
    .unwrap_or_default();
    s.push('\n');
    s
}

/// The JSON Schema of every command's `--format json` document: a `oneOf`
/// on `command` (stability has two shapes, its verdicts and `--inverse`),
/// and the document of an invalid input, which any command prints. The
/// committed copy is `docs/output.schema.json`; a test regenerates it and
/// validates real outputs against it.
pub fn output_schema() -> String {
    let mut generator = schemars::generate::SchemaSettings::draft2020_12().into_generator();
    let variant = |command: &str, schema: schemars::Schema, valid: bool| -> Value {
        json!({
            "allOf": [
                schema,
                {
                    "properties": {
                        "command": { "const": command },
                        "valid": { "const": valid }
                    }
                }
            ]
        })
    };
    // One shape per command's document (two for stability).
    macro_rules! shapes {
        ($($command:literal => $body:ty),* $(,)?) => {
            vec![$(variant($command, generator.subschema_for::<Envelope<'static, $body>>(), true)),*]
        };
    }
    let mut one_of = shapes![
        "check" => CheckBody<'static>,
        "show" => ShowBody<'static>,
        "analyze" => AnalyzeBody<'static>,
        "brief" => BriefBody,
        "stability" => StabilityBody<'static>,
        "stability" => InverseBody<'static>,
        "forecast" => ForecastBody<'static>,
        "packages" => PackagesBody<'static>,
        "geometry" => GeometryBody<'static>,
    ];
    // Any command, on an input it cannot use.
    let invalid = generator.subschema_for::<Envelope<'static, Empty>>();
    one_of.push(json!({
        "allOf": [invalid, { "properties": { "valid": { "const": false } } }]
    }));
    // Any command, on arguments it cannot use (exit 2).
    let usage = generator.subschema_for::<UsageError<'static>>();
    one_of.push(json!({
        "allOf": [usage, { "properties": { "valid": { "const": false } } }]
    }));
    let defs = generator.take_definitions(true);
    let root = json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "detente --format json",
        "description": format!(
            "Every document detente prints with --format json (schema_version {SCHEMA_VERSION}); `detente schema --output` prints this schema."
        ),
        "oneOf": one_of,
        "$defs": defs,
    });
    let mut s = serde_json::to_string_pretty(&root).unwrap_or_default();
    s.push('\n');
    s
}
