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

# shellcheck source=scripts/lib.sh
source "$HERE/lib.sh"
PG_BIN=$(find_pg_bin)
PRIMARY_PORT=${DATABASE_URL##*:}
PRIMARY_PORT=${PRIMARY_PORT%%/*}

# As with the primary: as root, the replica runs as the `postgres` user.
pg_workdir listening-hub-pg-replica
REPLICA_PORT=$(free_port)

# A copy of the primary as it is now, with standby.signal and primary_conninfo written
# (-R), and the WAL made meanwhile streamed alongside, so it starts consistent.
"${AS_DB_USER[@]}" "$PG_BIN/pg_basebackup" -h 127.0.0.1 -p "$PRIMARY_PORT" -U postgres \
    -D "$WORK/data" --write-recovery-conf --wal-method=stream --checkpoint=fast --no-sync \
    >"$WORK/basebackup.log" 2>&1 || { cat "$WORK/basebackup.log" >&2; exit 1; }

# A hot standby needs at least the primary's max_connections (pg_start gives both the same).
pg_start "$REPLICA_PORT" -c hot_standby=on

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
