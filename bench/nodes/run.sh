#!/usr/bin/env bash
# Ingest with several nodes (run by hand, as root; never part of the test suite).
#   bench/nodes/run.sh [MAILBOXES] [MESSAGES_PER_MAILBOX] [NODE_COUNTS]     defaults: 6 300 "1 2 3"
# For each node count K: a fresh PostgreSQL database, MAILBOXES fresh Dovecot mailboxes each filled by IMAP APPEND
# with MESSAGES_PER_MAILBOX messages, K `mailroom serve --node-name` processes (each with its own data directory).
# The monitors are enabled only once all K nodes are live, so the leases are spread from the start; the run ends
# when every message is completed (filed and marked read). Reported: messages per second from the first message
# received to the last filed (the database's own timestamps, so process start-up is not counted), how the leases
# were spread, and the machine's load, since other work on a shared machine skews every figure.
set -euo pipefail
M=${1:-6}; N=${2:-300}; COUNTS=${3:-"1 2 3"}
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
here="$root/bench/nodes"
cd "$root"
scripts/mail-server start >/dev/null
scripts/postgres start >/dev/null 2>&1
./mailroom --help >/dev/null   # build once before anything is timed
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
psql_url() { python3 -c 'import sys; kv=dict(p.split("=", 1) for p in sys.argv[1].split(";") if p)
print("postgresql://%s:%s@%s:%s/%s" % (kv["Username"], kv["Password"], kv["Host"], kv.get("Port", "5432"), kv["Database"]))' "$1"; }
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GB", $2/1048576}' /proc/meminfo); $M mailboxes x $N messages per run"
pids=()
trap 'for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null || true; done' EXIT
for K in $COUNTS; do
  RUN=$(date +%s%N | tail -c 7)
  cs=$(scripts/postgres create-db "bench_nodes_${K}_$RUN" 2>/dev/null | tail -n 1)
  export MAILROOM_DATABASE=$cs
  url=$(psql_url "$cs")
  DATA=$(mktemp -d); export MAILROOM_DATA_DIR=$DATA/setup
  for i in $(seq 0 $((M - 1))); do
    addr="bench$i-$RUN@bench.test"; pass="Bench-pass-$RUN-$i"
    scripts/mail-server add-user "$addr" "$pass" >/dev/null
    (N=$N USER_ADDR=$addr PASS=$pass TAG="$RUN-$i" python3 "$here/deliver.py") &
    printf '%s' "$pass" | ./mailroom accounts add imap --name "Bench$i" --incoming-server 127.0.0.1 --incoming-security ssl \
      --smtp-server 127.0.0.1 --smtp-port 587 --smtp-security starttls --allow-invalid-certificate --user "$addr" --password-stdin >/dev/null
    ./mailroom monitor set "Bench$i" --post-action mark-read --interval 5 >/dev/null
  done
  wait   # every message is in its mailbox before any node starts
  pids=()
  for k in $(seq 1 "$K"); do
    MAILROOM_DATA_DIR=$DATA/n$k ./mailroom serve --node-name "n$k" --urls "http://127.0.0.1:$(free_port)" >"$DATA/n$k.log" 2>&1 &
    pids+=($!)
  done
  until [ "$(./mailroom nodes list --json | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["nodes"]))')" -eq "$K" ]; do sleep 1; done
  load_before=$(cut -d' ' -f1 /proc/loadavg)
  for i in $(seq 0 $((M - 1))); do ./mailroom monitor set "Bench$i" --enable >/dev/null; done
  total=$((M * N))
  deadline=$((SECONDS + 1800))
  until [ "$(psql -qtA "$url" -c "SELECT count(*) FROM monitor_messages WHERE state = 'completed'")" -ge "$total" ]; do
    [ $SECONDS -lt $deadline ] || { echo "K=$K: not done after 30 minutes"; tail -n 20 "$DATA"/n*.log; exit 1; }
    sleep 1
  done
  load_after=$(cut -d' ' -f1 /proc/loadavg)
  read -r count span < <(psql -qtA -F ' ' "$url" -c "
    SELECT count(*), max(filed_at) - min(received_at) FROM monitor_messages WHERE state = 'completed'")
  holders=$(psql -qtA "$url" -c "SELECT string_agg(holder || ':' || n, ' ') FROM (SELECT holder, count(*) n FROM account_leases WHERE expires_at > 0 GROUP BY holder ORDER BY holder) h")
  printf 'nodes %d: %d messages in %.1f s = %.0f messages/s (leases: %s; load %s -> %s)\n' \
    "$K" "$count" "$(echo "$span / 1000" | bc -l)" "$(echo "$count * 1000 / $span" | bc -l)" "$holders" "$load_before" "$load_after"
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait "${pids[@]}" 2>/dev/null || true
  rm -rf "$DATA"
done
