#!/usr/bin/env bash
# Strata's two developer commands:
#   ./build.sh run    build (tests skipped) and launch the Strata workbench on its embedded default
#   ./build.sh test   build everything and run the whole test suite, end-to-end checks included
#   ./build.sh bench  run the benchmarks (on demand; figures go to tests/dev.strata.benchmarks/target/benchmarks)
#   ./build.sh startup  build the product and measure its start-up (figures in releng/dev.strata.product/target/benchmarks)
# Extra arguments go to Maven (e.g. ./build.sh test -o for an offline build).
set -euo pipefail
cd "$(dirname "$0")"

# Strata needs Java 21+. Use JAVA_HOME if it is new enough, else the newest JDK 21+ found.
java_major() { "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p'; }
pick_jdk() {
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ] && [ "$(java_major "$JAVA_HOME")" -ge 21 ]; then
    return
  fi
  local best="" best_major=0 d m
  for d in /usr/lib/jvm/* /opt/java/* "$HOME"/.sdkman/candidates/java/*; do
    [ -x "$d/bin/javac" ] || continue
    m=$(java_major "$d"); [ -n "$m" ] || continue
    if [ "$m" -ge 21 ] && [ "$m" -gt "$best_major" ]; then best=$d; best_major=$m; fi
  done
  if [ -z "$best" ]; then
    echo "build.sh: Strata needs a JDK 21 or newer; none found. Install one and set JAVA_HOME." >&2
    exit 2
  fi
  export JAVA_HOME=$best
}

# UI tests and the product check need an X display; use Xvfb when there is none.
with_display() {
  if [ -n "${DISPLAY:-}" ]; then
    "$@"
  elif command -v xvfb-run >/dev/null; then
    xvfb-run -a -s "-screen 0 1280x1024x24" "$@"
  else
    echo "build.sh: no X display and no xvfb-run; install Xvfb (apt-get install xvfb) or set DISPLAY." >&2
    exit 2
  fi
}

cmd=${1:-}
shift || true
pick_jdk
echo "build.sh: using JDK at $JAVA_HOME" >&2
case "$cmd" in
  run)
    ./mvnw -B -DskipTests verify "$@"
    product=releng/dev.strata.product/target/products/dev.strata.rcp.product/linux/gtk/x86_64/strata
    STRATA_JAVA="$JAVA_HOME/bin/java" exec "$product/strata"
    ;;
  test)
    with_display ./mvnw -B verify "$@"
    ;;
  bench)
    ./mvnw -B verify -DskipTests -Dstrata.benchmarks.skip=false -pl tests/dev.strata.benchmarks -am "$@"
    cat tests/dev.strata.benchmarks/target/benchmarks/*.md
    ;;
  startup)
    ./mvnw -B -DskipTests verify -pl releng/dev.strata.product -am "$@"
    export STRATA_JAVA="$JAVA_HOME/bin/java"
    with_display releng/dev.strata.product/checks/startup-benchmark.sh \
      releng/dev.strata.product/target/products/dev.strata.rcp.product/linux/gtk/x86_64 \
      releng/dev.strata.product/target/benchmarks "${STRATA_STARTUP_RUNS:-5}"
    ;;
  *)
    echo "usage: ./build.sh run | test | bench | startup [maven arguments]" >&2
    exit 2
    ;;
esac
