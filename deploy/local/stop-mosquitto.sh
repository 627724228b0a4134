#!/usr/bin/env bash
# Stops the project's own Mosquitto (the one deploy/local/services.sh started), found through
# its pid file in ${IOC_STATE_DIR:-$HOME/.local/state/ioc}/mosquitto. Never touches any other
# broker, such as the machine's default one on 1883. Its state (persistence DB, dynamic-
# security users, credentials) stays, so services.sh starts it again where it left off.
set -euo pipefail
# shellcheck source=deploy/local/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
exec </dev/null

MQ_DIR=$IOC_STATE_DIR/mosquitto
PID_FILE=$MQ_DIR/mosquitto.pid
CONF=$MQ_DIR/mosquitto.conf

pid=$(cat "$PID_FILE" 2>/dev/null || true)
if [[ -z $pid ]]; then
  ioc_report mosquitto "not running" "(no pid file at $PID_FILE)"
  exit 0
fi
[[ $pid =~ ^[0-9]+$ ]] || ioc_die "$PID_FILE does not hold a process id"

# Only a live mosquitto started with our config counts; anything else is a stale pid file
# (the pid may since have been reused by an unrelated process).
if [[ ! -r /proc/$pid/cmdline ]] || ! tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF -- "-c $CONF"; then
  rm -f "$PID_FILE"
  ioc_report mosquitto "not running" "(removed stale pid file $PID_FILE)"
  exit 0
fi

# SIGTERM: Mosquitto saves its persistence DB (queued QoS 1 messages, sessions) and exits.
kill -TERM "$pid"
deadline=$((SECONDS + 30))
while kill -0 "$pid" 2>/dev/null; do
  ((SECONDS < deadline)) || ioc_die "Mosquitto (pid $pid) is still running 30 s after SIGTERM (see $MQ_DIR/mosquitto.log)"
  sleep 0.1
done
rm -f "$PID_FILE"
ioc_report mosquitto stopped "(pid $pid, state kept in $MQ_DIR)"
