"""Hostile words from young people come out inert on every surface that shows them.

Each field is filled the way a participant fills it (through the service the form
calls), then every page, list, admin screen, API answer and email that shows it is
parsed with html5lib (tests/security/inert.py): no script, handler, scripting
address, frame or style from the input, and the words themselves still shown.

The whole corpus goes through the cheapest surface of each field; a fixed sample of
40 goes through every surface.
"""

import contextlib

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from moderation import services as moderation
from moderation.models import HouseRuleReason, ModerationItem
from moderation.selectors import item_for
from participation.services import accounts, notifications
from participation.services import nominations as services
from tests.factories import ParticipantFactory
from tests.participation.factories import approve, campaign_vote, topic
from tests.security.inert import assert_inert
from tests.security.payloads import chunks, load, marked, sample
from tests.security.surfaces import json_inert, page_html, shown_inert

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_rate_limits(settings):
    """Hundreds of submissions from one person in seconds: the limits have their own tests."""
    settings.RATELIMIT_ENABLE = False


QUEUE = "/admin/moderation/"


def item_url(item):
    return f"/admin/moderation/items/{item.pk}/"


def detail_url(vote, nomination):
    return vote.url + vote.reverse_subpage("nomination-detail", args=[nomination.pk])


def nominate(vote, author, number, payload):
    marker, title = marked(number, payload, limit=services.TITLE_MAX)
    _, description = marked(number, payload, limit=services.DESCRIPTION_MAX)
    nomination, item = services.nomination_submit(
        participant=author,
        campaign_vote=vote,
        title=title,
        description=description,
        topic=topic(),
    )
    return marker, nomination, item


@pytest.fixture
def open_vote(site):
    return campaign_vote(open_round=None)


def packed_nomination(vote, author, start, payloads):
    """Ten payloads in one nomination's words (the first also its title), each behind
    its own marker: a payload that swallowed the next would lose that marker."""
    per = services.DESCRIPTION_MAX // len(payloads) - 2
    parts = [marked(n, p, limit=per) for n, p in enumerate(payloads, start=start)]
    _, title = marked(start, payloads[0], limit=services.TITLE_MAX)
    nomination, _ = services.nomination_submit(
        participant=author,
        campaign_vote=vote,
        title=title,
        description="\n\n".join(value for _, value in parts),
        topic=topic(),
    )
    # bleach strips tags as it stores the words; a payload left open (a lone "<img")
    # can take the next marker with it. Markers that were stored must be shown.
    stored = nomination.title + nomination.description
    return [marker for marker, _ in parts if marker in stored], nomination


def test_every_payload_in_a_nomination_is_inert_for_its_author(open_vote, participant, client_for):
    """The cheapest surface of a nomination's title and words: the author's own view."""
    client = client_for(participant)
    _, clean = packed_nomination(open_vote, participant, 900, ["Plain words"] * 10)
    baseline = page_html(client, detail_url(open_vote, clean))
    for start, payloads in chunks(10):
        markers, nomination = packed_nomination(open_vote, participant, start, payloads)
        shown_inert(
            client,
            detail_url(open_vote, nomination),
            markers,
            baseline=baseline,
            what=f"payloads {start}-{start + len(payloads) - 1}",
        )


def test_every_payload_as_a_display_name_is_refused_or_inert(participant, client_for):
    client = client_for(participant)
    url = reverse("participation:profile-detail")
    baseline = page_html(client, url)
    for number, payload in enumerate(load()):
        _, name = marked(number, payload, limit=40)
        try:
            accounts.participant_profile_update(
                user=participant, display_name=name, region=participant.region
            )
        except ValidationError:
            continue
        assert_inert(page_html(client, url), baseline=baseline, what=f"name {number}")


@pytest.fixture
def sampled_world(open_vote, participant, other_participant, volunteer, senior_moderator):
    """Sampled payloads as approved nominations, each with an approved statement and a
    report on it, and a pending one per payload left in the queue."""
    made = []
    writers = [ParticipantFactory() for _ in range(2)]
    for number, payload in enumerate(sample()):
        marker, nomination, _ = nominate(open_vote, participant, number, payload)
        try:
            approve(nomination, senior_moderator)
        except (ValidationError, PermissionDenied):
            continue  # screened out as risky: the queue tests below still show it
        _, statement_text = marked(number, payload, limit=services.STATEMENT_MAX)
        statement, _ = services.statement_submit(
            participant=writers[number % 2], nomination=nomination, text=statement_text
        )
        with contextlib.suppress(ValidationError, PermissionDenied):
            approve(statement, senior_moderator)
        _, reason = marked(number, payload, limit=300)
        # A report limit may refuse some; the reported ones are checked below.
        with contextlib.suppress(ValidationError, PermissionDenied):
            moderation.item_report(
                item=item_for(nomination), reporter=other_participant, reason=reason
            )
        made.append((marker, nomination))
    assert len(made) > 20
    return made


def test_sampled_payloads_are_inert_on_every_public_surface(open_vote, sampled_world, visitor):
    markers = [marker for marker, _ in sampled_world]
    shown_inert(visitor, open_vote.url, markers[:10], what="vote page")
    for marker, nomination in sampled_world:
        shown_inert(visitor, detail_url(open_vote, nomination), [marker], what="public detail")
    for marker, _ in sampled_world[:10]:
        html = page_html(visitor, f"/search/?q={marker}")
        assert_inert(html, what=f"search for {marker}")
    json_inert(visitor, f"/api/v1/votes/{open_vote.pk}", what="API vote")


def test_sampled_payloads_are_inert_in_the_moderation_screens(
    open_vote, sampled_world, participant, senior_moderator, client_for
):
    client = client_for(senior_moderator)
    # The queue holds pending copies of every sampled payload.
    pending = []
    for number, payload in enumerate(sample()):
        marker, _, item = nominate(open_vote, participant, 500 + number, payload)
        pending.append((marker, item))
    baseline = page_html(client, QUEUE)
    assert_inert(page_html(client, QUEUE + "?page=1"), baseline=baseline, what="queue")
    for marker, item in pending[:15]:
        shown_inert(client, item_url(item), [marker], what="pending item")
    reported = ModerationItem.objects.filter(reports__isnull=False).distinct()[:10]
    for item in reported:
        assert_inert(page_html(client, item_url(item)), what="reported item")


def _reject(vote, author, moderator, number, payload, capture):
    """A nomination turned down with the payload as the moderator's note; its emails
    (sent once the decision commits)."""
    reason = HouseRuleReason.objects.filter(is_active=True).first()
    marker, _, item = nominate(vote, author, number, payload)
    _, note = marked(number, payload, limit=400)
    mail.outbox.clear()
    with capture(execute=True):
        moderation.item_reject(item=item, moderator=moderator, reason=reason, note_to_author=note)
    return marker, list(mail.outbox)


def _html_parts(messages):
    return [body for m in messages for body, kind in m.alternatives if kind == "text/html"]


def test_sampled_rejection_notes_are_inert_in_notices_and_emails(
    open_vote, participant, senior_moderator, client_for, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    notifications.notification_preferences_update(
        user=participant,
        email_decisions=True,
        email_round_openings=False,
        email_campaign_updates=False,
    )
    client = client_for(participant)
    notices = reverse("moderation:notice-list")
    _, plain_emails = _reject(open_vote, participant, senior_moderator, 999, "Plain words", capture)
    [baseline] = _html_parts(plain_emails)
    emails_checked = 0
    for number, payload in enumerate(sample(20)):
        try:
            marker, emails = _reject(
                open_vote, participant, senior_moderator, number, payload, capture
            )
        except (ValidationError, PermissionDenied):
            continue
        html = page_html(client, notices)
        assert_inert(html, what=f"notices {number}")
        assert marker in html
        for message in emails:
            assert marker in message.body  # the plain-text part, as written
        for body in _html_parts(emails):
            assert_inert(body, baseline=baseline, what=f"email {number}")
            emails_checked += 1
    assert emails_checked > 10


def test_sampled_feedback_comments_are_inert_for_staff(
    site, visitor, client_for, senior_moderator, admin
):
    page = site.root_page
    moderator, staff = client_for(senior_moderator), client_for(admin)
    report_baseline = page_html(staff, "/admin/feedback/")
    shown = []
    for number, payload in enumerate(sample(20)):
        marker, comment = marked(number, payload, limit=500)
        response = visitor.post(
            reverse("page-feedback", args=[page.pk]), {"useful": "no", "comment": comment}
        )
        assert response.status_code == 302
        item = ModerationItem.objects.order_by("-pk").first()
        assert_inert(page_html(moderator, item_url(item)), what="feedback item")
        try:
            moderation.item_approve(item=item, moderator=senior_moderator)
        except (ValidationError, PermissionDenied):
            continue  # screened as risky: it stays with the senior moderators
        shown.append(marker)
    assert shown
    shown_inert(staff, "/admin/feedback/", shown[:5], baseline=report_baseline, what="report")


def test_sampled_payloads_as_search_queries_are_inert(visitor):
    """A search shows the query back; queries are cut to 200 characters and lose
    their markup before anything else (cms/search.py), so a sample of 80 is enough."""
    baseline = page_html(visitor, "/search/?q=plain+words")
    for number, payload in enumerate(sample(80)):
        response = visitor.get("/search/", {"q": payload})
        assert response.status_code == 200, (number, payload)
        assert_inert(response.content.decode(), baseline=baseline, what=f"search {number}")
