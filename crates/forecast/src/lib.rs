//! The forecast lens: where each issue is likely to settle, given who holds
//! which position, how much they care (salience) and how much they can
//! bring to bear (capability).
//!
//! Every model reads one [`Problem`] (actors with capability, and per
//! dimension a position and a salience) and is a pure function of it and
//! its options; randomness only enters through [`monte_carlo`], seeded.
//!
//! - [`compromise`]: capability × salience weighted mean;
//! - [`median`]: weighted median and weighted Condorcet winner;
//! - [`expected_utility`]: Bueno de Mesquita's model in Scholz et al.'s
//!   reconstruction;
//! - [`smp`]: KTAB's Spatial Model of Politics.

pub mod cases;
pub mod compromise;
pub mod decide;
pub mod expected_utility;
pub mod ktab;
pub mod median;
pub mod monte_carlo;
pub mod problem;
pub mod smp;

pub use problem::{Actor, Dimension, Problem, ProblemError};
