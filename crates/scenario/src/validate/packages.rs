//! `[packages]` → [`model::Packages`]: parties, the no-deal package,
//! reservation values, discretisation steps and per-value utilities
//! checked, every problem a diagnostic with a span.

use std::collections::HashMap;

use super::{Kind, Validator};
use crate::code::Code;
use crate::diagnostic::Diagnostic;
use crate::format::{self, Role};
use crate::model::{self, IssueKind, Ref, Value};
use crate::spanned::Spanned;

impl Validator<'_> {
    pub(super) fn packages(
        &mut self,
        p: &format::Packages,
        actors: &[model::Actor],
        issues: &[Option<model::Issue>],
    ) -> Option<model::Packages> {
        let mut ok = true;
        let parties: Option<Vec<Ref>> = p.parties.as_ref().map(|list| {
            let mut out: Vec<Ref> = Vec::new();
            for id in list.iter() {
                let Some(r) = self.resolve(id, Kind::Actor) else {
                    ok = false;
                    continue;
                };
                if out.iter().any(|x| x.index == r.index) {
                    self.push(
                        Diagnostic::new(Code::InvalidPackages, format!("party `{}` is listed twice", id.value), id.span())
                            .label("listed again here")
                            .help("list each party once"),
                    );
                    ok = false;
                    continue;
                }
                out.push(r);
            }
            if out.len() < 2 && ok {
                self.push(
                    Diagnostic::new(Code::InvalidPackages, "a deal needs at least two parties", list.span())
                        .label(format!("{} listed", out.len()))
                        .help("list the actors whose agreement a deal needs, e.g. `parties = [\"UA\", \"RU\"]`"),
                );
                ok = false;
            }
            out
        });
        // Who counts as a party, for the checks below.
        let party_indices: Vec<usize> = match &parties {
            Some(list) => list.iter().map(|r| r.index).collect(),
            None => actors
                .iter()
                .enumerate()
                .filter(|(_, a)| a.role == Role::Party)
                .map(|(i, _)| i)
                .collect(),
        };
        let mut no_deal = Vec::new();
        for (key, value) in &p.no_deal {
            let Some(issue) = self.resolve(key, Kind::Issue) else {
                ok = false;
                continue;
            };
            match issues[issue.index]
                .as_ref()
                .and_then(|i| self.value(value, i))
            {
                Some(v) => no_deal.push(model::ProposalValue { issue, value: v }),
                None => ok = false,
            }
        }
        let mut reservation = Vec::new();
        ok &= self.party_shares(
            &p.reservation,
            &party_indices,
            &mut reservation,
            (
                "reservation value",
                "utilities run from 0 (the party's worst package) to 1 (its best)",
                "give the utility of no agreement on that scale, e.g. 0.4",
            ),
        );
        let mut reservation_sd = Vec::new();
        ok &= self.party_shares(
            &p.reservation_uncertainty,
            &party_indices,
            &mut reservation_sd,
            (
                "reservation uncertainty",
                "a standard deviation on the utility scale (0 to 1)",
                "give how far the value of no agreement may lie off, e.g. 0.05",
            ),
        );
        let mut step = Vec::new();
        for (key, value) in &p.step {
            let Some(issue) = self.resolve(key, Kind::Issue) else {
                ok = false;
                continue;
            };
            let Some(i) = issues[issue.index].as_ref() else {
                ok = false;
                continue;
            };
            match &i.kind {
                IssueKind::Scale { min, max, unit, .. } => {
                    let s = value.value;
                    if !(s.is_finite() && s > 0.0 && s <= max - min) {
                        self.push(
                            Diagnostic::new(
                                Code::InvalidPackages,
                                format!("step {s} does not fit the scale of `{}`", i.id),
                                value.span(),
                            )
                            .label(format!("scale is {min} to {max} {unit}"))
                            .help(format!("give a positive step no larger than {}", max - min)),
                        );
                        ok = false;
                        continue;
                    }
                    // The grid: min, min + step, ... and max.
                    let values = crate::budget::grid_values(*min, *max, s);
                    let limit = self.limits.grid_values;
                    if values > limit as f64 {
                        self.push(
                            Diagnostic::new(
                                Code::OverBudget,
                                format!(
                                    "step {s} gives `{}` about {} grid values, more than the budget of {}",
                                    i.id,
                                    crate::budget::thousands(values.min(1e30) as u128),
                                    crate::budget::thousands(limit as u128)
                                ),
                                value.span(),
                            )
                            .label(format!("scale is {min} to {max} {unit}"))
                            .help(format!(
                                "give a step of at least {} (or remove it for 11 values plus every stated one), or raise the budget: `[budget] grid_values = …` or `--budget grid_values=…`",
                                crate::rules::show(crate::budget::round_up((max - min) / (limit.max(2) - 1) as f64))
                            )),
                        );
                        ok = false;
                        continue;
                    }
                    step.push((issue, s));
                }
                IssueKind::Options { .. } => {
                    self.push(
                        Diagnostic::new(
                            Code::InvalidPackages,
                            format!("`{}` has options, not a scale", i.id),
                            key.span(),
                        )
                        .label("only scale issues are discretised")
                        .help("remove this step: every option of an options issue is a value"),
                    );
                    ok = false;
                }
            }
        }
        let mut utility = Vec::new();
        let mut seen: HashMap<(usize, usize), ()> = HashMap::new();
        for u in &p.utility {
            let party = self.resolve(&u.party, Kind::Actor);
            let issue = self.resolve(&u.issue, Kind::Issue);
            let (Some(party), Some(issue)) = (party, issue) else {
                ok = false;
                continue;
            };
            if !party_indices.contains(&party.index) {
                self.not_a_party(&u.party);
                ok = false;
                continue;
            }
            if seen.insert((party.index, issue.index), ()).is_some() {
                self.push(
                    Diagnostic::new(
                        Code::InvalidPackages,
                        format!(
                            "a second utility table for `{}` on `{}`",
                            party.id, issue.id
                        ),
                        u.issue.span(),
                    )
                    .label("given again here")
                    .help("merge the two tables"),
                );
                ok = false;
                continue;
            }
            let Some(i) = issues[issue.index].as_ref() else {
                ok = false;
                continue;
            };
            let IssueKind::Options { options } = &i.kind else {
                self.push(
                    Diagnostic::new(
                        Code::InvalidPackages,
                        format!("`{}` is a scale issue", i.id),
                        u.issue.span(),
                    )
                    .label("utilities per value are for options issues")
                    .help("a scale issue's utility derives from the party's position and salience"),
                );
                ok = false;
                continue;
            };
            let mut values = Vec::new();
            for (label, c) in &u.values {
                let v = self.value(
                    &Spanned::new(format::Value::Label(label.value.clone()), label.span()),
                    i,
                );
                if !(c.value.is_finite() && (0.0..=1.0).contains(&c.value)) {
                    self.push(
                        Diagnostic::new(
                            Code::InvalidPackages,
                            format!("utility {} is outside 0–1", c.value),
                            c.span(),
                        )
                        .label("a party's contributions over all issues add up to at most 1")
                        .help("scale the utilities so that the party's best package is worth 1"),
                    );
                    ok = false;
                    continue;
                }
                match v {
                    Some(v) => values.push((v, c.value)),
                    None => ok = false,
                }
            }
            if values.len() < options.len() && ok {
                let missing: Vec<&str> = options
                    .iter()
                    .enumerate()
                    .filter(|(k, _)| {
                        !values
                            .iter()
                            .any(|(v, _)| matches!(v, Value::Option { index, .. } if index == k))
                    })
                    .map(|(_, o)| o.as_str())
                    .collect();
                self.push(
                    Diagnostic::new(
                        Code::InvalidPackages,
                        format!("no utility for {}", missing.join(", ")),
                        u.issue.span(),
                    )
                    .label("every option needs a utility")
                    .help("give 0 for options the party gets nothing from"),
                );
                ok = false;
            }
            let evidence = self.optional_evidence(&u.evidence, u.rationale.as_ref());
            utility.push(model::PackageUtility {
                party,
                issue,
                values,
                evidence,
            });
        }
        let evidence = self.optional_evidence(&p.evidence, p.rationale.as_ref());
        ok.then_some(model::Packages {
            parties,
            no_deal,
            reservation,
            reservation_sd,
            step,
            utility,
            evidence,
        })
    }

    /// Party id = a number in 0–1 (`reservation`, `reservation_uncertainty`),
    /// each checked into `out`; `what` names the value, the label and the
    /// fix of the out-of-range diagnostic. False when any was wrong.
    fn party_shares(
        &mut self,
        map: &std::collections::BTreeMap<Spanned<String>, Spanned<f64>>,
        parties: &[usize],
        out: &mut Vec<(Ref, f64)>,
        (what, label, help): (&str, &str, &str),
    ) -> bool {
        let mut ok = true;
        for (key, value) in map {
            let Some(actor) = self.resolve(key, Kind::Actor) else {
                ok = false;
                continue;
            };
            if !parties.contains(&actor.index) {
                self.not_a_party(key);
                ok = false;
                continue;
            }
            if !(0.0..=1.0).contains(&value.value) {
                self.push(
                    Diagnostic::new(
                        Code::InvalidPackages,
                        format!("{what} {} is outside 0–1", value.value),
                        value.span(),
                    )
                    .label(label)
                    .help(help),
                );
                ok = false;
                continue;
            }
            out.push((actor, value.value));
        }
        ok
    }

    fn not_a_party(&mut self, id: &Spanned<String>) {
        self.push(
            Diagnostic::new(
                Code::InvalidPackages,
                format!("`{}` is not a party to the deal", id.value),
                id.span(),
            )
            .label("not among the parties")
            .help("add it to `parties`, or give it `role = \"party\"` when `parties` is left out"),
        );
    }
}
