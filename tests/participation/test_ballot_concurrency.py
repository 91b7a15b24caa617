"""Integrity under real concurrency, on PostgreSQL with one connection per thread."""

from concurrent.futures import ThreadPoolExecutor

import pytest
from django.contrib.auth.models import Permission
from wagtail.models import PageLogEntry

from participation.models import Ballot, Nomination, RoundResult, RoundVoter, ShortlistEntry
from participation.services.audit import ROUND_SHORTLIST_FREEZE
from participation.services.ballots import ballot_cast
from participation.services.nominations import support_add
from participation.services.rounds import round_close
from tests.concurrency import in_own_connection
from tests.factories import ParticipantFactory, UserFactory
from tests.participation.factories import campaign_vote, nominations, submitted_nominations

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_a_participant_submitting_many_times_at_once_has_exactly_one_ballot():
    page = campaign_vote(rounds=(("approval", 2, 3),))
    round_ = page.ordered_rounds()[0]
    issues = nominations(page, 6, shortlist_round=round_)
    sorted(ShortlistEntry.objects.filter(round=round_).values_list("nomination_id", flat=True))
    participants = ParticipantFactory.create_batch(200)
    # Every participant sends three different ballots at once: double clicks, two tabs, a phone.
    attempts = {
        p.pk: [[issues[0].pk], [issues[1].pk, issues[2].pk], [issues[3].pk]] for p in participants
    }
    jobs = [(p, choices) for p in participants for choices in attempts[p.pk]]

    @in_own_connection
    def submit(job):
        participant, choices = job
        return ballot_cast(participant=participant, round=round_, choices=choices).pk

    with ThreadPoolExecutor(max_workers=50) as pool:
        list(pool.map(submit, jobs))

    assert Ballot.objects.filter(round=round_).count() == 200
    assert RoundVoter.objects.filter(round=round_).count() == 200
    for ballot in Ballot.objects.filter(round=round_):
        assert sorted(ballot.choices) in [sorted(c) for c in attempts[ballot.voter_id]]


def test_first_ballots_at_once_freeze_one_ballot_paper():
    page = campaign_vote(rounds=(("approval", 2, 3),))
    round_ = page.ordered_rounds()[0]
    issues = nominations(page, 4)  # no paper frozen yet
    participants = ParticipantFactory.create_batch(40)

    @in_own_connection
    def submit(numbered):
        n, participant = numbered
        # Half were shown a paper without the last nomination (say, a late approval).
        paper = issues if n % 2 else issues[:3]
        return ballot_cast(
            participant=participant, round=round_, choices=[issues[0].pk], paper=paper
        ).pk

    with ThreadPoolExecutor(max_workers=20) as pool:
        list(pool.map(submit, enumerate(participants)))

    frozen = sorted(
        ShortlistEntry.objects.filter(round=round_).values_list("nomination_id", flat=True)
    )
    assert frozen in ([i.pk for i in issues], [i.pk for i in issues[:3]])
    assert PageLogEntry.objects.filter(page_id=page.pk, action=ROUND_SHORTLIST_FREEZE).count() == 1
    assert Ballot.objects.filter(round=round_).count() == 40


def test_closing_a_round_from_many_places_at_once_counts_once():
    page = campaign_vote(rounds=(("approval", 1, 2), ("approval", 1, 1)))
    round_ = page.ordered_rounds()[0]
    issues = nominations(page, 3, shortlist_round=round_)
    [i.pk for i in issues]
    for participant in ParticipantFactory.create_batch(5):
        ballot_cast(participant=participant, round=round_, choices=[issues[1].pk])

    @in_own_connection
    def close(_):
        return round_close(round=round_, actor=None, now=round_.closes_at).pk

    with ThreadPoolExecutor(max_workers=10) as pool:
        results = set(pool.map(close, range(10)))

    assert len(results) == 1
    assert RoundResult.objects.count() == 1
    assert RoundResult.objects.get().winners == [issues[1].pk]
    assert list(
        ShortlistEntry.objects.filter(round=page.ordered_rounds()[1]).values_list(
            "nomination_id", flat=True
        )
    ) == [issues[1].pk]


def test_two_hundred_supports_at_once_count_exactly_two_hundred():
    # The flush after each transactional test empties the groups, so grant directly.
    moderator = UserFactory()
    moderator.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="moderation", codename__in=["view_queue", "work_queue"]
        )
    )
    page = campaign_vote(open_round=None)
    (nomination,) = submitted_nominations(page, 1, author=ParticipantFactory(), moderator=moderator)
    supporters = ParticipantFactory.create_batch(200)

    @in_own_connection
    def support(participant):
        support_add(participant=participant, nomination=nomination)

    with ThreadPoolExecutor(max_workers=50) as pool:
        list(pool.map(support, supporters))

    assert Nomination.objects.with_counts().get(pk=nomination.pk).supporter_count == 200
