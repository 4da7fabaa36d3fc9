#!/usr/bin/env bash
# The app stops an analysis whose answer timed out (issue 14, item 3): serve with
# --timeout 2, send a conflict of 2^20 states (tens of seconds to analyse), and
# report the answer, the CPU the app spends from 1 s after it, and its memory
# before, at the answer, and after.
#   bash bench/cancel.sh
set -euo pipefail
cd "$(dirname "$0")/.."
D=target/release/detente
F=crates/cli/tests/scenarios/big-conflict.toml
PORT=${PORT:-8799}
cargo build --release -q
"$D" serve --addr 127.0.0.1:$PORT --timeout 2 > /tmp/detente-cancel.log 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null' EXIT
sleep 6
rss() { awk '/VmRSS/{print $2}' /proc/$PID/status; }
cpu() { awk '{print $14+$15}' /proc/$PID/stat; }
body() { python3 -c 'import json,sys; print(json.dumps({"text": open(sys.argv[1]).read()}))' "$1"; }
post() { curl -s -o "$2" -w '%{http_code}' -H 'content-type: application/json' --data @- "http://127.0.0.1:$PORT/api/analyze" <<<"$(body "$1")"; }
post scenarios/berlin-2025-12.toml /dev/null >/dev/null
before=$(rss)
t0=$(date +%s.%N)
code=$(post "$F" /tmp/detente-cancel.json)
t1=$(date +%s.%N)
at=$(rss)
sleep 1
c1=$(cpu); sleep 1; c2=$(cpu)
after=$(rss)
printf 'answer %s after %.1f s\n' "$code" "$(echo "$t1 - $t0" | bc)"
printf 'CPU from 1 s to 2 s after the answer: %d ticks (100 = one core busy)\n' $((c2 - c1))
printf 'memory: %d MB before, %d MB at the answer, %d MB 2 s after (%+d MB)\n' \
  $((before / 1024)) $((at / 1024)) $((after / 1024)) $(((after - before) / 1024))
curl -s "http://127.0.0.1:$PORT/api/stats"; echo
