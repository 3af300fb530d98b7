#!/usr/bin/env bash
# Starts the built Strata product with -strata.selfcheck: it opens the workbench window, requires
# every Strata bundle ACTIVE, every component satisfied and the Model Explorer showing the default
# repository, and exits 0 only then. Twice: a first launch with a fresh user home, then a launch
# with the same home and a fresh configuration area, as a reinstalled product over an existing
# ~/.strata starts.
set -euo pipefail
product=${1:?usage: check-product.sh <product dir>}
[ -n "${DISPLAY:-}" ] || { echo "Product check needs an X display (run the build under xvfb-run)." >&2; exit 1; }
script=$(ls "$product"/strata "$product"/*/strata 2>/dev/null | head -n 1)
[ -x "$script" ] || { echo "Product check FAILED: no executable 'strata' script in $product" >&2; exit 1; }
install=$(dirname "$script")
home=$(mktemp -d)
trap 'rm -rf "$home"' EXIT

# A configuration area as installed: the product's own start-up files, no state of earlier runs.
fresh_configuration() {
  mkdir -p "$1"
  cp "$install/configuration/config.ini" "$1/"
  cp -r "$install/configuration/org.eclipse.equinox.simpleconfigurator" "$1/"
}

launch() {
  local what=$1 configuration=$2 log="$home/$3.log" code
  fresh_configuration "$configuration"
  set +e
  HOME="$home" STRATA_VM_ARGS="-Duser.home=$home" timeout 300 "$script" -consoleLog -data "$home/workspace" \
    -configuration "$configuration" -strata.selfcheck >"$log" 2>&1
  code=$?
  set -e
  echo "--- $what"
  cat "$log"
  if [ $code -ne 0 ]; then echo "Product check FAILED ($what): exit code $code" >&2; exit 1; fi
  grep -q 'workbench window open' "$log" || { echo "Product check FAILED ($what): the window did not open" >&2; exit 1; }
  if grep -q 'menu items MISSING' "$log"; then echo "Product check FAILED ($what): the menu bar lacks items (above)" >&2; exit 1; fi
  if grep -q 'MISSING the default repository' "$log"; then
    echo "Product check FAILED ($what): the Model Explorer does not show the default repository (above)" >&2; exit 1
  fi
  grep -q '^STRATA HEALTHY' "$log" || { echo "Product check FAILED ($what): no healthy verdict" >&2; exit 1; }
  if grep -q 'UNHEALTHY\|<-- ' "$log"; then echo "Product check FAILED ($what)" >&2; exit 1; fi
}

launch "first launch, fresh user home" "$home/configuration-1" first
launch "reinstalled: same user home, fresh configuration area" "$home/configuration-2" reinstalled
echo "Product check passed: the workbench opened with its menus, the Model Explorer showed the default repository and every Strata bundle is ACTIVE, on a first launch and after a reinstall."
