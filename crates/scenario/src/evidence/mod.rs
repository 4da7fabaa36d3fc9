//! The evidence lens: is every input sourced, does every quote stand in its
//! source, and do the sources' numbers agree?
//!
//! The check itself ([`check`]) is a pure function of a scenario and the
//! source texts; reading the texts from a directory ([`SourceTexts::load`])
//! is kept apart so the server and tests can supply texts another way.

pub mod normalize;

use std::collections::BTreeMap;
use std::path::Path;

use serde::Serialize;

use crate::code::Code;
use crate::diagnostic::Diagnostic;
use crate::model::{Claim, Evidence, Quote, Scenario, fmt_num};
use crate::spanned::Span;
use normalize::Normalized;

/// Source texts by source id; a source whose text could not be had keeps the
/// reason.
#[derive(Default)]
pub struct SourceTexts {
    texts: BTreeMap<String, Result<Text, String>>,
}

struct Text {
    file: String,
    original: String,
    normalized: Normalized,
}

impl SourceTexts {
    /// Reads `dir/<file>` for every source of the scenario, and only inside
    /// `dir`: a `file` that climbs out of it (`..`, an absolute path, a
    /// link pointing outside) is not read, and says so, so that no quote is
    /// "verified" against, and no diagnostic echoes, a file outside the
    /// sources folder.
    pub fn load(scenario: &Scenario, dir: &Path) -> SourceTexts {
        let mut texts = BTreeMap::new();
        let root = dir.canonicalize().ok();
        for s in &scenario.sources {
            let entry = match &s.file {
                None => Err("the source has no `file`".to_owned()),
                Some(file) => {
                    let path = dir.join(file);
                    let inside = match (&root, path.canonicalize()) {
                        (Some(root), Ok(p)) => p.starts_with(root),
                        // A file that does not exist is reported as unreadable
                        // below, unless its name alone leaves the folder.
                        _ => {
                            !Path::new(file).is_absolute()
                                && !Path::new(file)
                                    .components()
                                    .any(|c| matches!(c, std::path::Component::ParentDir))
                        }
                    };
                    if !inside {
                        texts.insert(
                            s.id.clone(),
                            Err(format!(
                                "`{file}` is outside the sources directory and is not read; name a file inside the directory given with --sources"
                            )),
                        );
                        continue;
                    }
                    match std::fs::read(&path) {
                        Ok(bytes) => Ok(Text::new(
                            file,
                            String::from_utf8_lossy(&bytes).into_owned(),
                        )),
                        Err(e) => Err(format!(
                            "cannot read `{file}` in the sources directory: {e}"
                        )),
                    }
                }
            };
            texts.insert(s.id.clone(), entry);
        }
        SourceTexts { texts }
    }

    /// Texts given directly, by source id.
    pub fn from_texts<'a>(texts: impl IntoIterator<Item = (&'a str, &'a str)>) -> SourceTexts {
        SourceTexts {
            texts: texts
                .into_iter()
                .map(|(id, t)| (id.to_owned(), Ok(Text::new(id, t.to_owned()))))
                .collect(),
        }
    }
}

impl Text {
    fn new(file: &str, original: String) -> Text {
        Text {
            file: file.to_owned(),
            normalized: Normalized::new(&original),
            original,
        }
    }

    fn line_of(&self, offset: usize) -> usize {
        self.original[..offset.min(self.original.len())]
            .matches('\n')
            .count()
            + 1
    }
}

/// Everything the evidence lens found.
#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct EvidenceReport {
    /// Whether source texts were available to check quotes against.
    pub sources_checked: bool,
    pub coverage: Coverage,
    pub quotes: Vec<QuoteCheck>,
    pub contradictions: Vec<Contradiction>,
}

/// How much of the scenario rests on quotes rather than estimates.
#[derive(Clone, Debug, Default, Serialize, schemars::JsonSchema)]
pub struct Coverage {
    pub positions: usize,
    /// Positions backed by at least one quote.
    pub positions_quoted: usize,
    /// Positions resting on an analyst estimate alone.
    pub positions_estimated: usize,
    pub actors: usize,
    pub actors_quoted: usize,
    pub claims: usize,
    pub quotes: usize,
    pub quotes_verified: usize,
    pub quotes_unverified: usize,
    pub quotes_unchecked: usize,
}

/// What a quote supports: the part of the scenario it is evidence for.
/// Its `Display` is the phrase reports print ("position of UA on
/// territory"); programs match the variant, never the phrase.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Supports {
    Actor {
        actor: String,
    },
    Issue {
        issue: String,
    },
    Position {
        actor: String,
        issue: String,
    },
    Proposal {
        proposal: String,
    },
    Response {
        actor: String,
        proposal: String,
    },
    Framework {
        framework: String,
    },
    Point {
        point: String,
        framework: String,
    },
    Claim {
        claim: String,
    },
    ConflictOption {
        option: String,
    },
    ConflictPreference {
        dm: String,
    },
    /// A preference statement, numbered from 1 within its DM's list.
    Statement {
        dm: String,
        number: usize,
        statement: String,
    },
    NoDeal,
    Utilities {
        party: String,
        issue: String,
    },
}

impl std::fmt::Display for Supports {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Supports::Actor { actor } => write!(f, "actor {actor}"),
            Supports::Issue { issue } => write!(f, "issue {issue}"),
            Supports::Position { actor, issue } => write!(f, "position of {actor} on {issue}"),
            Supports::Proposal { proposal } => write!(f, "proposal {proposal}"),
            Supports::Response { actor, proposal } => {
                write!(f, "response of {actor} to {proposal}")
            }
            Supports::Framework { framework } => write!(f, "framework {framework}"),
            Supports::Point { point, framework } => write!(f, "point {point} of {framework}"),
            Supports::Claim { claim } => write!(f, "claim {claim}"),
            Supports::ConflictOption { option } => write!(f, "conflict option {option}"),
            Supports::ConflictPreference { dm } => write!(f, "conflict preference of {dm}"),
            Supports::Statement {
                dm,
                number,
                statement,
            } => write!(f, "statement {number} (`{statement}`) of {dm}"),
            Supports::NoDeal => write!(f, "packages (no-deal package)"),
            Supports::Utilities { party, issue } => write!(f, "utilities of {party} on {issue}"),
        }
    }
}

/// One quote and what the check made of it.
#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct QuoteCheck {
    /// What the quote supports.
    pub supports: Supports,
    pub source: String,
    pub quote: String,
    #[serde(flatten)]
    pub status: QuoteStatus,
    #[serde(skip)]
    pub span: Span,
}

#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum QuoteStatus {
    /// Found; `line` is where it starts in the source text.
    Verified { file: String, line: usize },
    /// Not found; the most similar passage, if any is reasonably close.
    NotFound {
        file: String,
        #[serde(skip_serializing_if = "Option::is_none")]
        closest: Option<ClosestPassage>,
    },
    /// The source text could not be read.
    Unavailable { reason: String },
    /// No source texts were given.
    NotChecked,
}

#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct ClosestPassage {
    pub text: String,
    pub line: usize,
    pub similarity: f64,
}

/// Two claims about one quantity that cannot both be true.
#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct Contradiction {
    pub quantity: String,
    pub first: ClaimSide,
    pub second: ClaimSide,
}

#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct ClaimSide {
    pub claim: String,
    pub says: String,
    pub source: String,
    pub quote: String,
    /// The interval of values the claim allows.
    pub interval: (f64, f64),
    #[serde(skip)]
    pub span: Span,
}

/// Least similarity for a passage to be offered as "closest".
const CLOSEST_MIN: f64 = 0.5;

/// Runs the evidence lens. Without `texts`, quotes are listed as not checked.
pub fn check(scenario: &Scenario, texts: Option<&SourceTexts>) -> EvidenceReport {
    let mut coverage = Coverage {
        positions: scenario.positions.len(),
        positions_quoted: scenario
            .positions
            .iter()
            .filter(|p| !p.evidence.quotes.is_empty())
            .count(),
        positions_estimated: scenario
            .positions
            .iter()
            .filter(|p| p.evidence.quotes.is_empty())
            .count(),
        actors: scenario.actors.len(),
        actors_quoted: scenario
            .actors
            .iter()
            .filter(|a| !a.evidence.quotes.is_empty())
            .count(),
        claims: scenario.claims.len(),
        ..Coverage::default()
    };
    let quotes: Vec<QuoteCheck> = all_quotes(scenario)
        .into_iter()
        .map(|(supports, q)| QuoteCheck {
            supports,
            source: q.source.id.clone(),
            quote: q.text.clone(),
            status: texts.map_or(QuoteStatus::NotChecked, |t| verify(t, q)),
            span: q.span.clone(),
        })
        .collect();
    coverage.quotes = quotes.len();
    for q in &quotes {
        match q.status {
            QuoteStatus::Verified { .. } => coverage.quotes_verified += 1,
            QuoteStatus::NotFound { .. } => coverage.quotes_unverified += 1,
            QuoteStatus::Unavailable { .. } | QuoteStatus::NotChecked => {
                coverage.quotes_unchecked += 1
            }
        }
    }
    EvidenceReport {
        sources_checked: texts.is_some(),
        coverage,
        quotes,
        contradictions: contradictions(scenario),
    }
}

fn verify(texts: &SourceTexts, q: &Quote) -> QuoteStatus {
    match texts.texts.get(&q.source.id) {
        None => QuoteStatus::Unavailable {
            reason: "no text was given for this source".into(),
        },
        Some(Err(reason)) => QuoteStatus::Unavailable {
            reason: reason.clone(),
        },
        Some(Ok(t)) => match normalize::find(&t.normalized, &q.text) {
            Some(found) => QuoteStatus::Verified {
                file: t.file.clone(),
                line: t.line_of(found.start),
            },
            None => QuoteStatus::NotFound {
                file: t.file.clone(),
                closest: normalize::closest(&t.normalized, &q.text)
                    .filter(|c| c.similarity >= CLOSEST_MIN)
                    .map(|c| ClosestPassage {
                        text: t.original[c.start..c.end]
                            .split_whitespace()
                            .collect::<Vec<_>>()
                            .join(" "),
                        line: t.line_of(c.start),
                        similarity: (c.similarity * 100.0).round() / 100.0,
                    }),
            },
        },
    }
}

/// Every quote in the scenario with what it supports.
fn all_quotes(s: &Scenario) -> Vec<(Supports, &Quote)> {
    fn add<'s>(out: &mut Vec<(Supports, &'s Quote)>, what: Supports, e: &'s Evidence) {
        out.extend(e.quotes.iter().map(|q| (what.clone(), q)));
    }
    let mut out = Vec::new();
    for a in &s.actors {
        add(
            &mut out,
            Supports::Actor {
                actor: a.id.clone(),
            },
            &a.evidence,
        );
    }
    for i in &s.issues {
        add(
            &mut out,
            Supports::Issue {
                issue: i.id.clone(),
            },
            &i.evidence,
        );
    }
    for p in &s.positions {
        add(
            &mut out,
            Supports::Position {
                actor: p.actor.id.clone(),
                issue: p.issue.id.clone(),
            },
            &p.evidence,
        );
    }
    for p in &s.proposals {
        add(
            &mut out,
            Supports::Proposal {
                proposal: p.id.clone(),
            },
            &p.evidence,
        );
        for r in &p.responses {
            add(
                &mut out,
                Supports::Response {
                    actor: r.actor.id.clone(),
                    proposal: p.id.clone(),
                },
                &r.evidence,
            );
        }
    }
    for f in &s.frameworks {
        add(
            &mut out,
            Supports::Framework {
                framework: f.id.clone(),
            },
            &f.evidence,
        );
        for p in &f.points {
            add(
                &mut out,
                Supports::Point {
                    point: p.id.clone(),
                    framework: f.id.clone(),
                },
                &p.evidence,
            );
        }
    }
    for c in &s.claims {
        out.push((
            Supports::Claim {
                claim: c.id.clone(),
            },
            &c.quote,
        ));
    }
    if let Some(c) = &s.conflict {
        for o in &c.options {
            add(
                &mut out,
                Supports::ConflictOption {
                    option: o.id.clone(),
                },
                &o.evidence,
            );
        }
        for p in &c.preferences {
            add(
                &mut out,
                Supports::ConflictPreference {
                    dm: p.dm.id.clone(),
                },
                &p.evidence,
            );
            for (k, st) in p.statements.iter().enumerate() {
                add(
                    &mut out,
                    Supports::Statement {
                        dm: p.dm.id.clone(),
                        number: k + 1,
                        statement: st.text.clone(),
                    },
                    &st.evidence,
                );
            }
        }
    }
    if let Some(p) = &s.packages {
        add(&mut out, Supports::NoDeal, &p.evidence);
        for u in &p.utility {
            add(
                &mut out,
                Supports::Utilities {
                    party: u.party.id.clone(),
                    issue: u.issue.id.clone(),
                },
                &u.evidence,
            );
        }
    }
    out
}

/// Pairs of claims about one quantity whose allowed intervals do not overlap.
pub fn contradictions(s: &Scenario) -> Vec<Contradiction> {
    let mut out = Vec::new();
    for (i, a) in s.claims.iter().enumerate() {
        for b in &s.claims[i + 1..] {
            if a.quantity != b.quantity || a.unit != b.unit {
                continue;
            }
            let (alo, ahi) = a.interval();
            let (blo, bhi) = b.interval();
            if ahi < blo || bhi < alo {
                out.push(Contradiction {
                    quantity: a.quantity.clone(),
                    first: side(a),
                    second: side(b),
                });
            }
        }
    }
    out
}

fn side(c: &Claim) -> ClaimSide {
    ClaimSide {
        claim: c.id.clone(),
        says: c.describe(),
        source: c.quote.source.id.clone(),
        quote: c.quote.text.clone(),
        interval: c.interval(),
        span: c.span.clone(),
    }
}

fn interval_text((lo, hi): (f64, f64)) -> String {
    let f = |x: f64| {
        if x.is_infinite() {
            if x > 0.0 { "∞".into() } else { "-∞".into() }
        } else {
            fmt_num(x)
        }
    };
    format!("[{}, {}]", f(lo), f(hi))
}

impl EvidenceReport {
    /// The findings as diagnostics on the scenario file (codes W401–W403).
    pub fn diagnostics(&self, scenario: &Scenario) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        let mut unavailable_reported = std::collections::BTreeSet::new();
        for q in &self.quotes {
            match &q.status {
                QuoteStatus::NotFound { file, closest } => {
                    let help = match closest {
                        Some(c) => format!(
                            "the closest passage ({:.0}% similar, {file} line {}) reads: \"{}\"",
                            c.similarity * 100.0,
                            c.line,
                            c.text
                        ),
                        None => "quotes must be verbatim; case, spacing, quote marks and dashes do not matter, and `...` skips text".into(),
                    };
                    out.push(
                        Diagnostic::new(
                            Code::UnverifiedQuote,
                            format!("quote not found in source `{}`", q.source),
                            q.span.clone(),
                        )
                        .label(format!("not in {file} ({})", q.supports))
                        .help(help),
                    );
                }
                QuoteStatus::Unavailable { reason } => {
                    if unavailable_reported.insert(q.source.clone()) {
                        let span = scenario
                            .sources
                            .iter()
                            .find(|s| s.id == q.source)
                            .map_or(q.span.clone(), |s| s.span.clone());
                        out.push(
                            Diagnostic::new(
                                Code::MissingSourceText,
                                format!("text of source `{}` is unavailable; its quotes are unchecked", q.source),
                                span,
                            )
                            .label(reason.clone())
                            .help("pass the directory holding the source texts with `--sources DIR` and set the source's `file`"),
                        );
                    }
                }
                QuoteStatus::Verified { .. } | QuoteStatus::NotChecked => {}
            }
        }
        for c in &self.contradictions {
            out.push(
                Diagnostic::new(
                    Code::Contradiction,
                    format!("claims about `{}` contradict each other", c.quantity),
                    c.first.span.clone(),
                )
                .label(format!("{} ({})", c.first.says, c.first.source))
                .related(c.second.span.clone(), format!("{} ({})", c.second.says, c.second.source))
                .help(format!(
                    "\"{}\" allows {} but \"{}\" allows {}: they cannot both be true; correct one, or widen `tolerance` if the sources only round",
                    c.first.quote,
                    interval_text(c.first.interval),
                    c.second.quote,
                    interval_text(c.second.interval)
                )),
            );
        }
        out.sort_by_key(|d| (d.span.start, d.code));
        out
    }
}
