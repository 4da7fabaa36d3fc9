//! The input every model reads: actors with a capability and, on each
//! dimension of the issue space, a position and a salience.

use serde::Serialize;
use thiserror::Error;

/// One actor of a forecasting problem.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Actor {
    pub name: String,
    /// Relative influence, any positive scale.
    pub capability: f64,
    /// Position on each dimension.
    pub position: Vec<f64>,
    /// Salience on each dimension, in [0, 1].
    pub salience: Vec<f64>,
}

/// One dimension of the issue space: a name and the ends of its scale.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Dimension {
    pub name: String,
    pub min: f64,
    pub max: f64,
}

impl Dimension {
    pub fn new(name: impl Into<String>, min: f64, max: f64) -> Dimension {
        Dimension {
            name: name.into(),
            min,
            max,
        }
    }

    /// `x` on this scale as a fraction of the way from `min` to `max`.
    pub fn to_unit(&self, x: f64) -> f64 {
        (x - self.min) / (self.max - self.min)
    }

    /// The inverse of [`Dimension::to_unit`].
    pub fn from_unit(&self, u: f64) -> f64 {
        self.min + u * (self.max - self.min)
    }
}

/// Actors placed in an issue space of one or more dimensions.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Problem {
    pub dimensions: Vec<Dimension>,
    pub actors: Vec<Actor>,
}

#[derive(Debug, Error, PartialEq)]
pub enum ProblemError {
    #[error("a forecast needs {min} or more actors, found {found}")]
    TooFewActors { min: usize, found: usize },
    #[error("the problem has no dimensions")]
    NoDimensions,
    #[error("dimension `{0}`: its scale needs min < max")]
    Scale(String),
    #[error("actor `{actor}`: {what} has {found} values for {dims} dimensions")]
    Length {
        actor: String,
        what: &'static str,
        found: usize,
        dims: usize,
    },
    #[error("actor `{actor}`: {what} is {value}, which is not {expected}")]
    Value {
        actor: String,
        what: &'static str,
        value: f64,
        expected: &'static str,
    },
}

impl Problem {
    /// Checks sizes and ranges: capabilities positive and finite, positions
    /// finite, saliences in [0, 1], at least `min_actors` actors.
    pub fn check(&self, min_actors: usize) -> Result<(), ProblemError> {
        if self.actors.len() < min_actors {
            return Err(ProblemError::TooFewActors {
                min: min_actors,
                found: self.actors.len(),
            });
        }
        let dims = self.dimensions.len();
        if dims == 0 {
            return Err(ProblemError::NoDimensions);
        }
        if let Some(d) = self
            .dimensions
            .iter()
            .find(|d| !(d.min.is_finite() && d.max.is_finite() && d.min < d.max))
        {
            return Err(ProblemError::Scale(d.name.clone()));
        }
        for a in &self.actors {
            for (what, found) in [
                ("the position", a.position.len()),
                ("the salience", a.salience.len()),
            ] {
                if found != dims {
                    return Err(ProblemError::Length {
                        actor: a.name.clone(),
                        what,
                        found,
                        dims,
                    });
                }
            }
            let bad = |what, value: f64, expected| ProblemError::Value {
                actor: a.name.clone(),
                what,
                value,
                expected,
            };
            if !(a.capability.is_finite() && a.capability > 0.0) {
                return Err(bad("the capability", a.capability, "positive"));
            }
            if let Some(&x) = a.position.iter().find(|x| !x.is_finite()) {
                return Err(bad("a position", x, "finite"));
            }
            if let Some(&s) = a.salience.iter().find(|s| !(0.0..=1.0).contains(*s)) {
                return Err(bad("a salience", s, "in [0, 1]"));
            }
        }
        Ok(())
    }

    /// Positions on dimension `k`, in actor order.
    pub fn positions(&self, k: usize) -> Vec<f64> {
        self.actors.iter().map(|a| a.position[k]).collect()
    }
}
