"""Closing a round of a million ballots, end to end, on PostgreSQL.

    make bench-close
    # or: scripts/with-postgres.sh .venv/bin/python bench/close.py

Needs DATABASE_URL pointing at a PostgreSQL server it may create a database on (the
make target starts a throwaway cluster). Builds, unless it is there already:

- BENCH_CLOSE_VOTERS participants (1,000,000 by default) with verified emails, by
  INSERT ... SELECT generate_series;
- two campaign votes of 40 nominations each (made and approved through the services,
  as on the site), one with an IRV round and one with an STV round of 3 seats, both
  past their closing time;
- one ballot per participant in each round, loaded with COPY: most rank 3 to 8
  nominations, a few rank all 40, and some nominations are far more popular than
  others; and the RoundVoter rows turnout is counted from.

Then, for each round, a fresh process runs `round_close` (read the ballots, count,
freeze, write the published files, detach the ballots) and reports its wall time, its
stages and its peak resident memory (ru_maxrss of that process). Last, another fresh
process asks for the IRV round's results page with the Django test client (the page
cache emptied before each request) and downloads the published files.

Prints the figures and writes bench/results/close.json. Targets: 20 s end to end,
500 MB peak memory, the results page in 100 ms. Run it again on the same database to
close the rounds again (their results are removed first).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

from bench.common import NOMINATION_SUBJECTS, ensure_database  # noqa: E402 - after the path is set

VOTERS = int(os.environ.get("BENCH_CLOSE_VOTERS", "1000000"))
NOMINATIONS = 40
PAGE_REQUESTS = int(os.environ.get("BENCH_CLOSE_PAGE_REQUESTS", "15"))
RESULTS = ROOT / "bench" / "results" / "close.json"
TARGETS = {"close_seconds": 20.0, "peak_rss_mb": 500.0, "results_page_ms": 100.0}
ROUNDS = (
    # (slug, title, method, seats)
    ("bench-close-irv", "Bench close: one winner", "irv", 1),
    ("bench-close-stv", "Bench close: three winners", "stv", 3),
)
SUBJECTS = [
    *NOMINATION_SUBJECTS,
    "train fares",
    "careers advice",
    "racism at school",
    "knife crime",
    "vaping",
    "social media and sleep",
    "young carers",
    "apprenticeships",
]
REGIONS = [
    "E12000001",
    "E12000002",
    "E12000003",
    "E12000004",
    "E12000005",
    "E12000006",
    "E12000007",
    "E12000008",
    "E12000009",
    "W92000004",
    "S92000003",
    "N92000002",
]


def rss_mb() -> float:
    """Peak resident memory of this process so far (ru_maxrss), in MB."""
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def rss_now_mb() -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return round(int(line.split()[1]) / 1024, 1)
    return 0.0


# ------------------------------------------------------------------- building


def build() -> list[int]:
    """The participants, the two rounds and their ballots; returns the round ids."""
    from django.core.management import call_command

    from bench.world import demo_site

    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    demo_site()
    voters = load_voters()
    round_ids = []
    for slug, title, method, seats in ROUNDS:
        round_ = closed_round(slug=slug, title=title, method=method, seats=seats)
        load_ballots(round_, voters)
        round_ids.append(round_.pk)
    return round_ids


def load_voters() -> tuple[int, int]:
    """(first id, count) of the bench participants, loaded when missing."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT min(id), count(*) FROM participation_user WHERE email LIKE 'bench-voter-%%'"
        )
        first, count = cursor.fetchone()
        if count >= VOTERS:
            return first, VOTERS
        print(f"Loading {VOTERS:,} participants (INSERT ... SELECT)...", flush=True)
        start = time.perf_counter()
        cursor.execute(
            """
            INSERT INTO participation_user (
                password, is_superuser, first_name, last_name, is_staff, is_active,
                date_joined, email, display_name, date_of_birth, region,
                house_rules_accepted_at, profile_completed_at, suspended_reason
            )
            SELECT '!', false, '', '', false, true, now(),
                   'bench-voter-' || n || '@example.com', 'Bench voter ' || n,
                   date '2013-06-01' - (n %% 4700), (%s::text[])[1 + n %% 12], now(), now(), ''
            FROM generate_series(1, %s) AS n
            ORDER BY n
            """,
            [REGIONS, VOTERS],
        )
        cursor.execute(
            """
            INSERT INTO account_emailaddress (user_id, email, verified, "primary")
            SELECT id, email, true, true FROM participation_user
            WHERE email LIKE 'bench-voter-%%'
            """
        )
        cursor.execute("ANALYZE participation_user")
        cursor.execute("ANALYZE account_emailaddress")
        cursor.execute(
            "SELECT min(id), max(id), count(*) FROM participation_user"
            " WHERE email LIKE 'bench-voter-%%'"
        )
        first, last, count = cursor.fetchone()
    assert last - first + 1 == count == VOTERS, "bench participants must have consecutive ids"
    print(f"  loaded in {time.perf_counter() - start:.1f} s", flush=True)
    return first, count


def closed_round(*, slug: str, title: str, method: str, seats: int):
    """A campaign vote with 40 approved nominations and one round, past its closing."""
    from django.utils import timezone

    from bench.world import approved_nominations, participants
    from cms.models import HomePage
    from evidence.models import Topic
    from participation.models import CampaignVotePage, Round, ShortlistEntry

    existing = CampaignVotePage.objects.filter(slug=slug).first()
    if existing is not None:
        return Round.objects.get(page=existing)
    day = dt.timedelta(days=1)
    now = timezone.now()
    page = CampaignVotePage(
        title=title,
        slug=slug,
        introduction="<p>Which of these should we campaign on?</p>",
        nominations_open_at=now - 2 * day,
        nominations_close_at=now + day,
    )
    HomePage.objects.get().add_child(instance=page)
    page.topics.set(Topic.objects.filter(parent__isnull=True))
    page.save_revision().publish()
    page = CampaignVotePage.objects.get(pk=page.pk)
    made = approved_nominations(
        page,
        participants(NOMINATIONS, prefix=slug),
        subjects=SUBJECTS,
        title=lambda n, subject: (
            f"{'Do something about' if n < len(SUBJECTS) else 'Ask young people about'} {subject}"
        ),
    )
    page = CampaignVotePage.objects.get(pk=page.pk)
    page.nominations_open_at = now - 4 * day
    page.nominations_close_at = now - 3 * day
    page.save_revision().publish()
    round_ = Round.objects.create(
        page=page,
        sort_order=0,
        method=method,
        opens_at=now - 2 * day,
        closes_at=now - dt.timedelta(hours=1),
        advance_count=seats,
        max_choices=NOMINATIONS,
    )
    ShortlistEntry.objects.bulk_create([ShortlistEntry(round=round_, nomination=n) for n in made])
    return round_


def load_ballots(round_, voters: tuple[int, int]) -> None:
    """One ballot per bench participant, with COPY, and who voted."""
    import numpy as np
    from django.db import connection

    from participation.models import Ballot

    if Ballot.objects.filter(round=round_).exists():
        return
    first, count = voters
    print(f"Loading {count:,} ballots into {round_} (COPY)...", flush=True)
    start = time.perf_counter()
    rng = np.random.default_rng(round_.pk)
    nominations = np.array(
        sorted(round_.shortlist.values_list("nomination_id", flat=True)), dtype=np.int64
    )
    # Some nominations are far more popular than others (a Zipf-like spread).
    popularity = np.log(1.0 / np.arange(1, NOMINATIONS + 1) ** 1.1)
    rng.shuffle(popularity)
    # Most rank 3 to 8; some only 1 or 2; a few go on, and 2% rank all 40.
    lengths_p = np.array([4, 8] + [14, 18, 18, 14, 9, 6] + [0.2] * 31 + [2.0], dtype=float)
    lengths_p /= lengths_p.sum()
    opens = round_.opens_at
    span = (round_.closes_at - round_.opens_at).total_seconds()
    chunk = 100_000
    with connection.cursor() as cursor:
        with cursor.copy(
            "COPY participation_ballot (round_id, voter_id, choices, receipt, cast_at,"
            " updated_at) FROM STDIN"
        ) as copy:
            for begin in range(0, count, chunk):
                size = min(chunk, count - begin)
                keys = popularity + rng.gumbel(size=(size, NOMINATIONS))
                order = nominations[np.argsort(-keys, axis=1)].tolist()
                lengths = rng.choice(np.arange(1, NOMINATIONS + 1), size=size, p=lengths_p)
                offsets = rng.uniform(0, span, size=size)
                lines = []
                for i in range(size):
                    n = begin + i
                    # A bijection of n: unique receipts that look random.
                    code = f"{(n * 0x9E3779B97F4A7C15 + round_.pk) % (1 << 60):015X}"
                    receipt = f"{code[:5]}-{code[5:10]}-{code[10:]}"
                    when = (opens + dt.timedelta(seconds=float(offsets[i]))).isoformat()
                    choices = ", ".join(map(str, order[i][: lengths[i]]))
                    lines.append(
                        f"{round_.pk}\t{first + n}\t[{choices}]\t{receipt}\t{when}\t{when}\n"
                    )
                copy.write("".join(lines))
        cursor.execute(
            """
            INSERT INTO participation_roundvoter (round_id, participant_id, voted_at)
            SELECT round_id, voter_id, cast_at FROM participation_ballot WHERE round_id = %s
            """,
            [round_.pk],
        )
        cursor.execute("ANALYZE participation_ballot")
        cursor.execute("ANALYZE participation_roundvoter")
    print(f"  loaded in {time.perf_counter() - start:.1f} s", flush=True)


# -------------------------------------------------------------- one close, timed


def close_in_this_process(round_id: int) -> dict:
    """`round_close` on `round_id`, with the time each stage took."""
    import django

    django.setup()
    from django.conf import settings

    settings.MEDIA_ROOT = os.environ["BENCH_CLOSE_MEDIA"]
    from participation import ballot_files, counting
    from participation.models import Round
    from participation.selectors import ballot_rows
    from participation.services import anonymity, rounds

    stages: dict[str, float] = {}
    peaks: dict[str, float] = {}  # the process's peak memory after each stage

    def timed(owner, name, label):
        original = getattr(owner, name)

        def wrapper(*args, **kwargs):
            start = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                stages[label] = round(stages.get(label, 0) + time.perf_counter() - start, 3)
                peaks[label] = rss_mb()

        setattr(owner, name, wrapper)

    timed(ballot_rows, "read_rows", "read ballots (COPY, parse)")
    timed(ballot_rows.BallotRows, "ballots", "build the ballot set")
    timed(counting, "count", "count")
    timed(ballot_files, "publish", "write the published files")
    timed(rounds, "_turnout", "turnout")
    timed(rounds, "_eligible_count", "eligible count")
    timed(anonymity, "detach", "detach ballots (rewrite)")
    # On PostgreSQL the rewrite runs in a second thread while the ballot set is built,
    # counted and published (anonymity.detaching): its time overlaps theirs.
    overlapping = "rewrite ballots (second thread, overlapping the three stages before)"
    timed(anonymity, "_rewrite", overlapping)
    round_ = Round.objects.select_related("page").get(pk=round_id)
    baseline = rss_now_mb()
    start = time.perf_counter()
    result = rounds.round_close(round=round_, actor=None)
    seconds = time.perf_counter() - start
    counted = sum(value for label, value in stages.items() if label != overlapping)
    stages["the rest (locks, result, audit, commit)"] = round(seconds - counted, 3)
    sizes = {
        which: getattr(result, which).size if getattr(result, which) else 0
        for which in ballot_files.FILES
    }
    return {
        "round": str(round_),
        "method": result.method,
        "seats": result.count.get("seats"),
        "ballots": result.ballot_count,
        "winners": len(result.winners),
        "count_rounds": len(result.count.get("rounds", [])),
        "close_seconds": round(seconds, 2),
        "stages_seconds": stages,
        "peak_rss_mb": rss_mb(),
        "rss_before_close_mb": baseline,
        "peak_rss_after_stage_mb": peaks,
        "file_bytes": sizes,
    }


def results_page_in_this_process(round_id: int) -> dict:
    """The results page and the published files, as a visitor asks for them."""
    import django

    django.setup()
    from django.conf import settings

    settings.MEDIA_ROOT = os.environ["BENCH_CLOSE_MEDIA"]
    from django.core.cache import cache
    from django.test import Client

    from participation.models import Round

    round_ = Round.objects.select_related("page").get(pk=round_id)
    page = round_.page.specific
    url = page.url + page.reverse_subpage("results", args=[1])
    client = Client()
    samples = []
    for _ in range(PAGE_REQUESTS):
        cache.clear()  # the page cache too: every request draws the page
        start = time.perf_counter()
        response = client.get(url)
        samples.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, response.status_code
    downloads = {}
    for name in ("ballots-csv", "ballots-blt", "receipts-csv"):
        start = time.perf_counter()
        response = client.get(page.url + page.reverse_subpage(name, args=[1]))
        first = (time.perf_counter() - start) * 1000
        size = sum(len(part) for part in response.streaming_content)
        downloads[name] = {
            "first_byte_ms": round(first, 1),
            "total_ms": round((time.perf_counter() - start) * 1000, 1),
            "bytes": size,
        }
    return {
        "url": url,
        "first_ms": round(samples[0], 1),
        "median_ms": round(statistics.median(samples[1:] or samples), 1),
        "max_ms": round(max(samples), 1),
        "samples": len(samples),
        "downloads": downloads,
        "peak_rss_mb": rss_mb(),
    }


def in_fresh_process(what: str, round_id: int = 0) -> dict:
    """Run a step in a new process started from this small one: Linux keeps a process's
    peak memory across exec, so a child of a big process would inherit its peak."""
    done = subprocess.run(
        [sys.executable, __file__, what, str(round_id)],
        capture_output=True,
        text=True,
        env=os.environ,
        check=False,
    )
    if done.returncode:
        sys.stderr.write(done.stderr)
        raise SystemExit(f"{what} {round_id} failed")
    return json.loads(done.stdout.strip().splitlines()[-1])


# ---------------------------------------------------------------------- main


def machine() -> dict:
    return {
        "cpus": os.cpu_count(),
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "python": platform.python_version(),
        "platform": platform.platform(),
        "note": "shared machine; figures vary from run to run",
    }


def build_in_this_process() -> dict:
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection

    from participation.models import RoundResult

    settings.MEDIA_ROOT = os.environ["BENCH_CLOSE_MEDIA"]  # the demo closes rounds too
    round_ids = build()
    RoundResult.objects.filter(round_id__in=round_ids).delete()  # a second run closes again
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        server = cursor.fetchone()[0]
        cursor.execute("VACUUM ANALYZE participation_ballot")
    return {"round_ids": round_ids, "postgresql": server}


STEPS = {
    "--build": lambda _: build_in_this_process(),
    "--close": close_in_this_process,
    "--results-page": results_page_in_this_process,
}


def main() -> None:
    if len(sys.argv) == 3 and sys.argv[1] in STEPS:
        print(json.dumps(STEPS[sys.argv[1]](int(sys.argv[2]))))
        return
    ensure_database(make_target="bench-close")
    print(f"Close benchmark: {VOTERS:,} ballots per round on PostgreSQL", flush=True)
    os.environ["BENCH_CLOSE_MEDIA"] = tempfile.mkdtemp(prefix="bench-close-media-")
    built = in_fresh_process("--build")
    round_ids = built["round_ids"]
    results: dict = {
        "machine": machine(),
        "postgresql": built["postgresql"],
        "ballots_per_round": VOTERS,
        "nominations": NOMINATIONS,
        "targets": TARGETS,
        "closes": [],
    }
    for round_id in round_ids:
        print(f"Closing round {round_id} in a fresh process...", flush=True)
        close = in_fresh_process("--close", round_id)
        close["ratio_to_target"] = {
            "close_seconds": round(close["close_seconds"] / TARGETS["close_seconds"], 2),
            "peak_rss_mb": round(close["peak_rss_mb"] / TARGETS["peak_rss_mb"], 2),
        }
        print(json.dumps(close, indent=2), flush=True)
        results["closes"].append(close)
    print("Results page and downloads in a fresh process...", flush=True)
    page = in_fresh_process("--results-page", round_ids[0])
    page["ratio_to_target"] = round(page["median_ms"] / TARGETS["results_page_ms"], 2)
    print(json.dumps(page, indent=2), flush=True)
    results["results_page"] = page
    results["machine"]["load_average_after"] = [round(x, 2) for x in os.getloadavg()]
    RESULTS.write_text(json.dumps(results, indent=2) + "\n")
    shutil.rmtree(os.environ["BENCH_CLOSE_MEDIA"], ignore_errors=True)  # the published files
    print(f"Wrote {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
