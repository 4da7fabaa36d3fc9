//! Notes: what the inputs alone say about the analysis, before any lens
//! runs. They are the brief's caveats that need no result (an issue no
//! one holds a position on, a party with none, a relayed party left out, a
//! stated value off a grid step), placed at the input with a hint, so that
//! `detente check` says them where the fix goes. A note is not a finding:
//! it does not change the exit code.

use crate::code::Code;
use crate::diagnostic::Diagnostic;
use crate::format::{Document, Role};
use crate::model::{IssueKind, Scenario, Value};

fn axis(v: &Value) -> f64 {
    match v {
        Value::Number(x) => *x,
        Value::Option { index, .. } => *index as f64,
    }
}

/// The notes on a valid scenario, read from its document for their spans.
pub fn notes(doc: &Document, s: &Scenario) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    if doc.issue.len() != s.issues.len() || doc.actor.len() != s.actors.len() {
        return out;
    }
    let given = |f: &dyn Fn(&crate::model::PackageUtility) -> bool| {
        s.packages
            .as_ref()
            .is_some_and(|pk| pk.utility.iter().any(f))
    };
    for (k, issue) in s.issues.iter().enumerate() {
        let holders: Vec<&str> = s
            .positions
            .iter()
            .filter(|p| p.issue.index == k)
            .map(|p| p.actor.id.as_str())
            .collect();
        let span = doc.issue[k].id.span();
        if holders.is_empty() && !given(&|u| u.issue.index == k) {
            out.push(
                Diagnostic::new(
                    Code::IssueWithoutPositions,
                    format!("no actor holds a position on `{}`", issue.id),
                    span,
                )
                .label("no lens can say where this issue lands")
                .help(format!(
                    "add a `[[position]]` with `issue = \"{}\"` for each actor that cares, or remove the issue",
                    issue.id
                )),
            );
        } else if holders.len() == 1 {
            out.push(
                Diagnostic::new(
                    Code::SingleActorIssue,
                    format!("only `{}` holds a position on `{}`", holders[0], issue.id),
                    span,
                )
                .label("its forecast is that position, not a result")
                .help("add the positions of the other actors with a stake in it"),
            );
        }
    }
    let parties: Vec<usize> = match s.packages.as_ref().and_then(|pk| pk.parties.as_ref()) {
        Some(list) => list.iter().map(|r| r.index).collect(),
        None => (0..s.actors.len())
            .filter(|&i| s.actors[i].role == Role::Party)
            .collect(),
    };
    for &i in &parties {
        let a = &s.actors[i];
        if !s.positions.iter().any(|p| p.actor.index == i) && !given(&|u| u.party.index == i) {
            out.push(
                Diagnostic::new(
                    Code::PartyWithoutPositions,
                    format!("party `{}` holds no position", a.id),
                    doc.actor[i].id.span(),
                )
                .label("its utility is undefined, so no bargaining solution can weigh it")
                .help("add its positions, or give it another role if its agreement is not needed"),
            );
        }
    }
    for (i, a) in s.actors.iter().enumerate() {
        let (Some(by), Some(span)) = (&a.represented_by, doc.actor[i].represented_by.as_ref())
        else {
            continue;
        };
        if a.role != Role::Party {
            continue;
        }
        let mut missing = Vec::new();
        if s.packages.is_some() && !parties.contains(&i) {
            missing.push("the [packages] parties");
        }
        if let Some(c) = &s.conflict
            && !c.dms.iter().any(|d| d.index == i)
        {
            missing.push("the [conflict]'s decision makers");
        }
        if !s.positions.iter().any(|p| p.actor.index == i) {
            missing.push("the positions");
        }
        if !missing.is_empty() {
            out.push(
                Diagnostic::new(
                    Code::RelayedPartyLeftOut,
                    format!(
                        "party `{}`, represented by `{}`, is not among {}",
                        a.id,
                        by.id,
                        missing.join(" or ")
                    ),
                    span.span(),
                )
                .label("what it wants enters only as its representative relays it")
                .help("give it its own positions (estimates with a rationale, if the sources relay them)"),
            );
        }
    }
    // Stated values off a step the user set.
    if let (Some(pk), Some(dpk)) = (&s.packages, &doc.packages) {
        for (r, step) in &pk.step {
            let IssueKind::Scale { min, max, unit, .. } = &s.issues[r.index].kind else {
                continue;
            };
            let on_grid = |x: f64| {
                let k = ((x - min) / step).round();
                (x - (min + k * step)).abs() <= 1e-9 * (max - min)
                    || (x - max).abs() <= 1e-9 * (max - min)
            };
            let mut stated: Vec<(f64, String)> = Vec::new();
            for p in s.positions.iter().filter(|p| p.issue.index == r.index) {
                if parties.contains(&p.actor.index) {
                    stated.push((axis(&p.at), format!("the position of {}", p.actor.id)));
                }
            }
            for prop in &s.proposals {
                for v in prop.values.iter().filter(|v| v.issue.index == r.index) {
                    stated.push((axis(&v.value), format!("proposal {}", prop.id)));
                }
            }
            for v in pk.no_deal.iter().filter(|v| v.issue.index == r.index) {
                stated.push((axis(&v.value), "the no-deal package".to_owned()));
            }
            let Some((_, span)) = dpk.step.iter().find(|(key, _)| key.value == r.id) else {
                continue;
            };
            for (x, by) in stated.into_iter().filter(|(x, _)| !on_grid(*x)) {
                out.push(
                    Diagnostic::new(
                        Code::ValueOffGrid,
                        format!(
                            "{by} states {} {unit} on `{}`, off the step of {} {unit}",
                            crate::model::fmt_num(x),
                            r.id,
                            crate::model::fmt_num(*step)
                        ),
                        span.span(),
                    )
                    .label("packages read it as the nearest step")
                    .help("remove the step (the default grid holds every stated value), or choose one that divides the stated values"),
                );
            }
        }
    }
    out
}
