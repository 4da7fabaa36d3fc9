//! The geometry lens on a scenario: its `[geometry]` layers (read by the
//! caller, passed in as text: [`crate::input::read_layers`]) measured, and
//! its zones drawn. Nothing here reads a file.

/// The front line measured once for a set of layers: the contact line,
/// the buffers' frame, the areas by region. Kept by the web app across
/// edits that do not touch the layers; opaque to front ends.
pub use detente_geo::front::Front;
use detente_geo::layers::{read_area, read_line, read_regions, read_settlements};
use detente_geo::zones::{Side, Zone, ZoneKind, ZoneResult};
use detente_scenario::format::ZoneKind as Kind;
use detente_scenario::model::Geometry;
use detente_scenario::model::ZoneSide;
use serde::Serialize;

/// A layer file: its name (for messages) and its text.
#[derive(Clone, Debug)]
pub struct Layer {
    pub name: String,
    pub text: String,
}

/// The texts of a scenario's geometry layers.
#[derive(Clone, Debug)]
pub struct GeoTexts {
    pub occupied: Layer,
    pub land: Layer,
    pub line: Option<Layer>,
    pub regions: Option<Layer>,
    pub settlements: Option<Layer>,
    /// Earlier snapshots: (date, layer).
    pub earlier: Vec<(String, Layer)>,
}

/// What the geometry lens reports. Its types are this crate's, mirrors of
/// the geometry engine's, so that a field renamed in `geo` cannot change
/// the public JSON; the sides of the front are the scenario's actors.
#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct GeometryReport {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// The actor holding the occupied area, when the scenario names it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub occupier: Option<String>,
    /// The actor holding the land outside it, when the scenario names it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub holder: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub attribution: Option<String>,
    /// Length of the contact line.
    pub line_km: f64,
    /// Whether the line was derived from the occupied area.
    pub line_derived: bool,
    /// Occupied and held land per region.
    pub regions: Vec<RegionArea>,
    pub zones: Vec<ZoneReport>,
    pub changes: Vec<Change>,
    /// The zones as GeoJSON (lon/lat).
    #[serde(skip)]
    pub geojson: String,
    /// A map of the front and the zones.
    #[serde(skip)]
    pub map_svg: String,
}

/// A zone, measured.
#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct ZoneReport {
    #[serde(flatten)]
    pub zone: ZoneInfo,
    #[serde(flatten)]
    pub measure: Measure,
}

/// A zone as the scenario draws it.
#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct ZoneInfo {
    pub id: String,
    pub name: String,
    #[serde(flatten)]
    pub kind: ZoneShape,
    /// Neither side may be in it.
    pub grey: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub proposal: Option<String>,
}

/// How a zone is drawn; `side` is the actor who withdraws (or `holder`,
/// `occupier` when the scenario does not name the sides).
#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case", tag = "kind")]
pub enum ZoneShape {
    Symmetric { km: f64 },
    Withdrawal { side: String, km: f64 },
    Regions { side: String, regions: Vec<String> },
}

/// What a zone covers: its area on each side of the front and by region,
/// and the places inside.
#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct Measure {
    pub km2: f64,
    /// On the occupier's side (the occupied area).
    pub occupied_km2: f64,
    /// On the holder's side (the rest of the land).
    pub held_km2: f64,
    pub by_region: Vec<RegionArea>,
    /// Places inside, most populous first.
    pub places: Vec<Place>,
    /// Their total (pre-war, for GeoNames) population.
    pub population: u64,
}

#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct RegionArea {
    pub region: String,
    pub name: String,
    pub km2: f64,
    pub occupied_km2: f64,
    pub held_km2: f64,
}

#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct Place {
    pub name: String,
    pub population: u64,
    /// On the occupier's side.
    pub occupied: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
}

/// The change of the occupied area since an earlier snapshot.
#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct Change {
    /// The earlier snapshot's label (its date).
    pub since: String,
    pub occupied_before_km2: f64,
    pub occupied_now_km2: f64,
    /// Newly occupied.
    pub gained_km2: f64,
    /// No longer occupied.
    pub lost_km2: f64,
    pub by_region: Vec<RegionChange>,
}

#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct RegionChange {
    pub region: String,
    pub name: String,
    pub occupied_before_km2: f64,
    pub occupied_now_km2: f64,
    pub gained_km2: f64,
    pub lost_km2: f64,
}

impl From<&detente_geo::front::RegionArea> for RegionArea {
    fn from(r: &detente_geo::front::RegionArea) -> Self {
        RegionArea {
            region: r.region.clone(),
            name: r.name.clone(),
            km2: r.km2,
            occupied_km2: r.occupied_km2,
            held_km2: r.held_km2,
        }
    }
}

impl From<&detente_geo::zones::Change> for Change {
    fn from(c: &detente_geo::zones::Change) -> Self {
        Change {
            since: c.since.clone(),
            occupied_before_km2: c.occupied_before_km2,
            occupied_now_km2: c.occupied_now_km2,
            gained_km2: c.gained_km2,
            lost_km2: c.lost_km2,
            by_region: c
                .by_region
                .iter()
                .map(|r| RegionChange {
                    region: r.region.clone(),
                    name: r.name.clone(),
                    occupied_before_km2: r.occupied_before_km2,
                    occupied_now_km2: r.occupied_now_km2,
                    gained_km2: r.gained_km2,
                    lost_km2: r.lost_km2,
                })
                .collect(),
        }
    }
}

impl ZoneReport {
    /// The engine's result, its sides named as the scenario names them.
    fn new(z: &ZoneResult, g: &Geometry) -> ZoneReport {
        let side = |s: Side| -> String {
            match s {
                Side::Held => g.holder.clone().unwrap_or_else(|| "holder".into()),
                Side::Occupied => g.occupier.clone().unwrap_or_else(|| "occupier".into()),
            }
        };
        let m = &z.measure;
        ZoneReport {
            zone: ZoneInfo {
                id: z.zone.id.clone(),
                name: z.zone.name.clone(),
                kind: match &z.zone.kind {
                    ZoneKind::Symmetric { km } => ZoneShape::Symmetric { km: *km },
                    ZoneKind::Withdrawal { side: s, km } => ZoneShape::Withdrawal {
                        side: side(*s),
                        km: *km,
                    },
                    ZoneKind::Regions { side: s, regions } => ZoneShape::Regions {
                        side: side(*s),
                        regions: regions.clone(),
                    },
                },
                grey: z.zone.grey,
                proposal: z.zone.proposal.clone(),
            },
            measure: Measure {
                km2: m.km2,
                occupied_km2: m.occupied_km2,
                held_km2: m.held_km2,
                by_region: m.by_region.iter().map(RegionArea::from).collect(),
                places: m
                    .places
                    .iter()
                    .map(|p| Place {
                        name: p.name.clone(),
                        population: p.population,
                        occupied: p.occupied,
                        region: p.region.clone(),
                    })
                    .collect(),
                population: m.population,
            },
        }
    }
}

/// Runs the lens; an error names the layer that could not be read.
pub fn geometry(g: &Geometry, t: &GeoTexts) -> Result<GeometryReport, String> {
    report(g, t, &front(g, t)?)
}

/// What a front depends on in a `[geometry]`: its layers, not its zones.
/// Two sections with the same key build the same [`Front`].
pub fn front_key(g: &Geometry) -> String {
    format!(
        "{:?}",
        (
            &g.occupied,
            &g.land,
            &g.line,
            &g.regions,
            &g.region_id,
            &g.region_name,
            &g.settlements
        )
    )
}

/// The front the zones are measured against: the layers read, and the
/// contact line derived when the scenario gives none. The costly part of
/// the lens, and independent of the zones, so the web app builds it once
/// per set of layers (see [`front_key`]).
pub fn front(g: &Geometry, t: &GeoTexts) -> Result<Front, String> {
    let land = read_area(&t.land.name, &t.land.text).map_err(|e| e.to_string())?;
    let occupied = read_area(&t.occupied.name, &t.occupied.text).map_err(|e| e.to_string())?;
    let line = match &t.line {
        Some(l) => Some(read_line(&l.name, &l.text).map_err(|e| e.to_string())?),
        None => None,
    };
    let regions = match &t.regions {
        Some(r) => read_regions(&r.name, &r.text, &g.region_id, &g.region_name)
            .map_err(|e| e.to_string())?,
        None => Vec::new(),
    };
    let settlements = match &t.settlements {
        Some(s) => read_settlements(&s.name, &s.text).map_err(|e| e.to_string())?,
        None => Vec::new(),
    };
    Front::new(&land, &occupied, line.as_ref(), regions, settlements).map_err(|e| e.to_string())
}

/// The lens on a front already built: every zone (in parallel), the
/// regions, the change since each earlier snapshot, the GeoJSON and the map.
pub fn report(g: &Geometry, t: &GeoTexts, front: &Front) -> Result<GeometryReport, String> {
    use rayon::prelude::*;
    let side = |s: Option<ZoneSide>| match s {
        Some(ZoneSide::Occupier) => Side::Occupied,
        _ => Side::Held,
    };
    let zones: Vec<ZoneResult> = g
        .zones
        .par_iter()
        .map(|z| {
            let kind = match z.kind {
                Kind::Symmetric => ZoneKind::Symmetric {
                    km: z.km.unwrap_or(0.0),
                },
                Kind::Withdrawal => ZoneKind::Withdrawal {
                    side: side(z.side),
                    km: z.km.unwrap_or(0.0),
                },
                Kind::Regions => ZoneKind::Regions {
                    side: side(z.side),
                    regions: z.regions.clone(),
                },
            };
            front.zone(&Zone {
                id: z.id.clone(),
                name: z.name.clone(),
                kind,
                grey: z.grey,
                proposal: z.proposal.clone(),
            })
        })
        .collect();
    let (changes, regions) = rayon::join(
        || {
            t.earlier
                .par_iter()
                .map(|(date, layer)| {
                    let before = read_area(&layer.name, &layer.text).map_err(|e| e.to_string())?;
                    Ok(front.change_since(&before, date))
                })
                .collect::<Result<Vec<detente_geo::zones::Change>, String>>()
        },
        || front.regions_split(),
    );
    let changes = changes?;
    Ok(GeometryReport {
        date: g.date.map(|d| d.to_string()),
        occupier: g.occupier.clone(),
        holder: g.holder.clone(),
        attribution: g.attribution.clone(),
        line_km: front.line_km(),
        line_derived: t.line.is_none(),
        regions: regions.iter().map(RegionArea::from).collect(),
        geojson: detente_geo::zones::to_geojson(&zones),
        map_svg: detente_geo::map::svg(front, &zones, 12, 900.0),
        zones: zones.iter().map(|z| ZoneReport::new(z, g)).collect(),
        changes: changes.iter().map(Change::from).collect(),
    })
}
