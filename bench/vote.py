"""make bench-vote: a vote goes viral.

10,000 logged-in participants cast ballots over HTTP through the real ballot form
(session, CSRF, form validation, the per-person rate limit, the ballot service) at 50
concurrent connections, against gunicorn with the production settings on PostgreSQL
(durable: fsync on) and Redis. Alternates with the write ceiling, a view doing exactly
one INSERT in a transaction, three times; then casts ballots while one worker is
killed with SIGKILL. Afterwards checks every answer against the database: each
acknowledged ballot stored exactly once, as last acknowledged.

Writes bench/results/vote.json.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import threading
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import httpbench, world  # noqa: E402 - after the path is set

PARTICIPANTS = int(os.environ.get("BENCH_VOTE_PARTICIPANTS", "10000"))
SECONDS = int(os.environ.get("BENCH_VOTE_SECONDS", "60"))
CEILING_SECONDS = int(os.environ.get("BENCH_CEILING_SECONDS", "20"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
CONNECTIONS = 50
NOMINATIONS = 12
MAX_CHOICES = 3
TARGET_RATIO = 0.50
TARGET_P95_MS = 100.0
RSS_LIMIT_MB = 200.0


def ballot_post_cost(page, round_) -> dict:
    """Queries and commits of one ballot POST, in process (a participant not in the load)."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from participation.selectors.rounds import round_ballot_paper

    (user,) = world.participants(1, prefix="bench-probe")
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)
    url = reverse("ballot-post", args=[round_.pk])
    choice = round_ballot_paper(round_)[0].pk
    client.get(page.url + page.reverse_subpage("ballot", args=[1]))  # as a voter would
    commits = 0
    commit = connection.commit

    def counted_commit():
        nonlocal commits
        commits += 1
        commit()

    connection.commit = counted_commit
    try:
        with CaptureQueriesContext(connection) as queries:
            response = client.post(url, {"choices": [choice]})
    finally:
        del connection.commit
    assert response.status_code == 302, response.status_code
    sql = [q["sql"].lstrip().upper() for q in queries.captured_queries]
    return {
        "queries": len(sql),
        "writes": sum(1 for q in sql if q.startswith(("INSERT", "UPDATE", "DELETE"))),
        "commits": commits,
    }


def check_every_answer(log_dir: Path, round_, participants: set[int]) -> dict:
    """Every acknowledged ballot is stored exactly once, as last acknowledged.

    Each wrk thread logs its requests in order with what came back: ACK (redirected to
    "your vote is in"), another status, or NONE (no answer: the worker died). A ballot
    whose request got no answer may or may not be stored; either is correct.
    """
    from participation.models import Ballot, RoundVoter

    history: dict[int, list[tuple[list[int], str]]] = defaultdict(list)
    outcomes: dict[str, int] = defaultdict(int)
    for log in sorted(log_dir.glob("thread-*.log")):
        sent = None
        for line in [*log.read_text().splitlines(), "S"]:
            kind, *rest = line.split()
            if kind == "R":
                outcome = rest[0]
            elif sent is None:
                sent = rest
                continue
            else:
                outcome = "NONE"
            user, choices = sent
            history[int(user)].append((sorted(int(c) for c in choices.split(",")), outcome))
            outcomes[outcome] += 1
            sent = rest if kind == "S" else None
    stored: dict[int, list[list[int]]] = defaultdict(list)
    for voter, choices in Ballot.objects.filter(round=round_).values_list("voter_id", "choices"):
        stored[voter].append(sorted(choices))
    voters: dict[int, int] = defaultdict(int)
    for participant in RoundVoter.objects.filter(round=round_).values_list(
        "participant_id", flat=True
    ):
        voters[participant] += 1
    lost = duplicated = unexpected = 0
    for user, requests in history.items():
        acked = [i for i, (_, outcome) in enumerate(requests) if outcome == "ACK"]
        rows = stored.get(user, [])
        if len(rows) > 1 or voters.get(user, 0) > 1:
            duplicated += 1
        if not acked:
            maybe = [c for c, outcome in requests if outcome == "NONE"]
            if rows and rows[0] not in maybe:
                unexpected += 1
            continue
        last = acked[-1]
        allowed = [requests[last][0]] + [c for c, o in requests[last + 1 :] if o == "NONE"]
        if not rows or rows[0] not in allowed:
            lost += 1
    # A stored ballot from a bench participant who never got an answer.
    strangers = (set(stored) & participants) - set(history)
    return {
        "answers": dict(outcomes),
        "acknowledged": outcomes.get("ACK", 0),
        "participants_with_a_ballot": len(stored),
        "lost": lost,
        "duplicated": duplicated,
        "unexpected": unexpected + len(strangers),
    }


def main() -> None:
    port = httpbench.free_port()
    httpbench.ensure_wrk()
    print("Setting up: demo site, a vote with an open round, participants...", flush=True)
    httpbench.setup_django(port)
    world.demo_site()
    page, round_, shortlist = world.open_vote(
        title="Bench vote", nominations=NOMINATIONS, max_choices=MAX_CHOICES
    )
    started = time.perf_counter()
    users = world.participants(PARTICIPANTS, prefix="bench-voter")
    work = Path(tempfile.mkdtemp(prefix="listening-hub-bench-vote."))
    users_file = world.logged_in(users, work / "users.txt")
    print(f"  {PARTICIPANTS:,} participants logged in ({time.perf_counter() - started:.1f} s)")
    cost = ballot_post_cost(page, round_)
    print(f"  one ballot POST: {cost['queries']} queries, {cost['commits']} commits")

    workers = 2 * os.cpu_count() + 1
    from django.urls import reverse

    # Where the ballot page's form sends it (its action).
    ballot_path = reverse("ballot-post", args=[round_.pk])
    log_dir = work / "answers"
    log_dir.mkdir()
    vote_args = (
        str(users_file),
        ballot_path,
        ",".join(str(pk) for pk in shortlist),
        str(MAX_CHOICES),
        str(log_dir),
        str(CONNECTIONS),
    )
    report = {"machine": httpbench.machine(), "postgres": httpbench.postgres_version()}
    with httpbench.Server(port, workers) as server:
        base = server.base

        def ceiling():
            return httpbench.wrk(
                base + "/bench/ceiling/write/",
                script="post.lua",
                connections=CONNECTIONS,
                threads=CONNECTIONS,
                seconds=CEILING_SECONDS,
            )

        def ballots(seconds=SECONDS):
            return httpbench.wrk(
                base,
                script="vote.lua",
                args=vote_args,
                connections=CONNECTIONS,
                threads=CONNECTIONS,
                seconds=seconds,
            )

        print(f"Warming up {workers} workers...", flush=True)
        httpbench.wrk(base + "/bench/ceiling/read/", script="get.lua", seconds=3)
        print(f"Ballots for {SECONDS} s against the write ceiling, {ROUNDS} rounds:", flush=True)
        runs = httpbench.alternate(ceiling, ballots, rounds=ROUNDS, label="vote")
        rss_after_burst = server.worker_rss_mb()

        print("Fault: ballots for 30 s, one worker killed with SIGKILL after 10 s...", flush=True)
        probes = {"answered": 0, "failed": 0}
        stop = threading.Event()

        def probe():
            while not stop.is_set():
                probes["answered" if server.answers("/healthz") else "failed"] += 1
                time.sleep(0.2)

        def kill_later():
            time.sleep(10)
            probes["killed_pid"] = httpbench.kill_one_worker(server)

        watchers = [threading.Thread(target=probe), threading.Thread(target=kill_later)]
        for thread in watchers:
            thread.start()
        fault = ballots(30)
        stop.set()
        for thread in watchers:
            thread.join()
        workers_after = len(server.worker_pids())

    summary = runs.summary()
    checked = check_every_answer(log_dir, round_, {user.pk for user in users})
    report.update(
        {
            "participants": PARTICIPANTS,
            "connections": CONNECTIONS,
            "gunicorn_workers": workers,
            "seconds_per_run": SECONDS,
            "ballots_per_s": summary["requests_per_s"],
            "write_ceiling_per_s": summary["ceiling_per_s"],
            "ratio_to_write_ceiling": summary["ratio"],
            "p50_ms": summary["p50_ms"],
            "p95_ms": summary["p95_ms"],
            "p99_ms": summary["p99_ms"],
            "slowest_ms": summary["max_ms"],
            "wrk_timeout": httpbench.WRK_TIMEOUT,
            "errors": summary["errors"],
            "per_ballot": cost,
            "lost": checked["lost"],
            "duplicated": checked["duplicated"],
            "unexpected": checked["unexpected"],
            "answers": checked,
            "fault": {
                "run": fault,
                "health_probes": probes,
                "workers_after": workers_after,
            },
            "worker_rss_mb_after_burst": rss_after_burst,
            "targets": {
                "ratio_to_write_ceiling": TARGET_RATIO,
                "p95_ms": TARGET_P95_MS,
                "worker_rss_mb": RSS_LIMIT_MB,
            },
            "runs": summary["runs"],
        }
    )
    path = httpbench.write_results("vote", report)
    met = (
        summary["ratio"] >= TARGET_RATIO
        and summary["p95_ms"] <= TARGET_P95_MS
        and checked["lost"] == 0
        and checked["duplicated"] == 0
        and checked["unexpected"] == 0
        and max(rss_after_burst) <= RSS_LIMIT_MB
    )
    print()
    print(
        f"Ballots: {summary['requests_per_s']:.0f}/s, write ceiling "
        f"{summary['ceiling_per_s']:.0f}/s, ratio {summary['ratio']:.2f} "
        f"(target {TARGET_RATIO:.2f})"
    )
    print(
        f"Latency: p50 {summary['p50_ms']:.1f} ms, p95 {summary['p95_ms']:.1f} ms "
        f"(target {TARGET_P95_MS:.0f}), p99 {summary['p99_ms']:.1f} ms, "
        f"slowest {summary['max_ms']:.0f} ms; errors {summary['errors']}"
    )
    print(
        f"Checked {checked['acknowledged']:,} acknowledged ballots: lost {checked['lost']}, "
        f"duplicated {checked['duplicated']}, unexpected {checked['unexpected']}"
    )
    print(
        f"Fault: killed worker {probes.get('killed_pid')}; health probes "
        f"{probes['answered']} answered, {probes['failed']} failed; "
        f"{fault['requests_per_s']:.0f} ballots/s, {fault['socket_errors']} socket errors; "
        f"{workers_after} workers after"
    )
    print(
        f"Worker RSS after the burst: {statistics.median(rss_after_burst):.0f} MB median, "
        f"{max(rss_after_burst):.0f} MB largest (limit {RSS_LIMIT_MB:.0f})"
    )
    print(f"{'All targets met' if met else 'TARGETS NOT MET'}. Wrote {path}")


if __name__ == "__main__":
    main()
