"""What the PostgreSQL benchmarks share: their database and how timings are summed up."""

import datetime as dt
import os
import platform
import statistics
import sys
import time
from urllib.parse import urlparse


def ensure_database(*, make_target: str) -> None:
    """Create the database named in DATABASE_URL if it does not exist yet."""
    import psycopg

    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        sys.exit(f"DATABASE_URL must point at PostgreSQL (try: make {make_target}).")
    name = urlparse(url).path.lstrip("/")
    admin_url = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')


def setup_django(*, make_target: str) -> None:
    """Create the benchmark's database when missing (ensure_database), then set Django up,
    with the test settings unless DJANGO_SETTINGS_MODULE names others."""
    ensure_database(make_target=make_target)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    import django

    django.setup()


NOISY_MACHINE = "2 cores, shared with other work (noisy); figures vary run to run"


def results_head(**facts) -> dict:
    """The first entries of a results file: the machine, Python, `facts`, then the
    version of the PostgreSQL server the figures come from."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        version = cursor.fetchone()[0]
    return {
        "machine": NOISY_MACHINE,
        "python": platform.python_version(),
        **facts,
        "postgresql": version,
    }


def summary(samples_ms: list[float]) -> dict:
    ordered = sorted(samples_ms)

    def at(fraction: float) -> float:
        return round(ordered[min(len(ordered) - 1, int(fraction * len(ordered)))], 2)

    return {
        "samples": len(ordered),
        "median_ms": round(statistics.median(ordered), 2),
        "p90_ms": at(0.9),
        "p99_ms": at(0.99),
        "max_ms": round(ordered[-1], 2),
    }


def load_statistics(rows: int, *, topics: int = 40):
    """At least `rows` daily statistic rows (totals, age bands and regions) for `topics`
    bench topics, generated inside PostgreSQL, with the rollups the importer keeps.

    Loads only when the table holds fewer rows, so a second benchmark reuses them.
    Returns the bench topics and the active channels.
    """
    from django.db import connection

    from evidence.models import Channel, ChannelStatistic, Topic

    bench_topics = [
        Topic.objects.get_or_create(slug=f"bench-topic-{n}", defaults={"name": f"Bench topic {n}"})[
            0
        ]
        for n in range(topics)
    ]
    channels = list(Channel.objects.filter(is_active=True))
    if ChannelStatistic.objects.count() >= rows:
        return bench_topics, channels
    print(f"Loading {rows:,} rows with generate_series...", flush=True)
    start = time.perf_counter()
    today = dt.date.today().replace(day=1)
    with connection.cursor() as cursor:
        cursor.execute(
            "TRUNCATE evidence_channelstatistic, evidence_topicmonthtotal, evidence_monthlycell"
        )
        per_day = topics * len(channels) * 17
        days = rows // per_day + 1
        cursor.execute(
            """
            INSERT INTO evidence_channelstatistic
                (source, period, topic_id, channel_id, age_band, region, contacts)
            SELECT 'synthetic-bench', d::date, t.id, c.id, b.age_band, b.region,
                   (abs(hashtext(d::text || t.id || c.id || b.age_band || b.region)) %% 60)
            FROM generate_series(%s::date - %s, %s::date - 1, interval '1 day') AS d,
                 (SELECT id FROM evidence_topic WHERE slug LIKE 'bench-topic-%%') AS t,
                 (SELECT id FROM evidence_channel WHERE is_active) AS c,
                 (VALUES ('', ''), ('13-15', ''), ('16-18', ''), ('19-21', ''), ('22-25', ''),
                         ('', 'E12000001'), ('', 'E12000002'), ('', 'E12000003'),
                         ('', 'E12000004'), ('', 'E12000005'), ('', 'E12000006'),
                         ('', 'E12000007'), ('', 'E12000008'), ('', 'E12000009'),
                         ('', 'W92000004'), ('', 'S92000003'), ('', 'N92000002'))
                     AS b(age_band, region)
            LIMIT %s
            """,
            [today, days, today, rows],
        )
        cursor.execute(
            """
            INSERT INTO evidence_monthlycell
                (topic_id, channel_id, month, age_band, region, contacts)
            SELECT topic_id, channel_id, date_trunc('month', period)::date, age_band,
                   region, sum(contacts)
            FROM evidence_channelstatistic GROUP BY 1, 2, 3, 4, 5
            """
        )
        cursor.execute(
            """
            INSERT INTO evidence_topicmonthtotal (topic_id, month, contacts)
            SELECT topic_id, date_trunc('month', period)::date, sum(contacts)
            FROM evidence_channelstatistic WHERE age_band = '' AND region = ''
            GROUP BY 1, 2
            """
        )
        for table in ("channelstatistic", "topicmonthtotal", "monthlycell"):
            cursor.execute(f"ANALYZE evidence_{table}")
    print(f"  loaded in {time.perf_counter() - start:.1f} s", flush=True)
    return bench_topics, channels


def explorer_page(*, slug: str):
    """The site's data explorer page; one is made under the site's root (at `slug`) and
    published when there is none."""
    from wagtail.models import Site

    from evidence.models import DataExplorerPage

    page = DataExplorerPage.objects.first()
    if page is None:
        page = DataExplorerPage(title="Explore the data", slug=slug)
        Site.objects.get(is_default_site=True).root_page.add_child(instance=page)
        page.save_revision().publish()
    return page


# What the benches' nominations are about (bench/world.py, bench/close.py).
NOMINATION_SUBJECTS = [
    "bus fares",
    "mental health waiting lists",
    "youth clubs closing",
    "exam stress",
    "part-time work pay",
    "online bullying",
    "housing for care leavers",
    "school meals",
    "safe streets at night",
    "climate lessons",
    "period poverty",
    "sports facilities",
]
