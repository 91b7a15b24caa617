"""Development: DEBUG on, emails printed to the console, SQLite by default."""

import os

from .base import *  # noqa: F403

DEBUG = True
SECRET_KEY = os.environ.get("SECRET_KEY", "dev-only-insecure-key-never-use-in-production")
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"]
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http"

# No collected static folder outside production; files come from the finders.
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# Rate-limit counters live in the database cache unless REDIS_URL is set, and the
# database cache cannot increment atomically. django_ratelimit calls that an error
# (E003) and any cache but its own list unsupported (W001); our own check (cms.W001,
# cms/checks.py) accepts it while DEBUG is on, as only one developer is counted.
SILENCED_SYSTEM_CHECKS = ["django_ratelimit.E003", "django_ratelimit.W001"]
