//! KTAB's CSV scenario format, as its `smpc` reads it (KTAB
//! `examples/smp/libsrc/smpread.cpp`):
//!
//! ```text
//! scenarioName, scenarioDesc, numActors, numDims,
//! Actor,Description,Power,<dim 1>,<dim 1 salience>,...
//! <name>, <description>, <power>, <position>, <salience>, ...
//! ```
//!
//! Positions and saliences are on 0–100; an actor's saliences sum to at
//! most 100. Fields may be quoted with `"`. The reader keeps positions on
//! their 0–100 scale (dimensions run from 0 to 100) and divides saliences
//! by 100.
//!
//! Fields are split here rather than with a CSV crate so that every error
//! names the exact line and column of the offending field.

use thiserror::Error;

use crate::problem::{Actor, Dimension, Problem};

/// A KTAB scenario: its name and description, and the actors.
#[derive(Clone, Debug, PartialEq)]
pub struct KtabScenario {
    pub name: String,
    pub description: String,
    pub problem: Problem,
}

/// A problem in a KTAB CSV file, with its place.
#[derive(Clone, Debug, Error, PartialEq)]
#[error("line {line}, column {column}: {message}")]
pub struct ReadError {
    pub line: usize,
    pub column: usize,
    pub message: String,
    pub help: String,
}

/// One field of a line: its text (trimmed, quotes removed) and 1-based
/// column.
struct Field {
    text: String,
    column: usize,
}

fn fields(line: &str) -> Vec<Field> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut quoted = false;
    let bytes = line.as_bytes();
    let mut push = |from: usize, to: usize| {
        let raw = &line[from..to];
        let lead = raw.len() - raw.trim_start().len();
        let text = raw.trim().trim_matches('"').trim().to_owned();
        out.push(Field {
            text,
            column: from + lead + 1,
        });
    };
    for (i, &b) in bytes.iter().enumerate() {
        match b {
            b'"' => quoted = !quoted,
            b',' if !quoted => {
                push(start, i);
                start = i + 1;
            }
            _ => {}
        }
    }
    push(start, line.len());
    // A trailing comma leaves an empty last field, as KTAB's files have.
    while out.last().is_some_and(|f| f.text.is_empty()) && out.len() > 1 {
        out.pop();
    }
    out
}

/// Reads a KTAB CSV scenario.
pub fn read_csv(text: &str) -> Result<KtabScenario, ReadError> {
    let lines: Vec<(usize, &str)> = text
        .lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l.trim_end_matches('\r')))
        .filter(|(_, l)| !l.trim().is_empty())
        .collect();
    let err = |line: usize, column: usize, message: String, help: &str| ReadError {
        line,
        column,
        message,
        help: help.to_owned(),
    };
    let Some(&(l1, head)) = lines.first() else {
        return Err(err(
            1,
            1,
            "the file is empty".into(),
            "a KTAB CSV starts with `name, description, actors, dimensions,`",
        ));
    };
    let h = fields(head);
    if h.len() < 4 {
        return Err(err(
            l1,
            1,
            format!("the first line has {} fields, expected 4", h.len()),
            "the first line is `scenarioName, scenarioDesc, numActors, numDims,`",
        ));
    }
    let count = |f: &Field, what: &str| -> Result<usize, ReadError> {
        f.text.parse::<usize>().map_err(|_| {
            err(
                l1,
                f.column,
                format!("`{}` is not a number of {what}", f.text),
                "give a whole number",
            )
        })
    };
    let num_actors = count(&h[2], "actors")?;
    let num_dims = count(&h[3], "dimensions")?;
    if num_dims == 0 {
        return Err(err(
            l1,
            h[3].column,
            "no dimensions".into(),
            "give at least one dimension",
        ));
    }
    let Some(&(l2, header)) = lines.get(1) else {
        return Err(err(
            l1 + 1,
            1,
            "the header line is missing".into(),
            "line 2 is `Actor,Description,Power,<dim>,<salience>,...`",
        ));
    };
    let hdr = fields(header);
    // Compared without computing 3 + 2·numDims, which a huge count
    // (2^63) would overflow.
    if num_dims > hdr.len().saturating_sub(3) / 2 {
        return Err(err(
            l2,
            1,
            format!(
                "the header has {} fields; {num_dims} dimensions need {}",
                hdr.len(),
                num_dims.saturating_mul(2).saturating_add(3)
            ),
            "each dimension has a position column and a salience column",
        ));
    }
    let dimensions: Vec<Dimension> = (0..num_dims)
        .map(|d| Dimension::new(hdr[3 + 2 * d].text.clone(), 0.0, 100.0))
        .collect();
    let rows = &lines[2..];
    if rows.len() != num_actors {
        let (line, column) = rows.last().map_or((l2 + 1, 1), |&(l, _)| (l, 1));
        return Err(err(
            line,
            column,
            format!(
                "the first line announces {num_actors} actors but {} rows follow",
                rows.len()
            ),
            "make the count on line 1 match the actor rows",
        ));
    }
    let mut actors = Vec::with_capacity(num_actors);
    for &(line, row) in rows {
        let f = fields(row);
        if f.len() < 3 + 2 * num_dims {
            return Err(err(
                line,
                f.last().map_or(1, |x| x.column),
                format!("{} fields, expected {}", f.len(), 3 + 2 * num_dims),
                "each row is name, description, power, then position and salience per dimension",
            ));
        }
        let number = |x: &Field, what: &str, lo: f64, hi: f64| -> Result<f64, ReadError> {
            let v: f64 = x.text.parse().map_err(|_| {
                err(
                    line,
                    x.column,
                    format!("{what} `{}` is not a number", x.text),
                    "write a decimal number",
                )
            })?;
            if !(v.is_finite() && (lo..=hi).contains(&v)) {
                return Err(err(
                    line,
                    x.column,
                    format!("{what} `{}` is outside {lo}–{hi}", x.text),
                    if what == "power" {
                        "KTAB powers are relative: rescale them below 1e8"
                    } else {
                        "KTAB positions and saliences are on 0–100"
                    },
                ));
            }
            Ok(v)
        };
        let capability = number(&f[2], "power", 0.0, 1e8)?;
        if capability <= 0.0 {
            return Err(err(
                line,
                f[2].column,
                "power must be positive".into(),
                "an actor without power cannot vote",
            ));
        }
        let mut position = Vec::with_capacity(num_dims);
        let mut salience = Vec::with_capacity(num_dims);
        let mut total = 0.0;
        for d in 0..num_dims {
            position.push(number(&f[3 + 2 * d], "position", 0.0, 100.0)?);
            let s = number(&f[4 + 2 * d], "salience", 0.0, 100.0)?;
            total += s;
            if total > 100.0 + 1e-9 {
                return Err(err(
                    line,
                    f[4 + 2 * d].column,
                    format!("saliences add up to {total}, over 100"),
                    "an actor's saliences are shares of its attention: at most 100 in all",
                ));
            }
            salience.push(s / 100.0);
        }
        actors.push(Actor {
            name: f[0].text.clone(),
            capability,
            position,
            salience,
        });
    }
    Ok(KtabScenario {
        name: h[0].text.clone(),
        description: h[1].text.clone(),
        problem: Problem { dimensions, actors },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_name_line_and_column() {
        let bad = "S, d, 3, 1,\nActor,Description,Power,P,S,\nA, x, 10, 50, 20,\nB, y, 10, fifty, 20,\nC, z, 10, 10, 20,\n";
        let e = read_csv(bad).unwrap_err();
        assert_eq!((e.line, e.column), (4, 11), "{e}");
        assert!(e.message.contains("`fifty`"), "{e}");
        let over = "S, d, 1, 2,\nActor,Description,Power,P,S,Q,T\nA, x, 10, 50, 60, 1, 50\n";
        let e = read_csv(over).unwrap_err();
        assert_eq!(e.line, 3, "{e}");
    }

    /// A huge dimension count (2^63, issue 14) is an error on the header,
    /// not an overflow.
    #[test]
    fn a_huge_dimension_count_is_an_error() {
        for n in ["9223372036854775808", "18446744073709551615"] {
            let text = format!("S, d, 1, {n},\nActor,Description,Power,P,S,\nA, x, 10, 50, 20,\n");
            let e = read_csv(&text).unwrap_err();
            assert_eq!(e.line, 2, "{e}");
            assert!(e.message.contains("dimensions need"), "{e}");
        }
    }
}
