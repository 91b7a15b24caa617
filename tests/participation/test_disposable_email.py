"""One person, one vote: throwaway email addresses are refused, wherever an address is
chosen (sign-up, adding one, changing one), with a kind message."""

import datetime as dt
import html

import pytest
import time_machine
from allauth.account.models import EmailAddress
from django.urls import reverse

from participation.email_domains import is_throwaway
from participation.models import User
from tests.auth import signup_answers

pytestmark = pytest.mark.django_db

KIND_WORDS = "Please use an email address you'll keep"


@pytest.fixture(autouse=True)
def on_a_fixed_day():
    with time_machine.travel(dt.datetime(2026, 11, 23, 12, 0), tick=False):
        yield


def page_text(response) -> str:
    return html.unescape(response.content.decode())


@pytest.mark.parametrize(
    "email", ["someone@mailinator.com", "someone@inbox.mailinator.com", "x@MAILINATOR.COM"]
)
def test_sign_up_with_a_throwaway_address_is_refused_kindly(client, site, email):
    response = client.post(reverse("account_signup"), signup_answers(email))
    assert response.status_code == 200
    assert KIND_WORDS in page_text(response)
    assert "each person gets one vote" in page_text(response)
    assert not User.objects.exists() or not User.objects.filter(email__iexact=email).exists()


def test_sign_up_with_an_ordinary_address_goes_through(client, site):
    response = client.post(reverse("account_signup"), signup_answers("newcomer@example.org"))
    assert response.status_code == 302
    assert User.objects.filter(email="newcomer@example.org").exists()


def test_the_extra_blocked_list_counts_with_its_subdomains(client, site, settings):
    settings.HUB_BLOCKED_EMAIL_DOMAINS = ["burner.example"]
    for email in ("a@burner.example", "a@mx.burner.example"):
        response = client.post(reverse("account_signup"), signup_answers(email))
        assert KIND_WORDS in page_text(response)
    assert not User.objects.filter(email__endswith="burner.example").exists()


def test_the_allow_list_lets_a_wrongly_listed_domain_through(client, site, settings):
    settings.HUB_ALLOWED_EMAIL_DOMAINS = ["mailinator.com"]
    response = client.post(reverse("account_signup"), signup_answers("someone@mailinator.com"))
    assert response.status_code == 302
    assert User.objects.filter(email="someone@mailinator.com").exists()


def test_adding_a_throwaway_address_is_refused(client_for, participant):
    client = client_for(participant)
    response = client.post(
        reverse("account_email"), {"action_add": "", "email": "second@mailinator.com"}
    )
    assert KIND_WORDS in page_text(response)
    assert not EmailAddress.objects.filter(email="second@mailinator.com").exists()


def test_adding_an_ordinary_address_is_accepted(client_for, participant):
    client = client_for(participant)
    client.post(reverse("account_email"), {"action_add": "", "email": "second@example.org"})
    assert EmailAddress.objects.filter(user=participant, email="second@example.org").exists()


def test_an_existing_account_on_a_listed_domain_can_still_reset_its_password(client, site):
    from tests.factories import ParticipantFactory

    ParticipantFactory(email="old@mailinator.com", display_name="OldTimer")
    response = client.post(reverse("account_reset_password"), {"email": "old@mailinator.com"})
    assert response.status_code == 302
    assert KIND_WORDS not in page_text(response)


@pytest.mark.parametrize(
    ("email", "expected"),
    [
        ("a@mailinator.com", True),
        ("a@deep.sub.mailinator.com", True),
        ("a@mailinator.com.", True),
        ("a@notmailinator.example", False),
        ("a@gmail.com", False),
        ("a@school.sch.uk", False),
        ("a@", False),
        ("no-at-sign", False),
    ],
)
def test_which_addresses_count_as_throwaway(email, expected):
    assert is_throwaway(email) is expected


# --- Verified email first: every step that counts as taking part refuses without it ---


@pytest.fixture
def approved(volunteer):
    from tests.factories import ParticipantFactory
    from tests.participation.factories import campaign_vote, submitted_nominations

    page = campaign_vote(rounds=(("approval", 2, 2),))
    nominations = submitted_nominations(page, 2, author=ParticipantFactory(), moderator=volunteer)
    return page, nominations


def _steps(page, nominations):
    from moderation.templatetags.moderation_tags import report_url
    from tests.participation.factories import topic

    first = nominations[0]
    sub = page.reverse_subpage
    round_ = page.ordered_rounds()[0]
    return [
        (
            page.url + sub("nominate"),
            {"title": "Free buses", "description": "Fares", "topic": topic().pk, "confirm": "1"},
        ),
        (page.url + sub("nomination-support", args=[first.pk]), {}),
        (page.url + sub("nomination-statement", args=[first.pk]), {"text": "It matters to me."}),
        (page.url + sub("ballot", args=[1]), {"choices": [first.pk]}),
        (reverse("ballot-post", args=[round_.pk]), {"choices": [first.pk]}),
        (report_url(first), {"reason": "Unkind"}),
    ]


def test_an_unverified_account_can_take_no_step_and_nothing_is_saved(
    client_for, unverified, approved
):
    from moderation.models import Report
    from participation.models import Ballot, Nomination, Support, SupportingStatement

    page, nominations = approved
    client = client_for(unverified)
    for url, data in _steps(page, nominations):
        response = client.post(url, data)
        assert response.status_code in (302, 403), url
        if response.status_code == 302:
            assert response["Location"] == reverse("account_email"), url
    assert not Nomination.objects.filter(author=unverified).exists()
    assert not Support.objects.filter(participant=unverified).exists()
    assert not SupportingStatement.objects.exists()
    assert not Ballot.objects.exists()
    assert not Report.objects.exists()
