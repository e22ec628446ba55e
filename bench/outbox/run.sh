#!/usr/bin/env bash
# Outbox benchmark (run by hand, as root, from anywhere; never part of the test suite).
#   bench/outbox/run.sh [N]        N messages (default 1000)
# Queues one message from a record with `mailroom send` on a fresh SQLite data directory, copies it in the database
# to N queued messages (each its own journal entry, raw message and outbox row), and times `mailroom outbox run
# --once` sending them through Postfix's submission port (STARTTLS, signed in); then, as the limit measured in the
# same run, a bare MailKit loop sending the same raw message N times over one connection, and the outbox's ratio.
set -euo pipefail
N=${1:-1000}
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
here="$root/bench/outbox"
cd "$root"
RUN=$(date +%s%N | tail -c 7)
USER_ADDR="outbench-$RUN@bench.test"; PASS="Bench-pass-$RUN"
scripts/mail-server start >/dev/null
scripts/mail-server add-user "$USER_ADDR" "$PASS" >/dev/null
DATA=$(mktemp -d); export MAILROOM_DATA_DIR=$DATA; trap 'rm -rf "$DATA"' EXIT
DB="$DATA/mailroom.db"

echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GB", $2/1048576}' /proc/meminfo), load $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%s' "$PASS" | ./mailroom accounts add imap --name Bench --incoming-server 127.0.0.1 --incoming-security ssl \
  --smtp-server 127.0.0.1 --smtp-port 587 --smtp-security starttls --allow-invalid-certificate --available-to-users --user "$USER_ADDR" --password-stdin >/dev/null 2>&1
record=$(./mailroom records create --subject "Outbox bench" --requester "$USER_ADDR" --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
head -c 3000 /dev/urandom | base64 -w 76 > "$DATA/body.txt"
./mailroom send --record "$record" --account Bench --to "$USER_ADDR" --subject "Outbox bench" --body-file "$DATA/body.txt" >/dev/null

# The one queued message, copied N-1 times: new journal entries (ids follow on in a fresh database), then their
# mail history, raw message and outbox row.
entry=$(sqlite3 "$DB" "SELECT entry_id FROM outbox")
cols() { sqlite3 "$DB" "SELECT group_concat(name, ',') FROM pragma_table_info('$1') WHERE name NOT IN ($2)"; }
seq="WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < $((N - 1)))"
je=$(cols journal_entries "'id'"); mh=$(cols mail_history "'entry_id'"); mr=$(cols mail_raw "'entry_id'"); ob=$(cols outbox "'id','entry_id','message_id'")
sqlite3 "$DB" <<SQL
BEGIN;
$seq INSERT INTO journal_entries ($je) SELECT $je FROM journal_entries, seq WHERE id = $entry ORDER BY n;
$seq INSERT INTO mail_history (entry_id, $mh) SELECT $entry + n, $mh FROM mail_history, seq WHERE entry_id = $entry;
$seq INSERT INTO mail_raw (entry_id, $mr) SELECT $entry + n, $mr FROM mail_raw, seq WHERE entry_id = $entry;
$seq INSERT INTO outbox (entry_id, message_id, $ob) SELECT $entry + n, message_id || '.' || n, $ob FROM outbox, seq WHERE entry_id = $entry;
COMMIT;
SQL
echo "queued: $(sqlite3 "$DB" "SELECT count(*) FROM outbox") messages of $(sqlite3 "$DB" "SELECT length(content) FROM mail_raw WHERE entry_id = $entry") bytes"
sqlite3 "$DB" "SELECT writefile('$DATA/message.eml', content) FROM mail_raw WHERE entry_id = $entry" >/dev/null

start=$(date +%s.%N)
/usr/bin/time -f "%M" -o "$DATA/rss" ./mailroom outbox run --once > "$DATA/out"
end=$(date +%s.%N)
secs=$(echo "$end - $start" | bc -l)
echo "outbox: $(tr '\n' ' ' < "$DATA/out")"
sent=$(sqlite3 "$DB" "SELECT count(*) FROM outbox WHERE state = 'sent'")
printf 'outbox: %d of %d sent in %.1f s = %.0f messages/s (process start included); peak memory %d MB\n' \
  "$sent" "$N" "$secs" "$(echo "$sent / $secs" | bc -l)" "$(( $(cat "$DATA/rss") / 1024 ))"

cd "$here/baseline"
dotnet build -c Release -nologo -v q >/dev/null
dotnet run -c Release --no-build -- 127.0.0.1 "$USER_ADDR" "$PASS" "$DATA/message.eml" "$N" | tee "$DATA/base"
limit=$(awk '/^bare-rate/ {print $2}' "$DATA/base")
printf 'ratio: outbox %.0f messages/s = %.1f %% of the bare loop (%s messages/s); load %s; commit %s\n' \
  "$(echo "$sent / $secs" | bc -l)" "$(echo "100 * $sent / $secs / $limit" | bc -l)" "$limit" "$(cut -d' ' -f1-3 /proc/loadavg)" "$(git -C "$root" rev-parse --short HEAD)"
