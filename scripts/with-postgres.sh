#!/usr/bin/env bash
# Run a command against a throwaway PostgreSQL cluster, then remove the cluster.
#
#   scripts/with-postgres.sh .venv/bin/python -m pytest
#
# Installs PostgreSQL with the OS package manager when it is missing. The cluster
# lives in a temporary folder, listens only on 127.0.0.1 at a free port with its
# socket in that folder, and is stopped and deleted however the command ends.
# PostgreSQL refuses to run as root, so as root the cluster runs as the unprivileged
# `postgres` system user. The command sees DATABASE_URL pointing at it.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=scripts/lib.sh
source "$HERE/lib.sh"

if ! PG_BIN=$(find_pg_bin); then
    os_install PostgreSQL postgresql postgresql-server postgresql \
        || { echo "Cannot install PostgreSQL here: install it and run again." >&2; exit 1; }
    PG_BIN=$(find_pg_bin)
fi

pg_workdir listening-hub-pg
PG_PORT=$(free_port)

"${AS_DB_USER[@]}" "$PG_BIN/initdb" -D "$WORK/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 --no-sync >"$WORK/initdb.log" 2>&1 \
    || "${AS_DB_USER[@]}" "$PG_BIN/initdb" -D "$WORK/data" -U postgres -A trust -E UTF8 --locale=C --no-sync >"$WORK/initdb.log" 2>&1 \
    || { cat "$WORK/initdb.log" >&2; exit 1; }

pg_start "$PG_PORT"
# The database the site itself uses (tests make their own test_ copy beside it).
"${AS_DB_USER[@]}" "$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres listening_hub

echo "Throwaway PostgreSQL $("$PG_BIN/pg_ctl" --version | awk '{print $3}') on 127.0.0.1:$PG_PORT" >&2
export DATABASE_URL="postgres://postgres@127.0.0.1:$PG_PORT/listening_hub"
"$@"
