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
    fn big_counts_switch_to_scientific_past_15_digits() {
        assert_eq!(big_count("720"), "720");
        assert_eq!(big_count("999999999999999"), "999999999999999");
        assert_eq!(big_count("1000000000000000"), "1.00e15");
        assert_eq!(big_count(&format!("317{}", "0".repeat(86))), "3.17e88");
    }
}
