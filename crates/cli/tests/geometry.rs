//! `detente geometry`: the built-in scenario's zones on the front line,
//! pinned in human and JSON output, and the map it draws.

mod common;

use common::{TempDir, detente_run, fixture};

#[test]
fn geometry_builtin() {
    pin!("builtin_human", ["geometry"]);
    pin!("builtin_json", ["--format", "json", "geometry"]);
}

#[test]
fn geometry_files() {
    let dir = TempDir::new("pin-geometry");
    let (out, map) = (dir.path("zones.geojson"), dir.path("map.svg"));
    let r = detente_run(&[
        "geometry",
        "--out",
        out.to_str().unwrap(),
        "--map",
        map.to_str().unwrap(),
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    insta::assert_snapshot!("zones_geojson", std::fs::read_to_string(&out).unwrap());
    insta::assert_snapshot!("map_svg", std::fs::read_to_string(&map).unwrap());
}

use common::{detente, json, run};
use serde_json::Value;
use std::path::Path;

/// `geometry` on the built-in scenario (layers read from ../shared): the
/// README reference figures, GeoJSON and SVG outputs.
#[test]
fn geometry_builtin_figures() {
    let dir = std::env::temp_dir().join(format!("detente-geo-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let (out, map) = (dir.join("zones.geojson"), dir.join("map.svg"));
    let r = run(detente()
        .current_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("../.."))
        .args(["geometry", "--format", "json", "--out"])
        .arg(&out)
        .arg("--map")
        .arg(&map));
    assert_eq!(r.code, 0, "{}", r.stderr);
    let j = json(&r);
    let zones = j["geometry"]["zones"].as_array().unwrap();
    let five = zones.iter().find(|z| z["id"] == "equal-5km").unwrap();
    let area = five["km2"].as_f64().unwrap();
    assert!((area - 10_667.0).abs() < 0.005 * 10_667.0, "{area}");
    assert_eq!(five["population"], 556_703);
    let gj: Value = serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    assert_eq!(gj["features"].as_array().unwrap().len(), zones.len());
    let svg = std::fs::read_to_string(&map).unwrap();
    assert!(
        svg.starts_with("<svg") && svg.contains("Kramatorsk"),
        "{}",
        &svg[..200]
    );
    // Without the layers, analyze says what is missing and still runs.
    let a = run(detente().args(["analyze", "--geo-dir"]).arg(&dir));
    assert_eq!(a.code, 1, "{}", a.stderr);
    assert!(
        a.stdout
            .contains("Geometry: not available: missing geometry files"),
        "{}",
        a.stdout
    );
    let g = run(detente().args(["geometry", "--geo-dir"]).arg(&dir));
    assert_eq!(g.code, 2);
    assert!(g.stderr.contains("missing geometry files"), "{}", g.stderr);
    std::fs::remove_dir_all(&dir).unwrap();
}

/// Layers are read only inside their folder (`--geo-dir`, DETENTE_GEO_DIR,
/// the scenario's folder) or the shared data beside the checkout: a path to
/// a system file, absolute or climbing out with `..`, is refused unread,
/// and no line of it is shown (issue 14).
#[test]
fn layers_outside_their_folder_are_not_read() {
    let file = fixture("scenarios/escaping-layers.toml");
    let r = detente_run(&["geometry", &file]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr.contains("geometry files outside the layer folder")
            && r.stderr.contains(
                "/etc/passwd, ../../../../../../../../../../etc/hostname; they are not read"
            ),
        "{}",
        r.stderr
    );
    assert!(!r.stderr.contains("root:"), "{}", r.stderr);
    // `analyze` runs every other lens and says why geometry is missing.
    let r = detente_run(&["--format", "json", "analyze", &file, "--runs", "20"]);
    let doc = json(&r);
    let why = doc["analysis"]["geometry_unavailable"].as_str().unwrap();
    assert!(why.contains("outside the layer folder"), "{why}");
    // With --geo-dir the same paths are judged against that folder.
    let r = detente_run(&["geometry", &file, "--geo-dir", "/tmp"]);
    assert!(
        r.stderr.contains("outside the layer folder /tmp"),
        "{}",
        r.stderr
    );
}
