//! What detente shows, apart from where it is shown.
//!
//! The terminal, the HTML report and the web app render the same
//! [`detente_analysis::Analysis`]. If each chose its own words, model names,
//! verdict names and number formats, the three would drift (a fifth
//! forecast model missing from one, a concept spelled two ways). So the
//! choices live here once: [`words`] names things, [`human`] lays out the
//! terminal text, and [`json`] writes the one JSON envelope that the CLI's
//! `--format json` and the app's API share. Front ends only put these on a
//! screen, in a file or on the wire.

pub mod brief;
pub mod human;
pub mod json;
pub mod view;
pub mod words;
