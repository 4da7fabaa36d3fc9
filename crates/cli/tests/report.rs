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
