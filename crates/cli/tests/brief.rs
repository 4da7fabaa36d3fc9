//! `detente brief` and the brief at the top of `detente analyze`: pinned
//! as Markdown and JSON on the built-in scenario, and held to its first
//! screen (at most 40 lines of at most 100 columns) on every kind of input.

mod common;

use common::{detente_run, fixture, ktab_path, seeds, shared};

#[test]
fn brief_builtin() {
    pin!(
        "builtin_md",
        ["brief", "--runs", "200", "--sources", seeds()]
    );
    pin!(
        "builtin_json",
        [
            "--format",
            "json",
            "brief",
            "--runs",
            "200",
            "--sources",
            seeds()
        ]
    );
}

/// The second built-in scenario, by name, with its sources: every quote
/// verified, and its brief pinned.
#[test]
fn brief_jcpoa() {
    pin!(
        "jcpoa_check",
        [
            "check",
            "jcpoa-2015",
            "--sources",
            "scenarios/sources/jcpoa-2015"
        ]
    );
    pin!(
        "jcpoa_md",
        [
            "brief",
            "jcpoa-2015",
            "--runs",
            "200",
            "--sources",
            "scenarios/sources/jcpoa-2015"
        ]
    );
}

#[test]
fn brief_writes_markdown_to_a_file() {
    let dir = common::TempDir::new("brief-md");
    let out = dir.path("brief.md");
    let r = detente_run(&["brief", "--runs", "50", "-o", out.to_str().unwrap()]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let md = std::fs::read_to_string(&out).unwrap();
    assert!(md.starts_with("# Brief: Berlin talks on ending the war in Ukraine"));
    for section in [
        "## Where it lands",
        "## The deal",
        "## The proposals on the table",
        "## What is stable",
        "## What rests on what",
        "## Caveats",
    ] {
        assert_eq!(md.matches(section).count(), 1, "{section}");
    }
}

/// The brief's lines: from the top of `analyze`'s output to the first
/// blank line.
fn first_screen(args: &[&str]) -> Vec<String> {
    let r = detente_run(args);
    assert!(r.code <= 1, "{args:?}: {}", r.stderr);
    r.stdout
        .lines()
        .take_while(|l| !l.is_empty())
        .map(str::to_owned)
        .collect()
}

#[test]
fn the_brief_fits_its_first_screen_on_every_input() {
    let ktab = ktab_path("SOE-Policy.csv");
    let dinner = shared("data/negotiation-domains/anac/y2015/group2-dinner");
    let syria = fixture("scenarios/syria-iraq.toml");
    let inputs: Vec<Vec<&str>> = vec![
        vec!["analyze", "--runs", "50"],
        vec!["analyze", "--runs", "50", "jcpoa-2015"],
        vec!["analyze", "--runs", "50", ktab.to_str().unwrap()],
        vec!["analyze", "--runs", "50", &dinner],
        vec!["analyze", "--runs", "50", &syria],
    ];
    for args in inputs {
        let lines = first_screen(&args);
        assert!(lines[0].starts_with("Brief: "), "{args:?}: {}", lines[0]);
        assert!(lines.len() <= 40, "{args:?}: {} lines", lines.len());
        for l in &lines {
            assert!(l.chars().count() <= 100, "{args:?}: too wide: {l}");
        }
        // detente's own words never say "both" (an option may).
        assert!(
            !lines
                .iter()
                .any(|l| l.contains("for both") || l.contains("both parties")),
            "{args:?}"
        );
    }
}

#[test]
fn three_parties_are_each_named_in_the_deal() {
    let dinner = shared("data/negotiation-domains/anac/y2015/group2-dinner");
    let lines = first_screen(&["analyze", "--runs", "20", &dinner]);
    let deal = lines
        .iter()
        .find(|l| l.contains("Nash package"))
        .expect("a deal line");
    for p in ["Dinner_util1", "Dinner_util2", "Dinner_util3"] {
        assert!(deal.contains(p), "{p} missing: {deal}");
    }
}
