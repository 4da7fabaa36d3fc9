//! Document → [`Scenario`]: resolve ids, check every value against its issue.
//!
//! Each rule adds a diagnostic and carries on, so one run reports every
//! problem. The rules and their codes are listed in `docs/diagnostics.md`.

use std::collections::{BTreeSet, HashMap};

use crate::budget::{self, Limits};
use crate::code::{Code, Severity};
use crate::diagnostic::Diagnostic;
use crate::format::{self, Document, Qualifier};
use crate::model::{self, Evidence, IssueKind, Ref, Scenario, Value};
use crate::spanned::{Span, Spanned};
use crate::suggest;

mod conflict;
mod geometry;
mod packages;

pub use conflict::MAX_CONFLICT_OPTIONS;

/// Default relative tolerance of `approximately` and `nearly` claims.
pub const DEFAULT_TOLERANCE: f64 = 0.1;

/// Validates a parsed document. Returns the scenario only if no error was
/// found (in `diagnostics`, which may already hold parse errors).
///
/// `overrides` are budget settings given beside the file (`--budget`);
/// they replace the file's `[budget]` values of the same key.
pub fn validate(
    doc: &Document,
    unreadable: &BTreeSet<(String, String)>,
    overrides: &[(String, u64)],
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Scenario> {
    let had_errors = !diagnostics.is_empty();
    let mut v = Validator {
        d: diagnostics,
        unreadable,
        overrides,
        limits: Limits::default(),
        sources: HashMap::new(),
        actors: HashMap::new(),
        issues: HashMap::new(),
        names: HashMap::new(),
    };
    let scenario = v.scenario(doc, had_errors);
    if v.d.iter().any(|d| d.severity() == Severity::Error) {
        None
    } else {
        scenario
    }
}

struct Validator<'a> {
    d: &'a mut Vec<Diagnostic>,
    unreadable: &'a BTreeSet<(String, String)>,
    overrides: &'a [(String, u64)],
    /// The budget: defaults, the file's `[budget]`, then the overrides.
    limits: Limits,
    sources: HashMap<String, usize>,
    actors: HashMap<String, usize>,
    issues: HashMap<String, usize>,
    /// Lower-cased names → ids, to catch a name written where an id belongs.
    names: HashMap<String, String>,
}

/// What kind of thing an id names, for messages and lookups.
#[derive(Clone, Copy)]
enum Kind {
    Source,
    Actor,
    Issue,
}

impl Kind {
    fn word(self) -> &'static str {
        match self {
            Kind::Source => "source",
            Kind::Actor => "actor",
            Kind::Issue => "issue",
        }
    }
    fn code(self) -> Code {
        match self {
            Kind::Source => Code::UnknownSource,
            Kind::Actor => Code::UnknownActor,
            Kind::Issue => Code::UnknownIssue,
        }
    }
}

impl Validator<'_> {
    fn push(&mut self, d: Diagnostic) {
        self.d.push(d);
    }

    fn scenario(&mut self, doc: &Document, had_errors: bool) -> Option<Scenario> {
        if doc.scenario.is_none() && doc.actor.is_empty() && doc.issue.is_empty() {
            if !had_errors {
                self.push(
                    Diagnostic::new(Code::EmptyScenario, "the scenario is empty", 0..0)
                        .label("nothing to analyse")
                        .help("a scenario needs a `[scenario]` table, at least one `[[actor]]` and one `[[issue]]`; see docs/scenario-format.md"),
                );
            }
            return None;
        }
        if doc.scenario.is_none() && !self.unreadable_any("scenario") {
            self.push(
                Diagnostic::new(Code::MissingKey, "missing `[scenario]` table", 0..0)
                    .label("the file needs a [scenario] table")
                    .help("add `[scenario]` with `id`, `title` and `as_of = YYYY-MM-DD`"),
            );
        }
        if !had_errors {
            for (items, what) in [(doc.actor.len(), "actors"), (doc.issue.len(), "issues")] {
                if items == 0 {
                    self.push(
                        Diagnostic::new(
                            Code::EmptyScenario,
                            format!("the scenario has no {what}"),
                            0..0,
                        )
                        .label(format!("no {what}"))
                        .help(format!(
                            "add at least one `[[{}]]` table",
                            what.trim_end_matches('s')
                        )),
                    );
                }
            }
        }

        if let Some(meta) = &doc.scenario {
            self.check_id(&meta.id);
        }
        self.sources = self.index(doc.source.iter().map(|s| &s.id), "source");
        self.actors = self.index(doc.actor.iter().map(|a| &a.id), "actor");
        self.issues = self.index(doc.issue.iter().map(|i| &i.id), "issue");
        let names = doc.actor.iter().map(|a| (&a.name, &a.id, "actor"));
        let names = names.chain(doc.issue.iter().map(|i| (&i.name, &i.id, "issue")));
        self.names = names
            .map(|(n, id, k)| (format!("{k}:{}", n.to_lowercase()), id.value.clone()))
            .collect();
        self.index(doc.proposal.iter().map(|p| &p.id), "proposal");
        self.index(doc.framework.iter().map(|f| &f.id), "framework");
        self.index(doc.claim.iter().filter_map(|c| c.id.as_ref()), "claim");

        let limits = self.budget(doc.budget.as_ref());
        let sources = doc.source.iter().map(source).collect();
        let actors = self.actors_(doc);
        let issues: Vec<_> = doc.issue.iter().map(|i| self.issue(i)).collect();
        let positions = self.positions(doc, &issues);
        let proposals = doc
            .proposal
            .iter()
            .map(|p| self.proposal(p, &issues))
            .collect();
        let frameworks = doc.framework.iter().map(|f| self.framework(f)).collect();
        let claims = self.claims(doc);
        let conflict = doc.conflict.as_ref().map(|c| self.conflict(c));
        let packages = doc
            .packages
            .as_ref()
            .map(|p| self.packages(p, &actors, &issues));
        let proposal_ids: Vec<String> = doc.proposal.iter().map(|p| p.id.value.clone()).collect();
        let geometry = doc
            .geometry
            .as_ref()
            .map(|g| self.geometry(g, &proposal_ids, &issues));

        let brief = self.brief(doc.brief.as_ref());
        let meta = doc.scenario.as_ref()?;
        Some(Scenario {
            id: meta.id.value.clone(),
            title: meta.title.clone(),
            as_of: meta.as_of.value,
            description: meta.description.clone(),
            sources,
            actors,
            issues: issues.into_iter().collect::<Option<_>>()?,
            positions: positions.into_iter().collect::<Option<_>>()?,
            proposals: collect(proposals)?,
            frameworks: collect(frameworks)?,
            claims: collect(claims)?,
            conflict: match conflict {
                Some(c) => Some(c?),
                None => None,
            },
            packages: match packages {
                Some(p) => Some(p?),
                None => None,
            },
            geometry: match geometry {
                Some(g) => Some(g?),
                None => None,
            },
            brief: brief?,
            budget: limits?,
        })
    }

    /// `[budget]`: whole numbers from 1 to 2^53 over the defaults, then the
    /// overrides; the result is also what later rules check against.
    fn budget(&mut self, b: Option<&format::Budget>) -> Option<Limits> {
        let mut out = Limits::default();
        let mut ok = true;
        if let Some(b) = b {
            let given = [
                (&b.states, "states"),
                (&b.outcomes, "outcomes"),
                (&b.grid_values, "grid_values"),
                (&b.frontier_vectors, "frontier_vectors"),
                (&b.monte_carlo_values, "monte_carlo_values"),
                (&b.memory_mb, "memory_mb"),
            ];
            for (v, key) in given {
                let Some(v) = v else { continue };
                match budget::from_float(v.value) {
                    Some(n) => out.set(key, n).expect("a known key"),
                    None => {
                        self.push(
                            Diagnostic::new(
                                Code::InvalidBudget,
                                format!(
                                    "`{key}` = {} is not a whole number from 1 to 2^53",
                                    v.value
                                ),
                                v.span(),
                            )
                            .label("a limit: how many at most")
                            .help(format!(
                                "give a whole number such as {}, or remove the key for the default",
                                {
                                    let d = Limits::default().get(key);
                                    if d < 10_000 {
                                        d.to_string()
                                    } else {
                                        budget::thousands(d as u128).replace(',', "_")
                                    }
                                }
                            )),
                        );
                        ok = false;
                    }
                }
            }
        }
        // The overrides win over the file.
        for (key, value) in self.overrides {
            let _ = out.set(key, *value);
        }
        self.limits = out;
        ok.then_some(out)
    }

    /// `[brief]`: each share in (0, 1], counts positive; defaults where
    /// none is given.
    fn brief(&mut self, b: Option<&format::Brief>) -> Option<model::BriefSettings> {
        let mut out = model::BriefSettings::default();
        let Some(b) = b else {
            return Some(out);
        };
        let mut ok = true;
        let shares = [
            (&b.agree, &mut out.agree, "agree"),
            (&b.settled, &mut out.settled, "settled"),
            (&b.disagree, &mut out.disagree, "disagree"),
            (&b.wide, &mut out.wide, "wide"),
            (
                &b.little_at_stake,
                &mut out.little_at_stake,
                "little_at_stake",
            ),
            (&b.estimates, &mut out.estimates, "estimates"),
        ];
        for (given, slot, key) in shares {
            let Some(v) = given else { continue };
            if v.value > 0.0 && v.value <= 1.0 {
                *slot = v.value;
            } else {
                self.push(
                    Diagnostic::new(
                        Code::InvalidBrief,
                        format!("`{key}` = {} is not a share", v.value),
                        v.span(),
                    )
                    .label("a share of the scale (or of the weight), above 0 and at most 1")
                    .help(format!(
                        "give a number such as {}, or remove the key for the default",
                        {
                            let d = model::BriefSettings::default();
                            match key {
                                "agree" => d.agree,
                                "settled" => d.settled,
                                "disagree" => d.disagree,
                                "wide" => d.wide,
                                "little_at_stake" => d.little_at_stake,
                                _ => d.estimates,
                            }
                        }
                    )),
                );
                ok = false;
            }
        }
        if let Some(v) = &b.few_issues {
            out.few_issues = v.value as usize;
        }
        if let Some(v) = &b.draws {
            if (1..=100_000).contains(&v.value) {
                out.draws = v.value as usize;
            } else {
                self.push(
                    Diagnostic::new(
                        Code::InvalidBrief,
                        format!("`draws` = {} is outside 1–100000", v.value),
                        v.span(),
                    )
                    .label("the number of robustness draws of the deal")
                    .help("give a number such as 1000, or remove the key for the default"),
                );
                ok = false;
            }
        }
        ok.then_some(out)
    }

    fn unreadable_any(&self, section: &str) -> bool {
        self.unreadable.iter().any(|(s, _)| s == section)
    }

    // ---- ids and references -------------------------------------------

    fn check_id(&mut self, id: &Spanned<String>) {
        let ok = !id.is_empty()
            && id
                .chars()
                .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.'));
        if !ok {
            self.push(
                Diagnostic::new(Code::InvalidId, format!("invalid id `{}`", id.value), id.span())
                    .label("ids are non-empty and use letters, digits, `-`, `_` or `.`")
                    .help("ids are what other tables refer to: keep them short, e.g. `UA`, `territory`, `us-buffer`"),
            );
        }
    }

    /// Checks ids of one kind are valid and unique; returns id → index.
    fn index<'s>(
        &mut self,
        ids: impl Iterator<Item = &'s Spanned<String>>,
        kind: &str,
    ) -> HashMap<String, usize> {
        let mut seen: HashMap<String, (usize, Span)> = HashMap::new();
        for (i, id) in ids.enumerate() {
            self.check_id(id);
            if let Some((_, first)) = seen.get(&id.value) {
                let first = first.clone();
                self.push(
                    Diagnostic::new(
                        Code::DuplicateId,
                        format!("duplicate {kind} id `{}`", id.value),
                        id.span(),
                    )
                    .label("used again here")
                    .related(first, "first used here")
                    .help(format!("give each {kind} its own id")),
                );
            } else {
                seen.insert(id.value.clone(), (i, id.span()));
            }
        }
        seen.into_iter().map(|(k, (i, _))| (k, i)).collect()
    }

    fn resolve(&mut self, id: &Spanned<String>, kind: Kind) -> Option<Ref> {
        let map = match kind {
            Kind::Source => &self.sources,
            Kind::Actor => &self.actors,
            Kind::Issue => &self.issues,
        };
        if let Some(&index) = map.get(&id.value) {
            return Some(Ref {
                index,
                id: id.value.clone(),
            });
        }
        if self
            .unreadable
            .contains(&(kind.word().to_owned(), id.value.clone()))
        {
            return None;
        }
        let mut known: Vec<&str> = map.keys().map(String::as_str).collect();
        known.sort_unstable();
        let by_name = self
            .names
            .get(&format!("{}:{}", kind.word(), id.value.to_lowercase()));
        let help = match by_name {
            Some(real) => Some(format!(
                "`{}` is the name of {} `{real}`; refer to it by its id: `{real}`",
                id.value,
                kind.word()
            )),
            None => suggest::help_for(&id.value, &known, &format!("{}s are", kind.word())),
        }
        .unwrap_or_else(|| format!("the scenario defines no {}s yet", kind.word()));
        self.push(
            Diagnostic::new(
                kind.code(),
                format!("unknown {} `{}`", kind.word(), id.value),
                id.span(),
            )
            .label(format!("no {} has this id", kind.word()))
            .help(help),
        );
        None
    }

    // ---- numbers ------------------------------------------------------

    fn finite(&mut self, x: &Spanned<f64>, what: &str) -> bool {
        if x.is_finite() {
            return true;
        }
        self.push(
            Diagnostic::new(
                Code::NonFinite,
                format!("{what} must be a finite number"),
                x.span(),
            )
            .label(format!("found {}", x.value))
            .help("write an ordinary number; leave out `nan` and `inf`"),
        );
        false
    }

    fn non_negative(&mut self, x: &Spanned<f64>, what: &str) -> Option<f64> {
        if !self.finite(x, what) {
            return None;
        }
        if x.value < 0.0 {
            self.push(
                Diagnostic::new(
                    Code::NegativeUncertainty,
                    format!("{what} cannot be negative"),
                    x.span(),
                )
                .label(format!("found {}", x.value))
                .help("give a standard deviation or tolerance of 0 or more"),
            );
            return None;
        }
        Some(x.value)
    }

    // ---- evidence -----------------------------------------------------

    fn quotes(&mut self, quotes: &[format::Quote]) -> Vec<model::Quote> {
        quotes
            .iter()
            .filter_map(|q| self.quote(&q.source, &q.quote))
            .collect()
    }

    fn quote(&mut self, source: &Spanned<String>, text: &Spanned<String>) -> Option<model::Quote> {
        let source = self.resolve(source, Kind::Source);
        if text.trim().is_empty() {
            self.push(
                Diagnostic::new(Code::EmptyQuote, "empty quote", text.span())
                    .label("nothing to look up in the source")
                    .help("copy a short verbatim passage (a phrase to a sentence) from the source"),
            );
            return None;
        }
        Some(model::Quote {
            source: source?,
            text: text.value.clone(),
            span: text.span(),
        })
    }

    /// Evidence for an input that must be sourced or marked as an estimate.
    fn sourced(
        &mut self,
        quotes: &[format::Quote],
        estimate: Option<&Spanned<format::Estimate>>,
        rationale: Option<&String>,
        anchor: Span,
        what: &str,
    ) -> Evidence {
        let q = self.quotes(quotes);
        if quotes.is_empty() && estimate.is_none() {
            self.push(
                Diagnostic::new(Code::Unsourced, format!("{what} has no evidence"), anchor.clone())
                    .label("neither a quote nor an analyst estimate")
                    .help("add `evidence = [{ source = \"...\", quote = \"...\" }]`, or `estimate = \"analyst\"` with a `rationale`"),
            );
        }
        let rationale = rationale.filter(|r| !r.trim().is_empty()).cloned();
        if let Some(e) = estimate
            && rationale.is_none()
        {
            self.push(
                Diagnostic::new(Code::MissingRationale, "analyst estimate without a rationale", e.span())
                    .label("say why the analyst chose these values")
                    .help("add `rationale = \"...\"`: what the estimate rests on, so a reader can challenge it"),
            );
        }
        Evidence {
            quotes: q,
            estimate: estimate.is_some(),
            rationale,
        }
    }

    fn optional_evidence(
        &mut self,
        quotes: &[format::Quote],
        rationale: Option<&String>,
    ) -> Evidence {
        Evidence {
            quotes: self.quotes(quotes),
            estimate: false,
            rationale: rationale.cloned(),
        }
    }

    // ---- actors -------------------------------------------------------

    fn actors_(&mut self, doc: &Document) -> Vec<model::Actor> {
        let mut out = Vec::new();
        for a in &doc.actor {
            if self.finite(&a.capability, "capability")
                && !crate::rules::capability_ok(a.capability.value)
            {
                self.push(
                    Diagnostic::new(
                        Code::CapabilityNotPositive,
                        format!(
                            "capability of `{}` must be positive and at most 1e12",
                            a.id.value
                        ),
                        a.capability.span(),
                    )
                    .label(format!("found {}", crate::rules::show(a.capability.value)))
                    .help(crate::rules::CAPABILITY_HELP),
                );
            }
            let capability_sd = a
                .uncertainty
                .as_ref()
                .and_then(|u| self.non_negative(&u.capability, "capability uncertainty"))
                .unwrap_or(0.0);
            let represented_by = a.represented_by.as_ref().and_then(|r| {
                if r.value == a.id.value {
                    self.push(
                        Diagnostic::new(
                            Code::InvalidRepresentation,
                            format!("`{}` is represented by itself", a.id.value),
                            r.span(),
                        )
                        .label("names the actor's own id")
                        .help("`represented_by` names the actor that relays an absent actor's positions; remove it if the actor speaks for itself"),
                    );
                    return None;
                }
                self.resolve(r, Kind::Actor)
            });
            let evidence = self.optional_evidence(&a.evidence, a.rationale.as_ref());
            out.push(model::Actor {
                id: a.id.value.clone(),
                name: a.name.clone(),
                role: a.role.value,
                capability: a.capability.value,
                capability_sd,
                represented_by,
                people: a.people.clone(),
                description: a.description.clone(),
                evidence,
            });
        }
        self.representation_cycles(doc, &out);
        out
    }

    fn representation_cycles(&mut self, doc: &Document, actors: &[model::Actor]) {
        for (start, a) in doc.actor.iter().enumerate() {
            let mut at = start;
            for _ in 0..actors.len() {
                match actors.get(at).and_then(|x| x.represented_by.as_ref()) {
                    Some(next) => at = next.index,
                    None => break,
                }
                if at == start {
                    if let Some(r) = &a.represented_by {
                        self.push(
                            Diagnostic::new(
                                Code::InvalidRepresentation,
                                format!(
                                    "`represented_by` goes round in a cycle from `{}`",
                                    a.id.value
                                ),
                                r.span(),
                            )
                            .label("following represented_by leads back here")
                            .help("an absent actor is relayed by a present one; break the cycle"),
                        );
                    }
                    break;
                }
            }
        }
    }

    // ---- issues and values -------------------------------------------

    fn issue(&mut self, i: &format::Issue) -> Option<model::Issue> {
        let kind = match (&i.scale, &i.options) {
            (Some(_), Some(o)) => {
                self.push(
                    Diagnostic::new(
                        Code::IssueKind,
                        format!("issue `{}` has both a scale and options", i.id.value),
                        o.span(),
                    )
                    .label("options given here")
                    .help(
                        "an issue is either continuous (`scale`) or discrete (`options`): keep one",
                    ),
                );
                None
            }
            (Some(s), None) => self.scale(s),
            (None, Some(o)) => self.options(o),
            (None, None) => {
                self.push(
                    Diagnostic::new(
                        Code::IssueKind,
                        format!("issue `{}` has neither a scale nor options", i.id.value),
                        i.id.span(),
                    )
                    .label("no scale or options")
                    .help("add `scale = { min = 0, max = 100, unit = \"%\", low = \"...\", high = \"...\" }` or `options = [\"...\", \"...\"]`"),
                );
                None
            }
        };
        let evidence = self.optional_evidence(&i.evidence, None);
        Some(model::Issue {
            id: i.id.value.clone(),
            name: i.name.clone(),
            track: i.track.value,
            description: i.description.clone(),
            kind: kind?,
            evidence,
        })
    }

    fn scale(&mut self, s: &Spanned<format::Scale>) -> Option<IssueKind> {
        let ok = self.finite(&s.min, "scale min") & self.finite(&s.max, "scale max");
        if !ok {
            return None;
        }
        if !crate::rules::magnitude_ok(s.min.value) || !crate::rules::magnitude_ok(s.max.value) {
            self.push(
                Diagnostic::new(
                    Code::InvalidScale,
                    "scale ends must lie within ±1e12",
                    s.span(),
                )
                .label(format!(
                    "min = {}, max = {}",
                    crate::rules::show(s.min.value),
                    crate::rules::show(s.max.value)
                ))
                .help("choose a unit in which the scale's numbers are smaller (EUR bn, not EUR)"),
            );
            return None;
        }
        if s.min.value >= s.max.value {
            self.push(
                Diagnostic::new(
                    Code::InvalidScale,
                    "scale `min` must be below `max`",
                    s.span(),
                )
                .label(format!("min = {}, max = {}", s.min.value, s.max.value))
                .help("swap them, or widen the scale so positions can differ"),
            );
            return None;
        }
        Some(IssueKind::Scale {
            min: s.min.value,
            max: s.max.value,
            unit: s.unit.clone(),
            low: s.low.clone(),
            high: s.high.clone(),
        })
    }

    fn options(&mut self, o: &Spanned<Vec<Spanned<String>>>) -> Option<IssueKind> {
        if o.len() < 2 {
            self.push(
                Diagnostic::new(
                    Code::InvalidOptions,
                    "an options issue needs at least two options",
                    o.span(),
                )
                .label(format!("{} option(s)", o.len()))
                .help("list the alternatives in order, first to last"),
            );
            return None;
        }
        let mut ok = true;
        let mut seen: HashMap<&str, Span> = HashMap::new();
        for opt in o.iter() {
            if opt.trim().is_empty() {
                ok = false;
                self.push(
                    Diagnostic::new(Code::InvalidOptions, "empty option label", opt.span())
                        .label("empty")
                        .help("give every option a label positions can refer to"),
                );
            } else if let Some(first) = seen.get(opt.value.as_str()) {
                ok = false;
                let first = first.clone();
                self.push(
                    Diagnostic::new(
                        Code::InvalidOptions,
                        format!("option `{}` is listed twice", opt.value),
                        opt.span(),
                    )
                    .label("repeated here")
                    .related(first, "first listed here")
                    .help("each option label must be unique"),
                );
            } else {
                seen.insert(&opt.value, opt.span());
            }
        }
        ok.then(|| IssueKind::Options {
            options: o.iter().map(|s| s.value.clone()).collect(),
        })
    }

    /// Checks a position or proposal value against its issue.
    fn value(&mut self, v: &Spanned<format::Value>, issue: &model::Issue) -> Option<Value> {
        match (&v.value, &issue.kind) {
            (format::Value::Number(x), IssueKind::Scale { min, max, unit, .. }) => {
                if !x.is_finite() {
                    self.push(
                        Diagnostic::new(
                            Code::NonFinite,
                            "position must be a finite number",
                            v.span(),
                        )
                        .label(format!("found {x}"))
                        .help("write an ordinary number; leave out `nan` and `inf`"),
                    );
                    return None;
                }
                if x < min || x > max {
                    self.push(
                        Diagnostic::new(
                            Code::OutOfScale,
                            format!("{x} is outside the scale of `{}`", issue.id),
                            v.span(),
                        )
                        .label(format!("scale is {min} to {max} {unit}"))
                        .help(format!(
                            "give a value from {min} to {max}, or widen the issue's scale"
                        )),
                    );
                    return None;
                }
                Some(Value::Number(*x))
            }
            (format::Value::Label(l), IssueKind::Options { options }) => {
                if let Some(index) = options.iter().position(|o| o == l) {
                    return Some(Value::Option {
                        index,
                        label: l.clone(),
                    });
                }
                let opts: Vec<&str> = options.iter().map(String::as_str).collect();
                self.push(
                    Diagnostic::new(
                        Code::NotAnOption,
                        format!("`{l}` is not an option of `{}`", issue.id),
                        v.span(),
                    )
                    .label("not among the issue's options")
                    .maybe_help(suggest::help_for(l, &opts, "options are")),
                );
                None
            }
            (format::Value::Label(l), IssueKind::Scale { min, max, unit, .. }) => {
                self.push(
                    Diagnostic::new(
                        Code::ValueKind,
                        format!("`{}` is a scale issue; expected a number", issue.id),
                        v.span(),
                    )
                    .label(format!("the label \"{l}\""))
                    .help(format!("give a number from {min} to {max} {unit}")),
                );
                None
            }
            (format::Value::Number(x), IssueKind::Options { options }) => {
                let opts: Vec<&str> = options.iter().map(String::as_str).collect();
                self.push(
                    Diagnostic::new(
                        Code::ValueKind,
                        format!(
                            "`{}` is an options issue; expected an option label",
                            issue.id
                        ),
                        v.span(),
                    )
                    .label(format!("the number {x}"))
                    .help(format!("options are: {}", suggest::quoted_list(&opts))),
                );
                None
            }
        }
    }

    // ---- positions ----------------------------------------------------

    fn positions(
        &mut self,
        doc: &Document,
        issues: &[Option<model::Issue>],
    ) -> Vec<Option<model::Position>> {
        let mut seen: HashMap<(usize, usize), Span> = HashMap::new();
        let mut out = Vec::new();
        for p in &doc.position {
            let actor = self.resolve(&p.actor, Kind::Actor);
            let issue = self.resolve(&p.issue, Kind::Issue);
            let what = format!("position of `{}` on `{}`", p.actor.value, p.issue.value);
            let at = issue
                .as_ref()
                .and_then(|i| issues[i.index].as_ref())
                .and_then(|i| self.value(&p.at, i));
            let salience_ok = self.finite(&p.salience, "salience");
            if salience_ok && !crate::rules::salience_ok(p.salience.value) {
                self.push(
                    Diagnostic::new(
                        Code::SalienceRange,
                        "salience must be between 0 and 1",
                        p.salience.span(),
                    )
                    .label(format!("found {}", p.salience.value))
                    .help(crate::rules::SALIENCE_HELP),
                );
            }
            let u = p.uncertainty.as_ref();
            let at_sd = u
                .and_then(|u| u.at.as_ref())
                .and_then(|x| self.non_negative(x, "position uncertainty"));
            let salience_sd = u
                .and_then(|u| u.salience.as_ref())
                .and_then(|x| self.non_negative(x, "salience uncertainty"));
            let evidence = self.sourced(
                &p.evidence,
                p.estimate.as_ref(),
                p.rationale.as_ref(),
                p.actor.span(),
                &what,
            );
            if let (Some(a), Some(i)) = (&actor, &issue) {
                if let Some(first) = seen.get(&(a.index, i.index)) {
                    let first = first.clone();
                    self.push(
                        Diagnostic::new(
                            Code::DuplicatePosition,
                            format!("second {what}"),
                            p.actor.span(),
                        )
                        .label("the same actor and issue again")
                        .related(first, "first position here")
                        .help("keep one position per actor and issue; put doubt in `uncertainty`"),
                    );
                } else {
                    seen.insert((a.index, i.index), p.actor.span());
                }
            }
            let position = (|| {
                Some(model::Position {
                    actor: actor?,
                    issue: issue?,
                    at: at?,
                    salience: p.salience.value,
                    at_sd: at_sd.unwrap_or(0.0),
                    salience_sd: salience_sd.unwrap_or(0.0),
                    evidence,
                })
            })();
            out.push(position);
        }
        out
    }

    // ---- proposals and frameworks ------------------------------------

    fn proposal(
        &mut self,
        p: &format::Proposal,
        issues: &[Option<model::Issue>],
    ) -> Option<model::Proposal> {
        let by = self.resolve(&p.by, Kind::Actor);
        let mut values = Vec::new();
        for (key, value) in &p.values {
            let Some(issue) = self.resolve(key, Kind::Issue) else {
                continue;
            };
            if let Some(v) = issues[issue.index]
                .as_ref()
                .and_then(|i| self.value(value, i))
            {
                values.push(model::ProposalValue { issue, value: v });
            }
        }
        if let (Some(d), Some(e)) = (&p.date, &p.expires)
            && e.value < d.value
        {
            self.push(
                Diagnostic::new(
                    Code::DateOrder,
                    format!("proposal `{}` expires before it was tabled", p.id.value),
                    e.span(),
                )
                .label(format!("expires {}", e.value))
                .related(d.span(), format!("tabled {}", d.value))
                .help("check the two dates"),
            );
        }
        let responses = p
            .response
            .iter()
            .map(|r| {
                let actor = self.resolve(&r.actor, Kind::Actor);
                let evidence = self.optional_evidence(&r.evidence, r.rationale.as_ref());
                Some(model::Response {
                    actor: actor?,
                    stance: r.stance.value,
                    evidence,
                })
            })
            .collect::<Vec<_>>();
        let evidence = self.optional_evidence(&p.evidence, p.rationale.as_ref());
        Some(model::Proposal {
            id: p.id.value.clone(),
            name: p.name.clone(),
            by: by?,
            date: p.date.as_ref().map(|d| d.value),
            expires: p.expires.as_ref().map(|d| d.value),
            conditions: p.conditions.clone(),
            description: p.description.clone(),
            values,
            responses: collect(responses)?,
            evidence,
        })
    }

    fn framework(&mut self, f: &format::Framework) -> Option<model::Framework> {
        let evidence = self.optional_evidence(&f.evidence, None);
        self.index(f.point.iter().map(|p| &p.id), "point");
        let mut numbers: HashMap<u32, Span> = HashMap::new();
        let mut points = Vec::new();
        for p in &f.point {
            if let Some(n) = &p.number {
                let beyond = f
                    .points_total
                    .as_ref()
                    .is_some_and(|t| n.value > t.value || n.value == 0);
                if beyond {
                    self.push(
                        Diagnostic::new(
                            Code::OutOfScale,
                            format!("point number {} is outside the plan", n.value),
                            n.span(),
                        )
                        .label(format!(
                            "the plan has points 1 to {}",
                            f.points_total.as_ref().map_or(0, |t| t.value)
                        ))
                        .help("check the number against `points_total`"),
                    );
                }
                if let Some(first) = numbers.get(&n.value) {
                    let first = first.clone();
                    self.push(
                        Diagnostic::new(Code::DuplicateId, format!("point number {} is used twice", n.value), n.span())
                            .label("used again here")
                            .related(first, "first used here")
                            .help("give each point its own number, or leave `number` out when the sources do not give it"),
                    );
                } else {
                    numbers.insert(n.value, n.span());
                }
            }
            let issues = p
                .issues
                .iter()
                .map(|i| self.resolve(i, Kind::Issue))
                .collect::<Vec<_>>();
            let evidence = self.optional_evidence(&p.evidence, p.rationale.as_ref());
            points.push((|| {
                Some(model::Point {
                    id: p.id.value.clone(),
                    number: p.number.as_ref().map(|n| n.value),
                    title: p.title.clone(),
                    status: p.status.value,
                    issues: collect(issues)?,
                    evidence,
                })
            })());
        }
        Some(model::Framework {
            id: f.id.value.clone(),
            name: f.name.clone(),
            points_total: f.points_total.as_ref().map(|t| t.value),
            description: f.description.clone(),
            points: collect(points)?,
            evidence,
        })
    }

    // ---- claims -------------------------------------------------------

    fn claims(&mut self, doc: &Document) -> Vec<Option<model::Claim>> {
        let mut units: HashMap<&str, &Spanned<String>> = HashMap::new();
        let mut counts: HashMap<&str, usize> = HashMap::new();
        let mut out = Vec::new();
        for c in &doc.claim {
            let n = counts.entry(c.quantity.as_str()).or_default();
            *n += 1;
            let id =
                c.id.as_ref()
                    .map_or_else(|| format!("{}#{n}", c.quantity.value), |i| i.value.clone());
            let quote = self.quote(&c.source, &c.quote);
            let value_ok = match c.value.value {
                format::ClaimValue::Number(x) => {
                    self.finite(&Spanned::new(x, c.value.span()), "claimed value")
                }
                format::ClaimValue::Range(lo, hi) => {
                    let ok = self.finite(&Spanned::new(lo, c.value.span()), "range low end")
                        && self.finite(&Spanned::new(hi, c.value.span()), "range high end");
                    if ok && lo > hi {
                        self.push(
                            Diagnostic::new(
                                Code::InvalidRange,
                                "range low end is above its high end",
                                c.value.span(),
                            )
                            .label(format!("[{lo}, {hi}]"))
                            .help(format!("write it as [{hi}, {lo}]")),
                        );
                    }
                    ok && lo <= hi
                }
            };
            let tolerance = match &c.tolerance {
                Some(t) => self.non_negative(t, "tolerance"),
                None => Some(DEFAULT_TOLERANCE),
            };
            match units.get(c.quantity.as_str()) {
                Some(first) if first.value != c.unit.value => {
                    let first = (*first).clone();
                    self.push(
                        Diagnostic::new(
                            Code::UnitMismatch,
                            format!("claims about `{}` use different units", c.quantity.value),
                            c.unit.span(),
                        )
                        .label(format!("`{}` here", c.unit.value))
                        .related(first.span(), format!("`{}` here", first.value))
                        .help("state every claim about one quantity in one unit, converting where needed, so they can be compared"),
                    );
                }
                Some(_) => {}
                None => {
                    units.insert(c.quantity.as_str(), &c.unit);
                }
            }
            out.push((|| {
                value_ok.then_some(())?;
                Some(model::Claim {
                    id,
                    quantity: c.quantity.value.clone(),
                    value: c.value.value,
                    unit: c.unit.value.clone(),
                    qualifier: c.qualifier.as_ref().map_or(Qualifier::Exact, |q| q.value),
                    tolerance: tolerance?,
                    quote: quote?,
                    span: c.value.span(),
                })
            })());
        }
        out
    }
}

fn source(s: &format::Source) -> model::Source {
    model::Source {
        id: s.id.value.clone(),
        span: s.id.span(),
        title: s.title.clone(),
        file: s.file.as_ref().map(|f| f.value.clone()),
        publisher: s.publisher.clone(),
        author: s.author.clone(),
        date: s.date.as_ref().map(|d| d.value),
        url: s.url.clone(),
    }
}

fn collect<T>(items: Vec<Option<T>>) -> Option<Vec<T>> {
    items.into_iter().collect()
}
