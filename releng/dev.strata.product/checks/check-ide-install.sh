#!/usr/bin/env bash
# Starts an Eclipse installation into which Strata was installed, headless, and runs
# 'strata:doctor': every Strata bundle must resolve, every DS component be satisfied and Config
# Admin run (an IDE does not start it by itself; the runtime feature marks it started).
set -euo pipefail
ide=${1:?usage: check-ide-install.sh <installation dir>}
java=${STRATA_JAVA:-java}
launcher=$(ls "$ide"/plugins/org.eclipse.equinox.launcher_*.jar | head -n 1)
log=$(mktemp)
trap 'rm -f "$log"' EXIT

for b in dev.strata.core dev.strata.core.admin dev.strata.console dev.strata.store.file dev.strata.store.jdbc dev.strata.example.tasks dev.strata.ui; do
  if ! ls "$ide"/plugins/${b}_*.jar >/dev/null 2>&1; then
    echo "IDE install check: $b was not installed into $ide" >&2
    exit 1
  fi
done

set +e
timeout 300 "$java" -jar "$launcher" -install "$ide" -configuration "$ide/configuration" \
  -data "$ide/workspace" -nosplash -consoleLog \
  -application dev.strata.console.run -c strata:doctor >"$log" 2>&1
code=$?
set -e
cat "$log"
if [ $code -ne 0 ]; then
  echo "IDE install check FAILED: headless start exited with $code" >&2
  exit 1
fi
for b in dev.strata.core dev.strata.core.admin dev.strata.console dev.strata.store.file dev.strata.store.jdbc dev.strata.example.tasks dev.strata.ui; do
  grep -q " $b " "$log" || { echo "IDE install check FAILED: $b not reported" >&2; exit 1; }
done
grep -q '^STRATA HEALTHY' "$log" || { echo "IDE install check FAILED: no healthy verdict" >&2; exit 1; }
echo "IDE install check passed: Strata installed from the update site resolves and its components are satisfied."
