# Shared by the bench scripts (sourced, never run): the fresh Dovecot user, the fresh data directory and database,
# the machine line and the Bench account with its monitor, so each benchmark says only what it measures.
# The caller sets `set -euo pipefail` and `root` (the worktree) and has cd'd there.

# The machine's load now (1, 5 and 15 minutes): printed beside every figure, since the machine is shared.
bench_load() { cut -d' ' -f1-3 /proc/loadavg; }

bench_machine() {
  echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GB", $2/1048576}' /proc/meminfo), load $(bench_load)"
}

# A fresh Dovecot user for this run: sets RUN, USER_ADDR and PASS. $1 is the address prefix.
bench_user() {
  RUN=$(date +%s%N | tail -c 7)
  USER_ADDR="$1-$RUN@bench.test"; PASS="Bench-pass-$RUN"
  scripts/mail-server start >/dev/null
  scripts/mail-server add-user "$USER_ADDR" "$PASS" >/dev/null
}

# A fresh data directory and database: SQLite in it, or with DB=postgres a fresh PostgreSQL database (scripts/postgres
# create-db; the test cluster runs with fsync off: commits cost no disk flush). Both are removed on exit
# (bench_cleanup; a script that sets an EXIT trap of its own calls it there).
# Sets DATA and DB and defines `query SQL`, which prints the rows one a line (columns separated by '|').
bench_database() {
  DATA=$(mktemp -d); export MAILROOM_DATA_DIR=$DATA; trap bench_cleanup EXIT
  DB=${DB:-sqlite}
  BENCH_DB=
  if [ "$DB" = postgres ]; then
    scripts/postgres start >/dev/null
    BENCH_DB="bench_$1_$RUN"
    MAILROOM_DATABASE=$(scripts/postgres create-db "$BENCH_DB" | tail -n 1); export MAILROOM_DATABASE
    field() { printf '%s' "$MAILROOM_DATABASE" | tr ';' '\n' | awk -F= -v k="$1" '$1 == k { print $2 }'; }
    query() { PGPASSWORD=$(field Password) psql -X -q -At -h "$(field Host)" -p "$(field Port)" -U "$(field Username)" -d "$(field Database)" -c "$1"; }
  else
    query() { sqlite3 "$DATA/mailroom.db" "$1"; }
  fi
}

bench_cleanup() {
  rm -rf "$DATA"
  [ -z "${BENCH_DB:-}" ] || "$root/scripts/postgres" drop-db "$BENCH_DB" >/dev/null 2>&1 || echo "bench: could not drop the database $BENCH_DB" >&2
}

# The Bench account on the run's Dovecot user, through the real commands, and its monitor (mark read), enabled.
# Extra arguments go to `monitor set` (e.g. --interval 60).
bench_account() {
  printf '%s' "$PASS" | ./mailroom accounts add imap --name Bench --incoming-server 127.0.0.1 --incoming-security ssl \
    --smtp-server 127.0.0.1 --smtp-port 587 --smtp-security starttls --allow-invalid-certificate --user "$USER_ADDR" --password-stdin >/dev/null 2>&1
  ./mailroom monitor set Bench --post-action mark-read --enable "$@" >/dev/null
}

# The $2th percentile (nearest rank) of the sorted numbers in file $1, one a line: `bench_percentile "$DATA/lat" 99`.
bench_percentile() {
  local n; n=$(wc -l < "$1")
  [ "$n" -gt 0 ] || { echo "-"; return; }
  sed -n "$(( (n * $2 + 99) / 100 ))p" "$1"
}
