//! The rules a scenario's values follow, in one place: the validator
//! reports a value that breaks one as a diagnostic, and the editor (the
//! app's edits) refuses it with the same words, so the two cannot disagree
//! on what a valid capability or salience is.

/// A capability is relative influence on any positive scale.
pub fn capability_ok(v: f64) -> bool {
    v.is_finite() && v > 0.0 && v <= MAX_MAGNITUDE
}

/// The largest capability or scale end accepted: capabilities are relative,
/// so 10^12 covers any real ratio, and sums of capability × salience ×
/// position over thousands of actors stay far from overflow.
pub const MAX_MAGNITUDE: f64 = 1e12;

/// A number as a diagnostic quotes it: in scientific notation when huge or
/// tiny (`1e308`, not 309 digits).
pub fn show(v: f64) -> String {
    if v != 0.0 && v.is_finite() && (v.abs() >= 1e9 || v.abs() < 1e-6) {
        format!("{v:e}")
    } else {
        format!("{v}")
    }
}

/// Whether a scale end is within [`MAX_MAGNITUDE`].
pub fn magnitude_ok(v: f64) -> bool {
    v.is_finite() && v.abs() <= MAX_MAGNITUDE
}

pub const CAPABILITY_HELP: &str = "capability is relative influence on any positive scale up to 1e12; give an actor with almost none a small positive number, and rescale very large ones";

/// A salience is a share of attention.
pub fn salience_ok(v: f64) -> bool {
    v.is_finite() && (0.0..=1.0).contains(&v)
}

pub const SALIENCE_HELP: &str =
    "salience is the share of attention: 0 = does not care, 1 = above everything else";
