#!/usr/bin/env bash
# Installs node modules when they are missing or older than package-lock.json (npm ci),
# so `npm start` and `npm test` work on a fresh clone. Idempotent and quiet when current.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$IOC_ROOT"

# A checkout that borrows another's modules (a git worktree with node_modules as a link)
# leaves them to that checkout: npm ci here would empty them under it.
if [[ -L node_modules ]]; then
  exit 0
fi
marker=node_modules/.package-lock.json
if [[ -f $marker && $marker -nt package-lock.json ]]; then
  exit 0
fi
ioc_say "node_modules: installing from package-lock.json (npm ci)…"
npm ci --no-audit --no-fund --loglevel=error
