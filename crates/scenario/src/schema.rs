//! The JSON Schema of the scenario format, generated from [`crate::format`].
//!
//! The committed copy, `docs/scenario.schema.json`, is for editors and other
//! tools; a test regenerates it and fails when the two differ, so the
//! documentation cannot drift from the code.

use crate::format::Document;

/// The scenario JSON Schema, pretty-printed with a trailing newline.
pub fn scenario_schema() -> String {
    let schema = schemars::schema_for!(Document);
    let mut s =
        serde_json::to_string_pretty(&schema).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    s.push('\n');
    s
}
