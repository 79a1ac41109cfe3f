#!/usr/bin/env bash
# Creates .venv with PyFlink 1.20 and pytest. Idempotent: a venv whose
# requirements file has not changed since it was built is left alone.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
REQ="$ROOT/flink-src/requirements-local.txt"
STAMP="$VENV/.requirements.sha256"
want="$(sha256sum "$REQ" | cut -d' ' -f1)"
if [ -x "$VENV/bin/python" ] && [ "$(cat "$STAMP" 2>/dev/null)" = "$want" ]; then
  exit 0
fi
PY="${PYTHON:-python3.11}"
command -v "$PY" >/dev/null || { echo "setup-python: $PY not found; install Python 3.11 (the Managed Flink 1.20 runtime's version)" >&2; exit 1; }
step "python: creating .venv with $("$PY" --version) and $(grep -v '^#' "$REQ" | xargs)"
"$PY" -m venv "$VENV"
"$VENV/bin/pip" install --quiet --cache-dir "$CACHE/pip" -r "$REQ"
echo "$want" > "$STAMP"
step "python: ready"
