//! The report's charts, one function per chart, each returning SVG.

use std::fmt::Write;

use detente_analysis::forecast::IssueForecast;
use detente_analysis::forecast::ModelInfo;
use detente_analysis::packages::PackagesReport;
use detente_analysis::stability::StabilityReport;

/// A model's label, from the models the forecast ran.
pub fn model_name<'a>(models: &'a [ModelInfo], id: &'a str) -> &'a str {
    models
        .iter()
        .find(|m| m.id == id)
        .map_or(id, |m| m.label.as_str())
}

use crate::svg::{PALETTE, Scale, esc, num, open, x_axis, y_axis};

/// One issue: actors on the scale (circle area ∝ capability, shade ∝
/// salience), the forecasts as ticks and their Monte Carlo 5–95% bands.
pub fn issue_positions(f: &IssueForecast, models: &[ModelInfo]) -> String {
    let (w, h) = (760.0, 150.0 + 16.0 * f.models.len() as f64);
    let d = &f.dimensions[0];
    let x = Scale::new(d.min, d.max, 60.0, w - 30.0);
    let mut s = open(w, h, &format!("Positions and forecasts on {}", f.name));
    let axis_y = 90.0;
    x_axis(
        &mut s,
        &x,
        axis_y,
        if d.options.is_some() {
            (d.max - d.min) as usize
        } else {
            10
        },
        1,
    );
    if let Some(opts) = &d.options {
        for (k, o) in opts.iter().enumerate() {
            let px = x.at(k as f64 + 1.0);
            let _ = write!(
                s,
                "<text x=\"{px:.1}\" y=\"{:.1}\" text-anchor=\"middle\" font-size=\"9\" fill=\"#555\">{}</text>",
                axis_y + 28.0,
                esc(&truncate(o, 28))
            );
        }
    }
    let cmax = f
        .actors
        .iter()
        .map(|a| a.capability)
        .fold(0.0, f64::max)
        .max(1e-9);
    // Stack actors at the same position upwards.
    let mut stack: Vec<(f64, usize)> = Vec::new();
    for a in &f.actors {
        let px = x.at(a.position[0]);
        let level = stack.iter().filter(|(p, _)| (p - px).abs() < 14.0).count();
        stack.push((px, level));
        let r = 3.0 + 9.0 * (a.capability / cmax).sqrt();
        let cy = axis_y - 12.0 - level as f64 * 18.0;
        let opacity = 0.2 + 0.8 * a.salience[0];
        let _ = write!(
            s,
            "<circle cx=\"{px:.1}\" cy=\"{cy:.1}\" r=\"{r:.1}\" fill=\"#0072B2\" fill-opacity=\"{opacity:.2}\" stroke=\"#0072B2\"><title>{}: position {}, salience {}, capability {}</title></circle><text x=\"{:.1}\" y=\"{:.1}\" font-size=\"9\">{}</text>",
            esc(&a.id),
            num(a.position[0], 2),
            num(a.salience[0], 2),
            num(a.capability, 2),
            px + r + 1.0,
            cy + 3.0,
            esc(&a.id)
        );
    }
    let mut y = axis_y + 42.0;
    for (k, m) in f.models.iter().enumerate() {
        let colour = PALETTE[(k + 1) % PALETTE.len()];
        if let Some(sum) = f
            .monte_carlo
            .iter()
            .flatten()
            .find(|d| d.model == m.model)
            .and_then(|d| d.dimensions[0].as_ref())
        {
            let (a, b) = (x.at(sum.quantiles[0]), x.at(sum.quantiles[4]));
            let _ = write!(
                s,
                "<rect x=\"{a:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"8\" fill=\"{colour}\" fill-opacity=\"0.25\"><title>Monte Carlo 5-95%: {} to {}</title></rect>",
                y - 4.0,
                (b - a).max(1.0),
                num(sum.quantiles[0], 2),
                num(sum.quantiles[4], 2)
            );
        }
        let px = x.at(m.forecast[0]);
        let _ = write!(
            s,
            "<line x1=\"{px:.1}\" y1=\"{:.1}\" x2=\"{px:.1}\" y2=\"{:.1}\" stroke=\"{colour}\" stroke-width=\"3\"/><text x=\"8\" y=\"{:.1}\" fill=\"{colour}\">{}</text><text x=\"{:.1}\" y=\"{:.1}\" font-size=\"9\" fill=\"{colour}\">{}</text>",
            y - 6.0,
            y + 6.0,
            y + 4.0,
            model_name(models, &m.model),
            px + 5.0,
            y + 4.0,
            num(m.forecast[0], 2)
        );
        y += 16.0;
    }
    s.push_str("</svg>");
    s
}

fn truncate(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        format!("{}…", s.chars().take(n - 1).collect::<String>())
    }
}

/// Every actor's position round by round, for one model.
pub fn trajectory(f: &IssueForecast, model: &ModelInfo) -> Option<String> {
    let m = f
        .models
        .iter()
        .find(|m| m.model == model.id && !m.trajectory.is_empty())?;
    let d = &f.dimensions[0];
    let (w, h) = (360.0, 200.0);
    let rounds = m.trajectory.len();
    let x = Scale::new(0.0, (rounds - 1).max(1) as f64, 40.0, w - 60.0);
    let y = Scale::new(d.min, d.max, h - 30.0, 15.0);
    let mut s = open(w, h, &format!("{} rounds on {}", model.label, f.name));
    x_axis(&mut s, &x, h - 30.0, (rounds - 1).clamp(1, 10), 0);
    y_axis(&mut s, &y, 40.0, 4, 1);
    for (k, a) in f.actors.iter().enumerate() {
        let colour = PALETTE[k % PALETTE.len()];
        let mut path = String::new();
        for (t, state) in m.trajectory.iter().enumerate() {
            if let Some(p) = state.get(&a.id) {
                let _ = write!(
                    path,
                    "{}{:.1},{:.1}",
                    if t == 0 { "M" } else { "L" },
                    x.at(t as f64),
                    y.at(p[0])
                );
            }
        }
        let last = m
            .trajectory
            .last()
            .and_then(|st| st.get(&a.id))
            .map_or(0.0, |p| p[0]);
        let _ = write!(
            s,
            "<path d=\"{path}\" fill=\"none\" stroke=\"{colour}\" stroke-width=\"1.5\"/><text x=\"{:.1}\" y=\"{:.1}\" font-size=\"9\" fill=\"{colour}\">{}</text>",
            w - 56.0,
            y.at(last) + 3.0,
            esc(&a.id)
        );
    }
    s.push_str("</svg>");
    Some(s)
}

/// Monte Carlo histograms of the forecasts, one step line per model.
pub fn distributions(f: &IssueForecast, models: &[ModelInfo]) -> Option<String> {
    let mc = f.monte_carlo.as_ref()?;
    let (w, h) = (360.0, 200.0);
    let d = &f.dimensions[0];
    let x = Scale::new(d.min, d.max, 40.0, w - 10.0);
    let top = mc
        .iter()
        .filter_map(|m| m.dimensions[0].as_ref())
        .flat_map(|s| s.histogram.counts.iter().map(|c| *c as f64 / s.runs as f64))
        .fold(0.0, f64::max)
        .max(1e-9);
    let y = Scale::new(0.0, top, h - 30.0, 15.0);
    let mut s = open(w, h, &format!("Monte Carlo distributions on {}", f.name));
    x_axis(&mut s, &x, h - 30.0, 5, 1);
    y_axis(&mut s, &y, 40.0, 4, 2);
    for (k, m) in mc.iter().enumerate() {
        let Some(sum) = m.dimensions[0].as_ref() else {
            continue;
        };
        let colour = PALETTE[(k + 1) % PALETTE.len()];
        let bins = sum.histogram.counts.len() as f64;
        let mut path = String::new();
        for (b, c) in sum.histogram.counts.iter().enumerate() {
            let v = *c as f64 / sum.runs as f64;
            let x0 = x.at(d.min + (d.max - d.min) * b as f64 / bins);
            let x1 = x.at(d.min + (d.max - d.min) * (b + 1) as f64 / bins);
            let _ = write!(
                path,
                "{}{x0:.1},{:.1}L{x1:.1},{:.1}",
                if b == 0 { "M" } else { "L" },
                y.at(v),
                y.at(v)
            );
        }
        let _ = write!(
            s,
            "<path d=\"{path}\" fill=\"none\" stroke=\"{colour}\" stroke-width=\"1.5\"/><text x=\"{:.1}\" y=\"{:.1}\" font-size=\"9\" fill=\"{colour}\">{}</text>",
            w - 100.0,
            20.0 + 11.0 * k as f64,
            model_name(models, &m.model)
        );
    }
    s.push_str("</svg>");
    Some(s)
}

/// The Pareto frontier of the first two parties, the reservation point,
/// the bargaining solutions and the tabled proposals.
pub fn frontier(p: &PackagesReport) -> String {
    let (w, h) = (520.0, 420.0);
    let all: Vec<&[f64]> = p
        .frontier
        .iter()
        .map(|q| q.utility.as_slice())
        .chain(p.proposals.iter().map(|q| q.utility.as_slice()))
        .chain(std::iter::once(p.reservation.as_slice()))
        .collect();
    let (mut x0, mut x1, mut y0, mut y1) = (
        f64::INFINITY,
        f64::NEG_INFINITY,
        f64::INFINITY,
        f64::NEG_INFINITY,
    );
    for u in &all {
        x0 = x0.min(u[0]);
        x1 = x1.max(u[0]);
        y0 = y0.min(u[1]);
        y1 = y1.max(u[1]);
    }
    let pad = |a: f64, b: f64| ((a - 0.05 * (b - a)).max(0.0), b + 0.05 * (b - a));
    let (x0, x1) = pad(x0, x1);
    let (y0, y1) = pad(y0, y1);
    let x = Scale::new(x0, x1, 50.0, w - 20.0);
    let y = Scale::new(y0, y1, h - 40.0, 20.0);
    let mut s = open(w, h, "Pareto frontier, solutions and proposals");
    x_axis(&mut s, &x, h - 40.0, 5, 2);
    y_axis(&mut s, &y, 50.0, 5, 2);
    let _ = write!(
        s,
        "<text x=\"{:.0}\" y=\"{:.0}\" text-anchor=\"middle\">utility of {}</text><text x=\"12\" y=\"{:.0}\" transform=\"rotate(-90 12 {:.0})\" text-anchor=\"middle\">utility of {}</text>",
        w / 2.0,
        h - 8.0,
        esc(&p.parties[0]),
        h / 2.0,
        h / 2.0,
        esc(&p.parties[1])
    );
    // Reservation lines: the zone of possible agreement is up and right.
    let (rx, ry) = (x.at(p.reservation[0]), y.at(p.reservation[1]));
    let _ = write!(
        s,
        "<line x1=\"{rx:.1}\" y1=\"{:.1}\" x2=\"{rx:.1}\" y2=\"{:.1}\" stroke=\"#999\" stroke-dasharray=\"4 3\"/><line x1=\"{:.1}\" y1=\"{ry:.1}\" x2=\"{:.1}\" y2=\"{ry:.1}\" stroke=\"#999\" stroke-dasharray=\"4 3\"/><text x=\"{:.1}\" y=\"{:.1}\" font-size=\"9\" fill=\"#666\">no agreement</text>",
        y.p0,
        y.p1,
        x.p0,
        x.p1,
        rx + 3.0,
        ry - 3.0
    );
    let mut path = String::new();
    let mut pts: Vec<&[f64]> = p.frontier.iter().map(|q| q.utility.as_slice()).collect();
    pts.sort_by(|a, b| a[0].total_cmp(&b[0]));
    for (k, u) in pts.iter().enumerate() {
        let _ = write!(
            path,
            "{}{:.1},{:.1}",
            if k == 0 { "M" } else { "L" },
            x.at(u[0]),
            y.at(u[1])
        );
        let _ = write!(
            s,
            "<circle cx=\"{:.1}\" cy=\"{:.1}\" r=\"2\" fill=\"#0072B2\"/>",
            x.at(u[0]),
            y.at(u[1])
        );
    }
    let _ = write!(
        s,
        "<path d=\"{path}\" fill=\"none\" stroke=\"#0072B2\" stroke-width=\"1\"/>"
    );
    let mut labels = Labels::default();
    // The "no agreement" label is placed already.
    labels
        .boxes
        .push((rx + 3.0, ry - 11.0, rx + 3.0 + 60.0, ry - 1.0));
    for (k, sol) in p.solutions.iter().enumerate() {
        let colour = PALETTE[(k + 1) % PALETTE.len()];
        for q in &sol.points {
            let (cx, cy) = (x.at(q.utility[0]), y.at(q.utility[1]));
            let (lx, ly) = labels.place(cx, cy, sol.concept.id());
            let _ = write!(
                s,
                "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"8\" height=\"8\" fill=\"{colour}\"><title>{}</title></rect><text x=\"{:.1}\" y=\"{:.1}\" font-size=\"9\" fill=\"{colour}\">{}</text>",
                cx - 4.0,
                cy - 4.0,
                sol.concept,
                lx,
                ly,
                sol.concept
            );
        }
    }
    for q in &p.proposals {
        let (cx, cy) = (x.at(q.utility[0]), y.at(q.utility[1]));
        let (lx, ly) = labels.place(cx, cy, &q.id);
        let _ = write!(
            s,
            "<path d=\"M{:.1},{:.1}l5,9h-10z\" fill=\"#D55E00\"><title>{}: {}</title></path><text x=\"{:.1}\" y=\"{:.1}\" font-size=\"9\" fill=\"#D55E00\">{}</text>",
            cx,
            cy - 5.0,
            esc(&q.id),
            esc(&q.name),
            lx,
            ly,
            esc(&q.id)
        );
    }
    s.push_str("</svg>");
    s
}

/// Labels of points in a chart, placed so that they do not overlap: each
/// takes the first spot around its point (right, above right, below right,
/// left, further up or down) that no earlier label covers.
#[derive(Default)]
struct Labels {
    /// Placed boxes: left, top, right, bottom.
    boxes: Vec<(f64, f64, f64, f64)>,
}

impl Labels {
    /// Where to write `text` (font size 9) for the point at (`cx`, `cy`):
    /// the text's baseline start.
    fn place(&mut self, cx: f64, cy: f64, text: &str) -> (f64, f64) {
        let w = 5.0 * text.chars().count() as f64;
        let h = 10.0;
        let spots = [
            (6.0, 3.0),
            (6.0, -6.0),
            (6.0, 12.0),
            (-6.0 - w, 3.0),
            (6.0, -16.0),
            (6.0, 22.0),
            (-6.0 - w, -8.0),
            (-6.0 - w, 14.0),
            (6.0, -26.0),
            (6.0, 32.0),
        ];
        let free = |x: f64, y: f64| {
            let b = (x, y - h + 2.0, x + w, y + 2.0);
            !self
                .boxes
                .iter()
                .any(|o| b.0 < o.2 && o.0 < b.2 && b.1 < o.3 && o.1 < b.3)
        };
        let (dx, dy) = spots
            .iter()
            .copied()
            .find(|&(dx, dy)| free(cx + dx, cy + dy))
            .unwrap_or(spots[0]);
        let (x, y) = (cx + dx, cy + dy);
        self.boxes.push((x, y - h + 2.0, x + w, y + 2.0));
        (x, y)
    }
}

/// The moves from the status quo to the equilibria it reaches, as a
/// layered graph (states left to right by the number of moves).
pub fn status_quo_paths(st: &StabilityReport) -> Option<String> {
    let sq = st.status_quo.as_ref()?;
    let mut layers: Vec<Vec<usize>> = vec![vec![sq.state]];
    let mut edges: Vec<(usize, usize, String)> = Vec::new();
    for p in &sq.reachable {
        let mut from = sq.state;
        for (k, detente_analysis::stability::Move { dm, to }) in p.moves.iter().enumerate() {
            if layers.len() <= k + 1 {
                layers.push(Vec::new());
            }
            if !layers.iter().any(|l| l.contains(to)) {
                layers[k + 1].push(*to);
            }
            if !edges.iter().any(|e| e.0 == from && e.1 == *to) {
                edges.push((from, *to, dm.clone()));
            }
            from = *to;
        }
    }
    let rows = layers.iter().map(Vec::len).max().unwrap_or(1).max(1);
    let (w, h) = (
        140.0 * layers.len() as f64 + 40.0,
        50.0 * rows as f64 + 40.0,
    );
    let pos = |state: usize| -> (f64, f64) {
        for (c, l) in layers.iter().enumerate() {
            if let Some(r) = l.iter().position(|s| *s == state) {
                return (40.0 + 140.0 * c as f64, 30.0 + 50.0 * r as f64);
            }
        }
        (0.0, 0.0)
    };
    let mut s = open(w, h, "Moves from the status quo");
    for (a, b, dm) in &edges {
        let ((x0, y0), (x1, y1)) = (pos(*a), pos(*b));
        let _ = write!(
            s,
            "<line x1=\"{:.1}\" y1=\"{y0:.1}\" x2=\"{:.1}\" y2=\"{y1:.1}\" stroke=\"#888\" marker-end=\"url(#arrow)\"/><text x=\"{:.1}\" y=\"{:.1}\" font-size=\"9\" text-anchor=\"middle\">{}</text>",
            x0 + 16.0,
            x1 - 18.0,
            (x0 + x1) / 2.0,
            (y0 + y1) / 2.0 - 4.0,
            esc(dm)
        );
    }
    s.push_str("<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"6\" markerHeight=\"6\" orient=\"auto\"><path d=\"M0,0L10,5L0,10z\" fill=\"#888\"/></marker></defs>");
    let eq: Vec<usize> = sq
        .reachable
        .iter()
        .filter(|p| !p.equilibrium.is_empty())
        .map(|p| p.state)
        .collect();
    for l in &layers {
        for &state in l {
            let (cx, cy) = pos(state);
            let fill = if state == sq.state {
                "#E69F00"
            } else if eq.contains(&state) {
                "#009E73"
            } else {
                "#fff"
            };
            let _ = write!(
                s,
                "<circle cx=\"{cx:.1}\" cy=\"{cy:.1}\" r=\"15\" fill=\"{fill}\" stroke=\"#333\"/><text x=\"{cx:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{state}</text>",
                cy + 4.0
            );
        }
    }
    s.push_str("</svg>");
    Some(s)
}

/// Every party's utility, one vertical axis per party (0 at the bottom, 1
/// at the top): each bargaining solution a coloured line, each tabled
/// proposal a grey one, no agreement dashed. With three or more parties a
/// frontier plot would squash them onto two; here each party is read on
/// its own axis.
pub fn party_axes(p: &PackagesReport) -> String {
    let n = p.parties.len();
    let (w, h) = (140.0 + 120.0 * n as f64, 300.0);
    let (top, bottom) = (30.0, h - 40.0);
    let y = Scale::new(0.0, 1.0, bottom, top);
    let x = |i: usize| 60.0 + 120.0 * i as f64;
    let mut out = open(w, h, "Every party's utility for each solution and proposal");
    for (i, party) in p.parties.iter().enumerate() {
        let _ = write!(
            out,
            "<line x1=\"{0:.1}\" y1=\"{top:.1}\" x2=\"{0:.1}\" y2=\"{bottom:.1}\" stroke=\"#555\"/><text x=\"{0:.1}\" y=\"{1:.1}\" text-anchor=\"middle\">{2}</text>",
            x(i),
            bottom + 18.0,
            esc(party)
        );
        for t in [0.0, 0.5, 1.0] {
            let _ = write!(
                out,
                "<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"9\" text-anchor=\"end\">{}</text>",
                x(i) - 4.0,
                y.at(t) + 3.0,
                num(t, 1)
            );
        }
    }
    let line = |out: &mut String, u: &[f64], style: &str, label: &str| {
        let pts: Vec<String> = u
            .iter()
            .enumerate()
            .map(|(i, v)| format!("{:.1},{:.1}", x(i), y.at(*v)))
            .collect();
        let _ = write!(
            out,
            "<polyline points=\"{}\" fill=\"none\" {style}><title>{}</title></polyline>",
            pts.join(" "),
            esc(label)
        );
    };
    line(
        &mut out,
        &p.reservation,
        "stroke=\"#000\" stroke-dasharray=\"4 3\"",
        &format!(
            "no agreement: {}",
            p.reservation
                .iter()
                .map(|v| num(*v, 3))
                .collect::<Vec<_>>()
                .join(" / ")
        ),
    );
    for q in &p.proposals {
        line(
            &mut out,
            &q.utility,
            "stroke=\"#999\" stroke-width=\"1\"",
            &format!(
                "{}: {}",
                q.id,
                q.utility
                    .iter()
                    .map(|v| num(*v, 3))
                    .collect::<Vec<_>>()
                    .join(" / ")
            ),
        );
    }
    for (k, s) in p.solutions.iter().enumerate() {
        let Some(pt) = s.points.first() else { continue };
        let colour = PALETTE[k % PALETTE.len()];
        line(
            &mut out,
            &pt.utility,
            &format!("stroke=\"{colour}\" stroke-width=\"2\""),
            &format!(
                "{}: {}",
                s.concept,
                pt.utility
                    .iter()
                    .map(|v| num(*v, 3))
                    .collect::<Vec<_>>()
                    .join(" / ")
            ),
        );
        let last = pt.utility.len().saturating_sub(1);
        let _ = write!(
            out,
            "<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"9\" fill=\"{colour}\">{}</text>",
            x(last) + 6.0,
            y.at(pt.utility[last]) + 3.0 + 10.0 * k as f64 - 20.0,
            s.concept
        );
    }
    out.push_str("</svg>");
    out
}

#[cfg(test)]
mod label_tests {
    use super::Labels;

    #[test]
    fn labels_of_close_points_do_not_overlap() {
        let mut l = Labels::default();
        for (k, text) in [
            "ru-withdrawal-demand",
            "us-buffer-zone",
            "nash",
            "kalai-smorodinsky",
        ]
        .iter()
        .enumerate()
        {
            l.place(100.0 + k as f64, 100.0 - k as f64, text);
        }
        for (i, a) in l.boxes.iter().enumerate() {
            for b in &l.boxes[i + 1..] {
                let overlap = a.0 < b.2 && b.0 < a.2 && a.1 < b.3 && b.1 < a.3;
                assert!(!overlap, "{a:?} and {b:?}");
            }
        }
    }
}
