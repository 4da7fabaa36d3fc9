//! JSON output: one document per run, always with `schema_version`,
//! `command`, `file`, `valid` and `diagnostics`, plus the command's result.

use detente_analysis::{Analysis, SCHEMA_VERSION};
use detente_scenario::evidence::EvidenceReport;
use detente_scenario::{Diagnostic, DiagnosticJson, Loaded, Scenario};
use serde::Serialize;

#[derive(Serialize)]
struct Envelope<'a, T: Serialize> {
    schema_version: u32,
    command: &'a str,
    file: &'a str,
    valid: bool,
    diagnostics: Vec<DiagnosticJson>,
    #[serde(flatten)]
    body: T,
}

#[derive(Serialize)]
struct Empty {}

fn render<T: Serialize>(
    command: &str,
    loaded: &Loaded,
    diagnostics: &[Diagnostic],
    body: T,
) -> String {
    let diagnostics = diagnostics
        .iter()
        .map(|d| d.to_json(&loaded.file))
        .collect();
    render_for(
        command,
        &loaded.file.name,
        loaded.scenario.is_some(),
        diagnostics,
        body,
    )
}

fn render_for<T: Serialize>(
    command: &str,
    file: &str,
    valid: bool,
    diagnostics: Vec<DiagnosticJson>,
    body: T,
) -> String {
    let env = Envelope {
        schema_version: SCHEMA_VERSION,
        command,
        file,
        valid,
        diagnostics,
        body,
    };
    let mut s = serde_json::to_string_pretty(&env).unwrap_or_else(|e| {
        format!(
            "{{\"schema_version\": {SCHEMA_VERSION}, \"error\": \"cannot serialize output: {e}\"}}"
        )
    });
    s.push('\n');
    s
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

pub fn analyze(
    loaded: &Loaded,
    scenario: &Scenario,
    analysis: &Analysis,
    findings: &[Diagnostic],
) -> String {
    #[derive(Serialize)]
    struct Body<'a> {
        scenario: &'a Scenario,
        analysis: &'a Analysis,
    }
    render("analyze", loaded, findings, Body { scenario, analysis })
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
    result: &detente_gmcr::inverse::Inverse,
    listed: Option<&[Vec<usize>]>,
) -> String {
    #[derive(Serialize)]
    struct Inverse<'a> {
        dm: &'a str,
        state: usize,
        #[serde(flatten)]
        result: &'a detente_gmcr::inverse::Inverse,
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

pub fn foreign_invalid(
    file: &str,
    line: usize,
    column: usize,
    message: &str,
    help: &str,
) -> String {
    #[derive(Serialize)]
    struct Problem<'a> {
        severity: &'a str,
        message: &'a str,
        file: &'a str,
        line: usize,
        column: usize,
        help: &'a str,
    }
    let mut s = serde_json::to_string_pretty(&serde_json::json!({
        "schema_version": SCHEMA_VERSION,
        "command": "forecast",
        "file": file,
        "valid": false,
        "diagnostics": [Problem { severity: "error", message, file, line, column, help }],
    }))
    .unwrap_or_default();
    s.push('\n');
    s
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
