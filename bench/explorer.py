"""The data explorer, the statistics API and share cards at scale on PostgreSQL.

    make bench-explorer        # a throwaway PostgreSQL cluster, 10,000,000 rows

Loads BENCH_EVIDENCE_ROWS statistic rows (10,000,000 by default, shared with
`make bench-evidence`), then times whole requests through Django's full middleware,
URL routing, page serving and templates (the test client, in process, so the
figures are the hub's own time without network or a load generator):

1. explorer pages comparing 4 topics, as a trend and as a breakdown by region —
   target median at most 150 ms. Charts are drawn once per set of figures and then
   cached, so each view is timed the first time (chart drawn) and again (cached);
2. the open-data API's statistics answer for the same views — target 150 ms;
3. a share card: drawn (target at most 200 ms) and then served (at most 5 ms).

Prints the figures and writes bench/results/explorer.json.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import explorer_page, load_statistics, results_head, setup_django, summary  # noqa: E402 - after the path is set

ROWS = int(os.environ.get("BENCH_EVIDENCE_ROWS", "10000000"))
SAMPLES = 60
RESULTS = ROOT / "bench" / "results" / "explorer.json"
TARGETS = {
    "explorer_median_ms": 150.0,
    "api_median_ms": 150.0,
    "card_render_ms": 200.0,
    "card_cached_ms": 5.0,
}


def timed(call) -> float:
    start = time.perf_counter()
    call()
    return (time.perf_counter() - start) * 1000


def main() -> None:
    setup_django(make_target="bench-explorer")
    from django.conf import settings
    from django.core.cache import cache
    from django.core.management import call_command
    from django.test import Client

    from evidence.models import ChannelStatistic, MonthlyCell

    # One client asks thousands of times here; the limit itself is tested in tests/api.
    settings.API_RATE_LIMIT = "1000000/m"
    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    topics, _channels = load_statistics(ROWS)
    page = explorer_page(slug="explore-bench")
    results: dict = results_head(
        rows_in_table=ChannelStatistic.objects.count(),
        monthly_rollup_rows=MonthlyCell.objects.count(),
        targets=TARGETS,
        how="whole requests through the test client (middleware, routing, templates), "
        "in process on the same machine as PostgreSQL",
    )
    print(f"Rows in the table: {results['rows_in_table']:,}", flush=True)

    client = Client()
    compared = "&".join(f"topic={topic.slug}" for topic in topics[:4])
    from evidence.explorer.query import DataRange
    from evidence.periods import months_ending

    newest = DataRange.now().last
    four_years = f"{months_ending(newest, 48)[0]:%Y-%m}"
    views = {
        "trend": f"{compared}&view=trend",
        "trend_48_months": f"{compared}&view=trend&from={four_years}",
        "breakdown_region": f"{compared}&view=breakdown&by=region",
        "trend_share": f"{compared}&view=trend&measure=share",
    }

    def get(url: str) -> None:
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code, response.content[:300])

    explorer = {}
    for name, query in views.items():
        url = f"{page.url}?{query}"
        cache.clear()
        first = timed(lambda url=url: get(url))
        samples = [timed(lambda url=url: get(url)) for _ in range(SAMPLES)]
        explorer[name] = {"first_view_ms": round(first, 1), **summary(samples)}
        print(
            f"Explorer {name}: first view {first:.0f} ms (chart drawn), "
            f"then median {explorer[name]['median_ms']} ms",
            flush=True,
        )
    results["explorer"] = explorer

    api = {}
    for name, query in views.items():
        url = f"/api/v1/statistics?{query}"
        get(url)
        samples = [timed(lambda url=url: get(url)) for _ in range(SAMPLES)]
        api[name] = summary(samples)
        print(f"API statistics {name}: median {api[name]['median_ms']} ms", flush=True)
    results["api"] = api

    results["share_card"] = share_card_figures(client, topics)

    met = {
        "explorer": all(v["median_ms"] <= TARGETS["explorer_median_ms"] for v in explorer.values()),
        "api": all(v["median_ms"] <= TARGETS["api_median_ms"] for v in api.values()),
        "card_render": results["share_card"]["render"]["median_ms"] <= TARGETS["card_render_ms"],
        "card_cached": results["share_card"]["cached"]["median_ms"] <= TARGETS["card_cached_ms"],
    }
    results["targets_met"] = met
    print(f"Targets met: {met}", flush=True)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2) + "\n")
    print(f"Written to {RESULTS.relative_to(ROOT)}")


def share_card_figures(client, topics) -> dict:
    """A snippet's card drawn from scratch, then its image fetched as a visitor would."""
    from django.core.files.storage import default_storage

    from evidence import selectors, share
    from evidence.models import EvidenceSnippet

    snippet = EvidenceSnippet.objects.filter(headline="Bench share card").first()
    if snippet is None:
        snippet = EvidenceSnippet(
            headline="Bench share card", sentence="Young people get in touch every day."
        )
        snippet.save()
        snippet.topics.set(topics[:2])
        snippet.save()
        snippet.save_revision().publish()
    card = share.snippet_card(
        snippet, selectors.snippet_figures(snippet), site_name="Listening Hub"
    )
    share.render_png(card)  # fonts loaded once per process
    render = [timed(lambda: share.render_png(card)) for _ in range(SAMPLES // 2)]
    name = share.image_name(card.digest)
    if default_storage.exists(name):
        default_storage.delete(name)
    stored = timed(lambda: share.card_image_url(card))  # drawn and stored through the task
    url = share.card_image_url(card)

    def fetch() -> None:
        response = client.get(url)
        assert response.status_code == 200, response.status_code
        b"".join(response.streaming_content if response.streaming else [response.content])

    fetch()
    cached = [timed(fetch) for _ in range(SAMPLES * 3)]
    figures = {
        "render": summary(render),
        "first_request_ms": round(stored, 1),
        "cached": summary(cached),
    }
    print(
        f"Share card: drawn in median {figures['render']['median_ms']} ms "
        f"(drawn and stored through the task: {stored:.0f} ms), "
        f"then served in median {figures['cached']['median_ms']} ms",
        flush=True,
    )
    return figures


if __name__ == "__main__":
    main()
