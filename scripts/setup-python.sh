#!/usr/bin/env bash
# Creates .venv with PyFlink 1.20, the test libraries, and Flink's S3 filesystem
# plugin. Idempotent: a venv built from the same requirements file and plugin
# version is left alone.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
REQ="$ROOT/flink-src/requirements-local.txt"
# The plugin Managed Flink uses for s3a:// paths; 1.20.1 is the newest 1.20 release
# Maven Central serves here. Only tests/python/record_s3_sink.py loads it.
S3_PLUGIN="org.apache.flink:flink-s3-fs-hadoop:1.20.1"
STAMP="$VENV/.requirements.sha256"
want="$( (cat "$REQ"; echo "$S3_PLUGIN") | sha256sum | cut -d' ' -f1)"
if [ -x "$VENV/bin/python" ] && [ "$(cat "$STAMP" 2>/dev/null)" = "$want" ]; then
  exit 0
fi
PY="${PYTHON:-python3.11}"
command -v "$PY" >/dev/null || { echo "setup-python: $PY not found; install Python 3.11 (the Managed Flink 1.20 runtime's version)" >&2; exit 1; }
step "python: creating .venv with $("$PY" --version) and $(grep -v '^#' "$REQ" | xargs)"
"$PY" -m venv "$VENV"
"$VENV/bin/pip" install --quiet --cache-dir "$CACHE/pip" -r "$REQ"
step "python: adding $S3_PLUGIN to PyFlink's plugins"
command -v mvn >/dev/null || { echo "setup-python: mvn not found; install Maven 3 and Java 17" >&2; exit 1; }
plugins="$("$VENV/bin/python" -c 'import os, pyflink; print(os.path.join(os.path.dirname(pyflink.__file__), "plugins"))')"
mkdir -p "$CACHE"
if ! mvn -q -B -Dstyle.color=never -Dmaven.repo.local="$CACHE/m2" dependency:copy \
    -Dartifact="$S3_PLUGIN" -DoutputDirectory="$plugins/s3-fs-hadoop" > "$CACHE/maven-s3-plugin.log" 2>&1; then
  tail -40 "$CACHE/maven-s3-plugin.log" >&2
  echo "setup-python: Maven could not fetch $S3_PLUGIN; full log in $CACHE/maven-s3-plugin.log" >&2
  exit 1
fi
echo "$want" > "$STAMP"
step "python: ready"
