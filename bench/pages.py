"""make bench-pages: the pages a viral vote brings people to.

Logged-out visitors on the home page, the campaign vote, a nomination, a round's
results and the data explorer, each alternating with the read ceiling (a bare Django
view through the full middleware) three times; then the logged-in ballot page, as
many participants in turn. Against gunicorn with the production settings on
PostgreSQL and Redis. Latency at 50 connections is mostly queueing (50 requests wait
for 5 workers), so each page is also measured at one connection per worker, where
the figure is the page's own time.

Writes bench/results/pages.json.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import httpbench, world  # noqa: E402 - after the path is set

SECONDS = int(os.environ.get("BENCH_PAGE_SECONDS", "10"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
CONNECTIONS = 50
TARGET_ANONYMOUS_RATIO = 0.70
TARGET_LOGGED_IN_P95_MS = 80.0


def anonymous_pages() -> dict[str, str]:
    from evidence.models import DataExplorerPage
    from participation.models import CampaignVotePage, Nomination

    vote = CampaignVotePage.objects.live().exclude(slug="bench-vote").first()
    closed = next(r for r in vote.ordered_rounds() if r.result_or_none() is not None)
    number = vote.ordered_rounds().index(closed) + 1
    nomination = Nomination.objects.public().filter(campaign_vote=vote).first()
    return {
        "home": "/",
        "campaign_vote": vote.url,
        "nomination": vote.url + vote.reverse_subpage("nomination-detail", args=[nomination.pk]),
        "results": vote.url + vote.reverse_subpage("results", args=[number]),
        "explorer": DataExplorerPage.objects.live().first().url,
    }


def page_figures(path: str, runs, alone: dict, workers: int, *, logged_in: bool) -> dict:
    """One page's figures beside its ceiling, and its p95 at one connection per worker."""
    summary = runs.summary()
    return {
        "path": path,
        "logged_in": logged_in,
        "requests_per_s": summary["requests_per_s"],
        "read_ceiling_per_s": summary["ceiling_per_s"],
        "ratio_to_read_ceiling": summary["ratio"],
        "p50_ms": summary["p50_ms"],
        "p95_ms": summary["p95_ms"],
        "p99_ms": summary["p99_ms"],
        "slowest_ms": summary["max_ms"],
        "errors": summary["errors"],
        "kb_per_response": summary["runs"]["subject"][0]["kb_per_response"],
        f"p95_ms_at_{workers}_connections": alone["p95_ms"],
        "runs": summary["runs"],
    }


def main() -> None:
    port = httpbench.free_port()
    httpbench.ensure_wrk()
    print("Setting up: demo site, an open round, logged-in participants...", flush=True)
    httpbench.setup_django(port)
    world.demo_site()
    page, _, _ = world.open_vote(title="Bench vote", nominations=12, max_choices=3)
    users = world.participants(2000, prefix="bench-reader")
    work = Path(tempfile.mkdtemp(prefix="listening-hub-bench-pages."))
    users_file = world.logged_in(users, work / "users.txt")
    pages = anonymous_pages()
    ballot_page = page.url + page.reverse_subpage("ballot", args=[1])
    workers = 2 * os.cpu_count() + 1
    report = {
        "machine": httpbench.machine(),
        "postgres": httpbench.postgres_version(),
        "gunicorn_workers": workers,
        "connections": CONNECTIONS,
        "seconds_per_run": SECONDS,
        "wrk_timeout": httpbench.WRK_TIMEOUT,
        "targets": {
            "anonymous_ratio_to_read_ceiling": TARGET_ANONYMOUS_RATIO,
            "logged_in_p95_ms": TARGET_LOGGED_IN_P95_MS,
        },
        "pages": {},
    }
    with httpbench.Server(port, workers) as server:
        base = server.base

        def ceiling(connections=CONNECTIONS):
            return httpbench.wrk(
                base + "/bench/ceiling/read/",
                script="get.lua",
                connections=connections,
                seconds=SECONDS,
            )

        print(f"Warming up {workers} workers...", flush=True)
        httpbench.wrk(base + "/bench/ceiling/read/", script="get.lua", seconds=3)
        for path in [*pages.values(), ballot_page]:
            for _ in range(workers * 2):
                server.answers(path)
        print(f"Each page for {SECONDS} s against the read ceiling, {ROUNDS} rounds:", flush=True)
        for name, path in pages.items():
            runs = httpbench.alternate(
                ceiling,
                lambda path=path: httpbench.wrk(
                    base + path, script="get.lua", connections=CONNECTIONS, seconds=SECONDS
                ),
                rounds=ROUNDS,
                label=f"{name:>14}",
            )
            alone = httpbench.wrk(
                base + path, script="get.lua", connections=workers, seconds=SECONDS
            )
            report["pages"][name] = page_figures(path, runs, alone, workers, logged_in=False)
        runs = httpbench.alternate(
            ceiling,
            lambda: httpbench.wrk(
                base + ballot_page,
                script="logged_in_get.lua",
                args=(str(users_file),),
                connections=CONNECTIONS,
                seconds=SECONDS,
            ),
            rounds=ROUNDS,
            label="   ballot page",
        )
        alone = httpbench.wrk(
            base + ballot_page,
            script="logged_in_get.lua",
            args=(str(users_file),),
            connections=workers,
            seconds=SECONDS,
        )
        report["pages"]["ballot_page_logged_in"] = page_figures(
            ballot_page, runs, alone, workers, logged_in=True
        )
        report["worker_rss_mb_after"] = server.worker_rss_mb()

    path = httpbench.write_results("pages", report)
    print()
    print(
        f"{'page':<24}{'req/s':>9}{'ceiling':>9}{'ratio':>7}{'p95 ms':>9}{'p95 @' + str(workers):>9}"
    )
    for name, figures in report["pages"].items():
        print(
            f"{name:<24}{figures['requests_per_s']:>9.0f}{figures['read_ceiling_per_s']:>9.0f}"
            f"{figures['ratio_to_read_ceiling']:>7.2f}{figures['p95_ms']:>9.1f}"
            f"{figures[f'p95_ms_at_{workers}_connections']:>9.1f}"
        )
    anonymous = [f for f in report["pages"].values() if not f["logged_in"]]
    logged_in = report["pages"]["ballot_page_logged_in"]
    met = all(f["ratio_to_read_ceiling"] >= TARGET_ANONYMOUS_RATIO for f in anonymous) and (
        logged_in[f"p95_ms_at_{workers}_connections"] <= TARGET_LOGGED_IN_P95_MS
    )
    print(f"{'All targets met' if met else 'TARGETS NOT MET'}. Wrote {path}")


if __name__ == "__main__":
    main()
