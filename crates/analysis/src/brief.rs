//! The brief's findings: the answer to the analyst's question, what it
//! rests on, and the caveats that tell a finding from an artifact.
//!
//! Every lens reports its own tables; the brief reads them together, as an
//! adviser would, and computes what none of them says alone:
//! - **where each issue lands**: the median of the models' forecasts (on
//!   an options issue the option most models name), a model that has not
//!   settled counted by the range it cycles in rather than its last round,
//!   and the band of the same rule over the Monte Carlo draws
//!   ([`crate::forecast::settle`]);
//! - **the deal**: the Nash package with each party's gain, and its
//!   robustness, the share of draws over the stated uncertainties in which
//!   it still beats no agreement for every party;
//! - **the proposals**: who accepts each and the smallest amendment every
//!   party accepts ([`detente_bargain::amend`]);
//! - **what is stable**: the equilibria reachable from the status quo, by
//!   the options each side takes;
//! - **what rests on what**: the share of each conclusion's deciding
//!   weight that quotes support, and its pivotal input;
//! - **caveats**, each a [`Caveat`] with a stable [`CaveatKind`].
//!
//! The sentences are the presentation layer's (`detente-present`); the
//! caveats carry theirs, as diagnostics do, because a program filtering on
//! `kind` should find the same words a reader sees.

use detente_bargain::amend::{self, Amendment};
use detente_bargain::{TOLERANCE, solutions};
use detente_forecast::monte_carlo::run_seed;
use detente_scenario::Scenario;
use detente_scenario::format::{Role, Stance};
use detente_scenario::model::{IssueKind, fmt_num};
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use rand_distr::{Distribution, Normal};
use rayon::prelude::*;
use serde::Serialize;

use crate::Analysis;
use crate::forecast::{ForecastOptions, IssueForecast, Problem, Scope, settle};
use crate::packages::{self, BargainingSolution, Inputs};
use crate::stability::{CoalitionMove, Move, SolutionConcept};

/// Packages the amendment search may examine per proposal.
pub const AMEND_BUDGET: u64 = 2_000_000;

/// Everything the brief says, as data.
#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct Findings {
    pub provenance: Provenance,
    /// Every issue, the most at stake first.
    pub landings: Vec<Landing>,
    /// The recommended package, when there is a packages lens.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub deal: Option<Deal>,
    /// Why there is no deal section.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub deal_unavailable: Option<String>,
    pub proposals: Vec<ProposalFinding>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stable: Option<Stable>,
    /// What each conclusion rests on, in the order of the conclusions.
    pub bases: Vec<Basis>,
    /// Strongest first.
    pub caveats: Vec<Caveat>,
}

/// Where the numbers come from.
#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct Provenance {
    pub version: String,
    pub scenario: String,
    /// SHA-256 of the scenario's text, first 12 hex digits (when the
    /// caller gave the text).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hash: Option<String>,
    pub as_of: String,
    pub runs: usize,
    pub seed: u64,
    pub quotes: usize,
    /// Quotes found in their sources, when source texts were given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub quotes_verified: Option<usize>,
}

/// An issue's scale as the brief words values on it.
#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct Scale {
    pub min: f64,
    pub max: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    /// The scale's end labels.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub low: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub high: Option<String>,
    /// For an options issue, its options (numbered from 1 on the axis).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub options: Option<Vec<String>>,
}

impl Scale {
    fn width(&self) -> f64 {
        (self.max - self.min).max(f64::MIN_POSITIVE)
    }

    /// The option named by an axis value (options issues).
    pub fn option(&self, x: f64) -> Option<&str> {
        let o = self.options.as_ref()?;
        let k = x.round().clamp(1.0, o.len() as f64) as usize;
        Some(o[k - 1].as_str())
    }

    /// A number on the scale as the brief writes it, without its unit.
    pub fn number(&self, x: f64) -> String {
        Scale {
            unit: None,
            options: None,
            ..self.clone()
        }
        .words(x)
    }

    /// A value in words, an option in quotes.
    pub fn quoted(&self, x: f64) -> String {
        match self.option(x) {
            Some(o) => format!("\"{o}\""),
            None => self.words(x),
        }
    }

    /// A value in words: the option, or the number with its unit.
    pub fn words(&self, x: f64) -> String {
        match self.option(x) {
            Some(o) => o.to_owned(),
            None => {
                // As many decimals as the scale's width calls for.
                let f = match self.max - self.min {
                    w if w >= 50.0 => 1.0,
                    w if w >= 5.0 => 10.0,
                    _ => 100.0,
                };
                // Thousands grouped, as people write counts: 5,060.
                let n = detente_scenario::model::fmt_grouped((x * f).round() / f);
                match &self.unit {
                    Some(u) => detente_scenario::model::with_unit(&n, (x * f).round() / f, u),
                    None => n,
                }
            }
        }
    }
}

/// One model's reading of an issue.
#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct ModelLanding {
    pub model: String,
    pub label: String,
    /// The value the settlement rule takes: the last round when the model
    /// settled, else the middle of `range`.
    pub value: f64,
    /// For a model that has not settled: the range it cycles in, or of its
    /// last 3 rounds.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub range: Option<[f64; 2]>,
    pub settled: bool,
    /// The cycle's period, when the model cycles.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub period: Option<usize>,
}

/// Where one issue lands.
#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct Landing {
    pub issue: String,
    pub name: String,
    /// Σ capability × salience of the actors with a position on it.
    pub stake: f64,
    pub actors: usize,
    pub scale: Scale,
    pub models: Vec<ModelLanding>,
    /// The settlement rule on the models' values; `None` when no model ran.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub settlement: Option<f64>,
    /// Whether the models lie within the `agree` share of the scale (or
    /// name the same option), the whole range of a model that has not
    /// settled included.
    pub agree: bool,
    /// 5–95 % of the settlement rule over the Monte Carlo draws.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub band: Option<[f64; 2]>,
    /// The models grouped by what they say: on an options issue, by the
    /// option they name; on a scale, runs of values no more than the
    /// `agree` share of the scale apart. One camp when the models agree;
    /// when the settlement lies in none of them (a median between two
    /// camps), no model gives it, and the brief says so.
    pub camps: Vec<Camp>,
}

/// Models that say nearly the same thing on an issue.
#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct Camp {
    /// Model ids, by value.
    pub models: Vec<String>,
    /// Their lowest and highest value.
    pub range: [f64; 2],
    /// Whether the settlement lies in this camp.
    pub holds_settlement: bool,
}

/// A party's side of the deal.
#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct PartyGain {
    pub party: String,
    pub name: String,
    pub utility: f64,
    pub reservation: f64,
    /// Utility minus reservation value.
    pub gain: f64,
}

/// A package's value on one issue, beside no agreement's.
#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct DealValue {
    pub issue: String,
    pub name: String,
    pub value: String,
    /// What no agreement leaves on this issue, when the scenario says.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub no_deal: Option<String>,
}

/// An issue on which two packages differ.
#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct ValueChange {
    pub issue: String,
    pub from: String,
    pub to: String,
    /// For an amendment: whether the proposal states this issue (when it
    /// does not, `from` is what no agreement leaves there, and the
    /// amendment adds the issue to it).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stated: Option<bool>,
}

/// Another bargaining solution that picks a different package.
#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct OtherSolution {
    pub concept: BargainingSolution,
    /// What the concept maximises, in a phrase.
    pub rule: String,
    /// Where its package differs from the deal's.
    pub differs: Vec<ValueChange>,
    /// Each party's gain over no agreement under it.
    pub gains: Vec<f64>,
}

/// Share of robustness draws in which the deal still beats no agreement
/// for every party.
#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct Robustness {
    pub draws: usize,
    pub holds: usize,
    pub share: f64,
    /// Whether any input the draws move has a stated uncertainty (without
    /// one every draw is the stated scenario, and the share says nothing).
    pub varied: bool,
}

/// The recommended package.
#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct Deal {
    pub concept: BargainingSolution,
    /// Whether some package beats no agreement for every party.
    pub possible: bool,
    /// The package (empty when none is possible).
    pub package: Vec<DealValue>,
    /// Each party's side of it (empty when none is possible).
    pub parties: Vec<PartyGain>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub robustness: Option<Robustness>,
    /// Issues on which the package is not where the issue lands (another
    /// option, or more than the `agree` share of the scale away): the deal
    /// is the best joint gain over no agreement, not a forecast.
    pub unlike_landings: Vec<String>,
    pub others: Vec<OtherSolution>,
    /// When no deal is possible: the parties without whom one would be.
    pub blockers: Vec<String>,
}

/// How a party answered a proposal, by the sources.
#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct StatedResponse {
    pub actor: String,
    pub stance: Stance,
}

/// The smallest amendment of a proposal that every party accepts.
#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct Fix {
    pub changes: Vec<ValueChange>,
    /// The parties who accept it only with the amendment.
    pub wins: Vec<String>,
    /// Σ over parties of |Δ utility|.
    pub moved: f64,
}

/// A proposal on the table.
#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct ProposalFinding {
    pub id: String,
    pub name: String,
    pub by: String,
    /// Parties it gives more than no agreement (or as much).
    pub accept: Vec<String>,
    /// Parties it gives less than no agreement.
    pub fail: Vec<String>,
    pub gains: Vec<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fix: Option<Fix>,
    /// Why there is no fix although someone fails: no package at all
    /// works, or the search budget ran out (how many issues it tried).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub no_fix: Option<String>,
    pub responses: Vec<StatedResponse>,
}

/// One option of a state: taken or not.
#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct OptionChoice {
    pub option: String,
    pub name: String,
    pub dm: String,
    pub taken: bool,
}

/// An equilibrium reachable from the status quo.
#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct Reached {
    pub state: usize,
    pub concepts: Vec<SolutionConcept>,
    /// Whether no coalition can all gain by moving from it (when the
    /// coalition analysis ran).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub coalition_stable: Option<bool>,
    pub options: Vec<OptionChoice>,
    /// The unilateral improvements that reach it (none: the status quo).
    pub moves: Vec<Move>,
}

/// A joint improvement of two or more DMs from the status quo.
#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct CoalitionReach {
    pub members: Vec<String>,
    pub state: usize,
    pub options: Vec<OptionChoice>,
    /// Whether no DM or group can all gain by moving from it.
    pub stable: bool,
}

/// The stability section.
#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct Stable {
    /// The solution concepts analysed.
    pub concepts: Vec<SolutionConcept>,
    /// The status quo's state, when the scenario gives one.
    pub status_quo: Option<usize>,
    /// Empty without a status quo.
    pub status_quo_options: Vec<OptionChoice>,
    /// The equilibria reachable from the status quo, most robust first
    /// (most concepts, then fewest moves). Without a status quo: every
    /// equilibrium, most concepts first, without moves.
    pub reachable: Vec<Reached>,
    /// How many states `reachable` would list without its cap of
    /// [`STABLE_LISTED`].
    pub reachable_total: usize,
    pub coalitions: Vec<CoalitionReach>,
}

/// The most states the stability findings list (a 2^20-state conflict may
/// have thousands of equilibria; the stability lens has every one).
pub const STABLE_LISTED: usize = 20;

/// A conclusion of the brief.
#[derive(Clone, Debug, PartialEq, Serialize, schemars::JsonSchema)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Conclusion {
    /// Where an issue lands.
    Landing { issue: String },
    /// The recommended package.
    Deal,
    /// Who accepts a tabled proposal.
    Proposal { proposal: String },
}

/// Which input a pivot moves.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum PivotInput {
    Position,
    Salience,
    Capability,
    Reservation,
}

/// The input that, moved within its stated uncertainty (± one standard
/// deviation), changes a conclusion most.
#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct Pivot {
    pub input: PivotInput,
    pub actor: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub issue: Option<String>,
    /// The input's value and where it is moved (a position on an options
    /// issue by option number, from 1).
    pub from: f64,
    pub to: f64,
    /// How far the conclusion moves: for a landing, the settlement's
    /// change as a share of the scale; for the deal, the issues whose value
    /// changes.
    pub effect: f64,
    /// For the deal: whether it still beats no agreement for everyone.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub still_acceptable: Option<bool>,
}

/// What a conclusion rests on.
#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct Basis {
    pub conclusion: Conclusion,
    /// Share of the deciding weight whose value a quote supports.
    pub quoted: f64,
    /// None when no input that decides it has a stated uncertainty.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pivot: Option<Pivot>,
}

/// What a caveat warns of. The names are stable: scripts filter on them.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, schemars::JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum CaveatKind {
    NoAgreementPossible,
    /// The frontier outgrew its budget: the deal is chosen among the
    /// packages found so far.
    FrontierThinned,
    ModelOscillates,
    StanceContradictsModel,
    ModelsDisagree,
    WideUncertainty,
    RestsOnEstimates,
    PartyWithLittleAtStake,
    RelayedPartyLeftOut,
    PartyWithoutPositions,
    IssueWithoutPositions,
    SingleActorIssue,
    ValueOffGrid,
}

impl CaveatKind {
    /// Its stable name (`model-oscillates`).
    pub fn name(self) -> &'static str {
        match self {
            CaveatKind::NoAgreementPossible => "no-agreement-possible",
            CaveatKind::ModelOscillates => "model-oscillates",
            CaveatKind::StanceContradictsModel => "stance-contradicts-model",
            CaveatKind::ModelsDisagree => "models-disagree",
            CaveatKind::WideUncertainty => "wide-uncertainty",
            CaveatKind::RestsOnEstimates => "rests-on-estimates",
            CaveatKind::PartyWithLittleAtStake => "party-with-little-at-stake",
            CaveatKind::RelayedPartyLeftOut => "relayed-party-left-out",
            CaveatKind::PartyWithoutPositions => "party-without-positions",
            CaveatKind::IssueWithoutPositions => "issue-without-positions",
            CaveatKind::SingleActorIssue => "single-actor-issue",
            CaveatKind::ValueOffGrid => "value-off-grid",
            CaveatKind::FrontierThinned => "frontier-thinned",
        }
    }

    /// Whether it concerns where issues land (the caveat printed under
    /// that section).
    pub fn about_landings(self) -> bool {
        matches!(
            self,
            CaveatKind::ModelOscillates
                | CaveatKind::ModelsDisagree
                | CaveatKind::WideUncertainty
                | CaveatKind::SingleActorIssue
                | CaveatKind::IssueWithoutPositions
        )
    }
}

/// A computed warning: what kind, what it concerns, and a sentence.
#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct Caveat {
    pub kind: CaveatKind,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub issues: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub actors: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub models: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub proposals: Vec<String>,
    /// How much it concerns, 0–1: the share of the scale a model cycles
    /// over or the models span, the share of weight that is estimate; 1
    /// for caveats without a measure. Orders caveats of one kind.
    pub weight: f64,
    pub text: String,
}

impl Caveat {
    fn new(kind: CaveatKind, text: String) -> Caveat {
        Caveat {
            kind,
            issues: Vec::new(),
            actors: Vec::new(),
            models: Vec::new(),
            proposals: Vec::new(),
            weight: 1.0,
            text,
        }
    }
    fn weight(mut self, w: f64) -> Caveat {
        self.weight = w;
        self
    }
    fn issue(mut self, id: &str) -> Caveat {
        self.issues.push(id.to_owned());
        self
    }
    fn actor(mut self, id: &str) -> Caveat {
        self.actors.push(id.to_owned());
        self
    }
    fn model(mut self, id: &str) -> Caveat {
        self.models.push(id.to_owned());
        self
    }
    fn proposal(mut self, id: &str) -> Caveat {
        self.proposals.push(id.to_owned());
        self
    }
}

/// A share as a whole percentage.
fn pct(x: f64) -> String {
    format!("{} %", fmt_num((x * 100.0).round()))
}

fn round3(x: f64) -> String {
    fmt_num((x * 1000.0).round() / 1000.0)
}

/// The SHA-256 of a text, first 12 hex digits.
pub fn text_hash(text: &str) -> String {
    use sha2::Digest;
    let d = sha2::Sha256::digest(text.as_bytes());
    d.iter().take(6).map(|b| format!("{b:02x}")).collect()
}

/// The brief's findings on a scenario and its analysis. `text` is the
/// scenario's text, for the provenance hash.
pub fn findings(
    s: &Scenario,
    a: &Analysis,
    o: &crate::Options<'_>,
    text: Option<&str>,
) -> Findings {
    let cfg = &s.brief;
    let mut caveats = Vec::new();
    let landings = landings(s, a, &mut caveats);
    let problem = packages::problem_from_scenario(s);
    let (deal, deal_unavailable) = match (&a.packages, &problem) {
        (Some(r), Ok(p)) => {
            let draws = o.brief_draws.unwrap_or(cfg.draws);
            (
                Some(deal(
                    s,
                    r,
                    p,
                    &landings,
                    o.forecast.seed,
                    draws,
                    &mut caveats,
                )),
                None,
            )
        }
        _ => (
            None,
            a.packages_unavailable
                .clone()
                .or_else(|| problem.as_ref().err().cloned()),
        ),
    };
    let proposals = match (&a.packages, &problem) {
        (Some(r), Ok(p)) => proposals(s, r, p, &mut caveats),
        _ => Vec::new(),
    };
    let stable = stable(a);
    let subjects = crate::forecast::subjects_from_scenario(s);
    let mut bases: Vec<Basis> = landings
        .iter()
        .filter(|l| l.settlement.is_some())
        .map(|l| landing_basis(s, &subjects, l, &o.forecast))
        .collect();
    if let (Some(d), Ok(p)) = (&deal, &problem)
        && d.possible
    {
        bases.push(deal_basis(s, p, d, &o.budget));
    }
    if let Ok(p) = &problem {
        for (id, _, _, outcome) in &p.proposals {
            bases.push(proposal_basis(s, p, id, outcome));
        }
    }
    for b in &bases {
        if 1.0 - b.quoted > cfg.estimates {
            let (what, issue) = match &b.conclusion {
                Conclusion::Landing { issue } => (format!("where {issue} lands"), Some(issue)),
                Conclusion::Deal => ("the deal".to_owned(), None),
                Conclusion::Proposal { proposal } => (format!("who accepts {proposal}"), None),
            };
            let mut c = Caveat::new(
                CaveatKind::RestsOnEstimates,
                format!(
                    "{} of the weight deciding {what} is analyst estimate, not quoted",
                    pct(1.0 - b.quoted)
                ),
            );
            if let Some(i) = issue {
                c = c.issue(i);
            }
            if let Conclusion::Proposal { proposal } = &b.conclusion {
                c = c.proposal(proposal);
            }
            caveats.push(c.weight(1.0 - b.quoted));
        }
    }
    input_caveats(s, a, &mut caveats);
    if let Some(r) = &a.packages {
        if let Some(why) = &r.frontier_thinned {
            caveats.push(Caveat::new(CaveatKind::FrontierThinned, why.clone()));
        }
        for og in &r.off_grid {
            caveats.push(
                Caveat::new(
                    CaveatKind::ValueOffGrid,
                    format!(
                        "{} {} = {} is off the packages grid (the [packages] step) and is read as {}",
                        og.stated_by, og.issue, og.value, og.snapped
                    ),
                )
                .issue(&og.issue),
            );
        }
    }
    caveats.sort_by(|a, b| a.kind.cmp(&b.kind).then(b.weight.total_cmp(&a.weight)));
    let ev = &a.evidence;
    Findings {
        provenance: Provenance {
            version: env!("CARGO_PKG_VERSION").to_owned(),
            scenario: s.id.clone(),
            hash: text.map(text_hash),
            as_of: s.as_of.to_string(),
            runs: a.forecast.runs,
            seed: a.forecast.seed,
            quotes: ev.coverage.quotes,
            quotes_verified: ev.sources_checked.then_some(ev.coverage.quotes_verified),
        },
        landings,
        deal,
        deal_unavailable,
        proposals,
        stable,
        bases,
        caveats,
    }
}

// ---- where it lands ---------------------------------------------------

fn scale_of(s: &Scenario, id: &str) -> Option<Scale> {
    let issue = s.issues.iter().find(|i| i.id == id)?;
    Some(match &issue.kind {
        IssueKind::Scale {
            min,
            max,
            unit,
            low,
            high,
        } => Scale {
            min: *min,
            max: *max,
            unit: Some(unit.clone()).filter(|u| !u.is_empty()),
            low: Some(low.clone()).filter(|x| !x.is_empty()),
            high: Some(high.clone()).filter(|x| !x.is_empty()),
            options: None,
        },
        IssueKind::Options { options } => Scale {
            min: 1.0,
            max: options.len() as f64,
            unit: None,
            low: None,
            high: None,
            options: Some(options.clone()),
        },
    })
}

/// Whether an iterative run has settled: its last 3 rounds within `tol`
/// of the scale. If not, the cycle (a state of every actor's position
/// repeating within `tol`, period ≤ 4) or the last 3 rounds give its range.
pub fn settling(
    rounds: &[f64],
    trajectory: &[Vec<f64>],
    width: f64,
    tol: f64,
) -> (bool, Option<usize>, [f64; 2]) {
    let n = rounds.len();
    let range = |xs: &[f64]| {
        let lo = xs.iter().copied().fold(f64::INFINITY, f64::min);
        let hi = xs.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        [lo, hi]
    };
    if n < 3 {
        let r = range(rounds);
        return (true, None, r);
    }
    let last3 = range(&rounds[n - 3..]);
    if last3[1] - last3[0] <= tol * width {
        return (true, None, last3);
    }
    let t = trajectory.len();
    for period in 2..=4usize {
        if t > period && period <= n {
            let same = trajectory[t - 1]
                .iter()
                .zip(&trajectory[t - 1 - period])
                .all(|(a, b)| (a - b).abs() <= tol * width);
            if same {
                return (false, Some(period), range(&rounds[n - period..]));
            }
        }
    }
    (false, None, last3)
}

fn landings(s: &Scenario, a: &Analysis, caveats: &mut Vec<Caveat>) -> Vec<Landing> {
    let cfg = &s.brief;
    let label = |id: &str| {
        a.forecast
            .models
            .iter()
            .find(|m| m.id == id)
            .map_or_else(|| id.to_owned(), |m| m.label.clone())
    };
    let mut out: Vec<Landing> = a
        .forecast
        .issues
        .iter()
        .filter_map(|f: &IssueForecast| {
            let scale = scale_of(s, &f.id)?;
            let w = scale.width();
            let models: Vec<ModelLanding> = f
                .models
                .iter()
                .filter_map(|m| {
                    let x = *m.forecast.first()?;
                    if m.rounds.is_empty() {
                        return Some(ModelLanding {
                            model: m.model.clone(),
                            label: label(&m.model),
                            value: x,
                            range: None,
                            settled: true,
                            period: None,
                        });
                    }
                    let rounds: Vec<f64> =
                        m.rounds.iter().filter_map(|r| r.first().copied()).collect();
                    let trajectory: Vec<Vec<f64>> = m
                        .trajectory
                        .iter()
                        .map(|step| step.values().filter_map(|v| v.first().copied()).collect())
                        .collect();
                    let (settled, period, range) = settling(&rounds, &trajectory, w, cfg.settled);
                    Some(ModelLanding {
                        model: m.model.clone(),
                        label: label(&m.model),
                        value: if settled {
                            x
                        } else {
                            (range[0] + range[1]) / 2.0
                        },
                        range: (!settled).then_some(range),
                        settled,
                        period,
                    })
                })
                .collect();
            let values: Vec<f64> = models.iter().map(|m| m.value).collect();
            let options = scale.options.as_ref().map(Vec::len);
            let settlement = settle(&values, options);
            // A model that has not settled agrees only if its whole range
            // does.
            let reach: Vec<f64> = models
                .iter()
                .flat_map(|m| m.range.map_or_else(|| vec![m.value], |r| r.to_vec()))
                .collect();
            let agree = match &scale.options {
                Some(_) => {
                    let named: Vec<Option<&str>> = reach.iter().map(|&x| scale.option(x)).collect();
                    named.windows(2).all(|p| p[0] == p[1])
                }
                None => spread(&reach) <= cfg.agree * w + 1e-12,
            };
            let band = f
                .settlement
                .as_ref()
                .and_then(|d| d.dimensions.first().cloned().flatten())
                .map(|d| [d.quantiles[0], d.quantiles[4]]);
            let stake = f
                .actors
                .iter()
                .map(|x| x.capability * x.salience.first().copied().unwrap_or(0.0))
                .sum();
            let camps = camps(&models, &scale, settlement, cfg.agree * w);
            Some(Landing {
                issue: f.id.clone(),
                name: f.name.clone(),
                stake,
                actors: f.actors.len(),
                scale,
                models,
                settlement,
                agree,
                band,
                camps,
            })
        })
        .collect();
    out.sort_by(|a, b| b.stake.total_cmp(&a.stake));
    for l in &out {
        let w = l.scale.width();
        for m in l.models.iter().filter(|m| !m.settled) {
            let r = m.range.unwrap_or([m.value, m.value]);
            let (a, b) = (l.scale.quoted(r[0]), l.scale.quoted(r[1]));
            let text = match (m.period, a == b) {
                (Some(p), false) => format!(
                    "{} cycles on {} between {a} and {b} (period {p}); that range counts as its forecast",
                    m.label, l.issue
                ),
                (Some(p), true) => format!(
                    "{} cycles on {} within {a} (period {p}); that counts as its forecast",
                    m.label, l.issue
                ),
                (None, false) => format!(
                    "{} has not settled on {} (last 3 rounds {a} to {b}); that range counts as its forecast",
                    m.label, l.issue
                ),
                (None, true) => format!(
                    "{} has not settled on {} (its last 3 rounds move within {a})",
                    m.label, l.issue
                ),
            };
            caveats.push(
                Caveat::new(CaveatKind::ModelOscillates, text)
                    .issue(&l.issue)
                    .model(&m.model)
                    .weight((r[1] - r[0]) / w),
            );
        }
        let values: Vec<f64> = l.models.iter().map(|m| m.value).collect();
        if values.len() > 1 && spread(&values) > s.brief.disagree * w {
            let lo = values.iter().copied().fold(f64::INFINITY, f64::min);
            let hi = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
            caveats.push(
                Caveat::new(
                    CaveatKind::ModelsDisagree,
                    format!(
                        "models disagree on {}: {} to {} ({} of the scale); the settlement is their median",
                        l.issue,
                        l.scale.quoted(lo),
                        l.scale.quoted(hi),
                        pct((hi - lo) / w)
                    ),
                )
                .issue(&l.issue)
                .weight((hi - lo) / w),
            );
        }
        if let Some([lo, hi]) = l.band
            && hi - lo > s.brief.wide * w
        {
            caveats.push(
                Caveat::new(
                    CaveatKind::WideUncertainty,
                    format!(
                        "{} is uncertain: the stated uncertainties put it anywhere from {} to {} (5–95 %)",
                        l.issue,
                        l.scale.quoted(lo),
                        l.scale.quoted(hi)
                    ),
                )
                .issue(&l.issue)
                .weight((hi - lo) / w),
            );
        }
    }
    out
}

/// The models in camps: sorted by value, a new camp wherever the next
/// value is more than `gap` above the last (on an options issue, wherever
/// the option named changes).
fn camps(models: &[ModelLanding], scale: &Scale, settlement: Option<f64>, gap: f64) -> Vec<Camp> {
    let mut sorted: Vec<&ModelLanding> = models.iter().collect();
    sorted.sort_by(|a, b| a.value.total_cmp(&b.value));
    let apart = |a: f64, b: f64| match &scale.options {
        Some(_) => scale.option(a) != scale.option(b),
        None => b - a > gap + 1e-12,
    };
    let mut out: Vec<Camp> = Vec::new();
    for m in sorted {
        match out.last_mut() {
            Some(c) if !apart(c.range[1], m.value) => {
                c.models.push(m.model.clone());
                c.range[1] = m.value;
            }
            _ => out.push(Camp {
                models: vec![m.model.clone()],
                range: [m.value, m.value],
                holds_settlement: false,
            }),
        }
    }
    if let Some(x) = settlement {
        for c in &mut out {
            c.holds_settlement = match &scale.options {
                Some(_) => scale.option(x) == scale.option(c.range[0]),
                None => x >= c.range[0] - 1e-9 && x <= c.range[1] + 1e-9,
            };
        }
    }
    out
}

fn spread(xs: &[f64]) -> f64 {
    let lo = xs.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = xs.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    if xs.is_empty() { 0.0 } else { hi - lo }
}

// ---- the deal ------------------------------------------------------------

fn party_name(s: &Scenario, id: &str) -> String {
    s.actors
        .iter()
        .find(|a| a.id == id)
        .map_or_else(|| id.to_owned(), |a| a.name.clone())
}

fn issue_name(s: &Scenario, id: &str) -> String {
    s.issues
        .iter()
        .find(|i| i.id == id)
        .map_or_else(|| id.to_owned(), |i| i.name.clone())
}

fn solution_rule(c: BargainingSolution) -> &'static str {
    match c {
        BargainingSolution::Nash => "the product of the parties' gains",
        BargainingSolution::WeightedNash => "the product of gains weighted by capability",
        BargainingSolution::KalaiSmorodinsky => "gains in proportion to what each could hope for",
        BargainingSolution::Egalitarian => "the smallest gain",
        BargainingSolution::MaxWelfare => "the sum of utilities, whoever gains",
    }
}

/// Each party's utility for an outcome of `p`'s domain, and whether every
/// party gets at least its reservation value.
fn acceptable(p: &packages::Problem, outcome: &[usize]) -> bool {
    p.domain
        .utilities(outcome)
        .iter()
        .zip(&p.domain.parties)
        .all(|(u, party)| *u >= party.reservation - TOLERANCE)
}

/// The outcome (value indices) of a package given by labels.
fn outcome_of(p: &packages::Problem, pkg: &packages::Package) -> Option<Vec<usize>> {
    pkg.values
        .iter()
        .zip(&p.domain.issues)
        .map(|(v, i)| i.values.iter().position(|x| *x == v.value))
        .collect()
}

/// One robustness draw of the parties' inputs: every position's value and
/// salience from a normal distribution around the stated one (clamped to
/// the issue's axis and to (0, 1]), and each party's reservation shifted by
/// a draw of its `reservation_uncertainty`. Draw `r` is seeded from `seed`
/// and `r` alone, as the forecast's Monte Carlo runs are.
pub fn draw_inputs(s: &Scenario, party_ids: &[String], seed: u64, r: usize) -> Inputs {
    let mut rng = ChaCha8Rng::seed_from_u64(run_seed(seed, r as u64));
    let mut normal = |mean: f64, sd: f64| -> f64 {
        if sd > 0.0 {
            Normal::new(mean, sd).map_or(mean, |n| n.sample(&mut rng))
        } else {
            mean
        }
    };
    let mut inputs = Inputs::stated(s);
    for (i, p) in s.positions.iter().enumerate() {
        let (lo, hi) = match &s.issues[p.issue.index].kind {
            IssueKind::Scale { min, max, .. } => (*min, *max),
            IssueKind::Options { options } => (0.0, (options.len() - 1) as f64),
        };
        inputs.at[i] = normal(inputs.at[i], p.at_sd).clamp(lo, hi);
        inputs.salience[i] = normal(inputs.salience[i], p.salience_sd).clamp(1e-6, 1.0);
    }
    let sd = |id: &str| {
        s.packages
            .as_ref()
            .and_then(|pk| pk.reservation_sd.iter().find(|(r, _)| r.id == id))
            .map_or(0.0, |(_, sd)| *sd)
    };
    inputs.reservation_shift = party_ids.iter().map(|id| normal(0.0, sd(id))).collect();
    inputs
}

/// In how many of `draws` robustness draws `outcome` beats no agreement for
/// every party.
pub fn robustness(
    s: &Scenario,
    p: &packages::Problem,
    outcome: &[usize],
    seed: u64,
    draws: usize,
) -> Robustness {
    let holds = (0..draws)
        .into_par_iter()
        .filter(|&r| {
            let inputs = draw_inputs(s, &p.party_ids, seed, r);
            packages::problem_with(s, &inputs).is_ok_and(|q| acceptable(&q, outcome))
        })
        .count();
    // Whether any input the packages read has a stated uncertainty: without
    // one, every draw is the stated scenario.
    let varied = s
        .positions
        .iter()
        .any(|x| p.party_ids.contains(&x.actor.id) && (x.at_sd > 0.0 || x.salience_sd > 0.0))
        || s.packages
            .as_ref()
            .is_some_and(|pk| pk.reservation_sd.iter().any(|(_, sd)| *sd > 0.0));
    Robustness {
        draws,
        holds,
        share: holds as f64 / draws.max(1) as f64,
        varied,
    }
}

fn deal(
    s: &Scenario,
    r: &packages::PackagesReport,
    p: &packages::Problem,
    landings: &[Landing],
    seed: u64,
    draws: usize,
    caveats: &mut Vec<Caveat>,
) -> Deal {
    let nash = r
        .solutions
        .iter()
        .find(|x| x.concept == BargainingSolution::Nash);
    let point = nash.and_then(|n| n.points.first());
    let no_deal = |issue: &str| {
        let pk = s.packages.as_ref()?;
        let v = pk.no_deal.iter().find(|v| v.issue.id == issue)?;
        Some(match &v.value {
            detente_scenario::model::Value::Number(x) => {
                scale_of(s, issue).map_or_else(|| fmt_num(*x), |sc| sc.words(*x))
            }
            detente_scenario::model::Value::Option { label, .. } => label.clone(),
        })
    };
    let Some(point) = point else {
        // No package beats no agreement for all: who blocks?
        let f =
            detente_bargain::frontier::frontier_within(&p.domain, false, p.budget.frontier_vectors);
        let res = p.domain.reservations();
        let blockers: Vec<String> = (0..p.party_ids.len())
            .filter(|&i| {
                f.points.iter().any(|q| {
                    q.utility
                        .iter()
                        .zip(&res)
                        .enumerate()
                        .all(|(j, (u, rj))| j == i || *u >= rj - TOLERANCE)
                })
            })
            .map(|i| p.party_ids[i].clone())
            .collect();
        let text = if blockers.is_empty() {
            "no package beats no agreement for every party, and none would even without any one of them".to_owned()
        } else {
            format!(
                "no package beats no agreement for every party; without {} one would",
                blockers.join(" or ")
            )
        };
        let mut c = Caveat::new(CaveatKind::NoAgreementPossible, text);
        for b in &blockers {
            c = c.actor(b);
        }
        caveats.push(c);
        return Deal {
            concept: BargainingSolution::Nash,
            possible: false,
            package: Vec::new(),
            // No package, so no utility to report (the reservation values
            // are the packages lens's).
            parties: Vec::new(),
            robustness: None,
            unlike_landings: Vec::new(),
            others: Vec::new(),
            blockers,
        };
    };
    let pkg = &point.packages[0];
    let outcome = outcome_of(p, pkg);
    let package: Vec<DealValue> = pkg
        .values
        .iter()
        .map(|v| DealValue {
            issue: v.issue.clone(),
            name: issue_name(s, &v.issue),
            value: v.value.clone(),
            no_deal: no_deal(&v.issue),
        })
        .collect();
    let parties: Vec<PartyGain> = r
        .parties
        .iter()
        .zip(&point.utility)
        .zip(&r.reservation)
        .map(|((id, u), res)| PartyGain {
            party: id.clone(),
            name: party_name(s, id),
            utility: *u,
            reservation: *res,
            gain: u - res,
        })
        .collect();
    let others = r
        .solutions
        .iter()
        .filter(|x| x.concept != BargainingSolution::Nash)
        .filter_map(|x| {
            let q = x.points.first()?;
            let other = &q.packages[0];
            let differs: Vec<ValueChange> = pkg
                .values
                .iter()
                .zip(&other.values)
                .filter(|(a, b)| a.value != b.value)
                .map(|(a, b)| ValueChange {
                    issue: a.issue.clone(),
                    from: a.value.clone(),
                    to: b.value.clone(),
                    stated: None,
                })
                .collect();
            (!differs.is_empty()).then(|| OtherSolution {
                concept: x.concept,
                rule: solution_rule(x.concept).to_owned(),
                differs,
                gains: q
                    .utility
                    .iter()
                    .zip(&r.reservation)
                    .map(|(u, r)| u - r)
                    .collect(),
            })
        })
        .collect();
    // A party with little at stake: positions on few issues, and nearly
    // everything it wants in the package.
    for g in &parties {
        let held = s.positions.iter().filter(|x| x.actor.id == g.party).count();
        if held > 0 && held <= s.brief.few_issues && g.utility >= s.brief.little_at_stake {
            caveats.push(
                Caveat::new(
                    CaveatKind::PartyWithLittleAtStake,
                    format!(
                        "{} holds positions on only {held} issue{} and gets utility {} in the deal: it has little at stake, so the deal is decided by the others",
                        g.party,
                        if held == 1 { "" } else { "s" },
                        round3(g.utility)
                    ),
                )
                .actor(&g.party),
            );
        }
    }
    let robustness = outcome.map(|o| robustness(s, p, &o, seed, draws));
    let unlike_landings = unlike_landings(p, &package, landings, s.brief.agree);
    Deal {
        concept: BargainingSolution::Nash,
        possible: true,
        package,
        parties,
        robustness,
        unlike_landings,
        others,
        blockers: Vec::new(),
    }
}

/// The issues on which the deal's package is not where the issue lands.
fn unlike_landings(
    p: &packages::Problem,
    package: &[DealValue],
    landings: &[Landing],
    agree: f64,
) -> Vec<String> {
    p.issue_ids
        .iter()
        .enumerate()
        .filter_map(|(k, id)| {
            let l = landings.iter().find(|l| l.issue == *id)?;
            let x = l.settlement?;
            let v = package.iter().find(|v| v.issue == *id)?;
            let j = p.domain.issues[k]
                .values
                .iter()
                .position(|s| *s == v.value)?;
            let (grid, scale) = &p.grids[k];
            let at = grid[j];
            let apart = if *scale {
                (at - x).abs() > agree * l.scale.width() + 1e-9
            } else {
                // Option indices from 0 on the grid, from 1 on the scale.
                l.scale.option(at + 1.0) != l.scale.option(x)
            };
            apart.then(|| id.clone())
        })
        .collect()
}

// ---- the proposals --------------------------------------------------------

fn proposals(
    s: &Scenario,
    r: &packages::PackagesReport,
    p: &packages::Problem,
    caveats: &mut Vec<Caveat>,
) -> Vec<ProposalFinding> {
    r.proposals
        .iter()
        .zip(&p.proposals)
        .map(|(pr, (pid, _, _, outcome))| {
            let stated = |issue: &str| {
                s.proposals
                    .iter()
                    .find(|x| x.id == *pid)
                    .is_some_and(|x| x.values.iter().any(|v| v.issue.id == issue))
            };
            let accept: Vec<String> = r
                .parties
                .iter()
                .zip(&pr.gain)
                .filter(|(_, g)| **g >= -TOLERANCE)
                .map(|(id, _)| id.clone())
                .collect();
            let fail: Vec<String> = r
                .parties
                .iter()
                .zip(&pr.gain)
                .filter(|(_, g)| **g < -TOLERANCE)
                .map(|(id, _)| id.clone())
                .collect();
            let (fix, no_fix) = match amend::smallest_change(&p.domain, outcome, AMEND_BUDGET) {
                Amendment::Acceptable => (None, None),
                Amendment::Found { changes, .. } if changes.is_empty() => (None, None),
                Amendment::Found { changes, moved, .. } => (
                    Some(Fix {
                        changes: changes
                            .iter()
                            .map(|c| ValueChange {
                                issue: p.issue_ids[c.issue].clone(),
                                from: p.domain.issues[c.issue].values[c.from].clone(),
                                to: p.domain.issues[c.issue].values[c.to].clone(),
                                stated: Some(stated(&p.issue_ids[c.issue])),
                            })
                            .collect(),
                        wins: fail.clone(),
                        moved,
                    }),
                    None,
                ),
                Amendment::Impossible => (
                    None,
                    Some("no package at all is acceptable to every party".to_owned()),
                ),
                Amendment::NotFound { searched } => (
                    None,
                    Some(format!(
                        "none changing up to {searched} issues; the search stopped at {AMEND_BUDGET} packages"
                    )),
                ),
            };
            let prop = s.proposals.iter().find(|x| x.id == pr.id);
            let responses: Vec<StatedResponse> = prop
                .map(|x| {
                    x.responses
                        .iter()
                        .map(|resp| StatedResponse {
                            actor: resp.actor.id.clone(),
                            stance: resp.stance,
                        })
                        .collect()
                })
                .unwrap_or_default();
            for resp in &responses {
                let Some(k) = r.parties.iter().position(|x| *x == resp.actor) else {
                    continue;
                };
                let modelled = pr.gain[k] >= -TOLERANCE;
                let said = match resp.stance {
                    Stance::Accepts | Stance::Conditional => Some(true),
                    Stance::Rejects => Some(false),
                    Stance::Undecided => None,
                };
                if let Some(said) = said
                    && said != modelled
                {
                    caveats.push(
                        Caveat::new(
                            CaveatKind::StanceContradictsModel,
                            format!(
                                "{} {} {} by the sources, but the model has it {} ({} utility over no agreement): its positions, saliences or no-deal value may be off",
                                resp.actor,
                                if said { "accepts" } else { "rejects" },
                                pr.id,
                                if modelled { "better off" } else { "worse off" },
                                fmt_num((pr.gain[k] * 1000.0).round() / 1000.0)
                            ),
                        )
                        .actor(&resp.actor)
                        .proposal(&pr.id),
                    );
                }
            }
            ProposalFinding {
                id: pr.id.clone(),
                name: pr.name.clone(),
                by: pr.by.clone(),
                accept,
                fail,
                gains: pr.gain.clone(),
                fix,
                no_fix,
                responses,
            }
        })
        .collect()
}

// ---- what is stable ----------------------------------------------------------

fn stable(a: &Analysis) -> Option<Stable> {
    let st = a.stability.as_ref()?;
    let choices = |state: usize| -> Vec<OptionChoice> {
        let row = st.states.iter().find(|r| r.number == state);
        st.options
            .iter()
            .enumerate()
            .map(|(k, o)| OptionChoice {
                option: o.id.clone(),
                name: o.name.clone(),
                dm: o.dm.clone(),
                taken: row.is_some_and(|r| r.options.as_bytes().get(k) == Some(&b'Y')),
            })
            .collect()
    };
    let coalition_stable = |state: usize| st.coalitions.as_ref().map(|c| c.stable.contains(&state));
    let sq = st.status_quo.as_ref();
    let reached = |state: usize, concepts: &[SolutionConcept], moves: &[Move]| Reached {
        state,
        concepts: concepts.to_vec(),
        coalition_stable: coalition_stable(state),
        options: choices(state),
        moves: moves.to_vec(),
    };
    let mut reachable: Vec<Reached> = match sq {
        Some(sq) => sq
            .reachable
            .iter()
            .filter(|p| !p.equilibrium.is_empty())
            .map(|p| reached(p.state, &p.equilibrium, &p.moves))
            .collect(),
        None => st
            .states
            .iter()
            .filter(|r| !r.equilibrium.is_empty())
            .map(|r| reached(r.number, &r.equilibrium, &[]))
            .collect(),
    };
    reachable.sort_by(|x, y| {
        y.concepts
            .len()
            .cmp(&x.concepts.len())
            .then(x.moves.len().cmp(&y.moves.len()))
            .then(x.state.cmp(&y.state))
    });
    let reachable_total = reachable.len();
    reachable.truncate(STABLE_LISTED);
    let coalitions = st
        .coalitions
        .as_ref()
        .filter(|_| sq.is_some())
        .map(|c| {
            // Each state once, by the first (smallest) coalition that
            // reaches it, and only where no one reaches it alone.
            let mut seen: Vec<usize> = reachable.iter().map(|r| r.state).collect();
            c.from_status_quo
                .iter()
                .filter(|m| {
                    let fresh = !seen.contains(&m.to);
                    seen.push(m.to);
                    fresh
                })
                .map(|m: &CoalitionMove| CoalitionReach {
                    members: m.members.clone(),
                    state: m.to,
                    options: choices(m.to),
                    stable: c.stable.contains(&m.to),
                })
                .collect()
        })
        .unwrap_or_default();
    Some(Stable {
        concepts: st.concepts.clone(),
        status_quo: sq.map(|q| q.state),
        status_quo_options: sq.map(|q| choices(q.state)).unwrap_or_default(),
        reachable,
        reachable_total,
        coalitions,
    })
}

// ---- what rests on what -------------------------------------------------------

/// Whether a quote supports the position's value: a position marked as an
/// analyst estimate is not quoted, whatever context its quotes give.
fn quoted(p: &detente_scenario::model::Position) -> bool {
    !p.evidence.quotes.is_empty() && !p.evidence.estimate
}

/// The forecast models' settlement on one problem, as the landings read
/// it (plain forecasts; the Monte Carlo band reads draws the same way).
fn settlement_on(prob: &Problem, o: &ForecastOptions, options: Option<usize>) -> Option<f64> {
    let xs: Vec<f64> = o
        .chosen()
        .iter()
        .filter(|m| m.scope() == Scope::Issue)
        .filter_map(|m| m.forecast(prob, &o.params).ok())
        .filter_map(|f| f.first().copied())
        .collect();
    settle(&xs, options)
}

fn landing_basis(
    s: &Scenario,
    subjects: &[crate::forecast::Subject],
    l: &Landing,
    o: &ForecastOptions,
) -> Basis {
    let positions: Vec<&detente_scenario::model::Position> = s
        .positions
        .iter()
        .filter(|p| p.issue.id == l.issue)
        .collect();
    let weight =
        |p: &detente_scenario::model::Position| s.actors[p.actor.index].capability * p.salience;
    let total: f64 = positions.iter().map(|p| weight(p)).sum();
    let quoted_w: f64 = positions
        .iter()
        .filter(|p| quoted(p))
        .map(|p| weight(p))
        .sum();
    let subject = subjects.iter().find(|x| x.id == l.issue);
    let pivot = subject.and_then(|sub| {
        let u = &sub.uncertain;
        let base_p = &u.problem;
        let options = l.scale.options.as_ref().map(Vec::len);
        let base = settlement_on(base_p, o, options)?;
        let (min, max) = (l.scale.min, l.scale.max);
        // Every input with a stated uncertainty, moved down and up.
        let mut moves: Vec<(PivotInput, usize, f64, Problem)> = Vec::new();
        for (i, a) in base_p.actors.iter().enumerate() {
            let mut push = |kind: PivotInput,
                            sd: f64,
                            set: &dyn Fn(&mut Problem, f64),
                            now: f64,
                            lo: f64,
                            hi: f64| {
                if sd > 0.0 {
                    for to in [now - sd, now + sd] {
                        let to = to.clamp(lo, hi);
                        let mut q = base_p.clone();
                        set(&mut q, to);
                        moves.push((kind, i, to, q));
                    }
                }
            };
            push(
                PivotInput::Position,
                u.position_sd[i][0],
                &|q, v| q.actors[i].position[0] = v,
                a.position[0],
                min,
                max,
            );
            push(
                PivotInput::Salience,
                u.salience_sd[i][0],
                &|q, v| q.actors[i].salience[0] = v,
                a.salience[0],
                1e-6,
                1.0,
            );
            push(
                PivotInput::Capability,
                u.capability_sd[i],
                &|q, v| q.actors[i].capability = v,
                a.capability,
                a.capability * 1e-6,
                f64::INFINITY,
            );
        }
        let effects: Vec<(usize, f64)> = moves
            .par_iter()
            .enumerate()
            .filter_map(|(k, (_, _, _, q))| {
                settlement_on(q, o, options).map(|x| (k, (x - base).abs() / l.scale.width()))
            })
            .collect();
        let (k, effect) = effects
            .into_iter()
            .fold(None::<(usize, f64)>, |b, (k, e)| match b {
                Some((_, be)) if be >= e => b,
                _ => Some((k, e)),
            })?;
        if effect <= 1e-12 {
            return None;
        }
        let (kind, i, to, _) = &moves[k];
        let a = &base_p.actors[*i];
        Some(Pivot {
            input: *kind,
            actor: sub.actor_ids[*i].clone(),
            issue: (*kind != PivotInput::Capability).then(|| l.issue.clone()),
            from: match kind {
                PivotInput::Position => a.position[0],
                PivotInput::Salience => a.salience[0],
                _ => a.capability,
            },
            to: *to,
            effect,
            still_acceptable: None,
        })
    });
    Basis {
        conclusion: Conclusion::Landing {
            issue: l.issue.clone(),
        },
        quoted: if total > 0.0 { quoted_w / total } else { 0.0 },
        pivot,
    }
}

/// The share of the parties' deciding weight that quotes support, over
/// the issues `on` names: each party's saliences as shares of its total
/// (its utility weights).
fn quoted_share(s: &Scenario, p: &packages::Problem, on: &dyn Fn(&str) -> bool) -> f64 {
    let mut total = 0.0;
    let mut quoted_w = 0.0;
    for id in &p.party_ids {
        let mine: Vec<&detente_scenario::model::Position> = s
            .positions
            .iter()
            .filter(|x| x.actor.id == *id && p.issue_ids.contains(&x.issue.id))
            .collect();
        let sum: f64 = mine.iter().map(|x| x.salience).sum();
        if sum <= 0.0 {
            continue;
        }
        for x in mine.into_iter().filter(|x| on(&x.issue.id)) {
            total += x.salience / sum;
            if quoted(x) {
                quoted_w += x.salience / sum;
            }
        }
    }
    if total > 0.0 { quoted_w / total } else { 0.0 }
}

/// An input of the parties' utilities moved by one stated standard
/// deviation: which, whose, on what, from and to, and the inputs with it.
struct InputMove {
    kind: PivotInput,
    actor: String,
    issue: Option<String>,
    from: f64,
    to: f64,
    inputs: Inputs,
}

/// Every input of the packages' utilities with a stated uncertainty, moved
/// down and up: the parties' positions and saliences on the packages
/// issues, and their reservation values.
fn input_moves(s: &Scenario, p: &packages::Problem) -> Vec<InputMove> {
    let stated = Inputs::stated(s);
    let mut moves = Vec::new();
    for (i, x) in s.positions.iter().enumerate() {
        if !p.party_ids.contains(&x.actor.id) || !p.issue_ids.contains(&x.issue.id) {
            continue;
        }
        let (lo, hi) = match &s.issues[x.issue.index].kind {
            IssueKind::Scale { min, max, .. } => (*min, *max),
            IssueKind::Options { options } => (0.0, (options.len() - 1) as f64),
        };
        for (kind, sd, now, lo, hi) in [
            (PivotInput::Position, x.at_sd, stated.at[i], lo, hi),
            (
                PivotInput::Salience,
                x.salience_sd,
                stated.salience[i],
                1e-6,
                1.0,
            ),
        ] {
            if sd <= 0.0 {
                continue;
            }
            for to in [now - sd, now + sd] {
                let to = to.clamp(lo, hi);
                let mut inp = stated.clone();
                match kind {
                    PivotInput::Position => inp.at[i] = to,
                    _ => inp.salience[i] = to,
                }
                // Options are numbered from 1 in what the brief reports,
                // as `detente show` lists them.
                let shown = match (&s.issues[x.issue.index].kind, kind) {
                    (IssueKind::Options { .. }, PivotInput::Position) => 1.0,
                    _ => 0.0,
                };
                moves.push(InputMove {
                    kind,
                    actor: x.actor.id.clone(),
                    issue: Some(x.issue.id.clone()),
                    from: now + shown,
                    to: to + shown,
                    inputs: inp,
                });
            }
        }
    }
    if let Some(pk) = &s.packages {
        for (r, sd) in &pk.reservation_sd {
            let Some(k) = p.party_ids.iter().position(|x| *x == r.id) else {
                continue;
            };
            let now = p.domain.parties[k].reservation;
            for delta in [-sd, *sd] {
                let mut inp = stated.clone();
                inp.reservation_shift[k] = delta;
                moves.push(InputMove {
                    kind: PivotInput::Reservation,
                    actor: r.id.clone(),
                    issue: None,
                    from: now,
                    to: now + delta,
                    inputs: inp,
                });
            }
        }
    }
    moves
}

fn deal_basis(
    s: &Scenario,
    p: &packages::Problem,
    d: &Deal,
    budget: &crate::budget::Budget,
) -> Basis {
    let base: Vec<String> = d.package.iter().map(|v| v.value.clone()).collect();
    let stop = || budget.is_spent();
    let nash_of = |inputs: &Inputs| -> Option<(Vec<String>, bool)> {
        if stop() {
            return None;
        }
        let q = packages::problem_with(s, inputs).ok()?;
        let f = detente_bargain::frontier::frontier_until(
            &q.domain,
            false,
            q.budget.frontier_vectors,
            &stop,
        );
        let res = q.domain.reservations();
        let ones = vec![1.0; q.domain.parties.len()];
        let sol = solutions::nash(&f, &res, &ones);
        let base_outcome: Option<Vec<usize>> = base
            .iter()
            .zip(&q.domain.issues)
            .map(|(v, i)| i.values.iter().position(|x| x == v))
            .collect();
        let still = base_outcome.is_some_and(|o| acceptable(&q, &o));
        let o = sol.points.first()?.outcomes.first()?.clone();
        Some((q.domain.describe(&o), still))
    };
    let moves = input_moves(s, p);
    let results: Vec<Option<(usize, bool)>> = moves
        .par_iter()
        .map(|m| {
            nash_of(&m.inputs)
                .map(|(pkg, still)| (pkg.iter().zip(&base).filter(|(a, b)| a != b).count(), still))
        })
        .collect();
    let best = results
        .iter()
        .enumerate()
        .filter_map(|(k, r)| r.map(|r| (k, r)))
        // Most issues changed; on a tie, one that breaks acceptance.
        .fold(None::<(usize, (usize, bool))>, |b, (k, r)| match b {
            Some((_, br)) if (br.0, !br.1) >= (r.0, !r.1) => b,
            _ => Some((k, r)),
        });
    let pivot = best
        .filter(|(_, (changed, still))| *changed > 0 || !still)
        .map(|(k, (changed, still))| {
            let m = &moves[k];
            Pivot {
                input: m.kind,
                actor: m.actor.clone(),
                issue: m.issue.clone(),
                from: m.from,
                to: m.to,
                effect: changed as f64,
                still_acceptable: Some(still),
            }
        });
    Basis {
        conclusion: Conclusion::Deal,
        quoted: quoted_share(s, p, &|_| true),
        pivot,
    }
}

/// What a proposal's verdict (who accepts it) rests on: the quoted share of
/// the parties' weight on the issues it states, and the input whose move
/// changes the verdict of the most parties.
fn proposal_basis(s: &Scenario, p: &packages::Problem, id: &str, outcome: &[usize]) -> Basis {
    let stated: Vec<String> = s
        .proposals
        .iter()
        .find(|x| x.id == id)
        .map(|x| x.values.iter().map(|v| v.issue.id.clone()).collect())
        .unwrap_or_default();
    let verdicts = |q: &packages::Problem| -> Vec<bool> {
        q.domain
            .utilities(outcome)
            .iter()
            .zip(&q.domain.parties)
            .map(|(u, party)| *u >= party.reservation - TOLERANCE)
            .collect()
    };
    let base = verdicts(p);
    let moves = input_moves(s, p);
    let flips: Vec<usize> = moves
        .par_iter()
        .map(|m| {
            packages::problem_with(s, &m.inputs).map_or(0, |q| {
                verdicts(&q)
                    .iter()
                    .zip(&base)
                    .filter(|(a, b)| a != b)
                    .count()
            })
        })
        .collect();
    let best = flips
        .iter()
        .enumerate()
        .fold(None::<(usize, usize)>, |b, (k, &n)| match b {
            Some((_, bn)) if bn >= n => b,
            _ => Some((k, n)),
        })
        .filter(|(_, n)| *n > 0);
    Basis {
        conclusion: Conclusion::Proposal {
            proposal: id.to_owned(),
        },
        quoted: quoted_share(s, p, &|issue| stated.iter().any(|x| x == issue)),
        pivot: best.map(|(k, n)| {
            let m = &moves[k];
            Pivot {
                input: m.kind,
                actor: m.actor.clone(),
                issue: m.issue.clone(),
                from: m.from,
                to: m.to,
                effect: n as f64,
                still_acceptable: None,
            }
        }),
    }
}

// ---- caveats on the inputs alone ------------------------------------------------

fn input_caveats(s: &Scenario, a: &Analysis, caveats: &mut Vec<Caveat>) {
    // Utilities given per value ([[packages.utility]], as GENIUS imports
    // have) stand in for positions.
    let given = |f: &dyn Fn(&detente_scenario::model::PackageUtility) -> bool| {
        s.packages
            .as_ref()
            .is_some_and(|pk| pk.utility.iter().any(f))
    };
    // A conflict model whose issues only mirror its options (as a GMCR+
    // file imports) is not missing positions: it has none to give, and the
    // lenses that need them say they did not run.
    let mirrors_conflict = s.conflict.as_ref().is_some_and(|c| {
        s.issues
            .iter()
            .all(|i| c.options.iter().any(|o| o.id == i.id))
    });
    if s.positions.is_empty() && mirrors_conflict && !given(&|_| true) {
        return;
    }
    for (k, issue) in s.issues.iter().enumerate() {
        let n = s.positions.iter().filter(|p| p.issue.index == k).count();
        if n == 0 && given(&|u| u.issue.index == k) {
            continue;
        }
        if n == 0 {
            caveats.push(
                Caveat::new(
                    CaveatKind::IssueWithoutPositions,
                    format!(
                        "no actor holds a position on {}: no lens can say where it lands, and packages leave it out",
                        issue.id
                    ),
                )
                .issue(&issue.id),
            );
        } else if n == 1 {
            let who = s
                .positions
                .iter()
                .find(|p| p.issue.index == k)
                .map(|p| p.actor.id.clone())
                .unwrap_or_default();
            caveats.push(
                Caveat::new(
                    CaveatKind::SingleActorIssue,
                    format!(
                        "only {who} holds a position on {}: its \"forecast\" is that position, not a result",
                        issue.id
                    ),
                )
                .issue(&issue.id)
                .actor(&who),
            );
        }
    }
    let parties: Vec<String> = match a.packages.as_ref() {
        Some(r) => r.parties.clone(),
        None => s
            .actors
            .iter()
            .filter(|x| x.role == Role::Party)
            .map(|x| x.id.clone())
            .collect(),
    };
    for id in &parties {
        if !s.positions.iter().any(|p| p.actor.id == *id) && !given(&|u| u.party.id == *id) {
            caveats.push(
                Caveat::new(
                    CaveatKind::PartyWithoutPositions,
                    format!(
                        "{id} is a party but holds no position on any issue: its utility is undefined, so no bargaining solution can weigh it"
                    ),
                )
                .actor(id),
            );
        }
    }
    for actor in s
        .actors
        .iter()
        .filter(|x| x.represented_by.is_some() && x.role == Role::Party)
    {
        let by = actor
            .represented_by
            .as_ref()
            .map(|r| r.id.clone())
            .unwrap_or_default();
        let mut missing = Vec::new();
        if a.packages.is_some() && !parties.contains(&actor.id) {
            missing.push("the packages parties");
        }
        if let Some(c) = &s.conflict
            && !c.dms.iter().any(|d| d.id == actor.id)
        {
            missing.push("the conflict's decision makers");
        }
        if !s.positions.iter().any(|p| p.actor.id == actor.id) {
            missing.push("the positions");
        }
        if !missing.is_empty() {
            caveats.push(
                Caveat::new(
                    CaveatKind::RelayedPartyLeftOut,
                    format!(
                        "{} is represented by {by} and is not among {}: what it wants enters only as {by} relays it",
                        actor.id,
                        missing.join(" or ")
                    ),
                )
                .actor(&actor.id),
            );
        }
    }
}
