"""System checks for the site as a whole.

Rate limits (sign-up, log-in, nominating, voting, reports, the API) count in the cache
named by RATELIMIT_USE_CACHE. Only a cache with an atomic increment counts every
request when several workers add to the same counter at once: Redis and Memcached.
The database cache reads, adds and writes back, so two requests at the same moment
can both be counted as one and a script gets more tries than the limit allows.
Production uses Redis (REDIS_URL, docs/deploy.md); anywhere else the database cache
is fine when DEBUG is on or RATELIMIT_NON_ATOMIC_CACHE_OK says so (the test settings).
"""

from __future__ import annotations

from django.conf import settings
from django.core import checks
from django.core.cache.backends.memcached import BaseMemcachedCache
from django.core.cache.backends.redis import RedisCache
from django.utils.module_loading import import_string

NON_ATOMIC_CACHE = "cms.W001"

# Caches known to increment atomically, beyond Django's own Redis and Memcached
# backends (and anything built on them, such as config.cache.RedisCache).
ATOMIC_BACKENDS = ("django_redis.cache.RedisCache",)


def cache_is_atomic(backend: str) -> bool:
    if backend in ATOMIC_BACKENDS:
        return True
    try:
        cache_class = import_string(backend)
    except ImportError:
        return False
    return isinstance(cache_class, type) and issubclass(
        cache_class, (RedisCache, BaseMemcachedCache)
    )


@checks.register(checks.Tags.caches)
def rate_limit_cache_is_atomic(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """Warn when rate limits count in a cache whose increments are not atomic."""
    name = getattr(settings, "RATELIMIT_USE_CACHE", "default")
    config = settings.CACHES.get(name)
    if config is None:
        return []  # django_ratelimit's own check (E002) reports a missing cache
    backend = config.get("BACKEND", "")
    if cache_is_atomic(backend):
        return []
    if settings.DEBUG or getattr(settings, "RATELIMIT_NON_ATOMIC_CACHE_OK", False):
        return []
    return [
        checks.Warning(
            f"Rate limits count in the {name!r} cache ({backend}), which does not increment "
            "atomically: requests from several workers at once can be under-counted.",
            hint="Set REDIS_URL so rate limits count in Redis (docs/deploy.md).",
            id=NON_ATOMIC_CACHE,
        )
    ]
