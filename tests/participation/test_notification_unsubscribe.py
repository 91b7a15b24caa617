"""The one-click unsubscribe link: a good token works without a login, by a button or
a mail app's POST; a forged, altered, expired or wrong-kind token changes nothing and
gets a kind page, never a 500."""

import datetime as dt
from html import unescape

import pytest
import time_machine
from django.core import signing
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from participation.models import NotificationPreferences
from participation.services.notifications import (
    UNSUBSCRIBE_SALT,
    NotificationKind,
    preferences_for,
    unsubscribe_token,
)

pytestmark = pytest.mark.django_db


def path_for(token: str) -> str:
    return reverse("participation:notification-unsubscribe", args=[token])


@pytest.fixture
def mail_app():
    """What a mail app sends: no cookies, no login, no CSRF token (RFC 8058)."""
    return Client(enforce_csrf_checks=True)


def assert_nothing_changed(user):
    preferences = preferences_for(user)
    assert all(preferences.wants_email(kind) for kind in NotificationKind.values)


# --- A good token ------------------------------------------------------------------


def test_opening_the_link_only_asks_and_changes_nothing(participant, visitor):
    """Mail scanners follow links: a GET must never unsubscribe."""
    token = unsubscribe_token(user=participant, kind=NotificationKind.DECISION)
    page = visitor.get(path_for(token))
    assert page.status_code == 200
    assert "Stop these emails?" in page.text
    assert "decisions on what you wrote" in page.text
    assert '<form method="post">' in page.text
    assert visitor.head(path_for(token)).status_code == 200
    assert_nothing_changed(participant)
    assert not NotificationPreferences.objects.exists()


def test_the_button_switches_that_kind_off_and_redirects(participant, mail_app):
    token = unsubscribe_token(user=participant, kind=NotificationKind.DECISION)
    response = mail_app.post(path_for(token), follow=True)
    assert response.redirect_chain == [(path_for(token), 302)]
    done = "Done: we won't email you about decisions on what you wrote any more."
    assert done in unescape(response.text)
    assert "You won't get these emails" in response.text
    preferences = NotificationPreferences.objects.get(user=participant)
    assert not preferences.email_decisions
    assert preferences.email_round_openings and preferences.email_campaign_updates


def test_a_mail_apps_one_click_post_is_answered_directly(participant, mail_app):
    token = unsubscribe_token(user=participant, kind=NotificationKind.CAMPAIGN_UPDATE)
    response = mail_app.post(path_for(token), {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200  # no redirect for a mail app
    assert not preferences_for(participant).email_campaign_updates


def test_a_second_post_or_a_refresh_changes_nothing(participant, mail_app):
    token = unsubscribe_token(user=participant, kind=NotificationKind.ROUND_OPENING)
    mail_app.post(path_for(token))
    first = NotificationPreferences.objects.get(user=participant)
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=5)):
        again = mail_app.post(path_for(token), follow=True)
        refreshed = mail_app.get(path_for(token))
    assert again.status_code == 200 and refreshed.status_code == 200
    assert "You won't get these emails" in refreshed.text
    after = NotificationPreferences.objects.get(user=participant)
    assert after.updated_at == first.updated_at
    assert (after.email_decisions, after.email_round_openings) == (True, False)


def test_the_token_switches_off_only_its_own_kind(participant, mail_app):
    token = unsubscribe_token(user=participant, kind=NotificationKind.ROUND_OPENING)
    mail_app.post(path_for(token))
    preferences = preferences_for(participant)
    assert not preferences.email_round_openings
    assert preferences.email_decisions and preferences.email_campaign_updates


def test_the_token_changes_only_its_own_person(participant, other_participant, client_for):
    """Whoever is logged in, the token says whose emails stop."""
    token = unsubscribe_token(user=participant, kind=NotificationKind.DECISION)
    client_for(other_participant).post(path_for(token))
    assert not preferences_for(participant).email_decisions
    assert_nothing_changed(other_participant)


# --- Bad tokens: a kind page, nothing changed, never a 500 --------------------------


def assert_refused(client, token, words, user=None):
    for method in (client.get, client.post):
        page = method(path_for(token))
        assert page.status_code == 400
        assert words in page.text
        assert "Nothing has changed." in page.text
        assert reverse("participation:notification-preferences") in page.text
    one_click = client.post(path_for(token), {"List-Unsubscribe": "One-Click"})
    assert one_click.status_code == 400
    if user is not None:
        assert_nothing_changed(user)


def test_a_forged_token_is_refused(participant, mail_app):
    forged = signing.dumps(
        {"user": participant.pk, "kind": NotificationKind.DECISION}, salt=UNSUBSCRIBE_SALT, key="x"
    )
    assert_refused(mail_app, forged, "This link doesn't work", participant)


def test_a_token_signed_for_something_else_is_refused(participant, mail_app):
    other_purpose = signing.dumps(
        {"user": participant.pk, "kind": NotificationKind.DECISION}, salt="another.purpose"
    )
    assert_refused(mail_app, other_purpose, "This link doesn't work", participant)


def test_an_altered_token_is_refused(participant, other_participant, mail_app):
    mine = unsubscribe_token(user=other_participant, kind=NotificationKind.DECISION)
    theirs = unsubscribe_token(user=participant, kind=NotificationKind.DECISION)
    payload, stamp, signature = theirs.split(":")
    # Someone else's payload with this signature, and a signature with one letter changed.
    altered = mine.split(":")[0] + f":{stamp}:{signature}"
    flipped = f"{payload}:{stamp}:{signature[:-1]}{'A' if signature[-1] != 'A' else 'B'}"
    assert_refused(mail_app, altered, "This link doesn't work", participant)
    assert_refused(mail_app, flipped, "This link doesn't work", participant)
    assert_nothing_changed(other_participant)


@pytest.mark.parametrize(
    "token", ["nonsense", "a:b:c", ":::", "e30:1xYLsN:bad", "%E2%98%83", "x" * 600]
)
def test_rubbish_is_refused(participant, mail_app, token):
    assert_refused(mail_app, token, "This link doesn't work", participant)


def test_an_expired_token_is_refused_kindly(participant, mail_app):
    token = unsubscribe_token(user=participant, kind=NotificationKind.DECISION)
    with time_machine.travel(timezone.now() + dt.timedelta(days=61)):
        assert_refused(mail_app, token, "This link has run out", participant)
        assert "60 days" in mail_app.get(path_for(token)).text


def test_a_token_still_works_just_before_it_runs_out(participant, mail_app):
    token = unsubscribe_token(user=participant, kind=NotificationKind.DECISION)
    with time_machine.travel(timezone.now() + dt.timedelta(days=59)):
        assert mail_app.post(path_for(token)).status_code == 302
    assert not preferences_for(participant).email_decisions


@pytest.mark.parametrize("kind", [NotificationKind.SAFEGUARDING, NotificationKind.STAFF_ALERT])
def test_a_token_for_a_kind_that_always_arrives_is_refused(participant, mail_app, kind):
    token = unsubscribe_token(user=participant, kind=kind)
    assert_refused(mail_app, token, "These messages can't be switched off", participant)


def test_a_token_for_a_kind_we_dont_have_is_refused(participant, mail_app):
    token = signing.dumps({"user": participant.pk, "kind": "gossip"}, salt=UNSUBSCRIBE_SALT)
    assert_refused(mail_app, token, "This link doesn't work", participant)


@pytest.mark.parametrize(
    "payload", [["not", "a", "dict"], {"kind": "decision"}, {"user": "7", "kind": "decision"}]
)
def test_a_signed_token_of_the_wrong_shape_is_refused(participant, mail_app, payload):
    token = signing.dumps(payload, salt=UNSUBSCRIBE_SALT)
    assert_refused(mail_app, token, "This link doesn't work", participant)


def test_a_token_for_an_account_that_has_gone_is_refused(participant, mail_app):
    token = unsubscribe_token(user=participant, kind=NotificationKind.DECISION)
    participant.delete()
    assert_refused(mail_app, token, "This link doesn't work")
    assert not NotificationPreferences.objects.exists()


def test_other_methods_are_not_allowed(participant, mail_app):
    token = unsubscribe_token(user=participant, kind=NotificationKind.DECISION)
    assert mail_app.put(path_for(token)).status_code == 405
    assert mail_app.delete(path_for(token)).status_code == 405
    assert_nothing_changed(participant)
