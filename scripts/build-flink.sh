#!/usr/bin/env bash
# Builds a Managed Flink application zip, in the layout the run options expect.
# The zip is byte-for-byte reproducible, so `pulumi up` updates the application
# only when the code really changed.
#
# usage: build-flink.sh [JOB_DIR]
#   no argument: the ticker job, build/flink-app.zip:
#     main.py                       (kinesis.analytics.flink.run.options python)
#     application_properties.py     (the module main.py reads its property groups with)
#     lib/pyflink-dependencies.jar  (kinesis.analytics.flink.run.options jarfile)
#     contract/*.json               (property names, the job descriptor with its sink schema, and record rules main.py reads)
#   a job folder with a job.json (docs/job-descriptor.md): build/<name>.zip, laid out
#     by scripts/job_zip.py from the descriptor.
# $FLINK_APP_ZIP overrides the output path.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
if [ $# -gt 0 ]; then
  JOB_DIR="$(cd "$1" && pwd)"
  [ -f "$JOB_DIR/job.json" ] || { echo "build-flink: $JOB_DIR/job.json not found; see docs/job-descriptor.md" >&2; exit 2; }
  bash "$ROOT/scripts/build-jar.sh" "$JOB_DIR"
  OUT="${FLINK_APP_ZIP:-$ROOT/build/$(python3 "$ROOT/scripts/job_zip.py" name "$JOB_DIR").zip}"
  mkdir -p "$(dirname "$OUT")"
  python3 "$ROOT/scripts/job_zip.py" build "$JOB_DIR" "$OUT"
  step "flink: $OUT ($(du -h "$OUT" | cut -f1))"
  exit 0
fi
bash "$ROOT/scripts/build-jar.sh"
OUT="${FLINK_APP_ZIP:-$ROOT/build/flink-app.zip}"
mkdir -p "$(dirname "$OUT")"
python3 "$ROOT/scripts/reproducible_zip.py" "$OUT" \
  "main.py=$ROOT/flink-src/main.py" \
  "application_properties.py=$ROOT/flink-src/application_properties.py" \
  "lib/pyflink-dependencies.jar=$JAR" \
  "contract/properties.json=$ROOT/contract/properties.json" \
  "contract/job.json=$ROOT/contract/job.json" \
  "contract/records.json=$ROOT/contract/records.json" \
  "contract/file-sink.json=$ROOT/contract/file-sink.json" \
  "contract/kinesis-connector.json=$ROOT/contract/kinesis-connector.json"
step "flink: $OUT ($(du -h "$OUT" | cut -f1))"
