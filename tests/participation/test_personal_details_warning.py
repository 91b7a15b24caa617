"""Before anything is saved, the author is asked to take personal details out.

A warning, not a block: "Send it anyway" sends the words as written, and the
moderator still sees the personal-details flag.
"""

import pytest

from moderation.models import ModerationItem
from moderation.selectors import item_for
from participation.models import Nomination, SupportingStatement
from participation.services import nominations as services
from tests.participation.factories import campaign_vote, submitted_nominations, topic

pytestmark = pytest.mark.django_db

PHONE = "Text me on 07700 900123 if you want to help."
PHONE_WARNING = "This looks like a phone number (“07700 900123”) — for your safety, take it out."


@pytest.fixture
def open_vote():
    return campaign_vote(open_round=None)


def url(page, name, *args):
    return page.url + page.reverse_subpage(name, args=list(args))


def nomination_data(**overrides):
    data = {
        "title": "Free bus travel for under-18s",
        "description": PHONE,
        "topic": topic().pk,
    }
    data.update(overrides)
    return data


def html(response) -> str:
    return response.content.decode()


def test_a_phone_number_in_a_nomination_is_questioned_and_nothing_is_saved(
    open_vote, participant, client_for
):
    response = client_for(participant).post(url(open_vote, "nominate"), nomination_data())
    page = html(response)
    assert response.status_code == 200
    assert "Before you send this" in page
    assert 'role="alert"' in page
    assert PHONE_WARNING in page
    assert "Send it anyway — I understand a moderator will check it" in page
    assert 'name="send_anyway"' in page
    assert "Text me on 07700 900123 if you want to help." in page  # the words are kept
    assert "Free bus travel for under-18s" in page
    assert not Nomination.objects.exists()
    assert not ModerationItem.objects.exists()


def test_sending_anyway_sends_it_and_the_moderator_sees_the_flag(
    open_vote, participant, client_for
):
    response = client_for(participant).post(
        url(open_vote, "nominate"), nomination_data(send_anyway="on")
    )
    assert response.status_code == 302  # sent: on to the thank-you page
    assert "Before you send this" not in html(response)
    nomination = Nomination.objects.get(author=participant)
    assert nomination.description == PHONE
    assert item_for(nomination).has_personal_flag is True


def test_taking_the_details_out_sends_it_without_asking_again(open_vote, participant, client_for):
    client = client_for(participant)
    client.post(url(open_vote, "nominate"), nomination_data())
    response = client.post(
        url(open_vote, "nominate"), nomination_data(description="Buses cost too much.")
    )
    assert "Before you send this" not in html(response)
    nomination = Nomination.objects.get(author=participant)
    assert item_for(nomination).has_personal_flag is False


def test_words_without_personal_details_go_straight_through(open_vote, participant, client_for):
    response = client_for(participant).post(
        url(open_vote, "nominate"),
        nomination_data(description="Getting to college costs £4 a day, every day since 2023."),
        follow=True,
    )
    page = html(response)
    assert response.status_code == 200
    assert "Before you send this" not in page
    assert 'name="send_anyway"' not in page
    assert Nomination.objects.filter(author=participant).count() == 1


def test_every_kind_of_detail_found_gets_its_own_sentence(open_vote, participant, client_for):
    response = client_for(participant).post(
        url(open_vote, "nominate"),
        nomination_data(
            title="Help at Ysgol Bro Morgannwg",
            description="Email jo@example.com or ring 07700 900123. I live at 12 Acacia Avenue.",
        ),
    )
    page = html(response)
    for sentence in (
        "This looks like a phone number",
        "This looks like an email address",
        "This looks like a home address or postcode",
        "This looks like the name of a school (“Ysgol Bro Morgannwg”)",
    ):
        assert sentence in page
    assert not Nomination.objects.exists()


def test_other_mistakes_are_shown_beside_the_warning(open_vote, participant, client_for):
    response = client_for(participant).post(url(open_vote, "nominate"), nomination_data(title=""))
    page = html(response)
    assert "This looks like a phone number" in page
    assert "This field is required" in page
    assert not Nomination.objects.exists()


def test_editing_a_nomination_asks_too(open_vote, participant, client_for):
    nomination, _ = services.nomination_submit(
        participant=participant,
        campaign_vote=open_vote,
        title="Free bus travel for under-18s",
        description="Getting to college costs too much.",
        topic=topic(),
    )
    client = client_for(participant)
    edit = url(open_vote, "nomination-edit", nomination.pk)

    response = client.post(edit, nomination_data())
    assert response.status_code == 200
    assert PHONE_WARNING in html(response)
    assert PHONE in html(response)
    nomination.refresh_from_db()
    assert nomination.description == "Getting to college costs too much."
    item = item_for(nomination)
    assert (item.version, item.has_personal_flag) == (1, False)

    response = client.post(edit, nomination_data(send_anyway="on"))
    assert response.status_code == 302
    nomination.refresh_from_db()
    assert nomination.description == PHONE
    item = item_for(nomination)
    assert (item.version, item.has_personal_flag) == (2, True)


def test_editing_without_personal_details_goes_straight_through(open_vote, participant, client_for):
    nomination, _ = services.nomination_submit(
        participant=participant,
        campaign_vote=open_vote,
        title="Free bus travel for under-18s",
        description="Getting to college costs too much.",
        topic=topic(),
    )
    response = client_for(participant).post(
        url(open_vote, "nomination-edit", nomination.pk),
        nomination_data(description="Fares are too high."),
    )
    assert "Before you send this" not in html(response)
    nomination.refresh_from_db()
    assert nomination.description == "Fares are too high."


def test_a_phone_number_in_a_statement_is_questioned_then_sent_anyway(
    open_vote, participant, other_participant, volunteer, client_for
):
    (nomination,) = submitted_nominations(open_vote, 1, author=participant, moderator=volunteer)
    client = client_for(other_participant)
    statement_url = url(open_vote, "nomination-statement", nomination.pk)

    response = client.post(statement_url, {"text": PHONE})
    page = html(response)
    assert response.status_code == 200
    assert "Before you send this" in page
    assert PHONE_WARNING in page
    assert f"{PHONE}</textarea>" in page  # the words are kept
    assert not SupportingStatement.objects.exists()
    assert ModerationItem.objects.count() == 1  # only the nomination's

    response = client.post(statement_url, {"text": PHONE, "send_anyway": "on"})
    assert response.status_code == 302
    statement = SupportingStatement.objects.get(author=other_participant)
    assert item_for(statement).has_personal_flag is True


def test_a_statement_without_personal_details_goes_straight_through(
    open_vote, participant, other_participant, volunteer, client_for
):
    (nomination,) = submitted_nominations(open_vote, 1, author=participant, moderator=volunteer)
    response = client_for(other_participant).post(
        url(open_vote, "nomination-statement", nomination.pk), {"text": "My bus is £4 each way."}
    )
    assert "Before you send this" not in html(response)
    statement = SupportingStatement.objects.get(author=other_participant)
    assert item_for(statement).has_personal_flag is False


def test_a_statement_that_is_too_long_is_still_refused(
    open_vote, participant, other_participant, volunteer, client_for
):
    (nomination,) = submitted_nominations(open_vote, 1, author=participant, moderator=volunteer)
    response = client_for(other_participant).post(
        url(open_vote, "nomination-statement", nomination.pk),
        {"text": PHONE + "x" * 500, "send_anyway": "on"},
    )
    assert response.status_code == 400
    assert not SupportingStatement.objects.exists()
