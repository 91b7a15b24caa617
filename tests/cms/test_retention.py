"""Retention removes what has expired and keeps everything else (accounts: test_apply_retention)."""

import datetime as dt

import pytest
import time_machine
from allauth.account import app_settings as account_settings
from allauth.account.models import EmailAddress, EmailConfirmation
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.db import connection
from django.utils import timezone

from cms.retention import retention_run
from participation.models import User

pytestmark = pytest.mark.django_db

NOW = timezone.now().replace(microsecond=0)


def stored_cache_keys() -> set[str]:
    table = connection.ops.quote_name(settings.CACHES["default"]["LOCATION"])
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT cache_key FROM {table}")  # noqa: S608
        return {key for (key,) in cursor.fetchall()}


def test_expired_sessions_go_and_current_ones_stay():
    Session.objects.create(session_key="a" * 32, session_data="", expire_date=NOW - dt.timedelta(1))
    Session.objects.create(session_key="b" * 32, session_data="", expire_date=NOW + dt.timedelta(1))
    report = retention_run(now=NOW)
    assert report.sessions == 1
    assert list(Session.objects.values_list("session_key", flat=True)) == ["b" * 32]


def test_expired_email_confirmations_go_and_their_accounts_stay(unverified):
    address = EmailAddress.objects.get(user=unverified)
    days = account_settings.EMAIL_CONFIRMATION_EXPIRE_DAYS
    old = EmailConfirmation.objects.create(
        email_address=address, key="old-key", sent=NOW - dt.timedelta(days=days, minutes=1)
    )
    fresh = EmailConfirmation.objects.create(
        email_address=address, key="fresh-key", sent=NOW - dt.timedelta(days=days - 1)
    )
    users = User.objects.count()
    with time_machine.travel(NOW, tick=False):
        report = retention_run()
    assert report.email_confirmations == 1
    assert list(EmailConfirmation.objects.values_list("pk", flat=True)) == [fresh.pk]
    assert not EmailConfirmation.objects.filter(pk=old.pk).exists()
    # The unverified account and its address are kept: only the dead link went.
    assert User.objects.count() == users
    assert EmailAddress.objects.filter(pk=address.pk, verified=False).exists()


@pytest.mark.skipif(
    not settings.CACHES["default"]["BACKEND"].endswith("DatabaseCache"),
    reason="REDIS_URL is set: Redis removes expired entries itself",
)
def test_expired_cache_entries_go_and_live_ones_stay():
    with time_machine.travel(NOW, tick=False) as clock:
        cache.set("rate-limit-counter", 3, timeout=60)
        cache.set("cached-session", "data", timeout=60 * 60)
        cache.set("heartbeat", "data", timeout=None)
        clock.shift(dt.timedelta(minutes=2))
        report = retention_run()
    kept = stored_cache_keys()
    assert cache.make_key("rate-limit-counter") not in kept
    assert {cache.make_key("cached-session"), cache.make_key("heartbeat")} <= kept
    assert report.cache_entries >= 1


def test_it_removes_nothing_that_has_not_expired(participant, other_participant):
    Session.objects.create(session_key="c" * 32, session_data="", expire_date=NOW + dt.timedelta(1))
    cache.set("still-live", 1, timeout=60)
    users = User.objects.count()
    report = retention_run(now=NOW)
    assert (report.sessions, report.email_confirmations) == (0, 0)
    assert Session.objects.filter(session_key="c" * 32).exists()
    assert cache.get("still-live") == 1
    assert User.objects.count() == users


def test_the_report_says_what_was_removed():
    Session.objects.create(session_key="d" * 32, session_data="", expire_date=NOW - dt.timedelta(1))
    assert str(retention_run(now=NOW)).startswith(
        "removed 1 expired session, 0 expired email confirmations and "
    )
