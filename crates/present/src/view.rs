//! The app's summary as data: sections of sentences and tables in which
//! every cell is already words and formatted numbers, so the page lays
//! them out and decides nothing. A cell the page compares across analyses
//! (a forecast, to show what an edit changed) carries a key, its value and
//! the decimals it is shown with.

use detente_analysis::Analysis;
use serde::Serialize;

use crate::words::{number, proposal_verdict};

/// One section of the summary.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Section {
    pub id: &'static str,
    pub title: String,
    pub blocks: Vec<Block>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Block {
    /// A sentence; `key` names it for the page (and its tests).
    Text {
        text: String,
        #[serde(skip_serializing_if = "Option::is_none")]
        key: Option<String>,
        /// A side remark, shown muted.
        #[serde(default)]
        aside: bool,
    },
    Table(Table),
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Table {
    pub columns: Vec<Column>,
    pub rows: Vec<Vec<Cell>>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Column {
    pub label: String,
    /// Numbers, aligned right.
    pub numeric: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Cell {
    pub text: String,
    /// Names the cell across analyses (`fc-territory-smp`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
    /// The number shown, for cells the page compares across analyses.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<f64>,
    /// The decimals it is shown with (and a change of it).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub digits: Option<usize>,
}

impl Cell {
    fn text(text: impl Into<String>) -> Cell {
        Cell {
            text: text.into(),
            key: None,
            value: None,
            digits: None,
        }
    }

    fn keyed(text: impl Into<String>, key: String) -> Cell {
        Cell {
            key: Some(key),
            ..Cell::text(text)
        }
    }
}

fn column(label: impl Into<String>, numeric: bool) -> Column {
    Column {
        label: label.into(),
        numeric,
    }
}

fn text(t: impl Into<String>) -> Block {
    Block::Text {
        text: t.into(),
        key: None,
        aside: false,
    }
}

/// The summary the app shows above the report's figures: each issue's
/// forecast by every model that ran, the bargaining solutions and tabled
/// proposals, the equilibria, and the evidence coverage; a side remark
/// names the forecast's own Monte Carlo count.
pub fn summary(a: &Analysis) -> Vec<Section> {
    let mut out = Vec::new();
    let f = &a.forecast;
    let mut columns = vec![column("issue", false)];
    columns.extend(f.models.iter().map(|m| column(m.label.clone(), true)));
    let rows = f
        .issues
        .iter()
        .map(|issue| {
            let mut row = vec![Cell::text(issue.id.clone())];
            for m in &f.models {
                row.push(match issue.models.iter().find(|r| r.model == m.id) {
                    Some(r) => Cell {
                        text: number(r.forecast[0], 2),
                        key: Some(format!("fc-{}-{}", issue.id, m.id)),
                        value: Some(r.forecast[0]),
                        digits: Some(2),
                    },
                    None => Cell::keyed("–", format!("fc-{}-{}", issue.id, m.id)),
                });
            }
            row
        })
        .collect();
    out.push(Section {
        id: "forecasts",
        title: "Forecasts".into(),
        blocks: vec![
            Block::Table(Table { columns, rows }),
            Block::Text {
                text: format!(
                    "{} Monte Carlo runs per issue in the app; the report and the CLI use more. Small figures: change from the saved scenario.",
                    f.runs
                ),
                key: None,
                aside: true,
            },
        ],
    });
    if let Some(p) = &a.packages {
        let zopa = p.zopa.share.map_or("not counted".to_owned(), |s| {
            format!("{}%", number(100.0 * s, 1))
        });
        let solutions = p
            .solutions
            .iter()
            .map(|s| {
                let u = match (&s.undefined, s.points.first()) {
                    (Some(why), _) => why.clone(),
                    (None, Some(pt)) => pt
                        .utility
                        .iter()
                        .map(|u| number(*u, 3))
                        .collect::<Vec<_>>()
                        .join(" / "),
                    (None, None) => "–".into(),
                };
                vec![Cell::text(s.concept.id()), Cell::text(u)]
            })
            .collect();
        let proposals = p
            .proposals
            .iter()
            .map(|q| {
                let gains = q
                    .gain
                    .iter()
                    .map(|g| format!("{}{}", if *g >= 0.0 { "+" } else { "" }, number(*g, 3)))
                    .collect::<Vec<_>>()
                    .join(" / ");
                vec![
                    Cell::text(q.id.clone()),
                    Cell::text(gains),
                    Cell::text(proposal_verdict(q.rational, q.dominated)),
                ]
            })
            .collect();
        out.push(Section {
            id: "packages",
            title: format!("Packages ({})", p.parties.join(", ")),
            blocks: vec![
                Block::Text {
                    text: format!(
                        "Zone of possible agreement: {zopa}; frontier {} vectors.",
                        p.frontier_size
                    ),
                    key: Some("zopa".into()),
                    aside: false,
                },
                Block::Table(Table {
                    columns: vec![column("solution", false), column("utilities", true)],
                    rows: solutions,
                }),
                Block::Table(Table {
                    columns: vec![
                        column("proposal", false),
                        column("gain over no agreement", true),
                        column("verdict", false),
                    ],
                    rows: proposals,
                }),
            ],
        });
    } else if let Some(why) = &a.packages_unavailable {
        out.push(Section {
            id: "packages",
            title: "Packages".into(),
            blocks: vec![text(format!("Not available: {why}."))],
        });
    }
    if let Some(st) = &a.stability {
        let rows = st
            .equilibria
            .iter()
            .map(|(c, states)| {
                let list = states
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join(", ");
                vec![
                    Cell::text(c.name()),
                    Cell::keyed(
                        if list.is_empty() { "none".into() } else { list },
                        format!("eq-{}", c.name()),
                    ),
                ]
            })
            .collect();
        out.push(Section {
            id: "stability",
            title: "Stability".into(),
            blocks: vec![Block::Table(Table {
                columns: vec![column("concept", false), column("equilibria", false)],
                rows,
            })],
        });
    } else if let Some(why) = &a.stability_unavailable {
        out.push(Section {
            id: "stability",
            title: "Stability".into(),
            blocks: vec![text(format!("Not available: {why}."))],
        });
    }
    let e = &a.evidence.coverage;
    out.push(Section {
        id: "evidence",
        title: "Evidence".into(),
        blocks: vec![text(format!(
            "{} of {} positions quoted.",
            e.positions_quoted, e.positions
        ))],
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_summary_of_the_builtin_scenario() {
        let s = detente_scenario::load("b", detente_scenario::BERLIN_2025_12)
            .scenario
            .unwrap();
        let options = detente_analysis::Options {
            forecast: detente_analysis::forecast::ForecastOptions {
                runs: 10,
                ..Default::default()
            },
            ..Default::default()
        };
        let a = detente_analysis::analyze(&s, &options);
        let v = summary(&a);
        let ids: Vec<&str> = v.iter().map(|s| s.id).collect();
        assert_eq!(ids, ["forecasts", "packages", "stability", "evidence"]);
        let Block::Table(t) = &v[0].blocks[0] else {
            panic!("the forecasts table")
        };
        let labels: Vec<&str> = t.columns.iter().map(|c| c.label.as_str()).collect();
        assert_eq!(
            labels,
            ["issue", "compromise", "median", "expected utility", "SMP"]
        );
        // Territory: compromise 65.27, as every other front end shows it.
        let cell = &t.rows[0][1];
        assert_eq!(cell.text, "65.27");
        assert_eq!(cell.key.as_deref(), Some("fc-territory-compromise"));
        let Block::Table(p) = &v[1].blocks[2] else {
            panic!("the proposals table")
        };
        assert_eq!(p.rows[1][2].text, "acceptable to all, but dominated");
        let Block::Table(st) = &v[2].blocks[0] else {
            panic!("the equilibria")
        };
        assert_eq!(st.rows[0][0].text, "Nash");
        assert_eq!(st.rows[0][1].text, "38, 48, 49, 53, 59, 63");
    }

    /// With three or more parties the brief names every party's gain and
    /// never says "both" (GENIUS party domain, three of its profiles).
    #[test]
    fn the_brief_names_every_party() {
        use std::path::{Path, PathBuf};
        let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../../shared/data/negotiation-domains/genius-templates/partydomain");
        let profiles: Vec<PathBuf> = [
            "party1_utility.xml",
            "party2_utility.xml",
            "party3_utility.xml",
        ]
        .iter()
        .map(PathBuf::from)
        .collect();
        let input = detente_analysis::input::open(detente_analysis::input::Request {
            path: Some(&dir),
            profiles: &profiles,
            budget: &[],
        })
        .unwrap();
        let loaded = detente_analysis::input::as_scenario(input, "2026-01-01", &[]).unwrap();
        let a = detente_analysis::analyze(
            loaded.scenario.as_ref().unwrap(),
            &detente_analysis::Options::default(),
        );
        let s = loaded.scenario.as_ref().unwrap();
        let b = crate::brief::brief(s, a.brief.as_ref().unwrap());
        let deal = b.sections.iter().find(|x| x.id == "deal").unwrap();
        for p in ["party1_utility", "party2_utility", "party3_utility"] {
            assert!(deal.lines[0].contains(p), "{p}: {}", deal.lines[0]);
        }
        assert!(!deal.lines.iter().any(|l| l.contains("both")));
    }
}
