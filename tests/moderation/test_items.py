"""Submitting, changing, withdrawing and deciding items: happy paths, refusals, hooks,
the audit entry and what the author is told."""

import pytest
from django.core import mail
from django.core.exceptions import ImproperlyConfigured, PermissionDenied, ValidationError
from django.test import override_settings

from moderation import selectors, services
from moderation.models import AuditAction, AuditEntry, ModerationItem, Notice, Priority, Status
from moderation.redaction import REMOVED, Span
from tests.factories import UserFactory
from tests.moderation.conftest import last_notice, refreshed
from tests.moderation.testapp.models import Comment, Topic, hooks

pytestmark = pytest.mark.django_db


def never_says_blocked(text: str) -> bool:
    return "block" not in text.lower()


# --- Submitting --------------------------------------------------------------------


def test_submitting_keeps_a_snapshot_and_the_flags(make_item):
    item = make_item("Text me on 07700 900123, I go to Oakwood Academy")
    assert item.status == Status.PENDING
    assert item.text_snapshot == {"body": "Text me on 07700 900123, I go to Oakwood Academy"}
    assert item.has_personal_flag and not item.has_risk_flag and not item.has_profanity_flag
    assert {f["category"] for f in item.flags} == {"phone", "school"}
    assert item.priority == Priority.NORMAL


def test_risk_language_puts_the_item_first_supports_the_author_and_alerts_staff(
    make_item, participant, senior_moderator, on_commit
):
    with on_commit():
        item = make_item("Some days I want to end it all")
    assert item.priority == Priority.RISK and item.has_risk_flag
    assert item.shows_support
    support = last_notice(participant)
    assert "people you can talk to" in support.message and support.link == "/get-help/"
    assert never_says_blocked(support.message)
    alert = last_notice(senior_moderator)
    assert "safeguarding" in alert.message and "suicide" in alert.message
    assert "end it all" not in alert.message  # no young person's words in an email
    recipients = {m.to[0] for m in mail.outbox}
    assert senior_moderator.email in recipients and participant.email not in recipients


def test_an_unregistered_model_cannot_be_moderated(participant):
    topic = Topic.objects.create(title="Not moderated")
    with pytest.raises(ImproperlyConfigured):
        services.item_submit(obj=topic, author=participant, text_fields={"title": "x"})


def test_the_same_object_cannot_be_sent_twice(comment, participant):
    with pytest.raises(ValidationError, match="already been sent"):
        services.item_submit(obj=comment, author=participant, text_fields={"body": "again"})
    assert ModerationItem.objects.filter(object_id=comment.pk).count() == 1


def test_someone_signed_out_cannot_submit(topic, participant):
    from django.contrib.auth.models import AnonymousUser

    comment = Comment.objects.create(topic=topic, author=participant, body="hello")
    with pytest.raises(PermissionDenied):
        services.item_submit(obj=comment, author=AnonymousUser(), text_fields={"body": "hello"})


@pytest.mark.parametrize("fields", [{}, {"body": "   "}, {"body": 3}, {"body": "x" * 20_001}])
def test_empty_or_broken_text_is_refused(topic, participant, fields):
    comment = Comment.objects.create(topic=topic, author=participant, body="x")
    with pytest.raises(ValidationError):
        services.item_submit(obj=comment, author=participant, text_fields=fields)
    assert not ModerationItem.objects.exists()


def test_screening_uses_the_lists_senior_moderators_edit(make_item):
    screening = selectors.screening_settings()
    screening.profanity_terms += "\nblimey"
    screening.save()
    assert make_item("Blimey, exams").has_profanity_flag


# --- Approving ---------------------------------------------------------------------


def test_approving_publishes_tells_the_owning_app_and_the_author(
    item, comment, volunteer, participant, on_commit
):
    with on_commit():
        services.item_approve(item=item, moderator=volunteer)
    item = refreshed(item)
    assert item.status == Status.APPROVED
    assert (item.decided_by, item.claimed_by) == (volunteer, None)
    assert hooks.calls == [("approve", comment.pk)]
    assert Comment.objects.get(pk=comment.pk).is_live
    notice = last_notice(participant)
    assert "is now on the Listening Hub" in notice.message and never_says_blocked(notice.message)
    assert mail.outbox[0].to == [participant.email]
    entry = AuditEntry.objects.get(item_id=item.pk, action=AuditAction.APPROVE)
    assert entry.actor == volunteer and entry.wait_seconds is not None


@pytest.mark.parametrize("who", ["participant", "other_participant", "policy_editor"])
def test_people_who_do_not_moderate_cannot_approve(request, item, who):
    with pytest.raises(PermissionDenied):
        services.item_approve(item=item, moderator=request.getfixturevalue(who))
    assert refreshed(item).status == Status.PENDING


def test_a_moderator_cannot_decide_what_they_wrote(make_item, volunteer):
    item = make_item("My own idea", author=volunteer)
    with pytest.raises(PermissionDenied, match="wrote yourself"):
        services.item_approve(item=item, moderator=volunteer)


def test_an_item_someone_else_has_claimed_cannot_be_decided(item, volunteer, senior_moderator):
    services.item_claim(item=item, moderator=senior_moderator)
    with pytest.raises(ValidationError, match="SafeLead is already working on this item"):
        services.item_approve(item=item, moderator=volunteer)
    assert refreshed(item).status == Status.PENDING
    assert not AuditEntry.objects.filter(item_id=item.pk, action=AuditAction.APPROVE).exists()


def test_a_decision_on_words_the_author_has_since_changed_is_refused(
    item, comment, participant, volunteer
):
    seen = item.version
    services.item_author_edited(obj=comment, author=participant, text_fields={"body": "New words"})
    with pytest.raises(ValidationError, match="changed this while you were reading"):
        services.item_approve(item=item, moderator=volunteer, seen_version=seen)
    assert refreshed(item).status == Status.PENDING


def test_only_a_senior_moderator_decides_an_escalated_item(item, volunteer, senior_moderator):
    services.item_escalate(item=item, moderator=volunteer, kind="safeguarding", reason="Worried")
    with pytest.raises(PermissionDenied, match="senior moderator"):
        services.item_approve(item=item, moderator=volunteer)
    services.item_approve(item=item, moderator=senior_moderator)
    assert refreshed(item).status == Status.APPROVED


# --- Rejecting ---------------------------------------------------------------------


def test_rejecting_gives_the_author_the_reason_in_plain_words(
    item, comment, volunteer, participant, on_commit
):
    with on_commit():
        services.item_reject(
            item=item,
            moderator=volunteer,
            reason="personal-details",
            note_to_author="You could say which town instead.",
        )
    item = refreshed(item)
    assert item.status == Status.REJECTED and item.rejection_reason.code == "personal-details"
    notice = last_notice(participant)
    assert "because it included personal details" in notice.message
    assert "You could say which town instead." in notice.message
    assert "change it and send it again" in notice.message
    assert never_says_blocked(notice.message) and never_says_blocked(mail.outbox[0].body)
    assert hooks.calls == [("reject", comment.pk)]
    entry = AuditEntry.objects.get(item_id=item.pk, action=AuditAction.REJECT)
    assert (entry.reason_code, entry.reason) == ("personal-details", "Personal details")


@pytest.mark.parametrize("reason", ["", "not-a-house-rule", None])
def test_rejecting_needs_a_reason_from_the_house_rules(item, volunteer, reason):
    with pytest.raises(ValidationError, match="house rules"):
        services.item_reject(item=item, moderator=volunteer, reason=reason)
    assert refreshed(item).status == Status.PENDING


def test_a_switched_off_reason_cannot_be_used(item, volunteer):
    from moderation.models import HouseRuleReason

    HouseRuleReason.objects.filter(code="unkind").update(is_active=False)
    with pytest.raises(ValidationError):
        services.item_reject(item=item, moderator=volunteer, reason="unkind")


@override_settings(MODERATION_MAX_NOTE_LENGTH=20)
def test_an_oversized_note_is_refused(item, volunteer):
    with pytest.raises(ValidationError, match="20 characters"):
        services.item_reject(
            item=item, moderator=volunteer, reason="unkind", note_to_author="x" * 21
        )
    assert refreshed(item).status == Status.PENDING


# --- Escalating --------------------------------------------------------------------


def test_escalating_alerts_senior_moderators_and_supports_the_author(
    item, comment, volunteer, senior_moderator, participant, on_commit
):
    with on_commit():
        services.item_escalate(
            item=item, moderator=volunteer, kind="safeguarding", reason="They sound unsafe at home"
        )
    item = refreshed(item)
    assert item.status == Status.ESCALATED and item.priority == Priority.RISK
    assert item.claimed_by is None and item.decided_at is None
    assert hooks.calls == [("escalate", comment.pk)]
    assert "looking at this" in last_notice(participant).message
    assert last_notice(participant).link == "/get-help/"
    assert "moderator escalated it" in last_notice(senior_moderator).message
    assert {participant.email, senior_moderator.email} <= {m.to[0] for m in mail.outbox}


@pytest.mark.parametrize("reason", ["", "   "])
def test_escalating_needs_a_reason(item, volunteer, reason):
    with pytest.raises(ValidationError, match="Please write why"):
        services.item_escalate(item=item, moderator=volunteer, kind="safeguarding", reason=reason)
    assert refreshed(item).status == Status.PENDING


# --- Redacting ---------------------------------------------------------------------


def test_redacting_marks_spans_and_never_rewrites_the_words(make_comment, volunteer):
    comment = make_comment("Call me on 07700 900123 after school")
    item = selectors.item_for(comment)
    phone = next(f for f in item.flag_list if f.category == "phone")
    services.item_redact(
        item=item, moderator=volunteer, spans=[Span(phone.field, phone.start, phone.end)]
    )
    item = refreshed(item)
    assert item.text_snapshot == {"body": "Call me on 07700 900123 after school"}
    assert item.public_text() == {"body": f"Call me on {REMOVED} after school"}
    assert item.status == Status.PENDING and item.claimed_by == volunteer
    # The owning app stores the public words, so the original lives only in the snapshot.
    assert Comment.objects.get(pk=comment.pk).body == f"Call me on {REMOVED} after school"
    entry = AuditEntry.objects.get(item_id=item.pk, action=AuditAction.REDACT)
    assert entry.detail == {"spans": [{"field": "body", "start": 11, "end": 23}]}


@pytest.mark.parametrize(
    "spans",
    [[], [Span("title", 0, 2)], [Span("body", 5, 2)], [Span("body", 0, 10_000)]],
)
def test_redacting_refuses_spans_outside_the_text(item, volunteer, spans):
    with pytest.raises(ValidationError):
        services.item_redact(item=item, moderator=volunteer, spans=spans)
    assert refreshed(item).redactions == []


def test_after_a_redaction_the_approval_tells_the_author_why(make_item, volunteer, participant):
    item = make_item("Text 07700 900123")
    services.item_redact(item=item, moderator=volunteer, spans=[Span("body", 5, 17)])
    services.item_approve(item=item, moderator=volunteer)
    assert "[removed]" in last_notice(participant).message


# --- The author changes or withdraws it --------------------------------------------


def test_an_edit_after_approval_sends_it_back_to_pending(item, comment, participant, volunteer):
    services.item_approve(item=item, moderator=volunteer)
    hooks.calls.clear()
    services.item_author_edited(obj=comment, author=participant, text_fields={"body": "New words"})
    item = refreshed(item)
    assert (item.status, item.version, item.text_snapshot) == (
        Status.PENDING,
        2,
        {"body": "New words"},
    )
    assert item.decided_by is None
    assert hooks.calls == [("back_to_pending", comment.pk)]
    assert not Comment.objects.get(pk=comment.pk).is_live


def test_an_edit_is_screened_again_and_ends_any_claim(item, comment, participant, volunteer):
    services.item_claim(item=item, moderator=volunteer)
    services.item_author_edited(
        obj=comment, author=participant, text_fields={"body": "I want to kill myself"}
    )
    item = refreshed(item)
    assert item.has_risk_flag and item.priority == Priority.RISK
    assert item.claimed_by is None


def test_an_edit_to_an_escalated_item_stays_with_senior_moderators(
    item, comment, participant, volunteer
):
    services.item_escalate(item=item, moderator=volunteer, kind="safeguarding", reason="Worried")
    services.item_author_edited(obj=comment, author=participant, text_fields={"body": "Sorry"})
    assert refreshed(item).status == Status.ESCALATED


def test_only_the_author_can_change_it(comment, other_participant):
    with pytest.raises(PermissionDenied):
        services.item_author_edited(
            obj=comment, author=other_participant, text_fields={"body": "Hijacked"}
        )


def test_withdrawing_removes_the_item_but_keeps_the_audit_log(item, comment, participant):
    assert services.item_withdraw(obj=comment, author=participant) is None
    assert not ModerationItem.objects.filter(pk=item.pk).exists()
    actions = list(
        AuditEntry.objects.filter(item_id=item.pk).order_by("id").values_list("action", flat=True)
    )
    assert actions == ["submit", "withdraw"]


def test_a_withdrawn_risk_is_kept_for_safeguarding(make_comment, participant):
    comment = make_comment("I want to kill myself")
    kept = services.item_withdraw(obj=comment, author=participant)
    assert kept is not None and ModerationItem.objects.filter(pk=kept.pk).exists()
    comment.delete()
    # Senior moderators still see the words, even though the comment is gone.
    assert refreshed(kept).text_snapshot == {"body": "I want to kill myself"}
    assert refreshed(kept).content_object is None


def test_erasing_a_participant_keeps_the_audit_log(item, participant, volunteer):
    services.item_approve(item=item, moderator=volunteer)
    participant.delete()
    assert not ModerationItem.objects.filter(pk=item.pk).exists()
    assert AuditEntry.objects.filter(item_id=item.pk).count() == 2


def test_a_deleted_moderator_account_stays_in_the_audit_log(item):
    moderator = UserFactory(is_superuser=True, is_staff=True, display_name="Gone")
    services.item_approve(item=item, moderator=moderator)
    moderator_id = moderator.pk
    moderator.delete()
    assert (
        AuditEntry.objects.get(item_id=item.pk, action=AuditAction.APPROVE).actor_id == moderator_id
    )


def test_no_decision_message_about_something_its_author_withdrew(
    make_comment, participant, senior_moderator
):
    comment = make_comment("I want to kill myself")
    kept = services.item_withdraw(obj=comment, author=participant)
    comment.delete()
    before = Notice.objects.filter(recipient=participant).count()
    services.item_approve(item=kept, moderator=senior_moderator)
    assert Notice.objects.filter(recipient=participant).count() == before
