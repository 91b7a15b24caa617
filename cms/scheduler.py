"""The site's scheduled work: one list of jobs, each with its own interval.

`manage.py scheduler` runs them all in one long-running process; `--once` runs each
once (for cron and tests); `--print-cron` prints the same schedule as crontab lines.
See docs/operations.md.

Every job calls the apps' services and is safe to run late, twice, or twice at once
(two schedulers, or cron beside the scheduler): a late run catches up, and a doubled
one never does the work twice. Voting ends on time without any of them: casting a ballot
checks the round's closing time itself.

After each successful run the job's heartbeat goes into the shared cache, so
`/healthz` on any app server can tell whether the scheduler is running.
"""

from __future__ import annotations

import datetime as dt
import logging
import shlex
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db import close_old_connections
from django.template.defaultfilters import pluralize
from django.utils import timezone

from cms.retention import retention_run
from moderation.services import claims_release_expired
from participation.services.rounds import rounds_announce_opened, rounds_close_due

logger = logging.getLogger(__name__)

HEARTBEAT_KEY = "scheduler:heartbeat:{job}"
# A heartbeat older than this means the job has stopped running (close_rounds runs
# every minute, so five minutes allows for a slow count and a restart).
HEARTBEAT_FRESH_FOR = dt.timedelta(minutes=5)
# When cron runs the daily jobs: a quiet hour, server time.
DAILY_AT = dt.time(3, 30)
# The longest the scheduler sleeps before checking whether it has been asked to stop.
STOP_CHECK_SECONDS = 1.0


@dataclass(frozen=True)
class Job:
    name: str
    interval: dt.timedelta
    run: Callable[[], str]  # does the work; returns a short summary for the log
    description: str


def close_rounds() -> str:
    told = rounds_announce_opened()
    closed = len(rounds_close_due())
    people = "person" if told == 1 else "people"
    return f"told {told} {people} that voting opened; closed {closed} round{pluralize(closed)}"


def release_claims() -> str:
    released = claims_release_expired()
    return f"released {released} expired moderation claim{pluralize(released)}"


def retention() -> str:
    return str(retention_run())


JOBS: tuple[Job, ...] = (
    Job(
        name="close_rounds",
        interval=dt.timedelta(minutes=1),
        run=close_rounds,
        description=(
            "tell earlier participants when a round opens, then count and close every "
            "round whose voting has ended"
        ),
    ),
    Job(
        name="release_claims",
        interval=dt.timedelta(minutes=5),
        run=release_claims,
        description="end moderation claims whose lease has run out",
    ),
    Job(
        name="retention",
        interval=dt.timedelta(days=1),
        run=retention,
        description=(
            "remove expired sessions, email confirmations and cache entries, unverified "
            "accounts, due erasures and old audit details (cms/retention.py)"
        ),
    ),
)


@dataclass(frozen=True)
class JobRun:
    job: str
    succeeded: bool
    seconds: float
    summary: str


def heartbeat_write(*, job: str, finished_at: dt.datetime, seconds: float) -> None:
    cache.set(
        HEARTBEAT_KEY.format(job=job),
        {"finished_at": finished_at, "seconds": round(seconds, 3)},
        timeout=None,  # freshness is judged by `finished_at`, not by the entry expiring
    )


def heartbeat_read(job: str) -> dict | None:
    """The last successful run of `job`: {"finished_at": datetime, "seconds": float}."""
    return cache.get(HEARTBEAT_KEY.format(job=job))


def job_run(job: Job) -> JobRun:
    """Run one job and log the outcome with its duration; never raises an Exception.

    A failing job is logged with its traceback and reported, so the other jobs, and
    the next run of this one, go ahead.
    """
    started = time.monotonic()
    try:
        summary = job.run()
    except Exception:
        seconds = time.monotonic() - started
        logger.exception("Job %s failed after %.2fs", job.name, seconds)
        return JobRun(job=job.name, succeeded=False, seconds=seconds, summary="")
    seconds = time.monotonic() - started
    logger.info("Job %s finished in %.2fs: %s", job.name, seconds, summary)
    try:
        heartbeat_write(job=job.name, finished_at=timezone.now(), seconds=seconds)
    except Exception:
        logger.exception("Job %s: its heartbeat could not be written to the cache", job.name)
    return JobRun(job=job.name, succeeded=True, seconds=seconds, summary=summary)


def jobs_run_once(jobs: Iterable[Job]) -> list[JobRun]:
    return [job_run(job) for job in jobs]


class Scheduler:
    """Runs each job on its own interval until `stop()` is called (by SIGTERM or SIGINT).

    Every job runs at start, so work missed while the scheduler was down is caught up
    at once. Times come from a monotonic clock, so a change of the wall clock neither
    skips nor repeats runs. A job that takes longer than its interval runs again as
    soon as it ends, never twice in a row to make up. A stop request lets the job that
    is running finish (its transaction commits) and then ends the loop.
    """

    def __init__(
        self,
        jobs: Iterable[Job],
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.jobs = tuple(jobs)
        self.clock = clock
        self.sleep = sleep
        self.stopping = False

    def stop(self) -> None:
        self.stopping = True

    def run_forever(self) -> None:
        due = {job.name: self.clock() for job in self.jobs}
        while not self.stopping:
            for job in self.jobs:
                if self.stopping:
                    break
                started = self.clock()
                if started < due[job.name]:
                    continue
                # A long-running process must drop connections that broke (a database
                # restart) or outlived CONN_MAX_AGE, as Django does around each request.
                close_old_connections()
                job_run(job)
                close_old_connections()
                due[job.name] = started + job.interval.total_seconds()
            self._sleep_until(min(due.values()))

    def _sleep_until(self, moment: float) -> None:
        while not self.stopping:
            left = moment - self.clock()
            if left <= 0:
                return
            self.sleep(min(left, STOP_CHECK_SECONDS))


def interval_words(interval: dt.timedelta) -> str:
    """ "minute", "5 minutes", "day": reads after "every"."""
    seconds = int(interval.total_seconds())
    for unit, size in (("day", 86400), ("hour", 3600), ("minute", 60)):
        if seconds % size == 0:
            count = seconds // size
            return unit if count == 1 else f"{count} {unit}s"
    return f"{seconds} seconds"


def cron_schedule(interval: dt.timedelta) -> str:
    """The five crontab fields that run a job every `interval`.

    Cron can only repeat evenly within an hour or a day, so the intervals allowed
    are whole minutes dividing an hour, whole hours dividing a day, or one day.
    """
    minutes, leftover = divmod(int(interval.total_seconds()), 60)
    if leftover == 0 and 1 <= minutes < 60 and 60 % minutes == 0:
        return "* * * * *" if minutes == 1 else f"*/{minutes} * * * *"
    hours, leftover = divmod(minutes, 60)
    if leftover == 0 and 1 <= hours < 24 and 24 % hours == 0:
        return "0 * * * *" if hours == 1 else f"0 */{hours} * * *"
    if interval == dt.timedelta(days=1):
        return f"{DAILY_AT.minute} {DAILY_AT.hour} * * *"
    raise ValueError(f"cron cannot run a job every {interval_words(interval)}")


def crontab_lines(jobs: Iterable[Job]) -> list[str]:
    """Crontab lines doing the scheduler's work, one `--once --job` run per job."""
    python = shlex.quote(sys.executable)
    manage = shlex.quote(str(settings.BASE_DIR / "manage.py"))
    environment = f"DJANGO_SETTINGS_MODULE={shlex.quote(settings.SETTINGS_MODULE)}"
    lines = [
        "# Listening Hub scheduled jobs: the same work as `manage.py scheduler`, for cron.",
        "# Cron starts commands with almost no environment: give them the app's settings",
        "# (DATABASE_URL, SECRET_KEY, REDIS_URL, ...) as you give them to the app.",
        "# LOG_LEVEL=WARNING: cron mails a job's output, so only failures are written.",
    ]
    for job in jobs:
        lines.append(f"# {job.name}, every {interval_words(job.interval)}: {job.description}")
        lines.append(
            f"{cron_schedule(job.interval)} {environment} LOG_LEVEL=WARNING "
            f"{python} {manage} scheduler --once --job {job.name}"
        )
    return lines


def heartbeat_state(job: str, *, now: dt.datetime | None = None) -> str:
    """ "ok" when `job` last succeeded within HEARTBEAT_FRESH_FOR, "stale" when longer
    ago, "unknown" when no run is recorded (never run, or the cache was emptied)."""
    heartbeat = heartbeat_read(job)
    if not heartbeat:
        return "unknown"
    age = (now or timezone.now()) - heartbeat["finished_at"]
    return "ok" if age <= HEARTBEAT_FRESH_FOR else "stale"
