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

find_pg_bin() {
    local dir
    for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -t/ -k5 -n -r); do
        if [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ]; then
            echo "$dir"
            return 0
        fi
    done
    if command -v initdb >/dev/null && command -v pg_ctl >/dev/null; then
        dirname "$(command -v initdb)"
        return 0
    fi
    return 1
}

# scripts/with-postgres-replica.sh sources this file for find_pg_bin alone.
if [ "${BASH_SOURCE[0]}" != "$0" ]; then
    return 0
fi

if ! PG_BIN=$(find_pg_bin); then
    echo "PostgreSQL is not installed; installing it with the OS package manager." >&2
    if [ "$(id -u)" -ne 0 ]; then
        SUDO=sudo
    else
        SUDO=
    fi
    if command -v apt-get >/dev/null; then
        $SUDO apt-get update -qq
        DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq postgresql >/dev/null
    elif command -v dnf >/dev/null; then
        $SUDO dnf install -y -q postgresql-server
    elif command -v brew >/dev/null; then
        brew install postgresql
    else
        echo "Cannot install PostgreSQL here: install it and run again." >&2
        exit 1
    fi
    PG_BIN=$(find_pg_bin)
fi

WORK=$(mktemp -d "${TMPDIR:-/tmp}/listening-hub-pg.XXXXXX")
PG_PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')

if [ "$(id -u)" -eq 0 ]; then
    id postgres >/dev/null 2>&1 || useradd --system --home-dir "$WORK" --shell /usr/sbin/nologin postgres
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

"${AS_DB_USER[@]}" "$PG_BIN/initdb" -D "$WORK/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 --no-sync >"$WORK/initdb.log" 2>&1 \
    || "${AS_DB_USER[@]}" "$PG_BIN/initdb" -D "$WORK/data" -U postgres -A trust -E UTF8 --locale=C --no-sync >"$WORK/initdb.log" 2>&1 \
    || { cat "$WORK/initdb.log" >&2; exit 1; }

# Durability settings are off, since the cluster is thrown away after the run, unless
# WITH_POSTGRES_DURABLE=1 asks for production's (scripts/serve-prod.sh, benchmarks).
if [ "${WITH_POSTGRES_DURABLE:-0}" = "1" ]; then
    DURABILITY=""
else
    DURABILITY="-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
fi
"${AS_DB_USER[@]}" "$PG_BIN/pg_ctl" -D "$WORK/data" -l "$WORK/server.log" -w -t 60 start -o \
    "-p $PG_PORT -k $WORK -c listen_addresses=127.0.0.1 -c max_connections=250 $DURABILITY" \
    >/dev/null || { cat "$WORK/server.log" >&2; exit 1; }
# The database the site itself uses (tests make their own test_ copy beside it).
"${AS_DB_USER[@]}" "$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres listening_hub

echo "Throwaway PostgreSQL $("$PG_BIN/pg_ctl" --version | awk '{print $3}') on 127.0.0.1:$PG_PORT" >&2
export DATABASE_URL="postgres://postgres@127.0.0.1:$PG_PORT/listening_hub"
"$@"
