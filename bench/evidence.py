"""Evidence at scale on PostgreSQL: import speed, "you are not alone" and snippet figures.

    make bench-evidence        # a throwaway PostgreSQL cluster, 10,000,000 rows

Loads BENCH_EVIDENCE_ROWS statistic rows (10,000,000 by default; daily granularity,
generated inside PostgreSQL with generate_series), then measures through the real
code:

1. importing a 1,000,000-row CSV (read and check every row, then COPY through a
   staging table) — target at most 60 s;
2. the "you are not alone" figure for a topic — target median at most 20 ms;
3. an evidence snippet's figure and breakdown — target median at most 50 ms.

Prints the figures and writes bench/results/evidence.json.
"""

from __future__ import annotations

import datetime as dt
import io
import itertools
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import load_statistics, results_head, setup_django, summary  # noqa: E402 - after the path is set

ROWS = int(os.environ.get("BENCH_EVIDENCE_ROWS", "10000000"))
IMPORT_ROWS = int(os.environ.get("BENCH_EVIDENCE_IMPORT_ROWS", "1000000"))
SAMPLES = 200
RESULTS = ROOT / "bench" / "results" / "evidence.json"
TARGETS = {"import_seconds": 60.0, "not_alone_median_ms": 20.0, "snippet_median_ms": 50.0}
TOPICS = 40


def main() -> None:
    setup_django(make_target="bench-evidence")
    from django.core.management import call_command

    from evidence import selectors, services
    from evidence.importer import read_statistics
    from evidence.models import ChannelStatistic, EvidenceSnippet, TopicMonthTotal
    from evidence.synthetic import synthetic_rows

    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    topics, channels = load_statistics(ROWS, topics=TOPICS)
    rows_in_table = ChannelStatistic.objects.count()
    results: dict = results_head(
        rows_in_table=rows_in_table,
        targets=TARGETS,
    )

    # 2. Import a 1,000,000-row file through the importer (a source of its own).
    buffer = io.StringIO()
    rows = synthetic_rows(
        topics=[topic.slug for topic in topics],
        channels=[channel.slug for channel in channels],
        months=int(os.environ.get("BENCH_EVIDENCE_IMPORT_MONTHS", "7")),
        today=dt.date.today(),
        source="synthetic-import",
        daily=True,
        monthly_contacts=2_000_000,
    )
    buffer.write("source,period,topic,channel,age_band,region,contacts\n")
    for row in itertools.islice(rows, IMPORT_ROWS):
        buffer.write(",".join(str(value) for value in row) + "\n")
    data = buffer.getvalue().encode()
    del buffer
    start = time.perf_counter()
    result = read_statistics(io.BytesIO(data), size=len(data))
    checked = time.perf_counter() - start
    outcome = services.statistics_import(result=result, file_name="bench.csv")
    total = time.perf_counter() - start
    results["import"] = {
        "rows": outcome.added,
        "replaced": outcome.replaced,
        "check_seconds": round(checked, 1),
        "total_seconds": round(total, 1),
        "rows_per_second": round(outcome.added / total),
    }
    print(
        f"Import of {outcome.added:,} rows: {total:.1f} s "
        f"(checking {checked:.1f} s), {outcome.added / total:,.0f} rows/s",
        flush=True,
    )

    # 3. "You are not alone" for a topic (and its sub-topics), 12 months.
    def not_alone_ms(topic) -> float:
        start = time.perf_counter()
        selectors.not_alone(topic)
        return (time.perf_counter() - start) * 1000

    for topic in topics[:3]:
        not_alone_ms(topic)  # warm
    samples = [not_alone_ms(topics[n % TOPICS]) for n in range(SAMPLES)]
    results["not_alone"] = summary(samples)
    print(f"You are not alone:     median {results['not_alone']['median_ms']} ms", flush=True)

    # 4. A snippet's figure: 12 months of two topics, by month and by region.
    snippet, _ = EvidenceSnippet.objects.get_or_create(
        headline="Bench snippet", defaults={"sentence": "For the benchmark.", "months": 12}
    )
    snippet.topics.set(topics[:2])
    snippet.save()
    figures = {}
    for breakdown in ("month", "region"):
        snippet.breakdown = breakdown
        selectors.snippet_figures(snippet)
        samples = []
        for _ in range(SAMPLES // 4):
            start = time.perf_counter()
            selectors.snippet_figures(snippet)
            samples.append((time.perf_counter() - start) * 1000)
        figures[breakdown] = summary(samples)
        print(
            f"Snippet figure ({breakdown}): median {figures[breakdown]['median_ms']} ms", flush=True
        )
    results["snippet"] = figures
    results["rollup_rows"] = TopicMonthTotal.objects.count()
    met = {
        "import": results["import"]["total_seconds"] <= TARGETS["import_seconds"],
        "not_alone": results["not_alone"]["median_ms"] <= TARGETS["not_alone_median_ms"],
        "snippet": all(f["median_ms"] <= TARGETS["snippet_median_ms"] for f in figures.values()),
    }
    results["targets_met"] = met
    print(f"Rows in the table: {rows_in_table:,}. Targets met: {met}", flush=True)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2) + "\n")
    print(f"Written to {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
