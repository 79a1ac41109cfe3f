#!/usr/bin/env bash
# Builds flink-src/lib/pyflink-dependencies.jar (the job's Java code, the Kinesis
# connector and their libraries) with Maven. Skipped when the jar is newer than the
# pom and every Java source.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
POM="$ROOT/flink-src/pom.xml"
SOURCES="$ROOT/flink-src/src"
if [ -f "$JAR" ] && [ "$JAR" -nt "$POM" ] && [ -z "$(find "$SOURCES" -newer "$JAR" -print -quit)" ]; then
  exit 0
fi
command -v mvn >/dev/null || { echo "build-jar: mvn not found; install Maven 3 and Java 17" >&2; exit 1; }
step "jar: building $(basename "$JAR") with Maven"
mkdir -p "$CACHE"
if ! mvn -q -B -Dstyle.color=never -f "$POM" -Dmaven.repo.local="$CACHE/m2" package > "$CACHE/maven.log" 2>&1; then
  tail -40 "$CACHE/maven.log" >&2
  echo "build-jar: Maven failed; full log in $CACHE/maven.log" >&2
  exit 1
fi
mkdir -p "$(dirname "$JAR")"
cp "$ROOT/flink-src/target/pyflink-dependencies.jar" "$JAR"
step "jar: ready ($(du -h "$JAR" | cut -f1))"
