//! TOML text → [`Document`], collecting every problem instead of stopping at
//! the first.
//!
//! Why not one `toml::from_str::<Document>`: serde stops at the first error,
//! and a user fixing a scenario wants them all. So the text is parsed with
//! `toml`'s recoverable parser (all syntax errors), then every top-level
//! section and every `[[array]]` element is deserialized on its own; an error
//! in one actor does not hide an error in the next. Serde's error messages
//! have a fixed form (`unknown field`, `missing field`, `unknown variant`,
//! `invalid type`), which `classify` maps to stable codes with a fix.

use std::collections::BTreeSet;

use serde::de::{DeserializeOwned, IntoDeserializer};
use toml::de::{DeTable, DeValue};

use crate::code::Code;
use crate::diagnostic::Diagnostic;
use crate::format::{Document, SECTIONS};
use crate::spanned::Span;
use crate::suggest;

type SpannedValue<'i> = serde_spanned::Spanned<DeValue<'i>>;

/// A document as far as it could be read, and what went wrong reading it.
pub struct Parsed {
    pub document: Document,
    pub diagnostics: Vec<Diagnostic>,
    /// `(section, id)` of entries that could not be read. References to them
    /// are not reported again as unknown: the first error says it all.
    pub unreadable: BTreeSet<(String, String)>,
}

/// Parses scenario text. Never panics; every problem becomes a diagnostic.
pub fn parse(text: &str) -> Parsed {
    let mut diagnostics = Vec::new();
    let (root, errors) = DeTable::parse_recoverable(text);
    for e in errors {
        let span = e.span().unwrap_or(0..0);
        diagnostics.push(
            Diagnostic::new(Code::TomlSyntax, "invalid TOML", span)
                .label(e.message().trim().to_owned())
                .help("see the TOML syntax at https://toml.io; strings need quotes, tables `[name]`, lists of tables `[[name]]`"),
        );
    }
    let mut document = Document::default();
    let mut r = Reader {
        diagnostics: &mut diagnostics,
        unreadable: BTreeSet::new(),
    };
    for (key, value) in root.into_inner() {
        let span = key.span();
        let name = key.into_inner();
        match name.as_ref() {
            "scenario" => document.scenario = r.one(value),
            "source" => document.source = r.many("source", value),
            "actor" => document.actor = r.many("actor", value),
            "issue" => document.issue = r.many("issue", value),
            "position" => document.position = r.many("position", value),
            "proposal" => document.proposal = r.many("proposal", value),
            "framework" => document.framework = r.many("framework", value),
            "claim" => document.claim = r.many("claim", value),
            "conflict" => document.conflict = r.element("conflict", value),
            "packages" => document.packages = r.element("packages", value),
            "geometry" => document.geometry = r.element("geometry", value),
            "brief" => document.brief = r.element("brief", value),
            "budget" => document.budget = r.element("budget", value),
            other => r.diagnostics.push(
                Diagnostic::new(Code::UnknownKey, format!("unknown section `{other}`"), span)
                    .label("not part of the scenario format")
                    .maybe_help(suggest::help_for(other, &SECTIONS, "sections are")),
            ),
        }
    }
    let unreadable = r.unreadable;
    Parsed {
        document,
        diagnostics,
        unreadable,
    }
}

struct Reader<'d> {
    diagnostics: &'d mut Vec<Diagnostic>,
    unreadable: BTreeSet<(String, String)>,
}

impl Reader<'_> {
    fn one<T: DeserializeOwned>(&mut self, value: SpannedValue<'_>) -> Option<T> {
        self.element("scenario", value)
    }

    fn element<T: DeserializeOwned>(
        &mut self,
        section: &str,
        value: SpannedValue<'_>,
    ) -> Option<T> {
        let span = value.span();
        let id = match value.get_ref() {
            DeValue::Table(t) => t.get("id").and_then(|v| match v.get_ref() {
                DeValue::String(s) => Some(s.to_string()),
                _ => None,
            }),
            _ => None,
        };
        match T::deserialize(value.into_deserializer()) {
            Ok(v) => Some(v),
            Err(e) => {
                self.diagnostics.push(classify(&e, span));
                if let Some(id) = id {
                    self.unreadable.insert((section.to_owned(), id));
                }
                None
            }
        }
    }

    fn many<T: DeserializeOwned>(&mut self, section: &str, value: SpannedValue<'_>) -> Vec<T> {
        let span = value.span();
        let d = &mut *self.diagnostics;
        match value.into_inner() {
            DeValue::Array(items) => items
                .into_iter()
                .filter_map(|v| self.element(section, v))
                .collect(),
            DeValue::Table(_) => {
                d.push(
                    Diagnostic::new(
                        Code::WrongType,
                        format!("`{section}` must be a list of tables"),
                        span,
                    )
                    .label("a single table")
                    .help(format!(
                        "write each entry under its own `[[{section}]]` header (double brackets)"
                    )),
                );
                Vec::new()
            }
            other => {
                d.push(
                    Diagnostic::new(
                        Code::WrongType,
                        format!("`{section}` must be a list of tables"),
                        span,
                    )
                    .label(format!("found {}", other.type_str()))
                    .help(format!(
                        "write each entry under its own `[[{section}]]` header"
                    )),
                );
                Vec::new()
            }
        }
    }
}

/// Maps a serde error to a diagnostic code and a fix.
///
/// Serde's derive produces these messages (serde::de::Error's provided
/// methods), whose wording is part of serde's stable output.
fn classify(e: &toml::de::Error, fallback: Span) -> Diagnostic {
    let span = e.span().unwrap_or(fallback);
    let msg = e.message().trim();
    if let Some(rest) = msg.strip_prefix("unknown field ") {
        let (field, expected) = split_expected(rest);
        let allowed = backticked(expected);
        return Diagnostic::new(Code::UnknownKey, format!("unknown key `{field}`"), span)
            .label("not a key of this table")
            .maybe_help(suggest::help_for(&field, &allowed, "allowed keys are"));
    }
    if let Some(rest) = msg.strip_prefix("missing field ") {
        let field = rest.trim_matches('`');
        return Diagnostic::new(Code::MissingKey, format!("missing key `{field}`"), span)
            .label(format!("this table needs `{field}`"))
            .help(format!("add `{field} = ...` to the table"));
    }
    if let Some(rest) = msg.strip_prefix("unknown variant ") {
        let (word, expected) = split_expected(rest);
        let allowed = backticked(expected);
        return Diagnostic::new(
            Code::UnknownVariant,
            format!("unknown value `{word}`"),
            span,
        )
        .label("not one of the allowed values")
        .maybe_help(suggest::help_for(&word, &allowed, "allowed values are"));
    }
    let (message, label) = match msg.split_once(", expected ") {
        Some((found, expected)) => (
            format!("expected {}", plain_type(expected)),
            found
                .trim_start_matches("invalid type: ")
                .trim_start_matches("invalid value: ")
                .to_owned(),
        ),
        None => (msg.to_owned(), String::new()),
    };
    let help = match msg.split_once(", expected ") {
        Some((_, expected)) => format!(
            "replace the value with {}; text goes in quotes, numbers and dates without",
            plain_type(expected)
        ),
        None => "check the value against docs/scenario-format.md".to_owned(),
    };
    Diagnostic::new(Code::WrongType, message, span)
        .label(if label.is_empty() {
            "here".to_owned()
        } else {
            format!("found {label}")
        })
        .help(help)
}

/// Serde names Rust types ("f64", "struct Scale"); users write TOML.
fn plain_type(expected: &str) -> String {
    match expected {
        "f64" | "f32" | "i64" => "a number".into(),
        "u32" | "u64" | "usize" => "a whole number, 0 or more".into(),
        "a sequence" => "a list `[...]`".into(),
        "a map" => "a table".into(),
        "a boolean" => "true or false".into(),
        e if e.starts_with("struct ") => "a table `{ ... }`".into(),
        e => e.into(),
    }
}

/// Splits "`word`, expected one of `a`, `b`" into the word and the rest.
fn split_expected(rest: &str) -> (String, &str) {
    let rest = rest.trim_start_matches('`');
    match rest.split_once('`') {
        Some((word, tail)) => (word.to_owned(), tail),
        None => (rest.to_owned(), ""),
    }
}

fn backticked(s: &str) -> Vec<&str> {
    s.split('`').skip(1).step_by(2).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(text: &str) -> Vec<(Code, String, Span)> {
        parse(text)
            .diagnostics
            .into_iter()
            .map(|d| (d.code, d.message, d.span))
            .collect()
    }

    #[test]
    fn reports_every_bad_element() {
        let text = r#"
[[actor]]
id = "UA"
name = "Ukraine"
role = "party"
capability = "lots"

[[actor]]
id = "RU"
nme = "Russia"
role = "party"
capability = 1

[[actor]]
id = "US"
name = "United States"
role = "mediatr"
capability = 1
"#;
        let got = codes(text);
        let kinds: Vec<Code> = got.iter().map(|g| g.0).collect();
        assert_eq!(
            kinds,
            vec![Code::WrongType, Code::UnknownKey, Code::UnknownVariant],
            "{got:?}"
        );
        // Spans point at the offending value or key.
        assert_eq!(&text[got[0].2.clone()], "\"lots\"");
        assert_eq!(&text[got[1].2.clone()], "nme");
        assert_eq!(&text[got[2].2.clone()], "\"mediatr\"");
    }

    #[test]
    fn single_table_instead_of_list() {
        let got = codes("[actor]\nid = \"UA\"\n");
        assert_eq!(got[0].0, Code::WrongType);
        assert!(got[0].1.contains("list of tables"));
    }

    #[test]
    fn syntax_errors_are_all_reported() {
        let got = codes("a = \nb = 1\nc = [1,\n");
        assert!(
            got.iter()
                .all(|g| g.0 == Code::TomlSyntax || g.0 == Code::UnknownKey)
        );
        assert!(got.iter().any(|g| g.0 == Code::TomlSyntax));
    }

    #[test]
    fn dates_and_spanned_keys() {
        let text = "[scenario]\nid = \"x\"\ntitle = \"t\"\nas_of = 2025-12-15\n\n[[proposal]]\nid = \"p\"\nname = \"n\"\nby = \"US\"\nvalues = { territory = 100, guarantees = \"strong\" }\n";
        let p = parse(text);
        assert!(p.diagnostics.is_empty(), "{:?}", p.diagnostics);
        let meta = p.document.scenario.unwrap();
        assert_eq!(meta.as_of.to_string(), "2025-12-15");
        let prop = &p.document.proposal[0];
        let key = prop.values.keys().next().unwrap();
        assert_eq!(&text[key.span()], "guarantees");
    }

    #[test]
    fn datetime_is_not_a_date() {
        let got = codes("[scenario]\nid = \"x\"\ntitle = \"t\"\nas_of = 2025-12-15T10:00:00Z\n");
        assert_eq!(got[0].0, Code::WrongType, "{got:?}");
    }
}
