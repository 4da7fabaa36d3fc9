//! The shared representation: issues with discrete values, and parties with
//! additive utilities and a reservation value.
//!
//! u_i(ω) = Σ_k c_ik(ω_k): party i's utility for an outcome ω (one value per
//! issue) is the sum of its per-issue contributions c_ik. Every reader and
//! every solution concept works on this one form (Raiffa, Richardson &
//! Metcalfe, *Negotiation Analysis*, 2002, ch. 12; GENIUS's additive
//! utility spaces).

use serde::Serialize;
use thiserror::Error;

/// Utilities closer than this are equal: dominance, ties and optima are
/// decided with it (inputs have at most about 10 significant digits).
pub const TOLERANCE: f64 = 1e-9;

/// One issue and its values, in order.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Issue {
    pub name: String,
    pub values: Vec<String>,
}

/// One party: its contribution for every value of every issue, and what
/// no agreement is worth to it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Party {
    pub name: String,
    /// `contribution[k][v]`: c_ik for value v of issue k.
    pub contribution: Vec<Vec<f64>>,
    /// Utility of no agreement (BATNA).
    pub reservation: f64,
}

/// An outcome space and the parties' utilities over it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Domain {
    pub issues: Vec<Issue>,
    pub parties: Vec<Party>,
}

/// An outcome: the index of the chosen value on each issue.
pub type Outcome = Vec<usize>;

#[derive(Debug, Error, PartialEq)]
pub enum DomainError {
    #[error("a domain needs at least one issue")]
    NoIssues,
    #[error("issue `{0}` has no values")]
    NoValues(String),
    #[error("a bargaining problem needs at least 2 parties, found {0}")]
    TooFewParties(usize),
    #[error("party `{party}`: {what}")]
    Party { party: String, what: String },
}

impl Domain {
    /// Checks shapes and that every number is finite.
    pub fn check(&self) -> Result<(), DomainError> {
        if self.issues.is_empty() {
            return Err(DomainError::NoIssues);
        }
        if let Some(i) = self.issues.iter().find(|i| i.values.is_empty()) {
            return Err(DomainError::NoValues(i.name.clone()));
        }
        if self.parties.len() < 2 {
            return Err(DomainError::TooFewParties(self.parties.len()));
        }
        for p in &self.parties {
            let bad = |what: String| DomainError::Party {
                party: p.name.clone(),
                what,
            };
            if p.contribution.len() != self.issues.len() {
                return Err(bad(format!(
                    "utilities for {} issues, the domain has {}",
                    p.contribution.len(),
                    self.issues.len()
                )));
            }
            for (k, (c, i)) in p.contribution.iter().zip(&self.issues).enumerate() {
                if c.len() != i.values.len() {
                    return Err(bad(format!(
                        "issue {} (`{}`): {} utilities for {} values",
                        k + 1,
                        i.name,
                        c.len(),
                        i.values.len()
                    )));
                }
                if let Some(x) = c.iter().find(|x| !x.is_finite()) {
                    return Err(bad(format!(
                        "issue `{}`: utility {x} is not finite",
                        i.name
                    )));
                }
            }
            if !p.reservation.is_finite() {
                return Err(bad(format!(
                    "reservation value {} is not finite",
                    p.reservation
                )));
            }
        }
        Ok(())
    }

    /// Number of outcomes (saturating at `u128::MAX`).
    pub fn outcomes(&self) -> u128 {
        self.issues
            .iter()
            .fold(1u128, |n, i| n.saturating_mul(i.values.len() as u128))
    }

    /// Every party's utility for `outcome`.
    pub fn utilities(&self, outcome: &[usize]) -> Vec<f64> {
        self.parties
            .iter()
            .map(|p| p.contribution.iter().zip(outcome).map(|(c, &v)| c[v]).sum())
            .collect()
    }

    /// The reservation values, in party order.
    pub fn reservations(&self) -> Vec<f64> {
        self.parties.iter().map(|p| p.reservation).collect()
    }

    /// An outcome as value names.
    pub fn describe(&self, outcome: &[usize]) -> Vec<String> {
        self.issues
            .iter()
            .zip(outcome)
            .map(|(i, &v)| i.values[v].clone())
            .collect()
    }
}

/// `a` weakly dominates `b`: at least as good for everyone, better for
/// someone (within [`TOLERANCE`]).
pub fn dominates(a: &[f64], b: &[f64]) -> bool {
    a.iter().zip(b).all(|(x, y)| *x >= y - TOLERANCE)
        && a.iter().zip(b).any(|(x, y)| *x > y + TOLERANCE)
}

/// `a` and `b` are the same utility vector within [`TOLERANCE`].
pub fn same(a: &[f64], b: &[f64]) -> bool {
    a.iter().zip(b).all(|(x, y)| (x - y).abs() <= TOLERANCE)
}
