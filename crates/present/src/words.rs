//! The names detente gives things on screen, one place for every front end.
//!
//! A forecast model names itself (its id, as typed on the command line and
//! printed in terminal tables, and its label for prose and charts) in the
//! registry, and the forecast report carries both. What is left here are
//! the names of concepts' marks, of sides and of inputs. Every match is
//! exhaustive, so a new variant fails to compile here until it has its
//! names, rather than going missing from one front end.

use detente_analysis::geometry::GeometryReport;
use detente_analysis::stability::SolutionConcept;

/// The occupier's side of the front as a column label: `RU-held` when the
/// scenario names the occupier, else `occupied`.
pub fn occupied_side(g: &GeometryReport) -> String {
    g.occupier
        .as_ref()
        .map_or_else(|| "occupied".to_owned(), |a| format!("{a}-held"))
}

/// The holder's side: `UA-held`, else `held`.
pub fn held_side(g: &GeometryReport) -> String {
    g.holder
        .as_ref()
        .map_or_else(|| "held".to_owned(), |a| format!("{a}-held"))
}

/// The heading of a region's occupied share, the one share every front
/// end shows (`RU-held share`).
pub fn occupied_share_heading(g: &GeometryReport) -> String {
    format!("{} share", occupied_side(g))
}

/// A region's occupied share of its land, in percent with one decimal.
pub fn occupied_share(occupied_km2: f64, km2: f64) -> String {
    number(100.0 * occupied_km2 / km2.max(1e-9), 1)
}

/// The one-letter marks of the terminal's verdict grid (N = Nash, G = GMR,
/// S = SMR, Q = SEQ, M = SIM).
pub const VERDICT_MARKS: [(SolutionConcept, char); 5] = [
    (SolutionConcept::Nash, 'N'),
    (SolutionConcept::Gmr, 'G'),
    (SolutionConcept::Smr, 'S'),
    (SolutionConcept::Seq, 'Q'),
    (SolutionConcept::Sim, 'M'),
];

/// Concepts' names joined by `sep`.
pub fn concepts(cs: &[SolutionConcept], sep: &str) -> String {
    cs.iter().map(|c| c.name()).collect::<Vec<_>>().join(sep)
}

/// The input a sensitivity row moves.
pub fn input_name(i: detente_analysis::forecast::InputKind) -> &'static str {
    use detente_analysis::forecast::InputKind;
    match i {
        InputKind::Position => "position",
        InputKind::Salience => "salience",
        InputKind::Capability => "capability",
    }
}

/// A number as people read it: at most `digits` decimals, trailing zeros
/// dropped, never `-0`. The terminal and the report format every number
/// they print through this.
pub fn number(x: f64, digits: usize) -> String {
    let s = format!("{x:.digits$}");
    let s = if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.')
    } else {
        s.as_str()
    };
    if s == "-0" { "0".into() } else { s.into() }
}

/// What a tabled proposal is, given whether every party prefers it to no
/// agreement (`rational`) and whether another package is better for some
/// and worse for none (`dominated`).
pub fn proposal_verdict(rational: bool, dominated: bool) -> &'static str {
    match (rational, dominated) {
        (true, false) => "acceptable to all, efficient",
        (true, true) => "acceptable to all, but dominated",
        (false, false) => "efficient, but someone prefers no agreement",
        (false, true) => "dominated, and someone prefers no agreement",
    }
}

/// A count in full up to 15 digits, else in scientific notation with three
/// significant digits (`3.17e88`).
pub fn big_count(digits: &str) -> String {
    if digits.len() <= 15 {
        return digits.to_owned();
    }
    format!("{}.{}e{}", &digits[..1], &digits[1..3], digits.len() - 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_drop_trailing_zeros_and_negative_zero() {
        assert_eq!(number(65.2700, 2), "65.27");
        assert_eq!(number(100.0, 2), "100");
        assert_eq!(number(-0.001, 2), "0");
        assert_eq!(number(0.126, 2), "0.13");
        assert_eq!(number(1234.0, 0), "1234");
    }

    #[test]
    fn big_counts_switch_to_scientific_past_15_digits() {
        assert_eq!(big_count("720"), "720");
        assert_eq!(big_count("999999999999999"), "999999999999999");
        assert_eq!(big_count("1000000000000000"), "1.00e15");
        assert_eq!(big_count(&format!("317{}", "0".repeat(86))), "3.17e88");
    }
}
