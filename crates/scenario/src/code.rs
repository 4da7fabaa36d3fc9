//! Stable diagnostic codes.
//!
//! A code never changes meaning once released: scripts filter on it and the
//! documentation (`docs/diagnostics.md`) explains each one. `E` codes make a
//! scenario invalid (exit 3); `W` codes are findings of the evidence check
//! (exit 1). Every code has a sample file under `tests/corpus/invalid/`
//! whose rendered message is pinned by a snapshot test; the E7xx codes of
//! peer tools' files have theirs under `crates/analysis/tests/corpus/`, where
//! the readers of those formats live.

use serde::Serialize;

macro_rules! codes {
    ($( $(#[$doc:meta])* $variant:ident = ($code:literal, $name:literal, $sev:ident); )*) => {
        /// A diagnostic code.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Code {
            $( $(#[$doc])* $variant, )*
        }

        impl Code {
            /// Every code, in documentation order.
            pub const ALL: &'static [Code] = &[$(Code::$variant),*];

            /// The stable code, e.g. `E102`.
            pub fn as_str(self) -> &'static str {
                match self { $(Code::$variant => $code,)* }
            }

            /// A short kebab-case name, e.g. `unknown-actor`.
            pub fn name(self) -> &'static str {
                match self { $(Code::$variant => $name,)* }
            }

            pub fn severity(self) -> Severity {
                match self { $(Code::$variant => Severity::$sev,)* }
            }

            /// Looks a code up by its stable code or its name.
            pub fn parse(s: &str) -> Option<Code> {
                Code::ALL.iter().copied().find(|c| c.as_str() == s || c.name() == s)
            }
        }
    };
}

codes! {
    /// The file is not valid TOML.
    TomlSyntax = ("E001", "toml-syntax", Error);
    /// A key or section the format does not know (often a typo).
    UnknownKey = ("E002", "unknown-key", Error);
    /// A required key is absent.
    MissingKey = ("E003", "missing-key", Error);
    /// A value of the wrong type, e.g. text where a number belongs.
    WrongType = ("E004", "wrong-type", Error);
    /// A keyword (role, track, status, ...) outside its allowed set.
    UnknownVariant = ("E005", "unknown-variant", Error);
    /// No actors or no issues: nothing to analyse.
    EmptyScenario = ("E006", "empty-scenario", Error);
    /// Two entries of one kind share an id.
    DuplicateId = ("E101", "duplicate-id", Error);
    /// A reference to an actor id that does not exist.
    UnknownActor = ("E102", "unknown-actor", Error);
    /// A reference to an issue id that does not exist.
    UnknownIssue = ("E103", "unknown-issue", Error);
    /// A reference to a source id that does not exist.
    UnknownSource = ("E104", "unknown-source", Error);
    /// An id that is empty or uses characters other than letters, digits, `-`, `_`, `.`.
    InvalidId = ("E105", "invalid-id", Error);
    /// The same actor has two positions on one issue.
    DuplicatePosition = ("E106", "duplicate-position", Error);
    /// `represented_by` names the actor itself, or representation goes round in a cycle.
    InvalidRepresentation = ("E107", "invalid-representation", Error);
    /// NaN or an infinite number.
    NonFinite = ("E201", "non-finite-number", Error);
    /// A number outside the issue's scale.
    OutOfScale = ("E202", "out-of-scale", Error);
    /// A label that is not one of the issue's options.
    NotAnOption = ("E203", "not-an-option", Error);
    /// Salience outside 0–1.
    SalienceRange = ("E204", "salience-out-of-range", Error);
    /// Capability zero, negative, or above 1e12.
    CapabilityNotPositive = ("E205", "capability-not-positive", Error);
    /// A scale whose `min` is not below its `max`, or whose ends lie
    /// beyond ±1e12.
    InvalidScale = ("E206", "invalid-scale", Error);
    /// An options list with fewer than two options, or a repeated option.
    InvalidOptions = ("E207", "invalid-options", Error);
    /// An issue with both `scale` and `options`, or neither.
    IssueKind = ("E208", "issue-kind", Error);
    /// A number given for an options issue, or a label for a scale issue.
    ValueKind = ("E209", "value-kind", Error);
    /// A negative uncertainty or tolerance.
    NegativeUncertainty = ("E210", "negative-uncertainty", Error);
    /// A claimed range whose low end is above its high end.
    InvalidRange = ("E211", "invalid-range", Error);
    /// Claims about one quantity in different units.
    UnitMismatch = ("E212", "unit-mismatch", Error);
    /// A proposal that expires before it was tabled.
    DateOrder = ("E213", "date-order", Error);
    /// A position with neither evidence nor `estimate = "analyst"`.
    Unsourced = ("E301", "unsourced", Error);
    /// An analyst estimate without a rationale.
    MissingRationale = ("E302", "missing-rationale", Error);
    /// An empty evidence quote.
    EmptyQuote = ("E303", "empty-quote", Error);
    /// A conflict option id that does not exist.
    UnknownOption = ("E501", "unknown-option", Error);
    /// A preference statement that cannot be read.
    InvalidStatement = ("E502", "invalid-statement", Error);
    /// A preference statement that no feasible state satisfies.
    UnsatisfiableStatement = ("E503", "unsatisfiable-statement", Error);
    /// A ranking that misses, repeats or invents states.
    InvalidRanking = ("E504", "invalid-ranking", Error);
    /// The infeasibility rules leave no feasible state.
    NoFeasibleState = ("E505", "no-feasible-state", Error);
    /// A preference for an actor without options, a second preference, a DM without one, or neither `statements` nor `ranking`.
    InvalidPreference = ("E506", "invalid-preference", Error);
    /// An infeasibility rule with none or several of `exclusive`, `at_least_one`, `all`.
    InfeasibleKind = ("E507", "infeasible-kind", Error);
    /// A status quo that breaks an infeasibility rule.
    StatusQuoInfeasible = ("E508", "status-quo-infeasible", Error);
    /// More conflict options than the stability lens accepts, or move
    /// lists over their 1 GiB budget.
    TooManyOptions = ("E509", "too-many-options", Error);
    /// A conflict with fewer than two decision makers.
    TooFewDms = ("E510", "too-few-dms", Error);
    /// `[packages]`: a party listed twice or not a party, fewer than two
    /// parties, a step that does not fit its scale, a reservation value or
    /// utility outside 0–1, or utilities for values an issue does not have.
    InvalidPackages = ("E601", "invalid-packages", Error);
    /// `[geometry]`: a zone without the distance, side or regions its kind
    /// needs, an unknown proposal, or an empty file path.
    InvalidGeometry = ("E602", "invalid-geometry", Error);
    /// `[brief]`: a threshold that is not a share (above 0, at most 1) or a
    /// number of draws outside 1–100000.
    InvalidBrief = ("E603", "invalid-brief", Error);
    /// `[budget]`: a limit that is not a whole number from 1 to 2^53.
    InvalidBudget = ("E604", "invalid-budget", Error);
    /// An analysis that would spend more than its budget: a grid, Monte
    /// Carlo values or memory over their limits.
    OverBudget = ("E605", "over-budget", Error);
    /// A KTAB scenario CSV that KTAB would not read.
    InvalidKtab = ("E701", "invalid-ktab-file", Error);
    /// A decide-exchange-model input with a bad row or field.
    InvalidDecide = ("E702", "invalid-decide-file", Error);
    /// A GENIUS or GeniusWeb domain or profile that cannot be read.
    InvalidGenius = ("E703", "invalid-genius-file", Error);
    /// A GMCR+ (`.gmcr`) file that cannot be read.
    InvalidGmcr = ("E704", "invalid-gmcr-file", Error);
    /// No actor holds a position on an issue (and no party has utilities for it).
    IssueWithoutPositions = ("N101", "issue-without-positions", Note);
    /// Only one actor holds a position on an issue.
    SingleActorIssue = ("N102", "single-actor-issue", Note);
    /// A party holds no position (and has no utilities given).
    PartyWithoutPositions = ("N103", "party-without-positions", Note);
    /// A party represented by another actor is not among the packages parties, the conflict's decision makers, or the positions.
    RelayedPartyLeftOut = ("N104", "relayed-party-left-out", Note);
    /// A value a position, a proposal or the no-deal package states falls off a `[packages] step`.
    ValueOffGrid = ("N105", "value-off-grid", Note);
    /// An evidence quote that does not appear in its source text.
    UnverifiedQuote = ("W401", "unverified-quote", Warning);
    /// The source text is not available, so its quotes cannot be checked.
    MissingSourceText = ("W402", "missing-source-text", Warning);
    /// Claims about one quantity that cannot all be true.
    Contradiction = ("W403", "contradiction", Warning);
    /// A preference that ranks every feasible state equal: every state is
    /// then stable for its decision maker.
    IndifferentPreference = ("W501", "indifferent-preference", Warning);
}

/// How serious a diagnostic is.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The scenario is invalid; no lens runs on it.
    Error,
    /// A finding about the evidence; the scenario is still analysed.
    Warning,
    /// What the inputs alone say about the analysis (the brief's caveats
    /// that need no result); not a finding, so not in the exit code.
    Note,
}

impl Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// A code is written as its stable string (`E102`); the schema lists them.
impl schemars::JsonSchema for Code {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Code".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let codes: Vec<&str> = Code::ALL.iter().map(|c| c.as_str()).collect();
        schemars::json_schema!({ "type": "string", "enum": codes })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_and_names_are_unique() {
        let mut codes: Vec<_> = Code::ALL.iter().map(|c| c.as_str()).collect();
        let mut names: Vec<_> = Code::ALL.iter().map(|c| c.name()).collect();
        codes.sort();
        names.sort();
        codes.dedup();
        names.dedup();
        assert_eq!(codes.len(), Code::ALL.len());
        assert_eq!(names.len(), Code::ALL.len());
        for c in Code::ALL {
            assert_eq!(Code::parse(c.as_str()), Some(*c));
            assert_eq!(Code::parse(c.name()), Some(*c));
            let is_error = c.as_str().starts_with('E');
            assert_eq!(is_error, c.severity() == Severity::Error, "{c:?}");
        }
    }
}
