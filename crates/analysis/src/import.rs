//! Writes a detente scenario from forecasting inputs read in other formats
//! (KTAB CSV, Decide), so that an analyst can go on in detente's own format:
//! add sources and quotes, a conflict, proposals.
//!
//! Every dimension becomes an issue with a scale, every actor an actor, and
//! every value a position marked as imported (`estimate = "analyst"` with a
//! rationale naming the file), since the file gives no quotes. A detente
//! scenario has one capability per actor: where a Decide file gives an actor
//! different powers on different issues, the mean is used and the rationale
//! lists the powers. Issues of a scenario are forecast one at a time, so a
//! multi-dimensional KTAB run becomes independent one-dimensional ones.
//!
//! Both imports build the format's own types and write them with
//! [`detente_scenario::write`], the one scenario writer.

use std::collections::BTreeMap;

use detente_scenario::date::Date;
use detente_scenario::format::{
    Actor, Document, Estimate, Issue, Meta, PackageUtility, Packages, Position, Role, Scale, Track,
    Value,
};
use detente_scenario::write::{id_from, spanned, to_toml};

use crate::forecast::Subject;

/// The day of an import (`YYYY-MM-DD`); the Unix epoch if it is not one.
fn day(as_of: &str) -> Date {
    Date::parse(as_of)
        .or_else(|| Date::new(1970, 1, 1))
        .unwrap_or_else(|| unreachable!("1970-01-01 is a date"))
}

fn meta(id: &str, title: &str, as_of: &str, description: String) -> Meta {
    Meta {
        id: spanned(id_from(id, &mut Vec::new())),
        title: title.into(),
        as_of: spanned(day(as_of)),
        description: Some(description),
    }
}

/// A party actor of an import, with the rationale for its capability.
fn party(id: String, name: &str, capability: f64, rationale: String) -> Actor {
    Actor {
        id: spanned(id),
        name: name.to_owned(),
        role: spanned(Role::Party),
        capability: spanned(capability),
        represented_by: None,
        people: Vec::new(),
        description: None,
        uncertainty: None,
        evidence: Vec::new(),
        rationale: Some(rationale),
    }
}

fn write(doc: &Document, header: &[&str]) -> String {
    // The format's own types always serialise to TOML.
    to_toml(doc, header).unwrap_or_else(|e| format!("# cannot write the scenario: {e}\n"))
}

/// The scenario as TOML text. `as_of` is a `YYYY-MM-DD` date; `origin`
/// names the input file and its format, e.g. `SOE-Policy.csv (KTAB CSV)`.
pub fn scenario_toml(
    id: &str,
    title: &str,
    as_of: &str,
    origin: &str,
    subjects: &[Subject],
) -> String {
    // Actors in order of first appearance, with their capability per subject.
    let mut names: Vec<String> = Vec::new();
    let mut powers: BTreeMap<String, Vec<(String, f64)>> = BTreeMap::new();
    for s in subjects {
        for (i, a) in s.uncertain.problem.actors.iter().enumerate() {
            let name = &s.actor_ids[i];
            if !names.contains(name) {
                names.push(name.clone());
            }
            powers
                .entry(name.clone())
                .or_default()
                .push((s.id.clone(), a.capability));
        }
    }
    let mut taken = Vec::new();
    let ids: BTreeMap<String, String> = names
        .iter()
        .map(|n| (n.clone(), id_from(n, &mut taken)))
        .collect();
    let actor = names
        .iter()
        .map(|n| {
            let p = &powers[n];
            let mean = p.iter().map(|x| x.1).sum::<f64>() / p.len() as f64;
            let rationale = if p.iter().all(|x| x.1 == p[0].1) {
                format!("Power {} in {origin}.", p[0].1)
            } else {
                let list: Vec<String> = p.iter().map(|(i, v)| format!("{i} {v}")).collect();
                format!(
                    "Power differs by issue in {origin} ({}); a scenario has one capability per actor, so this is the mean.",
                    list.join(", ")
                )
            };
            party(ids[n].clone(), n, mean, rationale)
        })
        .collect();
    let mut issue = Vec::new();
    let mut position = Vec::new();
    let mut taken_issues = Vec::new();
    for s in subjects {
        for (k, d) in s.dimensions.iter().enumerate() {
            let issue_id = id_from(&d.name, &mut taken_issues);
            issue.push(Issue {
                id: spanned(issue_id.clone()),
                name: if s.dimensions.len() == 1 {
                    s.name.clone()
                } else {
                    d.name.clone()
                },
                track: spanned(Track::Political),
                description: None,
                scale: Some(spanned(Scale {
                    min: spanned(d.min),
                    max: spanned(d.max),
                    unit: "points".into(),
                    low: format!("{}", d.min),
                    high: format!("{}", d.max),
                })),
                options: None,
                evidence: Vec::new(),
            });
            for (i, a) in s.uncertain.problem.actors.iter().enumerate() {
                position.push(Position {
                    actor: spanned(ids[&s.actor_ids[i]].clone()),
                    issue: spanned(issue_id.clone()),
                    at: spanned(Value::Number(a.position[k])),
                    salience: spanned(a.salience[k]),
                    uncertainty: None,
                    evidence: Vec::new(),
                    estimate: Some(spanned(Estimate::Analyst)),
                    rationale: Some(format!("Imported from {origin}.")),
                });
            }
        }
    }
    let doc = Document {
        scenario: Some(meta(id, title, as_of, {
            let joint: Vec<String> = subjects
                .iter()
                .filter(|s| s.dimensions.len() > 1)
                .map(|s| format!("{} ({} dimensions)", s.name, s.dimensions.len()))
                .collect();
            if joint.is_empty() {
                format!("Imported from {origin} by detente.")
            } else {
                // A scenario's issues are forecast one at a time.
                format!(
                    "Imported from {origin} by detente. {} forecasts its dimensions together; here each is an issue of its own, so SMP and expected utility can differ from `detente forecast` on the file itself, which reads it as KTAB does.",
                    joint.join(", ")
                )
            }
        })),
        actor,
        issue,
        position,
        ..Document::default()
    };
    let first = format!("Imported from {origin}: every value is marked `estimate = \"analyst\"`.");
    write(
        &doc,
        &[&first, "Add [[source]]s and quotes to ground them."],
    )
}

/// A negotiation domain (GENIUS, GeniusWeb) as a detente scenario: parties
/// as actors with role `party`, issues as options issues, and every
/// party's utilities and reservation value in `[packages]`.
pub fn scenario_from_domain(
    id: &str,
    title: &str,
    as_of: &str,
    origin: &str,
    d: &detente_bargain::Domain,
) -> String {
    let mut actor_ids = Vec::new();
    let actor = d
        .parties
        .iter()
        .map(|p| {
            party(
                id_from(&p.name, &mut actor_ids),
                &p.name,
                1.0,
                format!("Imported from {origin}, which gives no capabilities."),
            )
        })
        .collect();
    let mut issue_ids = Vec::new();
    let issue = d
        .issues
        .iter()
        .map(|i| Issue {
            id: spanned(id_from(&i.name, &mut issue_ids)),
            name: i.name.clone(),
            track: spanned(Track::Economic),
            description: None,
            scale: None,
            options: Some(spanned(i.values.iter().cloned().map(spanned).collect())),
            evidence: Vec::new(),
        })
        .collect();
    let mut utility = Vec::new();
    for (pid, p) in actor_ids.iter().zip(&d.parties) {
        for ((iid, issue), c) in issue_ids.iter().zip(&d.issues).zip(&p.contribution) {
            utility.push(PackageUtility {
                party: spanned(pid.clone()),
                issue: spanned(iid.clone()),
                values: issue
                    .values
                    .iter()
                    .zip(c)
                    .map(|(v, x)| (spanned(v.clone()), spanned(*x)))
                    .collect(),
                evidence: Vec::new(),
                rationale: None,
            });
        }
    }
    let packages = Packages {
        parties: Some(spanned(actor_ids.iter().cloned().map(spanned).collect())),
        reservation: actor_ids
            .iter()
            .zip(&d.parties)
            .map(|(id, p)| (spanned(id.clone()), spanned(p.reservation)))
            .collect(),
        utility,
        rationale: Some(format!(
            "Utilities and reservation values as given in {origin}."
        )),
        ..Packages::default()
    };
    let doc = Document {
        scenario: Some(meta(
            id,
            title,
            as_of,
            format!("Imported from {origin} by detente."),
        )),
        actor,
        issue,
        packages: Some(packages),
        ..Document::default()
    };
    let first = format!("Imported from {origin}.");
    write(&doc, &[&first])
}

/// A GMCR+ conflict as a detente scenario: its decision makers as actors,
/// each option as a yes/no issue and a `[[conflict.option]]` with its
/// controller and direction, its infeasible combinations, and each DM's
/// preference as a `ranking` of the feasible states (numbered as GMCR+
/// numbers them; ties kept).
pub fn scenario_from_gmcr(
    id: &str,
    title: &str,
    as_of: &str,
    origin: &str,
    imported: &detente_gmcr::gmcr_plus::Imported,
) -> String {
    use detente_gmcr::options::Direction;
    use detente_scenario::format::{
        Conflict, ConflictOption, Infeasible, OptionDirection, Preference, RankEntry,
    };
    let form = &imported.form;
    let mut dm_ids = Vec::new();
    let actor = form
        .dms
        .iter()
        .map(|name| {
            party(
                id_from(name, &mut dm_ids),
                name,
                1.0,
                format!("Imported from {origin}, which gives no capabilities."),
            )
        })
        .collect();
    let mut option_ids = Vec::new();
    for o in &form.options {
        id_from(&o.name, &mut option_ids);
    }
    let issue = form
        .options
        .iter()
        .zip(&option_ids)
        .map(|(o, oid)| Issue {
            id: spanned(oid.clone()),
            name: o.name.clone(),
            track: spanned(Track::Political),
            description: Some(format!(
                "Whether {} takes this option ({origin}).",
                form.dms[o.dm]
            )),
            scale: None,
            options: Some(spanned(vec![
                spanned("not taken".into()),
                spanned("taken".into()),
            ])),
            evidence: Vec::new(),
        })
        .collect();
    let literal = |(k, chosen): &(usize, bool)| {
        spanned(if *chosen {
            option_ids[*k].clone()
        } else {
            format!("-{}", option_ids[*k])
        })
    };
    let preference = imported
        .payoffs
        .iter()
        .enumerate()
        .map(|(d, payoff)| {
            // States best first, equal payoffs tied (state numbers from 1).
            let mut order: Vec<usize> = (0..payoff.len()).collect();
            order.sort_by(|&a, &b| payoff[b].cmp(&payoff[a]).then(a.cmp(&b)));
            let mut ranking: Vec<Vec<i64>> = Vec::new();
            let mut last = None;
            for s in order {
                if last == Some(payoff[s]) {
                    if let Some(group) = ranking.last_mut() {
                        group.push(s as i64 + 1);
                    }
                } else {
                    ranking.push(vec![s as i64 + 1]);
                }
                last = Some(payoff[s]);
            }
            Preference {
                dm: spanned(dm_ids[d].clone()),
                statements: None,
                ranking: Some(spanned(
                    ranking
                        .into_iter()
                        .map(|g| {
                            spanned(if g.len() == 1 {
                                RankEntry::State(g[0])
                            } else {
                                RankEntry::Tied(g)
                            })
                        })
                        .collect(),
                )),
                evidence: Vec::new(),
                estimate: Some(spanned(Estimate::Analyst)),
                rationale: Some(format!("The preference ranking of {origin}.")),
            }
        })
        .collect();
    let conflict = Conflict {
        description: Some(format!("Imported from {origin}.")),
        status_quo: None,
        option: form
            .options
            .iter()
            .zip(&option_ids)
            .map(|(o, oid)| ConflictOption {
                id: spanned(oid.clone()),
                name: o.name.clone(),
                dm: spanned(dm_ids[o.dm].clone()),
                direction: match o.direction {
                    Direction::Both => None,
                    Direction::OnlyToYes => Some(spanned(OptionDirection::OnlyTake)),
                    Direction::OnlyToNo => Some(spanned(OptionDirection::OnlyDrop)),
                },
                evidence: Vec::new(),
                rationale: Some(format!("Imported from {origin}.")),
            })
            .collect(),
        infeasible: form
            .infeasible
            .iter()
            .map(|c| Infeasible {
                exclusive: None,
                at_least_one: None,
                all: Some(spanned(c.0.iter().map(literal).collect())),
                rationale: Some(format!("Infeasible in {origin}.")),
            })
            .collect(),
        coalesce: Vec::new(),
        preference,
    };
    let doc = Document {
        scenario: Some(meta(
            id,
            title,
            as_of,
            format!(
                "Imported from {origin}: its decision makers, options, infeasible states and preference rankings."
            ),
        )),
        actor,
        issue,
        conflict: Some(conflict),
        ..Document::default()
    };
    let first = format!("Imported from {origin}. Each option is also a yes/no issue;");
    write(
        &doc,
        &[
            &first,
            "add positions, [[source]]s and quotes to analyse more than stability.",
        ],
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::forecast::{
        ForecastOptions, forecast_all, subjects_from_decide, subjects_from_scenario,
    };

    /// Loaded with no error or warning (notes, which an import without
    /// positions has, are allowed).
    pub(super) fn clean(d: &[detente_scenario::Diagnostic]) -> bool {
        d.iter()
            .all(|d| d.severity() == detente_scenario::Severity::Note)
    }

    const DECIDE: &str = "#A;Actor 1;First\n#A;Actor-2;Second\n#A;A3;Third\n#P;Issue-1;One\n#P;Issue-2;Two\n#D;Actor 1;Issue-1;0;0.1;1\n#D;Actor-2;Issue-1;100;0.6;2\n#D;A3;Issue-1;40;0.6;1\n#D;Actor 1;Issue-2;0;0.9;1\n#D;Actor-2;Issue-2;100;0.5;2\n#D;A3;Issue-2;30;0.6;1\n";

    /// The written scenario loads clean, and forecasts as the file does.
    #[test]
    fn decide_round_trip() {
        let file = detente_forecast::decide::read(DECIDE).unwrap();
        let subjects = subjects_from_decide(&file);
        let text = scenario_toml(
            "example",
            "Example",
            "2025-12-15",
            "x.csv (Decide)",
            &subjects,
        );
        let loaded = detente_scenario::load("x.toml", text.clone());
        assert!(
            clean(&loaded.diagnostics),
            "{text}\n{:?}",
            loaded.diagnostics
        );
        let scenario = loaded.scenario.unwrap();
        assert_eq!(scenario.issues.len(), 2);
        let o = ForecastOptions::default();
        let direct = forecast_all(&subjects, &o, &|_, _| {});
        let again = forecast_all(&subjects_from_scenario(&scenario), &o, &|_, _| {});
        for (a, b) in direct.issues.iter().zip(&again.issues) {
            // Equal powers per actor survive; the compromise is the same.
            assert!((a.models[0].forecast[0] - b.models[0].forecast[0]).abs() < 1e-12);
        }
        assert!(text.contains("id = \"Actor-1\""), "{text}");
    }
}

#[cfg(test)]
mod domain_tests {
    use super::tests::clean;
    use super::*;

    /// A GENIUS domain written as a scenario gives the same frontier and
    /// Nash package (validation.md §3, Laptop).
    #[test]
    fn laptop_round_trip() {
        let dir = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("../../../shared/data/negotiation-domains/anac/y2011/Laptop");
        let text = |f: &str| std::fs::read_to_string(dir.join(f)).unwrap();
        let profiles: Vec<(String, String)> =
            ["laptop_buyer_utility.xml", "laptop_seller_utility.xml"]
                .iter()
                .map(|f| (f.to_string(), text(f)))
                .collect();
        let d = detente_bargain::genius::read_genius(
            "laptop_domain.xml",
            &text("laptop_domain.xml"),
            &profiles,
        )
        .unwrap();
        let toml = scenario_from_domain("laptop", "Laptop", "2025-12-15", "Laptop (GENIUS)", &d);
        let loaded = detente_scenario::load("laptop.toml", toml.clone());
        assert!(
            clean(&loaded.diagnostics),
            "{toml}\n{:?}",
            loaded.diagnostics
        );
        let p = crate::packages::problem_from_scenario(&loaded.scenario.unwrap()).unwrap();
        let r = crate::packages::packages(&p, false);
        assert_eq!(r.frontier_size, 4);
        let nash = &r.solutions[0];
        assert_eq!(nash.concept, crate::packages::BargainingSolution::Nash);
        let values: Vec<&str> = nash.points[0].packages[0]
            .values
            .iter()
            .map(|v| v.value.as_str())
            .collect();
        assert_eq!(values, ["HP", "60 Gb", "19'' LCD"]);
        assert!((nash.points[0].utility[0] - 1.000052).abs() < 5e-7);
    }
}

#[cfg(test)]
mod gmcr_tests {
    use super::tests::clean;
    use super::*;

    /// Every GMCR+ example imports as a valid scenario whose stability
    /// lens gives the verdicts the file gives read directly.
    #[test]
    fn gmcr_files_round_trip_through_a_scenario() {
        let dir = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../gmcr/tests/gmcr");
        for f in ["prisoners.gmcr", "cuban_manual.gmcr"] {
            let text = std::fs::read_to_string(dir.join(f)).unwrap();
            let imported = detente_gmcr::gmcr_plus::import(&text).unwrap();
            let toml = scenario_from_gmcr("x", f, "2026-01-01", f, &imported);
            let loaded = detente_scenario::load(f, toml.clone());
            assert!(
                clean(&loaded.diagnostics),
                "{f}\n{toml}\n{:?}",
                loaded.diagnostics
            );
            let scenario = loaded.scenario.unwrap();
            let from_scenario = crate::stability::stability(
                &crate::stability::ConflictView::from_scenario(scenario.conflict.as_ref().unwrap()),
            );
            let direct = crate::stability::stability(
                &crate::stability::ConflictView::from_gmcr(&imported).unwrap(),
            );
            assert_eq!(from_scenario.equilibria, direct.equilibria, "{f}");
            assert_eq!(from_scenario.stable.len(), direct.stable.len(), "{f}");
        }
    }
}
