//! The Decide exchange-model input format (Stokman & Van Oosten's
//! "Decide" tools; read as the open `decide-exchange-model` does):
//! semicolon- or tab-separated rows keyed by their first field.
//!
//! ```text
//! #A;<actor id>;<full name>
//! #P;<issue id>;<description>
//! #M;<issue id>;<scale value>;<label>       (optional scale points)
//! #D;<actor id>;<issue id>;<position>;<salience>;<power>
//! #/ ...  and  #O ...                       (comments, title)
//! ```
//!
//! Salience is in [0, 1]; power is per actor *and issue*, so each issue
//! becomes its own one-dimensional [`Problem`] whose capabilities are the
//! powers on that issue. An issue's scale runs between its lowest and
//! highest `#M` points, or between its positions when it has none.
//! Decimal commas are accepted.

use thiserror::Error;

use crate::problem::{Actor, Dimension, Problem};

/// One issue of a Decide file.
#[derive(Clone, Debug, PartialEq)]
pub struct DecideIssue {
    pub id: String,
    pub description: String,
    /// Scale points and their labels, in file order.
    pub points: Vec<(f64, String)>,
    /// Actor ids in the order of the problem's actors.
    pub actor_ids: Vec<String>,
    pub problem: Problem,
}

/// A Decide file: its title, actors (id, name) and issues.
#[derive(Clone, Debug, PartialEq)]
pub struct DecideFile {
    pub title: Option<String>,
    pub actors: Vec<(String, String)>,
    pub issues: Vec<DecideIssue>,
}

#[derive(Clone, Debug, Error, PartialEq)]
#[error("line {line}, column {column}: {message}")]
pub struct DecideError {
    pub line: usize,
    pub column: usize,
    pub message: String,
    pub help: String,
}

/// Fields of a row with their 1-based columns.
fn split(line: &str) -> Vec<(usize, &str)> {
    let sep = if line.contains(';') { ';' } else { '\t' };
    let mut out = Vec::new();
    let mut start = 0;
    for (i, c) in line.char_indices() {
        if c == sep {
            out.push((start + 1, line[start..i].trim()));
            start = i + c.len_utf8();
        }
    }
    out.push((start + 1, line[start..].trim()));
    out
}

/// Reads a Decide file.
pub fn read(text: &str) -> Result<DecideFile, DecideError> {
    let mut title = None;
    let mut actors: Vec<(String, String)> = Vec::new();
    struct Issue {
        id: String,
        description: String,
        points: Vec<(f64, String)>,
        rows: Vec<(String, f64, f64, f64)>,
    }
    let mut issues: Vec<Issue> = Vec::new();
    for (n, raw) in text.lines().enumerate() {
        let line = n + 1;
        let f = split(raw.trim_end_matches('\r'));
        let err = |column: usize, message: String, help: &str| DecideError {
            line,
            column,
            message,
            help: help.to_owned(),
        };
        let field = |k: usize, what: &str| -> Result<(usize, &str), DecideError> {
            f.get(k).copied().filter(|(_, t)| !t.is_empty()).ok_or_else(|| {
                err(
                    f.last().map_or(1, |x| x.0),
                    format!("missing {what}"),
                    "rows are #A;id;name, #P;issue;description, #M;issue;value;label, #D;actor;issue;position;salience;power",
                )
            })
        };
        let number = |k: usize, what: &str| -> Result<f64, DecideError> {
            let (col, t) = field(k, what)?;
            t.replace(',', ".")
                .parse::<f64>()
                .ok()
                .filter(|v| v.is_finite())
                .ok_or_else(|| {
                    err(
                        col,
                        format!("{what} `{t}` is not a number"),
                        "write a decimal number",
                    )
                })
                .and_then(|v| {
                    // Beyond 10^12, sums of power × salience × position
                    // over many actors lose every digit that matters.
                    if v.abs() > 1e12 {
                        Err(err(
                            col,
                            format!("{what} `{t}` is beyond ±1e12"),
                            "rescale: powers are relative, and positions can use a smaller unit",
                        ))
                    } else {
                        Ok(v)
                    }
                })
        };
        match f[0].1 {
            "#A" => {
                let id = field(1, "the actor id")?.1.to_owned();
                let name = f.get(2).map_or(id.as_str(), |x| x.1).to_owned();
                if actors.iter().any(|a| a.0 == id) {
                    return Err(err(
                        f[1].0,
                        format!("actor `{id}` is defined twice"),
                        "give each #A row its own id",
                    ));
                }
                actors.push((
                    id,
                    if name.is_empty() {
                        f[1].1.to_owned()
                    } else {
                        name
                    },
                ));
            }
            "#P" => {
                let id = field(1, "the issue id")?.1.to_owned();
                if issues.iter().any(|i| i.id == id) {
                    return Err(err(
                        f[1].0,
                        format!("issue `{id}` is defined twice"),
                        "give each #P row its own id",
                    ));
                }
                issues.push(Issue {
                    id,
                    description: f.get(2).map_or("", |x| x.1).to_owned(),
                    points: Vec::new(),
                    rows: Vec::new(),
                });
            }
            "#M" => {
                let (col, id) = field(1, "the issue id")?;
                let value = number(2, "the scale value")?;
                let label = f.get(3).map_or("", |x| x.1).to_owned();
                let Some(issue) = issues.iter_mut().find(|i| i.id == id) else {
                    return Err(err(
                        col,
                        format!("issue `{id}` is not defined (yet)"),
                        "put its #P row first",
                    ));
                };
                issue.points.push((value, label));
            }
            "#D" => {
                let (acol, actor) = field(1, "the actor id")?;
                let (icol, id) = field(2, "the issue id")?;
                if !actors.iter().any(|a| a.0 == actor) {
                    return Err(err(
                        acol,
                        format!("actor `{actor}` is not defined"),
                        "add an #A row for it",
                    ));
                }
                let position = number(3, "the position")?;
                let salience = number(4, "the salience")?;
                if !(0.0..=1.0).contains(&salience) {
                    return Err(err(
                        f[4].0,
                        format!("salience {salience} is outside 0–1"),
                        "Decide saliences are between 0 and 1",
                    ));
                }
                let power = number(5, "the power")?;
                if power <= 0.0 {
                    return Err(err(
                        f[5].0,
                        format!("power {power} is not positive"),
                        "an actor without power cannot vote",
                    ));
                }
                let Some(issue) = issues.iter_mut().find(|i| i.id == id) else {
                    return Err(err(
                        icol,
                        format!("issue `{id}` is not defined"),
                        "add a #P row for it",
                    ));
                };
                if issue.rows.iter().any(|r| r.0 == actor) {
                    return Err(err(
                        acol,
                        format!("`{actor}` has two #D rows on `{id}`"),
                        "keep one",
                    ));
                }
                issue
                    .rows
                    .push((actor.to_owned(), position, salience, power));
            }
            "#O" => title = f.get(1).map(|x| x.1.to_owned()).filter(|t| !t.is_empty()),
            t if t.is_empty() || t.starts_with("#/") || t.starts_with("//") => {}
            t => {
                return Err(err(
                    1,
                    format!("unknown row type `{t}`"),
                    "rows start with #A, #P, #M, #D, #O or #/",
                ));
            }
        }
    }
    let issues = issues
        .into_iter()
        .map(|i| {
            let values: Vec<f64> = if i.points.is_empty() {
                i.rows.iter().map(|r| r.1).collect()
            } else {
                i.points.iter().map(|p| p.0).collect()
            };
            let lo = values.iter().copied().fold(f64::INFINITY, f64::min);
            let hi = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
            let (lo, hi) = if lo < hi {
                (lo, hi)
            } else {
                (lo.min(0.0), hi.max(lo.min(0.0) + 1.0))
            };
            // Positions outside the scale points widen the scale.
            let lo = i.rows.iter().map(|r| r.1).fold(lo, f64::min);
            let hi = i.rows.iter().map(|r| r.1).fold(hi, f64::max);
            DecideIssue {
                problem: Problem {
                    dimensions: vec![Dimension::new(i.id.clone(), lo, hi)],
                    actors: i
                        .rows
                        .iter()
                        .map(|(a, x, s, p)| Actor {
                            name: a.clone(),
                            capability: *p,
                            position: vec![*x],
                            salience: vec![*s],
                        })
                        .collect(),
                },
                actor_ids: i.rows.iter().map(|r| r.0.clone()).collect(),
                id: i.id,
                description: i.description,
                points: i.points,
            }
        })
        .collect();
    Ok(DecideFile {
        title,
        actors,
        issues,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The two-actor example of validation.md §2.3 (Stokman & Van Oosten
    /// 1994), as a Decide file: saliences 10/90 and 60/50 become 0.1/0.9
    /// and 0.6/0.5.
    const EXAMPLE: &str = "#O;Equal gain example\n#A;Actor-1;First\n#A;Actor-2;Second\n#P;Issue-1;One\n#P;Issue-2;Two\n#/;actor;issue;position;salience;power\n#D;Actor-1;Issue-1;0;0,1;1\n#D;Actor-2;Issue-1;100;0.6;1\n#D;Actor-1;Issue-2;0;0.9;1\n#D;Actor-2;Issue-2;100;0.5;1\n";

    #[test]
    fn reads_issues_as_problems() {
        let f = read(EXAMPLE).unwrap();
        assert_eq!(f.title.as_deref(), Some("Equal gain example"));
        assert_eq!(f.issues.len(), 2);
        let p = &f.issues[0].problem;
        assert_eq!(p.dimensions[0].min, 0.0);
        assert_eq!(p.dimensions[0].max, 100.0);
        assert_eq!(p.actors[0].salience, vec![0.1]);
        assert_eq!(f.issues[1].actor_ids, vec!["Actor-1", "Actor-2"]);
    }

    #[test]
    fn errors_name_line_and_column() {
        let bad = EXAMPLE.replace(
            "#D;Actor-2;Issue-2;100;0.5;1",
            "#D;Actor-3;Issue-2;100;0.5;1",
        );
        let e = read(&bad).unwrap_err();
        assert_eq!((e.line, e.column), (10, 4), "{e}");
        let bad = EXAMPLE.replace("0.5;1", "lots;1");
        let e = read(&bad).unwrap_err();
        assert_eq!((e.line, e.column), (10, 24), "{e}");
    }

    /// Absurd numbers are refused where they stand, not carried into sums
    /// that overflow (issue 14): a power of 1e308, a position of -1e13.
    #[test]
    fn absurd_numbers_are_errors() {
        let row = "#D;Actor-2;Issue-2;100;0.5;1";
        let with = |new: &str| read(&EXAMPLE.replace(row, new));
        let e = with("#D;Actor-2;Issue-2;100;0.5;1e308").unwrap_err();
        assert_eq!((e.line, e.column), (10, 28), "{e}");
        assert!(e.to_string().contains("beyond ±1e12"), "{e}");
        let e = with("#D;Actor-2;Issue-2;-1e13;0.5;1").unwrap_err();
        assert_eq!((e.line, e.column), (10, 20), "{e}");
        // 1e12 itself is accepted.
        with("#D;Actor-2;Issue-2;100;0.5;1e12").unwrap();
    }
}
