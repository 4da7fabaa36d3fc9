//! JSON output: one document per run, always with `schema_version`,
//! `command`, `file`, `valid` and `diagnostics`, plus the command's result.

use detente_analysis::{Analysis, SCHEMA_VERSION};
use detente_scenario::evidence::EvidenceReport;
use detente_scenario::{Diagnostic, DiagnosticJson, Loaded, Scenario};
use serde::Serialize;

/// The one JSON document every command and the app's API answer with:
/// `schema_version`, `command`, `file`, `valid`, `diagnostics`, then the
/// command's own fields.
#[derive(Serialize)]
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

#[derive(Serialize)]
struct Empty {}

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

pub fn check(loaded: &Loaded, report: &EvidenceReport, findings: &[Diagnostic]) -> String {
    #[derive(Serialize)]
    struct Body<'a> {
        evidence: &'a EvidenceReport,
    }
    render("check", loaded, findings, Body { evidence: report })
}

pub fn show(loaded: &Loaded, scenario: &Scenario) -> String {
    #[derive(Serialize)]
    struct Body<'a> {
        scenario: &'a Scenario,
    }
    render("show", loaded, &[], Body { scenario })
}

/// The fields `analyze` adds to the envelope (the app's answer adds its
/// figures to these).
#[derive(Serialize)]
pub struct AnalyzeBody<'a> {
    pub scenario: &'a Scenario,
    pub analysis: &'a Analysis,
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
        AnalyzeBody { scenario, analysis },
    )
}

pub fn stability(
    file: &str,
    report: &detente_analysis::stability::StabilityReport,
    explanation: Option<&[detente_analysis::stability::DmExplanation]>,
) -> String {
    #[derive(Serialize)]
    struct Body<'a> {
        stability: &'a detente_analysis::stability::StabilityReport,
        #[serde(skip_serializing_if = "Option::is_none")]
        explanation: Option<&'a [detente_analysis::stability::DmExplanation]>,
    }
    render_for(
        "stability",
        file,
        true,
        Vec::new(),
        Body {
            stability: report,
            explanation,
        },
    )
}

pub fn inverse(
    file: &str,
    dm: &str,
    state: usize,
    result: &detente_analysis::stability::InverseCounts,
    listed: Option<&[Vec<usize>]>,
) -> String {
    #[derive(Serialize)]
    struct Inverse<'a> {
        dm: &'a str,
        state: usize,
        #[serde(flatten)]
        result: &'a detente_analysis::stability::InverseCounts,
        #[serde(skip_serializing_if = "Option::is_none")]
        listed: Option<&'a [Vec<usize>]>,
    }
    #[derive(Serialize)]
    struct Body<'a> {
        inverse: Inverse<'a>,
    }
    render_for(
        "stability",
        file,
        true,
        Vec::new(),
        Body {
            inverse: Inverse {
                dm,
                state,
                result,
                listed,
            },
        },
    )
}

pub fn forecast(file: &str, report: &detente_analysis::forecast::ForecastReport) -> String {
    #[derive(Serialize)]
    struct Body<'a> {
        forecast: &'a detente_analysis::forecast::ForecastReport,
    }
    render_for(
        "forecast",
        file,
        true,
        Vec::new(),
        Body { forecast: report },
    )
}

pub fn packages(file: &str, report: &detente_analysis::packages::PackagesReport) -> String {
    #[derive(Serialize)]
    struct Body<'a> {
        packages: &'a detente_analysis::packages::PackagesReport,
    }
    render_for(
        "packages",
        file,
        true,
        Vec::new(),
        Body { packages: report },
    )
}

pub fn geometry(file: &str, report: &detente_analysis::geometry::GeometryReport) -> String {
    #[derive(Serialize)]
    struct Body<'a> {
        geometry: &'a detente_analysis::geometry::GeometryReport,
    }
    render_for(
        "geometry",
        file,
        true,
        Vec::new(),
        Body { geometry: report },
    )
}
