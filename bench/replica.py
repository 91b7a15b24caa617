"""A streaming read replica, tried for real on this machine.

    make bench-replica      # a throwaway PostgreSQL primary and a hot standby of it

Run beside a PostgreSQL primary (DATABASE_URL) and a streaming replica of it
(DATABASE_REPLICA_URL), as scripts/with-postgres-replica.sh provides, in process with
the test settings:

1. migrates the primary and loads BENCH_REPLICA_ROWS statistic rows; the replica
   follows by replaying the primary's WAL (how much, and how long it took to catch up);
2. replication lag: writes one row on `default` and asks the replica until the row is
   there, SAMPLES times (median, 90th percentile, worst);
3. the replica refuses a write: a read-only transaction;
4. explorer pages and open-data API answers through the test client, with the router's
   middleware: which connection each request's queries ran on. A page outside those
   parts is the control: none of its queries may reach the replica.

Prints the figures and writes bench/results/replica.json.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import explorer_page, load_statistics, setup_django, summary  # noqa: E402 - after the path is set

ROWS = int(os.environ.get("BENCH_REPLICA_ROWS", "200000"))
SAMPLES = 50
CATCH_UP_TIMEOUT_S = 30.0
RESULTS = ROOT / "bench" / "results" / "replica.json"
MIDDLEWARE = "config.db_router.ReplicaReadsMiddleware"
TABLE = re.compile(r'(?:FROM|JOIN)\s+"([a-z0-9_]+)"', re.IGNORECASE)


def scalar(alias: str, sql: str, params=()):
    from django.db import connections

    with connections[alias].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()[0]


def catch_up_ms() -> dict:
    """How long the replica takes to replay everything the primary has written so far."""
    target = scalar("default", "SELECT pg_current_wal_lsn()::text")
    start = time.perf_counter()
    while True:
        behind = scalar(
            "replica", "SELECT pg_wal_lsn_diff(%s::pg_lsn, pg_last_wal_replay_lsn())", [target]
        )
        if behind <= 0:
            return {"lsn": target, "caught_up_ms": round((time.perf_counter() - start) * 1000, 2)}
        if time.perf_counter() - start > CATCH_UP_TIMEOUT_S:
            sys.exit(f"The replica is still {behind} bytes behind after {CATCH_UP_TIMEOUT_S} s.")
        time.sleep(0.001)


def replication_lag() -> dict:
    """Write a row on the primary, then ask the replica until it has it."""
    from django.db import connections

    with connections["default"].cursor() as cursor:
        cursor.execute(
            "CREATE TABLE IF NOT EXISTS bench_replica_lag "
            "(id bigserial PRIMARY KEY, written_at timestamptz NOT NULL DEFAULT clock_timestamp())"
        )
    catch_up_ms()
    lags, polls, poll_ms = [], [], []
    for _ in range(SAMPLES):
        start = time.perf_counter()
        with connections["default"].cursor() as cursor:  # autocommit: committed on return
            cursor.execute("INSERT INTO bench_replica_lag DEFAULT VALUES RETURNING id")
            row_id = cursor.fetchone()[0]
        asked = 0
        with connections["replica"].cursor() as cursor:
            while True:
                asked += 1
                before = time.perf_counter()
                cursor.execute("SELECT 1 FROM bench_replica_lag WHERE id = %s", [row_id])
                found = cursor.fetchone() is not None
                poll_ms.append((time.perf_counter() - before) * 1000)
                if found:
                    break
                if time.perf_counter() - start > CATCH_UP_TIMEOUT_S:
                    sys.exit(f"Row {row_id} did not reach the replica in {CATCH_UP_TIMEOUT_S} s.")
        lags.append((time.perf_counter() - start) * 1000)
        polls.append(asked)
        time.sleep(0.02)  # writes spread out, as a site's are
    return {
        "write_to_visible_on_replica": summary(lags),
        "replica_queries_per_sample_median": statistics.median(polls),
        "one_replica_query_median_ms": round(statistics.median(poll_ms), 3),
    }


def refused_write() -> dict:
    """A write sent to the replica on purpose, through the ORM."""
    from django.db import DatabaseError

    from evidence.models import Topic

    try:
        Topic.objects.using("replica").create(name="Never stored", slug="never-stored")
    except DatabaseError as error:
        cause = error.__cause__
        return {
            "refused": True,
            "sqlstate": getattr(cause, "sqlstate", None),
            "message": str(error).strip().splitlines()[0],
            "in_recovery": scalar("replica", "SELECT pg_is_in_recovery()"),
        }
    return {"refused": False}


def tables(queries: list[dict]) -> list[str]:
    return sorted({name for query in queries for name in TABLE.findall(query["sql"])})


def requests_figures(page, topics) -> dict:
    """Which connection each request's queries ran on."""
    from django.db import connections
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    compared = "&".join(f"topic={topic.slug}" for topic in topics[:4])
    urls = {
        "explorer_trend": (f"{page.url}?{compared}&view=trend", True),
        "explorer_breakdown_csv": (
            f"{page.url}?{compared}&view=breakdown&by=region&format=csv",
            True,
        ),
        "api_topics": ("/api/v1/topics", True),
        "api_statistics": (f"/api/v1/statistics?{compared}&view=trend", True),
        "control_home_page": ("/", False),
    }
    figures = {}
    for name, (url, expect_replica) in urls.items():
        with (
            CaptureQueriesContext(connections["replica"]) as on_replica,
            CaptureQueriesContext(connections["default"]) as on_default,
        ):
            start = time.perf_counter()
            response = client.get(url)
            elapsed = (time.perf_counter() - start) * 1000
        assert response.status_code == 200, (url, response.status_code, response.content[:300])
        figures[name] = {
            "url": url,
            "ms": round(elapsed, 1),
            "queries_on_replica": len(on_replica.captured_queries),
            "queries_on_default": len(on_default.captured_queries),
            "tables_read_on_replica": tables(on_replica.captured_queries),
            "tables_read_on_default": tables(on_default.captured_queries),
        }
        went_right = bool(on_replica.captured_queries) == expect_replica
        figures[name]["as_expected"] = went_right
        print(
            f"{name}: {len(on_replica.captured_queries)} queries on the replica, "
            f"{len(on_default.captured_queries)} on default ({elapsed:.0f} ms)"
            + ("" if went_right else "  <-- NOT AS EXPECTED"),
            flush=True,
        )
    return figures


def main() -> None:
    if not os.environ.get("DATABASE_REPLICA_URL", "").startswith("postgres"):
        sys.exit(
            "DATABASE_REPLICA_URL must point at a PostgreSQL replica (try: make bench-replica)."
        )
    setup_django(make_target="bench-replica")
    from django.conf import settings
    from django.core.cache import cache
    from django.core.management import call_command

    from config.db_router import reads_from_replica
    from evidence.models import DataExplorerPage

    # One client asks many times; whole pages are not kept, so every request runs its view.
    settings.API_RATE_LIMIT = "1000000/m"
    settings.HUB_PAGE_CACHE_SECONDS = 0
    wired = {
        "middleware_in_settings": MIDDLEWARE in settings.MIDDLEWARE,
        "explorer_serve_decorated": getattr(DataExplorerPage.serve, "reads_from_replica", False),
    }
    # Until they are in base.py's MIDDLEWARE and on DataExplorerPage.serve, add them here.
    if not wired["middleware_in_settings"]:
        sessions = settings.MIDDLEWARE.index("django.contrib.sessions.middleware.SessionMiddleware")
        settings.MIDDLEWARE = [
            *settings.MIDDLEWARE[:sessions],
            MIDDLEWARE,
            *settings.MIDDLEWARE[sessions:],
        ]
    if not wired["explorer_serve_decorated"]:
        DataExplorerPage.serve = reads_from_replica(DataExplorerPage.serve)

    results: dict = {
        "machine": "2 cores, shared with other work (noisy); primary and replica on the same "
        "machine, so no network between them",
        "python": platform.python_version(),
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "postgresql": scalar("default", "SHOW server_version"),
        "primary": {
            name: scalar("default", f"SHOW {name}")
            for name in ("synchronous_commit", "fsync", "wal_level", "wal_writer_delay")
        },
        "replica": {
            "in_recovery": scalar("replica", "SELECT pg_is_in_recovery()"),
            "wal_receiver": scalar("replica", "SELECT status FROM pg_stat_wal_receiver"),
        },
        "wired_before_the_run": wired,
        "how": "lag: one INSERT on the primary (autocommit), then SELECTs on the replica "
        "until the row is there; requests: the test client in process, queries captured "
        "on each connection",
    }
    print(
        f"PostgreSQL {results['postgresql']}: primary synchronous_commit="
        f"{results['primary']['synchronous_commit']}, replica in recovery: "
        f"{results['replica']['in_recovery']} ({results['replica']['wal_receiver']})",
        flush=True,
    )

    start = time.perf_counter()
    # The cache table first: saves during the migrations already write to the cache.
    call_command("createcachetable", verbosity=0)
    call_command("migrate", verbosity=0)
    migrated_s = time.perf_counter() - start
    followed = catch_up_ms()
    results["migrate"] = {"primary_s": round(migrated_s, 1), "replica_after_ms": followed}
    print(
        f"Migrated the primary in {migrated_s:.1f} s; the replica caught up "
        f"{followed['caught_up_ms']} ms later",
        flush=True,
    )

    before = scalar("default", "SELECT pg_current_wal_lsn()::text")
    start = time.perf_counter()
    topics, _channels = load_statistics(ROWS)
    loaded_s = time.perf_counter() - start
    wal_bytes = int(
        scalar("default", "SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), %s::pg_lsn)", [before])
    )
    followed = catch_up_ms()
    results["bulk_load"] = {
        "rows": ROWS,
        "primary_s": round(loaded_s, 1),
        "wal_mb": round(wal_bytes / 1e6, 1),
        "replica_after_ms": followed,
    }
    print(
        f"Loaded {ROWS:,} rows ({wal_bytes / 1e6:.0f} MB of WAL) in {loaded_s:.1f} s; "
        f"the replica caught up {followed['caught_up_ms']} ms later",
        flush=True,
    )

    lag = replication_lag()
    results["replication_lag"] = lag
    figures = lag["write_to_visible_on_replica"]
    print(
        f"Replication lag, write to visible on the replica ({SAMPLES} writes): median "
        f"{figures['median_ms']} ms, p90 {figures['p90_ms']} ms, max {figures['max_ms']} ms",
        flush=True,
    )

    results["replica_refuses_writes"] = refused_write()
    print(f"A write on the replica: {results['replica_refuses_writes']}", flush=True)

    page = explorer_page(slug="explore-replica")
    catch_up_ms()
    cache.clear()
    results["requests"] = requests_figures(page, topics)

    met = {
        "replica_refuses_writes": results["replica_refuses_writes"]["refused"]
        and results["replica_refuses_writes"]["sqlstate"] == "25006",
        "reads_routed_as_expected": all(r["as_expected"] for r in results["requests"].values()),
    }
    results["checks_passed"] = met
    print(f"Checks passed: {met}", flush=True)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2) + "\n")
    print(f"Written to {RESULTS.relative_to(ROOT)}")
    if not all(met.values()):
        sys.exit(1)


if __name__ == "__main__":
    main()
