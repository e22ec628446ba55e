#!/usr/bin/env bash
# Monitor ingest benchmark (run by hand, as root, from anywhere; never part of the test suite).
#   bench/monitor-ingest/run.sh [N]               N messages (default 10000), SQLite
#   DB=postgres bench/monitor-ingest/run.sh [N]   the same on a fresh PostgreSQL database (scripts/postgres create-db;
#                                                 the test cluster runs with fsync off: commits cost no disk flush)
# Delivers N messages (new requests and replies to them, every tenth with a 100 KB attachment) into a fresh Dovecot
# mailbox by IMAP APPEND, runs `mailroom monitor run --once` over them on a fresh SQLite data directory, and reports
# messages per second, per-message latency from received to filed (p50/p99) and peak memory; then, as the limit
# measured in the same run, a plain MailKit fetch and MimeKit parse of the same messages, batched (500 per FETCH) and
# one per FETCH, and the monitor's ratio to the batched one.
set -euo pipefail
N=${1:-10000}
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
here="$root/bench/monitor-ingest"
cd "$root"
RUN=$(date +%s%N | tail -c 7)
USER_ADDR="bench-$RUN@bench.test"; PASS="Bench-pass-$RUN"
scripts/mail-server start >/dev/null
scripts/mail-server add-user "$USER_ADDR" "$PASS" >/dev/null
DATA=$(mktemp -d); export MAILROOM_DATA_DIR=$DATA; trap 'rm -rf "$DATA"' EXIT
DB=${DB:-sqlite}
if [ "$DB" = postgres ]; then
  scripts/postgres start >/dev/null
  export MAILROOM_DATABASE=$(scripts/postgres create-db "bench_monitor_$RUN" | tail -n 1)
  field() { printf '%s' "$MAILROOM_DATABASE" | tr ';' '\n' | awk -F= -v k="$1" '$1 == k { print $2 }'; }
  query() { PGPASSWORD=$(field Password) psql -X -q -At -h "$(field Host)" -p "$(field Port)" -U "$(field Username)" -d "$(field Database)" -c "$1"; }
else
  query() { sqlite3 "$DATA/mailroom.db" "$1"; }
fi

echo "database: $DB"
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GB", $2/1048576}' /proc/meminfo), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "delivering $N messages..."
N=$N USER_ADDR=$USER_ADDR PASS=$PASS python3 "$here/deliver.py"

printf '%s' "$PASS" | ./mailroom accounts add imap --name Bench --incoming-server 127.0.0.1 --incoming-security ssl \
  --smtp-server 127.0.0.1 --smtp-port 587 --smtp-security starttls --allow-invalid-certificate --user "$USER_ADDR" --password-stdin >/dev/null 2>&1
./mailroom monitor set Bench --post-action mark-read --enable >/dev/null

start=$(date +%s.%N)
/usr/bin/time -f "%M" -o "$DATA/rss" ./mailroom monitor run --once --account Bench > "$DATA/out"
end=$(date +%s.%N)
secs=$(echo "$end - $start" | bc -l)
echo "monitor: $(cat "$DATA/out")"
printf 'monitor: %d messages in %.1f s = %.0f messages/s; peak memory %d MB\n' "$N" "$secs" "$(echo "$N / $secs" | bc -l)" "$(( $(cat "$DATA/rss") / 1024 ))"
query "SELECT filed_at - received_at FROM monitor_messages WHERE filed_at IS NOT NULL ORDER BY 1" > "$DATA/lat"
n=$(wc -l < "$DATA/lat")
printf 'monitor: received-to-filed latency p50 %s ms, p99 %s ms (includes waiting for the batch)\n' \
  "$(sed -n "$(( (n + 1) / 2 ))p" "$DATA/lat")" "$(sed -n "$(( (n * 99 + 99) / 100 ))p" "$DATA/lat")"
# Raw bytes as stored: issue #16 keeps a received message once, in the ledger; before, the journal held a copy too.
stored() { query "SELECT COUNT(*), COALESCE(SUM(length($2)), 0) FROM $1" | awk -F'|' '{ printf "%d rows, %.1f MB", $1, $2 / 1048576 }'; }
echo "monitor: raw stored in the journal (mail_raw) $(stored mail_raw content), in the ledger (monitor_message_raw) $(stored monitor_message_raw raw)"

cd "$here/baseline"
/usr/bin/time -f "%M" -o "$DATA/rss2" dotnet run -c Release -- 127.0.0.1 "$USER_ADDR" "$PASS" | tee "$DATA/base"
echo "baseline peak memory $(( $(cat "$DATA/rss2") / 1024 )) MB"
limit=$(awk '/^batched-rate/ {print $2}' "$DATA/base")
printf 'ratio (%s): monitor %.0f messages/s = %.1f %% of the batched limit (%s messages/s); load %s; commit %s\n' \
  "$DB" "$(echo "$N / $secs" | bc -l)" "$(echo "100 * $N / $secs / $limit" | bc -l)" "$limit" "$(cut -d' ' -f1-3 /proc/loadavg)" "$(git -C "$root" rev-parse --short HEAD)"
