"""Every rate-limited path: the request after the limit gets the friendly 429 page (JSON
in the API) with Retry-After, nothing more is saved, and the count is per person or per
address as config/limits.py says, so nobody else is held up.

The counts live in the cache, which in tests is the database cache: each test's
transaction is rolled back, so no count leaks into the next test. The clock is held
still so a slow run can't straddle two windows and get a fresh allowance.
"""

import html

import pytest
import time_machine
from allauth.account.models import EmailAddress
from django.conf import settings as django_settings
from django.urls import reverse
from django.utils import timezone

from cms.models import PageFeedback
from config import limits
from moderation.models import Report
from moderation.templatetags.moderation_tags import report_url
from participation.models import Ballot, Nomination, SupportingStatement, User
from tests.auth import current_code, signup_answers, turn_on_two_step
from tests.factories import PASSWORD, ParticipantFactory
from tests.participation.factories import (
    campaign_vote,
    home_page,
    submitted_nominations,
    topic,
)

pytestmark = pytest.mark.django_db

FRIENDLY = "Please wait a moment"
LOCKED = "That's too many tries for now"


@pytest.fixture(autouse=True)
def clock_held_still():
    with time_machine.travel(timezone.now(), tick=False):
        yield


@pytest.fixture
def account_limits(settings):
    """allauth's limits as production has them (test settings turn them off)."""
    settings.ACCOUNT_RATE_LIMITS = dict(limits.ACCOUNT_LIMITS)


def text(response) -> str:
    return html.unescape(response.content.decode())


def assert_friendly_429(response, *words):
    assert response.status_code == 429
    body = text(response)
    assert FRIENDLY in body
    assert "try again in" in body
    for word in words:
        assert word in body
    assert int(response["Retry-After"]) > 0


def page_url(page, name, *args):
    return page.url + page.reverse_subpage(name, args=list(args))


# --- Writing: nominate, statement, support, ballot, report, feedback -----------------


def test_the_eleventh_nomination_in_an_hour_is_not_created(
    client_for, participant, other_participant
):
    page = campaign_vote(open_round=None)
    client = client_for(participant)
    url = page_url(page, "nominate")

    def send(client, n):
        data = {"title": f"Idea {n} zebra{n}", "description": f"Reason {n}.", "topic": topic().pk}
        return client.post(url, {**data, "confirm": "1"})

    assert [send(client, n).status_code for n in range(10)] == [302] * 10
    refused = send(client, 10)
    assert_friendly_429(
        refused, "sending nominations", "10 an hour", "Nothing you sent before was lost"
    )
    # The words of the refused nomination come back, to be copied and sent later.
    assert "Idea 10 zebra10" in text(refused)
    assert Nomination.objects.filter(author=participant).count() == 10
    # Per person: someone else is not held up.
    assert send(client_for(other_participant), 11).status_code == 302


def test_statements_are_limited_per_person(client_for, participant, other_participant, volunteer):
    page = campaign_vote(open_round=None)
    [nomination] = submitted_nominations(page, 1, author=ParticipantFactory(), moderator=volunteer)
    url = page_url(page, "nomination-statement", nomination.pk)
    client = client_for(participant)
    for _ in range(20):
        client.post(url, {"text": ""})  # refused by the form, but counted all the same
    refused = client.post(url, {"text": "This matters to me because of my sister."})
    assert_friendly_429(refused, "sending statements", "because of my sister")
    assert not SupportingStatement.objects.exists()
    response = client_for(other_participant).post(url, {"text": "This matters to me too."})
    assert response.status_code == 302
    assert SupportingStatement.objects.count() == 1


def test_support_is_limited_per_person(client_for, participant, other_participant, volunteer):
    page = campaign_vote(open_round=None)
    [nomination] = submitted_nominations(page, 1, author=ParticipantFactory(), moderator=volunteer)
    url = page_url(page, "nomination-support", nomination.pk)
    client = client_for(participant)
    assert {client.post(url).status_code for _ in range(30)} == {302}
    assert_friendly_429(client.post(url), "supporting nominations")
    assert client_for(other_participant).post(url).status_code == 302


def test_both_ballot_addresses_share_one_count(
    client_for, participant, other_participant, volunteer
):
    page = campaign_vote(rounds=(("approval", 2, 2),))
    issues = submitted_nominations(page, 3, author=ParticipantFactory(), moderator=volunteer)
    round_ = page.ordered_rounds()[0]
    on_page, direct = page_url(page, "ballot", 1), reverse("ballot-post", args=[round_.pk])
    client = client_for(participant)
    statuses = [
        client.post(on_page if n % 2 else direct, {"choices": [issues[n % 3].pk]}).status_code
        for n in range(30)
    ]
    assert statuses == [302] * 30
    refused = client.post(direct, {"choices": [issues[2].pk]})
    assert_friendly_429(refused, "changing your vote", "30 a minute")
    assert Ballot.objects.get(voter=participant).choices == [issues[29 % 3].pk]
    assert (
        client_for(other_participant).post(on_page, {"choices": [issues[0].pk]}).status_code == 302
    )


def test_reports_are_limited_per_person(client_for, participant, other_participant, volunteer):
    page = campaign_vote(open_round=None)
    [nomination] = submitted_nominations(page, 1, author=ParticipantFactory(), moderator=volunteer)
    url = report_url(nomination)
    client = client_for(participant)
    for _ in range(10):
        client.post(url, {"reason": ""})  # a form error, counted all the same
    refused = client.post(url, {"reason": "It names someone from my school."})
    assert_friendly_429(refused, "reporting things", "It names someone from my school.")
    assert not Report.objects.exists()
    assert client_for(other_participant).post(url, {"reason": "Unkind"}).status_code == 302
    assert Report.objects.count() == 1


def test_page_feedback_is_limited_per_address_and_keeps_the_comment(client):
    page = home_page()
    url = f"/feedback/{page.pk}/"
    for _ in range(10):
        assert client.post(url, {"useful": "yes"}).status_code == 302
    refused = client.post(url, {"useful": "no", "comment": "The bus page was confusing."})
    assert_friendly_429(refused, "sending feedback", "The bus page was confusing.")
    assert PageFeedback.objects.count() == 10
    elsewhere = client.post(url, {"useful": "yes"}, REMOTE_ADDR="192.0.2.77")
    assert elsewhere.status_code == 302
    assert PageFeedback.objects.count() == 11


# --- Reading: search and the API -----------------------------------------------------


def test_search_is_limited_per_address(client):
    for _ in range(60):
        assert client.get("/search/", {"q": "bus"}).status_code == 200
    refused = client.get("/search/", {"q": "bus"})
    assert_friendly_429(refused, "searching", "60 a minute")
    assert client.get("/search/", {"q": "bus"}, REMOTE_ADDR="192.0.2.78").status_code == 200


def test_the_api_limit_comes_from_the_same_table():
    assert limits.LIMITS["api"].rate == django_settings.API_RATE_LIMIT


def test_the_api_answers_json_with_retry_after_per_address(client, settings):
    settings.API_RATE_LIMIT = "2/m"
    for _ in range(2):
        assert client.get("/api/v1/topics").status_code == 200
    refused = client.get("/api/v1/topics")
    assert refused.status_code == 429
    assert refused["Content-Type"].startswith("application/json")
    assert "wait" in refused.json()["detail"]
    assert int(refused["Retry-After"]) > 0
    assert client.get("/api/v1/topics", REMOTE_ADDR="192.0.2.79").status_code == 200


# --- Accounts: allauth's limits from the same table ----------------------------------


def test_sign_up_is_limited_per_address(client, site, account_limits):
    for _ in range(20):
        client.post(reverse("account_signup"), {"email": "not an address"})
    refused = client.post(reverse("account_signup"), signup_answers("newcomer@example.org"))
    assert refused.status_code == 429
    assert FRIENDLY in text(refused)
    assert not User.objects.filter(email="newcomer@example.org").exists()
    elsewhere = client.post(
        reverse("account_signup"), signup_answers("newcomer@example.org"), REMOTE_ADDR="192.0.2.80"
    )
    assert elsewhere.status_code == 302


def log_in(client, email, password=PASSWORD, **extra):
    return client.post(reverse("account_login"), {"login": email, "password": password}, **extra)


def logged_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_five_wrong_passwords_lock_that_account_only(
    client, participant, other_participant, account_limits
):
    for _ in range(5):
        assert LOCKED not in text(log_in(client, participant.email, "wrong-password"))
    refused = log_in(client, participant.email)  # the right password, too late
    assert LOCKED in text(refused)
    assert "reset your password" in text(refused)
    assert not logged_in(client)
    # The lockout is of that account from anywhere, not of this address.
    assert LOCKED in text(log_in(client, participant.email, REMOTE_ADDR="192.0.2.81"))
    assert log_in(client, other_participant.email).status_code == 302
    assert logged_in(client)


def test_ten_wrong_passwords_from_one_address_lock_that_address(
    client, participant, account_limits
):
    for n in range(10):
        log_in(client, f"guess{n}@example.org", "wrong-password")
    assert LOCKED in text(log_in(client, participant.email))
    assert not logged_in(client)
    assert log_in(client, participant.email, REMOTE_ADDR="192.0.2.82").status_code == 302


def test_wrong_two_step_codes_lock_the_code_step(client, participant, account_limits):
    turn_on_two_step(participant)
    response = log_in(client, participant.email)
    assert response["Location"] == reverse("mfa_authenticate")
    for _ in range(5):
        client.post(reverse("mfa_authenticate"), {"code": "000000"})
    refused = client.post(reverse("mfa_authenticate"), {"code": current_code(participant)})
    assert LOCKED in text(refused)
    assert not logged_in(client)


def test_password_reset_requests_are_limited_per_address_typed(client, participant, account_limits):
    url = reverse("account_reset_password")
    for _ in range(5):
        assert client.post(url, {"email": participant.email}).status_code == 302
    refused = client.post(url, {"email": participant.email})
    assert refused.status_code == 429
    assert FRIENDLY in text(refused)
    # Another address typed is not held up by this one.
    assert client.post(url, {"email": "other@example.org"}).status_code == 302


def test_reset_links_are_limited_per_address(client, account_limits):
    url = reverse("account_reset_password_from_key", kwargs={"uidb36": "zz", "key": "made-up"})
    for _ in range(20):
        client.post(url, {"password1": "x", "password2": "x"})
    refused = client.post(url, {"password1": "x", "password2": "x"})
    assert refused.status_code == 429
    assert FRIENDLY in text(refused)


@pytest.mark.parametrize(
    ("name", "allowed", "data"),
    [
        (
            "account_change_password",
            5,
            {"oldpassword": "wrong", "password1": "a", "password2": "a"},
        ),
        ("account_email", 10, {"action_add": "", "email": "not an address"}),
        ("account_reauthenticate", 10, {"password": "wrong"}),
    ],
)
def test_account_changes_are_limited_per_person(
    client_for, participant, other_participant, account_limits, name, allowed, data
):
    client = client_for(participant)
    for _ in range(allowed):
        assert client.post(reverse(name), data).status_code != 429
    refused = client.post(reverse(name), data)
    assert refused.status_code == 429
    assert FRIENDLY in text(refused)
    assert client_for(other_participant).post(reverse(name), data).status_code != 429
    assert not EmailAddress.objects.filter(email="not an address").exists()


# --- The 429 page itself -------------------------------------------------------------


def test_every_named_limit_reads_as_words():
    assert limits.rate_in_words("10/h") == "10 an hour"
    assert limits.rate_in_words("30/m") == "30 a minute"
    assert limits.rate_in_words("5/5m") == "5 every 5 minutes"
    for limit in limits.LIMITS.values():
        assert limit.in_words()[0].isdigit()


def test_a_deployment_can_change_a_limit_by_name(client, settings):
    settings.HUB_RATE_LIMITS = {"search": "2/m"}
    client.get("/search/")
    client.get("/search/")
    assert_friendly_429(client.get("/search/"), "2 a minute")


def test_behind_a_load_balancer_the_configured_header_is_the_address(client, settings):
    settings.HUB_CLIENT_IP_HEADER = "X-Real-IP"
    settings.HUB_RATE_LIMITS = {"search": "1/m"}
    assert client.get("/search/", HTTP_X_REAL_IP="192.0.2.90").status_code == 200
    assert client.get("/search/", HTTP_X_REAL_IP="192.0.2.90").status_code == 429
    # Same REMOTE_ADDR (the load balancer), another client behind it.
    assert client.get("/search/", HTTP_X_REAL_IP="192.0.2.91").status_code == 200
