//! Reference figures of ../shared/data/geo/README.md (2025-12-15; computed
//! there with shapely/GEOS and pyproj, geodesic WGS84), each to within 0.5%.
//! The DeepState-derived files are read from ../shared, never copied here.

use std::path::PathBuf;

use detente_geo::front::{Front, geodesic_km2, tiny_holes};
use detente_geo::layers::{read_area, read_line, read_regions, read_settlements};
use geo::{BooleanOps, Length};

fn text(name: &str) -> String {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/data/geo")
        .join(name);
    std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

fn front(derived: bool) -> Front {
    let land = read_area("land", &text("ukr_land_mask.geojson")).unwrap();
    let occupied = read_area("occupied", &text("deepstate_occupied_20251215.geojson")).unwrap();
    let line = read_line("line", &text("contact_line_20251215_derived.geojson")).unwrap();
    let regions = read_regions(
        "regions",
        &text("ukr_front_oblasts_land.geojson"),
        "shapeISO",
        "name_en",
    )
    .unwrap();
    let settlements = read_settlements(
        "settlements",
        &text("settlements_front_oblasts_geonames.csv"),
    )
    .unwrap();
    Front::new(
        &land,
        &occupied,
        if derived { None } else { Some(&line) },
        regions,
        settlements,
    )
    .unwrap()
}

fn close(got: f64, want: f64, what: &str) {
    assert!(
        (got - want).abs() <= 0.005 * want,
        "{what}: {got:.1} vs {want} (more than 0.5% off)"
    );
}

#[test]
fn occupied_area_and_donetsk_split() {
    let f = front(false);
    close(
        geodesic_km2(&f.frame, &f.occupied),
        115_060.0,
        "occupied area clipped to land",
    );
    let donetsk = f.regions.iter().find(|r| r.region.id == "UA-14").unwrap();
    close(
        geodesic_km2(&f.frame, &donetsk.shape),
        26_582.0,
        "Donetsk land",
    );
    close(
        geodesic_km2(&f.frame, &donetsk.shape.intersection(&f.occupied)),
        20_541.0,
        "Donetsk occupied",
    );
    let rest = donetsk.shape.difference(&f.occupied);
    let m = f.measure(&rest);
    close(m.km2, 6_040.0, "Donetsk remainder");
    assert_eq!(m.places.len(), 19, "{:?}", m.places);
    assert_eq!(m.population, 539_804);
    assert_eq!(m.places[0].name, "Kramatorsk");
    for (id, occupied, total) in [
        ("UA-09", 26_570.0, 26_676.0),
        ("UA-23", 20_146.0, 27_062.0),
        ("UA-65", 19_024.0, 26_314.0),
    ] {
        let r = f.regions.iter().find(|r| r.region.id == id).unwrap();
        close(geodesic_km2(&f.frame, &r.shape), total, id);
        close(
            geodesic_km2(&f.frame, &r.shape.intersection(&f.occupied)),
            occupied,
            id,
        );
    }
}

#[test]
fn symmetric_zones() {
    let f = front(false);
    close(f.line_km(), 1_281.0, "contact line length");
    for (km, total, ru, ua, places, people) in [
        (5.0, 10_667.0, 5_124.0, 5_543.0, 41, 556_703),
        (10.0, 19_758.0, 9_322.0, 10_436.0, 59, 910_660),
    ] {
        let zone = f.buffer(km);
        let m = f.measure(&zone);
        close(m.km2, total, &format!("{km} km zone"));
        close(
            m.occupied_km2,
            ru,
            &format!("{km} km zone, Russian-held side"),
        );
        close(m.held_km2, ua, &format!("{km} km zone, Ukrainian side"));
        assert_eq!(m.places.len(), places, "{km} km: {:?}", m.places);
        assert_eq!(m.population, people, "{km} km");
        // Regression: buffering leaves no spurious micro-holes (geo on the
        // raw line left one that GEOS does not); holes of the zone are the
        // land mask's own.
        assert_eq!(
            tiny_holes(&f.line_buffer(km), 0.1),
            0,
            "{km} km buffer has micro-holes"
        );
    }
}

/// The contact line derived here from the occupied polygon and the land
/// mask, by the README's method: 7 lines, 1,281 km in all, the main one
/// 1,191 km.
#[test]
fn derived_contact_line() {
    let f = front(true);
    assert_eq!(f.line.0.len(), 7);
    close(f.line_km(), 1_281.0, "derived line");
    let longest = f
        .line
        .0
        .iter()
        .map(|l| geo::Euclidean.length(l))
        .fold(0.0, f64::max)
        / 1000.0;
    close(longest, 1_191.4, "main line");
}
