//! Edits to the scenario text that keep everything else as written:
//! comments, order, quotes and layout stay, only the edited values change
//! (`toml_edit`). The values edited follow the validator's own rules
//! ([`crate::rules`]); the app's edits go through here.

use serde::Deserialize;
use thiserror::Error;
use toml_edit::{DocumentMut, Item, Value, value};

/// One edit from the page.
#[derive(Clone, Debug, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Edit {
    /// An actor's capability.
    Capability { actor: String, value: f64 },
    /// A position's salience.
    Salience {
        actor: String,
        issue: String,
        value: f64,
    },
    /// A position's value: a number, or an option label.
    Position {
        actor: String,
        issue: String,
        value: serde_json::Value,
    },
    /// One option-prioritisation statement of a decision maker.
    Statement {
        dm: String,
        index: usize,
        text: String,
    },
}

#[derive(Debug, Error, PartialEq)]
pub enum EditError {
    #[error("the scenario is not TOML: {0}")]
    NotToml(String),
    #[error("{0}")]
    NotFound(String),
    #[error("{0}")]
    Invalid(String),
}

fn tables<'d>(doc: &'d mut DocumentMut, key: &str) -> Option<&'d mut toml_edit::ArrayOfTables> {
    doc.get_mut(key).and_then(Item::as_array_of_tables_mut)
}

fn str_of(t: &toml_edit::Table, key: &str) -> Option<String> {
    t.get(key).and_then(Item::as_str).map(str::to_owned)
}

/// Applies `edits` to `text`.
pub fn apply(text: &str, edits: &[Edit]) -> Result<String, EditError> {
    let mut doc: DocumentMut = text
        .parse()
        .map_err(|e: toml_edit::TomlError| EditError::NotToml(e.to_string()))?;
    for e in edits {
        match e {
            Edit::Capability { actor, value: v } => {
                if !crate::rules::capability_ok(*v) {
                    return Err(EditError::Invalid(format!(
                        "capability {v} is not positive and at most 1e12: {}",
                        crate::rules::CAPABILITY_HELP
                    )));
                }
                let t = tables(&mut doc, "actor")
                    .and_then(|a| {
                        a.iter_mut()
                            .find(|t| str_of(t, "id").as_deref() == Some(actor))
                    })
                    .ok_or_else(|| EditError::NotFound(format!("no actor `{actor}`")))?;
                t["capability"] = value(*v);
            }
            Edit::Salience {
                actor,
                issue,
                value: v,
            } => {
                if !crate::rules::salience_ok(*v) {
                    return Err(EditError::Invalid(format!(
                        "salience {v} is outside 0–1: {}",
                        crate::rules::SALIENCE_HELP
                    )));
                }
                position(&mut doc, actor, issue)?["salience"] = value(*v);
            }
            Edit::Position {
                actor,
                issue,
                value: v,
            } => {
                let item = match v {
                    serde_json::Value::Number(n) => value(
                        n.as_f64()
                            .filter(|x| x.is_finite())
                            .ok_or_else(|| EditError::Invalid("not a finite number".into()))?,
                    ),
                    serde_json::Value::String(s) => value(s.as_str()),
                    _ => {
                        return Err(EditError::Invalid(
                            "a position is a number or an option label".into(),
                        ));
                    }
                };
                position(&mut doc, actor, issue)?["at"] = item;
            }
            Edit::Statement {
                dm,
                index,
                text: st,
            } => {
                let prefs = doc
                    .get_mut("conflict")
                    .and_then(|c| c.get_mut("preference"))
                    .and_then(Item::as_array_of_tables_mut)
                    .ok_or_else(|| EditError::NotFound("no [[conflict.preference]]".into()))?;
                let t = prefs
                    .iter_mut()
                    .find(|t| str_of(t, "dm").as_deref() == Some(dm))
                    .ok_or_else(|| EditError::NotFound(format!("no preference of `{dm}`")))?;
                let arr = t
                    .get_mut("statements")
                    .and_then(Item::as_array_mut)
                    .ok_or_else(|| EditError::NotFound(format!("`{dm}` has no statements")))?;
                let slot = arr.get_mut(*index).ok_or_else(|| {
                    EditError::NotFound(format!("`{dm}` has no statement {}", index + 1))
                })?;
                match slot {
                    Value::InlineTable(it) => {
                        it.insert("statement", st.as_str().into());
                    }
                    other => {
                        let decor = other.decor().clone();
                        *other = st.as_str().into();
                        *other.decor_mut() = decor;
                    }
                }
            }
        }
    }
    Ok(doc.to_string())
}

fn position<'d>(
    doc: &'d mut DocumentMut,
    actor: &str,
    issue: &str,
) -> Result<&'d mut toml_edit::Table, EditError> {
    tables(doc, "position")
        .and_then(|a| {
            a.iter_mut().find(|t| {
                str_of(t, "actor").as_deref() == Some(actor)
                    && str_of(t, "issue").as_deref() == Some(issue)
            })
        })
        .ok_or_else(|| EditError::NotFound(format!("no position of `{actor}` on `{issue}`")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edits_keep_the_rest_as_written() {
        let text = crate::BERLIN_2025_12;
        let out = apply(
            text,
            &[
                Edit::Salience {
                    actor: "UA".into(),
                    issue: "territory".into(),
                    value: 0.5,
                },
                Edit::Capability {
                    actor: "RU".into(),
                    value: 77.0,
                },
                Edit::Statement {
                    dm: "RU".into(),
                    index: 2,
                    text: "-us-guarantee".into(),
                },
            ],
        )
        .unwrap();
        let changed: Vec<(&str, &str)> = text
            .lines()
            .zip(out.lines())
            .filter(|(a, b)| a != b)
            .collect();
        assert_eq!(changed.len(), 2, "{changed:?}");
        assert_eq!(text.lines().count(), out.lines().count());
        let loaded = crate::load("x", out);
        assert!(loaded.scenario.is_some(), "{:?}", loaded.diagnostics);
        assert_eq!(
            apply(
                text,
                &[Edit::Salience {
                    actor: "XX".into(),
                    issue: "territory".into(),
                    value: 0.5
                }]
            ),
            Err(EditError::NotFound(
                "no position of `XX` on `territory`".into()
            ))
        );
    }

    /// The editor refuses exactly what the validator would reject: an edit
    /// it lets through loads clean, one it refuses would not have.
    #[test]
    fn the_editor_and_the_validator_agree_on_values() {
        let text = crate::BERLIN_2025_12;
        for v in [
            -1.0,
            0.0,
            1e-9,
            0.5,
            1.0,
            1.000_001,
            7.0,
            f64::NAN,
            f64::INFINITY,
        ] {
            for edit in [
                Edit::Capability {
                    actor: "RU".into(),
                    value: v,
                },
                Edit::Salience {
                    actor: "UA".into(),
                    issue: "territory".into(),
                    value: v,
                },
            ] {
                match apply(text, std::slice::from_ref(&edit)) {
                    Ok(out) => assert!(
                        crate::load("x", out).scenario.is_some(),
                        "{edit:?} was let through but does not validate"
                    ),
                    Err(EditError::Invalid(_)) => {
                        // Written by hand, the same value is rejected.
                        if v.is_finite() {
                            let out = match &edit {
                                Edit::Capability { .. } => text.replacen(
                                    "capability = 90",
                                    &format!("capability = {v:?}"),
                                    1,
                                ),
                                _ => text.replacen(
                                    "salience = 0.95",
                                    &format!("salience = {v:?}"),
                                    1,
                                ),
                            };
                            assert_ne!(out, text);
                            assert!(
                                crate::load("x", out).scenario.is_none(),
                                "{edit:?} was refused but validates"
                            );
                        }
                    }
                    Err(e) => panic!("{edit:?}: {e}"),
                }
            }
        }
    }
}
