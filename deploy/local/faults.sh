#!/usr/bin/env bash
# `npm run test:faults`: the fault suite (apps/platform-e2e/src/faults) on its own. It
# starts its own Mosquitto, NATS with JetStream, Postgres (initdb, with PostGIS) and Redis
# on free ports, so it only needs their programs installed: those missing are installed
# here with apt, as deploy/local/services.sh would. The machine's shared services are
# neither needed nor touched. `npm test` runs the same suite with every other test.
#
#   bash deploy/local/faults.sh [jest options…]     e.g.  -t "postgres SIGKILL"
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$IOC_ROOT"

bash deploy/local/node-modules.sh
compgen -G '/usr/lib/postgresql/*/bin/postgres' >/dev/null || { ioc_say "postgresql: installing (apt)"; apt_install postgresql; }
pg_version=$(find /usr/lib/postgresql -mindepth 1 -maxdepth 1 -printf '%f\n' | sort -n | tail -1)
[[ -f /usr/share/postgresql/$pg_version/extension/postgis.control ]] ||
  { ioc_say "postgresql-$pg_version-postgis-3: installing (apt)"; apt_install "postgresql-$pg_version-postgis-3"; }
command -v redis-server >/dev/null || { ioc_say "redis-server: installing (apt)"; apt_install redis-server; }
command -v nats-server >/dev/null || [[ -x /usr/sbin/nats-server ]] || { ioc_say "nats-server: installing (apt)"; apt_install nats-server; }
command -v mosquitto >/dev/null || [[ -x /usr/sbin/mosquitto ]] || { ioc_say "mosquitto: installing (apt)"; apt_install mosquitto; }
command -v mosquitto_ctrl >/dev/null || { ioc_say "mosquitto-clients: installing (apt)"; apt_install mosquitto-clients; }

# The e2e project's global setup builds dist/ first; --forceExit: a failure must end the run.
npx jest --ci --forceExit apps/platform-e2e/src/faults "$@"
