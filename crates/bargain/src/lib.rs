//! The packages lens: across issues, which deals beat no agreement for
//! every party, which are efficient, which are fair by the standard
//! bargaining solutions, where parties can trade concessions, and how each
//! tabled proposal compares.
//!
//! One representation ([`Domain`]: discrete issues, additive utilities,
//! reservation values), one module per concept over it. The frontier is
//! exact and computed issue by issue, never by enumerating the outcomes.

pub mod amend;
pub mod domain;
pub mod frontier;
pub mod genius;
pub mod logroll;
pub mod solutions;
pub mod zopa;

pub use domain::{Domain, Issue, Outcome, Party, TOLERANCE};
pub use frontier::{Frontier, FrontierPoint, Thinned, frontier};
