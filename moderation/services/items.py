"""What an author does with an item: send it for checking, change it, take it back."""

import datetime as dt
from collections.abc import Iterable, Mapping

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, models, transaction

from moderation import registry, selectors
from moderation.models import (
    AuditAction,
    CaseStatus,
    ModerationItem,
    Status,
    priority_for,
)
from moderation.screening import CATEGORY_LABELS, Flag, FlagKind, screen
from moderation.services import common, notices, teams
from moderation.services.transitions import audit, move, target_of

ALREADY_SENT = "This has already been sent for checking."
NOT_SENT = "This hasn't been sent for checking yet."
NOT_YOURS = "Only the person who wrote this can change it."


def apply_screening(item: ModerationItem, flags: list[Flag]) -> None:
    """Store screening's flags on `item` (unsaved), with its three at-a-glance marks."""
    item.flags = [flag.as_dict() for flag in flags]
    found = {flag.kind for flag in flags}
    item.has_risk_flag = FlagKind.RISK in found
    item.has_personal_flag = FlagKind.PERSONAL in found
    item.has_profanity_flag = FlagKind.PROFANITY in found


def _risk_summary(flags: Iterable[Flag]) -> str:
    categories = dict.fromkeys(
        CATEGORY_LABELS[flag.category] for flag in flags if flag.kind == FlagKind.RISK
    )
    return "possible " + ", ".join(categories) if categories else "a moderator's concern"


def _safeguard(item: ModerationItem, flags: list[Flag]) -> None:
    """Support for the author and an alert for staff, the moment risk language appears."""
    notices.tell_author_support(item)
    notices.alert_safeguarding_staff(item, why=_risk_summary(flags))


def item_submit(
    *,
    obj: models.Model,
    author,
    text_fields: Mapping[str, str],
    now: dt.datetime | None = None,
) -> ModerationItem:
    """Send what `author` wrote (`obj`, with its words in `text_fields`) for checking.

    Nobody but the author and moderators sees `obj` until a moderator approves it.
    The words are screened at once. With risk language the item goes to the front of
    the queue, senior moderators are alerted and the author gets a supportive notice;
    the calling view should also show `moderation/includes/submission_received.html`,
    which signposts support straight away when `item.shows_support`.
    """
    registry.get(type(obj))
    common.require_signed_in(author, "Please sign in to share this.")
    fields = common.clean_text_fields(text_fields)
    flags = screen(fields, selectors.screening_config())
    now = now or common.now()
    content_type = ContentType.objects.get_for_model(obj)
    with transaction.atomic():
        if ModerationItem.objects.filter(content_type=content_type, object_id=obj.pk).exists():
            raise ValidationError(ALREADY_SENT)
        item = ModerationItem(
            content_type=content_type,
            object_id=obj.pk,
            author=author,
            text_snapshot=fields,
            submitted_at=now,
            queued_at=now,
        )
        apply_screening(item, flags)
        item.status = target_of(AuditAction.SUBMIT, None)
        item.priority = priority_for(item.status, has_risk_flag=item.has_risk_flag)
        item.team_id = teams.team_for_new_item(now=now)
        try:
            # The unique constraint settles two submissions of one object racing.
            with transaction.atomic():
                item.save()
        except IntegrityError:
            raise ValidationError(ALREADY_SENT) from None
        audit(
            item,
            AuditAction.SUBMIT,
            actor=author,
            now=now,
            status_after=item.status,
            detail={"version": item.version, "flags": sorted({f.category for f in flags})},
        )
        if item.has_risk_flag:
            _safeguard(item, flags)
    return item


def _lock_item_of(obj: models.Model) -> ModerationItem:
    content_type = ContentType.objects.get_for_model(obj)
    # Locked: an edit racing a moderator's decision must not interleave with it.
    item = (
        ModerationItem.objects.select_for_update()
        .filter(content_type=content_type, object_id=obj.pk)
        .first()
    )
    if item is None:
        raise ValidationError(NOT_SENT)
    return item


def item_author_edited(
    *, obj: models.Model, author, text_fields: Mapping[str, str]
) -> ModerationItem:
    """The author changed what they wrote: screen it again and send it back for checking.

    After a decision (approved, not approved, reported) the item goes back to
    pending and the owning app hears `on_back_to_pending`; an escalated item stays
    with senior moderators, with the new words. Any moderator's claim ends, because
    they were reading the old words.
    """
    registry.get(type(obj))
    fields = common.clean_text_fields(text_fields)
    flags = screen(fields, selectors.screening_config())
    now = common.now()
    with transaction.atomic():
        item = _lock_item_of(obj)
        if item.author_id != author.pk:
            raise PermissionDenied(NOT_YOURS)
        before = item.status
        had_risk = item.has_risk_flag
        item.text_snapshot = fields
        item.redactions = []
        item.version += 1
        apply_screening(item, flags)
        common.end_claim(item)
        if before != Status.PENDING:
            item.queued_at = now
        if before in (Status.APPROVED, Status.REJECTED, Status.REPORTED):
            common.resolve_open_reports(item, now=now)
            item.decided_at = None
            item.decided_by = None
            item.rejection_reason = None
            item.note_to_author = ""
        move(item, AuditAction.EDIT, actor=author, now=now, detail={"version": item.version})
        item.save()
        if before in (Status.APPROVED, Status.REJECTED, Status.REPORTED):
            registry.call_hook("on_back_to_pending", obj, item)
        if item.has_risk_flag and not had_risk:
            _safeguard(item, flags)
    return item


def item_withdraw(*, obj: models.Model, author) -> ModerationItem | None:
    """The author takes back what they wrote (call before deleting `obj`).

    The item and its reports are deleted; the audit log keeps what happened. An item
    with risk language, with senior moderators or with an open safeguarding case is
    kept, words and all, so a safeguarding concern is never silently dropped; the return value is then the
    kept item, otherwise None.
    """
    with transaction.atomic():
        item = _lock_item_of(obj)
        if item.author_id != author.pk:
            raise PermissionDenied(NOT_YOURS)
        kept = (
            item.has_risk_flag
            or item.status == Status.ESCALATED
            or item.cases.exclude(status=CaseStatus.CLOSED).exists()
        )
        audit(
            item,
            AuditAction.WITHDRAW,
            actor=author,
            status_before=item.status,
            status_after=item.status if kept else "",
            detail={"kept_for_safeguarding": kept},
        )
        if kept:
            return item
        item.delete()
    return None


def risk_escalation_reason(item: ModerationItem) -> str:
    """The reason filled in for a volunteer escalating an item with a risk flag."""
    words = dict.fromkeys(f"“{f.text}”" for f in item.flag_list if f.kind == FlagKind.RISK)
    found = f" ({', '.join(words)})" if words else ""
    return f"Screening found words that may mean {_risk_summary(item.flag_list)}{found}."
