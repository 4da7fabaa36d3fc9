//! The detente scenario: format, validation and evidence check.
//!
//! A scenario is one TOML file describing a negotiation. This crate reads it
//! in two stages, as a compiler would:
//!
//! 1. [`parse`]: TOML text → [`format::Document`], the file as written, with
//!    byte spans kept for every value a later check may point at;
//! 2. [`validate`]: document → [`Scenario`], ids resolved to indices, values
//!    checked against each issue's scale or options.
//!
//! Both stages collect every problem as a [`Diagnostic`] with a stable
//! [`Code`], a span, a message and a fix, and neither ever panics on input.
//! The [`evidence`] module checks quotes against source texts and claims
//! against each other.

pub mod budget;
pub mod code;
pub mod date;
pub mod diagnostic;
pub mod edit;
pub mod evidence;
pub mod format;
pub mod model;
pub mod notes;
pub mod parse;
pub mod rules;
pub mod schema;
pub mod spanned;
mod suggest;
pub mod validate;
pub mod write;

pub use code::{Code, Severity};
pub use date::Date;
pub use diagnostic::{Diagnostic, DiagnosticJson, SourceFile};
pub use model::Scenario;
pub use spanned::{Span, Spanned};

/// The built-in scenario: the December 2025 Berlin talks on ending the war in
/// Ukraine, written from the two reports in `shared/seeds/`.
pub const BERLIN_2025_12: &str = include_str!("../../../scenarios/berlin-2025-12.toml");

/// File name under which the built-in scenario is reported.
pub const BERLIN_2025_12_NAME: &str = "scenarios/berlin-2025-12.toml";

/// The second built-in scenario: the Vienna talks on Iran's nuclear
/// programme (July 2015), written from summaries of the public record in
/// `scenarios/sources/jcpoa-2015/`.
pub const JCPOA_2015: &str = include_str!("../../../scenarios/jcpoa-2015.toml");

/// A built-in scenario: the name users type, the file name it is reported
/// under, and its text.
#[derive(Clone, Copy, Debug)]
pub struct Builtin {
    pub name: &'static str,
    pub file: &'static str,
    pub text: &'static str,
}

/// Every built-in scenario; the first is the default.
pub const BUILTIN: [Builtin; 2] = [
    Builtin {
        name: "berlin-2025-12",
        file: BERLIN_2025_12_NAME,
        text: BERLIN_2025_12,
    },
    Builtin {
        name: "jcpoa-2015",
        file: "scenarios/jcpoa-2015.toml",
        text: JCPOA_2015,
    },
];

/// The built-in scenario of that name.
pub fn builtin(name: &str) -> Option<Builtin> {
    BUILTIN.iter().copied().find(|b| b.name == name)
}

/// The outcome of reading a scenario: the scenario when it is valid, and
/// every diagnostic either way.
#[derive(Debug)]
pub struct Loaded {
    pub file: SourceFile,
    pub scenario: Option<Scenario>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Parses and validates scenario text.
/// A UTF-8 byte-order mark is dropped first, so columns count from the
/// first visible character.
pub fn load(name: impl Into<String>, text: impl Into<String>) -> Loaded {
    load_with(name, text, &[])
}

/// [`load`] with budget settings given beside the file (`--budget`, parsed
/// by [`budget::parse_setting`]); they replace the file's `[budget]` values.
pub fn load_with(
    name: impl Into<String>,
    text: impl Into<String>,
    budget: &[(String, u64)],
) -> Loaded {
    let mut text = text.into();
    if text.starts_with('\u{feff}') {
        text.drain(..'\u{feff}'.len_utf8());
    }
    let file = SourceFile::new(name, text);
    let parsed = parse::parse(&file.text);
    let mut diagnostics = parsed.diagnostics;
    let scenario = validate::validate(
        &parsed.document,
        &parsed.unreadable,
        budget,
        &mut diagnostics,
    );
    drop_cascades(&mut diagnostics);
    diagnostics.sort_by_key(|d| (d.span.start, d.code));
    let scenario = if diagnostics.iter().any(|d| d.severity() == Severity::Error) {
        None
    } else {
        scenario
    };
    // What the inputs alone say about the analysis, on a valid scenario.
    if let Some(s) = &scenario {
        diagnostics.extend(notes::notes(&parsed.document, s));
        diagnostics.sort_by_key(|d| (d.span.start, d.code));
    }
    Loaded {
        file,
        scenario,
        diagnostics,
    }
}

/// Where TOML syntax is broken, the recovering parser still produces some
/// value; a type error about that value repeats the syntax error in worse
/// words, so it is dropped.
fn drop_cascades(diagnostics: &mut Vec<Diagnostic>) {
    let broken: Vec<Span> = diagnostics
        .iter()
        .filter(|d| d.code == Code::TomlSyntax)
        .map(|d| d.span.clone())
        .collect();
    diagnostics.retain(|d| {
        d.code == Code::TomlSyntax
            || !broken.iter().any(|b| {
                d.span.start < b.end.max(b.start + 1) && b.start < d.span.end.max(d.span.start + 1)
            })
    });
}
