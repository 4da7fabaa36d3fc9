#!/usr/bin/env bash
# Budgets (issue 14, docs/budget.md): time and peak memory of what used to exhaust
# memory, now bounded. A perfectly opposed two-party domain of 15 issues x 10 options
# (10^15 packages, every one Pareto-optimal) is generated and its packages lens run
# within the default frontier budget; then the Monte Carlo memory per value that
# `Estimate` is calibrated on (MC_BYTES_PER_VALUE).
#   bash bench/budget.sh
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release -q
D=target/release/detente
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
python3 - "$tmp/opposed.toml" <<'PY'
import random, sys
random.seed(3)
out = ['[scenario]\nid = "opposed"\ntitle = "Opposed"\nas_of = 2026-01-01\n']
for a in "ab":
    out.append(f'[[actor]]\nid = "{a}"\nname = "{a.upper()}"\nrole = "party"\ncapability = 1.0\n')
opts = ", ".join(f'"v{i}"' for i in range(10))
for k in range(15):
    out.append(f'[[issue]]\nid = "i{k}"\nname = "I{k}"\ntrack = "security"\noptions = [{opts}]\n')
    s = random.uniform(0.1, 1)
    for a, at in (("a", "v0"), ("b", "v9")):
        out.append(f'[[position]]\nactor = "{a}"\nissue = "i{k}"\nat = "{at}"\nsalience = {s:.6f}\nestimate = "analyst"\nrationale = "t"\n')
open(sys.argv[1], "w").write("\n".join(out))
PY
/usr/bin/time -f "opposed 10^15 packages, frontier thinned at 10^6 vectors: %e s, %M KB peak" \
  "$D" packages "$tmp/opposed.toml" > "$tmp/out.txt"
grep -m1 "is not exact" "$tmp/out.txt" | cut -c1-160
# Monte Carlo: one issue's runs are kept while its quantiles are taken.
for runs in 100000 1000000; do
  /usr/bin/time -f "forecast, one issue (crates/cli/tests/scenarios/opposed.toml i0), $runs runs: %e s, %M KB peak" \
    "$D" forecast crates/cli/tests/scenarios/opposed.toml --issue i0 --runs "$runs" > /dev/null
done
