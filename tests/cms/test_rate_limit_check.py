"""`manage.py check` warns when rate limits count in a cache that is not atomic."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.apps import apps
from django.core import checks
from django.test import override_settings

from cms.checks import NON_ATOMIC_CACHE, cache_is_atomic, rate_limit_cache_is_atomic

ROOT = Path(__file__).resolve().parents[2]
DATABASE_CACHE = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "listening_hub_cache",
    }
}


def ids(messages) -> list[str]:
    return [message.id for message in messages]


@override_settings(CACHES=DATABASE_CACHE, DEBUG=False, RATELIMIT_NON_ATOMIC_CACHE_OK=False)
def test_rate_limits_in_the_database_cache_are_warned_about():
    (warning,) = rate_limit_cache_is_atomic()
    assert warning.id == NON_ATOMIC_CACHE and warning.level == checks.WARNING
    assert "REDIS_URL" in warning.hint


@pytest.mark.parametrize(
    "backend",
    [
        "django.core.cache.backends.redis.RedisCache",
        "config.cache.RedisCache",
        "django.core.cache.backends.memcached.PyMemcacheCache",
        "django_redis.cache.RedisCache",
    ],
)
def test_redis_and_memcached_count_atomically(backend):
    assert cache_is_atomic(backend)
    with override_settings(
        CACHES={"default": {"BACKEND": backend}}, DEBUG=False, RATELIMIT_NON_ATOMIC_CACHE_OK=False
    ):
        assert rate_limit_cache_is_atomic() == []


@pytest.mark.parametrize(
    "backend",
    [
        "django.core.cache.backends.db.DatabaseCache",
        "django.core.cache.backends.locmem.LocMemCache",
        "django.core.cache.backends.filebased.FileBasedCache",
        "django.core.cache.backends.dummy.DummyCache",
        "no.such.Cache",
    ],
)
def test_other_caches_do_not(backend):
    assert not cache_is_atomic(backend)


@override_settings(
    CACHES={**DATABASE_CACHE, "limits": {"BACKEND": "config.cache.RedisCache"}},
    RATELIMIT_USE_CACHE="limits",
    DEBUG=False,
    RATELIMIT_NON_ATOMIC_CACHE_OK=False,
)
def test_the_check_looks_at_the_cache_rate_limits_use():
    assert rate_limit_cache_is_atomic() == []


@pytest.mark.parametrize(
    "overrides", [{"DEBUG": True}, {"DEBUG": False, "RATELIMIT_NON_ATOMIC_CACHE_OK": True}]
)
def test_development_and_tests_may_use_the_database_cache(overrides):
    with override_settings(CACHES=DATABASE_CACHE, **overrides):
        assert rate_limit_cache_is_atomic() == []


def test_the_check_runs_with_djangos_own_and_django_ratelimits():
    assert apps.is_installed("django_ratelimit")
    with override_settings(CACHES=DATABASE_CACHE, DEBUG=False, RATELIMIT_NON_ATOMIC_CACHE_OK=False):
        found = checks.run_checks(tags=[checks.Tags.caches])
        shown = ids(m for m in found if not m.is_silenced())
        silenced = ids(m for m in found if m.is_silenced())
    assert NON_ATOMIC_CACHE in shown
    # django_ratelimit's own error is silenced in the test settings, as in development:
    # our warning says the same, and the test settings accept the database cache.
    assert "django_ratelimit.E003" in silenced


def production_check(**env) -> subprocess.CompletedProcess:
    environment = {
        **{k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "DJANGO_SETTINGS_MODULE")},
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": "not-a-real-secret-" + "x" * 50,
        "ALLOWED_HOSTS": "hub.example.org",
        **env,
    }
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--tag", "caches", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
    )


def test_production_with_redis_passes_the_cache_checks():
    done = production_check(REDIS_URL="redis://127.0.0.1:6379/0")
    assert done.returncode == 0, done.stderr


def test_production_without_redis_is_told_to_use_it():
    done = production_check()
    assert done.returncode != 0
    assert "django_ratelimit.E003" in done.stderr and NON_ATOMIC_CACHE in done.stderr
