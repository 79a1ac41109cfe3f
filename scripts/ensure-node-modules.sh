# Sourced by the entry scripts: runs `npm ci` when node_modules is missing or
# older than package-lock.json, so a fresh clone needs no separate install step.
if [ ! -f "$ROOT/node_modules/.package-lock.json" ] || [ "$ROOT/package-lock.json" -nt "$ROOT/node_modules/.package-lock.json" ]; then
  step "npm: installing packages (npm ci)"
  (cd "$ROOT" && npm ci --no-audit --no-fund) || return 1
fi
