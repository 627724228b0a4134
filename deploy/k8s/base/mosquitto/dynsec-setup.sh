#!/bin/sh
# Makes sure the project's dynamic-security roles and clients exist on a running Mosquitto
# 2.0 broker, creating only what is missing. POSIX sh, so the same script runs from
# deploy/local/services.sh and in the eclipse-mosquitto (Alpine/BusyBox) container of
# docker-compose.yml.
#
#   dynsec-setup.sh HOST PORT
#
# Reads from the environment:
#   MQTT_ADMIN_USERNAME, MQTT_ADMIN_PASSWORD    the client created by `mosquitto_ctrl dynsec init`
#   MQTT_INGEST_USERNAME, MQTT_INGEST_PASSWORD  role ioc-ingest
#   MQTT_DEMO_GATEWAY_USERNAME, …_PASSWORD      role demo-gateways (device simulator)
#   MQTT_TEST_GATEWAY_USERNAME, …_PASSWORD      role test-gateways (integration tests); optional
# Prints one line per change it makes and nothing when everything already exists.
# Exit codes: 0 ok; 1 a command failed; 3 the broker refused the admin login (not ours,
# or another admin password); 4 no MQTT broker answered on HOST:PORT.
#
# Why the ACLs look the way they do (checked against Mosquitto 2.0.11):
# - dynsec checks a subscription against the *whole* filter, `$share/<group>/` included,
#   and its subscribe patterns do not treat a leading `$` specially. So `subscribePattern
#   city/#` does NOT allow `$share/ingest/city/#` (SUBACK 0x87), while `subscribePattern #`
#   does. The ingest subscribes `$share/<group>/<root>/…` and tests use per-run roots, so
#   ioc-ingest gets `#`.
# - publishClientSend `#` does not reach `$CONTROL/…` (the broker refuses such a PUBLISH
#   from a client without an explicit `$CONTROL` ACL), so the test role cannot administer
#   the broker.
# - mosquitto_ctrl 2.0.11 exits 0 even when a command fails and answers "Internal error"
#   to adding a role a client already has, so this script reads the current state first
#   and judges success from the output.
set -eu

HOST=${1:?usage: dynsec-setup.sh HOST PORT}
PORT=${2:?usage: dynsec-setup.sh HOST PORT}
: "${MQTT_ADMIN_USERNAME:?}" "${MQTT_ADMIN_PASSWORD:?}"
: "${MQTT_INGEST_USERNAME:=ioc-ingest}" "${MQTT_INGEST_PASSWORD:?}"
: "${MQTT_DEMO_GATEWAY_USERNAME:=demo-gateways}" "${MQTT_DEMO_GATEWAY_PASSWORD:?}"
: "${MQTT_TEST_GATEWAY_USERNAME:=test-gateways}" "${MQTT_TEST_GATEWAY_PASSWORD:=}"

# Logins go in the clients' own config files ($XDG_CONFIG_HOME/mosquitto_ctrl, …/mosquitto_pub),
# never on their command lines, where `ps` shows them to everyone. (A client's new password
# is still an argument of `createClient` and `setClientPassword`, for the few milliseconds
# those run: mosquitto_ctrl has no other way to take it.)
LOGIN_DIR=$(mktemp -d)
trap 'rm -rf "$LOGIN_DIR"' EXIT
printf -- '-u %s\n-P %s\n' "$MQTT_ADMIN_USERNAME" "$MQTT_ADMIN_PASSWORD" >"$LOGIN_DIR/mosquitto_ctrl"

OUT=''
# ctrl ARGS…: one `mosquitto_ctrl … dynsec ARGS…`; its output (minus the plain-TCP warning)
# lands in $OUT; false when it exits non-zero, times out (a broker without the dynsec
# plugin never answers) or prints an error.
ctrl() {
  rc=0
  OUT=$(XDG_CONFIG_HOME=$LOGIN_DIR timeout 10 mosquitto_ctrl -h "$HOST" -p "$PORT" dynsec "$@" </dev/null 2>&1) || rc=$?
  OUT=$(printf '%s\n' "$OUT" | grep -v -e 'without encryption' -e 'configuration changes you are making' -e '^$' || true)
  # 124: coreutils timeout; 143: BusyBox timeout (SIGTERM).
  case $rc in
    124 | 143) OUT="${OUT:+$OUT; }no answer within 10 s (not an MQTT broker, or no dynamic-security plugin)" ;;
  esac
  [ "$rc" -eq 0 ] || return 1
  case $OUT in
    *rror*) return 1 ;;
  esac
}
fail() {
  echo "dynsec-setup: $1: $OUT" >&2
  exit 1
}

# The admin login decides whether this broker is ours.
if ! ctrl listRoles; then
  case $OUT in
    *"Not authorized"* | *"not authorised"* | *"Bad user name or password"*)
      echo "dynsec-setup: the broker on $HOST:$PORT refused the admin login of '$MQTT_ADMIN_USERNAME': $OUT" >&2
      exit 3 ;;
    *)
      echo "dynsec-setup: no usable MQTT broker on $HOST:$PORT: ${OUT:-no answer}" >&2
      exit 4 ;;
  esac
fi
ROLES=$OUT
ctrl listClients || fail "listClients"
CLIENTS=$OUT

# ensure_role ROLE "ACLTYPE TOPIC"…: the role exists and allows each ACL.
ensure_role() {
  role=$1
  shift
  if ! printf '%s\n' "$ROLES" | grep -qxF "$role"; then
    ctrl createRole "$role" || fail "createRole $role"
    for acl in "$@"; do
      ctrl addRoleACL "$role" "${acl%% *}" "${acl#* }" allow || fail "addRoleACL $role $acl"
    done
    echo "created role $role"
    return 0
  fi
  ctrl getRole "$role" || fail "getRole $role"
  # "ACLs:     publishClientReceive : allow : # (priority: 0)" → "publishClientReceive : allow : # (…"
  acls=$(printf '%s\n' "$OUT" | sed -e 's/^ACLs://' -e 's/^[[:space:]]*//' -e 's/[[:space:]]*:[[:space:]]*/ : /g')
  for acl in "$@"; do
    type=${acl%% *}
    topic=${acl#* }
    if printf '%s\n' "$acls" | grep -qF "$type : allow : $topic ("; then
      continue
    fi
    if printf '%s\n' "$acls" | grep -qF "$type : deny : $topic ("; then
      ctrl removeRoleACL "$role" "$type" "$topic" || fail "removeRoleACL $role $type $topic"
    fi
    ctrl addRoleACL "$role" "$type" "$topic" allow || fail "addRoleACL $role $type $topic"
    echo "role $role: allowed $type $topic"
  done
}

# login_ok USER PASSWORD: the broker accepts this login (a QoS 0 publish nobody reads).
login_ok() {
  printf -- '-u %s\n-P %s\n' "$1" "$2" >"$LOGIN_DIR/mosquitto_pub"
  XDG_CONFIG_HOME=$LOGIN_DIR timeout 10 mosquitto_pub -h "$HOST" -p "$PORT" -V mqttv5 -q 0 -n -t ioc/login-check </dev/null >/dev/null 2>&1
}

# ensure_client USER PASSWORD ROLE: the client exists, has ROLE and logs in with PASSWORD.
ensure_client() {
  user=$1 pass=$2 role=$3
  if ! printf '%s\n' "$CLIENTS" | grep -qxF "$user"; then
    ctrl createClient "$user" -p "$pass" || fail "createClient $user"
    ctrl addClientRole "$user" "$role" || fail "addClientRole $user $role"
    echo "created client $user (role $role)"
    return 0
  fi
  ctrl getClient "$user" || fail "getClient $user"
  if ! printf '%s\n' "$OUT" | grep -qE "^(Roles:)?[[:space:]]+$role \(priority"; then
    ctrl addClientRole "$user" "$role" || fail "addClientRole $user $role"
    echo "client $user: added role $role"
  fi
  if ! login_ok "$user" "$pass"; then
    ctrl setClientPassword "$user" "$pass" || fail "setClientPassword $user"
    echo "client $user: password reset to the stored one"
  fi
}

# Ingest: subscribes `$share/<group>/city/#` (tests: per-run roots), receives everything.
ensure_role ioc-ingest "subscribePattern #" "publishClientReceive #"
ensure_client "$MQTT_INGEST_USERNAME" "$MQTT_INGEST_PASSWORD" ioc-ingest

# Device simulator (demo): one login for all simulated gateways, publishes under city/ only
# (and under MQTT_DEMO_TOPIC_ROOT when npm start runs with another MQTT_TOPIC_ROOT).
# Real gateways get their own login from the registry (POST /api/v1/gateways).
ensure_role demo-gateways "publishClientSend city/#" ${MQTT_DEMO_TOPIC_ROOT:+"publishClientSend $MQTT_DEMO_TOPIC_ROOT/#"}
ensure_client "$MQTT_DEMO_GATEWAY_USERNAME" "$MQTT_DEMO_GATEWAY_PASSWORD" demo-gateways

# Integration tests: publish and subscribe under their own per-run prefixed roots.
if [ -n "$MQTT_TEST_GATEWAY_PASSWORD" ]; then
  ensure_role test-gateways "publishClientSend #" "subscribePattern #"
  ensure_client "$MQTT_TEST_GATEWAY_USERNAME" "$MQTT_TEST_GATEWAY_PASSWORD" test-gateways
fi
