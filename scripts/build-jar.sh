#!/usr/bin/env bash
# Builds a job's connector uber-jar, <job folder>/lib/pyflink-dependencies.jar
# (the job's Java code in src/, if any, its connectors and their libraries), from
# <job folder>/pom.xml with Maven. Skipped when the jar is newer than the pom and
# every Java source.
# usage: build-jar.sh [JOB_DIR]   (default flink-src, the ticker job)
set -euo pipefail
source "$(dirname "$0")/lib.sh"
JOB_DIR="$(cd "${1:-$ROOT/flink-src}" && pwd)"
POM="$JOB_DIR/pom.xml"
OUT="$JOB_DIR/lib/pyflink-dependencies.jar"
SOURCES="$JOB_DIR/src"
[ -f "$POM" ] || { echo "build-jar: $POM not found; a job folder needs a pom.xml that builds target/pyflink-dependencies.jar" >&2; exit 2; }
if [ -f "$OUT" ] && [ "$OUT" -nt "$POM" ] && { [ ! -d "$SOURCES" ] || [ -z "$(find "$SOURCES" -newer "$OUT" -print -quit)" ]; }; then
  exit 0
fi
command -v mvn >/dev/null || { echo "build-jar: mvn not found; install Maven 3 and Java 17" >&2; exit 1; }
step "jar: building $OUT with Maven"
mkdir -p "$CACHE"
log="$CACHE/maven-$(basename "$JOB_DIR").log"
if ! mvn -q -B -Dstyle.color=never -f "$POM" -Dmaven.repo.local="$CACHE/m2" package > "$log" 2>&1; then
  tail -40 "$log" >&2
  echo "build-jar: Maven failed; full log in $log" >&2
  exit 1
fi
mkdir -p "$(dirname "$OUT")"
cp "$JOB_DIR/target/pyflink-dependencies.jar" "$OUT"
step "jar: ready ($(du -h "$OUT" | cut -f1))"
