//! A forecast model is one module and one registry entry: registered at run
//! time, it appears in the terminal, the report and the app with no other
//! change, and so does a model that forecasts every issue at once.

use std::sync::Arc;

use detente_analysis::forecast::{
    ForecastModel, ForecastOptions, ModelRun, Models, Problem, Registry, Scope,
};
use detente_analysis::{Options, analyze};
use detente_scenario::{BERLIN_2025_12, BERLIN_2025_12_NAME};

/// The midpoint of the two most extreme positions on each dimension.
struct Midrange;

impl ForecastModel for Midrange {
    fn id(&self) -> &str {
        "midrange"
    }
    fn label(&self) -> &str {
        "midrange"
    }
    fn about(&self, _: &Models) -> String {
        "midrange (midpoint of the extreme positions)".into()
    }
    fn forecast(&self, p: &Problem, _: &Models) -> Result<Vec<f64>, String> {
        Ok((0..p.dimensions.len())
            .map(|k| {
                let xs = p.actors.iter().map(|a| a.position[k]);
                let lo = xs.clone().fold(f64::INFINITY, f64::min);
                let hi = xs.fold(f64::NEG_INFINITY, f64::max);
                (lo + hi) / 2.0
            })
            .collect())
    }
}

/// Every issue at once: each at the middle of its scale, the issue number
/// recorded as the trajectory's one step (to see the issues arrive in
/// order).
struct Middle;

impl ForecastModel for Middle {
    fn id(&self) -> &str {
        "middle"
    }
    fn label(&self) -> &str {
        "middle of the scale"
    }
    fn about(&self, _: &Models) -> String {
        "middle of the scale (all issues at once)".into()
    }
    fn scope(&self) -> Scope {
        Scope::AcrossIssues
    }
    fn forecast(&self, _: &Problem, _: &Models) -> Result<Vec<f64>, String> {
        Err("forecasts every issue at once".into())
    }
    fn forecast_across(&self, issues: &[&Problem], _: &Models) -> Result<Vec<ModelRun>, String> {
        Ok(issues
            .iter()
            .map(|p| ModelRun {
                forecast: p.dimensions.iter().map(|d| (d.min + d.max) / 2.0).collect(),
                ..ModelRun::default()
            })
            .collect())
    }
}

fn registry() -> Registry {
    let mut r = Registry::default();
    r.register(Arc::new(Midrange)).register(Arc::new(Middle));
    r
}

#[test]
fn a_registered_model_reaches_the_terminal_the_report_and_the_app() {
    let loaded = detente_scenario::load(BERLIN_2025_12_NAME, BERLIN_2025_12);
    let scenario = loaded.scenario.as_ref().unwrap();
    let analysis = analyze(
        scenario,
        &Options {
            forecast: ForecastOptions {
                registry: registry(),
                runs: 20,
                ..ForecastOptions::default()
            },
            ..Options::default()
        },
    );
    // The analysis: territory runs from UA's 0 to RU's and the US's 100.
    let territory = &analysis.forecast.issues[0];
    assert_eq!(territory.id, "territory");
    let got = |id: &str| {
        territory
            .models
            .iter()
            .find(|m| m.model == id)
            .map(|m| m.forecast[0])
    };
    assert_eq!(got("midrange"), Some(50.0));
    assert_eq!(got("middle"), Some(50.0));
    let ids: Vec<&str> = analysis
        .forecast
        .models
        .iter()
        .map(|m| m.id.as_str())
        .collect();
    assert_eq!(
        ids,
        [
            "compromise",
            "median",
            "expected-utility",
            "smp",
            "midrange",
            "middle"
        ]
    );
    // An issue model gets Monte Carlo like the built-in ones.
    assert!(
        territory.monte_carlo.iter().flatten().any(
            |d| d.model == "midrange" && d.dimensions[0].as_ref().is_some_and(|s| s.runs == 20)
        )
    );

    // The terminal: a column of its own in the forecasts table.
    let text = detente_present::human::analyze(&loaded, scenario, &analysis, &[], false);
    let lines: Vec<&str> = text.lines().collect();
    let at = lines
        .iter()
        .position(|l| l.trim_start().starts_with("issue") && l.contains("compromise"))
        .expect("the forecasts table");
    let header = lines[at];
    let columns: Vec<&str> = header.split_whitespace().collect();
    assert_eq!(
        columns,
        [
            "issue",
            "compromise",
            "median",
            "expected-utility",
            "smp",
            "midrange",
            "middle"
        ]
    );
    let row = lines[at + 1];
    assert!(row.trim_start().starts_with("territory "), "{row}");
    assert!(row.trim_end().ends_with(" 50"), "{row}");

    // The brief counts it among the models where each issue lands.
    let brief = analysis.brief.as_ref().unwrap();
    for l in &brief.landings {
        let ids: Vec<&str> = l.models.iter().map(|m| m.model.as_str()).collect();
        assert!(
            ids.contains(&"midrange") && ids.contains(&"middle"),
            "{}: {ids:?}",
            l.issue
        );
    }

    // The report: its table row and its method note.
    let html = detente_report::html(scenario, &analysis);
    assert!(html.contains("midrange (midpoint of the extreme positions)"));
    assert!(html.contains("<tr><td>midrange</td><td class=\"n\">50</td>"));

    // The app: its answer lists the models the page makes columns of.
    let app = detente_server::AppState::new(detente_server::Config {
        path: None,
        imported_from: None,
        name: BERLIN_2025_12_NAME.into(),
        text: BERLIN_2025_12.into(),
        sources: None,
        geo_base: ".".into(),
        runs: 20,
        report_runs: 20,
        seed: 1,
        max_analysis: detente_server::MAX_ANALYSIS,
        forecast_models: registry(),
    });
    let (status, body) = app.analyse(BERLIN_2025_12);
    assert_eq!(status, 200);
    let j: serde_json::Value = serde_json::from_slice(&body).unwrap();
    let models: Vec<&str> = j["analysis"]["forecast"]["models"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["id"].as_str().unwrap())
        .collect();
    assert!(models.contains(&"midrange") && models.contains(&"middle"));
    let issue = &j["analysis"]["forecast"]["issues"][0]["models"];
    assert!(
        issue
            .as_array()
            .unwrap()
            .iter()
            .any(|m| m["model"] == "middle" && m["forecast"][0] == 50.0)
    );
    // The page lays out the summary the app sends, whose forecast columns
    // are the models that ran; it names no model of its own.
    let columns: Vec<&str> = j["view"][0]["blocks"][0]["columns"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["label"].as_str().unwrap())
        .collect();
    assert_eq!(
        columns,
        [
            "issue",
            "compromise",
            "median",
            "expected utility",
            "SMP",
            "midrange",
            "middle of the scale"
        ]
    );
    let page = include_str!("../../server/src/page.html");
    assert!(page.contains("for (const sec of S.view)"));
    assert!(!page.contains("\"expected-utility\"") && !page.contains("\"smp\""));
}
