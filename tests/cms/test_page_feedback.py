"""The "Was this page useful?" form: answers counted, comments for moderators and staff only."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import reverse

from cms import roles, services
from cms.models import PageFeedback, StandardPage
from moderation import services as moderation_services
from moderation.models import ModerationItem, NoticeKind, Status
from tests.auth import log_in
from tests.participation.factories import home_page

COMMENT = "The exam stress advice helped but the links were hard to find zebrafruit"
PENDING_COMMENT = "Please add more about money worries quokkalantern"
REPORT = "/admin/feedback/"


@pytest.fixture(autouse=True)
def role_permissions(db):
    roles.sync_role_permissions()


@pytest.fixture
def page(db):
    return home_page()


@pytest.fixture
def client():
    return Client()


def send(client, page, **data):
    return client.post(f"/feedback/{page.pk}/", data)


def feedback_items():
    return ModerationItem.objects.filter(
        content_type=ContentType.objects.get_for_model(PageFeedback)
    )


def approve(item, moderator):
    moderation_services.item_claim(item=item, moderator=moderator)
    moderation_services.item_approve(item=item, moderator=moderator)


def public_pages_text(client, page) -> str:
    pages = [page.url, *(p.url for p in StandardPage.objects.live().public()[:3])]
    pages += [f"/search/?q={COMMENT.split()[-1]}"]
    return "".join(client.get(url).content.decode() for url in pages)


# --- Answering -------------------------------------------------------------------------


def test_every_page_shows_the_form_with_a_privacy_reminder(client, page):
    html = client.get(page.url).content.decode()
    assert 'id="page-feedback"' in html
    assert f'action="/feedback/{page.pk}/"' in html
    assert "Don't include your name, address or anything that could identify you" in html
    assert 'maxlength="500"' in html


def test_a_yes_without_a_comment_is_saved_and_counted(client, page, policy_editor):
    response = send(client, page, useful="yes")
    assert response.status_code == 302
    assert response["Location"] == page.url + "#page-feedback"
    feedback = PageFeedback.objects.get()
    assert (feedback.page_id, feedback.useful, feedback.comment) == (page.pk, True, "")
    assert not feedback_items().exists()
    send(client, page, useful="no")
    report = log_in(Client(), policy_editor)
    row = next(r for r in report.get(REPORT).context["by_page"] if r.page_id == page.pk)
    assert (row.yes, row.no, row.share_useful) == (1, 1, 50)


def test_refreshing_after_sending_changes_nothing(client, page):
    response = send(client, page, useful="yes")
    followed = client.get(response["Location"])
    assert followed.status_code == 200
    assert "Thank you for your feedback." in followed.content.decode()
    client.get(response["Location"])
    assert PageFeedback.objects.count() == 1


def test_the_thanks_is_shown_beside_the_form_the_page_comes_back_to(client, page):
    # The page returns scrolled to #page-feedback: a thanks at the top of the page would
    # be out of sight, and the person would think nothing happened and send again.
    response = send(client, page, useful="yes")
    assert response["Location"].endswith("#page-feedback")
    html = client.get(response["Location"]).content.decode()
    section = html[html.index('<section id="page-feedback"') :]
    section = section[: section.index("</section>")]
    assert "Thank you for your feedback." in section
    assert html.count("Thank you for your feedback.") == 1


# --- Comments ----------------------------------------------------------------------------


def test_a_comment_goes_to_moderation_and_never_to_the_public(client, page, volunteer, participant):
    send(client, page, useful="no", comment=COMMENT)
    item = feedback_items().get()
    assert item.status == Status.PENDING
    assert item.text_snapshot == {"comment": COMMENT}
    assert item.author.email == services.FEEDBACK_ACCOUNT_EMAIL
    assert not item.author.has_usable_password()
    assert COMMENT not in public_pages_text(client, page)

    approve(item, volunteer)
    assert feedback_items().get().status == Status.APPROVED
    signed_in = Client()
    signed_in.force_login(participant)
    for viewer in (client, signed_in):
        assert COMMENT not in public_pages_text(viewer, page)


def test_a_moderator_reads_a_comment_in_the_queue(client, client_for, page, volunteer):
    send(client, page, useful="no", comment=COMMENT)
    item = feedback_items().get()
    moderator = client_for(volunteer)
    queue = moderator.get(reverse("moderation_admin:item-list"))
    assert queue.status_code == 200
    detail = moderator.get(reverse("moderation_admin:item-detail", args=[item.pk]))
    assert detail.status_code == 200
    html = detail.content.decode()
    assert COMMENT in html
    assert services.FEEDBACK_ACCOUNT_NAME in html


def test_comments_are_screened(client, page):
    send(client, page, useful="no", comment="You can reach me on 07700 900123 any time")
    assert feedback_items().get().has_personal_flag


def test_risk_language_alerts_staff_and_signposts_support_at_once(client, page, senior_moderator):
    response = send(client, page, useful="no", comment="I want to end it all")
    item = feedback_items().get()
    assert item.has_risk_flag
    assert (
        "helplines at the bottom of this page" in client.get(response["Location"]).content.decode()
    )
    assert senior_moderator.moderation_notices.filter(kind=NoticeKind.STAFF_ALERT).exists()


def test_nothing_about_the_sender_is_kept(client, page, participant):
    signed_in = Client()
    signed_in.force_login(participant)
    send(signed_in, page, useful="yes", comment=COMMENT)
    item = feedback_items().get()
    assert item.author != participant
    fields = {field.name for field in PageFeedback._meta.get_fields()}
    assert fields == {"id", "page", "useful", "comment", "created_at"}


# --- Bad input ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"comment": "No answer chosen"}, services.FEEDBACK_NO_ANSWER),
        ({"useful": "maybe"}, services.FEEDBACK_NO_ANSWER),
        ({"useful": "yes", "comment": "x" * 501}, services.FEEDBACK_TOO_LONG),
    ],
)
def test_bad_answers_get_a_kind_message_and_save_nothing(client, page, data, message):
    response = send(client, page, **data)
    assert response.status_code == 302
    assert message in client.get(response["Location"]).content.decode()
    assert not PageFeedback.objects.exists()
    assert not feedback_items().exists()


def test_a_comment_of_exactly_500_characters_is_accepted(client, page):
    send(client, page, useful="yes", comment="x" * 500)
    assert PageFeedback.objects.get().comment == "x" * 500


def test_too_much_feedback_gets_a_kind_page_and_saves_nothing_more(client, page):
    for _ in range(10):
        send(client, page, useful="yes")
    response = send(client, page, useful="no", comment=COMMENT)
    assert response.status_code == 429
    assert "Nothing you sent before was lost" in response.content.decode()
    assert PageFeedback.objects.count() == 10
    assert not feedback_items().exists()


@pytest.mark.parametrize("page_id", ["0", str(2**63), str(2**63 - 1), "99999999", str(10**30)])
def test_a_bad_page_id_is_not_found(client, page, page_id):
    response = client.post(f"/feedback/{page_id}/", {"useful": "yes"})
    assert response.status_code == 404
    assert not PageFeedback.objects.exists()


def test_a_draft_or_the_tree_root_is_not_found(client, page):
    draft = page.add_child(instance=StandardPage(title="Draft help", slug="draft-help", live=False))
    for target in (draft, page.get_parent()):
        assert send(client, target, useful="yes").status_code == 404
    assert not PageFeedback.objects.exists()


def test_only_a_post_is_accepted(client, page):
    assert client.get(f"/feedback/{page.pk}/").status_code == 405


def test_the_form_is_csrf_protected(page):
    strict = Client(enforce_csrf_checks=True)
    assert send(strict, page, useful="yes").status_code == 403
    assert not PageFeedback.objects.exists()


# --- The staff report -------------------------------------------------------------------------


def test_the_report_shows_counts_and_only_approved_comments(
    client, page, volunteer, policy_editor, admin
):
    send(client, page, useful="yes", comment=COMMENT)
    send(client, page, useful="no", comment=PENDING_COMMENT)
    approve(feedback_items().get(text_snapshot={"comment": COMMENT}), volunteer)
    for who in (policy_editor, admin):
        staff = log_in(Client(), who)
        response = staff.get(REPORT)
        assert response.status_code == 200
        html = response.content.decode()
        assert COMMENT in html
        assert PENDING_COMMENT not in html
        row = next(r for r in response.context["by_page"] if r.page_id == page.pk)
        assert (row.yes, row.no) == (1, 1)
        assert response.context["by_month"][-1].total == 2
        assert len(response.context["by_month"]) == 12


def test_the_report_filters_by_page(client, page, policy_editor):
    other = StandardPage.objects.live().public().first()
    send(client, page, useful="yes")
    send(client, other, useful="no")
    staff = log_in(Client(), policy_editor)
    response = staff.get(REPORT, {"page_id": other.pk})
    assert response.context["chosen"].pk == other.pk
    assert (response.context["by_month"][-1].yes, response.context["by_month"][-1].no) == (0, 1)
    assert staff.get(REPORT, {"page_id": str(2**64)}).status_code == 200


@pytest.mark.parametrize("who", ["volunteer", "senior_moderator", "participant"])
def test_the_report_is_refused_to_others(request, client_for, who):
    response = client_for(request.getfixturevalue(who)).get(REPORT)
    assert response.status_code in (302, 403)
    assert "by_page" not in (response.context or {})


def test_visitors_are_sent_to_log_in(visitor):
    response = visitor.get(REPORT)
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_a_comment_with_control_characters_is_saved_without_them(client, page):
    response = send(client, page, useful="no", comment="Hard\x00 to find\x07 the links")
    assert response.status_code == 302
    assert PageFeedback.objects.get().comment == "Hard to find the links"
