#!/usr/bin/env bash
# Checks an Eclipse installation into which Strata was installed from the update site:
# 1. headless, 'strata:doctor': every Strata bundle must resolve, every DS component be satisfied and
#    Config Admin run (an IDE does not start it by itself; the runtime feature marks it started);
# 2. with the check bundle (tests/dev.strata.ide.check, not shipped) added to a copy of the
#    installation, the IDE workbench: open the Strata perspective, import an .xmi of a workspace
#    project, edit in Strata Properties, commit with File > Save, read the commit back. Needs a display.
set -euo pipefail
usage="usage: check-ide-install.sh <installation dir> <dir holding the dev.strata.ide.check jar>"
ide=${1:?$usage}
check_dir=${2:?$usage}
java=${STRATA_JAVA:-java}
launcher=$(ls "$ide"/plugins/org.eclipse.equinox.launcher_*.jar | head -n 1)
log=$(mktemp)
trap 'rm -f "$log"' EXIT

for b in dev.strata.core dev.strata.core.admin dev.strata.console dev.strata.store.file dev.strata.store.jdbc dev.strata.store.cache dev.strata.store.readonly dev.strata.store.log dev.strata.store.mirror dev.strata.store.route dev.strata.store.queue dev.strata.example.tasks dev.strata.ui; do
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
for b in dev.strata.core dev.strata.core.admin dev.strata.console dev.strata.store.file dev.strata.store.jdbc dev.strata.store.cache dev.strata.store.readonly dev.strata.store.log dev.strata.store.mirror dev.strata.store.route dev.strata.store.queue dev.strata.example.tasks dev.strata.ui; do
  grep -q " $b " "$log" || { echo "IDE install check FAILED: $b not reported" >&2; exit 1; }
done
grep -q '^STRATA HEALTHY' "$log" || { echo "IDE install check FAILED: no healthy verdict" >&2; exit 1; }
echo "IDE install check: headless start healthy."

[ -n "${DISPLAY:-}" ] || { echo "IDE install check FAILED: the workbench stage needs an X display (run the build under xvfb-run)." >&2; exit 1; }
check_jar=$(ls "$check_dir"/dev.strata.ide.check-*.jar 2>/dev/null | grep -v sources | head -n 1)
[ -n "$check_jar" ] || { echo "IDE install check FAILED: no dev.strata.ide.check jar in $check_dir (build tests/dev.strata.ide.check)" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -f "$log"; rm -rf "$work"' EXIT
# A copy, so the installation itself stays as the update site left it.
cp -a "$ide" "$work/ide"
jar_tool=$(dirname "$(command -v "$java")")/jar
(cd "$work" && "$jar_tool" xf "$check_jar" META-INF/MANIFEST.MF)
version=$(tr -d '\r' <"$work/META-INF/MANIFEST.MF" | sed -n 's/^Bundle-Version: //p')
cp "$check_jar" "$work/ide/plugins/dev.strata.ide.check_$version.jar"
echo "dev.strata.ide.check,$version,plugins/dev.strata.ide.check_$version.jar,4,false" \
  >>"$work/ide/configuration/org.eclipse.equinox.simpleconfigurator/bundles.info"
# A fresh user home: Strata's first-use defaults must appear there, as for a new user.
mkdir "$work/home"
set +e
HOME="$work/home" timeout 300 "$java" -Duser.home="$work/home" -Dstrata.idecheck="$work/result.txt" \
  -jar "$launcher" -install "$work/ide" -configuration "$work/ide/configuration" -clean \
  -data "$work/home/workspace" -nosplash -consoleLog -application org.eclipse.ui.ide.workbench >"$log" 2>&1
code=$?
set -e
if [ ! -s "$work/result.txt" ]; then
  cat "$log"
  echo "IDE install check FAILED: the workbench stage wrote no result (exit code $code)" >&2
  exit 1
fi
cat "$work/result.txt"
if [ "$(tail -n 1 "$work/result.txt")" != "PASSED" ]; then
  cat "$log"
  echo "IDE install check FAILED in the workbench (steps above)" >&2
  exit 1
fi
echo "IDE install check passed: Strata installed from the update site resolves, its components are satisfied, and its views work inside the IDE workbench."
