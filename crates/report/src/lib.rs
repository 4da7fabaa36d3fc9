//! The HTML report: every lens of an [`Analysis`] in one self-contained
//! page (inline CSS and SVG; no script, font, image or network request), so
//! it can be mailed, archived and printed as it is.
//!
//! The report renders the same `Analysis` that `--format json` prints, so
//! the page and the JSON cannot disagree. Charts live in [`charts`], built
//! from the primitives in [`svg`].

pub mod charts;
pub mod svg;

use std::fmt::Write;

use detente_analysis::Analysis;
use detente_scenario::Scenario;
use detente_scenario::evidence::{QuoteStatus, Supports};
use detente_scenario::model::Value;

use crate::svg::{esc, num};

/// The report's style sheet (the web app uses it for the same sections).
pub const CSS: &str = "
body{font-family:system-ui,-apple-system,Segoe UI,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222;line-height:1.4}
h1{font-size:1.7em;margin-bottom:.2em} h2{border-bottom:2px solid #0072B2;padding-bottom:.2em;margin-top:2em}
h3{margin-top:1.5em} table{border-collapse:collapse;margin:.6em 0;font-size:.9em}
th,td{border:1px solid #ccc;padding:.25em .5em;text-align:left;vertical-align:top} th{background:#f1f4f8}
td.n{text-align:right;font-variant-numeric:tabular-nums} .muted{color:#666;font-size:.9em}
.flag{color:#b00;font-weight:bold} .ok{color:#060} .charts{display:flex;flex-wrap:wrap;gap:1em}
figure{margin:.5em 0} figcaption{font-size:.85em;color:#555} nav a{margin-right:1em}
svg{max-width:100%;height:auto}
@media print{body{margin:0;max-width:none} nav{display:none} h2{page-break-before:always} #brief h2{page-break-before:auto} figure,table{page-break-inside:avoid}}
";

/// The report as one HTML document.
pub fn html(s: &Scenario, a: &Analysis) -> String {
    let mut h = String::new();
    let _ = write!(
        h,
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width,initial-scale=1\"><title>{}</title><style>{CSS}</style></head><body>",
        esc(&s.title)
    );
    let _ = write!(
        h,
        "<h1>{}</h1><p class=\"muted\">Scenario <code>{}</code>, as of {}. {} actors ({} parties), {} issues, {} positions, {} proposals.</p>",
        esc(&s.title),
        esc(&s.id),
        s.as_of,
        a.summary.actors,
        a.summary.parties,
        a.summary.issues,
        a.summary.positions,
        a.summary.proposals
    );
    if let Some(d) = &s.description {
        let _ = write!(h, "<p>{}</p>", esc(d.trim()));
    }
    // The brief first, in the words every front end uses.
    if let Some(f) = &a.brief {
        h.push_str(&detente_present::brief::html(
            &detente_present::brief::brief(s, f),
        ));
    }
    h.push_str("<nav>");
    for (id, title, _) in SECTIONS {
        let _ = write!(h, "<a href=\"#{id}\">{title}</a>");
    }
    h.push_str("</nav>");
    for (_, _, html) in sections(s, a) {
        h.push_str(&html);
    }
    let _ = writeln!(
        h,
        "<p class=\"muted\">Made by detente {} from the same analysis as <code>detente analyze --format json</code>.</p></body></html>",
        env!("CARGO_PKG_VERSION")
    );
    h
}

type Render = fn(&mut String, &Scenario, &Analysis);

/// The report's sections, in order: id, title, renderer.
const SECTIONS: [(&str, &str, Render); 5] = [
    ("forecast", "Forecasts", |h, _, a| forecasts(h, a)),
    ("packages", "Packages", |h, _, a| packages(h, a)),
    ("stability", "Stability", |h, _, a| stability(h, a)),
    ("geometry", "Geometry", |h, _, a| geometry(h, a)),
    ("evidence", "Evidence", evidence),
];

/// Each section of the report as an HTML fragment (id, title, HTML), so
/// the web app can show the very charts and tables the report prints.
pub fn sections(s: &Scenario, a: &Analysis) -> Vec<(&'static str, &'static str, String)> {
    SECTIONS
        .iter()
        .map(|(id, title, render)| {
            let mut h = String::new();
            render(&mut h, s, a);
            (*id, *title, h)
        })
        .collect()
}

fn forecasts(h: &mut String, a: &Analysis) {
    let r = &a.forecast;
    let _ = write!(
        h,
        "<h2 id=\"forecast\">Forecasts</h2><p class=\"muted\">Per issue: actors on the scale (circle area by capability, shade by salience) and each model's forecast; bands are the 5–95% range of {} Monte Carlo runs over the stated uncertainties (seed {}). Models: {}.</p>",
        r.runs,
        r.seed,
        esc(&r
            .models
            .iter()
            .map(|m| m.about.as_str())
            .collect::<Vec<_>>()
            .join(", "))
    );
    for f in &r.issues {
        let _ = write!(
            h,
            "<h3>{} <span class=\"muted\">({})</span></h3>",
            esc(&f.name),
            esc(&f.id)
        );
        let _ = write!(
            h,
            "<figure>{}</figure>",
            charts::issue_positions(f, &r.models)
        );
        h.push_str("<table><tr><th>model</th><th>forecast</th><th>option</th><th>mean</th><th>5%</th><th>50%</th><th>95%</th></tr>");
        for m in &f.models {
            let mc = f
                .monte_carlo
                .iter()
                .flatten()
                .find(|d| d.model == m.model)
                .and_then(|d| d.dimensions[0].as_ref());
            let cell = |v: Option<f64>| v.map_or("–".into(), |x| num(x, 2));
            let _ = write!(
                h,
                "<tr><td>{}</td><td class=\"n\">{}</td><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
                esc(charts::model_name(&r.models, &m.model)),
                num(m.forecast[0], 2),
                esc(m.option.as_deref().unwrap_or("")),
                cell(mc.map(|s| s.mean)),
                cell(mc.map(|s| s.quantiles[0])),
                cell(mc.map(|s| s.quantiles[2])),
                cell(mc.map(|s| s.quantiles[4]))
            );
        }
        h.push_str("</table>");
        for sk in &f.skipped {
            let _ = write!(
                h,
                "<p class=\"muted\">{} not run: {}</p>",
                esc(charts::model_name(&r.models, &sk.model)),
                esc(&sk.reason)
            );
        }
        h.push_str("<div class=\"charts\">");
        for model in &r.models {
            let Some(caption) = &model.trajectory else {
                continue;
            };
            if let Some(svg) = charts::trajectory(f, model) {
                let _ = write!(
                    h,
                    "<figure>{svg}<figcaption>{caption}: every actor's position</figcaption></figure>"
                );
            }
        }
        if let Some(svg) = charts::distributions(f, &r.models) {
            let _ = write!(
                h,
                "<figure>{svg}<figcaption>Monte Carlo distributions of the forecasts</figcaption></figure>"
            );
        }
        h.push_str("</div>");
    }
}

fn packages(h: &mut String, a: &Analysis) {
    h.push_str("<h2 id=\"packages\">Packages</h2>");
    let Some(p) = &a.packages else {
        let _ = write!(
            h,
            "<p>Not available: {}</p>",
            esc(a.packages_unavailable.as_deref().unwrap_or("no parties"))
        );
        return;
    };
    let zopa = p.zopa.share.map_or("not counted".into(), |s| {
        format!("{:.1}% of {} packages", 100.0 * s, p.outcomes)
    });
    let _ = write!(
        h,
        "<p>Parties: {}. No agreement is worth {}. Zone of possible agreement: {zopa}. Pareto frontier: {} utility vectors, {} acceptable to all.</p>",
        esc(&p.parties.join(", ")),
        p.parties
            .iter()
            .zip(&p.reservation)
            .map(|(q, r)| format!("{} {}", esc(q), num(*r, 3)))
            .collect::<Vec<_>>()
            .join(", "),
        p.frontier_size,
        p.rational_frontier
    );
    if p.parties.len() >= 3 {
        // One axis per party: a frontier plot would show two of them.
        let _ = write!(
            h,
            "<figure>{}<figcaption>One axis per party (utility 0 to 1): bargaining solutions (coloured), tabled proposals (grey); dashed: no agreement.</figcaption></figure>",
            charts::party_axes(p)
        );
    } else {
        let _ = write!(
            h,
            "<figure>{}<figcaption>Frontier (blue), bargaining solutions (squares), tabled proposals (triangles); dashed: no agreement.</figcaption></figure>",
            charts::frontier(p)
        );
    }
    h.push_str("<table><tr><th>solution</th><th>utilities</th><th>package</th></tr>");
    for s in &p.solutions {
        match (&s.undefined, s.points.first()) {
            (Some(why), _) => {
                let _ = write!(
                    h,
                    "<tr><td>{}</td><td colspan=\"2\">undefined: {}</td></tr>",
                    s.concept,
                    esc(why)
                );
            }
            (None, Some(q)) => {
                let _ = write!(
                    h,
                    "<tr><td>{}<br><span class=\"muted\">{}</span></td><td class=\"n\">{}</td><td>{}</td></tr>",
                    s.concept,
                    esc(&s.rule),
                    q.utility
                        .iter()
                        .map(|u| num(*u, 3))
                        .collect::<Vec<_>>()
                        .join(" / "),
                    package_cell(q.packages.first())
                );
            }
            _ => {}
        }
    }
    h.push_str("</table><h3>Tabled proposals</h3><table><tr><th>proposal</th><th>gain over no agreement</th><th>verdict</th><th>nearest better package</th></tr>");
    for q in &p.proposals {
        let gains = p
            .parties
            .iter()
            .zip(&q.gain)
            .map(|(n, g)| format!("{} {:+.3}", esc(n), g))
            .collect::<Vec<_>>()
            .join(", ");
        // The words are the presentation crate's; the report adds only
        // its emphasis (good news green, bad news flagged).
        let words = detente_present::words::proposal_verdict(q.rational, q.dominated);
        let verdict = match (q.rational, q.dominated) {
            (true, false) => format!("<span class=\"ok\">{words}</span>"),
            (false, true) => format!("<span class=\"flag\">{words}</span>"),
            _ => words.to_owned(),
        };
        let changes = q
            .changes
            .iter()
            .map(|c| format!("{}: {} → {}", esc(&c.issue), esc(&c.from), esc(&c.to)))
            .collect::<Vec<_>>()
            .join("<br>");
        let ground = q
            .package
            .ground
            .iter()
            .map(|g| {
                format!(
                    "<br><span class=\"muted\">{} = {}: {} km², {} people</span>",
                    esc(&g.issue),
                    esc(&g.value),
                    num(g.km2, 0),
                    num(g.people, 0)
                )
            })
            .collect::<String>();
        let _ = write!(
            h,
            "<tr><td>{}<br><span class=\"muted\">{}</span>{ground}</td><td>{gains}</td><td>{verdict}</td><td>{changes}</td></tr>",
            esc(&q.id),
            esc(&q.name)
        );
    }
    h.push_str("</table>");
    if !p.logrolls.is_empty() {
        h.push_str("<h3>Logrolls</h3><table><tr><th>trade</th><th>gains</th></tr>");
        for l in p.logrolls.iter().take(10) {
            let _ = write!(
                h,
                "<tr><td>{} gets {} = {}; {} gets {} = {}</td><td class=\"n\">{:+.3} / {:+.3}</td></tr>",
                esc(&l.party_a),
                esc(&l.issue_a),
                esc(&l.value_a),
                esc(&l.party_b),
                esc(&l.issue_b),
                esc(&l.value_b),
                l.gain_a,
                l.gain_b
            );
        }
        h.push_str("</table>");
    }
}

fn package_cell(p: Option<&detente_analysis::packages::Package>) -> String {
    p.map_or(String::new(), |p| {
        p.values
            .iter()
            .map(|v| format!("{}: {}", esc(&v.issue), esc(&v.value)))
            .collect::<Vec<_>>()
            .join("; ")
    })
}

fn stability(h: &mut String, a: &Analysis) {
    h.push_str("<h2 id=\"stability\">Stability (Graph Model for Conflict Resolution)</h2>");
    let Some(st) = &a.stability else {
        match &a.stability_unavailable {
            Some(why) => {
                let _ = write!(h, "<p>Not available: {}.</p>", esc(why));
            }
            None => h.push_str("<p>The scenario has no [conflict].</p>"),
        }
        return;
    };
    h.push_str("<table><tr><th>concept</th><th>equilibria (state numbers)</th></tr>");
    for (c, states) in &st.equilibria {
        let _ = write!(
            h,
            "<tr><td>{}</td><td>{}</td></tr>",
            c.name(),
            states
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    h.push_str("</table><table><tr><th>option</th><th>decision maker</th><th>name</th></tr>");
    for o in &st.options {
        let _ = write!(
            h,
            "<tr><td>{}</td><td>{}</td><td>{}</td></tr>",
            esc(&o.id),
            esc(&o.dm),
            esc(&o.name)
        );
    }
    h.push_str("</table>");
    let eq: Vec<&detente_analysis::stability::StateRow> = st
        .states
        .iter()
        .filter(|r| !r.equilibrium.is_empty())
        .collect();
    if !eq.is_empty() {
        h.push_str("<table><tr><th>state</th><th>options (Y/N, in the order above)</th><th>equilibrium under</th></tr>");
        for r in eq {
            let _ = write!(
                h,
                "<tr><td class=\"n\">{}</td><td><code>{}</code></td><td>{}</td></tr>",
                r.number,
                esc(&r.options),
                detente_present::words::concepts(&r.equilibrium, ", ")
            );
        }
        h.push_str("</table>");
    }
    if let Some(svg) = charts::status_quo_paths(st) {
        let _ = write!(
            h,
            "<figure>{svg}<figcaption>From the status quo (orange) by unilateral improvements to the equilibria it reaches (green); edges name the mover.</figcaption></figure>"
        );
    }
}

fn geometry(h: &mut String, a: &Analysis) {
    h.push_str("<h2 id=\"geometry\">Geometry</h2>");
    let Some(g) = &a.geometry else {
        let _ = write!(
            h,
            "<p>Not available: {}</p>",
            esc(a
                .geometry_unavailable
                .as_deref()
                .unwrap_or("the scenario has no [geometry]"))
        );
        return;
    };
    let _ = write!(
        h,
        "<p>Contact line{}: {} km.</p>",
        g.date
            .as_deref()
            .map_or(String::new(), |d| format!(" on {d}")),
        num(g.line_km, 0)
    );
    let _ = write!(
        h,
        "<figure>{}<figcaption>{}</figcaption></figure>",
        g.map_svg,
        esc(g.attribution.as_deref().unwrap_or(""))
    );
    if !g.regions.is_empty() {
        let _ = write!(
            h,
            "<table><tr><th>region</th><th>area km²</th><th>{o} km²</th><th>{} km²</th><th>{} %</th></tr>",
            esc(&detente_present::words::held_side(g)),
            esc(&detente_present::words::occupied_share_heading(g)),
            o = esc(&detente_present::words::occupied_side(g)),
        );
        for r in &g.regions {
            let share = if r.km2 > 0.0 {
                detente_present::words::occupied_share(r.occupied_km2, r.km2)
            } else {
                "–".into()
            };
            let _ = write!(
                h,
                "<tr><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{share}</td></tr>",
                esc(&r.name),
                num(r.km2, 0),
                num(r.occupied_km2, 0),
                num(r.held_km2, 0)
            );
        }
        h.push_str("</table>");
    }
    let _ = write!(
        h,
        "<table><tr><th>zone</th><th>area km²</th><th>{}</th><th>{}</th><th>places</th><th>people (pre-war)</th><th>largest places</th></tr>",
        esc(&detente_present::words::occupied_side(g)),
        esc(&detente_present::words::held_side(g)),
    );
    for z in &g.zones {
        let top = z
            .measure
            .places
            .iter()
            .take(4)
            .map(|p| format!("{} {}", esc(&p.name), p.population))
            .collect::<Vec<_>>()
            .join(", ");
        let _ = write!(
            h,
            "<tr><td>{}{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td>{top}</td></tr>",
            esc(&z.zone.name),
            if z.zone.grey {
                " <span class=\"muted\">(grey zone)</span>"
            } else {
                ""
            },
            num(z.measure.km2, 0),
            num(z.measure.occupied_km2, 0),
            num(z.measure.held_km2, 0),
            z.measure.places.len(),
            z.measure.population
        );
    }
    h.push_str("</table>");
    for c in &g.changes {
        let _ = write!(
            h,
            "<p>Since {}: {} km² newly occupied, {} km² no longer.</p>",
            esc(&c.since),
            num(c.gained_km2, 0),
            num(c.lost_km2, 0)
        );
    }
}

fn evidence(h: &mut String, s: &Scenario, a: &Analysis) {
    let e = &a.evidence;
    let _ = write!(
        h,
        "<h2 id=\"evidence\">Evidence</h2><p>{} of {} positions rest on quotes; the others are analyst estimates with a rationale. {}</p>",
        e.coverage.positions_quoted,
        e.coverage.positions,
        if e.sources_checked {
            "Quotes were checked against the source texts."
        } else {
            "<span class=\"flag\">Quotes were not checked against the source texts (run with --sources DIR).</span>"
        }
    );
    for c in &e.contradictions {
        let _ = write!(
            h,
            "<p class=\"flag\">Contradiction on {}: “{}” ({}) vs “{}” ({})</p>",
            esc(&c.quantity),
            esc(&c.first.quote),
            esc(&c.first.source),
            esc(&c.second.quote),
            esc(&c.second.source)
        );
    }
    h.push_str("<table><tr><th>input</th><th>value</th><th>source and quote</th></tr>");
    let status = |supports: &Supports, quote: &str| -> &'static str {
        match e
            .quotes
            .iter()
            .find(|q| q.supports == *supports && q.quote == quote)
            .map(|q| &q.status)
        {
            Some(QuoteStatus::Verified { .. }) => "<span class=\"ok\">✓ verified</span>",
            Some(QuoteStatus::NotFound { .. }) => {
                "<span class=\"flag\">✗ not found in the source</span>"
            }
            Some(QuoteStatus::Unavailable { .. }) => {
                "<span class=\"flag\">source text unavailable</span>"
            }
            _ => "<span class=\"muted\">not checked</span>",
        }
    };
    for p in &s.positions {
        let value = match &p.at {
            Value::Number(x) => num(*x, 2),
            Value::Option { label, .. } => esc(label),
        };
        let supports = Supports::Position {
            actor: p.actor.id.clone(),
            issue: p.issue.id.clone(),
        };
        let mut cell = p
            .evidence
            .quotes
            .iter()
            .map(|q| {
                format!(
                    "<b>{}</b>: “{}” {}",
                    esc(&q.source.id),
                    esc(&q.text),
                    status(&supports, &q.text)
                )
            })
            .collect::<Vec<_>>()
            .join("<br>");
        if p.evidence.estimate {
            let _ = write!(
                cell,
                "{}<i>analyst estimate</i>: {}",
                if cell.is_empty() { "" } else { "<br>" },
                esc(p.evidence.rationale.as_deref().unwrap_or(""))
            );
        }
        let _ = write!(
            h,
            "<tr><td>{} on {}</td><td>{value}, salience {}</td><td>{cell}</td></tr>",
            esc(&p.actor.id),
            esc(&p.issue.id),
            num(p.salience, 2)
        );
    }
    h.push_str("</table>");
    let others: Vec<_> = e
        .quotes
        .iter()
        .filter(|q| !matches!(q.supports, Supports::Position { .. }))
        .collect();
    if !others.is_empty() {
        h.push_str("<h3>Other quoted inputs</h3><table><tr><th>supports</th><th>source and quote</th></tr>");
        for q in others {
            let _ = write!(
                h,
                "<tr><td>{}</td><td><b>{}</b>: “{}” {}</td></tr>",
                esc(&q.supports.to_string()),
                esc(&q.source),
                esc(&q.quote),
                status(&q.supports, &q.quote)
            );
        }
        h.push_str("</table>");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The built-in scenario's report is one self-contained document with a
    /// chart for every lens that ran and no external reference.
    #[test]
    fn builtin_report_is_self_contained() {
        let loaded = detente_scenario::load("berlin", detente_scenario::BERLIN_2025_12);
        let s = loaded.scenario.unwrap();
        let a = detente_analysis::analyze(
            &s,
            &detente_analysis::Options {
                forecast: detente_analysis::forecast::ForecastOptions {
                    runs: 20,
                    ..Default::default()
                },
                ..Default::default()
            },
        );
        let page = html(&s, &a);
        assert!(page.starts_with("<!doctype html>"));
        for section in [
            "id=\"forecast\"",
            "id=\"packages\"",
            "id=\"stability\"",
            "id=\"evidence\"",
        ] {
            assert!(page.contains(section), "{section}");
        }
        assert!(
            page.matches("<svg").count() >= 20,
            "{}",
            page.matches("<svg").count()
        );
        for external in ["http://", "https://", "<script", "<link", "src="] {
            let hits: Vec<_> = page
                .match_indices(external)
                .filter(|(i, _)| !page[..*i].ends_with("xmlns=\""))
                .collect();
            assert!(
                hits.is_empty(),
                "external reference `{external}` in the report"
            );
        }
        assert!(page.contains("@media print"));
    }
}
