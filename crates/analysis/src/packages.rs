//! The packages lens: the scenario (or a GENIUS/GeniusWeb domain) as a
//! bargaining problem, and everything a mediator asks of it.
//!
//! From a scenario: the parties are `[packages] parties`, or the actors with
//! role `party`; the issues are those on which a party holds a position or
//! has utilities. Options issues keep their options; scale issues are
//! discretised at their step (default a tenth of the scale). A party's
//! contribution on issue k for value v is s_ik (1 − |v − x_ik| / width_k) /
//! Σ_k s_ik (salience-weighted closeness to its position, so its utility
//! runs from 0 to 1), unless `[[packages.utility]]` gives it per option.
//! Reservation values are the utility of the no-deal package (issues it
//! leaves out give each party its worst value), unless given.
//!
//! Proposals are completed on the issues they leave open with the no-deal
//! value, else the proposer's own position, else the value nearest the
//! parties' mean position, and snapped to the nearest value of the grid.

use detente_bargain::logroll::{self, ProposalCheck};
use detente_bargain::solutions::{self, Solution};
use detente_bargain::zopa;
use detente_bargain::{Domain, FrontierPoint, Issue, Party, frontier};
use detente_scenario::Scenario;
use detente_scenario::format::Role;
use detente_scenario::model::{IssueKind, Value};
use serde::Serialize;

/// The bargaining problem of a scenario, with what each index means.
#[derive(Clone, Debug)]
pub struct Problem {
    pub domain: Domain,
    /// Actor id of each party.
    pub party_ids: Vec<String>,
    /// Issue id of each domain issue.
    pub issue_ids: Vec<String>,
    /// Capabilities, for the weighted Nash solution.
    pub weights: Vec<f64>,
    /// How each reservation value was set.
    pub reservation_source: Vec<String>,
    /// Tabled proposals: id, name, proposer, outcome.
    pub proposals: Vec<(String, String, String, Vec<usize>)>,
    /// Each issue's values on its axis (scale numbers, or option indices),
    /// and whether it is a scale.
    pub grids: Vec<(Vec<f64>, bool)>,
    /// Stated values a user-set step leaves off the grid.
    pub off_grid: Vec<OffGrid>,
    /// The limits the lens runs within (the frontier's vectors, the
    /// outcomes a count may enumerate).
    pub budget: detente_scenario::budget::Limits,
}

/// Every value stated on scale issue `k` that a package must be able to
/// hold: the parties' positions, the proposals' values and the no-deal
/// package's, each with who states it.
fn stated_values(
    s: &Scenario,
    pk: &detente_scenario::model::Packages,
    parties: &[usize],
    k: usize,
) -> Vec<(f64, String)> {
    let mut out = Vec::new();
    for p in s.positions.iter().filter(|p| p.issue.index == k) {
        if parties.contains(&p.actor.index) {
            out.push((axis(&p.at), format!("position of {}", p.actor.id)));
        }
    }
    for prop in &s.proposals {
        for v in prop.values.iter().filter(|v| v.issue.index == k) {
            out.push((axis(&v.value), format!("proposal {}", prop.id)));
        }
    }
    for v in pk.no_deal.iter().filter(|v| v.issue.index == k) {
        out.push((axis(&v.value), "no deal".into()));
    }
    out
}

/// The inputs of the parties' utilities that the brief's robustness draws
/// vary: every position's value (on the issue's axis: scale units, or the
/// option's index from 0) and salience, in scenario order, and a shift of
/// each party's reservation value.
#[derive(Clone, Debug, PartialEq)]
pub struct Inputs {
    pub at: Vec<f64>,
    pub salience: Vec<f64>,
    /// Added to each party's reservation value, in party order.
    pub reservation_shift: Vec<f64>,
}

impl Inputs {
    /// The inputs as the scenario states them.
    pub fn stated(s: &Scenario) -> Inputs {
        Inputs {
            at: s.positions.iter().map(|p| axis(&p.at)).collect(),
            salience: s.positions.iter().map(|p| p.salience).collect(),
            reservation_shift: vec![0.0; s.actors.len()],
        }
    }
}

/// A scale value as packages label it: `45 EUR bn/year`, `5,060
/// centrifuges`.
fn scale_label(v: f64, unit: &str) -> String {
    detente_scenario::model::with_unit(&detente_scenario::model::fmt_grouped(v), v, unit)
}

fn axis(v: &Value) -> f64 {
    match v {
        Value::Number(x) => *x,
        Value::Option { index, .. } => *index as f64,
    }
}

/// A stated value that a user-set step leaves off the packages grid: it is
/// snapped to the nearest grid value.
#[derive(Clone, Debug, PartialEq, Serialize, schemars::JsonSchema)]
pub struct OffGrid {
    pub issue: String,
    /// The stated value, with its unit.
    pub value: String,
    /// The grid value it is snapped to.
    pub snapped: String,
    /// Who or what states it: `position of UA`, `proposal p`, `no deal`.
    pub stated_by: String,
}

/// Why a scenario gives no bargaining problem.
pub fn problem_from_scenario(s: &Scenario) -> Result<Problem, String> {
    problem_with(s, &Inputs::stated(s))
}

/// The scenario's bargaining problem with the parties' utilities computed
/// from `inputs` instead of the stated positions and saliences. The grids
/// and the proposals' packages always come from the stated values, so the
/// packages of two such problems are the same.
/// The parties of the packages lens: `[packages] parties`, else the
/// actors with role `party`.
fn party_indices(s: &Scenario, pk: &detente_scenario::model::Packages) -> Vec<usize> {
    match &pk.parties {
        Some(list) => list.iter().map(|r| r.index).collect(),
        None => s
            .actors
            .iter()
            .enumerate()
            .filter(|(_, a)| a.role == Role::Party)
            .map(|(i, _)| i)
            .collect(),
    }
}

/// The issues of the packages lens: those some party holds a position on
/// or has utilities for.
fn issue_indices(
    s: &Scenario,
    pk: &detente_scenario::model::Packages,
    parties: &[usize],
) -> Vec<usize> {
    (0..s.issues.len())
        .filter(|&k| {
            parties.iter().any(|&a| {
                s.positions
                    .iter()
                    .any(|p| p.actor.index == a && p.issue.index == k)
                    || pk
                        .utility
                        .iter()
                        .any(|u| u.party.index == a && u.issue.index == k)
            })
        })
        .collect()
}

/// The size of the packages lens before it is built: its parties and, per
/// issue, (issue index, at most how many grid values). `None` when the
/// lens would not run (fewer than two parties, no issue).
pub fn size(s: &Scenario) -> Option<(usize, Vec<(usize, u64)>)> {
    let pk = s.packages.clone().unwrap_or_default();
    let parties = party_indices(s, &pk);
    let issues = issue_indices(s, &pk, &parties);
    if parties.len() < 2 || issues.is_empty() {
        return None;
    }
    let sizes = issues
        .iter()
        .map(|&k| {
            let n = match &s.issues[k].kind {
                IssueKind::Options { options } => options.len() as u64,
                IssueKind::Scale { min, max, .. } => {
                    match pk.step.iter().find(|(r, _)| r.index == k) {
                        Some((_, st)) => {
                            detente_scenario::budget::grid_values(*min, *max, *st).min(1e18) as u64
                        }
                        None => 11 + stated_values(s, &pk, &parties, k).len() as u64,
                    }
                }
            };
            (k, n)
        })
        .collect();
    Some((parties.len(), sizes))
}

pub fn problem_with(s: &Scenario, inputs: &Inputs) -> Result<Problem, String> {
    let pk = s.packages.clone().unwrap_or_default();
    let parties = party_indices(s, &pk);
    if parties.len() < 2 {
        return Err(format!(
            "the packages lens needs at least two parties; {} found (give actors role = \"party\", or list them in [packages] parties)",
            parties.len()
        ));
    }
    let position = |actor: usize, issue: usize| {
        s.positions
            .iter()
            .find(|p| p.actor.index == actor && p.issue.index == issue)
    };
    // The index of a position, for its drawn inputs.
    let position_at = |actor: usize, issue: usize| {
        s.positions
            .iter()
            .position(|p| p.actor.index == actor && p.issue.index == issue)
    };
    let given = |party: usize, issue: usize| {
        pk.utility
            .iter()
            .find(|u| u.party.index == party && u.issue.index == issue)
    };
    let issue_indices = issue_indices(s, &pk, &parties);
    if issue_indices.is_empty() {
        return Err("no party holds a position on any issue".into());
    }
    // Values of each issue, as numbers on the issue's axis.
    let grids: Vec<Vec<f64>> = issue_indices
        .iter()
        .map(|&k| match &s.issues[k].kind {
            IssueKind::Options { options } => (0..options.len()).map(|v| v as f64).collect(),
            IssueKind::Scale { min, max, .. } => {
                let given = pk
                    .step
                    .iter()
                    .find(|(r, _)| r.index == k)
                    .map(|(_, st)| *st);
                let step = given.unwrap_or((max - min) / 10.0);
                let mut g = Vec::new();
                let mut v = *min;
                while v < max - 1e-9 * (max - min) {
                    g.push(v);
                    v = min + step * g.len() as f64;
                }
                g.push(*max);
                // By default no stated value is rounded away: every value a
                // party's position, a proposal or the no-deal package states
                // is a grid value too. A step the user sets is kept as given
                // (what falls off it is reported in `off_grid`).
                if given.is_none() {
                    g.extend(
                        stated_values(s, &pk, &parties, k)
                            .into_iter()
                            .map(|(x, _)| x),
                    );
                    g.sort_by(f64::total_cmp);
                    g.dedup_by(|a, b| (*a - *b).abs() <= 1e-9 * (max - min));
                }
                g
            }
        })
        .collect();
    let labels: Vec<Vec<String>> = issue_indices
        .iter()
        .zip(&grids)
        .map(|(&k, g)| match &s.issues[k].kind {
            IssueKind::Options { options } => options.clone(),
            IssueKind::Scale { unit, .. } => g.iter().map(|v| scale_label(*v, unit)).collect(),
        })
        .collect();
    let width = |k: usize| -> f64 {
        match &s.issues[k].kind {
            IssueKind::Options { options } => (options.len() - 1).max(1) as f64,
            IssueKind::Scale { min, max, .. } => max - min,
        }
    };
    let snap = |g: &[f64], x: f64| -> usize {
        (0..g.len()).fold(0, |b, i| {
            if (g[i] - x).abs() < (g[b] - x).abs() - 1e-12 {
                i
            } else {
                b
            }
        })
    };
    let domain_parties: Vec<Party> = parties
        .iter()
        .map(|&a| {
            let total: f64 = issue_indices
                .iter()
                .filter_map(|&k| position_at(a, k).map(|i| inputs.salience[i]))
                .sum();
            let contribution: Vec<Vec<f64>> = issue_indices
                .iter()
                .zip(&grids)
                .map(|(&k, g)| {
                    if let Some(u) = given(a, k) {
                        return (0..g.len())
                            .map(|v| {
                                u.values
                                    .iter()
                                    .find(|(val, _)| matches!(val, Value::Option { index, .. } if *index == v))
                                    .map_or(0.0, |(_, c)| *c)
                            })
                            .collect();
                    }
                    match position_at(a, k) {
                        Some(i) if total > 0.0 => {
                            let (x, sal) = (inputs.at[i], inputs.salience[i]);
                            g.iter()
                                .map(|v| sal * (1.0 - (v - x).abs() / width(k)) / total)
                                .collect()
                        }
                        _ => vec![0.0; g.len()],
                    }
                })
                .collect();
            Party {
                name: s.actors[a].id.clone(),
                contribution,
                reservation: 0.0,
            }
        })
        .collect();
    let mut domain = Domain {
        issues: issue_indices
            .iter()
            .zip(&labels)
            .map(|(&k, l)| Issue {
                name: s.issues[k].id.clone(),
                values: l.clone(),
            })
            .collect(),
        parties: domain_parties,
    };
    // Reservation values.
    let mut reservation_source = Vec::new();
    for (i, &a) in parties.iter().enumerate() {
        let p = &mut domain.parties[i];
        let shift = inputs.reservation_shift.get(i).copied().unwrap_or(0.0);
        if let Some((_, r)) = pk.reservation.iter().find(|(r, _)| r.index == a) {
            p.reservation = *r + shift;
            reservation_source.push("given".into());
            continue;
        }
        let mut r = 0.0;
        for (j, &k) in issue_indices.iter().enumerate() {
            let c = &p.contribution[j];
            r += match pk.no_deal.iter().find(|v| v.issue.index == k) {
                Some(v) => c[snap(&grids[j], axis(&v.value))],
                None => c.iter().copied().fold(f64::INFINITY, f64::min),
            };
        }
        p.reservation = r + shift;
        reservation_source.push(if pk.no_deal.is_empty() {
            "worst value on every issue (no no-deal package given)".into()
        } else {
            "utility of the no-deal package".into()
        });
    }
    let proposals = s
        .proposals
        .iter()
        .map(|prop| {
            let outcome = issue_indices
                .iter()
                .enumerate()
                .map(|(j, &k)| {
                    let g = &grids[j];
                    if let Some(v) = prop.values.iter().find(|v| v.issue.index == k) {
                        return snap(g, axis(&v.value));
                    }
                    if let Some(v) = pk.no_deal.iter().find(|v| v.issue.index == k) {
                        return snap(g, axis(&v.value));
                    }
                    if let Some(p) = position(prop.by.index, k) {
                        return snap(g, axis(&p.at));
                    }
                    let xs: Vec<f64> = parties
                        .iter()
                        .filter_map(|&a| position(a, k))
                        .map(|p| axis(&p.at))
                        .collect();
                    snap(g, xs.iter().sum::<f64>() / xs.len().max(1) as f64)
                })
                .collect();
            (
                prop.id.clone(),
                prop.name.clone(),
                prop.by.id.clone(),
                outcome,
            )
        })
        .collect();
    let mut off_grid = Vec::new();
    for (j, &k) in issue_indices.iter().enumerate() {
        if let IssueKind::Scale { min, max, .. } = &s.issues[k].kind {
            for (x, by) in stated_values(s, &pk, &parties, k) {
                let at = snap(&grids[j], x);
                if (grids[j][at] - x).abs() > 1e-9 * (max - min) {
                    off_grid.push(OffGrid {
                        issue: s.issues[k].id.clone(),
                        value: match &s.issues[k].kind {
                            IssueKind::Scale { unit, .. } => scale_label(x, unit),
                            IssueKind::Options { .. } => String::new(),
                        },
                        snapped: labels[j][at].clone(),
                        stated_by: by,
                    });
                }
            }
        }
    }
    let grids = issue_indices
        .iter()
        .zip(grids)
        .map(|(&k, g)| (g, matches!(s.issues[k].kind, IssueKind::Scale { .. })))
        .collect();
    Ok(Problem {
        off_grid,
        grids,
        domain,
        party_ids: parties.iter().map(|&a| s.actors[a].id.clone()).collect(),
        issue_ids: issue_indices
            .iter()
            .map(|&k| s.issues[k].id.clone())
            .collect(),
        weights: parties.iter().map(|&a| s.actors[a].capability).collect(),
        reservation_source,
        proposals,
        budget: s.budget,
    })
}

/// A bargaining problem read from GENIUS or GeniusWeb files.
pub fn problem_from_domain(domain: Domain) -> Problem {
    let n = domain.parties.len();
    Problem {
        party_ids: domain.parties.iter().map(|p| p.name.clone()).collect(),
        issue_ids: domain.issues.iter().map(|i| i.name.clone()).collect(),
        weights: vec![1.0; n],
        reservation_source: vec!["given in the profile".into(); n],
        proposals: Vec::new(),
        off_grid: Vec::new(),
        budget: detente_scenario::budget::Limits::default(),
        grids: domain
            .issues
            .iter()
            .map(|i| ((0..i.values.len()).map(|v| v as f64).collect(), false))
            .collect(),
        domain,
    }
}

/// A package by value labels, per issue.
#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct Package {
    /// The value on every issue, in issue order.
    pub values: Vec<IssueValue>,
    /// What the package means on the ground, for issues linked to
    /// geometry zones.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ground: Vec<Ground>,
}

/// A package's value on one issue.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct IssueValue {
    pub issue: String,
    /// The value's label (an option, or a number with its unit).
    pub value: String,
}

/// An issue of the outcome space: its name and values in order.
#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct IssueInfo {
    pub name: String,
    pub values: Vec<String>,
}

/// The zone of possible agreement: how many packages beat no agreement for
/// every party.
#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct ZopaReport {
    pub outcomes: u128,
    /// Outcomes at or above every reservation value; `None` when too many
    /// to count.
    pub rational: Option<u128>,
    pub share: Option<f64>,
    /// How it was counted.
    pub method: String,
}

/// A package's value on an issue, measured on the map.
#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct Ground {
    pub issue: String,
    pub value: String,
    /// Area concerned (km²), from the linked zone or interpolated between
    /// linked values (the issue's low end counting as none).
    pub km2: f64,
    /// People in the listed places inside (pre-war figures).
    pub people: f64,
    /// The zone, when the value is exactly a zone's.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub zone: Option<String>,
}

/// A geometry zone standing for an issue value.
#[derive(Clone, Debug, PartialEq)]
pub struct GroundLink {
    pub issue: String,
    /// The value on the issue's axis (a scale value, or an option's index).
    pub at: f64,
    pub km2: f64,
    pub people: f64,
    pub zone: String,
}

/// Adds the ground numbers of linked issues to every package of a report.
pub fn attach_ground(p: &Problem, r: &mut PackagesReport, links: &[GroundLink]) {
    let ground = |pkg: &mut Package| {
        let mut out = Vec::new();
        for (
            k,
            IssueValue {
                issue,
                value: label,
            },
        ) in pkg.values.iter().enumerate()
        {
            let mut here: Vec<&GroundLink> = links.iter().filter(|l| &l.issue == issue).collect();
            if here.is_empty() {
                continue;
            }
            let Some(v) = p.domain.issues[k].values.iter().position(|x| x == label) else {
                continue;
            };
            let (grid, scale) = &p.grids[k];
            let x = grid[v];
            if let Some(l) = here.iter().find(|l| (l.at - x).abs() < 1e-9) {
                out.push(Ground {
                    issue: issue.clone(),
                    value: label.clone(),
                    km2: l.km2,
                    people: l.people,
                    zone: Some(l.zone.clone()),
                });
                continue;
            }
            if !*scale {
                continue;
            }
            // Piecewise linear from (low end, 0) through the linked values.
            here.sort_by(|a, b| a.at.total_cmp(&b.at));
            let mut points = vec![(grid[0], 0.0, 0.0)];
            points.extend(
                here.iter()
                    .filter(|l| l.at > grid[0])
                    .map(|l| (l.at, l.km2, l.people)),
            );
            let (km2, people) = match points.windows(2).find(|w| x >= w[0].0 && x <= w[1].0) {
                Some(w) => {
                    let f = (x - w[0].0) / (w[1].0 - w[0].0);
                    (
                        w[0].1 + f * (w[1].1 - w[0].1),
                        w[0].2 + f * (w[1].2 - w[0].2),
                    )
                }
                None => continue,
            };
            out.push(Ground {
                issue: issue.clone(),
                value: label.clone(),
                km2,
                people,
                zone: None,
            });
        }
        pkg.ground = out;
    };
    for s in &mut r.solutions {
        for pt in &mut s.points {
            pt.packages.iter_mut().for_each(ground);
        }
    }
    for pr in &mut r.proposals {
        ground(&mut pr.package);
        ground(&mut pr.nearest);
    }
}

#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct Point {
    pub utility: Vec<f64>,
    pub packages: Vec<Package>,
    pub tied: u128,
}

/// A bargaining solution concept, as the JSON names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum BargainingSolution {
    /// Nash (1950): the product of gains over the reservation values.
    Nash,
    /// Nash with each party's gain raised to its weight (its capability).
    WeightedNash,
    /// Kalai and Smorodinsky (1975): gains in proportion to each ideal.
    KalaiSmorodinsky,
    /// The smallest gain, maximised (Kalai 1977).
    Egalitarian,
    /// The sum of utilities, maximised.
    MaxWelfare,
}

impl BargainingSolution {
    /// Its id, as the JSON and the terminal name it (`weighted-nash`).
    pub fn id(self) -> &'static str {
        match self {
            BargainingSolution::Nash => "nash",
            BargainingSolution::WeightedNash => "weighted-nash",
            BargainingSolution::KalaiSmorodinsky => "kalai-smorodinsky",
            BargainingSolution::Egalitarian => "egalitarian",
            BargainingSolution::MaxWelfare => "max-welfare",
        }
    }
}

impl std::fmt::Display for BargainingSolution {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.id())
    }
}

#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct SolutionReport {
    pub concept: BargainingSolution,
    /// How a discrete optimum is chosen.
    pub rule: String,
    pub disagreement: Vec<f64>,
    /// The solution's points: ties are listed up to [`MAX_TIES_LISTED`].
    pub points: Vec<Point>,
    /// How many points tie for the solution, when more than are listed (a
    /// perfectly opposed domain ties every frontier point for the
    /// greatest welfare).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tied: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub undefined: Option<String>,
}

#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct LogrollReport {
    /// Party that gets its way on `gets`, and the one on `gives`' side.
    pub party_a: String,
    pub party_b: String,
    pub issue_a: String,
    pub value_a: String,
    pub issue_b: String,
    pub value_b: String,
    pub gain_a: f64,
    pub gain_b: f64,
}

#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct ProposalReport {
    pub id: String,
    pub name: String,
    pub by: String,
    pub package: Package,
    pub utility: Vec<f64>,
    /// Utility minus reservation value, per party.
    pub gain: Vec<f64>,
    pub rational: bool,
    pub dominated: bool,
    pub nearest: Package,
    pub nearest_utility: Vec<f64>,
    /// Issue by issue: from → to, and each party's utility change.
    pub changes: Vec<ChangeReport>,
}

#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct ChangeReport {
    pub issue: String,
    pub from: String,
    pub to: String,
    pub change: Vec<f64>,
}

/// Everything the packages lens reports.
#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct PackagesReport {
    pub parties: Vec<String>,
    pub issues: Vec<IssueInfo>,
    pub reservation: Vec<f64>,
    pub reservation_source: Vec<String>,
    pub outcomes: u128,
    pub zopa: ZopaReport,
    /// Distinct frontier utility vectors.
    pub frontier_size: usize,
    /// Frontier points listed (the first [`MAX_LISTED`], by the first
    /// party's utility).
    pub frontier: Vec<Point>,
    /// Frontier points that give every party at least its reservation value.
    pub rational_frontier: usize,
    pub solutions: Vec<SolutionReport>,
    pub logrolls: Vec<LogrollReport>,
    pub proposals: Vec<ProposalReport>,
    /// Stated values a user-set step leaves off the grid (snapped).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub off_grid: Vec<OffGrid>,
    /// Why the frontier is not exact, when it outgrew its budget (see
    /// `frontier_within` in `detente-bargain`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub frontier_thinned: Option<String>,
}

/// Most frontier points listed in a report.
pub const MAX_LISTED: usize = 500;
/// Most tied points listed per bargaining solution.
pub const MAX_TIES_LISTED: usize = 20;
/// Most logrolls listed.
pub const MAX_LOGROLLS: usize = 20;

fn package(p: &Problem, o: &[usize]) -> Package {
    Package {
        values: p
            .issue_ids
            .iter()
            .zip(&p.domain.issues)
            .zip(o)
            .map(|((id, i), &v)| IssueValue {
                issue: id.clone(),
                value: i.values[v].clone(),
            })
            .collect(),
        ground: Vec::new(),
    }
}

fn point(p: &Problem, f: &FrontierPoint) -> Point {
    Point {
        utility: f.utility.clone(),
        packages: f.outcomes.iter().map(|o| package(p, o)).collect(),
        tied: f.tied,
    }
}

fn solution(p: &Problem, (concept, s): (BargainingSolution, Solution)) -> SolutionReport {
    SolutionReport {
        concept,
        rule: s.rule.to_owned(),
        disagreement: s.disagreement,
        points: s
            .points
            .iter()
            .take(MAX_TIES_LISTED)
            .map(|f| point(p, f))
            .collect(),
        tied: (s.points.len() > MAX_TIES_LISTED).then_some(s.points.len()),
        value: s.value,
        undefined: s.undefined,
    }
}

/// Runs the lens.
pub fn packages(p: &Problem, ties: bool) -> PackagesReport {
    packages_until(p, ties, &|| false).expect("never stopped")
}

/// [`packages`] that gives up once `stop` says so: `None` then.
pub fn packages_until(
    p: &Problem,
    ties: bool,
    stop: &(dyn Fn() -> bool + Sync),
) -> Option<PackagesReport> {
    let d = &p.domain;
    let f = frontier::frontier_until(d, ties, p.budget.frontier_vectors, stop);
    if stop() {
        return None;
    }
    let r = d.reservations();
    let ones = vec![1.0; d.parties.len()];
    use BargainingSolution as B;
    let mut sols = vec![
        (B::Nash, solutions::nash(&f, &r, &ones)),
        (B::WeightedNash, solutions::nash(&f, &r, &p.weights)),
        (B::KalaiSmorodinsky, solutions::kalai_smorodinsky(&f, &r)),
        (B::Egalitarian, solutions::egalitarian(&f, &r)),
        (B::MaxWelfare, solutions::max_welfare(&f, &r)),
    ];
    if p.weights.iter().all(|w| (*w - p.weights[0]).abs() <= 1e-12) {
        // Equal weights: the weighted solution is the symmetric one.
        sols.remove(1);
    }
    let logrolls = logroll::logrolls(d)
        .into_iter()
        .take(MAX_LOGROLLS)
        .map(|l| LogrollReport {
            party_a: p.party_ids[l.a].clone(),
            party_b: p.party_ids[l.b].clone(),
            issue_a: p.issue_ids[l.issue_a].clone(),
            value_a: d.issues[l.issue_a].values[l.value_a].clone(),
            issue_b: p.issue_ids[l.issue_b].clone(),
            value_b: d.issues[l.issue_b].values[l.value_b].clone(),
            gain_a: l.gain_a,
            gain_b: l.gain_b,
        })
        .collect();
    let proposals = p
        .proposals
        .iter()
        .map(|(id, name, by, o)| {
            let c: ProposalCheck = logroll::check_proposal(d, &f, o);
            ProposalReport {
                id: id.clone(),
                name: name.clone(),
                by: by.clone(),
                package: package(p, &c.outcome),
                utility: c.utility,
                gain: c.gain,
                rational: c.rational,
                dominated: c.dominated,
                nearest: package(p, &c.nearest),
                nearest_utility: c.nearest_utility,
                changes: c
                    .changes
                    .iter()
                    .map(|ch| ChangeReport {
                        issue: p.issue_ids[ch.issue].clone(),
                        from: d.issues[ch.issue].values[ch.from].clone(),
                        to: d.issues[ch.issue].values[ch.to].clone(),
                        change: ch.change.clone(),
                    })
                    .collect(),
            }
        })
        .collect();
    Some(PackagesReport {
        parties: p.party_ids.clone(),
        issues: d
            .issues
            .iter()
            .map(|i| IssueInfo {
                name: i.name.clone(),
                values: i.values.clone(),
            })
            .collect(),
        reservation: r.clone(),
        reservation_source: p.reservation_source.clone(),
        outcomes: d.outcomes(),
        zopa: {
            let z = zopa::zopa_within(d, p.budget.outcomes as u128);
            ZopaReport {
                outcomes: z.outcomes,
                rational: z.rational,
                share: z.share,
                method: z.method.to_owned(),
            }
        },
        frontier_size: f.points.len(),
        rational_frontier: f
            .points
            .iter()
            .filter(|q| {
                q.utility
                    .iter()
                    .zip(&r)
                    .all(|(u, ri)| *u >= ri - detente_bargain::TOLERANCE)
            })
            .count(),
        frontier: f
            .points
            .iter()
            .take(MAX_LISTED)
            .map(|q| point(p, q))
            .collect(),
        solutions: sols.into_iter().map(|s| solution(p, s)).collect(),
        logrolls,
        proposals,
        off_grid: p.off_grid.clone(),
        frontier_thinned: f.thinned.as_ref().map(|t| {
            format!(
                "the frontier is not exact but {} packages found so far, spread along it: it outgrew its budget of {} vectors at issue `{}` ({} candidates), so the bargaining solutions are chosen among those packages; raise the budget (`--budget frontier_vectors=…` or `[budget] frontier_vectors`) to compute it exactly",
                f.points.len(),
                detente_scenario::budget::thousands(t.limit as u128),
                p.issue_ids[t.issue],
                detente_scenario::budget::thousands(t.candidates),
            )
        }),
    })
}
