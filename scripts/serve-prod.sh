#!/usr/bin/env bash
# The production stack on this machine: gunicorn with the production settings (DEBUG
# off, persistent database connections with health checks, hashed and compressed
# static files) against a private PostgreSQL and Redis (cache, sessions, rate-limit
# counters), each installed with the OS package manager when missing and stopped, with
# their data deleted, when this stops (Ctrl+C).
#
#   scripts/serve-prod.sh              # http://127.0.0.1:8000, 2 x cores + 1 workers
#   WORKERS=5 PORT=8100 scripts/serve-prod.sh
#   DEMO=1 scripts/serve-prod.sh       # with the demo site and its published logins
#
# Over plain HTTP on loopback the HTTPS redirect and HSTS are off; everything else is
# config.settings.production as deployed.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "${1:-}" != "--inside" ]; then
    # PostgreSQL with its durability settings on, as in production.
    export WITH_POSTGRES_DURABLE=1
    exec scripts/with-postgres.sh scripts/with-redis.sh "$0" --inside
fi

PORT=${PORT:-8000}
WORKERS=${WORKERS:-$((2 * $(nproc) + 1))}
export DJANGO_SETTINGS_MODULE=config.settings.production
export SECRET_KEY=${SECRET_KEY:-$(python3 -c 'import secrets; print(secrets.token_urlsafe(50))')}
export ALLOWED_HOSTS=${ALLOWED_HOSTS:-127.0.0.1,localhost}
export CSRF_TRUSTED_ORIGINS=${CSRF_TRUSTED_ORIGINS:-http://127.0.0.1:$PORT,http://localhost:$PORT}
export SITE_BASE_URL=${SITE_BASE_URL:-http://127.0.0.1:$PORT}
export WAGTAILADMIN_BASE_URL=$SITE_BASE_URL
export ACCOUNT_DEFAULT_HTTP_PROTOCOL=http
export SECURE_SSL_REDIRECT=false
export SECURE_HSTS_SECONDS=0
export EMAIL_BACKEND=${EMAIL_BACKEND:-django.core.mail.backends.console.EmailBackend}

BIN=.venv/bin
$BIN/python manage.py migrate --noinput -v0
$BIN/python manage.py collectstatic --noinput -v0
if [ "${DEMO:-0}" = "1" ]; then
    $BIN/python manage.py shell -v0 -c "from django.test import override_settings
from django.core.management import call_command
with override_settings(DEBUG=True):
    call_command('demo_data')"
fi

echo "Serving config.settings.production with $WORKERS gunicorn workers on http://127.0.0.1:$PORT (Ctrl+C stops everything)" >&2
$BIN/python -m gunicorn config.wsgi:application \
    --bind "127.0.0.1:$PORT" --workers "$WORKERS" --access-logfile - \
    --timeout 60 --graceful-timeout 10
