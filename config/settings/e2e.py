"""Browser journeys (tests/e2e): the production stack on loopback.

A real server (gunicorn, DEBUG off) serves the collected, compressed and hashed static
files through WhiteNoise, exactly as production does, so the browser tests measure what
a young person's phone would download. The database is a file the test process and the
server share (SQLite by default, PostgreSQL when DATABASE_URL names one); emails are
written to files the tests read, as a participant would open their inbox.
"""

import os
import socket
import tempfile
from pathlib import Path

from .base import *  # noqa: F403


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# Chosen once by the test process and handed to the server it starts, through the
# environment, so both agree on the folder and the address (emails carry links to it).
os.environ.setdefault("E2E_DIR", tempfile.mkdtemp(prefix="listening-hub-e2e-"))
os.environ.setdefault("E2E_PORT", str(_free_port()))
E2E_DIR = Path(os.environ["E2E_DIR"])

DEBUG = False
SECRET_KEY = "e2e-only-key"  # noqa: S105
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

if not os.environ.get("DATABASE_URL"):
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": E2E_DIR / "db.sqlite3",
            # Two processes share the file: wait for a lock rather than fail, and take the
            # write lock when a transaction starts so two writers never deadlock.
            "OPTIONS": {
                "timeout": 20,
                "transaction_mode": "IMMEDIATE",
                "init_command": "PRAGMA journal_mode=WAL;",
            },
            # The test process reads what the server wrote, so it never holds a snapshot.
            "TEST": {"NAME": E2E_DIR / "db.sqlite3"},
        }
    }

EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
EMAIL_FILE_PATH = E2E_DIR / "outbox"

STATIC_ROOT = E2E_DIR / "static"
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "cms.storage.MinifiedCompressedManifestStaticFilesStorage"},
}
MEDIA_ROOT = E2E_DIR / "media"

PORT = int(os.environ["E2E_PORT"])
SITE_BASE_URL = f"http://127.0.0.1:{PORT}"
WAGTAILADMIN_BASE_URL = SITE_BASE_URL
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http"

# Rate-limit counters live in the shared database cache here, which cannot increment
# atomically: django_ratelimit calls that an error (E003) and any cache but its own
# list unsupported (W001). One browser is the only traffic, so our own check
# (cms.W001, cms/checks.py) is told the database cache is acceptable.
SILENCED_SYSTEM_CHECKS = ["django_ratelimit.E003", "django_ratelimit.W001"]
RATELIMIT_NON_ATOMIC_CACHE_OK = True
