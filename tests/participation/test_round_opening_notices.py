"""When a round opens, everyone who took part earlier in that vote hears of it, once."""

import datetime as dt
import io

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command

from moderation.models import Notice, NoticeKind
from participation.models import (
    Nomination,
    NominationState,
    RoundOpeningNotice,
    RoundVoter,
    Support,
    SupportingStatement,
)
from participation.services.notifications import notification_email_stop
from participation.services.rounds import round_opening_announce, rounds_announce_opened
from tests.factories import ParticipantFactory
from tests.participation.factories import campaign_vote, topic

pytestmark = pytest.mark.django_db

MINUTE = dt.timedelta(minutes=1)


@pytest.fixture
def vote():
    """A vote taking nominations now, with two rounds to come."""
    return campaign_vote(rounds=(("approval", 2, 3), ("approval", 1, 1)), open_round=None)


@pytest.fixture
def people(vote, participant, other_participant):
    """Who took part before the first round: a nominator, a supporter, a statement
    writer, someone who withdrew, and a bystander who did nothing."""
    writer, withdrew, bystander = ParticipantFactory.create_batch(3)
    nomination = Nomination.objects.create(
        campaign_vote=vote, author=participant, title="Free buses", description="…", topic=topic()
    )
    Nomination.objects.create(
        campaign_vote=vote,
        author=withdrew,
        title="Longer lunch",
        description="…",
        topic=topic(),
        state=NominationState.WITHDRAWN,
    )
    Support.objects.create(nomination=nomination, participant=other_participant)
    SupportingStatement.objects.create(nomination=nomination, author=writer, text="It matters.")
    return {
        "nominator": participant,
        "supporter": other_participant,
        "writer": writer,
        "withdrew": withdrew,
        "bystander": bystander,
    }


def opening_notices(user):
    return Notice.objects.filter(recipient=user, kind=NoticeKind.ROUND_OPENING)


def run_minute_job(when, on_commit):
    out = io.StringIO()
    with time_machine.travel(when, tick=False), on_commit(execute=True):
        call_command("close_rounds", stdout=out)
    return out.getvalue()


def test_everyone_who_took_part_hears_the_first_round_open_once(
    vote, people, django_capture_on_commit_callbacks
):
    first = vote.ordered_rounds()[0]
    output = run_minute_job(first.opens_at + MINUTE, django_capture_on_commit_callbacks)
    run_minute_job(first.opens_at + 2 * MINUTE, django_capture_on_commit_callbacks)
    assert "Told 3 people that voting has opened." in output
    for who in ("nominator", "supporter", "writer"):
        [notice] = opening_notices(people[who])
        assert "Voting has opened in Round 1" in notice.message
        assert notice.link.endswith("/rounds/1/vote/")
        assert notice.subject.startswith("Voting is open:")
    assert not opening_notices(people["bystander"]).exists()
    assert not opening_notices(people["withdrew"]).exists()
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        people[who].email for who in ("nominator", "supporter", "writer")
    )
    assert all(m.extra_headers.get("List-Unsubscribe") for m in mail.outbox)


def test_nobody_hears_before_the_round_opens(vote, people, django_capture_on_commit_callbacks):
    first = vote.ordered_rounds()[0]
    run_minute_job(first.opens_at - MINUTE, django_capture_on_commit_callbacks)
    assert not Notice.objects.filter(kind=NoticeKind.ROUND_OPENING).exists()
    assert RoundOpeningNotice.objects.count() == 0


def test_a_later_round_also_tells_those_who_voted_earlier(
    vote, people, django_capture_on_commit_callbacks
):
    first, second = vote.ordered_rounds()
    voter = ParticipantFactory()
    run_minute_job(first.opens_at + MINUTE, django_capture_on_commit_callbacks)
    RoundVoter.objects.create(round=first, participant=voter, voted_at=first.opens_at + MINUTE)
    RoundVoter.objects.create(
        round=first, participant=people["nominator"], voted_at=first.opens_at + MINUTE
    )
    run_minute_job(second.opens_at + MINUTE, django_capture_on_commit_callbacks)
    run_minute_job(second.opens_at + 3 * MINUTE, django_capture_on_commit_callbacks)
    [told] = opening_notices(voter)
    assert "Round 2" in told.message and told.link.endswith("/rounds/2/vote/")
    assert opening_notices(people["nominator"]).count() == 2  # one for each round
    assert RoundOpeningNotice.objects.filter(round=second).count() == 4


def test_someone_who_joins_in_after_it_opens_is_not_told_it_opened(
    vote, people, django_capture_on_commit_callbacks
):
    first = vote.ordered_rounds()[0]
    late = ParticipantFactory()
    with time_machine.travel(first.opens_at + MINUTE, tick=False):
        Support.objects.create(nomination=Nomination.objects.first(), participant=late)
    run_minute_job(first.opens_at + 2 * MINUTE, django_capture_on_commit_callbacks)
    assert not opening_notices(late).exists()


def test_the_announcement_is_idempotent_when_called_directly(vote, people):
    first = vote.ordered_rounds()[0]
    now = first.opens_at + MINUTE
    assert round_opening_announce(round=first, now=now) == 3
    assert round_opening_announce(round=first, now=now) == 0
    assert rounds_announce_opened(now=now) == 0
    assert Notice.objects.filter(kind=NoticeKind.ROUND_OPENING).count() == 3


def test_a_closed_round_is_not_announced(vote, people):
    first = vote.ordered_rounds()[0]
    assert round_opening_announce(round=first, now=first.closes_at + MINUTE) == 0


def test_switched_off_round_emails_still_leave_a_message(
    vote, people, django_capture_on_commit_callbacks
):
    first = vote.ordered_rounds()[0]
    notification_email_stop(user=people["nominator"], kind=NoticeKind.ROUND_OPENING)
    run_minute_job(first.opens_at + MINUTE, django_capture_on_commit_callbacks)
    assert opening_notices(people["nominator"]).count() == 1
    assert people["nominator"].email not in {m.to[0] for m in mail.outbox}
    assert people["supporter"].email in {m.to[0] for m in mail.outbox}


def test_an_unpublished_vote_tells_nobody(vote, people):
    vote.unpublish()
    first = vote.ordered_rounds()[0]
    assert rounds_announce_opened(now=first.opens_at + MINUTE) == 0
