"""Tests: fast password hashing, emails kept in the outbox, tasks run at once."""

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-key"  # noqa: S105
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
# Allauth's own rate limits would make sign-up tests depend on their order.
ACCOUNT_RATE_LIMITS = False
WAGTAILADMIN_BASE_URL = "http://testserver"
# No collected static folder outside production; files come from the finders.
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
INSTALLED_APPS = [*INSTALLED_APPS, "tests.moderation.testapp"]  # noqa: F405

# Rate-limit counters live in the database cache here, which cannot increment
# atomically. django_ratelimit calls that an error (E003) and any cache but its own
# list unsupported (W001); our own check (cms.W001, cms/checks.py) says the same as a
# warning, and accepts it where tests or a single developer are the only traffic.
SILENCED_SYSTEM_CHECKS = ["django_ratelimit.E003", "django_ratelimit.W001"]
RATELIMIT_NON_ATOMIC_CACHE_OK = True
