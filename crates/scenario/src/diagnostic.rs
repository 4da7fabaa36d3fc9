//! Diagnostics: what is wrong, where, and how to fix it.
//!
//! One [`Diagnostic`] type serves validation errors and evidence findings.
//! It is rendered for people by codespan-reporting (file:line:column, the
//! offending line, a label, a help line) and for programs as
//! [`DiagnosticJson`] with the same facts, line and column resolved.

use codespan_reporting::diagnostic::{Diagnostic as CsDiagnostic, Label, Severity as CsSeverity};
use codespan_reporting::files::SimpleFile;
use codespan_reporting::term::{self, Config};
use serde::Serialize;

use crate::code::{Code, Severity};
use crate::spanned::Span;

/// A problem found in a scenario, anchored at a span of its text.
#[derive(Clone, Debug, PartialEq)]
pub struct Diagnostic {
    pub code: Code,
    pub message: String,
    /// Where the problem is; an empty span at 0 means "the file as a whole".
    pub span: Span,
    /// What to say at the span.
    pub label: String,
    /// Other places that explain the problem (e.g. the first of two duplicates).
    pub related: Vec<(Span, String)>,
    /// How to fix it.
    pub help: Option<String>,
}

impl Diagnostic {
    pub fn new(code: Code, message: impl Into<String>, span: Span) -> Self {
        Diagnostic {
            code,
            message: message.into(),
            span,
            label: String::new(),
            related: Vec::new(),
            help: None,
        }
    }

    pub fn label(mut self, label: impl Into<String>) -> Self {
        self.label = label.into();
        self
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn maybe_help(mut self, help: Option<String>) -> Self {
        if help.is_some() {
            self.help = help;
        }
        self
    }

    pub fn related(mut self, span: Span, message: impl Into<String>) -> Self {
        self.related.push((span, message.into()));
        self
    }

    pub fn severity(&self) -> Severity {
        self.code.severity()
    }
}

/// A scenario text and its name, for turning spans into lines and columns.
#[derive(Clone, Debug)]
pub struct SourceFile {
    pub name: String,
    pub text: String,
    line_starts: Vec<usize>,
}

impl SourceFile {
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> Self {
        let text = text.into();
        let line_starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        SourceFile {
            name: name.into(),
            text,
            line_starts,
        }
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let line = self.line_starts.partition_point(|&s| s <= offset) - 1;
        let start = self.line_starts[line];
        let col = self
            .text
            .get(start..offset)
            .map_or(offset - start, |s| s.chars().count());
        (line + 1, col + 1)
    }

    /// The byte offset of a 1-based line and column (in characters),
    /// clamped to the text: how a reader's "line 6, column 9" becomes a span.
    pub fn offset_of(&self, line: usize, column: usize) -> usize {
        let Some(&start) = self.line_starts.get(line.saturating_sub(1)) else {
            return self.text.len();
        };
        let end = self
            .line_starts
            .get(line)
            .map_or(self.text.len(), |&e| e.saturating_sub(1));
        self.text[start..end]
            .char_indices()
            .nth(column.saturating_sub(1))
            .map_or(end, |(i, _)| start + i)
    }

    /// The end of the character at `offset` (the offset itself at the end
    /// of a line or of the text).
    pub fn char_end(&self, offset: usize) -> usize {
        match self.text.get(offset..).and_then(|s| s.chars().next()) {
            Some(c) if c != '\n' && c != '\r' => offset + c.len_utf8(),
            _ => offset,
        }
    }

    /// Clamps a span to the text and to character boundaries, so rendering
    /// never slices inside a UTF-8 sequence.
    fn clamp(&self, span: &Span) -> Span {
        let fix = |mut i: usize| {
            i = i.min(self.text.len());
            while !self.text.is_char_boundary(i) {
                i -= 1;
            }
            i
        };
        let start = fix(span.start);
        start..fix(span.end).max(start)
    }
}

/// The machine-readable form of a diagnostic.
#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct DiagnosticJson {
    pub code: Code,
    pub name: &'static str,
    pub severity: Severity,
    pub message: String,
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub label: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub related: Vec<RelatedJson>,
}

#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct RelatedJson {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl Diagnostic {
    pub fn to_json(&self, file: &SourceFile) -> DiagnosticJson {
        let span = file.clamp(&self.span);
        let (line, column) = file.line_col(span.start);
        let (end_line, end_column) = file.line_col(span.end);
        DiagnosticJson {
            code: self.code,
            name: self.code.name(),
            severity: self.severity(),
            message: self.message.clone(),
            file: file.name.clone(),
            line,
            column,
            end_line,
            end_column,
            label: self.label.clone(),
            help: self.help.clone(),
            related: self
                .related
                .iter()
                .map(|(span, message)| {
                    let (line, column) = file.line_col(file.clamp(span).start);
                    RelatedJson {
                        line,
                        column,
                        message: message.clone(),
                    }
                })
                .collect(),
        }
    }

    /// The diagnostic in codespan-reporting's form, for front ends that
    /// render it themselves (e.g. in colour); labels are clamped to the text.
    pub fn to_codespan(&self, file: &SourceFile) -> CsDiagnostic<()> {
        let severity = match self.severity() {
            Severity::Error => CsSeverity::Error,
            Severity::Warning => CsSeverity::Warning,
            Severity::Note => CsSeverity::Note,
        };
        let mut labels = vec![Label::primary((), file.clamp(&self.span)).with_message(&self.label)];
        labels.extend(
            self.related
                .iter()
                .map(|(span, m)| Label::secondary((), file.clamp(span)).with_message(m)),
        );
        let notes = self.help.iter().map(|h| format!("help: {h}")).collect();
        CsDiagnostic::new(severity)
            .with_code(self.code.as_str())
            .with_message(&self.message)
            .with_labels(labels)
            .with_notes(notes)
    }

    /// Renders the diagnostic for a terminal, without colour.
    pub fn render(&self, file: &SourceFile) -> String {
        let files = SimpleFile::new(file.name.as_str(), file.text.as_str());
        // Rendering a clamped span of the file's own text cannot fail; if it
        // ever did, fall back to a one-line form rather than lose the message.
        term::emit_into_string(&Config::default(), &files, &self.to_codespan(file))
            .unwrap_or_else(|_| self.one_line(file))
    }

    /// `error[E102]: message` and the location, without the source excerpt.
    pub fn one_line(&self, file: &SourceFile) -> String {
        let (line, col) = file.line_col(self.span.start);
        format!(
            "{}[{}]: {}\n  --> {}:{line}:{col}\n",
            severity_word(self.severity()),
            self.code.as_str(),
            self.message,
            file.name
        )
    }
}

fn severity_word(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Note => "note",
    }
}

/// Renders many diagnostics, in file order, separated as a compiler would.
pub fn render_all(diagnostics: &[Diagnostic], file: &SourceFile) -> String {
    diagnostics.iter().map(|d| d.render(file)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_and_column_count_characters() {
        let f = SourceFile::new("x.toml", "a = 1\nb = \"€x\"\n");
        assert_eq!(f.line_col(0), (1, 1));
        assert_eq!(f.line_col(6), (2, 1));
        // '€' is three bytes but one column.
        let x = f.text.find('x').unwrap();
        assert_eq!(f.line_col(x), (2, 7));
        assert_eq!(f.line_col(10_000), (3, 1));
    }

    #[test]
    fn clamping_never_splits_characters() {
        let f = SourceFile::new("x.toml", "é");
        let d = Diagnostic::new(Code::WrongType, "m", 1..5);
        let out = d.render(&f);
        assert!(out.contains("E004"), "{out}");
    }
}
