//! Reading the map layers: GeoJSON areas and lines (lon/lat, WGS84) and a
//! settlements table (CSV with name, lat, lon, population columns).
//!
//! Readers take text, not paths: the lens does no I/O, and the data (some
//! of it not open, like DeepState's) stays wherever the user keeps it.

use geo::{MultiLineString, MultiPolygon, Polygon};
use serde::Serialize;
use thiserror::Error;

#[derive(Debug, Error, PartialEq)]
#[error("{file}{}: {message}", line.map_or(String::new(), |l| format!(":{l}")))]
pub struct LayerError {
    pub file: String,
    pub line: Option<usize>,
    pub message: String,
}

fn err(file: &str, line: Option<usize>, message: impl Into<String>) -> LayerError {
    LayerError {
        file: file.into(),
        line,
        message: message.into(),
    }
}

/// A feature's geometry and properties.
type Feature = (
    geojson::Geometry,
    serde_json::Map<String, serde_json::Value>,
);

/// Every geometry of a GeoJSON document, with each feature's properties.
fn geometries(file: &str, text: &str) -> Result<Vec<Feature>, LayerError> {
    let gj: geojson::GeoJson = text
        .parse()
        .map_err(|e: geojson::Error| err(file, None, format!("not GeoJSON: {e}")))?;
    Ok(match gj {
        geojson::GeoJson::FeatureCollection(fc) => fc
            .features
            .into_iter()
            .filter_map(|f| f.geometry.map(|g| (g, f.properties.unwrap_or_default())))
            .collect(),
        geojson::GeoJson::Feature(f) => f
            .geometry
            .map(|g| (g, f.properties.unwrap_or_default()))
            .into_iter()
            .collect(),
        geojson::GeoJson::Geometry(g) => vec![(g, Default::default())],
    })
}

fn to_polygons(file: &str, g: geojson::Geometry) -> Result<Vec<Polygon>, LayerError> {
    let geom: geo::Geometry = g
        .try_into()
        .map_err(|e: geojson::Error| err(file, None, format!("unreadable geometry: {e}")))?;
    Ok(match geom {
        geo::Geometry::Polygon(p) => vec![p],
        geo::Geometry::MultiPolygon(mp) => mp.0,
        geo::Geometry::GeometryCollection(gc) => {
            gc.0.into_iter()
                .flat_map(|g| match g {
                    geo::Geometry::Polygon(p) => vec![p],
                    geo::Geometry::MultiPolygon(mp) => mp.0,
                    _ => vec![],
                })
                .collect()
        }
        other => {
            return Err(err(
                file,
                None,
                format!("expected (Multi)Polygon areas, found a {}", kind(&other)),
            ));
        }
    })
}

fn kind(g: &geo::Geometry) -> &'static str {
    match g {
        geo::Geometry::Point(_) | geo::Geometry::MultiPoint(_) => "point",
        geo::Geometry::LineString(_)
        | geo::Geometry::MultiLineString(_)
        | geo::Geometry::Line(_) => "line",
        _ => "geometry of another kind",
    }
}

/// All (Multi)Polygon features of a GeoJSON document as one MultiPolygon.
pub fn read_area(file: &str, text: &str) -> Result<MultiPolygon, LayerError> {
    let mut out = Vec::new();
    for (g, _) in geometries(file, text)? {
        out.extend(to_polygons(file, g)?);
    }
    if out.is_empty() {
        return Err(err(file, None, "no polygon in the file"));
    }
    Ok(MultiPolygon(out))
}

/// All (Multi)LineString features as one MultiLineString.
pub fn read_line(file: &str, text: &str) -> Result<MultiLineString, LayerError> {
    let mut out = Vec::new();
    for (g, _) in geometries(file, text)? {
        let geom: geo::Geometry = g
            .try_into()
            .map_err(|e: geojson::Error| err(file, None, format!("unreadable geometry: {e}")))?;
        match geom {
            geo::Geometry::LineString(l) => out.push(l),
            geo::Geometry::MultiLineString(m) => out.extend(m.0),
            other => {
                return Err(err(
                    file,
                    None,
                    format!("expected (Multi)LineString lines, found a {}", kind(&other)),
                ));
            }
        }
    }
    if out.is_empty() {
        return Err(err(file, None, "no line in the file"));
    }
    Ok(MultiLineString(out))
}

/// An administrative region.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Region {
    pub id: String,
    pub name: String,
    #[serde(skip)]
    pub shape: MultiPolygon,
}

/// Regions from a GeoJSON FeatureCollection; `id_key` and `name_key` name
/// the properties that hold each region's id (e.g. `shapeISO`) and name.
pub fn read_regions(
    file: &str,
    text: &str,
    id_key: &str,
    name_key: &str,
) -> Result<Vec<Region>, LayerError> {
    let mut out = Vec::new();
    for (k, (g, props)) in geometries(file, text)?.into_iter().enumerate() {
        let prop = |key: &str| props.get(key).and_then(|v| v.as_str()).map(str::to_owned);
        let id = prop(id_key).ok_or_else(|| {
            err(
                file,
                None,
                format!("feature {}: no `{id_key}` property", k + 1),
            )
        })?;
        let name = prop(name_key).unwrap_or_else(|| id.clone());
        out.push(Region {
            id,
            name,
            shape: MultiPolygon(to_polygons(file, g)?),
        });
    }
    Ok(out)
}

/// A populated place.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Settlement {
    pub name: String,
    pub lat: f64,
    pub lon: f64,
    pub population: u64,
}

/// A settlements table: a CSV with a header naming `name`, `lat`, `lon` and
/// `population` columns (others are ignored; quotes are not supported).
pub fn read_settlements(file: &str, text: &str) -> Result<Vec<Settlement>, LayerError> {
    let mut lines = text.lines().enumerate();
    let Some((_, header)) = lines.next() else {
        return Err(err(file, Some(1), "empty file"));
    };
    let cols: Vec<&str> = header.split(',').map(str::trim).collect();
    let col = |name: &str| {
        cols.iter()
            .position(|c| c.eq_ignore_ascii_case(name))
            .ok_or_else(|| {
                err(
                    file,
                    Some(1),
                    format!("no `{name}` column; the header needs name, lat, lon, population"),
                )
            })
    };
    let (n, la, lo, po) = (col("name")?, col("lat")?, col("lon")?, col("population")?);
    let mut out = Vec::new();
    for (i, line) in lines {
        if line.trim().is_empty() {
            continue;
        }
        let f: Vec<&str> = line.split(',').map(str::trim).collect();
        let get = |k: usize, what: &str| {
            f.get(k)
                .copied()
                .ok_or_else(|| err(file, Some(i + 1), format!("missing {what}")))
        };
        let num = |k: usize, what: &str| -> Result<f64, LayerError> {
            let t = get(k, what)?;
            t.parse::<f64>()
                .ok()
                .filter(|v| v.is_finite())
                .ok_or_else(|| err(file, Some(i + 1), format!("{what} `{t}` is not a number")))
        };
        let lat = num(la, "lat")?;
        let lon = num(lo, "lon")?;
        if !(-90.0..=90.0).contains(&lat) || !(-180.0..=180.0).contains(&lon) {
            return Err(err(
                file,
                Some(i + 1),
                format!("({lat}, {lon}) is not a lat/lon position"),
            ));
        }
        let population = num(po, "population")?;
        out.push(Settlement {
            name: get(n, "name")?.to_owned(),
            lat,
            lon,
            population: population.max(0.0) as u64,
        });
    }
    Ok(out)
}
