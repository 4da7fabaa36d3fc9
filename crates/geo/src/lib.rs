//! The geometry lens: territorial proposals on the real front line.
//!
//! [`layers`] reads the map data (GeoJSON areas and lines, a settlements
//! table) from text; [`front`] puts it in one local metric frame, derives
//! the contact line when only an occupied area is given, and measures zones
//! (areas by side and region, settlements and population); [`zones`]
//! defines the zones proposals draw; [`map`] draws them as SVG.

pub mod front;
pub mod layers;
pub mod map;
pub mod zones;
