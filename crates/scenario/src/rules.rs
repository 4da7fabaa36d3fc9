//! The rules a scenario's values follow, in one place: the validator
//! reports a value that breaks one as a diagnostic, and the editor (the
//! app's edits) refuses it with the same words, so the two cannot disagree
//! on what a valid capability or salience is.

/// A capability is relative influence on any positive scale.
pub fn capability_ok(v: f64) -> bool {
    v.is_finite() && v > 0.0
}

pub const CAPABILITY_HELP: &str = "capability is relative influence on any positive scale; give an actor with almost none a small positive number";

/// A salience is a share of attention.
pub fn salience_ok(v: f64) -> bool {
    v.is_finite() && (0.0..=1.0).contains(&v)
}

pub const SALIENCE_HELP: &str =
    "salience is the share of attention: 0 = does not care, 1 = above everything else";
