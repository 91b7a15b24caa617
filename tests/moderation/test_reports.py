"""Reports: a participant can report a published item; it goes back to a moderator."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError

from moderation import selectors, services
from moderation.models import AuditAction, AuditEntry, Notice, Priority, Report, Status
from tests.factories import ParticipantFactory
from tests.moderation.conftest import last_notice, refreshed
from tests.moderation.testapp.models import Comment, hooks

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(item, volunteer):
    services.item_approve(item=item, moderator=volunteer)
    hooks.calls.clear()
    return refreshed(item)


def test_a_report_puts_a_published_item_back_in_the_queue(published, other_participant):
    report = services.item_report(item=published, reporter=other_participant, reason="Unkind")
    item = refreshed(published)
    assert (item.status, item.priority, item.open_report_count) == (
        Status.REPORTED,
        Priority.REPORTED,
        1,
    )
    assert item.is_public and not item.is_hidden  # still up until enough people report it
    assert report.reason == "Unkind"
    entry = AuditEntry.objects.get(item_id=published.pk, action=AuditAction.REPORT)
    assert (entry.actor, entry.reason, entry.status_after) == (
        other_participant,
        "Unkind",
        "reported",
    )


def test_many_reports_put_an_approved_item_in_front_of_a_moderator_but_never_hide_it(
    published, comment, settings
):
    settings.MODERATION_REPORTS_TO_HIDE = 2
    for _ in range(5):
        services.item_report(item=published, reporter=ParticipantFactory(), reason="Mean")
    item = refreshed(published)
    assert item.is_public and not item.is_hidden  # a moderator approved it: reports alone
    assert (item.status, item.priority, item.open_report_count) == (
        Status.REPORTED,
        Priority.REPORTED,
        5,
    )
    assert hooks.calls == []
    assert Comment.objects.get(pk=comment.pk).is_live
    assert not AuditEntry.objects.filter(item_id=published.pk, action=AuditAction.HIDE).exists()
    # First in the queue among reported items, ahead of one reported once.
    assert item.report_score > 1


def test_reports_that_someone_is_in_danger_hide_it_until_reviewed(
    published, comment, participant, senior_moderator
):
    services.item_report(
        item=published, reporter=ParticipantFactory(), reason="They sound unsafe", kind="danger"
    )
    item = refreshed(published)
    assert item.priority == Priority.RISK  # in front of everyone at once
    assert "needs safeguarding attention" in last_notice(senior_moderator).message
    assert item.is_public  # one report from a new account weighs half: not enough alone
    services.item_report(
        item=published, reporter=ParticipantFactory(), reason="Worried too", kind="danger"
    )
    item = refreshed(published)
    assert item.is_hidden and not item.is_public
    assert hooks.calls == [("hide", comment.pk)]
    assert not Comment.objects.get(pk=comment.pk).is_live
    assert not selectors.public(Comment.objects.all()).exists()
    notice = Notice.objects.filter(recipient=participant).latest("id")
    assert "for a little while" in notice.message and "block" not in notice.message.lower()
    hide = AuditEntry.objects.get(item_id=published.pk, action=AuditAction.HIDE)
    assert hide.actor is None and hide.detail["open_reports"] == 2


def test_approving_after_review_shows_it_again_and_closes_the_reports(
    published, comment, senior_moderator, settings
):
    settings.MODERATION_REPORTS_TO_HIDE = 1
    services.item_report(item=published, reporter=ParticipantFactory(), reason="Mean")
    services.item_approve(item=published, moderator=senior_moderator)
    item = refreshed(published)
    assert (item.status, item.is_hidden, item.open_report_count) == (Status.APPROVED, False, 0)
    assert not Report.objects.filter(item=published, resolved_at__isnull=True).exists()
    assert Comment.objects.get(pk=comment.pk).is_live
    assert selectors.public(Comment.objects.all()).exists()


def test_rejecting_after_review_takes_it_down_for_good(published, comment, volunteer):
    services.item_report(item=published, reporter=ParticipantFactory(), reason="Mean")
    services.item_reject(item=published, moderator=volunteer, reason="unkind")
    assert refreshed(published).status == Status.REJECTED
    assert hooks.calls[-1] == ("reject", comment.pk)


def test_the_same_person_cannot_report_twice(published, other_participant):
    services.item_report(item=published, reporter=other_participant, reason="Unkind")
    with pytest.raises(ValidationError, match="already reported"):
        services.item_report(item=published, reporter=other_participant, reason="Again")
    assert refreshed(published).open_report_count == 1


def test_after_a_review_the_same_person_may_report_again(published, other_participant, volunteer):
    services.item_report(item=published, reporter=other_participant, reason="Unkind")
    services.item_approve(item=published, moderator=volunteer)
    services.item_report(item=published, reporter=other_participant, reason="Still unkind")
    assert refreshed(published).open_report_count == 1


def test_the_author_cannot_report_their_own_writing(published, participant):
    with pytest.raises(ValidationError, match="This is yours"):
        services.item_report(item=published, reporter=participant, reason="Oops")


def test_things_not_on_the_site_cannot_be_reported(item, other_participant):
    with pytest.raises(ValidationError, match="isn't on the site"):
        services.item_report(item=item, reporter=other_participant, reason="Unkind")
    assert not Report.objects.filter(item=item).exists()


def test_someone_signed_out_cannot_report(published):
    with pytest.raises(PermissionDenied):
        services.item_report(item=published, reporter=AnonymousUser(), reason="Unkind")


@pytest.mark.parametrize("reason", ["", "   ", "x" * 1001])
def test_a_report_needs_a_short_reason(published, other_participant, reason):
    with pytest.raises(ValidationError):
        services.item_report(item=published, reporter=other_participant, reason=reason)
    assert refreshed(published).status == Status.APPROVED


def test_control_characters_in_a_reason_are_dropped_not_a_failure(published, other_participant):
    """PostgreSQL can't store NUL in text: a reason holding one is saved without it."""
    report = services.item_report(
        item=published, reporter=other_participant, reason="Un\x00kind\x07 words"
    )
    report.refresh_from_db()
    assert report.reason == "Unkind words"
    entry = AuditEntry.objects.get(item_id=published.pk, action=AuditAction.REPORT)
    assert entry.reason == "Unkind words"
