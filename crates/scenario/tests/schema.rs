//! The committed JSON Schema (`docs/scenario.schema.json`) must be exactly
//! what the format types generate. After changing the format, regenerate it
//! with `DETENTE_BLESS=1 cargo test -p detente-scenario --test schema`.

use std::path::Path;

use detente_scenario::format::SECTIONS;
use detente_scenario::schema::scenario_schema;

#[test]
fn committed_schema_matches_the_code() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/scenario.schema.json");
    let generated = scenario_schema();
    if std::env::var_os("DETENTE_BLESS").is_some() {
        let tmp = path.with_extension("json.tmp");
        std::fs::write(&tmp, &generated).unwrap();
        std::fs::rename(&tmp, &path).unwrap();
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == generated,
        "docs/scenario.schema.json is out of date with crates/scenario/src/format.rs; \
         regenerate it: DETENTE_BLESS=1 cargo test -p detente-scenario --test schema"
    );
}

#[test]
fn schema_sections_are_the_sections_the_parser_reads() {
    let schema: serde_json::Value = serde_json::from_str(&scenario_schema()).unwrap();
    let mut props: Vec<&str> = schema["properties"]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    let mut sections = SECTIONS.to_vec();
    props.sort_unstable();
    sections.sort_unstable();
    assert_eq!(props, sections);
    assert_eq!(
        schema["additionalProperties"],
        serde_json::Value::Bool(false)
    );
}

/// Every key the parser accepts in the built-in scenario is in the schema,
/// checked by walking the TOML against the schema's `properties`.
#[test]
fn builtin_scenario_uses_only_schema_keys() {
    let schema: serde_json::Value = serde_json::from_str(&scenario_schema()).unwrap();
    let doc: toml::Table = toml::from_str(detente_scenario::BERLIN_2025_12).unwrap();
    let json = serde_json::to_value(&doc).unwrap();
    let mut missing = Vec::new();
    walk(&schema, &schema, &json, "", &mut missing);
    assert!(missing.is_empty(), "keys not in the schema: {missing:?}");

    // The walk does find a key the schema lacks.
    let mut doc = json.clone();
    doc["actor"][0]["salary"] = serde_json::json!(1);
    let mut missing = Vec::new();
    walk(&schema, &schema, &doc, "", &mut missing);
    assert_eq!(missing, vec![".actor[0].salary".to_owned()]);
}

fn resolve<'a>(root: &'a serde_json::Value, s: &'a serde_json::Value) -> &'a serde_json::Value {
    match s.get("$ref").and_then(|r| r.as_str()) {
        Some(r) => {
            let name = r.rsplit('/').next().unwrap();
            &root["$defs"][name]
        }
        None => s,
    }
}

fn walk(
    root: &serde_json::Value,
    s: &serde_json::Value,
    v: &serde_json::Value,
    at: &str,
    missing: &mut Vec<String>,
) {
    let s = resolve(root, s);
    // Optional values are `anyOf: [T, null]`; look into the non-null branch.
    if let Some(any) = s.get("anyOf").and_then(|a| a.as_array()) {
        for branch in any {
            if branch.get("type") != Some(&serde_json::json!("null")) {
                walk(root, branch, v, at, missing);
            }
        }
        return;
    }
    match v {
        serde_json::Value::Object(map) => {
            if let Some(props) = s.get("properties").and_then(|p| p.as_object()) {
                for (k, child) in map {
                    match props.get(k) {
                        Some(cs) => walk(root, cs, child, &format!("{at}.{k}"), missing),
                        None => missing.push(format!("{at}.{k}")),
                    }
                }
            }
        }
        serde_json::Value::Array(items) => {
            if let Some(item) = s.get("items") {
                for (i, child) in items.iter().enumerate() {
                    walk(root, item, child, &format!("{at}[{i}]"), missing);
                }
            }
        }
        _ => {}
    }
}

/// TOML → JSON as an editor's schema validator sees it: dates as strings.
fn to_json(v: &toml::Value) -> serde_json::Value {
    use serde_json::Value as J;
    match v {
        toml::Value::String(s) => J::String(s.clone()),
        toml::Value::Integer(i) => J::from(*i),
        toml::Value::Float(f) => serde_json::Number::from_f64(*f).map_or(J::Null, J::Number),
        toml::Value::Boolean(b) => J::Bool(*b),
        toml::Value::Datetime(d) => J::String(d.to_string()),
        toml::Value::Array(a) => J::Array(a.iter().map(to_json).collect()),
        toml::Value::Table(t) => {
            J::Object(t.iter().map(|(k, v)| (k.clone(), to_json(v))).collect())
        }
    }
}

fn samples(dir: &str) -> Vec<(String, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/corpus")
        .join(dir);
    let mut out: Vec<(String, String)> = std::fs::read_dir(root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .map(|p| {
            (
                p.file_stem().unwrap().to_string_lossy().into_owned(),
                std::fs::read_to_string(p).unwrap(),
            )
        })
        .collect();
    out.sort();
    out
}

/// The schema and the parser agree both ways: every scenario the parser
/// accepts validates against the schema, and every structural error the
/// parser reports (unknown key, missing key, wrong type, unknown keyword) is
/// also a schema violation.
#[test]
fn schema_accepts_what_the_parser_accepts_and_rejects_what_it_rejects() {
    let schema: serde_json::Value = serde_json::from_str(&scenario_schema()).unwrap();
    let validator = jsonschema::validator_for(&schema).expect("the schema is a valid JSON Schema");

    let mut valid = samples("valid");
    valid.push(("berlin".into(), detente_scenario::BERLIN_2025_12.into()));
    for (name, text) in &valid {
        assert!(
            detente_scenario::load(name.as_str(), text.as_str())
                .scenario
                .is_some()
        );
        let json = to_json(&toml::from_str::<toml::Value>(text).unwrap());
        let errors: Vec<String> = validator
            .iter_errors(&json)
            .map(|e| format!("{e} at {}", e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{name}: {errors:#?}");
    }

    let structural = ["E002", "E003", "E004", "E005"];
    let mut checked = 0;
    for (name, text) in samples("invalid") {
        if !structural.contains(&&name[..4]) {
            continue;
        }
        let json = to_json(&toml::from_str::<toml::Value>(&text).unwrap());
        assert!(
            !validator.is_valid(&json),
            "{name}: the parser rejects it but the schema accepts it"
        );
        checked += 1;
    }
    assert!(checked >= 5, "{checked}");
}
