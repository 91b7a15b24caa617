"""On the public site: reporting something, reading notices, and the submission message."""

import html

import pytest
from django.contrib.contenttypes.models import ContentType
from django.template.loader import render_to_string
from django.test import RequestFactory

from moderation import selectors, services
from moderation.models import Notice, Status
from moderation.templatetags.moderation_tags import report_url, unread_notice_count
from tests.moderation.conftest import refreshed
from tests.moderation.testapp.models import Comment

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(comment, item, volunteer):
    services.item_approve(item=item, moderator=volunteer)
    return comment


def test_the_report_link_needs_no_query(published, django_assert_num_queries):
    ContentType.objects.get_for_model(Comment)
    with django_assert_num_queries(0):
        url = report_url(published)
    assert (
        url == f"/moderation/report/{ContentType.objects.get_for_model(Comment).pk}/{published.pk}/"
    )


def test_reporting_a_published_comment(client_for, other_participant, published):
    client = client_for(other_participant)
    url = report_url(published)
    page = client.get(url)
    assert page.status_code == 200
    assert "Report this comment" in page.content.decode()
    response = client.post(url, {"reason": "It is unkind to someone"})
    assert response.status_code == 302 and response["Location"] == f"/topics/{published.topic_id}/"
    assert refreshed(selectors.item_for(published)).status == Status.REPORTED


@pytest.mark.parametrize("reason", ["", "x" * 1001])
def test_an_empty_or_oversized_report_is_a_form_error(
    client_for, other_participant, published, reason
):
    response = client_for(other_participant).post(report_url(published), {"reason": reason})
    assert response.status_code == 200
    assert response.context["form"].errors["reason"]
    assert refreshed(selectors.item_for(published)).status == Status.APPROVED


def test_a_second_report_is_a_gentle_message(client_for, other_participant, published):
    client = client_for(other_participant)
    client.post(report_url(published), {"reason": "Unkind"})
    response = client.post(report_url(published), {"reason": "Still unkind"})
    assert "already reported this" in html.unescape(response.content.decode())


def test_what_is_not_public_cannot_be_reported_and_is_not_found(
    client_for, other_participant, comment
):
    assert client_for(other_participant).get(report_url(comment)).status_code == 404


@pytest.mark.parametrize("url", ["/moderation/report/999999/1/", "/moderation/report/1/999999/"])
def test_a_tampered_report_address_is_not_found(client_for, other_participant, url):
    assert client_for(other_participant).get(url).status_code == 404


def test_visitors_are_asked_to_sign_in_before_reporting(visitor, published):
    response = visitor.get(report_url(published))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_authors_read_their_notices(client_for, participant, published):
    assert unread_notice_count(participant) == 1
    client = client_for(participant)
    page = client.get("/moderation/notices/").content.decode()
    assert "is now on the Listening Hub" in html.unescape(page)
    notice = Notice.objects.get(recipient=participant)
    client.post(f"/moderation/notices/{notice.pk}/read/")
    assert unread_notice_count(participant) == 0


def test_nobody_can_mark_someone_elses_notice(
    client_for, other_participant, participant, published
):
    notice = Notice.objects.get(recipient=participant)
    assert (
        client_for(other_participant).post(f"/moderation/notices/{notice.pk}/read/").status_code
        == 404
    )
    assert refreshed_notice(notice).read_at is None


def refreshed_notice(notice):
    return Notice.objects.get(pk=notice.pk)


def test_marking_all_notices_read(client_for, participant, make_item, volunteer):
    for number in range(3):
        services.item_approve(item=make_item(f"comment {number}"), moderator=volunteer)
    client_for(participant).post("/moderation/notices/read-all/")
    assert unread_notice_count(participant) == 0


def _render_received(item, site):
    request = RequestFactory().get("/")
    request.site = site
    return render_to_string(
        "moderation/includes/submission_received.html", {"item": item}, request=request
    )


def test_after_submitting_the_author_is_thanked_never_blocked(item, site):
    text = _render_received(item, site)
    assert "Thank you for sharing" in text and "block" not in text.lower()
    assert "talk to someone" not in text


def test_after_risky_words_the_author_sees_support_at_once(make_item, site):
    text = _render_received(make_item("I want to kill myself"), site)
    assert "You can talk to someone now" in text
    assert "Samaritans" in text  # the helplines from the site's safety settings
    assert "block" not in text.lower()
