//! `detente packages`: the built-in scenario, a GENIUS directory and a
//! GeniusWeb domain with its profiles, pinned in human and JSON output; the
//! GENIUS import.

mod common;

use common::{TempDir, detente_run, shared};

fn domains(rel: &str) -> String {
    shared(&format!("data/negotiation-domains/{rel}"))
}

#[test]
fn packages_builtin() {
    pin!("builtin_human", ["packages"]);
    pin!("builtin_json", ["--format", "json", "packages"]);
}

#[test]
fn packages_genius_directory() {
    let dir = domains("anac/y2010/Travel");
    pin!("genius_travel_human", ["packages", &dir]);
    pin!("genius_travel_json", ["--format", "json", "packages", &dir]);
    let laptop = domains("anac/y2011/Laptop");
    pin!("genius_laptop_ties_human", ["packages", "--ties", &laptop]);
}

#[test]
fn packages_geniusweb_domain() {
    let fb = domains("geniusweb/FlightBooking");
    let args = [
        "packages".to_owned(),
        format!("{fb}/flightbooking.json"),
        "--profile".to_owned(),
        format!("{fb}/flightbooking1.json"),
        "--profile".to_owned(),
        format!("{fb}/flightbooking2.json"),
    ];
    pin!(
        "geniusweb_human",
        [&args[0], &args[1], &args[2], &args[3], &args[4], &args[5]]
    );
    pin!(
        "geniusweb_json",
        [
            "--format", "json", &args[0], &args[1], &args[2], &args[3], &args[4], &args[5]
        ]
    );
    pin!("geniusweb_no_profiles", ["packages", &args[1]]);
}

#[test]
fn packages_write_scenario() {
    insta::assert_snapshot!(
        "write_scenario_genius",
        common::import_transcript("packages", &domains("anac/y2010/Travel"), "travel.toml")
    );
}

#[test]
fn packages_genius_error() {
    let dir = TempDir::new("pin-genius-error");
    std::fs::write(
        dir.path("domain.xml"),
        "<negotiation_template>\n<utility_space>\n<objective index=\"0\" name=\"x\">\n<issue name=\"a\" index=\"1\" type=\"discrete\">\n<item index=\"1\" value=\"p\"/>\n</issue>\n",
    )
    .unwrap();
    std::fs::write(
        dir.path("p1.xml"),
        "<utility_space><objective></utility_space>",
    )
    .unwrap();
    std::fs::write(dir.path("p2.xml"), "<utility_space/>").unwrap();
    let r = detente_run(&["packages", dir.0.to_str().unwrap()]);
    insta::assert_snapshot!(
        "genius_error",
        format!("exit: {}\n--- stderr\n{}", r.code, r.stderr)
            .replace(dir.0.to_str().unwrap(), "[tmp]")
    );
}

use common::{detente, domains_path, json, run};

/// `packages` on a GENIUS directory: the Laptop figures of validation.md §3.
#[test]
fn packages_genius_directory_figures() {
    let r = run(detente()
        .args(["packages", "--format", "json"])
        .arg(domains_path("anac/y2011/Laptop")));
    assert_eq!(r.code, 0, "{}", r.stderr);
    let j = json(&r);
    let p = &j["packages"];
    assert_eq!(p["frontier_size"], 4);
    assert_eq!(p["outcomes"], 27);
    let nash = &p["solutions"][0];
    assert_eq!(nash["concept"], "nash");
    let values: Vec<&str> = nash["points"][0]["packages"][0]["values"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["value"].as_str().unwrap())
        .collect();
    assert_eq!(values, ["HP", "60 Gb", "19'' LCD"]);
    // A domain file with its profiles named explicitly, GeniusWeb.
    let fb = domains_path("geniusweb/FlightBooking");
    let r = run(detente()
        .arg("packages")
        .arg(fb.join("flightbooking.json"))
        .arg("--profile")
        .arg(fb.join("flightbooking1.json"))
        .arg("--profile")
        .arg(fb.join("flightbooking2.json")));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout
            .contains("Pareto frontier: 7 distinct utility vectors, 2 of them"),
        "{}",
        r.stdout
    );
    // Without profiles a domain file is a usage error with a fix.
    let r = run(detente().arg("packages").arg(fb.join("flightbooking.json")));
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("--profile"), "{}", r.stderr);
}

/// The built-in scenario: parties, reservation values from the no-deal
/// package, every solution, every proposal compared.
#[test]
fn packages_builtin_figures() {
    let j = json(&run(detente().args(["packages", "--format", "json"])));
    let p = &j["packages"];
    assert_eq!(p["parties"], serde_json::json!(["UA", "RU"]));
    assert_eq!(p["proposals"].as_array().unwrap().len(), 5);
    let concepts: Vec<&str> = p["solutions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["concept"].as_str().unwrap())
        .collect();
    assert_eq!(
        concepts,
        [
            "nash",
            "weighted-nash",
            "kalai-smorodinsky",
            "egalitarian",
            "max-welfare"
        ]
    );
    let share = p["zopa"]["share"].as_f64().unwrap();
    assert!(share > 0.0 && share < 1.0, "{share}");
    let human = run(detente().arg("packages"));
    assert!(
        human.stdout.contains("Tabled proposals"),
        "{}",
        human.stdout
    );
    let analyze = json(&run(detente().args(["analyze", "--format", "json"])));
    assert_eq!(
        analyze["analysis"]["packages"]["frontier_size"],
        p["frontier_size"]
    );
}

/// A GENIUS domain written as a scenario checks clean and gives the same
/// frontier.
#[test]
fn packages_write_scenario_figures() {
    let dir = std::env::temp_dir().join(format!("detente-pk-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let out = dir.join("laptop.toml");
    let r = run(detente()
        .arg("packages")
        .arg(domains_path("anac/y2011/Laptop"))
        .arg("--write-scenario")
        .arg(&out));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(run(detente().arg("check").arg(&out)).code, 0);
    let j = json(&run(detente()
        .args(["packages", "--format", "json"])
        .arg(&out)));
    assert_eq!(j["packages"]["frontier_size"], 4);
    std::fs::remove_dir_all(&dir).unwrap();
}
