//! `[conflict]` → [`model::Conflict`]: options resolved, feasible states
//! enumerated, preferences turned into payoffs, every problem a diagnostic.

use std::collections::HashMap;

use detente_gmcr::options::Condition;
use detente_gmcr::prefs::{Statement, scores};

use super::{Kind, Validator};
use crate::budget;
use crate::code::Code;
use crate::diagnostic::Diagnostic;
use crate::format::{self, OptionDirection, RankEntry, StatementEntry};
use crate::model::{self, Ref};
use crate::spanned::{Span, Spanned};
use crate::suggest;

/// Most options a scenario conflict may have under the default budget:
/// 2^20 candidate states. A `[budget] states` above 2^20 allows as many
/// options as its power of two, up to the engine's 30.
pub const MAX_CONFLICT_OPTIONS: usize = 20;

/// Options allowed under a states budget: enough to reach it, at least
/// [`MAX_CONFLICT_OPTIONS`] and at most the engine's limit.
fn options_allowed(states: u64) -> usize {
    let reach = 64 - (states.max(1) - 1).leading_zeros() as usize;
    reach.clamp(MAX_CONFLICT_OPTIONS, detente_gmcr::options::MAX_OPTIONS)
}

impl Validator<'_> {
    pub(super) fn conflict(&mut self, c: &format::Conflict) -> Option<model::Conflict> {
        let option_ids = self.index(c.option.iter().map(|o| &o.id), "option");
        let mut dms: Vec<Ref> = Vec::new();
        let mut options = Vec::new();
        for o in &c.option {
            let dm = self.resolve(&o.dm, Kind::Actor);
            let dm_index = dm
                .as_ref()
                .map(|d| match dms.iter().position(|x| x.index == d.index) {
                    Some(i) => i,
                    None => {
                        dms.push(d.clone());
                        dms.len() - 1
                    }
                });
            let evidence = self.optional_evidence(&o.evidence, o.rationale.as_ref());
            if let (Some(dm), Some(dm_index)) = (dm, dm_index) {
                options.push(model::ConflictOption {
                    id: o.id.value.clone(),
                    name: o.name.clone(),
                    dm,
                    dm_index,
                    direction: o
                        .direction
                        .as_ref()
                        .map_or(OptionDirection::Both, |d| d.value),
                    evidence,
                });
            }
        }
        let allowed = options_allowed(self.limits.states);
        if let Some(o) = c.option.get(allowed) {
            let raise = if allowed < detente_gmcr::options::MAX_OPTIONS {
                format!(
                    ", or raise the budget (`[budget] states = {}` allows {} options)",
                    1u64 << (allowed + 1),
                    allowed + 1
                )
            } else {
                String::new()
            };
            self.push(
                Diagnostic::new(Code::TooManyOptions, format!("more than {allowed} conflict options"), o.id.span())
                    .label(format!("option {}", allowed + 1))
                    .help(format!("each option doubles the number of states; merge options or model the conflict in parts{raise}")),
            );
            return None;
        }
        // An option whose DM did not resolve was reported already; checking
        // states and preferences without it would only report its echoes
        // (an infeasible status quo, unsatisfiable statements).
        if options.len() < c.option.len() {
            return None;
        }
        if dms.len() < 2 && options.len() == c.option.len() {
            let span = c.option.first().map_or(0..0, |o| o.dm.span());
            self.push(
                Diagnostic::new(Code::TooFewDms, "a conflict needs at least two decision makers", span)
                    .label(format!("{} actor(s) control options", dms.len()))
                    .help("give options to at least two actors: stability is about how each anticipates the others"),
            );
            return None;
        }
        let ids: Vec<&str> = c.option.iter().map(|o| o.id.as_str()).collect();
        let lookup = |name: &str| option_ids.get(name).copied();

        let mut infeasible = Vec::new();
        for rule in &c.infeasible {
            infeasible.extend(self.infeasible(rule, &lookup, &ids));
        }
        let form = model::option_form(&dms, &options, &infeasible);
        let feasible = form.feasible_states();
        if feasible.len() as u64 > self.limits.states {
            let span = c.option.first().map_or(0..0, |o| o.id.span());
            self.push(
                Diagnostic::new(
                    Code::TooManyOptions,
                    format!(
                        "{} feasible states, more than the budget of {}",
                        budget::thousands(feasible.len() as u128),
                        budget::thousands(self.limits.states as u128)
                    ),
                    span,
                )
                .label("the options start here")
                .help(format!(
                    "add infeasibility rules or merge options, or raise the budget: `[budget] states = {}` or `--budget states={}`",
                    feasible.len(),
                    feasible.len()
                )),
            );
            return None;
        }
        if let Err(e) = form.within(feasible.len(), self.limits.memory_bytes()) {
            let span = c.option.first().map_or(0..0, |o| o.id.span());
            self.push(
                Diagnostic::new(Code::TooManyOptions, e.to_string(), span)
                    .label("the options start here")
                    .help(format!(
                        "{}; or raise the budget: `[budget] memory_mb` or `--budget memory_mb=…`",
                        detente_gmcr::options::MOVE_BUDGET_HELP
                    )),
            );
            return None;
        }
        let coalesce: Vec<Vec<(usize, bool)>> = c
            .coalesce
            .iter()
            .filter_map(|k| self.literals(&k.all, &lookup, &ids))
            .collect();
        let classes: Vec<Condition> = coalesce.iter().map(|k| Condition(k.clone())).collect();
        let states = detente_gmcr::coalesce::representatives(&feasible, &classes);
        if states.is_empty() {
            let span = c.infeasible.first().map_or(0..0, rule_span);
            self.push(
                Diagnostic::new(
                    Code::NoFeasibleState,
                    "no combination of options is feasible",
                    span,
                )
                .label("the infeasibility rules together exclude every state")
                .help("relax a rule: `exclusive` allows none chosen, `at_least_one` forbids that"),
            );
            return None;
        }

        let status_quo = c.status_quo.as_ref().and_then(|sq| {
            let mut bits = 0u64;
            for id in sq.iter() {
                bits |= 1 << self.option_ref(id, &lookup, &ids)?;
            }
            let at = feasible.iter().position(|&s| s == bits).map(|_| {
                // Its number is that of the merged state it belongs to.
                let rep = classes
                    .iter()
                    .find(|k| k.holds(bits))
                    .and_then(|k| feasible.iter().copied().filter(|&s| k.holds(s)).min())
                    .unwrap_or(bits);
                states.binary_search(&rep).unwrap_or(0)
            });
            if at.is_none() {
                self.push(
                    Diagnostic::new(Code::StatusQuoInfeasible, "the status quo is not a feasible state", sq.span())
                        .label("this combination breaks an infeasibility rule")
                        .help("list exactly the options chosen at the status quo; the others count as not chosen"),
                );
            }
            at
        });

        let mut preferences: Vec<Option<model::ConflictPreference>> = vec![None; dms.len()];
        let mut first: HashMap<usize, Span> = HashMap::new();
        for p in &c.preference {
            let Some(dm) = self.resolve(&p.dm, Kind::Actor) else {
                continue;
            };
            let Some(slot) = dms.iter().position(|d| d.index == dm.index) else {
                self.push(
                    Diagnostic::new(
                        Code::InvalidPreference,
                        format!("`{}` controls no conflict option", dm.id),
                        p.dm.span(),
                    )
                    .label("not a decision maker of the conflict")
                    .help("give the actor an option, or drop this preference"),
                );
                continue;
            };
            if let Some(f) = first.get(&slot) {
                let f = f.clone();
                self.push(
                    Diagnostic::new(
                        Code::InvalidPreference,
                        format!("second preference for `{}`", dm.id),
                        p.dm.span(),
                    )
                    .label("again here")
                    .related(f, "first here")
                    .help("give each decision maker one preference"),
                );
                continue;
            }
            first.insert(slot, p.dm.span());
            let evidence = self.sourced(
                &p.evidence,
                p.estimate.as_ref(),
                p.rationale.as_ref(),
                p.dm.span(),
                &format!("preference of `{}`", dm.id),
            );
            let (statements, payoff) = match (&p.statements, &p.ranking) {
                (Some(st), None) => {
                    // Each statement's text with its span, and its own
                    // evidence when it is given as a table.
                    let texts: Vec<Spanned<String>> = st
                        .iter()
                        .map(|e| match &e.value {
                            StatementEntry::Text(t) => Spanned::new(t.clone(), e.span()),
                            StatementEntry::Sourced(s) => {
                                Spanned::new(s.statement.value.clone(), s.statement.span())
                            }
                        })
                        .collect();
                    let payoff = self.statements(st.span(), &texts, &lookup, &ids, &states);
                    let mut statements = Vec::new();
                    for (k, (e, t)) in st.iter().zip(&texts).enumerate() {
                        let evidence = match &e.value {
                            StatementEntry::Text(_) => model::Evidence::default(),
                            StatementEntry::Sourced(s) => self.sourced(
                                &s.evidence,
                                s.estimate.as_ref(),
                                s.rationale.as_ref(),
                                s.statement.span(),
                                &format!("statement {} of the preference of `{}`", k + 1, dm.id),
                            ),
                        };
                        statements.push(model::PreferenceStatement {
                            text: t.value.clone(),
                            evidence,
                        });
                    }
                    (statements, payoff)
                }
                (None, Some(r)) => (Vec::new(), self.ranking(r, states.len())),
                _ => {
                    self.push(
                        Diagnostic::new(Code::InvalidPreference, format!("preference of `{}` needs `statements` or `ranking`", dm.id), p.dm.span())
                            .label("give exactly one of the two")
                            .help("`statements = [\"...\"]` (most important first) or `ranking = [3, [1, 2], 4]` (state numbers, best first)"),
                    );
                    (Vec::new(), None)
                }
            };
            // A preference that cannot tell any two states apart makes every
            // state stable for its DM: say so rather than answer confidently.
            if let Some(pay) = &payoff
                && pay.windows(2).all(|w| w[0] == w[1])
            {
                self.push(
                    Diagnostic::new(
                        Code::IndifferentPreference,
                        format!(
                            "the preference of `{}` ranks every state equal",
                            dm.id
                        ),
                        p.dm.span(),
                    )
                    .label("no state is better than another for it")
                    .help("every state is then stable for this decision maker; give statements that some states satisfy and others do not, or a ranking that orders them"),
                );
            }
            preferences[slot] = payoff.map(|payoff| model::ConflictPreference {
                dm,
                statements,
                payoff,
                evidence,
            });
        }
        for (slot, dm) in dms.iter().enumerate() {
            if !first.contains_key(&slot) {
                let span = c
                    .option
                    .iter()
                    .find(|o| o.dm.value == dm.id)
                    .map_or(0..0, |o| o.dm.span());
                self.push(
                    Diagnostic::new(
                        Code::InvalidPreference,
                        format!("decision maker `{}` has no preference", dm.id),
                        span,
                    )
                    .label("controls options here")
                    .help(format!(
                        "add `[[conflict.preference]]` with `dm = \"{}\"`",
                        dm.id
                    )),
                );
            }
        }
        Some(model::Conflict {
            description: c.description.clone(),
            dms,
            options,
            infeasible,
            coalesce,
            states,
            status_quo,
            preferences: preferences.into_iter().collect::<Option<_>>()?,
        })
    }

    fn option_ref(
        &mut self,
        id: &Spanned<String>,
        lookup: &dyn Fn(&str) -> Option<usize>,
        ids: &[&str],
    ) -> Option<usize> {
        if let Some(k) = lookup(&id.value) {
            return Some(k);
        }
        self.push(
            Diagnostic::new(
                Code::UnknownOption,
                format!("unknown option `{}`", id.value),
                id.span(),
            )
            .label("no conflict option has this id")
            .maybe_help(suggest::help_for(&id.value, ids, "options are")),
        );
        None
    }

    fn infeasible(
        &mut self,
        r: &format::Infeasible,
        lookup: &dyn Fn(&str) -> Option<usize>,
        ids: &[&str],
    ) -> Vec<Vec<(usize, bool)>> {
        let given = [&r.exclusive, &r.at_least_one, &r.all];
        if given.iter().filter(|g| g.is_some()).count() != 1 {
            self.push(
                Diagnostic::new(
                    Code::InfeasibleKind,
                    "an infeasibility rule needs exactly one of `exclusive`, `at_least_one`, `all`",
                    rule_span(r),
                )
                .label(if given.iter().all(|g| g.is_none()) {
                    "none given"
                } else {
                    "several given"
                })
                .help("split it into one `[[conflict.infeasible]]` per rule"),
            );
            return Vec::new();
        }
        if let Some(list) = &r.all {
            return self.literals(list, lookup, ids).into_iter().collect();
        }
        let (list, exclusive) = match (&r.exclusive, &r.at_least_one) {
            (Some(l), _) => (l, true),
            (_, Some(l)) => (l, false),
            _ => return Vec::new(),
        };
        let opts: Option<Vec<usize>> = list
            .iter()
            .map(|id| self.option_ref(id, lookup, ids))
            .collect();
        let Some(opts) = opts else { return Vec::new() };
        if exclusive {
            Condition::mutually_exclusive(&opts)
                .into_iter()
                .map(|c| c.0)
                .collect()
        } else {
            vec![Condition::at_least_one(&opts).0]
        }
    }

    /// `["id", "-id", ...]` as (option, chosen) literals; `None` if any is unknown.
    fn literals(
        &mut self,
        list: &Spanned<Vec<Spanned<String>>>,
        lookup: &dyn Fn(&str) -> Option<usize>,
        ids: &[&str],
    ) -> Option<Vec<(usize, bool)>> {
        let mut lits = Vec::new();
        for lit in list.iter() {
            let (negated, name) = match lit.strip_prefix('-') {
                Some(rest) => (true, rest),
                None => (false, lit.as_str()),
            };
            let span = if negated {
                lit.span.start + 2..lit.span.end.saturating_sub(1)
            } else {
                lit.span()
            };
            lits.push((
                self.option_ref(&Spanned::new(name.to_owned(), span), lookup, ids)?,
                !negated,
            ));
        }
        Some(lits)
    }

    fn statements(
        &mut self,
        list: Span,
        st: &[Spanned<String>],
        lookup: &dyn Fn(&str) -> Option<usize>,
        ids: &[&str],
        states: &[u64],
    ) -> Option<Vec<i64>> {
        if st.is_empty() {
            self.push(
                Diagnostic::new(Code::InvalidPreference, "no statements", list)
                    .label("empty list")
                    .help("list what the DM wants, most important first, e.g. `[\"-withdraw\", \"guarantee\"]`"),
            );
            return None;
        }
        let mut parsed = Vec::new();
        for s in st.iter() {
            // Offsets inside the statement, past the opening quote.
            let at = |k: usize| {
                let start = (s.span.start + 1 + k).min(s.span.end);
                start..(start + 1).min(s.span.end.max(start + 1))
            };
            match Statement::parse_with(&s.value, ids.len(), lookup) {
                Ok(p) => {
                    if !states.iter().any(|&x| p.holds(x)) {
                        self.push(
                            Diagnostic::new(Code::UnsatisfiableStatement, "no feasible state satisfies this statement", s.span())
                                .label("never true")
                                .help("it cannot rank states apart; check it against the infeasibility rules"),
                        );
                    }
                    parsed.push(p);
                }
                Err(e) if e.message.starts_with("unknown option") => {
                    let word: String = s.value[e.at..]
                        .chars()
                        .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-'))
                        .collect();
                    let span = at(e.at);
                    self.push(
                        Diagnostic::new(Code::UnknownOption, format!("unknown option `{word}`"), span.start..span.start + word.len())
                            .label("no conflict option has this id")
                            .maybe_help(suggest::help_for(&word, ids, "options are")),
                    );
                }
                Err(e) => self.push(
                    Diagnostic::new(Code::InvalidStatement, "invalid preference statement", at(e.at))
                        .label(e.message.clone())
                        .help("statements use option ids or numbers, `-` (not), `&`, `|`, `if`, `iff` and parentheses, e.g. \"-withdraw & (ceasefire | guarantee)\""),
                ),
            }
        }
        (parsed.len() == st.len()).then(|| scores(&parsed, states))
    }

    fn ranking(&mut self, r: &Spanned<Vec<Spanned<RankEntry>>>, n: usize) -> Option<Vec<i64>> {
        let mut payoff: Vec<Option<i64>> = vec![None; n];
        let mut seen_at: Vec<Option<Span>> = vec![None; n];
        let groups = r.len() as i64;
        let mut ok = true;
        for (rank, entry) in r.iter().enumerate() {
            let members: Vec<i64> = match &entry.value {
                RankEntry::State(s) => vec![*s],
                RankEntry::Tied(v) => v.clone(),
            };
            for s in members {
                let Some(i) = usize::try_from(s)
                    .ok()
                    .filter(|&s| (1..=n).contains(&s))
                    .map(|s| s - 1)
                else {
                    ok = false;
                    self.push(
                        Diagnostic::new(
                            Code::InvalidRanking,
                            format!("no state {s}"),
                            entry.span(),
                        )
                        .label(format!("states are numbered 1 to {n}"))
                        .help("`detente stability` lists the states and their numbers"),
                    );
                    continue;
                };
                if let Some(first) = &seen_at[i] {
                    ok = false;
                    let first = first.clone();
                    self.push(
                        Diagnostic::new(
                            Code::InvalidRanking,
                            format!("state {s} is ranked twice"),
                            entry.span(),
                        )
                        .label("again here")
                        .related(first, "first here")
                        .help(
                            "rank every state once; put tied states in one inner list, e.g. [2, 5]",
                        ),
                    );
                    continue;
                }
                seen_at[i] = Some(entry.span());
                payoff[i] = Some(groups - rank as i64);
            }
        }
        let missing: Vec<String> = (0..n)
            .filter(|&i| payoff[i].is_none() && seen_at[i].is_none())
            .map(|i| (i + 1).to_string())
            .collect();
        if !missing.is_empty() {
            ok = false;
            self.push(
                Diagnostic::new(
                    Code::InvalidRanking,
                    format!("the ranking misses {} state(s)", missing.len()),
                    r.span(),
                )
                .label(format!("missing: {}", missing.join(", ")))
                .help("rank every feasible state; `detente stability` lists them"),
            );
        }
        if ok {
            payoff.into_iter().collect()
        } else {
            None
        }
    }
}

fn rule_span(r: &format::Infeasible) -> Span {
    [&r.exclusive, &r.at_least_one, &r.all]
        .into_iter()
        .flatten()
        .map(|l| l.span())
        .next()
        .unwrap_or(0..0)
}
