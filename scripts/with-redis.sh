#!/usr/bin/env bash
# Run a command beside a private Redis server, then stop it and delete its folder.
#
#   scripts/with-redis.sh .venv/bin/python -m gunicorn config.wsgi
#
# Installs Redis with the OS package manager when it is missing. The server listens
# only on 127.0.0.1 at a free port, keeps nothing on disk (it holds a cache, sessions
# and rate-limit counters, all of which may be lost), and is stopped however the
# command ends. The command sees REDIS_URL pointing at it.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=scripts/lib.sh
source "$HERE/lib.sh"

if ! command -v redis-server >/dev/null; then
    os_install Redis redis-server redis redis \
        || { echo "Cannot install Redis here: install it and run again." >&2; exit 1; }
fi

WORK=$(mktemp -d "${TMPDIR:-/tmp}/listening-hub-redis.XXXXXX")
REDIS_PORT=$(free_port)

redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --dir "$WORK" --save "" --appendonly no \
    --protected-mode yes --daemonize no --logfile "$WORK/redis.log" &
REDIS_PID=$!

cleanup() {
    kill "$REDIS_PID" 2>/dev/null || true
    wait "$REDIS_PID" 2>/dev/null || true
    rm -rf "$WORK"
}
trap cleanup EXIT INT TERM

for _ in $(seq 1 100); do
    if redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping >/dev/null 2>&1; then
        break
    fi
    sleep 0.1
done
redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping >/dev/null || { cat "$WORK/redis.log" >&2; exit 1; }

echo "Private Redis $(redis-server --version | awk '{print $3}' | cut -d= -f2) on 127.0.0.1:$REDIS_PORT" >&2
export REDIS_URL="redis://127.0.0.1:$REDIS_PORT/0"
"$@"
