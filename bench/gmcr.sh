#!/usr/bin/env bash
# Stability lens benchmark: full analysis (all DMs; Nash, GMR, SMR, SEQ, SIM) of
# random conflicts, time and peak memory, beside the GMCR+ (gmcr-py) figures
# measured on this kind of machine (shared/docs/design.md). GMCR+ itself is not
# installable here (not on PyPI), so its recorded times are the comparison.
#   bash bench/gmcr.sh            # the two peer cases and the scaling series
#   bash bench/gmcr.sh quick      # peer cases only
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release -q -p detente-gmcr --example scale
bin=target/release/examples/scale
command -v /usr/bin/time >/dev/null || { echo "needs /usr/bin/time (apt-get install time)"; exit 2; }

run() { # dms per shape peer_seconds
  local out mem ms
  out=$( { /usr/bin/time -f "%M" "$bin" "$1" "$2" "$3"; } 2>&1 )
  mem=$(tail -1 <<<"$out")
  ms=$(head -1 <<<"$out" | sed -E 's/.*total ([0-9.]+) ms.*/\1/')
  local states
  states=$(head -1 <<<"$out" | sed -E 's/.*: ([0-9]+) states.*/\1/')
  local ratio="-"
  if [ "$4" != "-" ]; then ratio=$(awk -v p="$4" -v m="$ms" 'BEGIN { printf "%.0fx", p * 1000 / m }'); fi
  printf "%-28s %9s %12s %10s MiB %12s %8s\n" "$1 DMs x $2 ($3)" "$states" "$ms ms" "$(awk -v k="$mem" 'BEGIN{printf "%.0f", k/1024}')" "$4" "$ratio"
}

printf "%-28s %9s %12s %14s %12s %8s\n" "conflict" "states" "detente" "peak memory" "GMCR+ (s)" "faster"
run 4 3 not-all-or-none 34
run 2 7 not-first-two 229
[ "${1:-}" = quick ] && exit 0
for spec in "2 3" "2 5" "3 4" "2 7" "4 4" "2 9" "3 6" "5 4" "4 5"; do
  run $spec free -
done
