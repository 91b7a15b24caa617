"""Notifications: the email (both parts, the site's name, one-click unsubscribe), the
messages list, preferences, and sending through the task interface."""

import re

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django_tasks import default_task_backend
from django_tasks.base import Task

from moderation.models import Notice
from moderation.services import notice_send
from moderation.services.notices import send_notice_email
from participation.models import NotificationPreferences
from participation.services.notifications import (
    NotificationKind,
    notification_email_stop,
    notification_preferences_update,
    notify,
    preferences_for,
)

pytestmark = pytest.mark.django_db

LINK = "/campaigns/clean-air/"


@pytest.fixture
def send(django_capture_on_commit_callbacks):
    """Notify as a service does: the email goes once the change commits."""

    def _send(recipient, kind=NotificationKind.CAMPAIGN_UPDATE, **words):
        words = {
            "subject": "Clean air: the council said yes",
            "message": "The campaign you follow has news: the council agreed to clean air zones.",
            "link": LINK,
            **words,
        }
        with django_capture_on_commit_callbacks(execute=True):
            return notify(recipient=recipient, kind=kind, **words)

    return _send


def switch_everything_off(user):
    notification_preferences_update(
        user=user, email_decisions=False, email_round_openings=False, email_campaign_updates=False
    )


def unsubscribe_path(message) -> str:
    header = message.extra_headers["List-Unsubscribe"]
    match = re.fullmatch(r"<http://testserver(/me/unsubscribe/[^/>]+/)>", header)
    assert match, header
    return match.group(1)


# --- The email ---------------------------------------------------------------------


def test_the_email_has_a_text_and_an_html_part_with_the_sites_name(site, participant, send):
    site.site_name = "Young Voices"
    site.save()
    send(participant)
    [message] = mail.outbox
    assert message.to == [participant.email]
    assert message.subject == "[Young Voices] Clean air: the council said yes"
    assert "the council agreed to clean air zones" in message.body
    assert f"http://testserver{LINK}" in message.body  # from the configured base address
    assert "The Young Voices team" in message.body
    [(html, mimetype)] = message.alternatives
    assert mimetype == "text/html"
    assert "the council agreed to clean air zones" in html
    assert f'href="http://testserver{LINK}"' in html
    assert "Young Voices" in html
    assert "campaigns you follow" in message.body


def test_the_email_says_its_words_safely_in_html(participant, send):
    send(participant, message="A <script>alert(1)</script> & “quotes”")
    [message] = mail.outbox
    html = message.alternatives[0][0]
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "A <script>alert(1)</script> & “quotes”" in message.body  # text is not escaped


def test_the_email_has_one_click_unsubscribe_headers_with_a_working_address(
    participant, send, visitor
):
    send(participant)
    [message] = mail.outbox
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    path = unsubscribe_path(message)
    assert f"http://testserver{path}" in message.body
    assert f"http://testserver{path}" in message.alternatives[0][0]
    assert "http://testserver/me/notifications/" in message.body
    page = visitor.get(path)
    assert page.status_code == 200
    assert "Stop these emails?" in page.text


def test_a_notice_without_a_subject_stays_in_the_site(participant, send):
    notice = send(participant, subject="")
    assert notice is not None and Notice.objects.filter(pk=notice.pk).exists()
    assert mail.outbox == []


def test_a_subject_is_always_one_line(participant, send):
    send(participant, subject="Clean air\r\nBcc: someone@example.org")
    assert mail.outbox[0].subject.endswith("Clean air Bcc: someone@example.org")


def test_an_unknown_kind_is_refused(participant):
    with pytest.raises(ValueError, match="Unknown notification kind"):
        notify(recipient=participant, kind="gossip", subject="Hi", message="Hello", link="")


# --- The messages list shows the same ------------------------------------------------


def test_every_emailed_notice_is_in_the_messages_list_with_its_link(participant, send, client_for):
    notice = send(participant)
    assert notice.kind == NotificationKind.CAMPAIGN_UPDATE
    assert notice.subject == "Clean air: the council said yes"
    page = client_for(participant).get(reverse("moderation:notice-list"))
    assert "Clean air: the council said yes" in page.text
    assert "the council agreed to clean air zones" in page.text
    assert f'href="{LINK}"' in page.text


# --- Preferences are respected --------------------------------------------------------


def test_everything_is_emailed_until_someone_chooses(participant):
    preferences = preferences_for(participant)
    assert preferences.pk is None
    assert all(preferences.wants_email(kind) for kind in NotificationKind.values)


@pytest.mark.parametrize(
    "kind",
    [NotificationKind.DECISION, NotificationKind.ROUND_OPENING, NotificationKind.CAMPAIGN_UPDATE],
)
def test_a_kind_switched_off_is_not_emailed_but_is_still_in_messages(participant, send, kind):
    switch_everything_off(participant)
    notice = send(participant, kind=kind)
    assert mail.outbox == []
    assert Notice.objects.filter(pk=notice.pk, recipient=participant, kind=kind).exists()


def test_switching_one_kind_off_leaves_the_others(participant, send):
    notification_email_stop(user=participant, kind=NotificationKind.CAMPAIGN_UPDATE)
    send(participant, kind=NotificationKind.CAMPAIGN_UPDATE)
    send(participant, kind=NotificationKind.DECISION, subject="About your nomination")
    assert [m.subject for m in mail.outbox] == ["[Listening Hub] About your nomination"]


@pytest.mark.parametrize("kind", [NotificationKind.SAFEGUARDING, NotificationKind.STAFF_ALERT])
def test_safety_messages_and_staff_alerts_always_arrive(
    participant, kind, django_capture_on_commit_callbacks
):
    switch_everything_off(participant)
    with django_capture_on_commit_callbacks(execute=True):
        notice = notice_send(
            recipient=participant,
            kind=kind,
            message="There are people you can talk to today.",
            link="/get-help/",
            subject="We're here for you",
        )
    assert notice is not None
    [message] = mail.outbox
    assert "List-Unsubscribe" not in message.extra_headers  # nothing to unsubscribe from
    assert "can't be switched off" in message.body


@pytest.mark.parametrize("kind", [NotificationKind.SAFEGUARDING, NotificationKind.STAFF_ALERT])
def test_safety_messages_and_staff_alerts_cannot_be_switched_off(participant, kind):
    with pytest.raises(ValidationError, match="can't be switched off"):
        notification_email_stop(user=participant, kind=kind)
    assert not NotificationPreferences.objects.filter(user=participant).exists()


def test_a_safeguarding_message_from_a_case_arrives_in_the_site_whatever_was_chosen(participant):
    """case_message_young_person sends kind SAFEGUARDING: a policy can't silence it."""
    from moderation import registry

    previous = registry.set_notice_policy(
        lambda recipient, kind: registry.NoticeDelivery(in_site=False, email=False)
    )
    try:
        notice = notice_send(
            recipient=participant,
            kind=NotificationKind.SAFEGUARDING,
            message="Hi, we wanted to check you're OK.",
            link="/get-help/",
        )
        silenced = notice_send(
            recipient=participant, kind=NotificationKind.DECISION, message="x", subject="y"
        )
    finally:
        registry.set_notice_policy(previous)
    assert notice is not None and notice.kind == NotificationKind.SAFEGUARDING
    assert silenced is None


# --- The preferences page -------------------------------------------------------------


def test_the_preferences_page_needs_a_login(visitor):
    page = visitor.get(reverse("participation:notification-preferences"))
    assert page.status_code == 302 and "/accounts/login/" in page.url


def test_the_preferences_page_starts_with_every_switch_on(participant, client_for):
    page = client_for(participant).get(reverse("participation:notification-preferences"))
    assert page.status_code == 200
    assert page.text.count("checked") == 3
    assert "Updates on campaigns I follow" in page.text
    assert "can't be switched off" in page.text


def test_saving_preferences_redirects_with_a_message(participant, client_for):
    client = client_for(participant)
    url = reverse("participation:notification-preferences")
    response = client.post(url, {"email_decisions": "on"}, follow=True)
    assert response.redirect_chain == [(url, 302)]
    assert "Your email choices are saved." in response.text
    preferences = NotificationPreferences.objects.get(user=participant)
    assert preferences.email_decisions
    assert not preferences.email_round_openings and not preferences.email_campaign_updates
    assert response.text.count("checked") == 1


def test_the_account_page_links_to_the_preferences(participant, client_for):
    page = client_for(participant).get(reverse("participation:profile-detail"))
    assert reverse("participation:notification-preferences") in page.text


# --- Through the task interface, never in the request ------------------------------


def test_the_email_is_a_task(participant):
    assert isinstance(send_notice_email, Task)


def test_the_email_is_enqueued_not_sent_in_the_request(participant, send, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    default_task_backend.clear()
    notice = send(participant)
    assert mail.outbox == []
    [result] = default_task_backend.results
    assert result.task.func is send_notice_email.func
    assert result.kwargs == {"notice_id": notice.pk}  # no address or words in the queue
    send_notice_email.call(**result.kwargs)
    assert [m.to for m in mail.outbox] == [[participant.email]]


def test_an_email_switched_off_before_it_goes_is_not_sent(participant, send, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    default_task_backend.clear()
    send(participant)
    notification_email_stop(user=participant, kind=NotificationKind.CAMPAIGN_UPDATE)
    [result] = default_task_backend.results
    send_notice_email.call(**result.kwargs)
    assert mail.outbox == []


def test_no_email_for_an_account_that_has_gone(participant, send, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    default_task_backend.clear()
    send(participant)
    participant.delete()
    send_notice_email.call(**default_task_backend.results[0].kwargs)
    assert mail.outbox == []
