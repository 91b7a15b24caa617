"""Logging in and out, resetting a password, changing email and password."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail

from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def test_a_participant_logs_in_with_email_and_password(client, participant):
    response = client.post(
        "/accounts/login/", {"login": "participant@example.org", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == "/me/"
    assert client.get("/me/").context["user"] == participant


def test_a_wrong_password_is_refused_with_a_message(client, participant):
    response = client.post(
        "/accounts/login/", {"login": "participant@example.org", "password": "nope"}
    )
    assert response.status_code == 200
    assert "not correct" in response.content.decode()
    assert not response.context["user"].is_authenticated


def test_logging_out_ends_the_session(client_for, participant):
    client = client_for(participant)
    client.post("/accounts/logout/")
    assert client.get("/me/").status_code == 302


def test_a_forgotten_password_can_be_reset_by_email(client, participant):
    client.post("/accounts/password/reset/", {"email": "participant@example.org"})
    assert len(mail.outbox) == 1
    link = re.search(
        r"http://testserver(/accounts/password/reset/key/\S+/)", mail.outbox[0].body
    ).group(1)
    form_page = client.get(link, follow=True)
    action = form_page.redirect_chain[-1][0] if form_page.redirect_chain else link
    client.post(action, {"password1": "a-brand-new-passw0rd", "password2": "a-brand-new-passw0rd"})
    client.logout()
    response = client.post(
        "/accounts/login/", {"login": "participant@example.org", "password": "a-brand-new-passw0rd"}
    )
    assert response.status_code == 302


def test_a_participant_changes_their_password(client_for, participant):
    client = client_for(participant)
    response = client.post(
        "/accounts/password/change/",
        {
            "oldpassword": PASSWORD,
            "password1": "another-long-passw0rd",
            "password2": "another-long-passw0rd",
        },
    )
    assert response.status_code == 302
    participant.refresh_from_db()
    assert participant.check_password("another-long-passw0rd")


def test_a_new_email_address_must_be_verified_before_it_is_used(client_for, participant):
    client = client_for(participant)
    client.post("/accounts/email/", {"action_add": "", "email": "new.address@example.org"})
    assert EmailAddress.objects.filter(
        user=participant, email="new.address@example.org", verified=False
    ).exists()
    assert [m.to for m in mail.outbox] == [["new.address@example.org"]]
    participant.refresh_from_db()
    assert participant.email == "participant@example.org"


@pytest.mark.parametrize(
    ("url", "signed_in"),
    [
        ("/accounts/login/", False),
        ("/accounts/signup/", False),
        ("/accounts/password/reset/", False),
        ("/accounts/email/", True),
        ("/accounts/password/change/", True),
    ],
)
def test_account_pages_use_the_site_layout_with_one_heading(client, participant, url, signed_in):
    if signed_in:
        client.force_login(participant)
    html = client.get(url).content.decode()
    assert html.count("<h1") == 1
    assert 'href="#main"' in html
    assert "form-control" in html  # Bootstrap-styled fields with visible labels
    assert "<label" in html
