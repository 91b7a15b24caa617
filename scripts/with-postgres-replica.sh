#!/usr/bin/env bash
# Run a command against a throwaway PostgreSQL primary and a streaming replica of it,
# then stop and delete both.
#
#   scripts/with-postgres-replica.sh .venv/bin/python bench/replica.py
#
# The primary is scripts/with-postgres.sh's cluster (PostgreSQL installed when missing,
# 127.0.0.1 at a free port, durability off unless WITH_POSTGRES_DURABLE=1). The replica
# is a copy of it taken with pg_basebackup -R and started as a hot standby at another
# free port: it replays the primary's WAL as it streams in and answers read-only
# queries. The command sees DATABASE_URL pointing at the primary and
# DATABASE_REPLICA_URL at the replica.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

if [ "$#" -eq 0 ]; then
    echo "usage: $0 COMMAND [ARGUMENT...]" >&2
    exit 2
fi

# First the primary: with-postgres.sh starts it, then runs this script again beside it.
if [ "$1" != "--beside-primary" ]; then
    exec "$HERE/with-postgres.sh" "$HERE/with-postgres-replica.sh" --beside-primary "$@"
fi
shift

# shellcheck source=scripts/with-postgres.sh
source "$HERE/with-postgres.sh" # defines find_pg_bin and starts nothing
PG_BIN=$(find_pg_bin)
PRIMARY_PORT=${DATABASE_URL##*:}
PRIMARY_PORT=${PRIMARY_PORT%%/*}

WORK=$(mktemp -d "${TMPDIR:-/tmp}/listening-hub-pg-replica.XXXXXX")
REPLICA_PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')

# As with the primary: as root, the replica runs as the `postgres` user with-postgres.sh made.
if [ "$(id -u)" -eq 0 ]; then
    chown postgres "$WORK"
    AS_DB_USER=(runuser -u postgres --)
else
    AS_DB_USER=()
fi

cleanup() {
    "${AS_DB_USER[@]}" "$PG_BIN/pg_ctl" -D "$WORK/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$WORK"
}
trap cleanup EXIT INT TERM

# A copy of the primary as it is now, with standby.signal and primary_conninfo written
# (-R), and the WAL made meanwhile streamed alongside, so it starts consistent.
"${AS_DB_USER[@]}" "$PG_BIN/pg_basebackup" -h 127.0.0.1 -p "$PRIMARY_PORT" -U postgres \
    -D "$WORK/data" --write-recovery-conf --wal-method=stream --checkpoint=fast --no-sync \
    >"$WORK/basebackup.log" 2>&1 || { cat "$WORK/basebackup.log" >&2; exit 1; }

if [ "${WITH_POSTGRES_DURABLE:-0}" = "1" ]; then
    DURABILITY=""
else
    DURABILITY="-c fsync=off -c full_page_writes=off"
fi
# A hot standby needs at least the primary's max_connections.
"${AS_DB_USER[@]}" "$PG_BIN/pg_ctl" -D "$WORK/data" -l "$WORK/server.log" -w -t 60 start -o \
    "-p $REPLICA_PORT -k $WORK -c listen_addresses=127.0.0.1 -c max_connections=250 -c hot_standby=on $DURABILITY" \
    >/dev/null || { cat "$WORK/server.log" >&2; exit 1; }

# Ready once its WAL receiver streams from the primary.
streaming() {
    [ "$("$PG_BIN/psql" -h 127.0.0.1 -p "$REPLICA_PORT" -U postgres -d postgres -Atqc \
        "SELECT status FROM pg_stat_wal_receiver" 2>/dev/null)" = "streaming" ]
}
for _ in $(seq 1 100); do
    streaming && break
    sleep 0.1
done
streaming || { echo "The replica does not stream from the primary:" >&2; cat "$WORK/server.log" >&2; exit 1; }

echo "Streaming replica of 127.0.0.1:$PRIMARY_PORT on 127.0.0.1:$REPLICA_PORT (hot standby)" >&2
export DATABASE_REPLICA_URL="postgres://postgres@127.0.0.1:$REPLICA_PORT/listening_hub"
"$@"
