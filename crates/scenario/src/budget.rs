//! What an analysis may spend, known before it starts.
//!
//! Every lens has a size that decides its time and memory: the states of a
//! conflict, the outcomes an exact count enumerates, the values of one
//! issue's grid, the vectors of a frontier, the Monte Carlo values drawn
//! (runs × issues × models), and the memory all of them need. [`Limits`]
//! gives each a default that a laptop finishes in seconds; a `[budget]`
//! section raises (or lowers) them for one scenario, and `--budget
//! key=value` for one command. What would pass a limit is refused before it
//! starts, with a diagnostic that names the limit and how to get under it
//! (the validator for what the scenario alone decides, the analysis facade
//! for what a command's options add), so no input makes a command run out
//! of memory.

use serde::Serialize;

/// The limits of one analysis.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct Limits {
    /// Feasible states of a conflict (the stability lens).
    pub states: u64,
    /// Outcomes an exact count may enumerate one by one (the zone of
    /// possible agreement of three or more parties).
    pub outcomes: u64,
    /// Values of one issue's grid (`[packages] step`).
    pub grid_values: u64,
    /// Utility vectors the frontier may hold at any step; past it the
    /// frontier is thinned and says so.
    pub frontier_vectors: u64,
    /// Monte Carlo values drawn: runs × issues × models.
    pub monte_carlo_values: u64,
    /// Estimated memory of the largest lens, in MiB.
    pub memory_mb: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            states: 1 << 20,
            outcomes: 10_000_000,
            grid_values: 1_000_000,
            frontier_vectors: 1_000_000,
            monte_carlo_values: 100_000_000,
            memory_mb: 1024,
        }
    }
}

/// The keys of `[budget]` and `--budget`, in the order the docs list them,
/// with what each bounds.
pub const KEYS: [(&str, &str); 6] = [
    ("states", "feasible states of a conflict"),
    ("outcomes", "outcomes enumerated one by one"),
    ("grid_values", "values of one issue's grid"),
    ("frontier_vectors", "utility vectors of the frontier"),
    (
        "monte_carlo_values",
        "Monte Carlo values (runs × issues × models)",
    ),
    ("memory_mb", "estimated memory, in MiB"),
];

/// Largest limit accepted (2^53: every value is an exact float too).
pub const MAX_LIMIT: u64 = 1 << 53;

impl Limits {
    fn slot(&mut self, key: &str) -> Option<&mut u64> {
        Some(match key {
            "states" => &mut self.states,
            "outcomes" => &mut self.outcomes,
            "grid_values" => &mut self.grid_values,
            "frontier_vectors" => &mut self.frontier_vectors,
            "monte_carlo_values" => &mut self.monte_carlo_values,
            "memory_mb" => &mut self.memory_mb,
            _ => return None,
        })
    }

    /// One limit by its key (`0` for an unknown key).
    pub fn get(&self, key: &str) -> u64 {
        let mut copy = *self;
        copy.slot(&key.replace('-', "_")).map_or(0, |v| *v)
    }

    /// Sets one limit by its key (`-` and `_` alike).
    pub fn set(&mut self, key: &str, value: u64) -> Result<(), String> {
        let key = key.replace('-', "_");
        let Some(slot) = self.slot(&key) else {
            let known: Vec<&str> = KEYS.iter().map(|(k, _)| *k).collect();
            return Err(format!(
                "unknown budget `{key}`; the budgets are {}",
                known.join(", ")
            ));
        };
        *slot = value;
        Ok(())
    }

    /// The defaults with `settings` (as [`parse_setting`] gives them) over
    /// them; a key it does not know is skipped.
    pub fn with(settings: &[(String, u64)]) -> Limits {
        let mut l = Limits::default();
        for (k, v) in settings {
            let _ = l.set(k, *v);
        }
        l
    }

    /// The memory limit in bytes.
    pub fn memory_bytes(&self) -> u128 {
        self.memory_mb as u128 * (1 << 20)
    }
}

/// One `key=value` setting, as `--budget` takes it: the value an integer
/// from 1 to 2^53, written plainly (`1000000`, `1_000_000`), in exponent
/// form (`1e7`) or as a power of two (`2^22`).
pub fn parse_setting(text: &str) -> Result<(String, u64), String> {
    let Some((key, value)) = text.split_once('=') else {
        return Err(format!(
            "`{text}` is not key=value; write, for example, --budget states=4194304"
        ));
    };
    let key = key.trim().replace('-', "_");
    Limits::default().set(&key, 1)?;
    let value = parse_count(value.trim()).ok_or_else(|| {
        format!("`{value}` is not a whole number from 1 to 2^53 (write 4194304, 4e6 or 2^22)")
    })?;
    Ok((key, value))
}

/// A count from 1 to [`MAX_LIMIT`]: plain, with `_`, `1e7` or `2^22`.
pub fn parse_count(text: &str) -> Option<u64> {
    let t = text.replace('_', "");
    let v = if let Some((base, exp)) = t.split_once('^') {
        let (base, exp): (u64, u32) = (base.parse().ok()?, exp.parse().ok()?);
        base.checked_pow(exp)?
    } else if let Ok(v) = t.parse::<u64>() {
        v
    } else {
        from_float(t.parse::<f64>().ok()?)?
    };
    (1..=MAX_LIMIT).contains(&v).then_some(v)
}

/// A float that is a whole number from 1 to [`MAX_LIMIT`].
pub fn from_float(v: f64) -> Option<u64> {
    (v.is_finite() && v.fract() == 0.0 && v >= 1.0 && v <= MAX_LIMIT as f64).then_some(v as u64)
}

/// `v` rounded up to two significant digits (a step a user can type that
/// stays within a limit): 0.000100001 → 0.00011.
pub fn round_up(v: f64) -> f64 {
    if !(v.is_finite() && v > 0.0) {
        return v;
    }
    let scale = 10f64.powi(v.log10().floor() as i32 - 1);
    let up = (v / scale - 1e-9).ceil() * scale;
    // Printed through `{}`: trim the float noise of the multiplication.
    format!("{up:.12e}").parse().unwrap_or(up)
}

/// Values of a grid from `min` to `max` by `step`: min, min + step, ...,
/// and max (what the packages lens builds).
pub fn grid_values(min: f64, max: f64, step: f64) -> f64 {
    ((max - min) / step).floor() + 2.0
}

/// A count as people read it: `1,048,576`.
pub fn thousands(n: u128) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_take_plain_exponent_and_power_forms() {
        assert_eq!(parse_setting("states=2^22"), Ok(("states".into(), 1 << 22)));
        assert_eq!(
            parse_setting("monte-carlo-values = 1e9"),
            Ok(("monte_carlo_values".into(), 1_000_000_000))
        );
        assert_eq!(
            parse_setting("grid_values=2_000_000"),
            Ok(("grid_values".into(), 2_000_000))
        );
        assert!(parse_setting("states=0").is_err());
        assert!(parse_setting("states=1.5").is_err());
        assert!(parse_setting("states=2^64").is_err());
        assert!(parse_setting("states").unwrap_err().contains("key=value"));
        let unknown = parse_setting("statse=4").unwrap_err();
        assert!(unknown.contains("unknown budget `statse`"), "{unknown}");
    }

    #[test]
    fn steps_round_up_to_two_digits() {
        assert_eq!(round_up(0.0001000001), 0.00011);
        assert_eq!(round_up(0.5), 0.5);
        assert_eq!(round_up(123.4), 130.0);
    }

    #[test]
    fn counts_read_with_separators() {
        assert_eq!(thousands(1_048_576), "1,048,576");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1,000");
    }
}
