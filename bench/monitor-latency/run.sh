#!/usr/bin/env bash
# Monitor latency benchmark (run by hand, as root, from anywhere; never part of the test suite).
#   bench/monitor-latency/run.sh [RATE] [SECONDS]     RATE messages/s (default 50) for SECONDS (default 60), SQLite
#   DB=postgres bench/monitor-latency/run.sh ...      the same on a fresh PostgreSQL database
#   DELIVER=smtp bench/monitor-latency/run.sh ...     deliver through Postfix (port 25, LMTP to Dovecot), not IMAP APPEND
#   WARMUP=S, KEEP=DIR                                warm-up seconds before the measured run (default 5); keep the
#                                                     per-message figures and the monitor's log in DIR
# A fresh Dovecot user and data directory, the Bench account and its monitor set up with the real commands, then
# `mailroom monitor run --account Bench` (the worker `serve` runs: one connection kept open, IMAP IDLE between checks)
# while deliver.py delivers RATE messages a second steadily, each with a Message-ID of this run. Latency per message is
# the ledger's filed time (monitor_messages.filed_at, the filing commit's clock) minus the moment the server accepted
# the message (same machine clock): reported as p50, p95, p99 and max, with messages delivered and filed, the peak
# memory of the Mailroom process (VmHWM), the load average and the commit.
set -euo pipefail
RATE=${1:-50}; SECS=${2:-60}
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
here="$root/bench/monitor-latency"
cd "$root"
. bench/lib.sh
bench_user latency
bench_database latency
DELIVER=${DELIVER:-append}

echo "database: $DB; delivery: $DELIVER; $RATE messages/s for $SECS s"
bench_machine
./mailroom --help >/dev/null   # build once before anything is timed
bench_account

./mailroom monitor run --account Bench > "$DATA/monitor.log" 2>&1 &
monitor=$!
trap 'kill "$monitor" 2>/dev/null || true; bench_cleanup' EXIT
# The first check of the empty mailbox done, the monitor is in IDLE (or about to be: mail that comes before the IDLE
# starts is announced when it does).
deadline=$((SECONDS + 60))
until [ -n "$(query "SELECT last_check_at FROM monitors WHERE last_check_at IS NOT NULL")" ]; do
  [ $SECONDS -lt $deadline ] || { echo "the monitor did not check within 60 s:"; cat "$DATA/monitor.log"; exit 1; }
  sleep 0.2
done

# Delivers at RATE for $2 seconds with Message-IDs tagged $1, then waits until every one is filed (a message never
# filed shows in the counts, not as a hang).
filed() { query "SELECT COUNT(*) FROM monitor_messages WHERE filed_at IS NOT NULL AND message_id LIKE 'bench-$1-%'"; }
deliver() {
  RATE=$RATE SECONDS_=$2 USER_ADDR=$USER_ADDR PASS=$PASS TAG=$1 DELIVER=$DELIVER python3 "$here/deliver.py" > "$DATA/delivered-$1"
  local deadline=$((SECONDS + 120)) delivered; delivered=$(wc -l < "$DATA/delivered-$1")
  while [ "$(filed "$1")" -lt "$delivered" ] && [ $SECONDS -lt $deadline ]; do sleep 0.5; done
}
# Latency per message of tag $1, in ms, one a line, sorted, in $DATA/lat-$1; with the part from accepted to received
# (IDLE wake-up, listing, download, the segment's commit) in recv-$1 and from received to filed (filing) in file-$1.
latencies() {
  query "SELECT message_id, received_at, filed_at FROM monitor_messages WHERE filed_at IS NOT NULL AND message_id LIKE 'bench-$1-%'" | tr '|' '\t' > "$DATA/filed-$1"
  awk -F'\t' -v d="$DATA" -v t="$1" 'NR == FNR { at[$1] = $2; next } ($1 in at) {
      print $3 - at[$1] > (d "/lat-" t ".u"); print $2 - at[$1] > (d "/recv-" t ".u"); print $3 - $2 > (d "/file-" t ".u") }' \
    "$DATA/delivered-$1" "$DATA/filed-$1"
  for f in lat recv file; do touch "$DATA/$f-$1.u"; sort -n "$DATA/$f-$1.u" > "$DATA/$f-$1"; done
}
p() { printf 'p50 %s ms, p95 %s ms, p99 %s ms, max %s ms' "$(bench_percentile "$1" 50)" "$(bench_percentile "$1" 95)" "$(bench_percentile "$1" 99)" "$(tail -n 1 "$1")"; }

# A fresh process meets its first mail with nothing compiled yet (.NET tiered JIT): a warm-up of WARMUP seconds
# (default 5) at the same rate is reported on its own line, then the measured run, as a monitor that has been
# running for a while sees mail.
WARMUP=${WARMUP:-5}
[ "$WARMUP" = 0 ] || deliver "w$RUN" "$WARMUP"
load_start=$(bench_load)
deliver "$RUN" "$SECS"
delivered=$(wc -l < "$DATA/delivered-$RUN")
load_end=$(bench_load)
peak=$(awk '/VmHWM/ {printf "%d", $2 / 1024}' "/proc/$monitor/status")
kill -TERM "$monitor"; wait "$monitor" || true

for tag in "w$RUN" "$RUN"; do [ -f "$DATA/delivered-$tag" ] && latencies "$tag"; done
echo "monitor: $delivered delivered, $(wc -l < "$DATA/lat-$RUN") filed; peak memory $peak MB"
[ "$WARMUP" = 0 ] || echo "warm-up ($WARMUP s, not counted): $(wc -l < "$DATA/lat-w$RUN") filed, $(p "$DATA/lat-w$RUN")"
echo "  of which accepted to received (IDLE wake-up, listing, download, commit): $(p "$DATA/recv-$RUN")"
echo "  of which received to filed (filing, group commit): $(p "$DATA/file-$RUN")"
printf 'delivery-to-record latency (%s, %s, %s messages/s): %s; load %s at the start, %s at the end; commit %s\n' \
  "$DB" "$DELIVER" "$RATE" "$(p "$DATA/lat-$RUN")" "$load_start" "$load_end" "$(git -C "$root" rev-parse --short HEAD)"
# KEEP=DIR keeps the per-message figures and the monitor's log there.
if [ -n "${KEEP:-}" ]; then mkdir -p "$KEEP"; cp "$DATA"/lat-* "$DATA"/recv-* "$DATA"/file-* "$DATA"/delivered-* "$DATA"/filed-* "$DATA/monitor.log" "$KEEP/"; fi
