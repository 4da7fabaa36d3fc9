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
        .find(|l| l.contains("Nash package ("))
        .expect("a deal line");
    for p in ["Dinner_util1", "Dinner_util2", "Dinner_util3"] {
        assert!(deal.contains(p), "{p} missing: {deal}");
    }
}

/// An adviser reads the first 30 lines of `analyze` before a five-minute
/// briefing. On both built-in scenarios they must answer the four
/// questions, with the answers the findings (the JSON) hold:
/// 1. where it lands: the issue with most at stake, in the scenario's words;
/// 2. which deal to table: the Nash package, every issue's value;
/// 3. what is stable: the status quo's verdict and the move to a stable state;
/// 4. what rests on estimates: the deal's estimated share of its weight.
#[test]
fn the_first_30_lines_answer_the_four_questions() {
    for name in ["berlin-2025-12", "jcpoa-2015"] {
        let lines = first_screen(&["analyze", "--runs", "100", name]);
        let top: Vec<&str> = lines.iter().take(30).map(String::as_str).collect();
        let text = top.join("\n");
        let r = detente_run(&["--format", "json", "brief", "--runs", "100", name]);
        let b = common::json(&r)["brief"].clone();
        // 1. Where it lands: the issue with most at stake has its line.
        let issue = b["landings"][0]["issue"].as_str().unwrap();
        assert!(
            top.iter().any(|l| l.starts_with(&format!("  {issue}: "))),
            "{name}: no landing line for {issue}:\n{text}"
        );
        // ... then the strongest caveat on the landings, the first caveat
        //    of a landing kind the findings give.
        let lands_end = top
            .iter()
            .position(|l| *l == "The deal")
            .unwrap_or_else(|| panic!("{name}: no deal section:\n{text}"));
        let caveat = top[..lands_end]
            .iter()
            .find(|l| l.starts_with("  Caveat: "))
            .unwrap_or_else(|| panic!("{name}: no caveat under the landings:\n{text}"));
        let landing_kinds = ["model-oscillates", "models-disagree", "wide-uncertainty"];
        let concerned = b["caveats"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|c| landing_kinds.contains(&c["kind"].as_str().unwrap()))
            .any(|c| caveat.contains(c["issues"][0].as_str().unwrap()));
        assert!(concerned, "{name}: {caveat}");
        // 2. The deal to table, spelled out issue by issue.
        assert!(
            top.iter()
                .any(|l| l.starts_with("  Deal: table the Nash package")),
            "{name}: no deal to table:\n{text}"
        );
        let flat = top.iter().map(|l| l.trim()).collect::<Vec<_>>().join(" ");
        let package = b["deal"]["package"].as_array().unwrap();
        assert!(!package.is_empty(), "{name}");
        for v in package {
            let said = format!(
                "{}: {}",
                v["issue"].as_str().unwrap(),
                v["value"].as_str().unwrap()
            );
            assert!(
                flat.contains(&said),
                "{name}: package lacks {said}:\n{text}"
            );
        }
        // 3. What is stable, where the scenario has a conflict: the mover
        //    who reaches a stable state is named.
        if name == "berlin-2025-12" {
            let reach = b["stable"]["reachable"].as_array().unwrap();
            let away = reach
                .iter()
                .find(|r| !r["moves"].as_array().unwrap().is_empty())
                .expect("a move to a stable state");
            let dm = away["moves"][0]["dm"].as_str().unwrap();
            let stable = top
                .iter()
                .find(|l| l.starts_with("  Stable: "))
                .unwrap_or_else(|| panic!("{name}: no stability answer:\n{text}"));
            assert!(stable.contains(&format!("after {dm}'s move")), "{stable}");
            // The section spells out every finding: the status quo, each
            // reachable equilibrium and each coalition move.
            let coalitions = b["stable"]["coalitions"].as_array().unwrap().len();
            let section = b["sections"]
                .as_array()
                .unwrap()
                .iter()
                .find(|x| x["id"] == "stable")
                .expect("a stable section");
            assert_eq!(
                section["lines"].as_array().unwrap().len(),
                1 + reach.len() + coalitions,
                "{section}"
            );
            assert!(
                section["lines"][1]
                    .as_str()
                    .unwrap()
                    .starts_with(&format!("{dm}'s move leads to state ")),
                "{section}"
            );
        }
        // 4. What rests on estimates: the deal's estimated share, as the
        //    findings compute it.
        let quoted = b["bases"]
            .as_array()
            .unwrap()
            .iter()
            .find(|x| x["conclusion"]["kind"] == "deal" || x["conclusion"] == "deal")
            .map(|x| x["quoted"].as_f64().unwrap())
            .expect("the deal's basis");
        let share = format!(
            "  Estimates: {} % of what decides the deal",
            ((1.0 - quoted) * 100.0).round()
        );
        assert!(
            top.iter().any(|l| l.starts_with(&share)),
            "{name}: no '{share}':\n{text}"
        );
    }
}

/// The terms section lists what the sentences use, and only that: a
/// GMCR+ file's brief has no deal, so no "Nash package", but explains its
/// stability concepts.
#[test]
fn terms_follow_the_sentences() {
    let terms = |input: &[&str]| -> Vec<String> {
        let mut args = vec!["--format", "json", "brief", "--runs", "20"];
        args.extend(input);
        let r = detente_run(&args);
        common::json(&r)["brief"]["terms"]
            .as_array()
            .unwrap_or_else(|| panic!("no terms: {}", r.stdout))
            .iter()
            .map(|t| t["term"].as_str().unwrap().to_owned())
            .collect()
    };
    let gmcr = terms(&["crates/gmcr/tests/gmcr/cuban_manual.gmcr"]);
    assert!(
        gmcr.iter().any(|t| t == "stable under every concept"),
        "{gmcr:?}"
    );
    assert!(!gmcr.iter().any(|t| t == "Nash package"), "{gmcr:?}");
    let builtin = terms(&[]);
    for t in [
        "Nash package",
        "draws",
        "only by deterrence",
        "quoted / estimate",
        "if … were …, not …",
    ] {
        assert!(builtin.iter().any(|x| x == t), "{t} missing: {builtin:?}");
    }
}
