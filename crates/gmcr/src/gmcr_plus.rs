//! Import of GMCR+ (gmcr-py) `.gmcr` files: JSON with `options`
//! (`name`, `permittedDirection`: `both` | `fwd` (N→Y only) | `back`),
//! `decisionMakers` (`name`, `options` as indices, `preferences` as ordered
//! conditions, or a manual `preferenceVector` / `preferenceRanking` of state
//! numbers when `useManualPreferenceVectors` is true) and `infeasibles`.
//!
//! A condition is a list of `[option, "Y"|"N"]` (all must hold) or
//! `{"compound": true, "members": [condition, ...]}` (any member holds).
//! Preferences are scored as option prioritisation (condition k of L adds
//! 2^(L−k−1)). Like GMCR+, the import orders options by decision maker
//! before numbering states, so state numbers match GMCR+'s.

use serde::Deserialize;
use serde_json::Value;
use thiserror::Error;

use crate::graph::{Graph, GraphError};
use crate::options::{Condition, Direction, OptionDef, OptionForm};

#[derive(Debug, Error)]
pub enum ImportError {
    #[error("not a GMCR+ file")]
    Json(#[from] serde_json::Error),
    #[error("{0}")]
    Invalid(String),
    #[error(transparent)]
    Graph(#[from] GraphError),
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct File {
    options: Vec<OptionJson>,
    decision_makers: Vec<DmJson>,
    #[serde(default)]
    infeasibles: Vec<Value>,
    #[serde(default)]
    use_manual_preference_vectors: bool,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct OptionJson {
    name: String,
    #[serde(default = "both")]
    permitted_direction: String,
}

fn both() -> String {
    "both".into()
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct DmJson {
    name: String,
    options: Vec<usize>,
    #[serde(default)]
    preferences: Vec<Value>,
    #[serde(default, alias = "preferenceRanking")]
    preference_vector: Option<Vec<Value>>,
}

/// A conflict read from a `.gmcr` file.
pub struct Imported {
    pub form: OptionForm,
    /// Payoffs per DM over the feasible states.
    pub payoffs: Vec<Vec<i64>>,
}

impl Imported {
    pub fn graph(&self) -> Result<Graph, GraphError> {
        self.form.graph(|d, s, _| self.payoffs[d][s])
    }
}

/// A condition: any of several conjunctions of literals.
type Clause = Vec<Vec<(usize, bool)>>;

pub fn import(text: &str) -> Result<Imported, ImportError> {
    let file: File = serde_json::from_str(text)?;
    let n = file.options.len();
    if n > crate::options::MAX_OPTIONS {
        return Err(ImportError::Invalid(format!(
            "{n} options; at most {} are supported",
            crate::options::MAX_OPTIONS
        )));
    }
    // GMCR+ numbers options DM by DM; `order[new] = old`.
    let mut order: Vec<usize> = Vec::new();
    let mut owner = vec![None; n];
    for (d, dm) in file.decision_makers.iter().enumerate() {
        for &k in &dm.options {
            if k >= n {
                return Err(ImportError::Invalid(format!(
                    "DM {} controls option {k}, which does not exist",
                    dm.name
                )));
            }
            if let Some(other) = owner[k] {
                if other != d {
                    return Err(ImportError::Invalid(format!(
                        "option {k} is controlled by two DMs"
                    )));
                }
                continue;
            }
            owner[k] = Some(d);
            order.push(k);
        }
    }
    if let Some(k) = (0..n).find(|&k| owner[k].is_none()) {
        return Err(ImportError::Invalid(format!(
            "option {k} ({}) has no decision maker",
            file.options[k].name
        )));
    }
    let mut new_index = vec![0; n];
    for (new, &old) in order.iter().enumerate() {
        new_index[old] = new;
    }
    let options = order
        .iter()
        .map(|&old| {
            let o = &file.options[old];
            let direction = match o.permitted_direction.as_str() {
                "both" => Direction::Both,
                "fwd" => Direction::OnlyToYes,
                "back" => Direction::OnlyToNo,
                other => {
                    return Err(ImportError::Invalid(format!(
                        "option {}: unknown permittedDirection {other:?}",
                        o.name
                    )));
                }
            };
            Ok(OptionDef {
                name: o.name.clone(),
                dm: owner[old].expect("checked above"),
                direction,
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    let remap = |c: Clause| -> Clause {
        c.into_iter()
            .map(|conj| conj.into_iter().map(|(k, y)| (new_index[k], y)).collect())
            .collect()
    };
    let mut infeasible = Vec::new();
    for v in &file.infeasibles {
        for conj in remap(clause(v, n)?) {
            infeasible.push(Condition(conj));
        }
    }
    let form = OptionForm {
        dms: file
            .decision_makers
            .iter()
            .map(|d| d.name.clone())
            .collect(),
        options,
        infeasible,
    };
    let states = form.feasible_states();
    let payoffs = file
        .decision_makers
        .iter()
        .map(|dm| {
            if file.use_manual_preference_vectors {
                let ranking = dm.preference_vector.as_ref().ok_or_else(|| {
                    ImportError::Invalid(format!(
                        "DM {}: manual preferences but no preferenceVector",
                        dm.name
                    ))
                })?;
                manual(&dm.name, ranking, states.len())
            } else {
                let clauses = dm
                    .preferences
                    .iter()
                    .map(|v| clause(v, n).map(remap))
                    .collect::<Result<Vec<_>, _>>()?;
                // Exact for any number of preferences (prefs::payoffs).
                Ok(crate::prefs::payoffs(
                    states.len(),
                    clauses.len(),
                    &|s, k| {
                        clauses[k]
                            .iter()
                            .any(|conj| Condition(conj.clone()).holds(states[s]))
                    },
                ))
            }
        })
        .collect::<Result<Vec<_>, ImportError>>()?;
    Ok(Imported { form, payoffs })
}

fn clause(v: &Value, n: usize) -> Result<Clause, ImportError> {
    let conj = |v: &Value| -> Result<Vec<(usize, bool)>, ImportError> {
        let bad = || {
            ImportError::Invalid(format!(
                "condition {v} is not a list of [option, \"Y\"|\"N\"]"
            ))
        };
        v.as_array()
            .ok_or_else(bad)?
            .iter()
            .map(|lit| {
                let pair = lit.as_array().filter(|p| p.len() == 2).ok_or_else(bad)?;
                let k = pair[0].as_u64().map(|k| k as usize).ok_or_else(bad)?;
                if k >= n {
                    return Err(ImportError::Invalid(format!(
                        "condition {v} names option {k}, but the options are numbered 0 to {} in the file",
                        n.saturating_sub(1)
                    )));
                }
                let y = match pair[1].as_str() {
                    Some("Y") => true,
                    Some("N") => false,
                    _ => return Err(bad()),
                };
                Ok((k, y))
            })
            .collect()
    };
    match v {
        Value::Object(o) => o
            .get("members")
            .and_then(Value::as_array)
            .ok_or_else(|| ImportError::Invalid(format!("compound condition {v} has no members")))?
            .iter()
            .map(conj)
            .collect(),
        _ => Ok(vec![conj(v)?]),
    }
}

fn manual(dm: &str, ranking: &[Value], states: usize) -> Result<Vec<i64>, ImportError> {
    let groups: Vec<Vec<usize>> = ranking
        .iter()
        .map(|v| match v {
            Value::Array(a) => a
                .iter()
                .map(|x| x.as_u64().map(|x| x as usize))
                .collect::<Option<Vec<_>>>(),
            x => x.as_u64().map(|x| vec![x as usize]),
        })
        .collect::<Option<_>>()
        .ok_or_else(|| {
            ImportError::Invalid(format!("DM {dm}: preferenceVector must list state numbers"))
        })?;
    Ok(crate::graph::payoff_from_ranking(dm, states, &groups)?)
}
