#!/usr/bin/env bash
# Creates .venv with PyFlink 1.20 for the local pipeline; with --tests, also the
# test libraries, Flink's S3 filesystem plugin, and .venv-clients (boto3 and the
# AWS CLI, for the serve tests). Idempotent: each part is left
# alone while its requirements are unchanged since it was installed.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
REQ_RUNTIME="$ROOT/flink-src/requirements-local.txt"
REQ_TESTS="$ROOT/tests/python/requirements.txt"
# The plugin Managed Flink uses for s3a:// paths; 1.20.1 is the newest 1.20 release
# Maven Central serves here. Only tests/python/record_s3_sink.py loads it.
S3_PLUGIN="org.apache.flink:flink-s3-fs-hadoop:1.20.1"
RUNTIME_STAMP="$VENV/.runtime.sha256"
TESTS_STAMP="$VENV/.tests.sha256"
REQ_CLIENTS="$ROOT/tests/python/requirements-clients.txt"
CLIENTS_VENV="$ROOT/.venv-clients"
CLIENTS_STAMP="$CLIENTS_VENV/.clients.sha256"
with_tests=false
case "${1:-}" in
  --tests) with_tests=true ;;
  "") ;;
  *) echo "setup-python: unknown argument ${1}; usage: setup-python.sh [--tests]" >&2; exit 2 ;;
esac

runtime_want="$(sha256sum "$REQ_RUNTIME" | cut -d' ' -f1)"
test_libraries_installed=false
if ! [ -x "$VENV/bin/python" ] || [ "$(cat "$RUNTIME_STAMP" 2>/dev/null)" != "$runtime_want" ]; then
  PY="${PYTHON:-python3.11}"
  command -v "$PY" >/dev/null || { echo "setup-python: $PY not found; install Python 3.11 (the Managed Flink 1.20 runtime's version)" >&2; exit 1; }
  requirements=(-r "$REQ_RUNTIME")
  # With --tests, one pip run installs both files: one resolver run and one
  # install pass instead of two (on a new venv here, 108 s became 88 s).
  $with_tests && requirements+=(-r "$REQ_TESTS")
  step "python: creating .venv with $("$PY" --version) and $(grep -hv '^#' "$REQ_RUNTIME" $($with_tests && echo "$REQ_TESTS") | xargs)"
  "$PY" -m venv "$VENV"
  "$VENV/bin/pip" install --quiet --cache-dir "$CACHE/pip" "${requirements[@]}"
  echo "$runtime_want" > "$RUNTIME_STAMP"
  test_libraries_installed=$with_tests
  # A new PyFlink may have replaced the plugins folder: reinstall the test part too.
  rm -f "$TESTS_STAMP"
  step "python: ready"
fi

$with_tests || exit 0

clients_want="$(sha256sum "$REQ_CLIENTS" | cut -d' ' -f1)"
if ! [ -x "$CLIENTS_VENV/bin/aws" ] || [ "$(cat "$CLIENTS_STAMP" 2>/dev/null)" != "$clients_want" ]; then
  step "python: creating .venv-clients with $(grep -v '^#' "$REQ_CLIENTS" | xargs) for the serve tests"
  "${PYTHON:-python3.11}" -m venv "$CLIENTS_VENV"
  "$CLIENTS_VENV/bin/pip" install --quiet --cache-dir "$CACHE/pip" -r "$REQ_CLIENTS"
  echo "$clients_want" > "$CLIENTS_STAMP"
fi

tests_want="$( (cat "$REQ_TESTS"; echo "$S3_PLUGIN") | sha256sum | cut -d' ' -f1)"
[ "$(cat "$TESTS_STAMP" 2>/dev/null)" = "$tests_want" ] && exit 0
if ! $test_libraries_installed; then
  step "python: adding $(grep -v '^#' "$REQ_TESTS" | xargs) for the tests"
  "$VENV/bin/pip" install --quiet --cache-dir "$CACHE/pip" -r "$REQ_TESTS"
fi
step "python: adding $S3_PLUGIN for the tests"
command -v mvn >/dev/null || { echo "setup-python: mvn not found; install Maven 3 and Java 17" >&2; exit 1; }
plugins="$("$VENV/bin/python" -c 'import os, pyflink; print(os.path.join(os.path.dirname(pyflink.__file__), "plugins"))')"
mkdir -p "$CACHE"
if ! mvn -q -B -Dstyle.color=never -Dmaven.repo.local="$CACHE/m2" dependency:copy \
    -Dartifact="$S3_PLUGIN" -DoutputDirectory="$plugins/s3-fs-hadoop" > "$CACHE/maven-s3-plugin.log" 2>&1; then
  tail -40 "$CACHE/maven-s3-plugin.log" >&2
  echo "setup-python: Maven could not fetch $S3_PLUGIN; full log in $CACHE/maven-s3-plugin.log" >&2
  exit 1
fi
echo "$tests_want" > "$TESTS_STAMP"
step "python: test libraries ready"
