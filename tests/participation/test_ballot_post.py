"""The ballot form sends its answer to its own address, outside the page tree."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse
from wagtail.models import PageViewRestriction

from participation.models import Ballot
from tests.factories import ParticipantFactory
from tests.participation.factories import campaign_vote, nominations, submitted_nominations

pytestmark = pytest.mark.django_db


@pytest.fixture
def vote(volunteer):
    page = campaign_vote(rounds=(("approval", 1, 2),))
    issues = submitted_nominations(page, 3, author=ParticipantFactory(), moderator=volunteer)
    return page, page.ordered_rounds()[0], issues


def ballot_page(page):
    return page.url + page.reverse_subpage("ballot", args=[1])


def test_the_form_posts_to_its_own_address_and_the_vote_is_in(client_for, participant, vote):
    page, round_, issues = vote
    client = client_for(participant)
    form = client.get(ballot_page(page)).content.decode()
    action = reverse("ballot-post", args=[round_.pk])
    assert f'action="{action}"' in form
    response = client.post(action, {"choices": [issues[1].pk]}, follow=True)
    assert response.redirect_chain[-1][0].endswith("/rounds/1/vote/received/")
    assert Ballot.objects.get(voter=participant).choices == [issues[1].pk]


def test_a_mistake_shows_the_form_again_with_the_message(client_for, participant, vote):
    _, round_, issues = vote
    action = reverse("ballot-post", args=[round_.pk])
    response = client_for(participant).post(action, {"choices": [i.pk for i in issues]})
    assert response.status_code == 400
    html = response.content.decode()
    assert "You can choose up to 2" in html
    assert f'action="{action}"' in html
    assert not Ballot.objects.exists()


def test_a_draft_vote_takes_no_ballots(client_for, participant, vote):
    page, round_, issues = vote
    page.unpublish()
    response = client_for(participant).post(
        reverse("ballot-post", args=[round_.pk]), {"choices": [issues[0].pk]}
    )
    assert response.status_code == 404
    assert not Ballot.objects.exists()


def test_a_restricted_vote_sends_the_form_back_to_its_page(client_for, participant, vote):
    page, round_, issues = vote
    PageViewRestriction.objects.create(page=page, restriction_type="password", password="x")
    response = client_for(participant).post(
        reverse("ballot-post", args=[round_.pk]), {"choices": [issues[0].pk]}
    )
    assert response.status_code == 302
    assert response["Location"] == ballot_page(page)
    assert not Ballot.objects.exists()


def test_a_closed_round_says_so_and_takes_no_ballot(client_for, participant, vote):
    _, round_, issues = vote
    with time_machine.travel(round_.closes_at + dt.timedelta(minutes=1)):
        response = client_for(participant).post(
            reverse("ballot-post", args=[round_.pk]), {"choices": [issues[0].pk]}, follow=True
        )
    assert "Voting in this round has closed." in response.content.decode()
    assert not Ballot.objects.exists()


@pytest.mark.parametrize("round_id", [0, 987654, 2**63, 10**30])
def test_an_unknown_round_is_not_found(client_for, participant, vote, round_id):
    response = client_for(participant).post(f"/rounds/{round_id}/ballot/", {"choices": ["1"]})
    assert response.status_code == 404


def test_only_participants_vote_there(visitor, vote):
    _, round_, issues = vote
    response = visitor.post(reverse("ballot-post", args=[round_.pk]), {"choices": [issues[0].pk]})
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    assert not Ballot.objects.exists()


def test_it_only_takes_answers(client_for, participant, vote):
    _, round_, _ = vote
    assert client_for(participant).get(reverse("ballot-post", args=[round_.pk])).status_code == 405


def test_a_later_round_is_answered_as_itself(client_for, participant):
    page = campaign_vote(rounds=(("approval", 2, 2), ("approval", 1, 1)), open_round=1)
    second = page.ordered_rounds()[1]
    on_ballot = nominations(page, 2, shortlist_round=second)
    response = client_for(participant).post(
        reverse("ballot-post", args=[second.pk]), {"choices": [on_ballot[0].pk]}
    )
    assert response.status_code == 302
    assert response["Location"].endswith("/rounds/2/vote/received/")
    assert Ballot.objects.get(voter=participant).round == second
