#!/usr/bin/env bash
# Installs node modules when they are missing or were installed from another
# package-lock.json (npm ci), so `npm start` and `npm test` work on a fresh clone.
# Idempotent and quiet when current. The lock's checksum is kept beside the modules: a
# checkout or a touch that changes only the lock's time does not reinstall.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$IOC_ROOT"

# A checkout that borrows another's modules (a git worktree with node_modules as a link)
# leaves them to that checkout: npm ci here would empty them under it.
if [[ -L node_modules ]]; then
  exit 0
fi
stamp=node_modules/.ioc-package-lock.sha256
wanted=$(sha256sum package-lock.json | cut -d' ' -f1)
if [[ -f node_modules/.package-lock.json && -f $stamp && $(cat "$stamp") == "$wanted" ]]; then
  exit 0
fi
ioc_say "node_modules: installing from package-lock.json (npm ci)…"
npm ci --no-audit --no-fund --loglevel=error
echo "$wanted" >"$stamp"
