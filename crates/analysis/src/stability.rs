//! The stability lens: the scenario's `[conflict]` analysed by the graph
//! model (`detente-gmcr`), as a table of states with every DM's verdicts,
//! the equilibria of each concept, and the paths from the status quo.

use std::collections::BTreeMap;

use detente_gmcr::stability::{Solution, Stability, analyze_all_until, analyze_until};
use detente_gmcr::status_quo::reachable;
use detente_gmcr::{Graph, GraphError, StateId};

/// The graph model's solution concepts and its inverse analysis, as front
/// ends name them: through the facade, never the engine crate.
pub use detente_gmcr::Concept;
use detente_gmcr::inverse;

use detente_scenario::model::Conflict;
use serde::Serialize;

/// What the lens needs, whichever file the conflict came from.
pub struct ConflictView {
    /// The option form (SIM combines simultaneous option changes).
    pub form: detente_gmcr::options::OptionForm,
    /// Whether SIM applies: not once states have been merged, where a
    /// state no longer fixes every option.
    pub simultaneous: bool,
    pub dms: Vec<String>,
    pub options: Vec<OptionInfo>,
    /// Feasible states as option bit patterns; state number = index + 1.
    pub states: Vec<u64>,
    pub status_quo: Option<usize>,
    pub graph: Graph,
}

impl ConflictView {
    pub fn from_scenario(c: &Conflict) -> ConflictView {
        Self::from_scenario_until(c, &detente_gmcr::never)
    }

    /// [`ConflictView::from_scenario`] that gives up once `stop` says so
    /// (the view is then meaningless; see [`detente_gmcr::Stop`]).
    pub fn from_scenario_until(c: &Conflict, stop: detente_gmcr::Stop<'_>) -> ConflictView {
        ConflictView {
            form: c.option_form(),
            simultaneous: c.coalesce.is_empty(),
            dms: c.dms.iter().map(|d| d.id.clone()).collect(),
            options: c
                .options
                .iter()
                .map(|o| OptionInfo {
                    id: o.id.clone(),
                    name: o.name.clone(),
                    dm: o.dm.id.clone(),
                })
                .collect(),
            states: c.states.clone(),
            status_quo: c.status_quo,
            graph: graph_of(c, stop),
        }
    }

    /// A conflict imported from a GMCR+ file (no status quo there).
    pub fn from_gmcr(
        imported: &detente_gmcr::gmcr_plus::Imported,
    ) -> Result<ConflictView, GraphError> {
        let form = &imported.form;
        // Option ids from their names, as the scenario import writes them,
        // so a `.gmcr` read directly and imported name options alike.
        let mut taken = Vec::new();
        let ids: Vec<String> = form
            .options
            .iter()
            .map(|o| detente_scenario::write::id_from(&o.name, &mut taken))
            .collect();
        Ok(ConflictView {
            form: form.clone(),
            simultaneous: true,
            dms: form.dms.clone(),
            options: form
                .options
                .iter()
                .enumerate()
                .map(|(k, o)| OptionInfo {
                    id: ids[k].clone(),
                    name: o.name.clone(),
                    dm: form.dms[o.dm].clone(),
                })
                .collect(),
            states: form.feasible_states(),
            status_quo: None,
            graph: imported.graph()?,
        })
    }
}

#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct StabilityReport {
    pub dms: Vec<String>,
    /// Decision makers whose preference ranks every state equal: every
    /// state is stable for them, so the equilibria say nothing about them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub indifferent: Vec<String>,
    pub options: Vec<OptionInfo>,
    /// Feasible states, numbered from 1 (GMCR+ numbering).
    pub states: Vec<StateRow>,
    /// The concepts analysed, in report order: all six, or the four
    /// without SIM where it is undefined (merged states).
    pub concepts: Vec<SolutionConcept>,
    /// Concept → equilibrium state numbers.
    pub equilibria: BTreeMap<SolutionConcept, Vec<usize>>,
    /// DM → concept → state numbers stable for that DM.
    pub stable: BTreeMap<String, BTreeMap<SolutionConcept, Vec<usize>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status_quo: Option<StatusQuo>,
    /// Coalition analysis, for conflicts of at most [`COALITION_MAX_STATES`]
    /// states (it enumerates every coalition from every state).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub coalitions: Option<Coalitions>,
}

/// Largest conflict whose coalition analysis is included.
pub const COALITION_MAX_STATES: usize = 4096;

#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct Coalitions {
    /// States from which no DM and no coalition can improve (every member
    /// strictly better off).
    pub stable: Vec<usize>,
    /// Joint improvements of two or more DMs from the status quo.
    pub from_status_quo: Vec<CoalitionMove>,
}

#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct CoalitionMove {
    pub members: Vec<String>,
    pub to: usize,
}

#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct OptionInfo {
    pub id: String,
    pub name: String,
    pub dm: String,
}

#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct StateRow {
    pub number: usize,
    /// `Y`/`N` per option, in option order.
    pub options: String,
    /// Concepts under which the state is an equilibrium.
    pub equilibrium: Vec<SolutionConcept>,
}

#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct StatusQuo {
    pub state: usize,
    /// States reachable by unilateral improvements, each with a shortest path.
    pub reachable: Vec<Path>,
}

#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct Path {
    pub state: usize,
    /// The moves, in order.
    pub moves: Vec<Move>,
    pub equilibrium: Vec<SolutionConcept>,
}

/// One move of a path: who moves, and to which state.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct Move {
    pub dm: String,
    pub to: usize,
}

/// A graph-model solution concept, as the JSON names it. Ordered as
/// reports list them; SIM and SEQ+SIM exist only where SIM is defined.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, schemars::JsonSchema,
)]
pub enum SolutionConcept {
    #[serde(rename = "Nash")]
    Nash,
    #[serde(rename = "GMR")]
    Gmr,
    #[serde(rename = "SMR")]
    Smr,
    #[serde(rename = "SEQ")]
    Seq,
    #[serde(rename = "SIM")]
    Sim,
    #[serde(rename = "SEQ+SIM")]
    SeqSim,
}

impl SolutionConcept {
    /// Its name as the literature writes it (Nash, GMR, ..., SEQ+SIM).
    pub fn name(self) -> &'static str {
        self.engine().name()
    }

    fn engine(self) -> Solution {
        match self {
            SolutionConcept::Nash => Solution::Nash,
            SolutionConcept::Gmr => Solution::Gmr,
            SolutionConcept::Smr => Solution::Smr,
            SolutionConcept::Seq => Solution::Seq,
            SolutionConcept::Sim => Solution::Sim,
            SolutionConcept::SeqSim => Solution::SeqSim,
        }
    }

    fn of(s: Solution) -> SolutionConcept {
        match s {
            Solution::Nash => SolutionConcept::Nash,
            Solution::Gmr => SolutionConcept::Gmr,
            Solution::Smr => SolutionConcept::Smr,
            Solution::Seq => SolutionConcept::Seq,
            Solution::Sim => SolutionConcept::Sim,
            Solution::SeqSim => SolutionConcept::SeqSim,
        }
    }
}

impl From<Concept> for SolutionConcept {
    fn from(c: Concept) -> SolutionConcept {
        SolutionConcept::of(c.into())
    }
}

/// A validated scenario conflict as a graph: states, each DM's moves and
/// payoffs, merged states coalesced. Validation checked the form and the
/// payoffs' lengths (with the option form, never the solver), so this
/// cannot fail for a validated scenario. The validator also held the move
/// lists to the scenario's memory budget, so none is applied again here.
fn graph_of(c: &Conflict, stop: detente_gmcr::Stop<'_>) -> Graph {
    let form = c.option_form();
    if c.coalesce.is_empty() {
        return form
            .graph_until(u128::MAX, stop, |dm, s, _| c.preferences[dm].payoff[s])
            .expect("a validated conflict forms a valid graph");
    }
    // Only representatives' payoffs count after merging.
    let payoff = |dm: usize, bits: u64| {
        c.states
            .binary_search(&bits)
            .map_or(0, |i| c.preferences[dm].payoff[i])
    };
    let raw = form
        .graph_until(u128::MAX, stop, |dm, _, bits| payoff(dm, bits))
        .expect("a validated conflict forms a valid graph");
    let classes: Vec<_> = c
        .coalesce
        .iter()
        .map(|k| detente_gmcr::options::Condition(k.clone()))
        .collect();
    detente_gmcr::coalesce::coalesce(&raw, &form.feasible_states(), &classes)
        .expect("merging states of a valid graph gives a valid graph")
        .graph
}

/// The verdicts of every concept defined for the conflict: SIM needs
/// simultaneous moves, which merged states do not have.
fn verdicts(c: &ConflictView, stop: detente_gmcr::Stop<'_>) -> Stability {
    if c.simultaneous {
        analyze_all_until(&c.form, &c.graph, stop)
    } else {
        analyze_until(&c.graph, stop)
    }
}

pub fn stability(c: &ConflictView) -> StabilityReport {
    stability_until(c, &detente_gmcr::never).expect("never stopped")
}

/// [`stability`] that gives up once `stop` says so: `None` then.
pub fn stability_until(c: &ConflictView, stop: detente_gmcr::Stop<'_>) -> Option<StabilityReport> {
    if stop() {
        return None;
    }
    let graph = &c.graph;
    let st = verdicts(c, stop);
    if stop() {
        return None;
    }
    let dms = c.dms.clone();
    let indifferent: Vec<String> = graph
        .dms
        .iter()
        .zip(&dms)
        .filter(|(d, _)| d.payoff.windows(2).all(|w| w[0] == w[1]))
        .map(|(_, id)| id.clone())
        .collect();
    let concepts: Vec<SolutionConcept> = st
        .solutions()
        .iter()
        .map(|&s| SolutionConcept::of(s))
        .collect();
    let equilibria: BTreeMap<SolutionConcept, Vec<usize>> = concepts
        .iter()
        .filter_map(|&k| Some((k, st.equilibria_under(k.engine())?)))
        .collect();
    let eq_of = |s: usize| -> Vec<SolutionConcept> {
        concepts
            .iter()
            .copied()
            .filter(|k| equilibria.get(k).is_some_and(|e| e.contains(&s)))
            .collect()
    };
    let states = c
        .states
        .iter()
        .enumerate()
        .map(|(i, &bits)| StateRow {
            number: i + 1,
            options: (0..c.options.len())
                .map(|k| if bits >> k & 1 == 1 { 'Y' } else { 'N' })
                .collect(),
            equilibrium: eq_of(i + 1),
        })
        .collect();
    let stable = dms
        .iter()
        .enumerate()
        .map(|(d, name)| {
            let per: BTreeMap<SolutionConcept, Vec<usize>> = concepts
                .iter()
                .filter_map(|&k| Some((k, st.stable_under(d, k.engine())?)))
                .collect();
            (name.clone(), per)
        })
        .collect();
    let status_quo = c.status_quo.map(|sq| StatusQuo {
        state: sq + 1,
        reachable: reachable(graph, sq as StateId)
            .into_iter()
            .map(|r| Path {
                state: r.state,
                moves: r
                    .path
                    .iter()
                    .map(|step| Move {
                        dm: dms[step.dm].clone(),
                        to: step.to,
                    })
                    .collect(),
                equilibrium: eq_of(r.state),
            })
            .collect(),
    });
    Some(StabilityReport {
        dms,
        indifferent,
        concepts,
        options: c.options.clone(),
        states,
        equilibria,
        stable,
        status_quo,
        coalitions: (c.states.len() <= COALITION_MAX_STATES).then(|| Coalitions {
            stable: detente_gmcr::coalition::coalition_nash_stable(graph),
            from_status_quo: c
                .status_quo
                .map(|sq| detente_gmcr::coalition::improvements(graph, sq as StateId))
                .unwrap_or_default()
                .into_iter()
                .map(|m| CoalitionMove {
                    members: m.members.iter().map(|&d| c.dms[d].clone()).collect(),
                    to: m.to,
                })
                .collect(),
        }),
    })
}

/// One DM's side of `--explain`: its verdicts at the state and, for each
/// unilateral improvement, the opponents' sanctions (paths of (DM, state)).
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct DmExplanation {
    pub dm: String,
    pub stable: Vec<SolutionConcept>,
    pub improvements: Vec<ImprovementExplanation>,
}

#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct ImprovementExplanation {
    pub to: usize,
    pub sanction: Option<Vec<Move>>,
    pub credible_sanction: Option<Vec<Move>>,
    pub inescapable_sanction: Option<Vec<Move>>,
}

/// Explains a 1-based state for every DM; `None` if there is no such state.
pub fn explain(c: &ConflictView, state: usize) -> Option<Vec<DmExplanation>> {
    let s = state.checked_sub(1).filter(|&s| s < c.states.len())? as StateId;
    let graph = &c.graph;
    let st = detente_gmcr::stability::analyze(graph);
    let name = |d: usize| c.dms[d].clone();
    let path = |p: Option<Vec<detente_gmcr::status_quo::Step>>| {
        p.map(|steps| {
            steps
                .into_iter()
                .map(|x| Move {
                    dm: name(x.dm),
                    to: x.to,
                })
                .collect()
        })
    };
    Some(
        (0..c.dms.len())
            .map(|d| {
                let e = detente_gmcr::explain::explain(graph, d, s);
                DmExplanation {
                    dm: name(d),
                    stable: Concept::ALL
                        .iter()
                        .filter(|&&k| st.stable[d][s as usize][k as usize])
                        .map(|&k| SolutionConcept::from(k))
                        .collect(),
                    improvements: e
                        .improvements
                        .into_iter()
                        .map(|u| ImprovementExplanation {
                            to: u.to,
                            sanction: path(u.sanction),
                            credible_sanction: path(u.credible_sanction),
                            inescapable_sanction: path(u.inescapable_sanction),
                        })
                        .collect(),
                }
            })
            .collect(),
    )
}

/// How `--graph` writes the conflict graph.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GraphFormat {
    Dot,
    Json,
}

/// The conflict graph as Graphviz DOT or JSON: every state (labelled by
/// its options, `Y`/`N`) and every DM's moves.
pub fn graph_text(c: &ConflictView, format: GraphFormat) -> String {
    let labels: Vec<String> = c
        .states
        .iter()
        .map(|&bits| {
            (0..c.options.len())
                .map(|k| if bits >> k & 1 == 1 { 'Y' } else { 'N' })
                .collect()
        })
        .collect();
    match format {
        GraphFormat::Dot => detente_gmcr::export::to_dot(&c.graph, &labels),
        GraphFormat::Json => {
            let mut t =
                serde_json::to_string_pretty(&detente_gmcr::export::to_json(&c.graph, &labels))
                    .unwrap_or_default();
            t.push('\n');
            t
        }
    }
}

/// Inverse analysis of one state for one DM: the counts, and on request
/// the rankings that work under one concept.
pub struct InverseRequest<'a> {
    /// The DM whose ranking varies, by name.
    pub dm: &'a str,
    /// The state, numbered from 1 as the tables number it.
    pub state: usize,
    pub reading: Reading,
    /// List the rankings that make the state stable under this concept.
    pub list: Option<Concept>,
}

/// The inverse analysis's answer.
pub struct InverseResult {
    pub counts: InverseCounts,
    pub listed: Option<Vec<Vec<usize>>>,
}

/// How many strict rankings of one DM make a state an equilibrium, under
/// each concept (the engine's counts, exact, as decimal strings).
#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct InverseCounts {
    pub reading: Reading,
    /// Number of strict rankings, n!, in decimal.
    pub rankings: String,
    /// Nash, GMR, SMR, SEQ.
    pub tallies: Vec<Tally>,
}

/// Which definitions the counts follow.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Reading {
    /// The standard n-DM definitions.
    Standard,
    /// GMCR+'s inverse solver (see docs/stability.md).
    GmcrPlus,
}

/// The rankings that work under one concept.
#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct Tally {
    pub concept: SolutionConcept,
    /// Exact count in decimal; `None` when past the exact-count limits.
    pub count: Option<String>,
    /// Share of all n! rankings.
    pub share: Option<f64>,
    pub method: CountMethod,
}

/// How a count was obtained.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case", tag = "kind")]
pub enum CountMethod {
    /// Another DM is unstable at the state whatever this DM prefers.
    OthersUnstable,
    /// n!/(k+1).
    ClosedForm,
    /// Inclusion–exclusion over this many sanction sets.
    InclusionExclusion { sets: usize },
    /// Inclusion–exclusion over this many moves, each term counted by
    /// components of overlapping sets.
    Components { sets: usize },
    /// Every order of this many relevant states.
    RelevantOrders { states: usize },
    /// Every ranking of all states.
    Enumeration,
    /// Not counted: this many relevant states is past the limits.
    TooLarge { states: usize },
}

impl From<&inverse::Inverse> for InverseCounts {
    fn from(r: &inverse::Inverse) -> Self {
        use inverse::Method as M;
        InverseCounts {
            reading: match r.reading {
                inverse::Reading::Standard => Reading::Standard,
                inverse::Reading::GmcrPlus => Reading::GmcrPlus,
            },
            rankings: r.rankings.to_string(),
            tallies: r
                .tallies
                .iter()
                .map(|t| Tally {
                    concept: t.concept.into(),
                    count: t.count.as_ref().map(ToString::to_string),
                    share: t.share,
                    method: match t.method {
                        M::OthersUnstable => CountMethod::OthersUnstable,
                        M::ClosedForm => CountMethod::ClosedForm,
                        M::InclusionExclusion { sets } => CountMethod::InclusionExclusion { sets },
                        M::Components { sets } => CountMethod::Components { sets },
                        M::RelevantOrders { states } => CountMethod::RelevantOrders { states },
                        M::Enumeration => CountMethod::Enumeration,
                        M::TooLarge { states } => CountMethod::TooLarge { states },
                    },
                })
                .collect(),
        }
    }
}

/// Runs an inverse analysis, or says which argument does not fit the
/// conflict and what would.
pub fn inverse_analysis(c: &ConflictView, r: &InverseRequest<'_>) -> Result<InverseResult, String> {
    let dm = c.dms.iter().position(|d| d == r.dm).ok_or_else(|| {
        format!(
            "--for {}: not a decision maker; they are {}",
            r.dm,
            c.dms.join(", ")
        )
    })?;
    let n = c.states.len();
    let e = r.state.checked_sub(1).filter(|&s| s < n).ok_or_else(|| {
        format!(
            "--inverse {}: no such state; states are numbered 1 to {n}",
            r.state
        )
    })? as StateId;
    let reading = match r.reading {
        Reading::Standard => inverse::Reading::Standard,
        Reading::GmcrPlus => inverse::Reading::GmcrPlus,
    };
    let counts = InverseCounts::from(&inverse::count(&c.graph, dm, e, reading));
    let listed = match r.list {
        Some(concept) => Some(
            inverse::rankings(&c.graph, dm, e, concept, reading).ok_or_else(|| {
                format!(
                    "--list enumerates rankings, up to {} states; this conflict has {n} \
                     (the counts need no listing: drop --list)",
                    inverse::MAX_ENUMERATED
                )
            })?,
        ),
        None => None,
    };
    Ok(InverseResult { counts, listed })
}
