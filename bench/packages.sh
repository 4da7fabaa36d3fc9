#!/usr/bin/env bash
# Packages lens benchmark: the exact Pareto frontier (plus the Nash solution)
# on ANAC Travel and on random additive domains, beside NegMAS (PyPI) on the
# same shapes in the same run; the ratio is NegMAS time / detente time.
# NegMAS enumerates every outcome; detente merges issue by issue.
#   bash bench/packages.sh            # installs NegMAS into bench/.venv once
#   NEGMAS=0 bash bench/packages.sh   # detente only
set -euo pipefail
cd "$(dirname "$0")/.."
D=../shared/data/negotiation-domains
cargo build --release -q -p detente-bargain --example packages_timing
t=target/release/examples/packages_timing
ms_of() { sed -E 's/.* ([0-9.]+) ms$/\1/'; }

peer() { echo "-"; }
if [ "${NEGMAS:-1}" != 0 ]; then
  if [ ! -x bench/.venv/bin/python ]; then
    python3 -m venv bench/.venv
    bench/.venv/bin/pip install -q "negmas==0.16.*" || bench/.venv/bin/pip install -q negmas
  fi
  peer() { bench/.venv/bin/python bench/negmas_frontier.py "$@"; }
fi

printf "%-44s %14s %10s %12s %9s\n" "domain" "outcomes" "detente" "NegMAS" "ratio"
row() { # label detente-line negmas-ms
  local out ms
  out=$1; ms=$(ms_of <<<"$2")
  local r="-"
  if [ "$3" != "-" ]; then r=$(awk -v p="$3" -v m="$ms" 'BEGIN { printf "%.0fx", p / m }'); fi
  printf "%-44s %14s %9s ms %9s ms %9s\n" "$out" "$(sed -E 's/.*: ([0-9]+) outcomes.*/\1/' <<<"$2")" "$ms" "$3" "$r"
}
row "ANAC Travel (2 parties)" "$($t travel $D/anac/y2010/Travel)" "$(peer travel $D/anac/y2010/Travel)"
row "random 10 issues x 5 values, 2 parties" "$($t random 10 5 2 1)" "$(peer random 10 5 2)"
row "random 10 issues x 5 values, 3 parties" "$($t random 10 5 3 1)" "$(peer random 10 5 3)"
row "random 20 issues x 4 values, 2 parties" "$($t random 20 4 2 1)" "-"
echo "(NegMAS cannot enumerate 10^12 outcomes; the last row has no peer figure.)"
