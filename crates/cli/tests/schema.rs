//! `detente schema`: the committed schemas are what the binary prints.

mod common;

use common::{detente, run};
use std::path::Path;

#[test]
fn schema_command_prints_the_committed_schema() {
    let r = run(detente().arg("schema"));
    assert_eq!(r.code, 0);
    let committed = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/scenario.schema.json"),
    )
    .unwrap();
    assert_eq!(r.stdout, committed);
}

/// `detente schema --output` prints the committed output schema, and the
/// schema is generated from the types, so it cannot drift from the JSON.
#[test]
fn output_schema_is_committed() {
    let r = run(detente().args(["schema", "--output"]));
    assert_eq!(r.code, 0);
    let committed = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/output.schema.json"),
    )
    .unwrap();
    assert!(
        r.stdout == committed,
        "docs/output.schema.json is stale: run `cargo run -- schema --output > docs/output.schema.json` and bump SCHEMA_VERSION if a field changed meaning or went away"
    );
}

/// Every JSON document the snapshot tests pin (every command, the
/// built-in scenario and every peer format, valid and invalid input) is
/// valid against the output schema, and matches exactly one of its shapes.
#[test]
fn every_pinned_json_output_follows_the_schema() {
    let schema: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/output.schema.json"),
        )
        .unwrap(),
    )
    .unwrap();
    let validator = jsonschema::validator_for(&schema).expect("the output schema compiles");
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots");
    let mut checked = 0;
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    for path in files {
        let text = std::fs::read_to_string(&path).unwrap();
        // The pinned transcript's stdout (or an error snapshot's JSON).
        let Some(start) = text
            .find("--- stdout\n{")
            .map(|i| i + "--- stdout\n".len())
            .or_else(|| {
                text.find("--- json stdout\n{")
                    .map(|i| i + "--- json stdout\n".len())
            })
        else {
            continue;
        };
        let end = text[start..].find("\n}\n").map(|i| start + i + 2).unwrap();
        let doc: serde_json::Value = match serde_json::from_str(&text[start..end]) {
            Ok(d) => d,
            Err(e) => panic!("{}: {e}", path.display()),
        };
        if doc.get("schema_version").is_none() {
            continue; // --graph json: the conflict graph, not a document
        }
        if !validator.is_valid(&doc) {
            // Say why, against each shape of the document's command.
            let mut why = Vec::new();
            for shape in schema["oneOf"].as_array().unwrap() {
                let command = &shape["allOf"][1]["properties"]["command"]["const"];
                if !command.is_null() && *command != doc["command"] {
                    continue;
                }
                let mut one = shape.clone();
                one["$defs"] = schema["$defs"].clone();
                let v = jsonschema::validator_for(&one).unwrap();
                why.extend(
                    v.iter_errors(&doc)
                        .take(5)
                        .map(|e| format!("  {} (at {})", short(&e.to_string()), e.instance_path())),
                );
            }
            panic!(
                "{} does not follow docs/output.schema.json:\n{}",
                path.display(),
                why.join("\n")
            );
        }
        checked += 1;
    }
    assert!(checked >= 20, "only {checked} JSON documents found");
}

fn short(s: &str) -> String {
    if s.chars().count() > 300 {
        format!("{}…", s.chars().take(300).collect::<String>())
    } else {
        s.to_owned()
    }
}
