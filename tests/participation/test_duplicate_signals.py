"""Duplicate-account signals: noted at log-in and sign-up, kept only as keyed hashes,
shown to senior moderators, and never used to block anyone."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from wagtail.models import ModelLogEntry

from participation.models import AccountSignal, LinkedAccountsDismissal, SignalKind
from participation.selectors.participants import ParticipantStatus, participant_status
from participation.services import signals
from tests import auth
from tests.factories import PASSWORD, ParticipantFactory

pytestmark = pytest.mark.django_db

LIST_URL = reverse("participation_linked_accounts:list")
DISMISS_URL = reverse("participation_linked_accounts:dismiss")


def log_in(client, user, **extra):
    response = client.post(
        reverse("account_login"), {"login": user.email, "password": PASSWORD}, **extra
    )
    assert response.status_code == 302, response.content.decode()[:500]
    return response


def log_in_on_one_device(client, *users, address="198.51.100.20"):
    for user in users:
        log_in(client, user, REMOTE_ADDR=address)
        client.post(reverse("account_logout"))


def test_logging_in_sets_a_first_party_device_cookie(client, participant):
    response = log_in(client, participant)
    cookie = response.cookies[signals.DEVICE_COOKIE]
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"
    assert not cookie["secure"]  # plain HTTP in tests; production sets it (below)
    assert signals.is_device_token(cookie.value)


def test_the_device_cookie_is_secure_where_the_session_cookie_is(client, participant, settings):
    settings.SESSION_COOKIE_SECURE = True
    response = log_in(client, participant)
    assert response.cookies[signals.DEVICE_COOKIE]["secure"]


def test_two_accounts_on_one_device_are_shown_to_a_senior_moderator_only(
    client, participant, other_participant, senior_moderator, volunteer, client_for
):
    log_in_on_one_device(client, participant, other_participant)

    page = client_for(senior_moderator).get(LIST_URL)
    assert page.status_code == 200
    text = page.content.decode()
    assert "Same device: 2 accounts" in text
    assert participant.display_name in text and other_participant.display_name in text
    # Display names only: never an email address or a date of birth.
    assert participant.email not in text and other_participant.email not in text
    assert participant.date_of_birth.isoformat() not in text
    assert reverse("participation_suspensions:participant", args=[participant.pk]) in text

    assert client_for(volunteer).get(LIST_URL).status_code == 403
    assert client_for(participant).get(LIST_URL).status_code in (302, 403)
    with pytest.raises(PermissionDenied):
        signals.linked_account_groups(viewer=volunteer)

    # A flag blocks nobody: both still take part and log in.
    for user in (participant, other_participant):
        user.refresh_from_db()
        assert participant_status(user) is ParticipantStatus.PARTICIPANT
    log_in(client, participant)


def test_one_account_on_several_devices_is_not_a_group(client, participant, senior_moderator):
    log_in_on_one_device(client, participant)
    client.cookies.clear()
    log_in_on_one_device(client, participant)
    assert AccountSignal.objects.filter(kind=SignalKind.DEVICE).count() == 2
    assert signals.linked_account_groups(viewer=senior_moderator) == []


def test_more_accounts_than_allowed_on_one_network_are_flagged(senior_moderator, settings):
    settings.HUB_ACCOUNTS_PER_NETWORK = 5
    accounts = ParticipantFactory.create_batch(7)
    for number, user in enumerate(accounts, start=1):
        # Different addresses in the same /24.
        signals.account_signals_record(user=user, device_token=None, address=f"203.0.113.{number}")
    groups = signals.linked_account_groups(viewer=senior_moderator)
    assert [(group.kind, len(group.accounts)) for group in groups] == [(SignalKind.NETWORK, 7)]


def test_a_school_sized_handful_on_one_network_is_not_flagged(senior_moderator, settings):
    settings.HUB_ACCOUNTS_PER_NETWORK = 5
    for user in ParticipantFactory.create_batch(5):
        signals.account_signals_record(user=user, device_token=None, address="203.0.113.9")
    assert signals.linked_account_groups(viewer=senior_moderator) == []


def test_ipv6_networks_are_counted_by_their_48(senior_moderator, settings):
    settings.HUB_ACCOUNTS_PER_NETWORK = 1
    first, second = ParticipantFactory.create_batch(2)
    signals.account_signals_record(user=first, device_token=None, address="2001:db8:1:2::7")
    signals.account_signals_record(user=second, device_token=None, address="2001:db8:1:ffff::9")
    assert len(signals.linked_account_groups(viewer=senior_moderator)) == 1


def test_signals_older_than_the_window_are_not_used_and_are_deleted(
    participant, other_participant, senior_moderator, settings
):
    settings.HUB_DUPLICATE_SIGNAL_DAYS = 30
    token = signals.new_device_token()
    long_ago = timezone.now() - dt.timedelta(days=31)
    signals.account_signals_record(user=participant, device_token=token, address=None, now=long_ago)
    signals.account_signals_record(user=other_participant, device_token=token, address=None)
    assert signals.linked_account_groups(viewer=senior_moderator) == []

    assert signals.account_signals_delete_expired() == 1
    assert list(AccountSignal.objects.values_list("user", flat=True)) == [other_participant.pk]


def test_the_raw_cookie_and_address_are_never_stored(client, participant):
    response = log_in(client, participant, REMOTE_ADDR="198.51.100.20")
    token = response.cookies[signals.DEVICE_COOKIE].value
    stored = [str(row) for row in AccountSignal.objects.values_list()]
    assert len(stored) == 2
    for secret in (token, "198.51.100.20", "198.51.100.0"):
        assert not any(secret in row for row in stored)
    assert AccountSignal.objects.get(kind=SignalKind.DEVICE).digest == signals.keyed_digest(
        SignalKind.DEVICE, token
    )


def test_staff_are_not_recorded(client, volunteer):
    log_in(client, volunteer)
    # Staff finish logging in with their code; only then are they logged in at all.
    response = client.post("/accounts/2fa/authenticate/", {"code": auth.current_code(volunteer)})
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200
    assert not AccountSignal.objects.exists()


def test_signing_up_on_a_device_already_seen_links_the_new_account(
    client, participant, senior_moderator, site
):
    log_in_on_one_device(client, participant)
    client.post(
        reverse("account_signup"),
        {
            "email": "newcomer@example.org",
            "password1": "correct-horse-battery-9",
            "password2": "correct-horse-battery-9",
            "display_name": "SecondSelf",
            "date_of_birth": "2009-04-01",
            "region": "W92000004",
            "accept_house_rules": "on",
        },
    )
    groups = signals.linked_account_groups(viewer=senior_moderator)
    assert [sorted(a.name for a in g.accounts) for g in groups] == [
        sorted([participant.display_name, "SecondSelf"])
    ]


def test_a_senior_moderator_dismisses_a_group_with_a_log_entry(
    client, participant, other_participant, senior_moderator, client_for
):
    log_in_on_one_device(client, participant, other_participant)
    [group] = signals.linked_account_groups(viewer=senior_moderator)
    moderator = client_for(senior_moderator)
    response = moderator.post(DISMISS_URL, {"kind": group.kind, "digest": group.digest})
    assert response.status_code == 302
    assert "No linked accounts to look at" in moderator.get(LIST_URL).content.decode()
    entries = ModelLogEntry.objects.filter(action=signals.DISMISS_ACTION)
    assert {int(entry.object_id) for entry in entries} == {participant.pk, other_participant.pk}
    assert {entry.user_id for entry in entries} == {senior_moderator.pk}

    # A third account on the same device brings the group back.
    third = ParticipantFactory(display_name="ThirdOne")
    log_in_on_one_device(client, third)
    [again] = signals.linked_account_groups(viewer=senior_moderator)
    assert "ThirdOne" in [account.name for account in again.accounts]


def test_dismissing_twice_or_a_made_up_group_changes_nothing(
    client, participant, other_participant, senior_moderator, volunteer, client_for
):
    log_in_on_one_device(client, participant, other_participant)
    [group] = signals.linked_account_groups(viewer=senior_moderator)
    with pytest.raises(PermissionDenied):
        signals.linked_accounts_dismiss(moderator=volunteer, kind=group.kind, digest=group.digest)
    assert (
        client_for(volunteer)
        .post(DISMISS_URL, {"kind": group.kind, "digest": group.digest})
        .status_code
        == 403
    )
    assert not LinkedAccountsDismissal.objects.exists()

    signals.linked_accounts_dismiss(
        moderator=senior_moderator, kind=group.kind, digest=group.digest
    )
    with pytest.raises(ValidationError, match="aren't flagged any more"):
        signals.linked_accounts_dismiss(
            moderator=senior_moderator, kind=group.kind, digest=group.digest
        )
    response = client_for(senior_moderator).post(
        DISMISS_URL, {"kind": "device", "digest": "not-a-digest" * 20}, follow=True
    )
    assert "aren't flagged any more" in response.content.decode().replace("&#x27;", "'")
    assert LinkedAccountsDismissal.objects.count() == 1


def test_the_menu_item_is_for_senior_moderators(senior_moderator, volunteer, client_for):
    assert "Linked accounts" in client_for(senior_moderator).get("/admin/").content.decode()
    assert "Linked accounts" not in client_for(volunteer).get("/admin/").content.decode()
