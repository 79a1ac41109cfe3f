#!/usr/bin/env bash
# Builds the Managed Flink application zip, in the layout the run options expect:
#   main.py                       (kinesis.analytics.flink.run.options python)
#   lib/pyflink-dependencies.jar  (kinesis.analytics.flink.run.options jarfile)
#   contract/*.json               (property names and the job descriptor main.py reads)
# The zip is byte-for-byte reproducible, so `pulumi up` updates the application
# only when the code really changed. Output: build/flink-app.zip, or $FLINK_APP_ZIP.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
bash "$ROOT/scripts/build-jar.sh"
OUT="${FLINK_APP_ZIP:-$ROOT/build/flink-app.zip}"
mkdir -p "$(dirname "$OUT")"
python3 "$ROOT/scripts/reproducible_zip.py" "$OUT" \
  "main.py=$ROOT/flink-src/main.py" \
  "lib/pyflink-dependencies.jar=$JAR" \
  "contract/properties.json=$ROOT/contract/properties.json" \
  "contract/job.json=$ROOT/contract/job.json" \
  "contract/records.json=$ROOT/contract/records.json" \
  "contract/kinesis-connector.json=$ROOT/contract/kinesis-connector.json"
step "flink: $OUT ($(du -h "$OUT" | cut -f1))"
