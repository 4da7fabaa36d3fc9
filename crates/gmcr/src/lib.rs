//! The Graph Model for Conflict Resolution (GMCR).
//!
//! A conflict is a set of states; each decision maker (DM) controls some
//! moves between them and ranks the states (ties allowed). A state is stable
//! for a DM when it has no incentive to move away, under some assumption of
//! how far it looks ahead (Fang, Hipel & Kilgour 1993, *Interactive Decision
//! Making: The Graph Model for Conflict Resolution*):
//!
//! - [`Concept::Nash`]: no unilateral improvement (UI);
//! - [`Concept::Gmr`]: every UI can be sanctioned by the opponents;
//! - [`Concept::Smr`]: ... and the DM cannot escape the sanction;
//! - [`Concept::Seq`]: every UI can be sanctioned by the opponents' own UIs.
//!
//! Opponents respond by *legal sequences*: unilateral moves by members of
//! the coalition in which no DM moves twice in succession (a DM may move
//! again later). With three or more DMs, letting each opponent move once
//! only, as some tools do, gives wrong sanctions.
//!
//! Pipeline: [`options::OptionForm`] (options, owners, reversibility,
//! infeasible combinations) → [`Graph`] (states, per-DM moves, payoffs) →
//! [`stability::analyze`].

pub mod coalesce;
pub mod coalition;
pub mod explain;
pub mod export;
pub mod gmcr_plus;
pub mod graph;
pub mod inverse;
pub mod options;
pub mod prefs;
pub mod sim;
pub mod stability;
pub mod status_quo;

pub use graph::{Dm, Graph, GraphError, Moves, StateId};
pub use stability::{Concept, Solution, Stability};

/// A check an engine calls in its long loops: `true` asks it to stop. What
/// a stopped function returns is meaningless and must be discarded by the
/// caller, who knows why it stopped (a timed-out request, Ctrl-C).
pub type Stop<'a> = &'a (dyn Fn() -> bool + Sync);

/// A [`Stop`] that never stops.
pub fn never() -> bool {
    false
}
