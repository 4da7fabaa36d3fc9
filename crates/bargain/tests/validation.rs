//! The published negotiation domains (../shared/docs/validation.md §3): for
//! each, the number of distinct frontier utility vectors, the Nash package
//! (d = reservation values) and its utilities, to the printed 1e-6. The
//! domains are the ANAC/GENIUS files in ../shared/data/negotiation-domains
//! (GENIUS semantics: evaluations divided by the issue's largest).

use std::path::PathBuf;

use detente_bargain::genius::{read_genius, read_geniusweb};
use detente_bargain::solutions::{max_welfare, nash, welfare_by_issue};
use detente_bargain::{Domain, frontier};

fn dir(rel: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/data/negotiation-domains")
        .join(rel)
}

fn read(rel: &str, domain: &str, profiles: &[&str]) -> Domain {
    let text = |f: &str| {
        std::fs::read_to_string(dir(rel).join(f)).unwrap_or_else(|e| panic!("{rel}/{f}: {e}"))
    };
    let profiles: Vec<(String, String)> =
        profiles.iter().map(|p| (p.to_string(), text(p))).collect();
    if domain.ends_with(".json") {
        read_geniusweb(domain, &text(domain), &profiles).unwrap()
    } else {
        read_genius(domain, &text(domain), &profiles).unwrap()
    }
}

fn check(d: &Domain, outcomes: u128, front: usize, nash_values: &[&str], nash_u: &[f64]) {
    assert_eq!(d.outcomes(), outcomes);
    let f = frontier(d, false);
    assert_eq!(f.points.len(), front, "frontier size");
    let n = nash(&f, &d.reservations(), &vec![1.0; d.parties.len()]);
    assert_eq!(n.points.len(), 1, "one Nash optimum: {:?}", n.points);
    let p = &n.points[0];
    assert_eq!(d.describe(&p.outcomes[0]), nash_values);
    for (got, want) in p.utility.iter().zip(nash_u) {
        assert!((got - want).abs() < 5e-7, "Nash utility {got} vs {want}");
    }
    // The maximum-welfare package lies on the frontier (issue-wise check).
    let w = max_welfare(&f, &d.reservations());
    assert!((w.value.unwrap() - welfare_by_issue(d)).abs() < 1e-9);
}

#[test]
fn laptop() {
    let d = read(
        "anac/y2011/Laptop",
        "laptop_domain.xml",
        &["laptop_buyer_utility.xml", "laptop_seller_utility.xml"],
    );
    check(
        &d,
        27,
        4,
        &["HP", "60 Gb", "19'' LCD"],
        &[1.000052, 0.815105],
    );
}

#[test]
fn itex_vs_cypress() {
    let d = read(
        "anac/y2010/ItexvsCypress",
        "ItexvsCypress_domain.xml",
        &["ItexvsCypress_Cypress.xml", "ItexvsCypress_Itex.xml"],
    );
    check(
        &d,
        180,
        18,
        &[
            "$3.47",
            "45 days",
            "30 days after delivery",
            "5% spoilage allowed",
        ],
        &[0.670478, 0.721478],
    );
}

#[test]
fn england_zimbabwe() {
    let d = read(
        "anac/y2010/EnglandZimbabwe",
        "EnglandZimbabwe_domain.xml",
        &["England.xml", "Zimbabwe.xml"],
    );
    check(
        &d,
        576,
        25,
        &[
            "$10 billion",
            "Reduction equal to fund size",
            "Zimbabwe will increase tariffs on imports",
            "England will increase imports",
            "Creation of committee to discuss creation of fund",
        ],
        &[0.910916, 0.733218],
    );
}

#[test]
fn grocery() {
    let d = read(
        "anac/y2011/Grocery",
        "Grocery_domain.xml",
        &["Grocery_domain_mary.xml", "Grocery_domain_sam.xml"],
    );
    check(
        &d,
        1600,
        7,
        &["Baguette", "Pears", "Doughnuts", "Jam", "Spinach"],
        &[0.84, 0.895],
    );
}

#[test]
fn amsterdam() {
    let d = read(
        "anac/y2011/Amsterdam",
        "Amsterdam_domain.xml",
        &["Amsterdam_party1.xml", "Amsterdam_party2.xml"],
    );
    check(
        &d,
        3024,
        11,
        &[
            "Shopping",
            "Afternoon",
            "Sunday",
            "One week",
            "Public transport",
            "Tulips",
        ],
        &[0.83, 0.855833],
    );
}

#[test]
fn camera() {
    let d = read(
        "anac/y2011/Camera",
        "camera_domain.xml",
        &["camera_buyer_utility.xml", "camera_seller_utility.xml"],
    );
    check(
        &d,
        3600,
        16,
        &[
            "Canon",
            "APS-C",
            "High end model",
            "Manfrotto",
            "Lowepro",
            "Battery Grip",
        ],
        &[0.815413, 0.8808],
    );
}

/// Car: 53 distinct vectors, 75 outcomes with ties (nested similarity
/// items in the profiles are skipped).
#[test]
fn car() {
    let d = read(
        "anac/y2011/Car",
        "adg.xml",
        &["adg_deal.xml", "adg_deal2.xml"],
    );
    check(
        &d,
        15625,
        53,
        &[
            "standard",
            "standard",
            "standard",
            "meager",
            "fairly good",
            "fairly good",
        ],
        &[0.9403, 0.9296],
    );
    let tied: u128 = frontier(&d, true).points.iter().map(|p| p.tied).sum();
    assert_eq!(tied, 75);
}

#[test]
fn travel() {
    let d = read(
        "anac/y2010/Travel",
        "travel_domain.xml",
        &["travel_chox.xml", "travel_fanny.xml"],
    );
    check(
        &d,
        188_160,
        12,
        &[
            "Hospitality",
            "Nightlife and entertainment",
            "International cuisine",
            "Markets",
            "Cinema",
            "Bike tours",
            "Monuments",
        ],
        &[0.882412, 0.802015],
    );
}

#[test]
fn dinner_three_parties() {
    let d = read(
        "anac/y2015/group2-dinner",
        "Dinner.xml",
        &["Dinner_util1.xml", "Dinner_util2.xml", "Dinner_util3.xml"],
    );
    check(
        &d,
        1200,
        47,
        &[
            "Vegetarian",
            "Home(make it yourself)",
            "Italian food",
            "20:00",
            "very spicy",
        ],
        &[0.797604, 0.839573, 0.842689],
    );
}

/// GeniusWeb FlightBooking: 7 frontier vectors, 2 of them rational
/// (reservation = utility of each profile's reservation bid).
#[test]
fn flight_booking() {
    let d = read(
        "geniusweb/FlightBooking",
        "flightbooking.json",
        &["flightbooking1.json", "flightbooking2.json"],
    );
    check(
        &d,
        36,
        7,
        &["200000yen", "Narita", "3 sept."],
        &[0.825, 0.7248],
    );
    let r = d.reservations();
    let f = frontier(&d, false);
    let rational = f
        .points
        .iter()
        .filter(|p| p.utility.iter().zip(&r).all(|(u, r)| u >= r))
        .count();
    assert_eq!(rational, 2);
}
