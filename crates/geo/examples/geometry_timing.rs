//! Times the zone work for `bench/geometry.sh`: buffer the contact line at
//! 5 and 10 km, clip to land, count the settlements inside (layers loaded and
//! projected beforehand, as on the Shapely side).
//!
//! `cargo run --release -p detente-geo --example geometry_timing -- DIR [REPEATS]`

use std::time::Instant;

use detente_geo::front::Front;
use detente_geo::layers::{read_area, read_line, read_settlements};
use geo::{Area, Contains};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let dir = std::path::PathBuf::from(args.first().map_or("../shared/data/geo", String::as_str));
    let repeats: usize = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(5);
    let text = |f: &str| std::fs::read_to_string(dir.join(f)).expect("readable layer");
    let land = read_area("land", &text("ukr_land_mask.geojson")).expect("land");
    let occupied =
        read_area("occupied", &text("deepstate_occupied_20251215.geojson")).expect("occupied");
    let line = read_line("line", &text("contact_line_20251215_derived.geojson")).expect("line");
    let places = read_settlements("places", &text("settlements_front_oblasts_geonames.csv"))
        .expect("places");
    let front = Front::new(&land, &occupied, Some(&line), vec![], places).expect("front");
    for km in [5.0, 10.0] {
        let t0 = Instant::now();
        let mut inside = 0;
        let mut area = 0.0;
        for _ in 0..repeats {
            let zone = front.buffer(km);
            inside = front
                .settlements
                .iter()
                .filter(|(_, p)| zone.contains(p))
                .count();
            area = zone.unsigned_area();
        }
        let ms = t0.elapsed().as_secs_f64() * 1e3 / repeats as f64;
        println!(
            "{km} km: {:.0} km2 (planar), {inside} places, {ms:.1} ms",
            area / 1e6
        );
    }
}
