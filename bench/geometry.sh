#!/usr/bin/env bash
# Geometry lens benchmark: buffer the 1,281 km contact line at 5 and 10 km,
# clip to land and count settlements, detente (geo + proj4rs) beside
# Shapely/GEOS (PyPI, installed into bench/.venv-geo) in the same run.
#   bash bench/geometry.sh
set -euo pipefail
cd "$(dirname "$0")/.."
D=../shared/data/geo
[ -d "$D" ] || { echo "needs ../shared/data/geo beside the checkout"; exit 2; }
cargo build --release -q -p detente-geo --example geometry_timing
if [ ! -x bench/.venv-geo/bin/python ]; then
  python3 -m venv bench/.venv-geo
  bench/.venv-geo/bin/pip install -q shapely pyproj
fi
echo "detente (geo, proj4rs):"
target/release/examples/geometry_timing "$D" 5 | sed 's/^/  /'
echo "Shapely/GEOS:"
bench/.venv-geo/bin/python bench/shapely_zones.py "$D" 5 | sed 's/^/  /'
