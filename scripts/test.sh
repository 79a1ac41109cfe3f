#!/usr/bin/env bash
# npm test: every test of the project. Installs what it needs (npm packages when
# missing, the Python venv, the connector jar), then runs tsc --noEmit, mocha
# (unit tests under Pulumi mocks, producer, package, local end to end) and pytest
# (the PyFlink job on real PyFlink). Its last line is "N passed, N failed".
set -uo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"

source "$ROOT/scripts/ensure-node-modules.sh" || { echo "0 passed, 1 failed"; exit 1; }
bash scripts/setup-python.sh --tests && bash scripts/build-jar.sh && bash scripts/build-jar.sh examples/sensor-averages || { echo "0 passed, 1 failed"; exit 1; }

logs="$(mktemp -d)"
trap 'rm -rf "$logs"' EXIT
export AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED=true

step "typecheck: tsc --noEmit over components, stacks, producer, local, policy, bench, tests"
if npx tsc --noEmit -p tsconfig.json; then echo "typecheck passed" > "$logs/tsc.log"; else echo "typecheck failed" > "$logs/tsc.log"; fi

step "mocha: tests/**/*.test.ts"
# No colours: the summary reads mocha's "N passing" lines as plain text. The spec is
# given here, not in .mocharc.json: mocha adds a config's spec to the files named on
# its command line, so `npx mocha tests/x.test.ts` would run every test. The spec
# report stays on screen; the reporter also writes each file's counts for the
# summary's breakdown by folder.
npx mocha --no-colors --reporter scripts/mocha-file-tally-reporter.cjs --reporter-option "tally=$logs/mocha-tally.json" \
  'tests/**/*.test.ts' 2>&1 | tee "$logs/mocha.log"
mocha_code=${PIPESTATUS[0]}

step "pytest: tests/python on PyFlink $("$VENV/bin/python" -c 'import importlib.metadata as m; print(m.version("apache-flink"))')"
# xunit1: the junit report names each test's file (relative to tests/python, the
# ini's folder, pytest's rootdir) for the summary's breakdown by folder.
"$VENV/bin/python" -m pytest -c tests/python/pytest.ini tests/python -q -p no:cacheprovider --color=no \
  --junitxml="$logs/pytest-junit.xml" -o junit_family=xunit1 2>&1 | tee "$logs/pytest.log"
pytest_code=${PIPESTATUS[0]}

node "$ROOT/scripts/test-summary.mjs" "$logs/tsc.log" "$logs/mocha.log" "$mocha_code" "$logs/pytest.log" "$pytest_code" \
  "$logs/mocha-tally.json" "$logs/pytest-junit.xml" tests/python
