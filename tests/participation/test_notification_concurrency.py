"""Notifications under real concurrency, on PostgreSQL with one connection per thread."""

import datetime as dt
from concurrent.futures import ThreadPoolExecutor

import pytest

from moderation.models import Notice, NoticeKind
from participation.models import Nomination, NotificationPreferences, RoundOpeningNotice, Support
from participation.services.notifications import notification_email_stop
from participation.services.rounds import round_opening_announce
from tests.concurrency import in_own_connection
from tests.factories import ParticipantFactory
from tests.participation.factories import campaign_vote, topic

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_many_minute_jobs_at_once_tell_each_person_once():
    page = campaign_vote(rounds=(("approval", 2, 3),), open_round=None)
    first = page.ordered_rounds()[0]
    author = ParticipantFactory()
    nomination = Nomination.objects.create(
        campaign_vote=page, author=author, title="Free buses", description="…", topic=topic()
    )
    supporters = ParticipantFactory.create_batch(30)
    Support.objects.bulk_create(
        [Support(nomination=nomination, participant=person) for person in supporters]
    )
    now = first.opens_at + dt.timedelta(minutes=1)

    @in_own_connection
    def announce(_):
        return round_opening_announce(round=first, now=now)

    with ThreadPoolExecutor(max_workers=8) as pool:
        told = list(pool.map(announce, range(8)))

    assert sum(told) == 31
    assert RoundOpeningNotice.objects.filter(round=first).count() == 31
    assert Notice.objects.filter(kind=NoticeKind.ROUND_OPENING).count() == 31


def test_many_unsubscribes_at_once_make_one_row_and_switch_once():
    person = ParticipantFactory()

    @in_own_connection
    def stop(_):
        return notification_email_stop(user=person, kind=NoticeKind.DECISION)

    with ThreadPoolExecutor(max_workers=8) as pool:
        changed = list(pool.map(stop, range(16)))

    assert changed.count(True) == 1
    [preferences] = NotificationPreferences.objects.filter(user=person)
    assert not preferences.email_decisions
