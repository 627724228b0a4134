#!/usr/bin/env bash
# Finds, or installs and starts, the infrastructure the apps need on this machine
# (DESIGN.md §5), and prints one line per service: reused, started or installed.
#
#   postgres   PostgreSQL + PostGIS on 127.0.0.1:5432, database ${IOC_DB_NAME:-ioc} with postgis
#   redis      Redis 7 on 127.0.0.1:6379
#   nats       NATS with JetStream on 127.0.0.1:4222
#   mosquitto  the PROJECT's own Mosquitto on 127.0.0.1:${MQTT_PORT:-18830} (config rendered
#              from deploy/mosquitto/mosquitto.conf.template, dynamic-security users and roles);
#              the machine's own broker on 1883, if any, is left alone
#
# A service that already answers is reused as it is; one that is installed but stopped is
# started; one that is missing is installed with apt (one `apt-get update` per run) and
# started. Idempotent, never reads stdin, and prints nothing else unless it changed
# something or something is wrong (then it says what, on stderr, and exits non-zero).
#
# Environment: IOC_DB_NAME (ioc), MQTT_PORT (18830), IOC_STATE_DIR ($HOME/.local/state/ioc).
# State kept in IOC_STATE_DIR: mosquitto/ (rendered config, persistence DB, log, pid file,
# dynamic-security.json) and mqtt-credentials.env (mode 0600, shell-sourceable MQTT
# usernames and passwords, generated on the first run and reused afterwards).
# Stop the project's broker with deploy/local/stop-mosquitto.sh.
set -euo pipefail
# shellcheck source=deploy/local/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
exec </dev/null # nothing here may prompt

PG_HOST=127.0.0.1
PG_PORT=5432
DB_NAME=${IOC_DB_NAME:-ioc}
REDIS_PORT=6379
NATS_PORT=4222
MQTT_PORT=${MQTT_PORT:-18830}
MQ_DIR=$IOC_STATE_DIR/mosquitto
CRED_FILE=$IOC_STATE_DIR/mqtt-credentials.env

[[ $DB_NAME =~ ^[A-Za-z_][A-Za-z0-9_]{0,62}$ ]] || ioc_die "IOC_DB_NAME=\"$DB_NAME\" is not a plain SQL identifier"
[[ $MQTT_PORT =~ ^[0-9]+$ ]] && ((MQTT_PORT > 0 && MQTT_PORT < 65536)) || ioc_die "MQTT_PORT=\"$MQTT_PORT\" is not a TCP port"

# join_notes NOTE…: "a; b; c"
join_notes() {
  local joined
  printf -v joined '%s; ' "$@"
  echo "${joined%; }"
}

# =========================================================================================
# PostgreSQL + PostGIS
# =========================================================================================
pg_psql() { psql -h "$PG_HOST" -p "$PG_PORT" -U postgres -w -X -q -v ON_ERROR_STOP=1 -At "$@"; }
pg_ready() { pg_isready -h "$PG_HOST" -p "$PG_PORT" -q; }
# psql as the postgres OS user over the Unix socket (peer auth), to repair TCP auth.
pg_local_psql() { (cd / && as_user postgres psql -p "$PG_PORT" -X -q -v ON_ERROR_STOP=1 -At "$@"); }

# A freshly created Debian cluster asks for a password on 127.0.0.1 (scram-sha-256). This
# is a development machine: trust local TCP connections, as the apps' default DATABASE_URL
# (postgres://postgres@127.0.0.1:5432/ioc) expects.
pg_configure_trust() {
  local hba
  hba=$(pg_local_psql -c 'SHOW hba_file') || ioc_die "PostgreSQL on $PG_HOST:$PG_PORT refuses user postgres without a password, and its pg_hba.conf could not be found through the local socket; allow trust for 127.0.0.1/::1 or set PGPASSWORD"
  as_root sed -i '1i # Added by deploy/local/services.sh (development machine only): trust local TCP connections.\nhost    all             all             127.0.0.1/32            trust\nhost    all             all             ::1/128                 trust' "$hba"
  pg_local_psql -c 'SELECT pg_reload_conf()' >/dev/null
  sleep 0.5
  echo "$hba"
}

# The cluster that serves port 5432 (pg_lsclusters: Ver Cluster Port Status Owner Data Log).
pg_cluster_on_port() { pg_lsclusters -h 2>/dev/null | awk -v port="$PG_PORT" '$3 == port { print $1, $2; exit }'; }

ensure_postgres() {
  local action=reused notes=() cluster ver main err hba enc server_version postgis

  if ! port_open "$PG_HOST" "$PG_PORT"; then
    if ! compgen -G '/usr/lib/postgresql/*/bin/postgres' >/dev/null; then
      apt_install postgresql
      action=installed
    fi
    cluster=$(pg_cluster_on_port)
    if [[ -z $cluster ]]; then
      if [[ -n $(pg_lsclusters -h 2>/dev/null) ]]; then
        ioc_die "no PostgreSQL cluster is configured for port $PG_PORT (pg_lsclusters shows others); start one there"
      fi
      ver=$(find /usr/lib/postgresql -mindepth 1 -maxdepth 1 -printf '%f\n' | sort -n | tail -1)
      as_root pg_createcluster "$ver" main -p "$PG_PORT" >/dev/null
      cluster="$ver main"
      action=installed
    fi
    if ! pg_ready; then
      # --skip-systemctl-redirect: there is no systemd here; start the cluster directly.
      as_root pg_ctlcluster --skip-systemctl-redirect "${cluster% *}" "${cluster#* }" start
      [[ $action == reused ]] && action=started
    fi
  fi
  if ! command -v psql >/dev/null || ! command -v pg_isready >/dev/null; then apt_install postgresql-client; fi

  local deadline=$((SECONDS + 60))
  until pg_ready; do
    ((SECONDS < deadline)) || ioc_die "PostgreSQL does not accept connections on $PG_HOST:$PG_PORT after 60 s (see /var/log/postgresql/)"
    sleep 0.3
  done

  if ! err=$(pg_psql -d postgres -c 'SELECT 1' 2>&1 >/dev/null); then
    case $err in
      *password* | *authentication* | *"no pg_hba.conf entry"*)
        hba=$(pg_configure_trust)
        notes+=("trust auth for 127.0.0.1/::1 added to $hba")
        err=$(pg_psql -d postgres -c 'SELECT 1' 2>&1 >/dev/null) || ioc_die "PostgreSQL still refuses user postgres on $PG_HOST:$PG_PORT: $err"
        ;;
      *) ioc_die "cannot query PostgreSQL on $PG_HOST:$PG_PORT as user postgres: $err" ;;
    esac
  fi

  server_version=$(pg_psql -d postgres -c 'SHOW server_version' | cut -d' ' -f1)
  main=$(($(pg_psql -d postgres -c 'SHOW server_version_num') / 10000))

  if [[ -z $(pg_psql -d postgres -c "SELECT 1 FROM pg_database WHERE datname = '$DB_NAME'") ]]; then
    enc=$(pg_psql -d postgres -c "SELECT pg_encoding_to_char(encoding) FROM pg_database WHERE datname = 'template1'")
    if [[ $enc == UTF8 ]]; then
      pg_psql -d postgres -c "CREATE DATABASE \"$DB_NAME\""
    else
      # Place names keep their diacritics (§1): never SQL_ASCII or LATIN1.
      pg_psql -d postgres -c "CREATE DATABASE \"$DB_NAME\" TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'"
    fi
    notes+=("created database $DB_NAME")
  else
    enc=$(pg_psql -d postgres -c "SELECT pg_encoding_to_char(encoding) FROM pg_database WHERE datname = '$DB_NAME'")
    [[ $enc == UTF8 ]] || ioc_warn "database $DB_NAME has encoding $enc, not UTF8: Vietnamese place names need UTF8"
  fi

  postgis=$(pg_psql -d "$DB_NAME" -c "SELECT extversion FROM pg_extension WHERE extname = 'postgis'")
  if [[ -z $postgis ]]; then
    if [[ -z $(pg_psql -d "$DB_NAME" -c "SELECT 1 FROM pg_available_extensions WHERE name = 'postgis'") ]]; then
      apt_install "postgresql-$main-postgis-3"
      notes+=("installed postgresql-$main-postgis-3")
    fi
    pg_psql -d "$DB_NAME" -c 'CREATE EXTENSION IF NOT EXISTS postgis'
    postgis=$(pg_psql -d "$DB_NAME" -c "SELECT extversion FROM pg_extension WHERE extname = 'postgis'")
    notes+=("created extension postgis")
  fi

  local detail="PostgreSQL $server_version, PostGIS $postgis, database $DB_NAME"
  ((${#notes[@]})) && detail+="; $(join_notes "${notes[@]}")"
  ioc_report postgres "$action" "$PG_HOST:$PG_PORT ($detail)"
}

# =========================================================================================
# Redis
# =========================================================================================
# redis_version: asks the server on REDIS_PORT for INFO server (plain RESP over /dev/tcp, so
# it works without redis-cli); prints the version, or the error reply and fails.
redis_version() {
  local fd line
  exec {fd}<>"/dev/tcp/127.0.0.1/$REDIS_PORT" || return 2
  printf 'INFO server\r\n' >&"$fd"
  while IFS= read -r -t 3 line <&"$fd"; do
    line=${line%$'\r'}
    case $line in
      -*) exec {fd}>&-; echo "${line#-}"; return 3 ;;
      redis_version:*) exec {fd}>&-; echo "${line#redis_version:}"; return 0 ;;
    esac
  done
  exec {fd}>&-
  echo "no INFO reply"
  return 4
}

ensure_redis() {
  local action=reused version
  if ! port_open 127.0.0.1 "$REDIS_PORT"; then
    if ! command -v redis-server >/dev/null; then
      apt_install redis-server
      action=installed
    fi
    # The package may have started its own instance; start ours only if nothing listens.
    if ! port_open 127.0.0.1 "$REDIS_PORT"; then
      as_root mkdir -p /var/lib/redis /var/log/redis
      as_root redis-server --daemonize yes --bind 127.0.0.1 -::1 --port "$REDIS_PORT" --save "" --appendonly no \
        --dir /var/lib/redis --logfile /var/log/redis/ci.log >/dev/null
      [[ $action == reused ]] && action=started
    fi
    wait_for_port 127.0.0.1 "$REDIS_PORT" 20 || ioc_die "Redis did not open 127.0.0.1:$REDIS_PORT (see /var/log/redis/ci.log)"
  fi
  local deadline=$((SECONDS + 20))
  until version=$(redis_version 2>/dev/null); do
    # "LOADING …" while it reads its dataset; anything else will not get better.
    [[ $version == LOADING* ]] && ((SECONDS < deadline)) || ioc_die "the server on 127.0.0.1:$REDIS_PORT is not a usable Redis: $version"
    sleep 0.3
  done
  ((${version%%.*} >= 7)) || ioc_warn "Redis $version on 127.0.0.1:$REDIS_PORT is older than the 7.x the platform is built for (DESIGN.md §5)"
  ioc_report redis "$action" "127.0.0.1:$REDIS_PORT (Redis $version)"
}

# =========================================================================================
# NATS with JetStream
# =========================================================================================
# nats_info: the INFO line every NATS server sends first, as JSON.
nats_info() {
  local fd line
  exec {fd}<>"/dev/tcp/127.0.0.1/$NATS_PORT" || return 2
  IFS= read -r -t 3 line <&"$fd" || true
  exec {fd}>&-
  line=${line%$'\r'}
  [[ $line == INFO\ \{* ]] || return 3
  echo "${line#INFO }"
}

# nats_jetstream INFO_JSON: "ok" when JetStream answers for our account; uses the `nats`
# client from node_modules (jetstreamManager() calls $JS.API.INFO), and the server's INFO
# flag when node or the package is not there yet (before `npm ci`).
nats_jetstream() {
  local out
  if command -v node >/dev/null && out=$(cd "$IOC_ROOT" && timeout 20 node -e '
    let nats;
    try { nats = require("nats"); } catch { console.log("no-client"); process.exit(0); }
    (async () => {
      const nc = await nats.connect({ servers: process.argv[1], timeout: 5000, name: "ioc-services-check" });
      try {
        await nc.jetstreamManager({ timeout: 5000 });
        console.log("ok");
      } catch (err) {
        const why = err && err.message ? err.message : String(err);
        console.log("JetStream unavailable: " + (why === "503" ? "no JetStream API responder (503)" : why));
      } finally {
        await nc.close();
      }
    })().catch((err) => { console.log("cannot connect: " + err.message); });
  ' "nats://127.0.0.1:$NATS_PORT" 2>&1) && [[ $out != no-client ]]; then
    echo "$out"
  elif [[ $1 == *'"jetstream":true'* ]]; then
    echo ok
  else
    echo "JetStream unavailable: the server's INFO does not announce it"
  fi
}

ensure_nats() {
  local action=reused info version js
  if ! port_open 127.0.0.1 "$NATS_PORT"; then
    if [[ ! -x /usr/sbin/nats-server ]]; then
      apt_install nats-server
      action=installed
    fi
    if ! port_open 127.0.0.1 "$NATS_PORT"; then
      as_root mkdir -p /var/lib/nats-server
      # The pid file makes start-stop-daemon look for *this* server, not any nats-server.
      as_root start-stop-daemon --start --oknodo --background --exec /usr/sbin/nats-server \
        --pidfile "/run/nats-server-$NATS_PORT.pid" --make-pidfile -- \
        -a 127.0.0.1 -p "$NATS_PORT" -js -sd /var/lib/nats-server -l /var/log/nats-server.log >/dev/null
      [[ $action == reused ]] && action=started
    fi
    wait_for_port 127.0.0.1 "$NATS_PORT" 20 ||
      ioc_die "nats-server did not open 127.0.0.1:$NATS_PORT (see /var/log/nats-server.log)"
  fi
  info=$(nats_info) || ioc_die "the server on 127.0.0.1:$NATS_PORT does not speak the NATS protocol"
  version=$(sed -n 's/.*"version":"\([^"]*\)".*/\1/p' <<<"$info")
  js=$(nats_jetstream "$info")
  if [[ $js != ok ]]; then
    ioc_die "nats-server $version on 127.0.0.1:$NATS_PORT runs WITHOUT JetStream ($js). The platform needs it (DESIGN.md §2): restart that server with -js, e.g. nats-server -a 127.0.0.1 -p $NATS_PORT -js -sd /var/lib/nats-server"
  fi
  ioc_report nats "$action" "127.0.0.1:$NATS_PORT (nats-server $version, JetStream on)"
}

# =========================================================================================
# The project's Mosquitto
# =========================================================================================
CRED_VARS=(MQTT_ADMIN_USERNAME MQTT_ADMIN_PASSWORD MQTT_INGEST_USERNAME MQTT_INGEST_PASSWORD
  MQTT_DEMO_GATEWAY_USERNAME MQTT_DEMO_GATEWAY_PASSWORD MQTT_TEST_GATEWAY_USERNAME MQTT_TEST_GATEWAY_PASSWORD)

# Loads mqtt-credentials.env, generating whatever is missing; the file is the only copy of
# the admin password, so it is written once and then only completed, never replaced.
# Sets CRED_FILE_WAS_MISSING=1 when there was no file before this run.
load_credentials() {
  local var changed=0 tmp
  CRED_FILE_WAS_MISSING=0
  if [[ -f $CRED_FILE ]]; then
    # shellcheck disable=SC1090
    . "$CRED_FILE"
  else
    CRED_FILE_WAS_MISSING=1
  fi
  local -A default_user=([MQTT_ADMIN_USERNAME]=ioc-admin [MQTT_INGEST_USERNAME]=ioc-ingest
    [MQTT_DEMO_GATEWAY_USERNAME]=demo-gateways [MQTT_TEST_GATEWAY_USERNAME]=test-gateways)
  for var in "${CRED_VARS[@]}"; do
    if [[ $CRED_FILE_WAS_MISSING == 1 || -z ${!var:-} ]]; then
      # A fresh file always gets fresh secrets, never values inherited from the environment.
      if [[ $var == *_USERNAME ]]; then printf -v "$var" '%s' "${default_user[$var]}"; else printf -v "$var" '%s' "$(random_secret)"; fi
      changed=1
    fi
    export "${var?}"
  done
  if ((changed)); then
    mkdir -p "$IOC_STATE_DIR"
    tmp=$(mktemp "$IOC_STATE_DIR/.mqtt-credentials.XXXXXX")
    {
      echo "# MQTT logins of the project's Mosquitto, generated once by deploy/local/services.sh. Keep this file: the"
      echo "# admin password exists nowhere else."
      echo "# Source it: . $CRED_FILE"
      for var in "${CRED_VARS[@]}"; do printf '%s=%s\n' "$var" "${!var}"; done
    } >"$tmp"
    chmod 600 "$tmp"
    mv -f "$tmp" "$CRED_FILE"
  fi
  chmod 600 "$CRED_FILE"
}

# Renders the config template into mosquitto.conf.new; prints "differs" when that is not
# what mosquitto.conf already holds. The caller installs it only when it starts the broker.
render_mosquitto_conf() {
  local plugin=$1 esc_dir esc_plugin esc_user
  esc() { printf '%s' "$1" | sed -e 's/[\\|&]/\\&/g'; }
  esc_dir=$(esc "$MQ_DIR") esc_plugin=$(esc "$plugin") esc_user=$(esc "$(id -un)")
  (umask 077 && sed -e "s|@@STATE_DIR@@|$esc_dir|g" -e "s|@@MQTT_PORT@@|$MQTT_PORT|g" \
    -e "s|@@DYNSEC_PLUGIN@@|$esc_plugin|g" -e "s|@@RUN_USER@@|$esc_user|g" \
    "$IOC_ROOT/deploy/mosquitto/mosquitto.conf.template" >"$MQ_DIR/mosquitto.conf.new")
  cmp -s "$MQ_DIR/mosquitto.conf.new" "$MQ_DIR/mosquitto.conf" || echo differs
}

# Our broker = the pid file names a live mosquitto started with our config.
our_broker_pid() {
  local pid
  pid=$(cat "$MQ_DIR/mosquitto.pid" 2>/dev/null) || return 1
  [[ $pid =~ ^[0-9]+$ ]] && [[ -r /proc/$pid/cmdline ]] || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF -- "-c $MQ_DIR/mosquitto.conf" || return 1
  echo "$pid"
}

# dynsec_setup: roles and clients (deploy/mosquitto/dynsec-setup.sh); prints a summary of
# what it changed, if anything.
dynsec_setup() {
  local out rc=0
  out=$(sh "$IOC_ROOT/deploy/mosquitto/dynsec-setup.sh" 127.0.0.1 "$MQTT_PORT" 2>&1) || rc=$?
  case $rc in
    0) ;;
    3 | 4)
      if our_broker_pid >/dev/null && grep -qx "listener $MQTT_PORT 127.0.0.1" "$MQ_DIR/mosquitto.conf"; then
        ioc_die "the project's Mosquitto on 127.0.0.1:$MQTT_PORT does not accept the admin login stored in $CRED_FILE ($out). If that file was lost, stop the broker (deploy/local/stop-mosquitto.sh) and remove $MQ_DIR to start over (this drops every MQTT client it knew)."
      fi
      ioc_die "port $MQTT_PORT on 127.0.0.1 is taken by something that is not the project's Mosquitto (admin login failed: $out). Stop it or pick another port with MQTT_PORT=<port> (the apps' MQTT_URL must use the same port)."
      ;;
    *) ioc_die "setting up Mosquitto users and roles failed: $out" ;;
  esac
  [[ -n $out ]] || return 0
  local roles clients other
  roles=$(grep -c '^created role' <<<"$out" || true)
  clients=$(grep -c '^created client' <<<"$out" || true)
  other=$(grep -vc '^created ' <<<"$out" || true)
  local parts=()
  ((roles)) && parts+=("$roles roles")
  ((clients)) && parts+=("$clients clients")
  local summary=''
  ((${#parts[@]})) && summary="created ${parts[*]}"
  summary=${summary/roles /roles and }
  ((other)) && summary+="${summary:+, }repaired $other dynsec entries ($(grep -v '^created ' <<<"$out" | paste -sd ';' | sed 's/;/; /g'))"
  echo "$summary"
}

# verify_mqtt: a QoS 1 message published by the test-gateways login reaches the ingest login
# through a shared subscription, even while the ingest's persistent session is offline (§3:
# nothing is lost while ingest restarts); an anonymous client is refused. A random topic
# root keeps the probe away from a running ingest (which listens on city/…).
verify_mqtt() {
  local root client filter topic payload out granted
  local -a conn=(-h 127.0.0.1 -p "$MQTT_PORT" -V mqttv5)
  root="ioc-selftest-$(random_secret | cut -c1-10)"
  client="$root-ingest"
  filter="\$share/ioc-selftest/$root/city/#"
  topic="$root/city/SELFTEST/gw-selftest/dev-selftest/status"
  payload="{\"id\":\"$root\",\"ts\":\"$(date -u +%Y-%m-%dT%H:%M:%SZ)\",\"online\":true}"
  # The logins go in the clients' own config files, beside the credentials file, never on a
  # command line, where `ps` shows them to everyone.
  local login_dir
  login_dir=$(mktemp -d "$IOC_STATE_DIR/.mqtt-login.XXXXXX")
  (umask 077 &&
    printf -- '-u %s\n-P %s\n' "$MQTT_INGEST_USERNAME" "$MQTT_INGEST_PASSWORD" >"$login_dir/mosquitto_sub" &&
    printf -- '-u %s\n-P %s\n' "$MQTT_TEST_GATEWAY_USERNAME" "$MQTT_TEST_GATEWAY_PASSWORD" >"$login_dir/mosquitto_pub")

  # 1. The ingest login opens a persistent session (expires 60 s after it ends) with a
  #    shared QoS 1 subscription, then goes offline.
  out=$(XDG_CONFIG_HOME=$login_dir timeout 20 mosquitto_sub "${conn[@]}" \
    -i "$client" -c -x 60 -q 1 -t "$filter" -E -d 2>&1) || true
  granted=$(sed -n 's/^Subscribed (mid: 1): //p' <<<"$out")
  [[ $granted == 1 ]] ||
    ioc_die "MQTT self-test: $MQTT_INGEST_USERNAME could not subscribe $filter at QoS 1 on 127.0.0.1:$MQTT_PORT (granted: ${granted:-none}): $(tr '\n' ' ' <<<"$out")"

  # 2. The test-gateways login publishes at QoS 1 and gets its PUBACK.
  out=$(XDG_CONFIG_HOME=$login_dir timeout 20 mosquitto_pub "${conn[@]}" \
    -q 1 -t "$topic" -m "$payload" -d 2>&1) || true
  [[ $out == *"received PUBACK"* && $out != *failed* && $out != *rror* ]] ||
    ioc_die "MQTT self-test: $MQTT_TEST_GATEWAY_USERNAME could not publish at QoS 1: $(tr '\n' ' ' <<<"$out")"

  # 3. The ingest session comes back and receives the queued message at QoS 1 (and ends).
  out=$(XDG_CONFIG_HOME=$login_dir timeout 20 mosquitto_sub "${conn[@]}" \
    -i "$client" -c -x 0 -q 1 -t "$filter" -C 1 -W 10 -v -d 2>&1) || true
  [[ $out == *"received PUBLISH (d0, q1"* && $out == *"$topic $payload"* ]] ||
    ioc_die "MQTT self-test: $MQTT_INGEST_USERNAME did not receive the queued QoS 1 message: $(tr '\n' ' ' <<<"$out")"

  rm -rf "$login_dir"

  # 4. No credentials, no connection (and no config file: HOME's is not the project's).
  out=$(XDG_CONFIG_HOME=/nonexistent timeout 20 mosquitto_pub "${conn[@]}" -q 0 -n -t "$root/anonymous" 2>&1) &&
    ioc_die "MQTT self-test: the broker on 127.0.0.1:$MQTT_PORT accepts anonymous clients"
  [[ $out == *"ot authori"* ]] || ioc_die "MQTT self-test: an anonymous client failed for another reason than authorisation: $out"
}

ensure_mosquitto() {
  local action=reused notes=() plugin out conf_changed pid
  if ! command -v mosquitto >/dev/null && [[ ! -x /usr/sbin/mosquitto ]]; then
    apt_install mosquitto mosquitto-clients
    action=installed
  fi
  if ! command -v mosquitto_ctrl >/dev/null || ! command -v mosquitto_sub >/dev/null; then apt_install mosquitto-clients; fi
  plugin=$(dpkg -L mosquitto 2>/dev/null | grep '/mosquitto_dynamic_security\.so$' | head -n1) ||
    ioc_die "the mosquitto package does not ship mosquitto_dynamic_security.so (dpkg -L mosquitto)"

  mkdir -p "$MQ_DIR"
  chmod 700 "$MQ_DIR"
  load_credentials
  ((CRED_FILE_WAS_MISSING)) && notes+=("credentials in $CRED_FILE")
  conf_changed=$(render_mosquitto_conf "$plugin")

  if port_open 127.0.0.1 "$MQTT_PORT"; then
    if [[ -n $conf_changed ]] && our_broker_pid >/dev/null &&
      grep -qx "listener $MQTT_PORT 127.0.0.1" "$MQ_DIR/mosquitto.conf"; then
      # Keep mosquitto.conf.new: the next start installs it.
      notes+=("the template or MQTT_PORT changed since it started: to apply, run deploy/local/stop-mosquitto.sh and then this script")
    else
      rm -f "$MQ_DIR/mosquitto.conf.new"
    fi
  else
    if pid=$(our_broker_pid); then
      ioc_die "the project's Mosquitto from $MQ_DIR already runs (pid $pid) but not on 127.0.0.1:$MQTT_PORT (MQTT_PORT changed?). Stop it with deploy/local/stop-mosquitto.sh first, or use another IOC_STATE_DIR."
    fi
    mv -f "$MQ_DIR/mosquitto.conf.new" "$MQ_DIR/mosquitto.conf"
    if [[ ! -f $MQ_DIR/dynamic-security.json ]]; then
      mosquitto_ctrl dynsec init "$MQ_DIR/dynamic-security.json" "$MQTT_ADMIN_USERNAME" "$MQTT_ADMIN_PASSWORD" >/dev/null 2>&1
      [[ -f $MQ_DIR/dynamic-security.json ]] || ioc_die "mosquitto_ctrl dynsec init did not create $MQ_DIR/dynamic-security.json"
    elif ((CRED_FILE_WAS_MISSING)); then
      rm -f "$CRED_FILE"
      ioc_die "$MQ_DIR/dynamic-security.json exists but $CRED_FILE does not, so its admin password is unknown. Restore the credentials file, or remove $MQ_DIR to start over (this drops every MQTT client it knew)."
    fi
    # The dynsec file holds password hashes; the broker rewrites it on every change.
    chmod 600 "$MQ_DIR/dynamic-security.json"
    if ! out=$("$(command -v mosquitto || echo /usr/sbin/mosquitto)" -d -c "$MQ_DIR/mosquitto.conf" 2>&1) || ! wait_for_port 127.0.0.1 "$MQTT_PORT" 15; then
      ioc_die "the project's Mosquitto did not start on 127.0.0.1:$MQTT_PORT: $out $(tail -n 5 "$MQ_DIR/mosquitto.log" 2>/dev/null | tr '\n' ' ')"
    fi
    [[ $action == reused ]] && action=started
  fi

  out=$(dynsec_setup)
  [[ -n $out ]] && notes+=("$out")
  verify_mqtt

  local detail="project broker, state $MQ_DIR; QoS 1 via \$share and anonymous refusal verified"
  ((${#notes[@]})) && detail+="; $(join_notes "${notes[@]}")"
  ioc_report mosquitto "$action" "127.0.0.1:$MQTT_PORT ($detail)"
}

main() {
  ensure_postgres
  ensure_redis
  ensure_nats
  ensure_mosquitto
}

# Sourcing the file (tests) only defines the functions.
if [[ ${BASH_SOURCE[0]} == "$0" ]]; then main; fi
