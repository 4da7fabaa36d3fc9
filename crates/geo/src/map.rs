//! An SVG map of the front: regions, the occupied area, the contact line,
//! the zones and the largest towns. Self-contained (no fonts or tiles to
//! fetch), for the terminal's `--map` and the HTML report.
//!
//! Drawn in the local transverse Mercator frame (north up, true
//! distances), after simplifying every shape to [`SIMPLIFY_M`] so that the
//! file stays small.

use std::fmt::Write;

use geo::{BoundingRect, Intersects, LineString, MultiPolygon, Polygon, Simplify};

use crate::front::Front;
use crate::zones::ZoneResult;

/// Shapes are simplified by this many metres before drawing.
pub const SIMPLIFY_M: f64 = 300.0;
/// Colours of successive zones.
const ZONE_COLOURS: [&str; 6] = [
    "#d95f02", "#7570b3", "#1b9e77", "#e7298a", "#66a61e", "#e6ab02",
];

fn ring_path(out: &mut String, r: &LineString, t: &dyn Fn(f64, f64) -> (f64, f64)) {
    for (k, c) in r.0.iter().enumerate() {
        let (x, y) = t(c.x, c.y);
        let _ = write!(out, "{}{x:.1},{y:.1}", if k == 0 { "M" } else { "L" });
    }
    out.push('Z');
}

fn poly_path(mp: &MultiPolygon, t: &dyn Fn(f64, f64) -> (f64, f64)) -> String {
    let mut d = String::new();
    for p in &mp.simplify(SIMPLIFY_M).0 {
        ring_path(&mut d, p.exterior(), t);
        for h in p.interiors() {
            ring_path(&mut d, h, t);
        }
    }
    d
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The map, `width` pixels wide, with up to `towns` of the largest places
/// labelled. `zones` are in lon/lat as [`ZoneResult`] keeps them.
pub fn svg(front: &Front, zones: &[ZoneResult], towns: usize, width: f64) -> String {
    // Frame the front regions (or the line if there are none).
    let extent = front
        .regions
        .iter()
        .filter_map(|r| r.shape.bounding_rect())
        .chain(geo::MultiLineString(front.line.0.clone()).bounding_rect())
        .reduce(|a, b| {
            geo::Rect::new(
                geo::Coord {
                    x: a.min().x.min(b.min().x),
                    y: a.min().y.min(b.min().y),
                },
                geo::Coord {
                    x: a.max().x.max(b.max().x),
                    y: a.max().y.max(b.max().y),
                },
            )
        });
    let Some(extent) = extent else {
        return String::from("<svg xmlns=\"http://www.w3.org/2000/svg\"/>");
    };
    let margin = 20.0;
    let scale = (width - 2.0 * margin) / extent.width();
    let height = extent.height() * scale + 2.0 * margin + 40.0;
    let t = |x: f64, y: f64| {
        (
            margin + (x - extent.min().x) * scale,
            margin + (extent.max().y - y) * scale,
        )
    };
    let clip = MultiPolygon(vec![Polygon::new(
        LineString::from(vec![
            (extent.min().x, extent.min().y),
            (extent.max().x, extent.min().y),
            (extent.max().x, extent.max().y),
            (extent.min().x, extent.max().y),
            (extent.min().x, extent.min().y),
        ]),
        vec![],
    )]);
    let mut s = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {width:.0} {height:.0}\" width=\"{width:.0}\" height=\"{height:.0}\" font-family=\"sans-serif\" font-size=\"11\">\n<rect width=\"100%\" height=\"100%\" fill=\"#eef3f7\"/>\n"
    );
    use geo::BooleanOps;
    let land = front.land.intersection(&clip);
    let _ = writeln!(
        s,
        "<path d=\"{}\" fill=\"#ffffff\" stroke=\"none\"/>",
        poly_path(&land, &t)
    );
    let occupied = front.occupied.intersection(&clip);
    let _ = writeln!(
        s,
        "<path d=\"{}\" fill=\"#f3c9c9\" stroke=\"none\"><title>occupied</title></path>",
        poly_path(&occupied, &t)
    );
    for r in &front.regions {
        let _ = writeln!(
            s,
            "<path d=\"{}\" fill=\"none\" stroke=\"#888\" stroke-width=\"0.8\"><title>{}</title></path>",
            poly_path(&r.shape, &t),
            escape(&r.region.name)
        );
    }
    for (k, z) in zones.iter().enumerate() {
        let local = front.frame.forward(&z.shape);
        let colour = ZONE_COLOURS[k % ZONE_COLOURS.len()];
        let _ = writeln!(
            s,
            "<path d=\"{}\" fill=\"{colour}\" fill-opacity=\"0.35\" stroke=\"{colour}\" stroke-width=\"0.8\"><title>{}: {:.0} km2</title></path>",
            poly_path(&local, &t),
            escape(&z.zone.name),
            z.measure.km2
        );
    }
    let mut line = String::new();
    for l in &front.line.simplify(SIMPLIFY_M).0 {
        for (k, c) in l.0.iter().enumerate() {
            let (x, y) = t(c.x, c.y);
            let _ = write!(line, "{}{x:.1},{y:.1}", if k == 0 { "M" } else { "L" });
        }
    }
    let _ = writeln!(
        s,
        "<path d=\"{line}\" fill=\"none\" stroke=\"#b00\" stroke-width=\"1.6\"><title>contact line</title></path>"
    );
    let mut places: Vec<_> = front.settlements.iter().collect();
    places.sort_by_key(|p| std::cmp::Reverse(p.0.population));
    for (p, pt) in places.into_iter().take(towns) {
        if !extent.intersects(pt) {
            continue;
        }
        let (x, y) = t(pt.x(), pt.y());
        let _ = writeln!(
            s,
            "<circle cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"2.5\" fill=\"#222\"/><text x=\"{:.1}\" y=\"{:.1}\">{}</text>",
            x + 4.0,
            y - 3.0,
            escape(&p.name)
        );
    }
    // Legend.
    let mut y = height - 28.0;
    let mut x = margin;
    let mut key = |s: &mut String, colour: &str, label: &str| {
        let _ = writeln!(
            s,
            "<rect x=\"{x:.0}\" y=\"{y:.0}\" width=\"12\" height=\"12\" fill=\"{colour}\" fill-opacity=\"0.6\"/><text x=\"{:.0}\" y=\"{:.0}\">{}</text>",
            x + 16.0,
            y + 10.0,
            escape(label)
        );
        x += 30.0 + 6.5 * label.len() as f64;
        if x > width - 150.0 {
            x = margin;
            y += 14.0;
        }
    };
    key(&mut s, "#f3c9c9", "occupied");
    key(&mut s, "#b00", "contact line");
    for (k, z) in zones.iter().enumerate() {
        key(&mut s, ZONE_COLOURS[k % ZONE_COLOURS.len()], &z.zone.name);
    }
    s.push_str("</svg>\n");
    s
}
