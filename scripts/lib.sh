# Shell functions the scripts in this folder share. Each sources it:
#
#   source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
#
# It defines functions only and runs nothing.

# os_install WHAT APT DNF BREW: install WHAT with whichever of apt-get, dnf or brew this
# machine has, giving each its own package names (BREW may start with --cask), through
# sudo unless root. apt-get's progress is dropped and the rest goes to stderr (errors
# always), so a script's standard output stays its own. Returns non-zero when there is
# none of the three or it fails.
os_install() {
    local what=$1 apt=$2 dnf=$3 brew=$4 sudo=
    if [ "$(id -u)" -ne 0 ]; then
        sudo=sudo
    fi
    echo "$what is not installed; installing it with the OS package manager." >&2
    # The package names are split into words on purpose.
    # shellcheck disable=SC2086
    if command -v apt-get >/dev/null; then
        $sudo apt-get update -qq >&2 || return
        DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq $apt >/dev/null
    elif command -v dnf >/dev/null; then
        $sudo dnf install -y -q $dnf >&2
    elif command -v brew >/dev/null; then
        brew install $brew >&2
    else
        return 1
    fi
}

# free_port: print a TCP port on 127.0.0.1 that nothing listens on now.
free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# find_pg_bin: print the folder holding PostgreSQL's initdb and pg_ctl (the newest
# Debian-packaged version first, then whatever is on PATH); returns 1 when there is none.
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

# pg_workdir PREFIX: make a temporary folder WORK for a PostgreSQL cluster ($WORK/data)
# and set AS_DB_USER, the command prefix the cluster's programs run under. PostgreSQL
# refuses to run as root, so as root that is the unprivileged `postgres` system user
# (made when missing) and WORK is handed to it. The cluster is stopped and WORK deleted
# however the script ends. Needs PG_BIN.
pg_workdir() {
    WORK=$(mktemp -d "${TMPDIR:-/tmp}/$1.XXXXXX")
    if [ "$(id -u)" -eq 0 ]; then
        id postgres >/dev/null 2>&1 || useradd --system --home-dir "$WORK" --shell /usr/sbin/nologin postgres
        chown postgres "$WORK"
        AS_DB_USER=(runuser -u postgres --)
    else
        AS_DB_USER=()
    fi
    trap pg_cleanup EXIT INT TERM
}

pg_cleanup() {
    "${AS_DB_USER[@]}" "$PG_BIN/pg_ctl" -D "$WORK/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$WORK"
}

# pg_start PORT [-c SETTING=VALUE...]: start the cluster in $WORK/data on 127.0.0.1:PORT
# (its socket in WORK, 250 connections) and wait until it answers; on failure print its
# log and exit. Durability settings are off, since the cluster is thrown away after the
# run, unless WITH_POSTGRES_DURABLE=1 asks for production's (scripts/serve-prod.sh,
# benchmarks). Needs PG_BIN, WORK and AS_DB_USER (pg_workdir).
pg_start() {
    local port=$1 durability=""
    shift
    if [ "${WITH_POSTGRES_DURABLE:-0}" != "1" ]; then
        durability="-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
    fi
    "${AS_DB_USER[@]}" "$PG_BIN/pg_ctl" -D "$WORK/data" -l "$WORK/server.log" -w -t 60 start -o \
        "-p $port -k $WORK -c listen_addresses=127.0.0.1 -c max_connections=250 $* $durability" \
        >/dev/null || { cat "$WORK/server.log" >&2; exit 1; }
}
