import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from wagtail.models import PageLogEntry

from participation.models import Ballot, RoundResult, RoundVoter, ShortlistEntry, User
from participation.services import audit
from participation.services.ballots import ballot_cast
from participation.services.rounds import round_close, rounds_close_due
from tests.factories import ParticipantFactory
from tests.participation.factories import campaign_vote, nominations

pytestmark = pytest.mark.django_db


@pytest.fixture
def approval_vote():
    page = campaign_vote(rounds=(("approval", 2, 3), ("irv", 1, 2)))
    first = page.ordered_rounds()[0]
    issues = nominations(page, 5, shortlist_round=first)
    return page, first, issues


def shortlist(round_):
    return sorted(
        ShortlistEntry.objects.filter(round=round_).values_list("nomination_id", flat=True)
    )


def cast(participant, round_, choices, **kwargs):
    return ballot_cast(
        participant=participant,
        round=round_,
        choices=choices,
        **kwargs,
    )


def test_a_participant_votes_and_gets_a_receipt(participant, approval_vote):
    _, round_, issues = approval_vote
    ballot = cast(participant, round_, [issues[2].pk, issues[0].pk])
    assert ballot.choices == sorted([issues[0].pk, issues[2].pk])
    assert len(ballot.receipt) == 14
    assert RoundVoter.objects.filter(round=round_, participant=participant).count() == 1


def test_changing_a_ballot_replaces_it_and_keeps_the_receipt(participant, approval_vote):
    _, round_, issues = approval_vote
    first = cast(participant, round_, [issues[0].pk])
    second = cast(participant, round_, [issues[1].pk, issues[3].pk])
    assert Ballot.objects.filter(round=round_).count() == 1
    assert second.receipt == first.receipt
    assert Ballot.objects.get(round=round_).choices == [issues[1].pk, issues[3].pk]


@pytest.mark.parametrize(
    ("choices", "message"),
    [
        (lambda issues: [], "at least one"),
        (lambda issues: [issues[0].pk, issues[0].pk], "only be used once"),
        (lambda issues: [issues[0].pk, 999_999], "isn't on this ballot"),
        (lambda issues: [i.pk for i in issues[:4]], "up to 3"),
    ],
)
def test_bad_choices_are_refused_and_nothing_is_saved(participant, approval_vote, choices, message):
    _, round_, issues = approval_vote
    with pytest.raises(ValidationError, match=message):
        cast(participant, round_, choices(issues))
    assert not Ballot.objects.exists()
    assert not RoundVoter.objects.exists()


def test_votes_outside_the_window_are_refused(participant, approval_vote):
    _, round_, issues = approval_vote
    with pytest.raises(ValidationError, match="hasn't started"):
        cast(participant, round_, [issues[0].pk], now=round_.opens_at - dt.timedelta(seconds=1))
    with pytest.raises(ValidationError, match="has closed"):
        cast(participant, round_, [issues[0].pk], now=round_.closes_at)
    assert not Ballot.objects.exists()


def test_only_participants_can_vote(unverified, volunteer, approval_vote):
    _, round_, issues = approval_vote
    for person in (unverified, volunteer):
        with pytest.raises(PermissionDenied):
            cast(person, round_, [issues[0].pk])
    assert not Ballot.objects.exists()


def test_closing_counts_freezes_advances_and_detaches(approval_vote):
    page, round_, issues = approval_vote
    voters = ParticipantFactory.create_batch(5)
    ranked_choices = [[0, 1], [0, 1], [0, 2], [3], [1]]
    for voter, picks in zip(voters, ranked_choices, strict=True):
        cast(voter, round_, [issues[i].pk for i in picks])

    result = round_close(round=round_, actor=None, now=round_.closes_at)

    assert result.winners == [issues[0].pk, issues[1].pk]
    assert result.ballot_count == 5
    assert result.method == "approval"
    assert len(result.ballot_checksum) == 64
    assert result.turnout["voters"] == 5
    next_round = page.ordered_rounds()[1]
    assert shortlist(next_round) == sorted([issues[0].pk, issues[1].pk])
    assert not Ballot.objects.filter(round=round_, voter__isnull=False).exists()
    assert RoundVoter.objects.filter(round=round_).count() == 5


def test_closing_twice_counts_once(approval_vote, participant):
    _, round_, issues = approval_vote
    cast(participant, round_, [issues[0].pk])
    first = round_close(round=round_, actor=None, now=round_.closes_at)
    second = round_close(round=round_, actor=None, now=round_.closes_at + dt.timedelta(minutes=1))
    assert first.pk == second.pk
    assert RoundResult.objects.count() == 1


def test_an_open_round_cannot_be_closed(approval_vote):
    _, round_, _ = approval_vote
    with pytest.raises(ValidationError, match="still open"):
        round_close(round=round_, actor=None)
    assert not RoundResult.objects.exists()


def test_erasing_a_voter_after_closing_leaves_the_result_and_ballots(approval_vote, participant):
    _, round_, issues = approval_vote
    cast(participant, round_, [issues[4].pk])
    result = round_close(round=round_, actor=None, now=round_.closes_at)
    User.objects.filter(pk=participant.pk).delete()
    assert Ballot.objects.filter(round=round_).count() == 1
    assert RoundResult.objects.get(pk=result.pk).winners == result.winners


def test_the_minute_job_closes_only_rounds_that_are_due(approval_vote):
    _, round_, _ = approval_vote
    assert rounds_close_due(now=round_.closes_at - dt.timedelta(seconds=1)) == []
    closed = rounds_close_due(now=round_.closes_at)
    assert [r.round_id for r in closed] == [round_.pk]
    assert rounds_close_due(now=round_.closes_at + dt.timedelta(minutes=1)) == []
    assert RoundResult.objects.count() == 1


def test_a_round_nobody_voted_in_closes_with_no_winners(approval_vote):
    _, round_, _ = approval_vote
    result = round_close(round=round_, actor=None, now=round_.closes_at)
    assert result.winners == []
    assert result.count == {
        "uncontested": True,
        "reason": "no ballots were cast",
        "candidates": result.count["candidates"],
        "nominations": result.count["nominations"],
    }
    # Every nomination on the ballot paper is named, by its title.
    shortlist = set(round_.shortlist.values_list("nomination_id", flat=True))
    assert set(result.count["nominations"].values()) == shortlist


def test_ranked_rounds_keep_the_order_of_choices(participant):
    page = campaign_vote(rounds=(("irv", 1, 3),))
    round_ = page.ordered_rounds()[0]
    issues = nominations(page, 4, shortlist_round=round_)
    ballot = cast(participant, round_, [issues[3].pk, issues[0].pk])
    assert ballot.choices == [issues[3].pk, issues[0].pk]
    assert timezone.now() < round_.closes_at


def test_the_close_rounds_command_is_safe_to_run_every_minute(approval_vote, participant):
    import io

    import time_machine
    from django.core.management import call_command

    _, round_, issues = approval_vote
    cast(participant, round_, [issues[0].pk])
    out = io.StringIO()
    call_command("close_rounds", stdout=out)
    assert "No rounds to close." in out.getvalue()
    with time_machine.travel(round_.closes_at + dt.timedelta(seconds=30), tick=False):
        call_command("close_rounds", stdout=out)
        call_command("close_rounds", stdout=out)
    assert RoundResult.objects.filter(round=round_).count() == 1
    assert out.getvalue().count("Closed ") == 1


def test_nothing_links_a_closed_rounds_ballots_to_their_voters(approval_vote):
    _, round_, issues = approval_vote
    voters = ParticipantFactory.create_batch(6)
    for number, voter in enumerate(voters):
        cast(
            voter,
            round_,
            [issues[number % 5].pk],
            now=round_.opens_at + dt.timedelta(minutes=number),
        )
    round_close(round=round_, actor=None, now=round_.closes_at)
    ballots = list(Ballot.objects.filter(round=round_).order_by("pk"))
    assert {b.voter_id for b in ballots} == {None}
    assert {b.cast_at for b in ballots} == {round_.closes_at} == {b.updated_at for b in ballots}
    assert [b.receipt for b in ballots] == sorted(
        b.receipt for b in ballots
    )  # ids follow random receipts
    voted_at = set(RoundVoter.objects.filter(round=round_).values_list("voted_at", flat=True))
    assert not voted_at & {b.cast_at for b in ballots}


def test_the_first_ballot_freezes_the_paper_and_is_cast_in_one_call(participant):
    page = campaign_vote(rounds=(("approval", 2, 3),))
    round_ = page.ordered_rounds()[0]
    issues = nominations(page, 4)  # no shortlist chosen: the paper is not frozen yet
    assert not shortlist(round_)
    ballot = ballot_cast(
        participant=participant, round=round_, choices=[issues[1].pk], paper=issues[:3]
    )
    assert len(ballot.receipt) == 14
    assert Ballot.objects.get(round=round_, voter=participant).receipt == ballot.receipt
    assert shortlist(round_) == sorted(i.pk for i in issues[:3])
    (entry,) = PageLogEntry.objects.filter(page_id=page.pk, action=audit.ROUND_SHORTLIST_FREEZE)
    assert entry.user is None and entry.data["after"] == shortlist(round_)
    # The next voter is offered the frozen paper, whatever paper they were shown.
    later = ballot_cast(
        participant=ParticipantFactory(), round=round_, choices=[issues[2].pk], paper=issues
    )
    assert later.choices == [issues[2].pk]
    assert shortlist(round_) == sorted(i.pk for i in issues[:3])
    with pytest.raises(ValidationError, match="isn't on this ballot"):
        ballot_cast(
            participant=ParticipantFactory(), round=round_, choices=[issues[3].pk], paper=issues
        )


def test_a_refused_first_ballot_freezes_no_paper(participant):
    page = campaign_vote(rounds=(("approval", 2, 3),))
    round_ = page.ordered_rounds()[0]
    issues = nominations(page, 3)
    with pytest.raises(ValidationError, match="isn't on this ballot"):
        ballot_cast(participant=participant, round=round_, choices=[999_999], paper=issues)
    assert not shortlist(round_)
    assert not Ballot.objects.exists()
    assert not PageLogEntry.objects.filter(action=audit.ROUND_SHORTLIST_FREEZE).exists()
