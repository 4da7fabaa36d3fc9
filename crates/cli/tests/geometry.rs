//! `detente geometry`: the built-in scenario's zones on the front line,
//! pinned in human and JSON output, and the map it draws.

mod common;

use common::{TempDir, detente_run};

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
