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

use std::collections::BTreeMap;

use toml::{Table, Value};

use crate::forecast::Subject;

/// A detente id from any name: letters, digits, `-`, `_`, `.`; others
/// become `-`; unique within `taken`.
fn id_from(name: &str, taken: &mut Vec<String>) -> String {
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

/// The scenario as TOML text. `as_of` is a `YYYY-MM-DD` date; `origin`
/// names the input file and its format, e.g. `SOE-Policy.csv (KTAB CSV)`.
pub fn scenario_toml(
    id: &str,
    title: &str,
    as_of: &str,
    origin: &str,
    subjects: &[Subject],
) -> String {
    let mut doc = Table::new();
    let mut scenario = Table::new();
    let mut taken_scenario = Vec::new();
    scenario.insert("id".into(), Value::String(id_from(id, &mut taken_scenario)));
    scenario.insert("title".into(), Value::String(title.into()));
    scenario.insert("as_of".into(), Value::String(as_of.into()));
    scenario.insert(
        "description".into(),
        Value::String(format!(
            "Imported from {origin} by `detente forecast --write-scenario`."
        )),
    );
    doc.insert("scenario".into(), Value::Table(scenario));

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
    let actors: Vec<Value> = names
        .iter()
        .map(|n| {
            let p = &powers[n];
            let mean = p.iter().map(|x| x.1).sum::<f64>() / p.len() as f64;
            let mut t = Table::new();
            t.insert("id".into(), Value::String(ids[n].clone()));
            t.insert("name".into(), Value::String(n.clone()));
            t.insert("role".into(), Value::String("party".into()));
            t.insert("capability".into(), Value::Float(mean));
            let rationale = if p.iter().all(|x| x.1 == p[0].1) {
                format!("Power {} in {origin}.", p[0].1)
            } else {
                let list: Vec<String> = p.iter().map(|(i, v)| format!("{i} {v}")).collect();
                format!(
                    "Power differs by issue in {origin} ({}); a scenario has one capability per actor, so this is the mean.",
                    list.join(", ")
                )
            };
            t.insert("rationale".into(), Value::String(rationale));
            Value::Table(t)
        })
        .collect();
    doc.insert("actor".into(), Value::Array(actors));

    let mut issues = Vec::new();
    let mut positions = Vec::new();
    let mut taken_issues = Vec::new();
    for s in subjects {
        for (k, d) in s.dimensions.iter().enumerate() {
            let issue_id = id_from(&d.name, &mut taken_issues);
            let mut t = Table::new();
            t.insert("id".into(), Value::String(issue_id.clone()));
            let name = if s.dimensions.len() == 1 {
                s.name.clone()
            } else {
                d.name.clone()
            };
            t.insert("name".into(), Value::String(name));
            t.insert("track".into(), Value::String("political".into()));
            let mut scale = Table::new();
            scale.insert("min".into(), Value::Float(d.min));
            scale.insert("max".into(), Value::Float(d.max));
            scale.insert("unit".into(), Value::String("points".into()));
            scale.insert("low".into(), Value::String(format!("{}", d.min)));
            scale.insert("high".into(), Value::String(format!("{}", d.max)));
            t.insert("scale".into(), Value::Table(scale));
            issues.push(Value::Table(t));
            for (i, a) in s.uncertain.problem.actors.iter().enumerate() {
                let mut p = Table::new();
                p.insert("actor".into(), Value::String(ids[&s.actor_ids[i]].clone()));
                p.insert("issue".into(), Value::String(issue_id.clone()));
                p.insert("at".into(), Value::Float(a.position[k]));
                p.insert("salience".into(), Value::Float(a.salience[k]));
                p.insert("estimate".into(), Value::String("analyst".into()));
                p.insert(
                    "rationale".into(),
                    Value::String(format!("Imported from {origin}.")),
                );
                positions.push(Value::Table(p));
            }
        }
    }
    doc.insert("issue".into(), Value::Array(issues));
    doc.insert("position".into(), Value::Array(positions));
    let mut text = format!(
        "# Imported from {origin}: every value is marked `estimate = \"analyst\"`.\n# Add [[source]]s and quotes to ground them.\n\n"
    );
    text.push_str(&toml::to_string(&doc).unwrap_or_default());
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::forecast::{
        ForecastOptions, forecast_all, subjects_from_decide, subjects_from_scenario,
    };

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
            loaded.diagnostics.is_empty(),
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
    let mut doc = Table::new();
    let mut scenario = Table::new();
    let mut taken = Vec::new();
    scenario.insert("id".into(), Value::String(id_from(id, &mut taken)));
    scenario.insert("title".into(), Value::String(title.into()));
    scenario.insert("as_of".into(), Value::String(as_of.into()));
    scenario.insert(
        "description".into(),
        Value::String(format!(
            "Imported from {origin} by `detente packages --write-scenario`."
        )),
    );
    doc.insert("scenario".into(), Value::Table(scenario));
    let mut actor_ids = Vec::new();
    let actors: Vec<Value> = d
        .parties
        .iter()
        .map(|p| {
            let id = id_from(&p.name, &mut actor_ids);
            let mut t = Table::new();
            t.insert("id".into(), Value::String(id));
            t.insert("name".into(), Value::String(p.name.clone()));
            t.insert("role".into(), Value::String("party".into()));
            t.insert("capability".into(), Value::Float(1.0));
            t.insert(
                "rationale".into(),
                Value::String(format!(
                    "Imported from {origin}, which gives no capabilities."
                )),
            );
            Value::Table(t)
        })
        .collect();
    doc.insert("actor".into(), Value::Array(actors));
    let mut issue_ids = Vec::new();
    let issues: Vec<Value> = d
        .issues
        .iter()
        .map(|i| {
            let id = id_from(&i.name, &mut issue_ids);
            let mut t = Table::new();
            t.insert("id".into(), Value::String(id));
            t.insert("name".into(), Value::String(i.name.clone()));
            t.insert("track".into(), Value::String("economic".into()));
            t.insert(
                "options".into(),
                Value::Array(i.values.iter().cloned().map(Value::String).collect()),
            );
            Value::Table(t)
        })
        .collect();
    doc.insert("issue".into(), Value::Array(issues));
    let mut packages = Table::new();
    packages.insert(
        "parties".into(),
        Value::Array(actor_ids.iter().cloned().map(Value::String).collect()),
    );
    let mut reservation = Table::new();
    for (id, p) in actor_ids.iter().zip(&d.parties) {
        reservation.insert(id.clone(), Value::Float(p.reservation));
    }
    packages.insert("reservation".into(), Value::Table(reservation));
    packages.insert(
        "rationale".into(),
        Value::String(format!(
            "Utilities and reservation values as given in {origin}."
        )),
    );
    let mut utility = Vec::new();
    for (pid, p) in actor_ids.iter().zip(&d.parties) {
        for ((iid, issue), c) in issue_ids.iter().zip(&d.issues).zip(&p.contribution) {
            let mut t = Table::new();
            t.insert("party".into(), Value::String(pid.clone()));
            t.insert("issue".into(), Value::String(iid.clone()));
            let mut values = Table::new();
            for (v, x) in issue.values.iter().zip(c) {
                values.insert(v.clone(), Value::Float(*x));
            }
            t.insert("values".into(), Value::Table(values));
            utility.push(Value::Table(t));
        }
    }
    packages.insert("utility".into(), Value::Array(utility));
    doc.insert("packages".into(), Value::Table(packages));
    let mut text = format!("# Imported from {origin}.\n\n");
    text.push_str(&toml::to_string(&doc).unwrap_or_default());
    text
}

#[cfg(test)]
mod domain_tests {
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
            loaded.diagnostics.is_empty(),
            "{toml}\n{:?}",
            loaded.diagnostics
        );
        let p = crate::packages::problem_from_scenario(&loaded.scenario.unwrap()).unwrap();
        let r = crate::packages::packages(&p, false);
        assert_eq!(r.frontier_size, 4);
        let nash = &r.solutions[0];
        assert_eq!(nash.concept, "nash");
        let values: Vec<&str> = nash.points[0].packages[0]
            .values
            .iter()
            .map(|v| v.value.as_str())
            .collect();
        assert_eq!(values, ["HP", "60 Gb", "19'' LCD"]);
        assert!((nash.points[0].utility[0] - 1.000052).abs() < 5e-7);
    }
}
