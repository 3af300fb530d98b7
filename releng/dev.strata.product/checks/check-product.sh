#!/usr/bin/env bash
# Starts the built Strata product with -strata.selfcheck: it opens the workbench window, requires
# every Strata bundle ACTIVE and every component satisfied, and exits 0 only then.
set -euo pipefail
product=${1:?usage: check-product.sh <product dir>}
[ -n "${DISPLAY:-}" ] || { echo "Product check needs an X display (run the build under xvfb-run)." >&2; exit 1; }
script=$(ls "$product"/strata "$product"/*/strata 2>/dev/null | head -n 1)
[ -x "$script" ] || { echo "Product check FAILED: no executable 'strata' script in $product" >&2; exit 1; }
home=$(mktemp -d)
log="$home/out.log"
trap 'rm -rf "$home"' EXIT

set +e
# A fresh user home: the check must pass on first launch, with no earlier state.
HOME="$home" STRATA_VM_ARGS="-Duser.home=$home" timeout 300 "$script" -consoleLog -data "$home/workspace" -strata.selfcheck >"$log" 2>&1
code=$?
set -e
cat "$log"
if [ $code -ne 0 ]; then
  echo "Product check FAILED: exit code $code" >&2
  exit 1
fi
grep -q 'workbench window open' "$log" || { echo "Product check FAILED: the window did not open" >&2; exit 1; }
if grep -q 'menu items MISSING' "$log"; then echo "Product check FAILED: the menu bar lacks items (above)" >&2; exit 1; fi
grep -q '^STRATA HEALTHY' "$log" || { echo "Product check FAILED: no healthy verdict" >&2; exit 1; }
if grep -q 'UNHEALTHY\|<-- ' "$log"; then echo "Product check FAILED" >&2; exit 1; fi
echo "Product check passed: the workbench opened with its menus and every Strata bundle is ACTIVE."
