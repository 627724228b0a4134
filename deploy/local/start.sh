#!/usr/bin/env bash
# `npm start`: the whole platform on this machine, with the demo province and its
# simulated gateways. Installs and starts what is missing (node modules, PostgreSQL with
# PostGIS, Redis, NATS with JetStream, the project's Mosquitto), builds, migrates, seeds,
# starts every app and the simulator, prints where to look, and stops them all on Ctrl-C.
#
# Every port and prefix can be overridden (see docs/runbooks/local-services.md), e.g.
#   API_PORT=4000 REALTIME_PORT=4001 IOC_PREFIX=demo2 npm start
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$IOC_ROOT"

API_PORT=${API_PORT:-3000}
REALTIME_PORT=${REALTIME_PORT:-3001}
INGEST_PORT=${INGEST_PORT:-3002}
REGISTRY_PORT=${REGISTRY_PORT:-3003}
INCIDENT_PORT=${INCIDENT_PORT:-3004}
COVERAGE_PORT=${COVERAGE_PORT:-3005}
SLA_PORT=${SLA_PORT:-3006}
IOC_PREFIX=${IOC_PREFIX:-ioc}
DB_SCHEMA=${DB_SCHEMA:-registry}
MQTT_PORT=${MQTT_PORT:-18830}
MQTT_TOPIC_ROOT=${MQTT_TOPIC_ROOT:-city}
SIMULATOR=${SIMULATOR:-on}
SIM_ARGS=${SIM_ARGS:-}
LOG_DIR=${IOC_LOG_DIR:-$IOC_STATE_DIR/logs/$IOC_PREFIX}

for port in "$API_PORT" "$REALTIME_PORT" "$INGEST_PORT" "$REGISTRY_PORT" "$INCIDENT_PORT" "$COVERAGE_PORT" "$SLA_PORT"; do
  if port_open 127.0.0.1 "$port"; then
    ioc_die "port $port is already in use (another npm start?). Stop it, or choose other ports: API_PORT, REALTIME_PORT, INGEST_PORT, REGISTRY_PORT, INCIDENT_PORT, COVERAGE_PORT, SLA_PORT."
  fi
done

bash deploy/local/node-modules.sh
# The simulator's login may publish under this run's topic root (npm start's own MQTT_TOPIC_ROOT).
MQTT_DEMO_TOPIC_ROOT=$MQTT_TOPIC_ROOT bash deploy/local/services.sh
# The monthly report's PDF needs a font with Vietnamese letters.
# Decree 30 sets documents in Times New Roman: Liberation Serif has its metrics and the Vietnamese letters.
[[ -f /usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf ]] || { ioc_say "fonts-liberation2: installing (apt) for the PDF reports"; apt_install fonts-liberation2; }
node tools/build.mjs

# shellcheck disable=SC1091
. "$IOC_STATE_DIR/mqtt-credentials.env"
export LOG_LEVEL=${LOG_LEVEL:-info}
export DATABASE_URL=${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/${IOC_DB_NAME:-ioc}}
export REDIS_URL=${REDIS_URL:-redis://127.0.0.1:6379}
export NATS_URL=${NATS_URL:-nats://127.0.0.1:4222}
export NATS_PREFIX=$IOC_PREFIX REDIS_PREFIX=$IOC_PREFIX DB_SCHEMA
export MQTT_URL=${MQTT_URL:-mqtt://127.0.0.1:$MQTT_PORT} MQTT_TOPIC_ROOT

# One signing secret for the users' tokens, kept across restarts so logins survive them.
JWT_SECRET_FILE=$IOC_STATE_DIR/jwt-secret
if [[ -z ${JWT_SECRET:-} ]]; then
  if [[ ! -s $JWT_SECRET_FILE ]]; then
    (umask 077 && node -e "process.stdout.write(require('node:crypto').randomBytes(32).toString('hex'))" >"$JWT_SECRET_FILE")
  fi
  JWT_SECRET=$(cat "$JWT_SECRET_FILE")
fi
export JWT_SECRET
# Gateway logins are per platform: a second local platform (another IOC_PREFIX) on the
# same broker must not re-issue the first one's.
if [[ $IOC_PREFIX == ioc ]]; then export MQTT_GATEWAY_USERNAME_PREFIX=${MQTT_GATEWAY_USERNAME_PREFIX:-gw-}
else export MQTT_GATEWAY_USERNAME_PREFIX=${MQTT_GATEWAY_USERNAME_PREFIX:-$IOC_PREFIX-gw-}; fi

# Each service's own schema: `incident`, `coverage` (or <DB_SCHEMA>_incident, … for another DB_SCHEMA).
schema_of() { [[ $DB_SCHEMA == registry ]] && echo "$1" || echo "${DB_SCHEMA}_$1"; }
INCIDENT_SCHEMA=${INCIDENT_SCHEMA:-$(schema_of incident)}
COVERAGE_SCHEMA=${COVERAGE_SCHEMA:-$(schema_of coverage)}
SLA_SCHEMA=${SLA_SCHEMA:-$(schema_of sla)}
node dist/apps/registry/src/migrate.js
DB_SCHEMA=$INCIDENT_SCHEMA node dist/apps/incident/src/migrate.js
DB_SCHEMA=$COVERAGE_SCHEMA node dist/apps/coverage/src/migrate.js
DB_SCHEMA=$SLA_SCHEMA node dist/apps/sla/src/migrate.js
node dist/apps/registry/src/seed.js --demo

mkdir -p "$LOG_DIR"
# The supervisor's books: each running process by name (apps and the simulator), how to
# start it again, and its crashes in a row.
declare -A pid_of=() cmd_of=() port_of=() started_at=() crashes=()
watchers=()
stop_all() {
  trap - INT TERM EXIT
  ((${#watchers[@]} == 0)) || kill -TERM "${watchers[@]}" 2>/dev/null || true
  ((${#pid_of[@]})) || exit 0
  ioc_say ""
  ioc_say "stopping the platform…"
  kill -TERM "${pid_of[@]}" 2>/dev/null || true
  wait "${pid_of[@]}" 2>/dev/null || true
  exit 0
}
trap stop_all INT TERM EXIT

# launch NAME: (re)starts a process from its recorded command line (which ends in `exec`,
# so the pid is the app's own and its exit status, or the signal that ended it, is seen).
launch() {
  local name=$1
  eval "${cmd_of[$name]}" >>"$LOG_DIR/$name.log" 2>&1 &
  pid_of[$name]=$!
  started_at[$name]=$SECONDS
}

# Bounded heaps (decision 0026), as in docker-compose.yml, deploy/k8s and the bench.
APP_HEAP_LIMIT=--max-old-space-size=128
REGISTRY_HEAP_LIMIT=--max-old-space-size=160

# start_app NAME PORT [VAR=VALUE…]: runs dist/apps/NAME with its log in $LOG_DIR.
start_app() {
  local name=$1 port=$2 kv assignments=''
  shift 2
  # VAR=VALUE words in front of the command: the environment, never the command line.
  for kv in "$@"; do assignments+="${kv%%=*}=$(printf '%q' "${kv#*=}") "; done
  cmd_of[$name]="HTTP_PORT=$(printf '%q' "$port") ${assignments}exec node --enable-source-maps dist/apps/$name/src/main.js"
  port_of[$name]=$port
  launch "$name"
}

wait_healthy() {
  local name=$1 port=$2 deadline=$((SECONDS + 60))
  until node -e "fetch('http://127.0.0.1:$port/health').then(r=>process.exit(r.status===200?0:1),()=>process.exit(1))"; do
    if ((SECONDS > deadline)); then
      tail -n 20 "$LOG_DIR/$name.log" >&2
      ioc_die "$name did not become healthy on port $port (log: $LOG_DIR/$name.log)"
    fi
    sleep 0.5
  done
}

start_app registry "$REGISTRY_PORT" NODE_OPTIONS="$REGISTRY_HEAP_LIMIT" MQTT_ADMIN_USERNAME="$MQTT_ADMIN_USERNAME" MQTT_ADMIN_PASSWORD="$MQTT_ADMIN_PASSWORD"
start_app ingest "$INGEST_PORT" NODE_OPTIONS="$APP_HEAP_LIMIT" MQTT_USERNAME="$MQTT_INGEST_USERNAME" MQTT_PASSWORD="$MQTT_INGEST_PASSWORD" \
  MQTT_SHARE_GROUP="${MQTT_SHARE_GROUP:-$IOC_PREFIX-ingest}" MQTT_CLIENT_ID="${MQTT_CLIENT_ID:-$IOC_PREFIX-ingest-local}"
start_app incident "$INCIDENT_PORT" NODE_OPTIONS="$APP_HEAP_LIMIT" DB_SCHEMA="$INCIDENT_SCHEMA"
start_app realtime "$REALTIME_PORT" REALTIME_CORS_ORIGINS="http://127.0.0.1:$API_PORT,http://localhost:$API_PORT"
start_app api "$API_PORT" REALTIME_PUBLIC_URL="http://127.0.0.1:$REALTIME_PORT"
wait_healthy registry "$REGISTRY_PORT"
# Coverage reads the register from the registry at start.
start_app coverage "$COVERAGE_PORT" DB_SCHEMA="$COVERAGE_SCHEMA"
start_app sla "$SLA_PORT" DB_SCHEMA="$SLA_SCHEMA"
wait_healthy ingest "$INGEST_PORT"
wait_healthy incident "$INCIDENT_PORT"
wait_healthy coverage "$COVERAGE_PORT"
wait_healthy sla "$SLA_PORT"
wait_healthy realtime "$REALTIME_PORT"
wait_healthy api "$API_PORT"

if [[ $SIMULATOR == on ]]; then
  # The password goes by environment, never as an option: `ps` shows a command line to
  # everyone. MQTT_URL is exported above, so the simulator reads it from there too.
  # shellcheck disable=SC2086 # SIM_ARGS is a list of options
  cmd_of[simulator]="MQTT_DEMO_GATEWAY_PASSWORD=$(printf '%q' "${SIM_PASSWORD:-$MQTT_DEMO_GATEWAY_PASSWORD}") \
    exec node dist/apps/simulator/src/main.js $(printf '%q ' --root "$MQTT_TOPIC_ROOT" \
    --username "${SIM_USERNAME:-$MQTT_DEMO_GATEWAY_USERNAME}" \
    --heartbeat-s "${SIM_HEARTBEAT_S:-20}" $SIM_ARGS)"
  launch simulator
fi

cat <<INFO

  IOC Quảng Bình is running (demo data, simulated gateways).

  Operations-centre web app         http://127.0.0.1:$API_PORT/   (sign in with a demo user below)
    live map and incident queue     http://127.0.0.1:$API_PORT/ops
    devices, gateways, imports      http://127.0.0.1:$API_PORT/devices  ·  /gateways  ·  /imports  ·  /maintenance
    coverage, SLA and reports       http://127.0.0.1:$API_PORT/coverage  ·  /sla
    users, key areas, audit log     http://127.0.0.1:$API_PORT/admin/users  ·  /admin/areas  ·  /admin/audit
  REST API and its docs (OpenAPI)   http://127.0.0.1:$API_PORT/api/v1  ·  http://127.0.0.1:$API_PORT/api/docs
  Realtime (Socket.IO, ns /ops)     http://127.0.0.1:$REALTIME_PORT/ops
  Health and metrics                http://127.0.0.1:{$API_PORT,$REALTIME_PORT,$INGEST_PORT,$REGISTRY_PORT,$INCIDENT_PORT,$COVERAGE_PORT,$SLA_PORT}/health  …/metrics
  MQTT broker (gateways)            mqtt://127.0.0.1:$MQTT_PORT, topics $MQTT_TOPIC_ROOT/{areaCode}/{gatewayId}/…
  MQTT credentials                  $IOC_STATE_DIR/mqtt-credentials.env
  Logs (JSON, one line per event)   $LOG_DIR/*.log
  Postgres                          $DATABASE_URL (schema $DB_SCHEMA)

  Demo users (password demo-<user>, demo mode only):
    admin / demo-admin            users, key areas, everything
    operator / demo-operator      live view, incidents
    technician / demo-technician  gateways, devices, bulk imports
    planner / demo-planner        read everything, change nothing
  Scripts: curl -s -X POST http://127.0.0.1:$API_PORT/api/v1/auth/login -H 'Content-Type: application/json' \\
         -d '{"username":"technician","password":"demo-technician"}'
  An app that stops is started again (after 1 s, then 2, 4 … 30 s if it keeps failing); stderr says so.
  Press Ctrl-C to stop.
INFO

# Supervise: an app (or the simulator) that exits is started again, alone, after a pause
# that doubles with each crash in a row (1 s, 2 s, 4 s … at most 30 s; a run of a minute
# or more starts the count again), and each restart is said on stderr. Ctrl-C stops all.
while ((${#pid_of[@]})); do
  exited=''
  rc=0
  wait -n -p exited "${pid_of[@]}" || rc=$?
  [[ -n $exited ]] || continue
  for name in "${!pid_of[@]}"; do
    [[ ${pid_of[$name]} == "$exited" ]] || continue
    ran=$((SECONDS - started_at[$name]))
    if ((ran >= 60)); then crashes[$name]=1; else crashes[$name]=$((${crashes[$name]:-0} + 1)); fi
    delay=$((1 << (crashes[$name] - 1)))
    ((delay > 30)) && delay=30
    how="exit code $rc"
    ((rc > 128)) && how="signal $(kill -l $((rc - 128)) 2>/dev/null || echo $((rc - 128)))"
    ioc_warn "$name stopped ($how) after ${ran} s; restarting it in ${delay} s (crash ${crashes[$name]} in a row; log: $LOG_DIR/$name.log)"
    sleep "$delay" &
    wait $!
    launch "$name"
    if [[ -n ${port_of[$name]:-} ]]; then
      # Says when it answers again, without holding up the supervision of the others.
      (
        deadline=$((SECONDS + 120))
        until node -e "fetch('http://127.0.0.1:${port_of[$name]}/health').then(r=>process.exit(r.status===200?0:1),()=>process.exit(1))" 2>/dev/null; do
          ((SECONDS < deadline)) || exit 0
          sleep 1
        done
        ioc_say "$name is back: healthy on port ${port_of[$name]}"
      ) &
      watchers+=($!)
    fi
  done
done
