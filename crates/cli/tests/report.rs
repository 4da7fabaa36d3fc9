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

/// With three parties the report shows every party's utility on its own
/// axis, and its brief names each of them (ANAC 2015 group2-dinner).
#[test]
fn report_three_parties_one_axis_each() {
    let dir = TempDir::new("report-dinner");
    let out = dir.path("dinner.html");
    let dinner = common::shared("data/negotiation-domains/anac/y2015/group2-dinner");
    let r = detente_run(&[
        "report",
        "--runs",
        "20",
        &dinner,
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let page = std::fs::read_to_string(&out).unwrap();
    let at = page
        .find("<title>Every party's utility for each solution and proposal</title>")
        .expect("the one-axis-per-party chart");
    let svg = &page[at..at + page[at..].find("</svg>").unwrap()];
    for p in ["Dinner_util1", "Dinner_util2", "Dinner_util3"] {
        assert!(svg.contains(&format!(">{p}</text>")), "{p}'s axis");
    }
    // Every solution is a line across all three axes.
    assert_eq!(
        svg.matches("<polyline").count(),
        1 + 4,
        "no deal and 4 solutions"
    );
    assert!(!page.contains("Frontier (blue)"));
}
