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
