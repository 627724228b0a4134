# shellcheck shell=bash
# Shared helpers for the deploy/local/*.sh scripts. Source it, do not run it:
#   . "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
# It sets IOC_ROOT (the repository) and IOC_STATE_DIR (per-user state: generated configs,
# broker data, credentials), and gives logging, port waiting, privilege and apt helpers.
# Everything here is bash (the scripts run with `set -euo pipefail`).

IOC_ROOT="${IOC_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}"
IOC_STATE_DIR="${IOC_STATE_DIR:-$HOME/.local/state/ioc}"
export IOC_ROOT IOC_STATE_DIR

# ---- logging: stdout carries the results a caller reads, stderr carries problems -------
ioc_say() { printf '%s\n' "$*"; }
ioc_warn() { printf 'warning: %s\n' "$*" >&2; }
ioc_die() {
  printf 'error: %s\n' "$*" >&2
  exit 1
}
# One aligned result line per service: `ioc_report postgres reused "127.0.0.1:5432 (…)"`.
ioc_report() { printf '%-10s %-9s %s\n' "$1" "$2" "$3"; }

# ---- ports (bash's /dev/tcp: no netcat or curl needed) ---------------------------------
# port_open HOST PORT: true when something accepts TCP connections there.
# shellcheck disable=SC2016 # $0/$1 expand in the inner bash
port_open() { timeout 2 bash -c 'exec 3<>"/dev/tcp/$0/$1"' "$1" "$2" 2>/dev/null; }

# wait_for_port HOST PORT TIMEOUT_S: waits until the port accepts connections; false on timeout.
wait_for_port() {
  local host=$1 port=$2 timeout_s=${3:-30} deadline
  deadline=$((SECONDS + timeout_s))
  until port_open "$host" "$port"; do
    ((SECONDS < deadline)) || return 1
    sleep 0.2
  done
}

# ---- privileges ------------------------------------------------------------------------
# as_root CMD…: runs CMD as root (directly when we are root, else through passwordless sudo).
as_root() {
  if ((EUID == 0)); then
    "$@"
  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    sudo -n "$@"
  else
    ioc_die "need root for: $* (run as root or allow passwordless sudo)"
  fi
}

# as_user USER CMD…: runs CMD as another local user (e.g. postgres for peer auth).
as_user() {
  local user=$1
  shift
  if [[ $(id -un) == "$user" ]]; then
    "$@"
  elif ((EUID == 0)); then
    runuser -u "$user" -- "$@"
  else
    sudo -n -u "$user" -- "$@"
  fi
}

# ---- apt: `apt-get update` at most once per run, then install quietly ------------------
IOC_APT_UPDATED=${IOC_APT_UPDATED:-0}
# pkg_installed PKG: true when dpkg has PKG fully installed.
pkg_installed() { [[ $(dpkg-query -W -f='${db:Status-Status}' "$1" 2>/dev/null) == installed ]]; }

# apt_install PKG…: installs the packages that are missing; prints nothing unless it fails.
apt_install() {
  local missing=() pkg log
  for pkg in "$@"; do pkg_installed "$pkg" || missing+=("$pkg"); done
  ((${#missing[@]})) || return 0
  log=$(mktemp)
  if ((IOC_APT_UPDATED == 0)); then
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q >"$log" 2>&1 ||
      { cat "$log" >&2; rm -f "$log"; ioc_die "apt-get update failed"; }
    IOC_APT_UPDATED=1
  fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" >"$log" 2>&1 ||
    { cat "$log" >&2; rm -f "$log"; ioc_die "apt-get install ${missing[*]} failed"; }
  rm -f "$log"
}

# random_secret: 32 hex characters from the kernel's CSPRNG.
random_secret() { od -An -N16 -tx1 /dev/urandom | tr -d ' \n'; }
