"""Shapely side of bench/geometry.sh: buffer the contact line at 5 and 10 km
in the same local transverse Mercator frame, clip to land, count settlements;
layers loaded and projected before timing. Prints one line per distance."""
import csv
import json
import sys
import time

import warnings

import shapely
from pyproj import Transformer
from shapely.geometry import shape
from shapely.ops import transform, unary_union

warnings.simplefilter("ignore", DeprecationWarning)
d = sys.argv[1]
repeats = int(sys.argv[2]) if len(sys.argv) > 2 else 5
tr = Transformer.from_crs("EPSG:4326", "+proj=tmerc +lat_0=48 +lon_0=36 +ellps=WGS84 +units=m", always_xy=True)


def load(name):
    gj = json.load(open(f"{d}/{name}"))
    return unary_union([shape(f["geometry"]) for f in gj["features"]])


land = transform(tr.transform, load("ukr_land_mask.geojson"))
line = transform(tr.transform, load("contact_line_20251215_derived.geojson"))
xs, ys = [], []
with open(f"{d}/settlements_front_oblasts_geonames.csv") as f:
    for row in csv.DictReader(f):
        x, y = tr.transform(float(row["lon"]), float(row["lat"]))
        xs.append(x)
        ys.append(y)
for km in (5, 10):
    t0 = time.perf_counter()
    for _ in range(repeats):
        zone = line.buffer(km * 1000).intersection(land)
        inside = int(shapely.contains_xy(zone, xs, ys).sum())
    ms = (time.perf_counter() - t0) * 1e3 / repeats
    print(f"{km} km: {zone.area / 1e6:.0f} km2 (planar), {inside} places, {ms:.1f} ms")
