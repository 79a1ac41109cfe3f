#!/usr/bin/env bash
# npm run local: installs what is missing (npm packages here; the venv and the
# connector jar in the pipeline's setup stage), then runs the whole pipeline.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
source "$ROOT/scripts/ensure-node-modules.sh"
export AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED=true
exec "$ROOT/node_modules/.bin/tsx" "$ROOT/local/cli.ts" "$@"
