"""`migrate` alone makes the database cache's table: no deploy can forget `createcachetable`.

Each test drops the table inside its own transaction (rolled back afterwards, on
SQLite and PostgreSQL alike), then runs `migrate` as a deploy would.
"""

import io

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection

TABLE = settings.CACHES["default"]["LOCATION"]
pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        not settings.CACHES["default"]["BACKEND"].endswith("DatabaseCache"),
        reason="REDIS_URL is set: the cache is Redis, which has no table",
    ),
]


def drop_cache_table() -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE {connection.ops.quote_name(TABLE)}")
    assert TABLE not in connection.introspection.table_names()


def migrate() -> str:
    out = io.StringIO()
    call_command("migrate", interactive=False, stdout=out)
    return out.getvalue()


def test_migrate_creates_the_cache_table_and_the_cache_works():
    drop_cache_table()
    migrate()
    assert TABLE in connection.introspection.table_names()
    cache.set("cache-table-test", {"works": True}, timeout=60)
    assert cache.get("cache-table-test") == {"works": True}


def test_migrate_again_keeps_what_the_cache_holds_and_says_nothing_about_it():
    cache.set("cache-table-test", "kept", timeout=60)
    output = migrate()
    assert cache.get("cache-table-test") == "kept"
    assert "cache" not in output.lower()


def test_with_redis_migrate_makes_no_cache_table(settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
        }
    }
    drop_cache_table()
    migrate()
    assert TABLE not in connection.introspection.table_names()
