#!/usr/bin/env bash
# What the brief costs: `analyze` with and without the brief on both
# built-in scenarios (1,000 Monte Carlo runs and 1,000 robustness draws, as
# `detente analyze`), and an app edit (200 and 200, forecasts memoised as the
# app keeps them). The issue's targets: under 0.5 s added to analyze, under
# 100 ms per app edit. No peer tool computes a brief, so there is no ratio.
#   bash bench/brief.sh [N]
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-5}
cargo build --release -q -p detente-analysis --example brief_timing
for s in berlin-2025-12 jcpoa-2015; do
  target/release/examples/brief_timing "$s" "$n"
done
