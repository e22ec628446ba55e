#!/usr/bin/env bash
# Monitor ingest benchmark (run by hand, as root, from anywhere; never part of the test suite).
#   bench/monitor-ingest/run.sh [N]               N messages (default 10000), SQLite
#   LIMITS=0 bench/monitor-ingest/run.sh [N]      the monitor only, without the MailKit limits after it
#   DB=postgres bench/monitor-ingest/run.sh [N]   the same on a fresh PostgreSQL database (scripts/postgres create-db;
#                                                 the test cluster runs with fsync off: commits cost no disk flush)
#   DELIVER=import bench/monitor-ingest/run.sh [N]  the same mailbox (same messages, same order, unread) written with
#                                                 `doveadm import` from an mbox instead of APPEND: on the shared machine
#                                                 APPEND manages 25-40 messages/s, so 100,000 would take an hour
# Delivers N messages (new requests and replies to them, every tenth with a 100 KB attachment) into a fresh Dovecot
# mailbox by IMAP APPEND (pipelined on one connection: 100,000 in minutes), runs `mailroom monitor run --once` over them
# on a fresh data directory, and reports messages per second, per-message latency from received to filed (p50/p99) and
# peak memory; then (unless LIMITS=0, e.g. for the memory of a 100,000-message initial sync) as the limit measured in
# the same run, a plain MailKit fetch and MimeKit parse of the same messages, batched (500 per FETCH) and
# one per FETCH, and the monitor's ratio to the batched one.
set -euo pipefail
N=${1:-10000}
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
here="$root/bench/monitor-ingest"
cd "$root"
. bench/lib.sh
bench_user bench
bench_database monitor
echo "database: $DB"
bench_machine
echo "delivering $N messages..."
t0=$SECONDS
if [ "${DELIVER:-append}" = import ]; then
  # Dovecot's own tool, run as the mail user (vmail) on the test server's configuration, without an fsync per message.
  # The mbox in a directory of its own: the data directory is the monitor's, not for the mail user to read.
  mbox=$(mktemp -d); trap 'bench_cleanup; rm -rf "$mbox"' EXIT
  N=$N USER_ADDR=$USER_ADDR MBOX="$mbox/INBOX" python3 "$here/deliver.py"
  chown -R vmail:vmail "$mbox"
  doveadm -c "${MAILROOM_STATE:-/var/lib/mailroom-test}/mail-server/dovecot/dovecot.conf" -o mail_fsync=never \
    import -u "$USER_ADDR" "mbox:$mbox:INBOX=$mbox/INBOX" "" mailbox INBOX all
  rm -rf "$mbox"
else
  N=$N USER_ADDR=$USER_ADDR PASS=$PASS python3 "$here/deliver.py"
fi
echo "delivered in $((SECONDS - t0)) s"

bench_account

start=$(date +%s.%N)
/usr/bin/time -f "%M %U %S" -o "$DATA/rss" ./mailroom monitor run --once --account Bench > "$DATA/out"
end=$(date +%s.%N)
secs=$(echo "$end - $start" | bc -l)
echo "monitor: $(cat "$DATA/out")"
read -r rss cpu_user cpu_sys < "$DATA/rss"
printf 'monitor: %d messages in %.1f s = %.0f messages/s; peak memory %d MB\n' "$N" "$secs" "$(echo "$N / $secs" | bc -l)" "$(( rss / 1024 ))"
# CPU time moves less than wall time with the machine's load: what the monitor itself spent, all threads together.
printf 'monitor: CPU %.1f s user + %.1f s system = %.2f ms a message\n' "$cpu_user" "$cpu_sys" "$(echo "1000 * ($cpu_user + $cpu_sys) / $N" | bc -l)"
query "SELECT filed_at - received_at FROM monitor_messages WHERE filed_at IS NOT NULL ORDER BY 1" > "$DATA/lat"
printf 'monitor: received-to-filed latency p50 %s ms, p99 %s ms (includes waiting for the batch)\n' \
  "$(bench_percentile "$DATA/lat" 50)" "$(bench_percentile "$DATA/lat" 99)"
# Raw bytes as stored: issue #16 keeps a received message once, in the ledger; before, the journal held a copy too.
stored() { query "SELECT COUNT(*), COALESCE(SUM(length($2)), 0) FROM $1" | awk -F'|' '{ printf "%d rows, %.1f MB", $1, $2 / 1048576 }'; }
echo "monitor: raw stored in the journal (mail_raw) $(stored mail_raw content), in the ledger (monitor_message_raw) $(stored monitor_message_raw raw)"

[ "${LIMITS:-1}" != 0 ] || { echo "load $(bench_load); commit $(git -C "$root" rev-parse --short HEAD)"; exit 0; }
cd "$here/baseline"
/usr/bin/time -f "%M" -o "$DATA/rss2" dotnet run -c Release -- 127.0.0.1 "$USER_ADDR" "$PASS" | tee "$DATA/base"
echo "baseline peak memory $(( $(cat "$DATA/rss2") / 1024 )) MB"
limit=$(awk '/^batched-rate/ {print $2}' "$DATA/base")
printf 'ratio (%s): monitor %.0f messages/s = %.1f %% of the batched limit (%s messages/s); load %s; commit %s\n' \
  "$DB" "$(echo "$N / $secs" | bc -l)" "$(echo "100 * $N / $secs / $limit" | bc -l)" "$limit" "$(bench_load)" "$(git -C "$root" rev-parse --short HEAD)"
