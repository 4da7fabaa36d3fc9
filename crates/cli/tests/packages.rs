//! `detente packages`: the built-in scenario, a GENIUS directory and a
//! GeniusWeb domain with its profiles, pinned in human and JSON output; the
//! GENIUS import.

mod common;

use common::{TempDir, detente_run, mask_today, shared};

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
    let dir = TempDir::new("pin-genius-import");
    let out = dir.path("travel.toml");
    let r = detente_run(&[
        "packages",
        &domains("anac/y2010/Travel"),
        "--write-scenario",
        out.to_str().unwrap(),
    ]);
    let written = std::fs::read_to_string(&out).unwrap_or_default();
    insta::assert_snapshot!(
        "write_scenario_genius",
        format!(
            "exit: {}\n--- stderr\n{}--- written\n{}",
            r.code,
            r.stderr.replace(dir.0.to_str().unwrap(), "[tmp]"),
            mask_today(&written)
        )
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
