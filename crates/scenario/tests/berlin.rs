//! The built-in scenario of the December 2025 Berlin talks, checked against
//! the two reports it was written from (`shared/seeds/`, beside the checkout).

use std::path::{Path, PathBuf};

use detente_scenario::evidence::{self, QuoteStatus, SourceTexts};
use detente_scenario::format::Role;
use detente_scenario::{BERLIN_2025_12, BERLIN_2025_12_NAME, Code, Scenario};

fn seeds() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/seeds")
}

fn berlin() -> Scenario {
    let loaded = detente_scenario::load(BERLIN_2025_12_NAME, BERLIN_2025_12);
    assert!(loaded.diagnostics.is_empty(), "{:#?}", loaded.diagnostics);
    loaded.scenario.expect("valid")
}

#[test]
fn every_quote_is_verbatim_in_the_reports() {
    let s = berlin();
    let texts = SourceTexts::load(&s, &seeds());
    let report = evidence::check(&s, Some(&texts));
    let bad: Vec<_> = report
        .quotes
        .iter()
        .filter(|q| !matches!(q.status, QuoteStatus::Verified { .. }))
        .collect();
    assert!(bad.is_empty(), "unverified quotes: {bad:#?}");
    assert!(report.quotes.len() >= 80, "{}", report.quotes.len());
}

#[test]
fn reports_the_war_duration_contradiction_in_the_first_report() {
    let s = berlin();
    let texts = SourceTexts::load(&s, &seeds());
    let report = evidence::check(&s, Some(&texts));
    assert_eq!(
        report.contradictions.len(),
        1,
        "{:#?}",
        report.contradictions
    );
    let c = &report.contradictions[0];
    assert_eq!(c.quantity, "war-duration");
    assert_eq!(
        (c.first.source.as_str(), c.second.source.as_str()),
        ("afp", "afp")
    );
    assert!(c.first.quote.contains("three-year") && c.second.quote.contains("four years"));
    let findings = report.diagnostics(&s);
    assert_eq!(
        findings.iter().map(|d| d.code).collect::<Vec<_>>(),
        vec![Code::Contradiction]
    );
}

#[test]
fn holds_the_parties_issues_and_proposals_of_the_reports() {
    let s = berlin();
    for id in [
        "UA", "US", "DE", "RU", "UK", "FR", "IT", "PL", "FI", "NATO", "EC",
    ] {
        assert!(s.actor(id).is_some(), "actor {id}");
    }
    let ru = s.actor("RU").unwrap();
    assert_eq!(ru.role, Role::Party);
    assert_eq!(
        ru.represented_by.as_ref().map(|r| r.id.as_str()),
        Some("US")
    );
    for p in ["Steve Witkoff", "Jared Kushner"] {
        assert!(s.actor("US").unwrap().people.iter().any(|x| x == p));
    }
    assert!(
        s.actor("DE")
            .unwrap()
            .people
            .iter()
            .any(|x| x == "Friedrich Merz")
    );
    for id in [
        "territory",
        "buffer-zone",
        "guarantee-strength",
        "congress-ratification",
        "european-guarantees",
        "nato-membership",
        "army-size",
        "frozen-assets",
        "ceasefire",
    ] {
        assert!(s.issue(id).is_some(), "issue {id}");
    }
    let ids: Vec<&str> = s.proposals.iter().map(|p| p.id.as_str()).collect();
    for id in [
        "us-buffer-zone",
        "ua-equal-withdrawal",
        "ua-stand-where-we-stand",
        "us-guarantee-offer",
    ] {
        assert!(ids.contains(&id), "proposal {id}");
    }
    let offer = s
        .proposals
        .iter()
        .find(|p| p.id == "us-guarantee-offer")
        .unwrap();
    assert!(offer.conditions.iter().any(|c| c == "time-limited"));
    let plan = &s.frameworks[0];
    assert_eq!(plan.points_total, Some(20));
    let quantities: Vec<&str> = s.claims.iter().map(|c| c.quantity.as_str()).collect();
    for q in [
        "donetsk-occupied-share",
        "frozen-asset-financing-per-year",
        "frozen-asset-financing-2026-2027",
        "bilateral-agreements",
    ] {
        assert!(quantities.contains(&q), "claim {q}");
    }
}

#[test]
fn every_position_is_quoted_or_an_explained_estimate() {
    let s = berlin();
    for p in &s.positions {
        let e = &p.evidence;
        assert!(
            !e.quotes.is_empty() || (e.estimate && e.rationale.is_some()),
            "{} on {}",
            p.actor.id,
            p.issue.id
        );
        if e.estimate {
            assert!(e.rationale.as_ref().is_some_and(|r| r.len() > 20));
        }
    }
}

/// A typo in one actor is one error: nothing that refers to the actor
/// (zones' sides, conflict options, preferences) reports an echo of it.
#[test]
fn a_typo_in_an_actor_is_one_error() {
    let text = BERLIN_2025_12.replacen("capability = 40\n", "capabilty = 40\n", 1);
    assert_ne!(text, BERLIN_2025_12);
    let loaded = detente_scenario::load("typo.toml", text);
    let codes: Vec<&str> = loaded.diagnostics.iter().map(|d| d.code.as_str()).collect();
    assert_eq!(codes, ["E002"], "{:#?}", loaded.diagnostics);
}
