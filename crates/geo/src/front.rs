//! The front: land, the occupied area, the contact line, regions and
//! settlements in one local metric frame, and the zones proposals draw on
//! it.
//!
//! Buffers and boolean operations run in a transverse Mercator projection
//! centred near the front (`+proj=tmerc +lat_0=48 +lon_0=36`, WGS84, via the
//! pure-Rust `proj4rs`), where a kilometre is a kilometre; areas are then
//! measured geodesically on WGS84 (Karney 2013, via `geo`'s
//! `GeodesicArea`) on the geometry taken back to lon/lat.
//!
//! The contact line, when derived from an occupied-area polygon, is that
//! polygon's boundary where it lies inside the country: boundary parts
//! within [`EDGE_KM`] of the state border or the coast are dropped, as are
//! fragments shorter than [`MIN_FRAGMENT_KM`] and fragments whose other side
//! is not land (slivers along a coast or border).

use geo::algorithm::buffer::{BufferStyle, LineJoin};
use geo::{
    Area, BooleanOps, BoundingRect, Buffer, Contains, Coord, Euclidean, GeodesicArea, Length,
    LineString, MapCoords, MultiLineString, MultiPolygon, Point, Polygon, Simplify,
};
use proj4rs::proj::Proj;
use serde::Serialize;
use thiserror::Error;

use crate::layers::{Region, Settlement};

/// Boundary parts closer than this to the state border or coast are not
/// contact line.
pub const EDGE_KM: f64 = 1.5;
/// Shorter derived fragments are dropped.
pub const MIN_FRAGMENT_KM: f64 = 2.0;
/// A fragment whose held side is a piece of land smaller than this is a
/// sliver along a coast or border, not a front.
pub const MIN_HELD_KM2: f64 = 100.0;
/// Before buffering, the line is simplified (Douglas–Peucker) by this many
/// metres, far below the data's precision. Buffering the raw 1,281 km line
/// with `geo` leaves spurious micro-holes (about 0.002 km²) that GEOS does
/// not; which settings avoid them varies with the distance, so holes
/// smaller than [`MIN_HOLE_KM2`] are also filled.
pub const SIMPLIFY_M: f64 = 20.0;
/// A zone's part in a region smaller than this is a border sliver, not
/// listed.
pub const MIN_REGION_KM2: f64 = 0.5;
/// Holes of a line buffer smaller than this are numerical artefacts.
pub const MIN_HOLE_KM2: f64 = 0.05;
/// Round joins use segments of this angle (radians), close to GEOS's
/// default of 8 segments per quarter circle.
pub const JOIN_ANGLE: f64 = 0.2;

#[derive(Debug, Error)]
pub enum FrontError {
    #[error("projection: {0}")]
    Projection(String),
}

/// Lon/lat ↔ metres in the local transverse Mercator frame.
pub struct Frame {
    geographic: Proj,
    local: Proj,
}

impl Frame {
    /// A transverse Mercator frame centred at (`lat0`, `lon0`).
    pub fn new(lat0: f64, lon0: f64) -> Result<Frame, FrontError> {
        let p =
            |s: &str| Proj::from_proj_string(s).map_err(|e| FrontError::Projection(e.to_string()));
        Ok(Frame {
            geographic: p("+proj=longlat +ellps=WGS84 +datum=WGS84 +no_defs")?,
            local: p(&format!(
                "+proj=tmerc +lat_0={lat0} +lon_0={lon0} +k=1 +x_0=0 +y_0=0 +ellps=WGS84 +units=m +no_defs"
            ))?,
        })
    }

    /// Lon/lat degrees to local metres.
    pub fn forward<G: proj4rs::transform::Transform + MapCoords<f64, f64, Output = G>>(
        &self,
        g: &G,
    ) -> G {
        let mut g = g.map_coords(|c| Coord {
            x: c.x.to_radians(),
            y: c.y.to_radians(),
        });
        // A point outside the projection's domain would be an input error the
        // checks before have ruled out; keep it unprojected rather than panic.
        let _ = proj4rs::transform::transform(&self.geographic, &self.local, &mut g);
        g
    }

    /// Local metres to lon/lat degrees.
    pub fn inverse<G: proj4rs::transform::Transform + MapCoords<f64, f64, Output = G>>(
        &self,
        g: &G,
    ) -> G {
        let mut g = g.clone_for_transform();
        let _ = proj4rs::transform::transform(&self.local, &self.geographic, &mut g);
        g.map_coords(|c| Coord {
            x: c.x.to_degrees(),
            y: c.y.to_degrees(),
        })
    }
}

/// Cloning through `map_coords` (identity), for the generic transforms.
trait CloneForTransform {
    fn clone_for_transform(&self) -> Self;
}

impl<G: MapCoords<f64, f64, Output = G>> CloneForTransform for G {
    fn clone_for_transform(&self) -> G {
        self.map_coords(|c| c)
    }
}

/// Geodesic area (km²) of a polygon given in local metres. Rings are
/// oriented first (exteriors counter-clockwise), since a clockwise ring
/// would be measured as the rest of the globe.
pub fn geodesic_km2(frame: &Frame, mp: &MultiPolygon) -> f64 {
    use geo::orient::{Direction, Orient};
    frame
        .inverse(mp)
        .orient(Direction::Default)
        .0
        .iter()
        .map(|p| p.geodesic_area_signed().abs())
        .sum::<f64>()
        / 1e6
}

/// A region clipped to land, in local metres.
pub struct LocalRegion {
    pub region: Region,
    pub shape: MultiPolygon,
}

/// Every layer in the local frame.
pub struct Front {
    pub frame: Frame,
    pub land: MultiPolygon,
    /// The occupied area clipped to land.
    pub occupied: MultiPolygon,
    /// Land not occupied: held by the side that holds the land, or contested.
    pub held: MultiPolygon,
    pub line: MultiLineString,
    pub regions: Vec<LocalRegion>,
    pub settlements: Vec<(Settlement, Point)>,
}

impl Front {
    /// Builds the front from lon/lat layers. Without `line`, the contact line
    /// is derived from the occupied area (see the module docs).
    pub fn new(
        land: &MultiPolygon,
        occupied: &MultiPolygon,
        line: Option<&MultiLineString>,
        regions: Vec<Region>,
        settlements: Vec<Settlement>,
    ) -> Result<Front, FrontError> {
        let frame = Frame::new(48.0, 36.0)?;
        let land = frame.forward(land);
        let occupied = frame.forward(occupied).intersection(&land);
        let held = land.difference(&occupied);
        let line = match line {
            Some(l) => frame.forward(l),
            None => derive_line(&land, &occupied),
        };
        let regions = regions
            .into_iter()
            .map(|r| {
                let shape = frame.forward(&r.shape).intersection(&land);
                LocalRegion { region: r, shape }
            })
            .collect();
        let settlements = settlements
            .into_iter()
            .map(|s| {
                let p = frame.forward(&Point::new(s.lon, s.lat));
                (s, p)
            })
            .collect();
        Ok(Front {
            frame,
            land,
            occupied,
            held,
            line,
            regions,
            settlements,
        })
    }

    /// Length of the contact line in km.
    pub fn line_km(&self) -> f64 {
        self.line.0.iter().map(|l| Euclidean.length(l)).sum::<f64>() / 1000.0
    }

    /// The contact line in lon/lat.
    pub fn line_lonlat(&self) -> MultiLineString {
        self.frame.inverse(&self.line)
    }

    /// A buffer of `km` around the contact line, clipped to land.
    pub fn buffer(&self, km: f64) -> MultiPolygon {
        self.line_buffer(km).intersection(&self.land)
    }

    /// A buffer of `km` around the contact line, not clipped.
    pub fn line_buffer(&self, km: f64) -> MultiPolygon {
        let style = BufferStyle::new(km * 1000.0).line_join(LineJoin::Round(JOIN_ANGLE));
        let b = self.line.simplify(SIMPLIFY_M).buffer_with_style(style);
        MultiPolygon(
            b.0.into_iter()
                .map(|p| {
                    let (exterior, holes) = p.into_inner();
                    let holes = holes
                        .into_iter()
                        .filter(|h| {
                            Polygon::new(h.clone(), vec![]).unsigned_area() >= MIN_HOLE_KM2 * 1e6
                        })
                        .collect();
                    Polygon::new(exterior, holes)
                })
                .collect(),
        )
    }

    /// The union of the named regions (by id), clipped to land.
    pub fn regions_union(&self, ids: &[String]) -> MultiPolygon {
        self.regions
            .iter()
            .filter(|r| ids.contains(&r.region.id))
            .fold(MultiPolygon(vec![]), |acc, r| acc.union(&r.shape))
    }

    /// Everything a zone covers: areas by side and by region, and the
    /// settlements inside.
    pub fn measure(&self, zone: &MultiPolygon) -> Measure {
        let occupied = zone.intersection(&self.occupied);
        let held = zone.intersection(&self.held);
        let by_region = self
            .regions
            .iter()
            .filter_map(|r| {
                let bb_hit = match (zone.bounding_rect(), r.shape.bounding_rect()) {
                    (Some(a), Some(b)) => {
                        a.min().x <= b.max().x
                            && b.min().x <= a.max().x
                            && a.min().y <= b.max().y
                            && b.min().y <= a.max().y
                    }
                    _ => false,
                };
                if !bb_hit {
                    return None;
                }
                let part = zone.intersection(&r.shape);
                let km2 = geodesic_km2(&self.frame, &part);
                // Slivers along shared borders are not a region's share.
                if km2 < MIN_REGION_KM2 {
                    return None;
                }
                Some(RegionArea {
                    region: r.region.id.clone(),
                    name: r.region.name.clone(),
                    km2,
                    occupied_km2: geodesic_km2(&self.frame, &part.intersection(&self.occupied)),
                    held_km2: geodesic_km2(&self.frame, &part.intersection(&self.held)),
                })
            })
            .collect();
        let mut places: Vec<Place> = self
            .settlements
            .iter()
            .filter(|(_, p)| zone.contains(p))
            .map(|(s, p)| Place {
                name: s.name.clone(),
                population: s.population,
                occupied: self.occupied.contains(p),
                region: self
                    .regions
                    .iter()
                    .find(|r| r.shape.contains(p))
                    .map(|r| r.region.id.clone()),
            })
            .collect();
        places.sort_by(|a, b| b.population.cmp(&a.population).then(a.name.cmp(&b.name)));
        Measure {
            km2: geodesic_km2(&self.frame, zone),
            occupied_km2: geodesic_km2(&self.frame, &occupied),
            held_km2: geodesic_km2(&self.frame, &held),
            by_region,
            population: places.iter().map(|p| p.population).sum(),
            places,
        }
    }
}

/// What a zone covers.
#[derive(Clone, Debug, Serialize)]
pub struct Measure {
    pub km2: f64,
    pub occupied_km2: f64,
    pub held_km2: f64,
    pub by_region: Vec<RegionArea>,
    /// Places inside, most populous first.
    pub places: Vec<Place>,
    /// Their total (pre-war, for GeoNames) population.
    pub population: u64,
}

#[derive(Clone, Debug, Serialize)]
pub struct RegionArea {
    pub region: String,
    pub name: String,
    pub km2: f64,
    pub occupied_km2: f64,
    pub held_km2: f64,
}

#[derive(Clone, Debug, Serialize)]
pub struct Place {
    pub name: String,
    pub population: u64,
    pub occupied: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
}

/// The occupied area's boundary where it lies inside the country.
fn derive_line(land: &MultiPolygon, occupied: &MultiPolygon) -> MultiLineString {
    let inner = land.buffer(-EDGE_KM * 1000.0);
    let rings: Vec<LineString> = occupied
        .0
        .iter()
        .flat_map(|p| std::iter::once(p.exterior().clone()).chain(p.interiors().iter().cloned()))
        .collect();
    let clipped = inner.clip(&MultiLineString(rings), false);
    // The held side of each fragment must be more than a sliver: a coastal
    // spit or a strip along the border is not a front.
    let held = land.difference(occupied);
    let keep = |l: &LineString| -> bool {
        if Euclidean.length(l) < MIN_FRAGMENT_KM * 1000.0 {
            return false;
        }
        // Probe 1 km to each side of the fragment's middle segment.
        let n = l.0.len();
        let (a, b) = (l.0[(n - 1) / 2], l.0[(n - 1) / 2 + 1]);
        let mid = Coord {
            x: (a.x + b.x) / 2.0,
            y: (a.y + b.y) / 2.0,
        };
        let (dx, dy) = (b.x - a.x, b.y - a.y);
        let len = (dx * dx + dy * dy).sqrt().max(1e-9);
        let normal = Coord {
            x: -dy / len * 1000.0,
            y: dx / len * 1000.0,
        };
        let probes = [
            Point::from(Coord {
                x: mid.x + normal.x,
                y: mid.y + normal.y,
            }),
            Point::from(Coord {
                x: mid.x - normal.x,
                y: mid.y - normal.y,
            }),
        ];
        let Some(held_probe) = probes.iter().find(|p| !occupied.contains(*p)) else {
            return false;
        };
        held.0
            .iter()
            .find(|poly| poly.contains(held_probe))
            .is_some_and(|poly| poly.unsigned_area() >= MIN_HELD_KM2 * 1e6)
    };
    MultiLineString(clipped.0.into_iter().filter(keep).collect())
}

/// A polygon ring count helper for the micro-hole check: holes smaller than
/// `km2` in a multipolygon.
pub fn tiny_holes(mp: &MultiPolygon, km2: f64) -> usize {
    mp.0.iter()
        .flat_map(|p| p.interiors())
        .filter(|r| Polygon::new((*r).clone(), vec![]).unsigned_area() < km2 * 1e6)
        .count()
}
