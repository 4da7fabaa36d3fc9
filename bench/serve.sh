#!/usr/bin/env bash
# Load test of the web app: `detente serve` (release) on a copy of the Berlin
# scenario, with its sources and map layers, then 100 concurrent clients on
# loopback for 30 s, every answer checked (crates/server/examples/bench_load.rs).
#   bash bench/serve.sh [CLIENTS] [SECONDS]
set -euo pipefail
cd "$(dirname "$0")/.."
clients=${1:-100}
seconds=${2:-30}
shared=$(cd ../shared && pwd)
cargo build --release -q -p detente-cli
cargo build --release -q -p detente-server --example bench_load
dir=$(mktemp -d)
trap 'kill "$pid" 2>/dev/null || true; rm -rf "$dir"' EXIT
sed "s#\"../../shared/#\"$shared/#g" scenarios/berlin-2025-12.toml >"$dir/berlin.toml"
target/release/detente serve "$dir/berlin.toml" --sources "$shared/seeds" --addr 127.0.0.1:0 2>"$dir/serve.log" &
pid=$!
for _ in $(seq 100); do
  url=$(grep -o 'http://[0-9.:]*' "$dir/serve.log" || true)
  [ -n "$url" ] && break
  sleep 0.1
done
[ -n "$url" ] || { cat "$dir/serve.log"; exit 1; }
echo "server: $url ($(nproc) cores shared with the clients)"
${LOAD_PREFIX:-} target/release/examples/bench_load --url "$url" --file "$dir/berlin.toml" --sources "$shared/seeds" \
  --clients "$clients" --seconds "$seconds"
echo "server RSS at the end: $(ps -o rss= -p "$pid" | awk '{printf "%.0f MiB", $1/1024}')"
