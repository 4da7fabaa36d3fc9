#!/usr/bin/env bash
# Forecast lens benchmark: one SMP run, one expected-utility run, 10,000
# Monte Carlo runs of all models over the built-in scenario, and SMP scaling
# with 40/80/160 actors, beside KTAB's own `smpc` figures measured on this
# kind of machine (shared/docs/design.md: 2.1 s for the 10-actor
# car-emissions case, 7.7 s for the 26-actor SOE-Policy.csv). KTAB needs Qt
# and SQLite to build and is not installable here, so its recorded times
# are the comparison.
#   bash bench/forecast.sh
set -euo pipefail
cd "$(dirname "$0")/.."
K=../shared/data/forecast/ktab
[ -d "$K" ] || { echo "needs ../shared/data/forecast/ktab beside the checkout"; exit 2; }
cargo build --release -q -p detente-forecast --example forecast_timing
cargo build --release -q -p detente-cli
t=target/release/examples/forecast_timing

ms_of() { sed -E 's/.* ([0-9.]+) ms$/\1/'; }
ratio() { awk -v p="$1" -v m="$2" 'BEGIN { printf "%.0fx", p * 1000 / m }'; }

printf "%-44s %14s %10s %8s\n" "work" "detente" "KTAB (s)" "faster"
line=$("$t" smp-car 100); ms=$(ms_of <<<"$line")
printf "%-44s %11s ms %10s %8s\n" "SMP, car emissions (10 actors)" "$ms" 2.1 "$(ratio 2.1 "$ms")"
line=$("$t" smp "$K/SOE-Policy.csv" 20); ms=$(ms_of <<<"$line")
printf "%-44s %11s ms %10s %8s\n" "SMP, SOE-Policy.csv (26 actors)" "$ms" 7.7 "$(ratio 7.7 "$ms")"
line=$("$t" eu 2000); ms=$(ms_of <<<"$line")
printf "%-44s %11s ms %10s %8s\n" "expected utility, car emissions, 10 rounds" "$ms" - -
start=$(date +%s.%N)
target/release/detente forecast --runs 10000 --format json > /dev/null
end=$(date +%s.%N)
s=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.2f", b - a }')
printf "%-44s %12s s %10s %8s\n" "10,000 MC runs, all models, built-in" "$s" - -
echo
echo "SMP scaling (one run, default parameters):"
for f in SOE-Policy.csv SOE-Competitive.csv dummyData-a040.csv dummyData-a080.csv dummyData-a160.csv; do
  "$t" smp "$K/$f" 3
done
