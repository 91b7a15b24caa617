"""After every successful POST, a redirect: refreshing a thank-you page sends nothing again."""

import pytest

from moderation.models import ModerationItem
from participation.models import Ballot, Nomination, SupportingStatement
from tests.factories import ParticipantFactory
from tests.participation.factories import campaign_vote, submitted_nominations, topic

pytestmark = pytest.mark.django_db


def url(page, name, *args):
    return page.url + page.reverse_subpage(name, args=list(args))


def refresh(client, response):
    """What a browser does on refresh after a redirect: GET the page it landed on."""
    assert response.status_code == 302
    return client.get(response["Location"])


def test_refreshing_after_nominating_sends_nothing_twice(participant, client_for):
    page = campaign_vote(open_round=None)
    client = client_for(participant)
    sent = client.post(
        url(page, "nominate"),
        {"title": "Cheaper buses", "description": "Fares are too high.", "topic": topic().pk},
    )
    for _ in range(3):
        shown = refresh(client, sent)
        assert shown.status_code == 200
        assert "Thank you, we've got it" in shown.content.decode().replace("&#x27;", "'")
    assert Nomination.objects.filter(author=participant).count() == 1
    assert ModerationItem.objects.count() == 1


def test_refreshing_after_a_statement_sends_nothing_twice(
    participant, other_participant, volunteer, client_for
):
    page = campaign_vote()
    (nomination,) = submitted_nominations(page, 1, author=participant, moderator=volunteer)
    client = client_for(other_participant)
    sent = client.post(url(page, "nomination-statement", nomination.pk), {"text": "Me too."})
    assert "your statement" in refresh(client, sent).content.decode()
    refresh(client, sent)
    assert SupportingStatement.objects.filter(author=other_participant).count() == 1


def test_refreshing_after_voting_shows_the_receipt_and_changes_nothing(
    participant, volunteer, client_for
):
    page = campaign_vote()
    issues = submitted_nominations(page, 3, author=ParticipantFactory(), moderator=volunteer)
    client = client_for(participant)
    sent = client.post(url(page, "ballot", 1), {"choices": [issues[0].pk]})
    ballot = Ballot.objects.get(voter=participant)
    for _ in range(2):
        shown = refresh(client, sent).content.decode()
        assert ballot.receipt in shown and "Thank you for voting" in shown
    assert Ballot.objects.filter(voter=participant).count() == 1
    changed = client.post(url(page, "ballot", 1), {"choices": [issues[1].pk]})
    assert "Your vote has been changed" in refresh(client, changed).content.decode()
    ballot.refresh_from_db()
    assert ballot.choices == [issues[1].pk]


def test_the_receipt_page_without_a_ballot_goes_to_the_ballot(participant, client_for):
    page = campaign_vote()
    response = client_for(participant).get(url(page, "ballot-received", 1))
    assert response.status_code == 302 and response["Location"].endswith("/rounds/1/vote/")


def test_someone_elses_thank_you_page_is_not_found(participant, other_participant, client_for):
    page = campaign_vote(open_round=None)
    client = client_for(participant)
    sent = client.post(
        url(page, "nominate"),
        {"title": "Cheaper buses", "description": "Fares are too high.", "topic": topic().pk},
    )
    assert client_for(other_participant).get(sent["Location"]).status_code == 404
    # No route can name a nomination no row can have, so its address is written out.
    assert client.get(f"{page.url}nominations/{2**70}/thanks/").status_code in (302, 404)
