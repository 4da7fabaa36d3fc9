//! The brief's findings: every caveat kind raised by a scenario built to
//! trigger it and not by one built not to; oscillation detection on the
//! built-in expected-utility run; a stated off-grid value surviving into
//! the packages; the robustness share equal to a direct Monte Carlo on the
//! same seeded draws.

use detente_analysis::brief::{CaveatKind, Findings, draw_inputs, settling};
use detente_analysis::{Options, analyze, packages};
use detente_scenario::Scenario;
use detente_scenario::model::{IssueKind, Value};

/// A small negotiation that should raise no caveat: two parties and a
/// mediator close together on three issues, every position quoted.
const BASE: &str = r#"
[scenario]
id = "t"
title = "Test"
as_of = 2025-12-15

[[source]]
id = "s"
title = "Source"
file = "source.txt"

[[actor]]
id = "A"
name = "Alpha"
role = "party"
capability = 40

[[actor]]
id = "B"
name = "Beta"
role = "party"
capability = 30

[[actor]]
id = "C"
name = "Gamma"
role = "mediator"
capability = 35

[[issue]]
id = "x"
name = "X"
track = "political"
scale = { min = 0, max = 100, unit = "%", low = "none", high = "all" }

[[issue]]
id = "y"
name = "Y"
track = "military"
options = ["low", "mid", "high"]

[[issue]]
id = "z"
name = "Z"
track = "economic"
scale = { min = 0, max = 10, unit = "bn", low = "nothing", high = "ten" }

[[position]]
actor = "A"
issue = "x"
at = 40
salience = 0.6
evidence = [{ source = "s", quote = "Alpha wants forty" }]

[[position]]
actor = "B"
issue = "x"
at = 50
salience = 0.6
evidence = [{ source = "s", quote = "Beta wants fifty" }]

[[position]]
actor = "C"
issue = "x"
at = 45
salience = 0.5
evidence = [{ source = "s", quote = "Gamma wants forty-five" }]

[[position]]
actor = "A"
issue = "y"
at = "mid"
salience = 0.5
evidence = [{ source = "s", quote = "Alpha wants the middle" }]

[[position]]
actor = "B"
issue = "y"
at = "mid"
salience = 0.5
evidence = [{ source = "s", quote = "Beta wants the middle" }]

[[position]]
actor = "C"
issue = "y"
at = "mid"
salience = 0.5
evidence = [{ source = "s", quote = "Gamma wants the middle" }]

[[position]]
actor = "A"
issue = "z"
at = 4
salience = 0.4
evidence = [{ source = "s", quote = "Alpha wants four" }]

[[position]]
actor = "B"
issue = "z"
at = 5
salience = 0.4
evidence = [{ source = "s", quote = "Beta wants five" }]

[[position]]
actor = "C"
issue = "z"
at = 4.5
salience = 0.4
evidence = [{ source = "s", quote = "Gamma wants four and a half" }]
"#;

fn load(text: &str) -> Scenario {
    let loaded = detente_scenario::load("t.toml", text);
    match loaded.scenario {
        Some(s) => s,
        None => panic!("invalid test scenario: {:#?}", loaded.diagnostics),
    }
}

fn findings(text: &str) -> Findings {
    let s = load(text);
    let o = Options {
        forecast: detente_analysis::forecast::ForecastOptions {
            runs: 100,
            ..Default::default()
        },
        brief_draws: Some(100),
        ..Options::default()
    };
    analyze(&s, &o)
        .brief
        .expect("the brief is computed by default")
}

fn kinds(f: &Findings) -> Vec<CaveatKind> {
    f.caveats.iter().map(|c| c.kind).collect()
}

/// `text` raises `kind`, and the base scenario does not.
fn raises(kind: CaveatKind, text: &str) {
    let base = kinds(&findings(BASE));
    assert!(
        !base.contains(&kind),
        "the base scenario raises {kind:?}: {base:?}"
    );
    let got = kinds(&findings(text));
    assert!(got.contains(&kind), "{kind:?} not raised: {got:?}");
}

#[test]
fn the_base_scenario_raises_no_caveat() {
    let f = findings(BASE);
    assert!(f.caveats.is_empty(), "{:#?}", f.caveats);
    // It lands where its actors are, the models agree, and the deal holds.
    let x = f.landings.iter().find(|l| l.issue == "x").unwrap();
    assert!(x.agree);
    let d = f.deal.as_ref().unwrap();
    assert!(d.possible);
    assert_eq!(d.robustness.as_ref().unwrap().share, 1.0);
}

#[test]
fn single_actor_issue() {
    let text = format!(
        "{BASE}\n[[issue]]\nid = \"w\"\nname = \"W\"\ntrack = \"legal\"\noptions = [\"no\", \"yes\"]\n\n[[position]]\nactor = \"C\"\nissue = \"w\"\nat = \"yes\"\nsalience = 0.3\nevidence = [{{ source = \"s\", quote = \"Gamma says yes\" }}]\n"
    );
    raises(CaveatKind::SingleActorIssue, &text);
}

#[test]
fn party_without_positions() {
    let text = format!(
        "{BASE}\n[[actor]]\nid = \"D\"\nname = \"Delta\"\nrole = \"party\"\ncapability = 10\n"
    );
    raises(CaveatKind::PartyWithoutPositions, &text);
}

#[test]
fn issue_without_positions_is_raised() {
    let text = format!(
        "{BASE}\n[[issue]]\nid = \"w\"\nname = \"W\"\ntrack = \"legal\"\noptions = [\"no\", \"yes\"]\n"
    );
    raises(CaveatKind::IssueWithoutPositions, &text);
}

#[test]
fn party_with_little_at_stake() {
    // A fourth party that holds a position on one issue only, the one the
    // others agree on: the deal gives it everything it wants.
    let text = format!(
        "{BASE}\n[[actor]]\nid = \"D\"\nname = \"Delta\"\nrole = \"party\"\ncapability = 10\n\n[[position]]\nactor = \"D\"\nissue = \"y\"\nat = \"mid\"\nsalience = 0.9\nevidence = [{{ source = \"s\", quote = \"Delta wants the middle\" }}]\n"
    );
    raises(CaveatKind::PartyWithLittleAtStake, &text);
}

#[test]
fn no_agreement_possible() {
    let text = format!("{BASE}\n[packages]\nreservation = {{ A = 0.999, B = 0.999 }}\n");
    raises(CaveatKind::NoAgreementPossible, &text);
    let f = findings(&text);
    let d = f.deal.unwrap();
    assert!(!d.possible);
    // Without either party a deal would be possible: both block.
    assert_eq!(d.blockers, vec!["A".to_owned(), "B".to_owned()]);
}

#[test]
fn stance_contradicts_model() {
    // B is said to reject a proposal at its own position.
    let proposal = "\n[[proposal]]\nid = \"p\"\nname = \"Beta's own\"\nby = \"B\"\nvalues = { x = 50, z = 5 }\n\n[[proposal.response]]\nactor = \"B\"\nstance = \"STANCE\"\nevidence = [{ source = \"s\", quote = \"Beta answers\" }]\n";
    let accepts = format!("{BASE}{}", proposal.replace("STANCE", "accepts"));
    assert!(!kinds(&findings(&accepts)).contains(&CaveatKind::StanceContradictsModel));
    let rejects = format!("{BASE}{}", proposal.replace("STANCE", "rejects"));
    raises(CaveatKind::StanceContradictsModel, &rejects);
}

#[test]
fn relayed_party_left_out() {
    let text = format!(
        "{BASE}\n[[actor]]\nid = \"R\"\nname = \"Rho\"\nrole = \"party\"\ncapability = 50\nrepresented_by = \"C\"\n\n[packages]\nparties = [\"A\", \"B\"]\n"
    );
    raises(CaveatKind::RelayedPartyLeftOut, &text);
}

#[test]
fn models_disagree() {
    // One heavy actor at the far end: the compromise and the median part.
    let text = BASE
        .replace("at = 40\n", "at = 0\n")
        .replace("at = 50\n", "at = 100\n")
        .replace("at = 45\n", "at = 100\n");
    raises(CaveatKind::ModelsDisagree, &text);
}

#[test]
fn wide_uncertainty() {
    let text = BASE.replace(
        "at = 40\nsalience = 0.6\n",
        "at = 40\nsalience = 0.6\nuncertainty = { at = 60 }\n",
    );
    raises(CaveatKind::WideUncertainty, &text);
}

#[test]
fn rests_on_estimates() {
    let text = BASE.replace(
        "evidence = [{ source = \"s\", quote = \"Alpha wants forty\" }]",
        "estimate = \"analyst\"\nrationale = \"Inferred.\"",
    );
    let text = text.replace(
        "evidence = [{ source = \"s\", quote = \"Gamma wants forty-five\" }]",
        "estimate = \"analyst\"\nrationale = \"Inferred.\"",
    );
    raises(CaveatKind::RestsOnEstimates, &text);
    let f = findings(&text);
    let c = f
        .caveats
        .iter()
        .find(|c| c.kind == CaveatKind::RestsOnEstimates)
        .unwrap();
    assert_eq!(c.issues, vec!["x".to_owned()]);
}

#[test]
fn value_off_grid_when_the_user_sets_a_step() {
    let text = format!("{BASE}\n[packages]\nstep = {{ z = 2 }}\n");
    raises(CaveatKind::ValueOffGrid, &text);
}

#[test]
fn model_oscillates_on_the_builtin_expected_utility_run() {
    let s = load(detente_scenario::BERLIN_2025_12);
    let o = Options {
        forecast: detente_analysis::forecast::ForecastOptions {
            runs: 50,
            ..Default::default()
        },
        brief_draws: Some(20),
        ..Options::default()
    };
    let f = analyze(&s, &o).brief.unwrap();
    // Army size: 3 / 1 / 3 / 1 in the last rounds, a cycle of period 2.
    let army = f.landings.iter().find(|l| l.issue == "army-size").unwrap();
    let eu = army
        .models
        .iter()
        .find(|m| m.model == "expected-utility")
        .unwrap();
    assert!(!eu.settled);
    assert_eq!(eu.period, Some(2));
    assert_eq!(eu.range, Some([1.0, 3.0]));
    // Its forecast is the range, not the round-10 value (1).
    assert_eq!(eu.value, 2.0);
    assert!(
        f.caveats
            .iter()
            .any(|c| c.kind == CaveatKind::ModelOscillates
                && c.issues == ["army-size"]
                && c.models == ["expected-utility"])
    );
    // The base scenario's models settle.
    let base = findings(BASE);
    assert!(
        base.landings
            .iter()
            .all(|l| l.models.iter().all(|m| m.settled))
    );
}

#[test]
fn settling_rules() {
    // Settled: the last 3 rounds within 1 % of the scale.
    assert_eq!(
        settling(&[5.0, 3.0, 2.0, 2.0, 2.001], &[], 10.0, 0.01),
        (true, None, [2.0, 2.001])
    );
    // A period-2 cycle of the actors' positions.
    let traj = vec![
        vec![1.0, 3.0],
        vec![3.0, 1.0],
        vec![1.0, 3.0],
        vec![3.0, 1.0],
        vec![1.0, 3.0],
    ];
    assert_eq!(
        settling(&[3.0, 1.0, 3.0, 1.0], &traj, 2.0, 0.01),
        (false, Some(2), [1.0, 3.0])
    );
    // Drifting, no cycle: the range of the last 3 rounds.
    let drift: Vec<Vec<f64>> = (0..6).map(|t| vec![t as f64]).collect();
    assert_eq!(
        settling(&[1.0, 2.0, 3.0, 4.0, 5.0], &drift, 10.0, 0.01),
        (false, None, [3.0, 5.0])
    );
}

/// A stated value no default grid step holds (300 on a 0–10,000 scale)
/// survives into the packages and their solutions.
#[test]
fn a_stated_off_grid_value_survives_into_the_solutions() {
    let text = BASE
        .replace(
            "scale = { min = 0, max = 10, unit = \"bn\", low = \"nothing\", high = \"ten\" }",
            "scale = { min = 0, max = 10000, unit = \"kg\", low = \"nothing\", high = \"ten tonnes\" }",
        )
        .replace("at = 4\n", "at = 300\n")
        .replace("at = 5\n", "at = 300\n")
        .replace("at = 4.5\n", "at = 300\n");
    let s = load(&text);
    let p = packages::problem_from_scenario(&s).unwrap();
    let z = p.issue_ids.iter().position(|i| i == "z").unwrap();
    assert!(p.grids[z].0.contains(&300.0), "{:?}", p.grids[z].0);
    let a = analyze(&s, &Options::default());
    let r = a.packages.unwrap();
    for sol in &r.solutions {
        let v = &sol.points[0].packages[0].values[z];
        assert_eq!(v.value, "300 kg", "{}", sol.concept);
    }
    assert!(r.off_grid.is_empty());
}

/// The robustness share is a direct Monte Carlo: on the same seeded draws,
/// each party's utility for the Nash package and for no agreement, written
/// out here from the packages formula (salience-weighted closeness to its
/// drawn position), gives the same count of draws in which the deal holds.
#[test]
fn robustness_equals_a_direct_monte_carlo() {
    // Berlin with its no-deal values uncertain, so that some draws fail.
    let text = detente_scenario::BERLIN_2025_12.replacen(
        "[packages]\n",
        "[packages]\nreservation_uncertainty = { UA = 0.15, RU = 0.15 }\n",
        1,
    );
    let s = load(&text);
    let draws = 200;
    let o = Options {
        forecast: detente_analysis::forecast::ForecastOptions {
            runs: 20,
            seed: 7,
            ..Default::default()
        },
        brief_draws: Some(draws),
        ..Options::default()
    };
    let f = analyze(&s, &o).brief.unwrap();
    let deal = f.deal.unwrap();
    let p = packages::problem_from_scenario(&s).unwrap();
    // The Nash package and the no-deal package on each issue's axis.
    let axis = |issue: &str, label: &str| -> f64 {
        let k = p.issue_ids.iter().position(|i| i == issue).unwrap();
        let v = p.domain.issues[k]
            .values
            .iter()
            .position(|x| x == label)
            .unwrap();
        p.grids[k].0[v]
    };
    let nash: Vec<f64> = deal
        .package
        .iter()
        .map(|v| axis(&v.issue, &v.value))
        .collect();
    let pk = s.packages.as_ref().unwrap();
    let no_deal: Vec<f64> = p
        .issue_ids
        .iter()
        .map(|id| {
            let v = pk.no_deal.iter().find(|v| v.issue.id == *id).unwrap();
            match &v.value {
                Value::Number(x) => *x,
                Value::Option { index, .. } => *index as f64,
            }
        })
        .collect();
    let width = |id: &str| match &s.issues.iter().find(|i| i.id == id).unwrap().kind {
        IssueKind::Scale { min, max, .. } => max - min,
        IssueKind::Options { options } => (options.len() - 1) as f64,
    };
    let mut holds = 0;
    for r in 0..draws {
        let inputs = draw_inputs(&s, &p.party_ids, 7, r);
        let ok = p.party_ids.iter().enumerate().all(|(i, party)| {
            let mine: Vec<(usize, &str)> = s
                .positions
                .iter()
                .enumerate()
                .filter(|(_, x)| x.actor.id == *party)
                .map(|(n, x)| (n, x.issue.id.as_str()))
                .collect();
            let total: f64 = mine.iter().map(|(n, _)| inputs.salience[*n]).sum();
            let u = |package: &[f64]| -> f64 {
                mine.iter()
                    .map(|(n, issue)| {
                        let k = p.issue_ids.iter().position(|x| x == issue).unwrap();
                        inputs.salience[*n]
                            * (1.0 - (package[k] - inputs.at[*n]).abs() / width(issue))
                            / total
                    })
                    .sum()
            };
            u(&nash) >= u(&no_deal) + inputs.reservation_shift[i] - 1e-9
        });
        holds += usize::from(ok);
    }
    let robust = deal.robustness.unwrap();
    assert_eq!(robust.draws, draws);
    assert!(0 < holds && holds < draws, "{holds} of {draws}: not a test");
    assert_eq!(robust.holds, holds);
}
