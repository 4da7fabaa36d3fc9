//! The zones territorial proposals draw, what each covers, and how the
//! occupied area changed between two dates.
//!
//! - `symmetric`: d km on each side of the contact line (Ukraine's equal
//!   5–10 km withdrawal);
//! - `withdrawal`: one side pulls back d km from the line, so the zone is
//!   the d-km band on its side;
//! - `regions`: one side leaves the rest of named regions (the US idea:
//!   Ukraine leaves the part of Donetsk it still holds);
//! - any zone may be a grey zone (neither side may be there), which is a
//!   label for reports: its extent is the same.

use geo::{BooleanOps, MultiPolygon};
use serde::Serialize;

use crate::front::{Front, Measure, RegionArea, geodesic_km2};

/// Which side of the line.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Side {
    /// The holder's: land outside the occupied area (held or contested).
    Held,
    /// The occupier's: the occupied area.
    Occupied,
}

/// How a zone is drawn.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "kebab-case", tag = "kind")]
pub enum ZoneKind {
    Symmetric { km: f64 },
    Withdrawal { side: Side, km: f64 },
    Regions { side: Side, regions: Vec<String> },
}

/// A zone of a proposal.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Zone {
    pub id: String,
    pub name: String,
    #[serde(flatten)]
    pub kind: ZoneKind,
    /// Neither side may be in it.
    pub grey: bool,
    /// The proposal it belongs to, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub proposal: Option<String>,
}

/// A zone, measured.
#[derive(Clone, Debug, Serialize)]
pub struct ZoneResult {
    #[serde(flatten)]
    pub zone: Zone,
    #[serde(flatten)]
    pub measure: Measure,
    /// The zone's extent in lon/lat, for GeoJSON and maps.
    #[serde(skip)]
    pub shape: MultiPolygon,
}

impl Front {
    fn side(&self, side: Side) -> &MultiPolygon {
        match side {
            Side::Held => &self.held,
            Side::Occupied => &self.occupied,
        }
    }

    /// The extent of a zone in local metres.
    pub fn zone_shape(&self, kind: &ZoneKind) -> MultiPolygon {
        match kind {
            ZoneKind::Symmetric { km } => self.buffer(*km),
            ZoneKind::Withdrawal { side, km } => self.buffer(*km).intersection(self.side(*side)),
            ZoneKind::Regions { side, regions } => {
                self.regions_union(regions).intersection(self.side(*side))
            }
        }
    }

    /// Draws and measures a zone.
    pub fn zone(&self, z: &Zone) -> ZoneResult {
        let shape = self.zone_shape(&z.kind);
        ZoneResult {
            measure: self.measure(&shape),
            shape: self.frame.inverse(&shape),
            zone: z.clone(),
        }
    }

    /// How the occupied area changed from `earlier` (lon/lat) to this
    /// front's, on land.
    pub fn change_since(&self, earlier: &MultiPolygon, date: &str) -> Change {
        let before = self.frame.forward(earlier).intersection(&self.land);
        let gained = self.occupied.difference(&before);
        let lost = before.difference(&self.occupied);
        let by_region = self
            .regions
            .iter()
            .map(|r| {
                let g = geodesic_km2(&self.frame, &gained.intersection(&r.shape));
                let l = geodesic_km2(&self.frame, &lost.intersection(&r.shape));
                RegionChange {
                    region: r.region.id.clone(),
                    name: r.region.name.clone(),
                    occupied_before_km2: geodesic_km2(&self.frame, &before.intersection(&r.shape)),
                    occupied_now_km2: geodesic_km2(
                        &self.frame,
                        &self.occupied.intersection(&r.shape),
                    ),
                    gained_km2: g,
                    lost_km2: l,
                }
            })
            .collect();
        Change {
            since: date.to_owned(),
            occupied_before_km2: geodesic_km2(&self.frame, &before),
            occupied_now_km2: geodesic_km2(&self.frame, &self.occupied),
            gained_km2: geodesic_km2(&self.frame, &gained),
            lost_km2: geodesic_km2(&self.frame, &lost),
            by_region,
        }
    }

    /// Occupied and held area per region.
    pub fn regions_split(&self) -> Vec<RegionArea> {
        self.regions
            .iter()
            .map(|r| RegionArea {
                region: r.region.id.clone(),
                name: r.region.name.clone(),
                km2: geodesic_km2(&self.frame, &r.shape),
                occupied_km2: geodesic_km2(&self.frame, &r.shape.intersection(&self.occupied)),
                held_km2: geodesic_km2(&self.frame, &r.shape.intersection(&self.held)),
            })
            .collect()
    }
}

/// The change of the occupied area between two dates.
#[derive(Clone, Debug, Serialize)]
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

#[derive(Clone, Debug, Serialize)]
pub struct RegionChange {
    pub region: String,
    pub name: String,
    pub occupied_before_km2: f64,
    pub occupied_now_km2: f64,
    pub gained_km2: f64,
    pub lost_km2: f64,
}

/// The zones as a GeoJSON FeatureCollection (lon/lat), one feature per
/// zone with its figures as properties.
pub fn to_geojson(zones: &[ZoneResult]) -> String {
    let features: Vec<geojson::Feature> = zones
        .iter()
        .map(|z| {
            let geometry = geojson::Geometry::new(geojson::Value::from(&z.shape));
            let mut props = serde_json::Map::new();
            props.insert("id".into(), z.zone.id.clone().into());
            props.insert("name".into(), z.zone.name.clone().into());
            if let Some(p) = &z.zone.proposal {
                props.insert("proposal".into(), p.clone().into());
            }
            props.insert("grey".into(), z.zone.grey.into());
            props.insert("area_km2".into(), round1(z.measure.km2).into());
            props.insert("occupied_km2".into(), round1(z.measure.occupied_km2).into());
            props.insert("held_km2".into(), round1(z.measure.held_km2).into());
            props.insert("places".into(), z.measure.places.len().into());
            props.insert("population".into(), z.measure.population.into());
            geojson::Feature {
                bbox: None,
                geometry: Some(geometry),
                id: None,
                properties: Some(props),
                foreign_members: None,
            }
        })
        .collect();
    geojson::GeoJson::FeatureCollection(geojson::FeatureCollection {
        bbox: None,
        features,
        foreign_members: None,
    })
    .to_string()
}

fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}
