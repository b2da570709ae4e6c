#!/usr/bin/env bash
# Times `./ledgerline dev` from launch to "ready" (broker, topics, registry, command service), then stops it.
#   ops/bench/dev-startup.sh [RUNS] [fresh|warm]
# fresh: a new data dir every run (includes formatting the broker's storage); warm: restarts on one data dir.
# Prints, per run: the time the process reports (from JVM start), the wall time from launch, the time to stop
# after SIGTERM, the resident memory once ready, and the load average (the machine is shared: compare ratios).
set -euo pipefail
cd "$(dirname "$0")/../.."

runs=${1:-5}
mode=${2:-fresh}
dir="$(mktemp -d)"
log="$dir/dev.log"
trap 'rm -rf "$dir"' EXIT

start() {
  rm -f "$log"
  ./ledgerline dev --data-dir "$dir/data" --kafka-port 0 --registry-port 0 --command-port 0 >"$log" 2>&1 &
  pid=$!
  until [[ -f "$log" ]] && grep -q "is ready" "$log"; do
    kill -0 $pid 2>/dev/null || { cat "$log"; exit 1; }
    sleep 0.05
  done
}

stop() {
  kill -TERM $pid
  wait $pid || true
}

./ledgerline --version >/dev/null # build first, outside the timings
if [[ $mode == warm ]]; then start; stop; fi
for i in $(seq 1 "$runs"); do
  [[ $mode == fresh ]] && rm -rf "$dir/data"
  t0=$(date +%s%N)
  start
  t1=$(date +%s%N)
  rss_mib=$(( $(ps -o rss= -p $pid) / 1024 ))
  stop
  t2=$(date +%s%N)
  printf '%s run %d: reported %s s, launch to ready %.1f s, stop %.1f s, RSS %d MiB, load %s\n' "$mode" "$i" \
    "$(grep -o 'ready in [0-9.]*' "$log" | awk '{print $3}')" "$(( (t1 - t0) / 1000000 ))e-3" \
    "$(( (t2 - t1) / 1000000 ))e-3" "$rss_mib" "$(cut -d' ' -f1 /proc/loadavg)"
done
