#!/usr/bin/env bash
# Load test of the web app: `detente serve` (release) on a fresh copy of the
# Berlin scenario, with its sources and map layers, then 100 concurrent
# clients on loopback for 30 s, every answer checked
# (crates/server/examples/bench_load.rs). Two runs, each on a fresh server:
# clients with no pause between actions (saturation), then clients pausing
# 1 s on average, like people editing.
#   bash bench/serve.sh [CLIENTS] [SECONDS]
set -euo pipefail
cd "$(dirname "$0")/.."
clients=${1:-100}
seconds=${2:-30}
shared=$(cd ../shared && pwd)
cargo build --release -q -p detente-cli
cargo build --release -q -p detente-server --example bench_load
dir=$(mktemp -d)
pid=
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$dir"' EXIT
status=0
for think in 0 1000; do
  sed "s#\"../../shared/#\"$shared/#g" scenarios/berlin-2025-12.toml >"$dir/berlin.toml"
  rm -f "$dir/berlin.toml.prev"
  target/release/detente serve "$dir/berlin.toml" --sources "$shared/seeds" --addr 127.0.0.1:0 2>"$dir/serve.log" &
  pid=$!
  url=
  for _ in $(seq 100); do
    url=$(grep -o 'http://[0-9.:]*' "$dir/serve.log" || true)
    [ -n "$url" ] && break
    sleep 0.1
  done
  [ -n "$url" ] || { cat "$dir/serve.log"; exit 1; }
  echo "server: $url ($(nproc) cores, shared with the clients)"
  target/release/examples/bench_load --url "$url" --file "$dir/berlin.toml" --sources "$shared/seeds" \
    --clients "$clients" --seconds "$seconds" --think-ms "$think" || status=1
  echo "server RSS at the end: $(ps -o rss= -p "$pid" | awk '{printf "%.0f MiB", $1/1024}')"
  kill "$pid"; wait "$pid" 2>/dev/null || true
  pid=
  echo
done
exit "$status"
