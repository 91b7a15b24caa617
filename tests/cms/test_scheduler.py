"""The scheduler: every job on its interval, failures contained, catch-up after downtime."""

import datetime as dt
import logging
import os
import re
import shlex
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import time_machine
from django.apps import apps
from django.contrib.auth.management import create_permissions
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.utils import timezone

from cms import roles, scheduler
from moderation.models import AuditAction, AuditEntry, ModerationItem
from moderation.services import item_claim
from participation.models import RoundResult, ShortlistEntry
from participation.services.ballots import ballot_cast
from tests.participation.factories import campaign_vote, nominations, submitted_nominations

ROOT = Path(__file__).resolve().parents[2]
HOUR = dt.timedelta(hours=1)


def shortlist(round_) -> list[int]:
    return sorted(
        ShortlistEntry.objects.filter(round=round_).values_list("nomination_id", flat=True)
    )


def cast(voter, round_, choices, **kwargs):
    return ballot_cast(participant=voter, round=round_, choices=choices, **kwargs)


def job(name, calls, *, fails=False, interval=dt.timedelta(minutes=1)):
    def run():
        calls.append(name)
        if fails:
            raise RuntimeError(f"{name} broke")
        return f"{name} done"

    return scheduler.Job(name=name, interval=interval, run=run, description=f"the {name} job")


# --- One run of the real job list ----------------------------------------------------


@pytest.fixture
def moderator(volunteer):
    # On a fresh database the roles are synced before moderation's permissions exist.
    create_permissions(apps.get_app_config("moderation"), verbosity=0)
    roles.sync_role_permissions()
    return volunteer


@pytest.mark.django_db
def test_one_run_does_the_work_of_every_job(participant, moderator):
    vote = campaign_vote()
    round_ = vote.ordered_rounds()[0]
    nominations(vote, 3, shortlist_round=round_)
    (nomination,) = submitted_nominations(vote, 1, author=participant)
    item = ModerationItem.objects.get(object_id=nomination.pk, content_type__model="nomination")
    item_claim(item=item, moderator=moderator)
    later = round_.closes_at + HOUR
    Session.objects.create(session_key="expired", session_data="", expire_date=later - HOUR)
    Session.objects.create(session_key="current", session_data="", expire_date=later + HOUR)

    with time_machine.travel(later, tick=False):
        call_command("scheduler", "--once")

    assert RoundResult.objects.filter(round=round_).exists()  # close_rounds
    item.refresh_from_db()
    assert item.claimed_by is None  # release_claims
    assert AuditEntry.objects.filter(item_id=item.pk, action=AuditAction.CLAIM_EXPIRED).exists()
    assert list(Session.objects.values_list("session_key", flat=True)) == ["current"]  # retention
    for each in scheduler.JOBS:
        heartbeat = scheduler.heartbeat_read(each.name)
        assert heartbeat["finished_at"] == later
        assert heartbeat["seconds"] >= 0


@pytest.mark.django_db
def test_each_run_is_logged_with_its_duration(caplog):
    with caplog.at_level(logging.INFO, logger="cms.scheduler"):
        call_command("scheduler", "--once")
    lines = [record.getMessage() for record in caplog.records]
    for each in scheduler.JOBS:
        assert any(re.fullmatch(rf"Job {each.name} finished in \d+\.\d\ds: .+", m) for m in lines)


@pytest.mark.django_db
def test_a_failing_job_is_logged_and_the_others_still_run(monkeypatch, caplog):
    calls = []
    jobs = (job("first", calls), job("broken", calls, fails=True), job("last", calls))
    monkeypatch.setattr(scheduler, "JOBS", jobs)

    with (
        caplog.at_level(logging.INFO, logger="cms.scheduler"),
        pytest.raises(CommandError, match=r"failed.*: broken$"),
    ):
        call_command("scheduler", "--once")

    assert calls == ["first", "broken", "last"]
    (failure,) = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert failure.getMessage().startswith("Job broken failed after")
    assert "RuntimeError: broken broke" in caplog.text  # the traceback is in the log
    assert scheduler.heartbeat_read("broken") is None
    assert scheduler.heartbeat_read("first") is not None
    assert scheduler.heartbeat_read("last") is not None


@pytest.mark.django_db
def test_a_job_whose_heartbeat_cannot_be_written_still_counts_as_run(monkeypatch, caplog):
    def cache_down(**kwargs):
        raise ConnectionError("cache is down")

    monkeypatch.setattr(scheduler, "heartbeat_write", cache_down)
    calls = []
    monkeypatch.setattr(scheduler, "JOBS", (job("first", calls), job("second", calls)))
    call_command("scheduler", "--once")
    assert calls == ["first", "second"]
    assert "heartbeat could not be written" in caplog.text


# --- Catching up after downtime ------------------------------------------------------


@pytest.mark.django_db
def test_after_downtime_every_overdue_round_is_counted_once(participant, other_participant, caplog):
    two_rounds = campaign_vote(title="Two rounds", rounds=(("approval", 2, 3), ("approval", 1, 2)))
    first, second = two_rounds.ordered_rounds()
    issues = nominations(two_rounds, 3, shortlist_round=first)
    cast(participant, first, [issues[0].pk, issues[1].pk])
    one_round = campaign_vote(title="One round")
    (only,) = one_round.ordered_rounds()
    others = nominations(one_round, 2, shortlist_round=only)
    cast(other_participant, only, [others[1].pk])
    earlier = campaign_vote(title="Began earlier", now=timezone.now() - 12 * HOUR)
    (early,) = earlier.ordered_rounds()
    rounds = [first, second, only, early]
    assert early.closes_at < first.closes_at < second.closes_at

    with time_machine.travel(second.closes_at + HOUR, tick=False) as clock:
        # The scheduler has been down since before the first round closed: voting
        # still ended on time, because casting checks the clock itself.
        assert not RoundResult.objects.filter(round__in=rounds).exists()
        with pytest.raises(ValidationError, match="has closed"):
            cast(participant, only, [others[0].pk])

        call_command("scheduler", "--once")
        results = {r.round_id: r for r in RoundResult.objects.filter(round__in=rounds)}
        assert set(results) == {r.pk for r in rounds}
        assert results[first.pk].ballot_count == 1
        assert results[only.pk].ballot_count == 1  # the late ballot was not counted
        assert sorted(results[first.pk].winners) == [issues[0].pk, issues[1].pk]
        # Counted in closing order, so the first round's winners reached the second.
        assert shortlist(second) == [issues[0].pk, issues[1].pk]

        clock.shift(dt.timedelta(minutes=1))
        caplog.clear()
        with caplog.at_level(logging.INFO, logger="cms.scheduler"):
            call_command("scheduler", "--once")
    assert "closed 0 rounds" in caplog.text
    again = {r.round_id: r for r in RoundResult.objects.filter(round__in=rounds)}
    assert {k: (r.pk, r.counted_at) for k, r in again.items()} == {
        k: (r.pk, r.counted_at) for k, r in results.items()
    }


# --- The long-running loop -----------------------------------------------------------


class FakeTime:
    """A monotonic clock that moves only when the scheduler sleeps."""

    def __init__(self, *, stop_at: float, loop: list):
        self.now = 0.0
        self.stop_at = stop_at
        self.loop = loop

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        assert 0 < seconds <= scheduler.STOP_CHECK_SECONDS
        self.now += seconds
        if self.now > self.stop_at:
            self.loop[0].stop()


@pytest.fixture
def memory_cache(settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}


def test_the_loop_runs_each_job_on_its_own_interval(memory_cache, monkeypatch):
    monkeypatch.setattr(scheduler, "close_old_connections", lambda: None)
    calls = []
    jobs = [
        job("minutely", calls, interval=dt.timedelta(minutes=1)),
        job("broken", calls, fails=True, interval=dt.timedelta(minutes=2)),
        job("five-minutely", calls, interval=dt.timedelta(minutes=5)),
    ]
    loop = []
    fake = FakeTime(stop_at=10 * 60 + 0.5, loop=loop)
    loop.append(scheduler.Scheduler(jobs, clock=fake.clock, sleep=fake.sleep))
    loop[0].run_forever()
    # Every job at once on start, then on its own interval, for ten minutes; the
    # failing one does not hold up the others.
    assert calls.count("minutely") == 11
    assert calls.count("broken") == 6
    assert calls.count("five-minutely") == 3
    assert calls[:3] == ["minutely", "broken", "five-minutely"]


def test_the_loop_stops_between_jobs_without_starting_another(memory_cache, monkeypatch):
    monkeypatch.setattr(scheduler, "close_old_connections", lambda: None)
    calls = []
    loop = []

    def asks_to_stop():
        calls.append("stopper")
        loop[0].stop()
        return "stopping"

    stopper = scheduler.Job(
        name="stopper", interval=dt.timedelta(minutes=1), run=asks_to_stop, description=""
    )
    loop.append(scheduler.Scheduler([stopper, job("next", calls)]))
    loop[0].run_forever()
    assert calls == ["stopper"]
    assert scheduler.heartbeat_read("stopper") is not None  # the running job finished


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_the_process_survives_failing_jobs_and_stops_cleanly_on_a_signal(tmp_path, signum):
    # A real process whose database cannot be opened: every job fails, and it carries on.
    log = tmp_path / "scheduler.log"
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path}/missing-folder/listening-hub.sqlite3",
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "LOG_LEVEL": "INFO",
    }
    with log.open("w") as stderr:
        process = subprocess.Popen(
            [sys.executable, "manage.py", "scheduler"], cwd=ROOT, env=env, stderr=stderr
        )
    try:
        deadline = time.monotonic() + 120
        while "Job retention failed" not in log.read_text() and time.monotonic() < deadline:
            assert process.poll() is None, log.read_text()
            time.sleep(0.2)
        process.send_signal(signum)
        assert process.wait(timeout=30) == 0
    finally:
        if process.poll() is None:
            process.kill()
    text = log.read_text()
    assert "Job close_rounds failed" in text
    assert "Job release_claims failed" in text
    assert text.rstrip().endswith(f"Scheduler stopped ({signal.Signals(signum).name})")


# --- Cron ---------------------------------------------------------------------------

CRON_FIELD_RANGES = [(0, 59), (0, 23), (1, 31), (1, 12), (0, 7)]


def valid_cron_field(text: str, low: int, high: int) -> bool:
    for part in text.split(","):
        base, slash, step = part.partition("/")
        if slash and not (step.isdigit() and int(step) >= 1):
            return False
        if base == "*":
            continue
        start, dash, end = base.partition("-")
        numbers = [start, end] if dash else [start]
        if not all(n.isdigit() and low <= int(n) <= high for n in numbers):
            return False
    return True


def cron_lines() -> list[str]:
    from io import StringIO

    out = StringIO()
    call_command("scheduler", "--print-cron", stdout=out)
    return out.getvalue().splitlines()


def test_print_cron_gives_a_valid_crontab_line_per_job(settings):
    lines = [line for line in cron_lines() if line.strip() and not line.startswith("#")]
    assert len(lines) == len(scheduler.JOBS)
    jobs_named = []
    for line in lines:
        fields = line.split(maxsplit=5)
        assert len(fields) == 6, line
        for field, (low, high) in zip(fields[:5], CRON_FIELD_RANGES, strict=True):
            assert valid_cron_field(field, low, high), (field, line)
        words = shlex.split(fields[5])
        while re.fullmatch(r"[A-Z_]+=.*", words[0]):
            words.pop(0)
        python, manage, *arguments = words
        assert Path(python).is_absolute() and os.access(python, os.X_OK)
        assert Path(manage).is_absolute() and Path(manage) == ROOT / "manage.py"
        assert arguments[:3] == ["scheduler", "--once", "--job"]
        jobs_named.append(arguments[3])
    assert jobs_named == [each.name for each in scheduler.JOBS]
    assert settings.SECRET_KEY not in "\n".join(cron_lines())


def test_the_cron_schedule_matches_each_interval():
    assert scheduler.cron_schedule(dt.timedelta(minutes=1)) == "* * * * *"
    assert scheduler.cron_schedule(dt.timedelta(minutes=5)) == "*/5 * * * *"
    assert scheduler.cron_schedule(dt.timedelta(hours=6)) == "0 */6 * * *"
    assert scheduler.cron_schedule(dt.timedelta(days=1)) == "30 3 * * *"
    with pytest.raises(ValueError, match="every 7 minutes"):
        scheduler.cron_schedule(dt.timedelta(minutes=7))


@pytest.mark.django_db
def test_each_cron_line_runs_its_job():
    lines = [line for line in cron_lines() if line.strip() and not line.startswith("#")]
    for line in lines:
        arguments = shlex.split(line)[-4:]
        name = arguments[-1]
        cache.delete(scheduler.HEARTBEAT_KEY.format(job=name))
        call_command(*arguments)
        assert scheduler.heartbeat_read(name) is not None
