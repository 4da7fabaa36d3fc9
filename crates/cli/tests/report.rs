//! `detente report`: the HTML file of the built-in scenario, pinned whole.

mod common;

use common::{TempDir, detente_run, seeds};

#[test]
fn report_builtin() {
    let dir = TempDir::new("pin-report");
    let out = dir.path("report.html");
    let r = detente_run(&[
        "report",
        "--runs",
        "200",
        "--sources",
        &seeds(),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    insta::assert_snapshot!("builtin_html", std::fs::read_to_string(&out).unwrap());
}

use common::{detente, run, seeds_path};
use std::path::Path;

/// `report` writes one self-contained HTML file (atomically) with every lens.
#[test]
fn report_writes_html() {
    let dir = std::env::temp_dir().join(format!("detente-report-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let out = dir.join("report.html");
    let r = run(detente()
        .current_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("../.."))
        .args(["report", "--sources"])
        .arg(seeds_path())
        .arg("-o")
        .arg(&out));
    assert_eq!(r.code, 0, "{}", r.stderr);
    let page = std::fs::read_to_string(&out).unwrap();
    for s in [
        "Where it lands",
        "The proposals on the table",
        "What is stable",
        "Nash package",
        "106/106 quotes verified",
        "Forecasts",
        "Packages",
        "Stability",
        "Geometry",
        "Evidence",
        "✓ verified",
        "Kramatorsk",
    ] {
        assert!(page.contains(s), "{s} missing from the report");
    }
    assert!(!page.contains("<script"));
    std::fs::remove_dir_all(&dir).unwrap();
}
