#!/usr/bin/env bash
# npm run local: installs what is missing (npm packages here; the venv and the
# connector jar in the pipeline's setup stage), then runs the whole pipeline.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
source "$ROOT/scripts/ensure-node-modules.sh"
export AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED=true
# tsx as a loader inside this one node process, not the tsx command: that
# command runs the script in a child and, when the child does not confirm a
# relayed SIGTERM or SIGINT within 30 ms (a loaded machine), SIGKILLs it and exits
# 143, leaving the Flink job and the emulator running. With exec, the PID that
# `kill` targets is the pipeline itself, which stops everything and exits 130.
# (tsx's package entry; a path, so it resolves from any working directory.)
exec node --import "$ROOT/node_modules/tsx/dist/loader.mjs" "$ROOT/local/cli.ts" "$@"
