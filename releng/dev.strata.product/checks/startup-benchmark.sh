#!/usr/bin/env bash
# Start-up benchmark: starts the built product several times with -strata.startupreport (it prints
# its figures once the window is up, then closes) in a fresh user home: the first run is a first
# launch (defaults and sample data made), the others start an existing workspace. Prints a table and
# writes it to <out>/startup.md.
set -euo pipefail
product=${1:?usage: startup-benchmark.sh <product dir> <out dir> [runs]}
out=${2:?usage: startup-benchmark.sh <product dir> <out dir> [runs]}
runs=${3:-5}
[ -n "${DISPLAY:-}" ] || { echo "The start-up benchmark needs an X display (run it under xvfb-run)." >&2; exit 1; }
script=$(ls "$product"/strata "$product"/*/strata 2>/dev/null | head -n 1)
[ -x "$script" ] || { echo "startup-benchmark: no executable 'strata' script in $product" >&2; exit 1; }
home=$(mktemp -d)
trap 'rm -rf "$home"' EXIT
mkdir -p "$out"
table="$out/startup.md"
{
  echo "# Start-up of the Strata product ($(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, load $(cut -d' ' -f1 /proc/loadavg))"
  echo
  echo "| run | window after (ms) | CPU (ms) | heap (MB) | RSS (MB) | bundles active |"
  echo "|---|---|---|---|---|---|"
} >"$table"
for i in $(seq 1 "$runs"); do
  log="$home/run$i.log"
  HOME="$home" STRATA_VM_ARGS="-Duser.home=$home" timeout 180 "$script" -data "$home/workspace" \
    -strata.startupreport >"$log" 2>&1 || { cat "$log"; echo "startup-benchmark: run $i failed" >&2; exit 1; }
  line=$(grep -a '^Strata start-up:' "$log") || { cat "$log"; echo "startup-benchmark: run $i printed no figures" >&2; exit 1; }
  kind=$([ "$i" = 1 ] && echo "1 (first launch)" || echo "$i")
  echo "$line" | sed -E "s/.*window after ([0-9]+) ms, CPU ([0-9-]+) ms, heap ([0-9]+) MB, RSS ([0-9?]+) MB, ([0-9]+) bundles active/| $kind | \1 | \2 | \3 | \4 | \5 |/" >>"$table"
done
cat "$table"
