import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import time_machine
from django.core.cache import cache
from django.core.management import call_command
from django.utils import timezone

from cms import scheduler

ROOT = Path(__file__).resolve().parents[2]


def scheduler_ran() -> None:
    call_command("scheduler", "--once", "--job", "close_rounds")


@pytest.mark.django_db
def test_it_answers_200_when_everything_is_working(visitor):
    scheduler_ran()
    response = visitor.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "database": "ok",
        "cache": "ok",
        "scheduler": "ok",
    }
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_a_stopped_scheduler_is_reported_but_keeps_the_server_in_service(visitor):
    with time_machine.travel(timezone.now(), tick=False) as clock:
        scheduler_ran()
        clock.shift(scheduler.HEARTBEAT_FRESH_FOR - dt.timedelta(seconds=1))
        assert visitor.get("/healthz").json()["scheduler"] == "ok"
        clock.shift(dt.timedelta(seconds=2))
        response = visitor.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "degraded",
        "database": "ok",
        "cache": "ok",
        "scheduler": "stale",
    }


@pytest.mark.django_db
def test_a_scheduler_that_never_ran_is_unknown(visitor):
    cache.delete(scheduler.HEARTBEAT_KEY.format(job="close_rounds"))
    response = visitor.get("/healthz")
    assert response.status_code == 200
    assert response.json()["status"] == "degraded"
    assert response.json()["scheduler"] == "unknown"


@pytest.mark.django_db
def test_the_heartbeat_of_another_job_does_not_count(visitor):
    call_command("scheduler", "--once", "--job", "release_claims")
    assert visitor.get("/healthz").json()["scheduler"] == "unknown"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "broken_cache",
    [
        # Redis down (nothing listens on port 1).
        {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
        },
        # A database cache whose table was never made.
        {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "no_such_cache_table",
        },
    ],
    ids=["redis-down", "missing-table"],
)
def test_it_answers_503_not_500_when_the_cache_fails(visitor, settings, broken_cache):
    settings.CACHES = {"default": broken_cache}
    response = visitor.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {
        "status": "unavailable",
        "database": "ok",
        "cache": "unavailable",
        "scheduler": "unknown",
    }


def test_it_answers_503_when_the_database_is_unreachable(tmp_path):
    # A fresh process whose database cannot be opened: a real failure, not a stand-in.
    unreachable = f"sqlite:///{tmp_path}/missing-folder/listening-hub.sqlite3"
    script = (
        "import django, json; django.setup();"
        "from django.test import Client; r = Client().get('/healthz');"
        "print(json.dumps([r.status_code, r.json()]))"
    )
    env = {
        **os.environ,
        "DATABASE_URL": unreachable,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "REDIS_URL": "",  # the default: the cache lives in the database
    }
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    status, body = json.loads(result.stdout.strip().splitlines()[-1])
    assert status == 503
    # The cache is in the same database, so it fails with it.
    assert body == {
        "status": "unavailable",
        "database": "unreachable",
        "cache": "unavailable",
        "scheduler": "unknown",
    }
