//! The validated scenario that every lens reads.
//!
//! Ids are resolved: a reference is a [`Ref`] holding the index into the
//! scenario's list (for lenses) and the id (for people and JSON). Values are
//! checked against their issue. A `Scenario` exists only when validation
//! found no error, so lenses need no defensive checks of their own.

use serde::Serialize;

use crate::date::Date;
use crate::format::{ClaimValue, OptionDirection, PointStatus, Qualifier, Role, Stance, Track};
use crate::spanned::Span;

/// A resolved reference to an actor, issue or source. Serializes as the id.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ref {
    pub index: usize,
    pub id: String,
}

impl Serialize for Ref {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.id)
    }
}

/// A reference is written as the id it names.
impl schemars::JsonSchema for Ref {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Ref".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({ "type": "string", "description": "the id of an actor, issue or other element of the scenario" })
    }
}

#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct Scenario {
    pub id: String,
    pub title: String,
    pub as_of: Date,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    pub sources: Vec<Source>,
    pub actors: Vec<Actor>,
    pub issues: Vec<Issue>,
    pub positions: Vec<Position>,
    pub proposals: Vec<Proposal>,
    pub frameworks: Vec<Framework>,
    pub claims: Vec<Claim>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub conflict: Option<Conflict>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub packages: Option<Packages>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub geometry: Option<Geometry>,
    /// The brief's thresholds (defaults where the file gives none).
    pub brief: BriefSettings,
    /// What the analysis may spend: the defaults, the file's `[budget]`
    /// and the command's `--budget`.
    pub budget: crate::budget::Limits,
}

/// The thresholds of the brief's caveats, from `[brief]`; see
/// [`crate::format::Brief`] for what each means.
#[derive(Clone, Debug, PartialEq, Serialize, schemars::JsonSchema)]
pub struct BriefSettings {
    pub agree: f64,
    pub settled: f64,
    pub disagree: f64,
    pub wide: f64,
    pub little_at_stake: f64,
    pub few_issues: usize,
    pub estimates: f64,
    pub draws: usize,
}

impl Default for BriefSettings {
    fn default() -> Self {
        BriefSettings {
            agree: 0.10,
            settled: 0.01,
            disagree: 0.25,
            wide: 0.5,
            little_at_stake: 0.95,
            few_issues: 2,
            estimates: 0.5,
            draws: 1000,
        }
    }
}

/// The map layers (paths as written) and the zones, checked.
#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct Geometry {
    pub occupied: String,
    /// Actor ids of the two sides of the front, as the scenario names them.
    pub occupier: Option<String>,
    pub holder: Option<String>,
    pub date: Option<Date>,
    pub land: String,
    pub line: Option<String>,
    pub regions: Option<String>,
    pub region_id: String,
    pub region_name: String,
    pub settlements: Option<String>,
    /// (date, file) of earlier snapshots.
    pub earlier: Vec<(Date, String)>,
    pub attribution: Option<String>,
    pub zones: Vec<GeoZone>,
}

/// A side of the front: whose forces withdraw from a zone.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum ZoneSide {
    /// The side holding the land outside the occupied area.
    Holder,
    /// The side holding the occupied area.
    Occupier,
}

#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct GeoZone {
    pub id: String,
    pub name: String,
    pub kind: crate::format::ZoneKind,
    pub km: Option<f64>,
    pub side: Option<ZoneSide>,
    pub regions: Vec<String>,
    pub grey: bool,
    pub proposal: Option<String>,
    /// The issue value this zone stands for on the ground.
    pub issue: Option<(Ref, Value)>,
}

/// The bargaining view, checked: references resolved, values on their
/// issues, steps within their scales.
#[derive(Clone, Debug, Default, Serialize, schemars::JsonSchema)]
pub struct Packages {
    /// The parties, when given (else: actors with role `party`).
    pub parties: Option<Vec<Ref>>,
    pub no_deal: Vec<ProposalValue>,
    pub reservation: Vec<(Ref, f64)>,
    /// Standard deviation of each party's reservation value.
    pub reservation_sd: Vec<(Ref, f64)>,
    pub step: Vec<(Ref, f64)>,
    pub utility: Vec<PackageUtility>,
    pub evidence: Evidence,
}

/// One party's given utility contributions on one issue, by value.
#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct PackageUtility {
    pub party: Ref,
    pub issue: Ref,
    /// (value, contribution); for a scale issue the value is a number.
    pub values: Vec<(Value, f64)>,
    pub evidence: Evidence,
}

/// The graph-model view, checked: every option resolved, the feasible states
/// enumerated (numbered from 1 in increasing binary value, option k worth
/// 2^k, as GMCR+ numbers them) and every DM's payoff computed.
#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct Conflict {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Decision makers: the actors that control options, in order of their
    /// first option.
    pub dms: Vec<Ref>,
    pub options: Vec<ConflictOption>,
    /// Conjunctions of literals (option, chosen) that cannot hold.
    pub infeasible: Vec<Vec<(usize, bool)>>,
    /// Conditions whose states are merged into one (see `coalesce`).
    pub coalesce: Vec<Vec<(usize, bool)>>,
    /// States as option bit patterns (after merging, their representatives);
    /// state number = index + 1.
    pub states: Vec<u64>,
    /// Index of the status quo in `states`.
    pub status_quo: Option<usize>,
    /// One per DM, in the order of `dms`.
    pub preferences: Vec<ConflictPreference>,
}

impl Conflict {
    /// The conflict in the graph model's option form.
    pub fn option_form(&self) -> detente_gmcr::options::OptionForm {
        option_form(&self.dms, &self.options, &self.infeasible)
    }
}

/// Option form from resolved options (shared by validation and lenses).
pub(crate) fn option_form(
    dms: &[Ref],
    options: &[ConflictOption],
    infeasible: &[Vec<(usize, bool)>],
) -> detente_gmcr::options::OptionForm {
    use detente_gmcr::options::{Condition, Direction, OptionDef, OptionForm};
    OptionForm {
        dms: dms.iter().map(|d| d.id.clone()).collect(),
        options: options
            .iter()
            .map(|o| OptionDef {
                name: o.id.clone(),
                dm: o.dm_index,
                direction: match o.direction {
                    OptionDirection::Both => Direction::Both,
                    OptionDirection::OnlyTake => Direction::OnlyToYes,
                    OptionDirection::OnlyDrop => Direction::OnlyToNo,
                },
            })
            .collect(),
        infeasible: infeasible.iter().map(|c| Condition(c.clone())).collect(),
    }
}

#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct ConflictOption {
    pub id: String,
    pub name: String,
    pub dm: Ref,
    /// Index of the DM in `Conflict::dms`.
    pub dm_index: usize,
    pub direction: OptionDirection,
    pub evidence: Evidence,
}

#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct ConflictPreference {
    pub dm: Ref,
    /// The statements, most important first (empty for a ranking).
    pub statements: Vec<PreferenceStatement>,
    /// Payoff of each feasible state: higher preferred, equal tied.
    pub payoff: Vec<i64>,
    pub evidence: Evidence,
}

/// One option-prioritisation statement and the evidence given for it alone
/// (empty when the preference's evidence covers it).
#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct PreferenceStatement {
    pub text: String,
    pub evidence: Evidence,
}

#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct Source {
    pub id: String,
    /// Where the source's id stands in the scenario file.
    #[serde(skip)]
    pub span: Span,
    pub title: String,
    pub file: Option<String>,
    pub publisher: Option<String>,
    pub author: Option<String>,
    pub date: Option<Date>,
    pub url: Option<String>,
}

/// Where an input comes from: quotes, and/or an analyst's estimate.
#[derive(Clone, Debug, Default, Serialize, schemars::JsonSchema)]
pub struct Evidence {
    pub quotes: Vec<Quote>,
    /// True when an analyst estimated the input rather than a source stating it.
    pub estimate: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rationale: Option<String>,
}

#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct Quote {
    pub source: Ref,
    pub text: String,
    /// Where the quote stands in the scenario file.
    #[serde(skip)]
    pub span: Span,
}

#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct Actor {
    pub id: String,
    pub name: String,
    pub role: Role,
    pub capability: f64,
    /// Standard deviation of the capability, for Monte Carlo (0 = certain).
    pub capability_sd: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub represented_by: Option<Ref>,
    pub people: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    pub evidence: Evidence,
}

#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum IssueKind {
    Scale {
        min: f64,
        max: f64,
        unit: String,
        low: String,
        high: String,
    },
    Options {
        options: Vec<String>,
    },
}

#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct Issue {
    pub id: String,
    pub name: String,
    pub track: Track,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(flatten)]
    pub kind: IssueKind,
    pub evidence: Evidence,
}

impl Issue {
    /// The ends of the issue as numbers: the scale, or option indices.
    pub fn range(&self) -> (f64, f64) {
        match &self.kind {
            IssueKind::Scale { min, max, .. } => (*min, *max),
            IssueKind::Options { options } => (0.0, options.len().saturating_sub(1) as f64),
        }
    }

    /// How a value reads to a person: `45 EUR bn/year`, or the option label.
    pub fn describe(&self, value: &Value) -> String {
        match (value, &self.kind) {
            (Value::Number(x), IssueKind::Scale { unit, .. }) => format!("{} {unit}", fmt_num(*x)),
            (Value::Option { label, .. }, _) => label.clone(),
            (Value::Number(x), IssueKind::Options { .. }) => fmt_num(*x),
        }
    }
}

/// Formats a number without trailing zeros: 45, 0.95, 12.5.
pub fn fmt_num(x: f64) -> String {
    let s = format!("{x:.3}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" { "0".into() } else { s.into() }
}

/// A number with its unit, as people write it: `45 EUR bn/year`, `3.6 %`,
/// and a plural unit made singular for exactly one (`1 year`, not `1
/// years`; a unit of one word ending in `s`).
pub fn with_unit(n: &str, x: f64, unit: &str) -> String {
    if unit.is_empty() {
        return n.to_owned();
    }
    let one = (x - 1.0).abs() < 1e-12
        && unit.len() > 3
        && unit.ends_with('s')
        && !unit.ends_with("ss")
        && unit.chars().all(|c| c.is_alphabetic());
    if one {
        format!("{n} {}", &unit[..unit.len() - 1])
    } else {
        format!("{n} {unit}")
    }
}

/// A number as people write counts: without trailing zeros, and from
/// 1,000 up with its thousands grouped by commas (5,060; -12,345.5).
pub fn fmt_grouped(x: f64) -> String {
    let n = fmt_num(x);
    if x.abs() < 1000.0 {
        return n;
    }
    let (int, frac) = match n.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (n.as_str(), None),
    };
    let (sign, digits) = int.strip_prefix('-').map_or(("", int), |d| ("-", d));
    let mut out = String::from(sign);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if let Some(f) = frac {
        out.push('.');
        out.push_str(f);
    }
    out
}

/// A checked position or proposal value.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Number(f64),
    /// An option of a discrete issue: its index (0 = first) and label.
    Option {
        index: usize,
        label: String,
    },
}

impl Value {
    /// The value as a number: itself, or the option's index.
    pub fn as_f64(&self) -> f64 {
        match self {
            Value::Number(x) => *x,
            Value::Option { index, .. } => *index as f64,
        }
    }
}

impl Serialize for Value {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Value::Number(x) => s.serialize_f64(*x),
            Value::Option { label, .. } => s.serialize_str(label),
        }
    }
}

/// A value is a number on a scale issue, an option's label on an options
/// issue.
impl schemars::JsonSchema for Value {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Value".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": ["number", "string"],
            "description": "a number on a scale issue, or the label of an option"
        })
    }
}

#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct Position {
    pub actor: Ref,
    pub issue: Ref,
    pub at: Value,
    pub salience: f64,
    /// Standard deviation of `at` (scale units or option steps); 0 = certain.
    pub at_sd: f64,
    /// Standard deviation of the salience; 0 = certain.
    pub salience_sd: f64,
    pub evidence: Evidence,
}

#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct Proposal {
    pub id: String,
    pub name: String,
    pub by: Ref,
    pub date: Option<Date>,
    pub expires: Option<Date>,
    pub conditions: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    pub values: Vec<ProposalValue>,
    pub responses: Vec<Response>,
    pub evidence: Evidence,
}

#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct ProposalValue {
    pub issue: Ref,
    pub value: Value,
}

#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct Response {
    pub actor: Ref,
    pub stance: Stance,
    pub evidence: Evidence,
}

#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct Framework {
    pub id: String,
    pub name: String,
    pub points_total: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    pub points: Vec<Point>,
    pub evidence: Evidence,
}

#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct Point {
    pub id: String,
    pub number: Option<u32>,
    pub title: String,
    pub status: PointStatus,
    pub issues: Vec<Ref>,
    pub evidence: Evidence,
}

#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct Claim {
    pub id: String,
    pub quantity: String,
    pub value: ClaimValue,
    pub unit: String,
    pub qualifier: Qualifier,
    pub tolerance: f64,
    pub quote: Quote,
    /// Where the claimed value stands in the scenario file.
    #[serde(skip)]
    pub span: Span,
}

impl Claim {
    /// The interval of true values the claim allows, given its qualifier.
    ///
    /// `approximately v` allows v·(1 ± tol); `nearly v` allows [v·(1 − tol), v];
    /// `at-least v` allows [v, ∞); `at-most v` allows (−∞, v]. A range
    /// [lo, hi] widens the same way at each end.
    pub fn interval(&self) -> (f64, f64) {
        let (lo, hi) = match self.value {
            ClaimValue::Number(v) => (v, v),
            ClaimValue::Range(lo, hi) => (lo, hi),
        };
        let t = self.tolerance;
        match self.qualifier {
            Qualifier::Exact => (lo, hi),
            Qualifier::Approximately => (lo - lo.abs() * t, hi + hi.abs() * t),
            Qualifier::Nearly => (lo - lo.abs() * t, hi),
            Qualifier::AtLeast => (lo, f64::INFINITY),
            Qualifier::AtMost => (f64::NEG_INFINITY, hi),
        }
    }

    /// The claim as a person would say it: `nearly 3 years`.
    pub fn describe(&self) -> String {
        let v = match self.value {
            ClaimValue::Number(v) => fmt_num(v),
            ClaimValue::Range(lo, hi) => format!("{}–{}", fmt_num(lo), fmt_num(hi)),
        };
        let q = match self.qualifier {
            Qualifier::Exact => "",
            Qualifier::Approximately => "about ",
            Qualifier::Nearly => "nearly ",
            Qualifier::AtLeast => "at least ",
            Qualifier::AtMost => "at most ",
        };
        format!("{q}{v} {}", self.unit)
    }
}

impl Scenario {
    pub fn actor(&self, id: &str) -> Option<&Actor> {
        self.actors.iter().find(|a| a.id == id)
    }

    pub fn issue(&self, id: &str) -> Option<&Issue> {
        self.issues.iter().find(|i| i.id == id)
    }
}
