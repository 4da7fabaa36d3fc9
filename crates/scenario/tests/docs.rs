//! The documentation stays true: every diagnostic code is documented, and
//! the example in the format reference is a valid scenario.

use std::path::Path;

use detente_scenario::Code;

fn doc(name: &str) -> String {
    std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../docs")
            .join(name),
    )
    .unwrap()
}

#[test]
fn every_code_is_documented() {
    let text = doc("diagnostics.md");
    for c in Code::ALL {
        let row = format!("| {} | `{}` |", c.as_str(), c.name());
        assert!(
            text.contains(&row),
            "docs/diagnostics.md lacks the row for {}",
            c.as_str()
        );
    }
}

#[test]
fn format_reference_example_is_valid() {
    let text = doc("scenario-format.md");
    let start = text.find("```toml\n").expect("a toml example") + "```toml\n".len();
    let end = start + text[start..].find("```").unwrap();
    let loaded = detente_scenario::load("scenario-format.md", &text[start..end]);
    // Valid, with at most notes (a two-position example has single-actor
    // issues, and says so).
    assert!(
        loaded
            .diagnostics
            .iter()
            .all(|d| d.severity() == detente_scenario::Severity::Note),
        "{:#?}",
        loaded.diagnostics
    );
    let s = loaded.scenario.unwrap();
    assert_eq!(
        (s.actors.len(), s.issues.len(), s.positions.len()),
        (2, 2, 2)
    );
    assert_eq!(s.claims[0].interval(), (2.7, 3.0));
}
