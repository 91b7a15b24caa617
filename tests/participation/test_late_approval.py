"""Approving a nomination after its vote's nomination window closed asks first, and
a late nomination never reaches a ballot that has opened."""

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from moderation import services as moderation
from moderation.models import Status
from participation.selectors.rounds import round_ballot_paper
from participation.services import nominations as services
from tests.moderation.conftest import refreshed
from tests.participation.factories import approve, campaign_vote, topic

pytestmark = pytest.mark.django_db


def nominate_in_time(page, participant, title):
    """Sent while nominations were open; still waiting for a moderator."""
    with time_machine.travel(page.nominations_close_at - dt.timedelta(hours=2), tick=False):
        return services.nomination_submit(
            participant=participant,
            campaign_vote=page,
            title=title,
            description="It matters to lots of us.",
            topic=topic(),
        )


def test_no_question_while_nominations_are_open(participant, volunteer):
    page = campaign_vote(open_round=None)
    _, item = nominate_in_time(page, participant, "Free buses")
    with time_machine.travel(page.nominations_close_at - dt.timedelta(hours=1), tick=False):
        moderation.item_approve(item=item, moderator=volunteer)
    assert refreshed(item).status == Status.APPROVED


def test_before_voting_opens_it_asks_and_says_it_would_reach_the_ballot(participant, volunteer):
    page = campaign_vote(open_round=None)
    _, item = nominate_in_time(page, participant, "Free buses")
    after_close = page.nominations_close_at + dt.timedelta(hours=1)
    with time_machine.travel(after_close, tick=False):
        with pytest.raises(moderation.ApprovalNeedsConfirmation) as asked:
            moderation.item_approve(item=item, moderator=volunteer)
        assert "closed on" in asked.value.messages[0]
        assert "on the ballot when voting opens" in asked.value.messages[0]
        assert refreshed(item).status == Status.PENDING
        moderation.item_approve(item=item, moderator=volunteer, confirmed=True)
    assert refreshed(item).status == Status.APPROVED


def test_once_voting_has_opened_a_late_nomination_stays_off_the_ballot(
    participant, other_participant, volunteer
):
    page = campaign_vote(open_round=0)
    on_time, _ = nominate_in_time(page, participant, "Free buses")
    approve(on_time, volunteer)
    _, late_item = nominate_in_time(page, other_participant, "Later trains")
    with pytest.raises(moderation.ApprovalNeedsConfirmation, match="already opened"):
        moderation.item_approve(item=late_item, moderator=volunteer)
    moderation.item_approve(item=late_item, moderator=volunteer, confirmed=True)
    assert refreshed(late_item).status == Status.APPROVED
    [first] = page.ordered_rounds()
    assert [n.pk for n in round_ballot_paper(first)] == [on_time.pk]


def test_the_moderator_is_asked_on_the_item_page(client_for, participant, volunteer):
    page = campaign_vote(open_round=0)
    _, item = nominate_in_time(page, participant, "Free buses")
    client = client_for(volunteer)
    url = f"/admin/moderation/items/{item.pk}/approve/"
    asked = client.post(url, {"approve-version": item.version})
    assert asked.status_code == 200
    text = asked.content.decode()
    assert "Before you approve this" in text and "Yes, approve it anyway" in text
    assert refreshed(item).status == Status.PENDING
    confirmed = client.post(url, {"approve-version": item.version, "approve-confirmed": "True"})
    assert confirmed.status_code == 302
    assert refreshed(item).status == Status.APPROVED
    assert timezone.now() > page.nominations_close_at
