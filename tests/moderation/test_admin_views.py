"""The volunteer screens in the Wagtail admin: what each role reaches, bad input, and
the queue page's query count staying flat as the queue grows."""

import datetime as dt
import html

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from moderation import selectors, services
from moderation.models import AuditEntry, ModerationItem, Status
from tests.factories import UserFactory
from tests.moderation.conftest import refreshed
from tests.moderation.testapp.models import Comment

pytestmark = pytest.mark.django_db

QUEUE = "/admin/moderation/"


def item_url(item, action=""):
    return f"/admin/moderation/items/{item.pk}/" + (f"{action}/" if action else "")


def approve(client, item):
    return client.post(item_url(item, "approve"), {"approve-version": item.version})


# --- Who reaches what --------------------------------------------------------------

PAGES = {
    "queue": QUEUE,
    "escalations": "/admin/moderation/escalations/",
    "metrics": "/admin/moderation/metrics/",
    "audit log": "/admin/moderation/audit-log/",
    "house rules": "/admin/snippets/moderation/houserulereason/",
    "screening": "/admin/settings/moderation/screeningsettings/",
}

REACHES = {
    "volunteer": {"queue", "metrics"},
    "senior_moderator": set(PAGES),
    "policy_editor": {"queue", "escalations", "metrics", "audit log"},
    "admin": set(PAGES),
}


@pytest.mark.parametrize("page", sorted(PAGES))
@pytest.mark.parametrize("who", sorted(REACHES))
def test_each_role_reaches_only_its_pages(request, client_for, site, who, page):
    response = client_for(request.getfixturevalue(who)).get(PAGES[page], follow=True)
    reached = response.status_code == 200 and response.request["PATH_INFO"].startswith(PAGES[page])
    assert reached is (page in REACHES[who])


@pytest.mark.parametrize("page", ["queue", "escalations", "metrics"])
def test_admin_users_without_moderation_permissions_get_403(client_for, page):
    staff = UserFactory(display_name="EditorNoModeration", is_staff=True)
    from django.contrib.auth.models import Permission

    staff.user_permissions.add(Permission.objects.get(codename="access_admin"))
    assert client_for(staff).get(PAGES[page]).status_code == 403


@pytest.mark.parametrize("who", ["participant", "unverified"])
def test_young_people_are_kept_out_of_the_admin(request, client_for, item, who):
    client = client_for(request.getfixturevalue(who))
    assert client.get(QUEUE)["Location"].startswith("/admin/login/")
    response = approve(client, item)
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")
    assert refreshed(item).status == Status.PENDING


def test_visitors_are_sent_to_log_in(visitor, item):
    assert visitor.get(item_url(item))["Location"].startswith("/admin/login/")


def test_a_policy_editor_sees_but_cannot_decide(client_for, policy_editor, item):
    client = client_for(policy_editor)
    page = client.get(item_url(item))
    assert page.status_code == 200 and "Your decision" not in page.content.decode()
    assert approve(client, item).status_code == 403
    assert client.post("/admin/moderation/next/").status_code == 403
    assert refreshed(item).status == Status.PENDING


def test_a_volunteer_cannot_open_an_escalated_item(client_for, volunteer, senior_moderator, item):
    services.item_escalate(
        item=item, moderator=senior_moderator, kind="safeguarding", reason="worried"
    )
    response = client_for(volunteer).get(item_url(item))
    assert response.status_code == 403
    assert "senior moderators" in response.content.decode()
    assert approve(client_for(volunteer), refreshed(item)).status_code == 403


@pytest.mark.parametrize(
    "action", ["", "claim", "approve", "reject", "escalate", "redact", "release"]
)
def test_a_tampered_id_is_not_found(client_for, volunteer, action):
    client = client_for(volunteer)
    url = (
        f"/admin/moderation/items/999999/{action}/" if action else "/admin/moderation/items/999999/"
    )
    response = client.post(url) if action else client.get(url)
    assert response.status_code == 404


# --- Working the queue -------------------------------------------------------------


def test_take_next_opens_the_item_with_its_context(client_for, volunteer, make_item, participant):
    item = make_item("Please call 07700 900123 about Exam stress")
    client = client_for(volunteer)
    response = client.post("/admin/moderation/next/")
    assert response["Location"] == item_url(item)
    page = client.get(item_url(item)).content.decode()
    assert "Topic: Exam stress" in page
    assert "QuietOtter" in page  # the author's display name
    assert participant.email not in page and "date of birth" not in page.lower()
    assert "Personal details: phone number" in page  # the flag, in words
    assert '<mark class="moderation-flag moderation-flag--personal">' in page
    assert 'accesskey="a"' in page and 'accesskey="n"' not in page


def test_the_risk_guidance_is_shown_first(client_for, volunteer, make_item):
    item = make_item("I want to kill myself")
    page = client_for(volunteer).get(item_url(item)).content.decode()
    assert page.index("Safeguarding: please read first") < page.index("What they wrote")
    assert "Escalate" in page


def test_approving_from_the_item_page(client_for, volunteer, item):
    client = client_for(volunteer)
    client.post(item_url(item, "claim"))
    response = approve(client, item)
    assert response["Location"] == QUEUE
    assert refreshed(item).status == Status.APPROVED
    assert "Approved" in client.get(QUEUE).content.decode()


def test_rejecting_with_a_reason_and_note(client_for, volunteer, item):
    response = client_for(volunteer).post(
        item_url(item, "reject"),
        {
            "reject-version": 1,
            "reject-reason": _reason_pk("unkind"),
            "reject-note_to_author": "Be kind",
        },
    )
    assert response.status_code == 302
    assert (refreshed(item).status, refreshed(item).note_to_author) == (Status.REJECTED, "Be kind")


def _reason_pk(code):
    from moderation.models import HouseRuleReason

    return HouseRuleReason.objects.get(code=code).pk


@pytest.mark.parametrize(
    ("action", "data", "error"),
    [
        ("escalate", {"escalate-reason": ""}, "Please write something here."),
        ("escalate", {"escalate-reason": "x" * 1001}, "1000 characters or fewer"),
        ("reject", {"reject-reason": "", "reject-note_to_author": ""}, "Choose a reason"),
        (
            "reject",
            {"reject-reason": "__unkind__", "reject-note_to_author": "x" * 1001},
            "1000 characters or fewer",
        ),
        ("redact", {"redact-phrase": "not in the text"}, "aren't in the text"),
        ("redact", {}, "Choose the words to remove."),
    ],
)
def test_an_empty_or_oversized_note_is_a_form_error(
    client_for, volunteer, item, action, data, error
):
    data = {
        key: _reason_pk("unkind") if value == "__unkind__" else value for key, value in data.items()
    }
    data[f"{action}-version"] = item.version
    entries = AuditEntry.objects.count()
    response = client_for(volunteer).post(item_url(item, action), data)
    assert response.status_code == 200
    assert error in html.unescape(response.content.decode())
    after = refreshed(item)
    assert (after.status, after.redactions) == (Status.PENDING, [])
    assert AuditEntry.objects.count() == entries


def test_a_decision_on_an_item_someone_else_claimed_changes_nothing(
    client_for, volunteer, senior_moderator, item
):
    services.item_claim(item=item, moderator=senior_moderator)
    client = client_for(volunteer)
    response = approve(client, item)
    assert response["Location"] == item_url(item)
    page = client.get(item_url(item)).content.decode()
    assert "SafeLead is already working on this item" in page
    assert refreshed(item).status == Status.PENDING


def test_a_decision_on_a_decided_item_changes_nothing(
    client_for, volunteer, senior_moderator, item
):
    services.item_reject(item=item, moderator=senior_moderator, reason="unkind")
    client = client_for(volunteer)
    approve(client, item)
    assert "already been decided (not approved)" in client.get(QUEUE).content.decode()
    assert refreshed(item).status == Status.REJECTED


def test_redacting_from_the_item_page(client_for, volunteer, senior_moderator, make_item):
    item = make_item("Text me on 07700 900123")
    phone = item.flag_list[0]
    value = f"{phone.field}:{phone.start}:{phone.end}"
    client = client_for(volunteer)
    response = client.post(item_url(item, "redact"), {"redact-version": 1, "redact-spans": [value]})
    assert response["Location"] == item_url(item)
    volunteer_view = client.get(item_url(item)).content.decode()
    assert "Text me on [removed]" in volunteer_view and "07700 900123" not in volunteer_view
    senior_view = client_for(senior_moderator).get(item_url(item)).content.decode()
    assert "07700 900123" in senior_view and "Only senior moderators see this" in senior_view


def test_giving_an_item_back(client_for, volunteer, item):
    client = client_for(volunteer)
    client.post(item_url(item, "claim"))
    assert refreshed(item).claimed_by == volunteer
    client.post(item_url(item, "release"))
    assert refreshed(item).claimed_by is None


def test_an_empty_queue_is_said_calmly(client_for, volunteer):
    client = client_for(volunteer)
    response = client.post("/admin/moderation/next/", follow=True)
    assert "The queue is empty. Thank you" in response.content.decode()


def test_the_queue_filters_by_type_flag_and_age(client_for, volunteer, make_item, make_suggestion):
    plain = make_item("plain words")
    risky = make_item("I want to end it all")
    suggestion = selectors.item_for(make_suggestion())
    ModerationItem.objects.filter(pk=plain.pk).update(
        queued_at=timezone.now() - dt.timedelta(days=2)
    )
    client = client_for(volunteer)

    def shown(query):
        page = client.get(QUEUE + query).content.decode()
        return {i.pk for i in (plain, risky, suggestion) if item_url(i) in page}

    comment_type = ContentType.objects.get_for_model(Comment).pk
    assert shown("") == {plain.pk, risky.pk, suggestion.pk}
    assert shown(f"?type={comment_type}") == {plain.pk, risky.pk}
    assert shown("?flag=risk") == {risky.pk}
    assert shown("?flag=none") == {plain.pk, suggestion.pk}
    assert shown("?age=1d") == {plain.pk}


def test_the_menu_shows_queue_counts(client_for, senior_moderator, volunteer, make_item):
    for number in range(3):
        make_item(f"comment {number}")
    services.item_escalate(
        item=make_item("worry"), moderator=volunteer, kind="safeguarding", reason="worried"
    )
    page = client_for(senior_moderator).get("/admin/").content.decode()
    assert "Queue (3)" in page and "Escalations (1)" in page
    assert "Escalations (" not in client_for(volunteer).get("/admin/").content.decode()


def test_menu_counts_stop_at_the_cap(client_for, volunteer, make_item, settings):
    settings.MODERATION_MENU_COUNT_CAP = 2
    for number in range(3):
        make_item(f"comment {number}")
    assert "Queue (2+)" in client_for(volunteer).get("/admin/").content.decode()


def test_reading_the_queue_ends_expired_claims(client_for, volunteer, senior_moderator, item):
    services.item_claim(item=item, moderator=senior_moderator)
    ModerationItem.objects.filter(pk=item.pk).update(
        claimed_until=timezone.now() - dt.timedelta(seconds=1)
    )
    client_for(volunteer).get(QUEUE)
    assert refreshed(item).claimed_by is None


# --- The queue page's query count does not grow with the queue ---------------------


def _fill_queue(topic, author, count):
    comment_type = ContentType.objects.get_for_model(Comment)
    comments = Comment.objects.bulk_create(
        Comment(topic=topic, author=author, body=f"Comment number {n}") for n in range(count)
    )
    now = timezone.now()
    ModerationItem.objects.bulk_create(
        ModerationItem(
            content_type=comment_type,
            object_id=comment.pk,
            author=author,
            text_snapshot={"body": comment.body},
            flags=[
                {
                    "kind": "personal",
                    "category": "phone",
                    "field": "body",
                    "start": 0,
                    "end": 7,
                    "text": "Comment",
                }
            ]
            if n % 3 == 0
            else [],
            has_personal_flag=n % 3 == 0,
            submitted_at=now - dt.timedelta(minutes=10 * n),
            queued_at=now - dt.timedelta(minutes=10 * n),
        )
        for n, comment in enumerate(comments)
    )


def _queue_queries(client, query=""):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(QUEUE + query)
    assert response.status_code == 200
    return len(captured.captured_queries), response


@pytest.mark.parametrize("query", ["", "?flag=personal&age=1h", "?page=2"])
def test_the_queue_page_runs_the_same_queries_at_10_and_1000_items(
    client_for, volunteer, senior_moderator, topic, participant, query
):
    client = client_for(volunteer)
    _fill_queue(topic, participant, 10)
    services.item_claim_next(moderator=senior_moderator)
    _queue_queries(client, query)  # warm the per-process caches (content types, settings)
    at_10, _ = _queue_queries(client, query)
    _fill_queue(topic, participant, 990)
    at_1000, response = _queue_queries(client, query)
    assert at_10 == at_1000
    assert response.context["page_obj"].paginator.count >= 10


def test_the_queue_page_stops_counting_at_the_cap(
    client_for, volunteer, topic, participant, settings
):
    settings.MODERATION_MENU_COUNT_CAP = 20
    _fill_queue(topic, participant, 25)
    response = client_for(volunteer).get(QUEUE)
    assert "More than 20 waiting" in response.content.decode()
    assert response.context["page_obj"].paginator.count == 20
