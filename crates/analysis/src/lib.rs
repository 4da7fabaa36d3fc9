//! The facade every front end calls: scenario in, [`Analysis`] out.
//!
//! The CLI, the report and the web app all render the same `Analysis`, so
//! what a user sees in a terminal, in JSON and in a browser cannot disagree.
//! Lenses add themselves here as fields; each is a pure function of the
//! validated scenario and [`Options`], with no I/O.

pub mod brief;
pub mod budget;
pub mod forecast;
pub mod geometry;
pub mod import;
pub mod input;
pub mod packages;
pub mod stability;

use detente_scenario::evidence::{self, EvidenceReport, SourceTexts};
use detente_scenario::format::PointStatus;
use detente_scenario::{Diagnostic, Scenario};
use serde::Serialize;

/// Version of the JSON output. Raised when a field changes meaning or goes
/// away; adding a field does not raise it.
pub const SCHEMA_VERSION: u32 = 2;

/// Where the long parts of an analysis say how far they have come: a
/// stage, work done, work in all.
pub type Progress<'a> = &'a (dyn Fn(&str, usize, usize) + Sync);

/// What the lenses need besides the scenario.
pub struct Options<'a> {
    /// Source texts to check evidence quotes against; `None` skips that check.
    pub sources: Option<&'a SourceTexts>,
    /// Models, Monte Carlo runs and seed of the forecast lens.
    pub forecast: forecast::ForecastOptions,
    /// The geometry layers, read by the caller: the texts, or why they are
    /// not available (missing files).
    pub geometry: Option<Result<geometry::GeoTexts, String>>,
    /// The geometry lens already computed for this scenario's `[geometry]`
    /// (the web app computes it once and keeps it across edits); when set,
    /// `geometry` is not read.
    pub geometry_report: Option<Result<geometry::GeometryReport, String>>,
    /// Issue forecasts kept from earlier analyses (the web app keeps one);
    /// `None` computes every issue.
    pub forecast_memo: Option<&'a forecast::ForecastMemo>,
    /// What the analysis may spend: a deadline and a cancellation token.
    pub budget: budget::Budget,
    /// Whether to compute the brief's findings ([`brief::findings`]).
    pub brief: bool,
    /// Robustness draws of the brief, instead of the scenario's `[brief]
    /// draws` (the web app makes fewer).
    pub brief_draws: Option<usize>,
    /// The scenario's text, for the brief's provenance hash.
    pub text: Option<&'a str>,
    /// Told how far the long parts have come: a stage, work done, work in
    /// all (Monte Carlo runs; the stability and packages lenses as one step
    /// each). The CLI draws it on standard error.
    pub progress: Option<Progress<'a>>,
}

/// Monte Carlo runs `analyze` makes over the scenario's stated
/// uncertainties.
pub const ANALYZE_RUNS: usize = 1000;

impl Default for Options<'_> {
    fn default() -> Self {
        Options {
            sources: None,
            forecast: forecast::ForecastOptions {
                runs: ANALYZE_RUNS,
                ..forecast::ForecastOptions::default()
            },
            geometry: None,
            geometry_report: None,
            forecast_memo: None,
            budget: budget::Budget::default(),
            brief: true,
            brief_draws: None,
            text: None,
            progress: None,
        }
    }
}

/// Every lens's result for one scenario.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct Analysis {
    pub summary: Summary,
    pub evidence: EvidenceReport,
    /// The forecast lens: every issue by every model, with Monte Carlo over
    /// the uncertainties the scenario states.
    pub forecast: forecast::ForecastReport,
    /// The packages lens: frontier, bargaining solutions, ZOPA, logrolls and
    /// the tabled proposals.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub packages: Option<packages::PackagesReport>,
    /// Why there is no packages lens, when there is none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub packages_unavailable: Option<String>,
    /// The geometry lens, when the scenario has a `[geometry]` and its files
    /// are available.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub geometry: Option<geometry::GeometryReport>,
    /// Why there is no geometry lens, when the scenario has a `[geometry]`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub geometry_unavailable: Option<String>,
    /// The stability lens, when the scenario has a `[conflict]`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stability: Option<stability::StabilityReport>,
    /// Why there is no stability lens although the scenario has a
    /// `[conflict]` (a spent budget).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stability_unavailable: Option<String>,
    /// The brief's findings, when asked for. Not part of the `analysis`
    /// JSON: front ends show it as the top-level `brief`, with its words.
    #[serde(skip)]
    pub brief: Option<brief::Findings>,
}

/// Counts and the state of the framework plans.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct Summary {
    pub id: String,
    pub title: String,
    pub as_of: String,
    pub actors: usize,
    pub parties: usize,
    pub issues: usize,
    pub positions: usize,
    pub proposals: usize,
    pub claims: usize,
    pub frameworks: Vec<FrameworkStatus>,
}

#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct FrameworkStatus {
    pub id: String,
    pub name: String,
    pub points_total: Option<u32>,
    pub points_described: usize,
    pub agreed: usize,
    pub open: usize,
    pub disputed: usize,
}

/// Runs every lens.
pub fn analyze(scenario: &Scenario, options: &Options<'_>) -> Analysis {
    // A lens the budget does not reach says why instead of a result.
    let spent = || options.budget.spent().map(|why| format!("not run: {why}"));
    let geo = match (&scenario.geometry, &options.geometry) {
        (Some(_), _) if options.geometry_report.is_some() => options.geometry_report.clone(),
        (Some(_), _) if spent().is_some() => spent().map(Err),
        (Some(g), Some(Ok(texts))) => Some(geometry::geometry(g, texts)),
        (Some(_), Some(Err(why))) => Some(Err(why.clone())),
        (Some(_), None) => Some(Err("the geometry layers were not read".into())),
        (None, _) => None,
    };
    let stop = || options.budget.is_spent();
    let tell = |stage: &str, done: usize, total: usize| {
        if let Some(p) = options.progress {
            p(stage, done, total);
        }
    };
    tell("packages", 0, 1);
    let pkg = match spent() {
        Some(why) => Err(why),
        None => packages::problem_from_scenario(scenario),
    }
    .and_then(|p| {
        let mut r = packages::packages_until(&p, false, &stop)
            .ok_or_else(|| spent().unwrap_or_default())?;
        if let (Some(g), Some(Ok(report))) = (&scenario.geometry, &geo) {
            packages::attach_ground(&p, &mut r, &ground_links(g, report));
        }
        Ok(r)
    });
    let mut a = Analysis {
        brief: None,
        summary: summary(scenario),
        evidence: evidence::check(scenario, options.sources),
        forecast: {
            let subjects = forecast::subjects_from_scenario(scenario);
            match options.forecast_memo {
                Some(memo) => {
                    forecast::forecast_all_memo(&subjects, &options.forecast, memo, &options.budget)
                }
                None => forecast::forecast_within(
                    &subjects,
                    &options.forecast,
                    &options.budget,
                    &|done, total| tell("Monte Carlo runs", done, total),
                ),
            }
        },
        geometry: geo.as_ref().and_then(|r| r.as_ref().ok().cloned()),
        geometry_unavailable: geo.and_then(|r| r.err()),
        packages: pkg.as_ref().ok().cloned(),
        packages_unavailable: pkg.err(),
        stability_unavailable: None,
        stability: None,
    };
    // Last, and stopped within a second once the budget is spent (a
    // conflict of 2^20 states takes tens of seconds).
    if let Some(c) = &scenario.conflict {
        tell("stability", 0, 1);
        let view = stability::ConflictView::from_scenario_until(c, &stop);
        a.stability = stability::stability_until(&view, &stop).filter(|_| spent().is_none());
        a.stability_unavailable = spent();
    }
    if options.brief && spent().is_none() {
        tell("brief", 0, 1);
        a.brief = Some(brief::findings(scenario, &a, options, options.text));
        // Findings over a budget spent while they were made are not kept.
        if spent().is_some() {
            a.brief = None;
        }
    }
    a
}

/// The zones that stand for issue values, with their measures.
pub fn ground_links(
    g: &detente_scenario::model::Geometry,
    report: &geometry::GeometryReport,
) -> Vec<packages::GroundLink> {
    g.zones
        .iter()
        .zip(&report.zones)
        .filter_map(|(z, r)| {
            let (issue, value) = z.issue.as_ref()?;
            let x = match value {
                detente_scenario::model::Value::Number(x) => *x,
                detente_scenario::model::Value::Option { index, .. } => *index as f64,
            };
            Some(packages::GroundLink {
                issue: issue.id.clone(),
                at: x,
                km2: r.measure.km2,
                people: r.measure.population as f64,
                zone: z.id.clone(),
            })
        })
        .collect()
}

impl Analysis {
    /// The findings as diagnostics on the scenario file.
    pub fn findings(&self, scenario: &Scenario) -> Vec<Diagnostic> {
        self.evidence.diagnostics(scenario)
    }
}

pub fn summary(s: &Scenario) -> Summary {
    use detente_scenario::format::Role;
    Summary {
        id: s.id.clone(),
        title: s.title.clone(),
        as_of: s.as_of.to_string(),
        actors: s.actors.len(),
        parties: s.actors.iter().filter(|a| a.role == Role::Party).count(),
        issues: s.issues.len(),
        positions: s.positions.len(),
        proposals: s.proposals.len(),
        claims: s.claims.len(),
        frameworks: s
            .frameworks
            .iter()
            .map(|f| {
                let count = |st: PointStatus| f.points.iter().filter(|p| p.status == st).count();
                FrameworkStatus {
                    id: f.id.clone(),
                    name: f.name.clone(),
                    points_total: f.points_total,
                    points_described: f.points.len(),
                    agreed: count(PointStatus::Agreed),
                    open: count(PointStatus::Open),
                    disputed: count(PointStatus::Disputed),
                }
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A spent budget stops the lenses it reaches and says so: no partial
    /// Monte Carlo, no packages or stability reported as results.
    #[test]
    fn a_spent_budget_stops_the_lenses_and_says_why() {
        let s = detente_scenario::load("berlin", detente_scenario::BERLIN_2025_12)
            .scenario
            .unwrap();
        let options = Options::default();
        options.budget.cancel.cancel();
        let a = analyze(&s, &options);
        assert!(a.packages.is_none());
        assert_eq!(
            a.packages_unavailable.as_deref(),
            Some("not run: the analysis was cancelled")
        );
        assert!(a.stability.is_none());
        assert!(a.stability_unavailable.is_some());
        for issue in &a.forecast.issues {
            assert!(issue.monte_carlo.is_none(), "{}", issue.id);
            assert!(
                issue
                    .skipped
                    .iter()
                    .any(|k| k.reason.contains("the analysis was cancelled")),
                "{}",
                issue.id
            );
        }
        // The same analysis with its budget unspent reports every lens.
        let full = analyze(&s, &Options::default());
        assert!(full.packages.is_some() && full.stability.is_some());
        assert!(full.forecast.issues.iter().all(|i| i.monte_carlo.is_some()));
    }
}
