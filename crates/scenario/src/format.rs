//! The scenario file as a user writes it: one type per TOML table.
//!
//! These types are the single description of the format. Serde reads them
//! (element by element, see [`crate::parse`]) and `schemars` derives the JSON
//! Schema in `docs/scenario.schema.json` from them, so the documentation and
//! the parser cannot drift apart: a test regenerates the schema and compares.
//!
//! Everything a later check must point at is [`Spanned`]. Semantic rules
//! (references, ranges, units) are not here but in [`crate::validate`], which
//! turns a [`Document`] into a [`crate::Scenario`].

use std::collections::BTreeMap;
use std::fmt;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::de::{self, Deserializer, SeqAccess, Visitor};
use serde::{Deserialize, Serialize};

use crate::date::Date;
use crate::spanned::Spanned;

/// A detente scenario: one negotiation, its sources, actors, issues,
/// positions, proposals, framework plans and sourced claims.
#[derive(Debug, Default, Serialize, JsonSchema)]
#[schemars(title = "detente scenario", deny_unknown_fields)]
pub struct Document {
    /// What the scenario is and the date it describes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scenario: Option<Meta>,
    /// The texts that evidence quotes and claims cite.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub source: Vec<Source>,
    /// Everyone with a stake or a hand in the negotiation.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub actor: Vec<Actor>,
    /// The questions being negotiated.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub issue: Vec<Issue>,
    /// Where an actor stands on an issue and how much it cares.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub position: Vec<Position>,
    /// Named packages put on the table.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub proposal: Vec<Proposal>,
    /// Framework plans (e.g. a 20-point plan) and the status of their points.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub framework: Vec<Framework>,
    /// Quantities the sources state, checked against each other.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub claim: Vec<Claim>,
    /// The graph-model view of the negotiation, for the stability lens.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub conflict: Option<Conflict>,
    /// The bargaining view, for the packages lens.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub packages: Option<Packages>,
    /// Map layers and proposal zones, for the geometry lens.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub geometry: Option<Geometry>,
    /// Thresholds of the brief's caveats (every key optional).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub brief: Option<Brief>,
    /// Limits of what the analysis may spend (every key optional).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub budget: Option<Budget>,
}

/// The top-level keys of a scenario, in the order the format documents them.
pub const SECTIONS: [&str; 13] = [
    "scenario",
    "source",
    "actor",
    "issue",
    "position",
    "proposal",
    "framework",
    "claim",
    "conflict",
    "packages",
    "geometry",
    "brief",
    "budget",
];

/// `[scenario]`: identity of the scenario.
#[derive(Debug, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Meta {
    /// Short identifier, e.g. `berlin-2025-12`.
    pub id: Spanned<String>,
    pub title: String,
    /// The date the scenario describes: positions are as of this day.
    pub as_of: Spanned<Date>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// `[[source]]`: a text that evidence cites. The text itself is not copied
/// into the scenario; `detente check --sources DIR` reads `DIR/<file>`.
#[derive(Debug, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Source {
    pub id: Spanned<String>,
    pub title: String,
    /// File name of the text, relative to the sources directory.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file: Option<Spanned<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub publisher: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub author: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<Spanned<Date>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

/// What an actor is in the negotiation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Role {
    /// A side whose agreement the outcome needs.
    Party,
    /// Brokers or hosts the talks.
    Mediator,
    /// Would guarantee or fund the outcome.
    Guarantor,
    /// Present or consulted, without a veto.
    Observer,
}

/// Broad area an issue belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Track {
    Political,
    Military,
    Security,
    Economic,
    Legal,
    Humanitarian,
}

/// `[[actor]]`
#[derive(Debug, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Actor {
    pub id: Spanned<String>,
    pub name: String,
    pub role: Spanned<Role>,
    /// Relative influence on the outcome; any positive scale, shared by all
    /// actors of the scenario.
    pub capability: Spanned<f64>,
    /// For an absent actor: the actor who relays its positions.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub represented_by: Option<Spanned<String>>,
    /// Named people acting for this actor.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub people: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uncertainty: Option<ActorUncertainty>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<Quote>,
    /// Why the capability (or anything else not quoted) has the value it has.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rationale: Option<String>,
}

/// Standard deviation of an actor's uncertain inputs, for Monte Carlo.
#[derive(Debug, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ActorUncertainty {
    pub capability: Spanned<f64>,
}

/// `[[issue]]`: give either `scale` or `options`.
#[derive(Debug, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Issue {
    pub id: Spanned<String>,
    pub name: String,
    pub track: Spanned<Track>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// A continuous scale.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scale: Option<Spanned<Scale>>,
    /// An ordered list of discrete options, first to last.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub options: Option<Spanned<Vec<Spanned<String>>>>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<Quote>,
}

/// A continuous issue scale from `min` (labelled `low`) to `max` (`high`).
#[derive(Debug, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Scale {
    pub min: Spanned<f64>,
    pub max: Spanned<f64>,
    pub unit: String,
    /// What the `min` end means.
    pub low: String,
    /// What the `max` end means.
    pub high: String,
}

/// `[[position]]`: one actor on one issue.
#[derive(Debug, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Position {
    pub actor: Spanned<String>,
    pub issue: Spanned<String>,
    /// A number on the issue's scale, or one of its option labels.
    pub at: Spanned<Value>,
    /// How much the actor cares about this issue, 0 (not at all) to 1 (above all).
    pub salience: Spanned<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uncertainty: Option<PositionUncertainty>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<Quote>,
    /// `"analyst"` when no source states the position; then give a `rationale`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub estimate: Option<Spanned<Estimate>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rationale: Option<String>,
}

/// Who estimated an input that no source states.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Estimate {
    Analyst,
}

/// Standard deviations of a position's uncertain inputs, for Monte Carlo.
/// `at` is in scale units, or in option steps for an options issue.
#[derive(Debug, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PositionUncertainty {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at: Option<Spanned<f64>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub salience: Option<Spanned<f64>>,
}

/// A verbatim passage of a source supporting an input. `...` or `…` inside
/// the quote skips text: each fragment must appear, in order.
#[derive(Debug, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Quote {
    pub source: Spanned<String>,
    pub quote: Spanned<String>,
}

/// `[[proposal]]`: a named package someone tabled.
#[derive(Debug, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Proposal {
    pub id: Spanned<String>,
    pub name: String,
    /// The actor who tabled it.
    pub by: Spanned<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<Spanned<Date>>,
    /// Last day the offer stands, when a date is known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires: Option<Spanned<Date>>,
    /// Conditions attached, e.g. `"time-limited"`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub conditions: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Issue id = value the proposal puts on that issue.
    #[serde(default)]
    pub values: BTreeMap<Spanned<String>, Spanned<Value>>,
    /// How other actors received it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub response: Vec<Response>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<Quote>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rationale: Option<String>,
}

/// An actor's reaction to a proposal.
#[derive(Debug, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Response {
    pub actor: Spanned<String>,
    pub stance: Spanned<Stance>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<Quote>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rationale: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Stance {
    Accepts,
    Conditional,
    Undecided,
    Rejects,
}

/// `[[framework]]`: a plan made of points, e.g. a 20-point framework.
#[derive(Debug, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Framework {
    pub id: Spanned<String>,
    pub name: String,
    /// How many points the plan has in all, when known (points may be
    /// listed only as far as the sources describe them).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub points_total: Option<Spanned<u32>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<Quote>,
    #[serde(default)]
    pub point: Vec<Point>,
}

/// `[[framework.point]]`
#[derive(Debug, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Point {
    pub id: Spanned<String>,
    /// Its number in the plan, when the sources give it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub number: Option<Spanned<u32>>,
    pub title: String,
    pub status: Spanned<PointStatus>,
    /// Issues this point settles or touches.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub issues: Vec<Spanned<String>>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<Quote>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rationale: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum PointStatus {
    Agreed,
    Open,
    Disputed,
}

/// `[[claim]]`: a quantity a source states. Claims about the same `quantity`
/// are compared; ones that cannot all be true are reported as contradictions.
#[derive(Debug, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Claim {
    /// Optional id; defaults to `<quantity>#<n>`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<Spanned<String>>,
    /// What is measured, e.g. `war-duration`; the key claims are grouped by.
    pub quantity: Spanned<String>,
    /// A number, or `[low, high]` for a stated range.
    pub value: Spanned<ClaimValue>,
    pub unit: Spanned<String>,
    /// How the source hedges the number; default `exact`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub qualifier: Option<Spanned<Qualifier>>,
    /// Relative tolerance for `approximately` and `nearly` (default 0.1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tolerance: Option<Spanned<f64>>,
    pub source: Spanned<String>,
    pub quote: Spanned<String>,
}

/// How a source hedges a number; decides the interval a claim allows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Qualifier {
    /// Exactly the value (or within the stated range).
    Exact,
    /// Within the tolerance either side ("about", "roughly", "some").
    Approximately,
    /// Just under the value, within the tolerance ("nearly", "almost").
    Nearly,
    /// The value or more ("at least", "over").
    AtLeast,
    /// The value or less ("up to", "at most").
    AtMost,
}

/// A position or proposal value: a number on a scale, or an option label.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Value {
    Number(f64),
    Label(String),
}

struct ValueVisitor;

impl<'de> Visitor<'de> for ValueVisitor {
    type Value = Value;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a number on the issue's scale or one of its option labels")
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Value, E> {
        Ok(Value::Number(v as f64))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Value, E> {
        Ok(Value::Number(v as f64))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Value, E> {
        Ok(Value::Number(v))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Value, E> {
        Ok(Value::Label(v.to_owned()))
    }
}

impl<'de> Deserialize<'de> for Value {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Value, D::Error> {
        d.deserialize_any(ValueVisitor)
    }
}

impl JsonSchema for Value {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Value".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "A number on the issue's scale, or one of its option labels.",
            "type": ["number", "string"]
        })
    }
}

/// A claimed number, or a `[low, high]` range.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
#[serde(untagged)]
pub enum ClaimValue {
    Number(f64),
    Range(f64, f64),
}

struct ClaimValueVisitor;

impl<'de> Visitor<'de> for ClaimValueVisitor {
    type Value = ClaimValue;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a number or a range [low, high]")
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<ClaimValue, E> {
        Ok(ClaimValue::Number(v as f64))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<ClaimValue, E> {
        Ok(ClaimValue::Number(v as f64))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<ClaimValue, E> {
        Ok(ClaimValue::Number(v))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<ClaimValue, A::Error> {
        let lo: f64 = seq
            .next_element()?
            .ok_or_else(|| de::Error::invalid_length(0, &self))?;
        let hi: f64 = seq
            .next_element()?
            .ok_or_else(|| de::Error::invalid_length(1, &self))?;
        if seq.next_element::<de::IgnoredAny>()?.is_some() {
            return Err(de::Error::invalid_length(3, &self));
        }
        Ok(ClaimValue::Range(lo, hi))
    }
}

impl<'de> Deserialize<'de> for ClaimValue {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<ClaimValue, D::Error> {
        d.deserialize_any(ClaimValueVisitor)
    }
}

impl JsonSchema for ClaimValue {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "ClaimValue".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "A number, or a range [low, high].",
            "oneOf": [
                { "type": "number" },
                { "type": "array", "items": { "type": "number" }, "minItems": 2, "maxItems": 2 }
            ]
        })
    }
}

/// `[conflict]`: decision makers, the options each controls, which
/// combinations cannot happen, the status quo, and each DM's preferences
/// (Graph Model for Conflict Resolution, option form).
#[derive(Debug, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Conflict {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Ids of the options chosen at the status quo; the others are not.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status_quo: Option<Spanned<Vec<Spanned<String>>>>,
    #[serde(default)]
    pub option: Vec<ConflictOption>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub infeasible: Vec<Infeasible>,
    /// Groups of states to treat as one (e.g. every state after one side
    /// abandons).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub coalesce: Vec<Coalesce>,
    #[serde(default)]
    pub preference: Vec<Preference>,
}

/// `[[conflict.coalesce]]`: all feasible states where these literals hold
/// (`id` chosen, `-id` not chosen) become one state, represented by its
/// member of lowest binary value (which gives its label and payoffs).
#[derive(Debug, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Coalesce {
    pub all: Spanned<Vec<Spanned<String>>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rationale: Option<String>,
}

/// `[[conflict.option]]`: a yes/no choice controlled by one actor.
#[derive(Debug, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ConflictOption {
    pub id: Spanned<String>,
    pub name: String,
    /// The actor (decision maker) who controls the option.
    pub dm: Spanned<String>,
    /// Which way the option may change; default `both`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub direction: Option<Spanned<OptionDirection>>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<Quote>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rationale: Option<String>,
}

/// Which way a conflict option may change.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum OptionDirection {
    /// Taken and dropped freely.
    Both,
    /// Can be taken but not dropped (irreversible, e.g. an attack).
    OnlyTake,
    /// Can be dropped but not taken again.
    OnlyDrop,
}

/// `[[conflict.infeasible]]`: give exactly one of `exclusive`,
/// `at_least_one` or `all`.
#[derive(Debug, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Infeasible {
    /// At most one of these options may be chosen.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exclusive: Option<Spanned<Vec<Spanned<String>>>>,
    /// At least one of these options must be chosen.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at_least_one: Option<Spanned<Vec<Spanned<String>>>>,
    /// These literals cannot all hold at once (`id` chosen, `-id` not chosen).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub all: Option<Spanned<Vec<Spanned<String>>>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rationale: Option<String>,
}

/// `[[conflict.preference]]`: one DM's preferences, as option-prioritisation
/// `statements` (most important first) or as an explicit `ranking` of state
/// numbers (most preferred first; a list inside the list is a tie).
#[derive(Debug, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Preference {
    pub dm: Spanned<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub statements: Option<Spanned<Vec<Spanned<StatementEntry>>>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ranking: Option<Spanned<Vec<Spanned<RankEntry>>>>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<Quote>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub estimate: Option<Spanned<Estimate>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rationale: Option<String>,
}

/// One option-prioritisation statement: its text, or a table giving the
/// text with its own evidence (`{ statement = "-withdraw", evidence = [...] }`).
#[derive(Debug, Serialize)]
#[serde(untagged)]
pub enum StatementEntry {
    Text(String),
    Sourced(SourcedStatement),
}

/// A statement with the evidence for it, like any position.
#[derive(Debug, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SourcedStatement {
    pub statement: Spanned<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<Quote>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub estimate: Option<Spanned<Estimate>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rationale: Option<String>,
}

struct StatementEntryVisitor;

impl<'de> Visitor<'de> for StatementEntryVisitor {
    type Value = StatementEntry;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a statement string, or a table with `statement` and `evidence`")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<StatementEntry, E> {
        Ok(StatementEntry::Text(v.to_owned()))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<StatementEntry, E> {
        Ok(StatementEntry::Text(v))
    }
    fn visit_map<A: de::MapAccess<'de>>(self, map: A) -> Result<StatementEntry, A::Error> {
        SourcedStatement::deserialize(de::value::MapAccessDeserializer::new(map))
            .map(StatementEntry::Sourced)
    }
}

impl<'de> Deserialize<'de> for StatementEntry {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<StatementEntry, D::Error> {
        d.deserialize_any(StatementEntryVisitor)
    }
}

impl JsonSchema for StatementEntry {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "StatementEntry".into()
    }
    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let sourced = generator.subschema_for::<SourcedStatement>();
        json_schema!({
            "description": "An option-prioritisation statement, or a table giving it with its own evidence.",
            "oneOf": [
                { "type": "string" },
                sourced
            ]
        })
    }
}

/// One place of a ranking: a state number, or a list of tied states.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(untagged)]
pub enum RankEntry {
    State(i64),
    Tied(Vec<i64>),
}

struct RankEntryVisitor;

impl<'de> Visitor<'de> for RankEntryVisitor {
    type Value = RankEntry;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a state number or a list of tied state numbers")
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<RankEntry, E> {
        Ok(RankEntry::State(v))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<RankEntry, E> {
        Ok(RankEntry::State(i64::try_from(v).unwrap_or(i64::MAX)))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<RankEntry, A::Error> {
        let mut out = Vec::new();
        while let Some(x) = seq.next_element::<i64>()? {
            out.push(x);
        }
        Ok(RankEntry::Tied(out))
    }
}

impl<'de> Deserialize<'de> for RankEntry {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<RankEntry, D::Error> {
        d.deserialize_any(RankEntryVisitor)
    }
}

impl JsonSchema for RankEntry {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "RankEntry".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "A state number (from 1), or a list of tied state numbers.",
            "oneOf": [
                { "type": "integer", "minimum": 1 },
                { "type": "array", "items": { "type": "integer", "minimum": 1 } }
            ]
        })
    }
}

/// `[packages]`: the bargaining view (packages lens). Every key is
/// optional: parties default to the actors with role `party`; utilities
/// derive from positions and saliences unless given per value.
#[derive(Debug, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Packages {
    /// Actor ids of the parties whose agreement a deal needs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parties: Option<Spanned<Vec<Spanned<String>>>>,
    /// Issue id = the value if no agreement is reached (like a proposal's
    /// values). A party's reservation value is its utility for this
    /// package; on issues left out, no agreement gives it its worst value.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub no_deal: BTreeMap<Spanned<String>, Spanned<Value>>,
    /// Actor id = reservation value (utility of no agreement, 0–1),
    /// instead of the no-deal package's.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub reservation: BTreeMap<Spanned<String>, Spanned<f64>>,
    /// Actor id = standard deviation of its reservation value (utility,
    /// 0–1): how uncertain the value of no agreement is for that party. The
    /// brief's robustness draws use it, with the positions' and saliences'
    /// uncertainties.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub reservation_uncertainty: BTreeMap<Spanned<String>, Spanned<f64>>,
    /// Scale issue id = step at which the scale is discretised (default: a
    /// tenth of the scale).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub step: BTreeMap<Spanned<String>, Spanned<f64>>,
    /// Utilities given per value, instead of derived from positions.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub utility: Vec<PackageUtility>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<Quote>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rationale: Option<String>,
}

/// `[brief]`: the thresholds of the brief's caveats and agreement rules.
/// Shares are of the issue's scale (0–1); every key has a default.
#[derive(Debug, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Brief {
    /// Models agree when their forecasts lie within this share of the scale
    /// (default 0.10).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agree: Option<Spanned<f64>>,
    /// `model-oscillates`: an iterative model has settled when its last 3
    /// rounds lie within this share of the scale (default 0.01).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub settled: Option<Spanned<f64>>,
    /// `models-disagree`: forecasts spanning more than this share (default
    /// 0.25).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disagree: Option<Spanned<f64>>,
    /// `wide-uncertainty`: a 5–95 % band wider than this share (default
    /// 0.5).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wide: Option<Spanned<f64>>,
    /// `party-with-little-at-stake`: a utility at or above this in the
    /// recommended package (default 0.95) ...
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub little_at_stake: Option<Spanned<f64>>,
    /// ... for a party with positions on at most this many issues (default
    /// 2).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub few_issues: Option<Spanned<u32>>,
    /// `rests-on-estimates`: more than this share of a conclusion's
    /// deciding weight is estimate (default 0.5).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub estimates: Option<Spanned<f64>>,
    /// Draws for the robustness of the deal (default 1000).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub draws: Option<Spanned<u32>>,
}

/// `[budget]`: the limits of what an analysis may spend (see
/// [`crate::budget::Limits`] for the defaults). Each value is a whole number
/// from 1 to 2^53.
#[derive(Debug, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Budget {
    /// Feasible states of a conflict (default 2^20 = 1,048,576).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub states: Option<Spanned<f64>>,
    /// Outcomes an exact count may enumerate (default 10^7).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outcomes: Option<Spanned<f64>>,
    /// Values of one issue's grid (default 10^6).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub grid_values: Option<Spanned<f64>>,
    /// Utility vectors of the frontier (default 10^6).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub frontier_vectors: Option<Spanned<f64>>,
    /// Monte Carlo values: runs × issues × models (default 10^8).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub monte_carlo_values: Option<Spanned<f64>>,
    /// Estimated memory in MiB (default 1024).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub memory_mb: Option<Spanned<f64>>,
}

/// `[[packages.utility]]`: one party's utility contribution for each value
/// of one issue (its utility for a package is the sum over issues).
#[derive(Debug, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PackageUtility {
    pub party: Spanned<String>,
    pub issue: Spanned<String>,
    /// Value (option label, or a number of a scale issue's grid written as
    /// a string) = contribution.
    pub values: BTreeMap<Spanned<String>, Spanned<f64>>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<Quote>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rationale: Option<String>,
}

/// `[geometry]`: the map layers (file paths, read at run time; relative
/// paths start from the scenario's directory) and the zones proposals draw.
#[derive(Debug, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Geometry {
    /// Occupied area (GeoJSON (Multi)Polygon, lon/lat).
    pub occupied: Spanned<String>,
    /// The actor whose forces hold the occupied area (e.g. `RU`): the
    /// occupier's side of the front. Outputs and labels name the sides
    /// after it; without it they say "occupied".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub occupier: Option<Spanned<String>>,
    /// The actor holding the land outside the occupied area (e.g. `UA`):
    /// the holder's side. Without it outputs say "held".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub holder: Option<Spanned<String>>,
    /// The day the occupied area shows.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<Spanned<Date>>,
    /// Land / country mask (GeoJSON polygons).
    pub land: Spanned<String>,
    /// The contact line (GeoJSON lines); derived from `occupied` if absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<Spanned<String>>,
    /// Administrative regions (GeoJSON polygons).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub regions: Option<Spanned<String>>,
    /// The region property holding its id; default `shapeISO`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region_id: Option<String>,
    /// The region property holding its name; default `shapeName`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region_name: Option<String>,
    /// Settlements (CSV with name, lat, lon, population columns).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub settlements: Option<Spanned<String>>,
    /// Earlier occupied-area snapshots to compare with.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub earlier: Vec<Snapshot>,
    /// Credit for the data, shown with maps.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attribution: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub zone: Vec<GeoZone>,
}

/// `[[geometry.earlier]]`: an occupied-area snapshot of an earlier day.
#[derive(Debug, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Snapshot {
    pub date: Spanned<Date>,
    pub file: Spanned<String>,
}

/// `[[geometry.zone]]`: a zone a proposal draws.
#[derive(Debug, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct GeoZone {
    pub id: Spanned<String>,
    pub name: String,
    /// `symmetric` (km each side of the line), `withdrawal` (one side pulls
    /// back km from the line) or `regions` (one side leaves the rest of the
    /// named regions).
    pub kind: Spanned<ZoneKind>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub km: Option<Spanned<f64>>,
    /// Who withdraws, for `withdrawal` and `regions`: the `holder`'s or
    /// the `occupier`'s actor id (or the words `holder`, `occupier`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub side: Option<Spanned<String>>,
    /// Region ids, for `regions`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub regions: Option<Spanned<Vec<String>>>,
    /// Neither side may be in the zone.
    #[serde(default)]
    pub grey: bool,
    /// The proposal the zone belongs to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub proposal: Option<Spanned<String>>,
    /// The issue whose `value` this zone is on the ground (e.g. territory
    /// = 100): packages with that value are reported with the zone's area
    /// and people.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub issue: Option<Spanned<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<Spanned<Value>>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum ZoneKind {
    Symmetric,
    Withdrawal,
    Regions,
}
