# Shared by scripts/mail-server, scripts/postgres and scripts/test. Source it; do not run it.
# State lives outside the repository so every worktree and clone shares one set of test servers.
MAILROOM_STATE=${MAILROOM_STATE:-/var/lib/mailroom-test}

die() { echo "$(basename "$0"): $*" >&2; exit 1; }

need_root() { [ "$(id -u)" -eq 0 ] || die "must run as root (it installs and starts system services)"; }

# Installs the Debian packages that are missing, asking nothing. apt-get update runs only when something is missing.
ensure_packages() {
  local missing=() p
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  mkdir -p "$MAILROOM_STATE"
  (
    # One apt run at a time even when several scripts start together.
    flock 8
    local still=()
    for p in "${missing[@]}"; do
      dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || still+=("$p")
    done
    [ ${#still[@]} -eq 0 ] && exit 0
    echo "installing ${still[*]} ..." >&2
    export DEBIAN_FRONTEND=noninteractive
    echo "postfix postfix/main_mailer_type select Local only" | debconf-set-selections
    echo "postfix postfix/mailname string localhost" | debconf-set-selections
    # Keep the packages' own init scripts from starting the default instances: ours are started by these scripts.
    local policy=/usr/sbin/policy-rc.d own_policy=0
    if [ ! -e "$policy" ]; then
      printf '#!/bin/sh\nexit 101\n' >"$policy"; chmod +x "$policy"; own_policy=1
    fi
    local rc=0
    { apt-get update -qq && apt-get install -y -qq --no-install-recommends "${still[@]}"; } >"$MAILROOM_STATE/apt.log" 2>&1 || rc=$?
    [ $own_policy -eq 1 ] && rm -f "$policy"
    if [ $rc -ne 0 ]; then
      tail -n 20 "$MAILROOM_STATE/apt.log" >&2
      echo "apt-get install ${still[*]} failed (full log: $MAILROOM_STATE/apt.log)" >&2
      exit 1
    fi
  ) 8>"$MAILROOM_STATE/apt.lock"
}

# True when something accepts TCP connections on 127.0.0.1:PORT.
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# Waits up to $2 seconds (default 15) for every port in $1 (space-separated) to accept connections.
wait_ports() {
  local ports=$1 limit=${2:-15} i p ok
  for ((i = 0; i < limit * 5; i++)); do
    ok=1
    for p in $ports; do port_open "$p" || { ok=0; break; }; done
    [ $ok -eq 1 ] && return 0
    sleep 0.2
  done
  return 1
}

# Waits up to $2 seconds for every port in $1 to stop accepting connections.
wait_ports_closed() {
  local ports=$1 limit=${2:-15} i p open
  for ((i = 0; i < limit * 5; i++)); do
    open=0
    for p in $ports; do port_open "$p" && { open=1; break; }; done
    [ $open -eq 0 ] && return 0
    sleep 0.2
  done
  return 1
}
