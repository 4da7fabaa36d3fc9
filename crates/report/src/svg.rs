//! Small SVG building blocks for the charts: scales, axes, escaping. The
//! charts are plain SVG strings so that the report needs no script, font
//! or network to display or print.

use std::fmt::Write;

/// Escapes text for XML/HTML.
pub fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// A linear map from a data interval to a pixel interval.
#[derive(Clone, Copy)]
pub struct Scale {
    pub d0: f64,
    pub d1: f64,
    pub p0: f64,
    pub p1: f64,
}

impl Scale {
    pub fn new(d0: f64, d1: f64, p0: f64, p1: f64) -> Scale {
        let d1 = if d1 > d0 { d1 } else { d0 + 1.0 };
        Scale { d0, d1, p0, p1 }
    }

    pub fn at(&self, x: f64) -> f64 {
        self.p0 + (x - self.d0) / (self.d1 - self.d0) * (self.p1 - self.p0)
    }
}

/// A number for a label: up to `digits` decimals, trailing zeros dropped
/// (the presentation crate's, as the terminal prints it).
pub use detente_present::words::number as num;

/// Opens an SVG of `w` × `h` with a title for screen readers.
pub fn open(w: f64, h: f64, title: &str) -> String {
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {w:.0} {h:.0}\" width=\"{w:.0}\" height=\"{h:.0}\" role=\"img\" font-family=\"sans-serif\" font-size=\"11\"><title>{}</title>",
        esc(title)
    )
}

/// A horizontal axis with `ticks` evenly spaced labels.
pub fn x_axis(out: &mut String, x: &Scale, y: f64, ticks: usize, digits: usize) {
    let _ = write!(
        out,
        "<line x1=\"{:.1}\" y1=\"{y:.1}\" x2=\"{:.1}\" y2=\"{y:.1}\" stroke=\"#555\"/>",
        x.p0, x.p1
    );
    for k in 0..=ticks {
        let v = x.d0 + (x.d1 - x.d0) * k as f64 / ticks as f64;
        let px = x.at(v);
        let _ = write!(
            out,
            "<line x1=\"{px:.1}\" y1=\"{y:.1}\" x2=\"{px:.1}\" y2=\"{:.1}\" stroke=\"#555\"/><text x=\"{px:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{}</text>",
            y + 4.0,
            y + 15.0,
            num(v, digits)
        );
    }
}

/// A vertical axis with `ticks` labels.
pub fn y_axis(out: &mut String, y: &Scale, x: f64, ticks: usize, digits: usize) {
    let _ = write!(
        out,
        "<line x1=\"{x:.1}\" y1=\"{:.1}\" x2=\"{x:.1}\" y2=\"{:.1}\" stroke=\"#555\"/>",
        y.p0, y.p1
    );
    for k in 0..=ticks {
        let v = y.d0 + (y.d1 - y.d0) * k as f64 / ticks as f64;
        let py = y.at(v);
        let _ = write!(
            out,
            "<line x1=\"{:.1}\" y1=\"{py:.1}\" x2=\"{x:.1}\" y2=\"{py:.1}\" stroke=\"#555\"/><text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\">{}</text>",
            x - 4.0,
            x - 6.0,
            py + 4.0,
            num(v, digits)
        );
    }
}

/// Colours for series (colour-blind safe, Okabe–Ito).
pub const PALETTE: [&str; 8] = [
    "#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442", "#000000",
];
