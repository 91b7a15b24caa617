"""Moderation queue at scale: "claim next" with a million pending items, on PostgreSQL.

    make bench-moderation
    # or: scripts/with-postgres.sh .venv/bin/python bench/moderation.py

Needs DATABASE_URL pointing at a PostgreSQL server it may create a database on (the
make target starts a throwaway cluster). Bulk-loads BENCH_MODERATION_ITEMS pending
items (1,000,000 by default) with INSERT ... SELECT generate_series, then measures:

- "claim next" through the real service (lock, pick, claim, audit entry), one
  moderator after another and several at once;
- the query plan of the pick (it should walk the partial queue index and stop);
- the queue page, the capped menu count and a public `visible_to` listing.

Prints the figures and writes bench/results/moderation.json. The target is a median
"claim next" of at most 20 ms.
"""

import json
import os
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import results_head, setup_django, summary  # noqa: E402 - after the path is set

ITEMS = int(os.environ.get("BENCH_MODERATION_ITEMS", "1000000"))
SEQUENTIAL_CLAIMS = int(os.environ.get("BENCH_MODERATION_CLAIMS", "400"))
CONCURRENT_MODERATORS = 8
CONCURRENT_CLAIMS_EACH = 50
RESULTS = ROOT / "bench" / "results" / "moderation.json"
TARGET_MEDIAN_MS = 20.0


def timed(function, *args, **kwargs) -> float:
    return timed_call(function, *args, **kwargs)[1]


def timed_call(function, *args, **kwargs):
    """(what `function` returned, how long it took in milliseconds)."""
    start = time.perf_counter()
    result = function(*args, **kwargs)
    return result, (time.perf_counter() - start) * 1000


def main() -> None:
    setup_django(make_target="bench-moderation")
    from django.apps import apps
    from django.contrib.auth import get_user_model
    from django.contrib.auth.management import create_permissions
    from django.contrib.auth.models import Permission
    from django.contrib.contenttypes.models import ContentType
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from moderation import selectors, services
    from moderation.models import Priority
    from moderation.services.claims import next_item_query
    from tests.moderation.testapp.models import Comment, Topic

    print(f"Moderation benchmark: {ITEMS:,} pending items on PostgreSQL", flush=True)
    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    create_permissions(apps.get_app_config("moderation"), verbosity=0)
    create_permissions(apps.get_app_config("wagtailadmin"), verbosity=0)
    User = get_user_model()

    def person(email: str, name: str, codenames=()):
        user, _ = User.objects.get_or_create(email=email, defaults={"display_name": name})
        if codenames:
            user.user_permissions.add(*Permission.objects.filter(codename__in=codenames))
        return user

    author = person("bench.author@example.org", "BenchAuthor")
    work = ("view_queue", "work_queue", "access_admin")
    team = [person(f"bench.mod{n}@example.org", f"BenchMod{n}", work) for n in range(12)]
    topic, _ = Topic.objects.get_or_create(title="Benchmark")
    comment_type = ContentType.objects.get_for_model(Comment)

    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM moderation_moderationitem")
        existing = cursor.fetchone()[0]
    if existing < ITEMS:
        print("Loading rows (INSERT ... SELECT generate_series)...", flush=True)
        load_start = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute("TRUNCATE moderation_moderationitem, moderation_testapp_comment CASCADE")
            cursor.execute(
                """
                INSERT INTO moderation_testapp_comment (topic_id, author_id, body, is_live)
                SELECT %s, %s, 'Benchmark comment number ' || n, false
                FROM generate_series(1, %s) AS n
                """,
                [topic.pk, author.pk, ITEMS],
            )
            # Spread over 30 days; 1 in 1,000 carries a risk flag (it goes first).
            cursor.execute(
                """
                INSERT INTO moderation_moderationitem (
                    content_type_id, object_id, author_id, status, priority, version,
                    submitted_at, queued_at, text_snapshot, flags, has_risk_flag,
                    has_personal_flag, has_profanity_flag, redactions, note_to_author,
                    escalation_reason, escalation_kind, open_report_count, report_score,
                    is_hidden
                )
                SELECT %s, c.id, c.author_id, 'pending',
                       CASE WHEN c.id %% 1000 = 0 THEN %s ELSE %s END, 1,
                       now() - (c.id %% 43200) * interval '1 minute',
                       now() - (c.id %% 43200) * interval '1 minute',
                       jsonb_build_object('body', c.body), '[]'::jsonb, c.id %% 1000 = 0,
                       false, false, '[]'::jsonb, '', '', '', 0, 0, false
                FROM moderation_testapp_comment AS c
                """,
                [comment_type.pk, Priority.RISK, Priority.NORMAL],
            )
            cursor.execute("ANALYZE moderation_moderationitem")
            cursor.execute("ANALYZE moderation_testapp_comment")
        print(f"  loaded in {time.perf_counter() - load_start:.1f} s", flush=True)

    results: dict = results_head(
        items=ITEMS,
        target_median_ms=TARGET_MEDIAN_MS,
    )

    # 1. The plan of the pick, as the service runs it.
    now = timezone.now()
    shift = services.shift_start(moderator=team[0])
    pick = next_item_query(team[0], now=now, shift=shift)
    with transaction.atomic(), connection.cursor() as cursor:
        sql, params = pick.query.sql_with_params()
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) " + sql, params)
        plan = [row[0] for row in cursor.fetchall()]
        transaction.set_rollback(True)
    results["claim_next_plan"] = plan

    # The pick alone, as the database sees it (rolled back each time).
    pick_samples = []
    for _ in range(200):
        with transaction.atomic(), connection.cursor() as cursor:
            sql, params = pick.query.sql_with_params()
            pick_samples.append(timed(cursor.execute, sql, params))
            cursor.fetchall()
            transaction.set_rollback(True)
    results["pick_query_only"] = summary(pick_samples)
    uses_index = any("moderation_item_queue_order" in line for line in plan)
    print("\nPlan of the pick:\n  " + "\n  ".join(plan), flush=True)

    # 2. Claim next, one moderator at a time, each approving what they were given
    #    (the approval is not timed), as a volunteer works through the queue.
    def decide(item, moderator):
        """As a volunteer would: approve, or escalate what may be a safeguarding risk."""
        if item.has_risk_flag:
            services.item_escalate(
                item=item, moderator=moderator, kind="safeguarding", reason="Possible risk"
            )
        else:
            services.item_approve(item=item, moderator=moderator)

    for moderator in team[:2]:  # warm caches and connections
        services.item_claim_next(moderator=moderator)
    samples = []
    for number in range(SEQUENTIAL_CLAIMS):
        moderator = team[number % len(team)]
        claimed, elapsed = timed_call(services.item_claim_next, moderator=moderator)
        samples.append(elapsed)
        if claimed is not None and number % 2:
            decide(claimed, moderator)
    results["claim_next_sequential"] = summary(samples)
    # Queries in the usual case: the moderator decided their last item, so holds none.
    counter = person("bench.counter@example.org", "BenchCounter", work)
    decide(services.item_claim_next(moderator=counter), counter)
    with CaptureQueriesContext(connection) as queries:
        services.item_claim_next(moderator=counter)
    results["claim_next_queries"] = len(queries.captured_queries)

    # 3. Several moderators pressing "next" at the same moment, each in their own
    #    connection (SKIP LOCKED hands each a different row).
    concurrent_samples: list[float] = []
    lock = threading.Lock()
    barrier = threading.Barrier(CONCURRENT_MODERATORS)

    def moderate(moderator):
        from django.db import connection as thread_connection

        try:
            mine = []
            barrier.wait()
            for _ in range(CONCURRENT_CLAIMS_EACH):
                claimed, elapsed = timed_call(services.item_claim_next, moderator=moderator)
                mine.append(elapsed)
                decide(claimed, moderator)
            with lock:
                concurrent_samples.extend(mine)
        finally:
            thread_connection.close()

    threads = [threading.Thread(target=moderate, args=(m,)) for m in team[:CONCURRENT_MODERATORS]]
    wall_start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - wall_start
    results["claim_next_concurrent"] = {
        "moderators": CONCURRENT_MODERATORS,
        "note": "threads in one Python process on 2 cores: includes waiting for the "
        "interpreter lock while other threads approve",
        "claims_and_approvals_per_second": round(len(concurrent_samples) / wall, 1),
        **summary(concurrent_samples),
    }

    # 4. Reads: the menu count (capped), the queue page, a public listing.
    results["menu_count_ms"] = summary(
        [timed(lambda: selectors.queue_counts(team[0])) for _ in range(20)]
    )
    client = Client()
    client.force_login(team[0])
    client.get("/admin/moderation/")
    page_samples = []
    for _ in range(10):
        with CaptureQueriesContext(connection) as queries:
            page_samples.append(timed(lambda: client.get("/admin/moderation/")))
    results["queue_page"] = {"queries": len(queries.captured_queries), **summary(page_samples)}
    visible_samples = [
        timed(lambda: list(Comment.objects.visible_to(author).order_by("-id")[:20]))
        for _ in range(20)
    ]
    results["visible_to_first_20_ms"] = summary(visible_samples)

    results["claim_next_uses_queue_index"] = uses_index
    results["target_met"] = results["claim_next_sequential"]["median_ms"] <= TARGET_MEDIAN_MS

    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2) + "\n")

    sequential = results["claim_next_sequential"]
    concurrent = results["claim_next_concurrent"]
    print(
        f"""
Claim next, one at a time:  median {sequential["median_ms"]} ms, p90 {sequential["p90_ms"]} ms, p99 {sequential["p99_ms"]} ms ({sequential["samples"]} claims)
The pick query alone:       median {results["pick_query_only"]["median_ms"]} ms, p90 {results["pick_query_only"]["p90_ms"]} ms
Claim next, {CONCURRENT_MODERATORS} at once:      median {concurrent["median_ms"]} ms, p90 {concurrent["p90_ms"]} ms, p99 {concurrent["p99_ms"]} ms ({concurrent["samples"]} claims, {concurrent["claims_and_approvals_per_second"]} claimed and approved per second)
Queries per claim next:     {results["claim_next_queries"]}
Menu count (capped):        median {results["menu_count_ms"]["median_ms"]} ms
Queue page:                 median {results["queue_page"]["median_ms"]} ms, {results["queue_page"]["queries"]} queries
visible_to, first 20:       median {results["visible_to_first_20_ms"]["median_ms"]} ms
Pick walks the queue index: {"yes" if uses_index else "NO"}
Target (median claim next <= {TARGET_MEDIAN_MS:.0f} ms): {"met" if results["target_met"] else "NOT met"}
Written to {RESULTS.relative_to(ROOT)}""",
        flush=True,
    )


if __name__ == "__main__":
    main()
