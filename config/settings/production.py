"""Production: everything secret or site-specific comes from the environment."""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403

DEBUG = False
if not SECRET_KEY:  # noqa: F405
    raise ImproperlyConfigured("Set SECRET_KEY in the environment.")
if not ALLOWED_HOSTS:  # noqa: F405
    raise ImproperlyConfigured("Set ALLOWED_HOSTS in the environment (comma-separated).")

STORAGES["staticfiles"]["BACKEND"] = "cms.storage.MinifiedCompressedManifestStaticFilesStorage"  # noqa: F405
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")  # noqa: F405

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = os.environ.get("SECURE_SSL_REDIRECT", "true").lower() == "true"
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
# The site is HTTPS-only for good: browsers may ship it on their preload list.
SECURE_HSTS_PRELOAD = True
# Cookies only over HTTPS, and not sent with requests other sites start (Lax keeps a
# visitor logged in when they follow a link to the hub). The messages cookie follows
# the session cookie's settings.
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
LANGUAGE_COOKIE_SECURE = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_HTTPONLY = True
# Any http:// address left in content is fetched over HTTPS instead.
CONTENT_SECURITY_POLICY = {
    **CONTENT_SECURITY_POLICY,  # noqa: F405
    "DIRECTIVES": {
        **CONTENT_SECURITY_POLICY["DIRECTIVES"],  # noqa: F405
        "upgrade-insecure-requests": True,
    },
}

# Persistent database connections, checked before each request reuses one: opening a
# PostgreSQL connection costs more than most of our queries. DATABASE_CONN_MAX_AGE=0
# turns them off (for example behind a transaction-pooling PgBouncer).
DATABASES["default"]["CONN_MAX_AGE"] = int(os.environ.get("DATABASE_CONN_MAX_AGE", "60"))  # noqa: F405
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True  # noqa: F405
if "replica" in DATABASES:  # noqa: F405
    DATABASES["replica"]["CONN_MAX_AGE"] = DATABASES["default"]["CONN_MAX_AGE"]  # noqa: F405
    DATABASES["replica"]["CONN_HEALTH_CHECKS"] = True  # noqa: F405
# A load balancer's health check speaks plain HTTP to the app server.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

# django_ratelimit knows only its own list of caches, so it calls our Redis cache
# (config.cache.RedisCache, Django's own with one client per pool) "not officially
# supported" (W001). Its increments are Redis's and atomic; cms/checks.py (cms.W001)
# warns when rate limits count in a cache that is not. Without REDIS_URL, E003 (the
# database cache) still stands: production counts rate limits in Redis.
SILENCED_SYSTEM_CHECKS = ["django_ratelimit.W001"]
