//! Writing a scenario: the format's own types ([`crate::format`]) out as
//! TOML text.
//!
//! Whatever writes a scenario — the imports of KTAB, Decide, GENIUS and
//! GeniusWeb files, `--write-scenario`, the app's Save of an imported file —
//! builds a [`Document`] and calls [`to_toml`], so a written scenario is
//! typed by the same structs the reader fills and cannot name a key the
//! format does not have. (The app's edits of an existing text go through
//! [`crate::edit`] instead, which keeps the text's comments and layout.)

use crate::format::Document;
use crate::spanned::Spanned;

/// A value for a document being built (it has no place in a text yet).
pub fn spanned<T>(value: T) -> Spanned<T> {
    Spanned::new(value, 0..0)
}

/// A detente id from any name: letters, digits, `-`, `_`, `.`; others
/// become `-`; unique within `taken` (a second `a` is `a-2`).
pub fn id_from(name: &str, taken: &mut Vec<String>) -> String {
    let mut id: String = name
        .trim()
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.') {
                c
            } else {
                '-'
            }
        })
        .collect();
    if id.is_empty() {
        id = "x".into();
    }
    let base = id.clone();
    let mut k = 2;
    while taken.contains(&id) {
        id = format!("{base}-{k}");
        k += 1;
    }
    taken.push(id.clone());
    id
}

/// The document as TOML, after `header` (comment lines, written with `# `).
pub fn to_toml(doc: &Document, header: &[&str]) -> Result<String, toml::ser::Error> {
    let mut text: String = header.iter().map(|l| format!("# {l}\n")).collect();
    if !text.is_empty() {
        text.push('\n');
    }
    text.push_str(&toml::to_string(doc)?);
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Reading a scenario into its format types and writing them back gives
    /// the same scenario: every section and key the format has survives.
    #[test]
    fn the_builtin_scenario_round_trips() {
        let parsed = crate::parse::parse(crate::BERLIN_2025_12);
        assert!(parsed.diagnostics.is_empty());
        let text = to_toml(&parsed.document, &["round trip"]).unwrap();
        let again = crate::load("again", text.clone());
        assert!(again.diagnostics.is_empty(), "{:?}", again.diagnostics);
        let original = crate::load("original", crate::BERLIN_2025_12);
        // The same scenario, spans (places in the text) apart.
        assert_eq!(
            serde_json::to_value(again.scenario.unwrap()).unwrap(),
            serde_json::to_value(original.scenario.unwrap()).unwrap()
        );
        assert!(text.starts_with("# round trip\n\n"));
    }

    #[test]
    fn ids_from_names_are_valid_and_unique() {
        let mut taken = Vec::new();
        assert_eq!(id_from("Policy Position", &mut taken), "Policy-Position");
        assert_eq!(id_from("Policy Position", &mut taken), "Policy-Position-2");
        assert_eq!(id_from("  ", &mut taken), "x");
        assert_eq!(id_from("Ä/b", &mut taken), "--b");
    }
}
