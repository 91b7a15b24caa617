"""Submitting, changing and deciding moderation items."""

import datetime as dt
from collections.abc import Iterable, Mapping

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, models, transaction

from moderation import escalations, registry, selectors
from moderation import rules as moderation_rules
from moderation.models import (
    AuditAction,
    AuditEntry,
    CaseStatus,
    EscalationKind,
    HouseRuleReason,
    ModerationItem,
    Status,
    priority_for,
)
from moderation.redaction import Span, merge_spans, span_problems
from moderation.screening import CATEGORY_LABELS, Flag, FlagKind, screen
from moderation.services import cases, common, notices, teams
from moderation.services.transitions import audit, move, target_of

ALREADY_SENT = "This has already been sent for checking."
NOT_SENT = "This hasn't been sent for checking yet."
NOT_YOURS = "Only the person who wrote this can change it."


def _apply_screening(item: ModerationItem, flags: list[Flag]) -> None:
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
        _apply_screening(item, flags)
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
        _apply_screening(item, flags)
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


class ApprovalNeedsConfirmation(ValidationError):
    """The owning app says approving has a consequence the moderator should confirm
    (a nomination for a vote whose nomination window has closed, say)."""


def item_approve(
    *,
    item: ModerationItem,
    moderator,
    seen_version: int | None = None,
    confirmed: bool = False,
    now: dt.datetime | None = None,
) -> ModerationItem:
    """Approve `item`: it goes on the site, its author is told, any reports are closed.

    If the owning app has a warning about approving it now (`approval_warning`), the
    approval is refused with that warning (`ApprovalNeedsConfirmation`) until the
    moderator confirms with `confirmed=True`. `now` is for demo data and imports
    that record a decision made earlier.
    """
    common.require_moderator(moderator)
    now = now or common.now()
    with transaction.atomic():
        item = common.lock_item(item)
        common.check_moderator_may(
            item, moderator, AuditAction.APPROVE, now=now, seen_version=seen_version
        )
        if not confirmed and (warning := registry.approval_warning(item.content_object, now=now)):
            raise ApprovalNeedsConfirmation(warning)
        move(
            item,
            AuditAction.APPROVE,
            actor=moderator,
            now=now,
            wait_seconds=common.seconds_between(item.queued_at, now),
        )
        common.end_claim(item)
        common.resolve_open_reports(item, now=now)
        item.decided_at, item.decided_by = now, moderator
        item.rejection_reason, item.note_to_author = None, ""
        item.save()
        obj = item.content_object
        registry.call_hook("on_approve", obj, item)
        notices.tell_author_approved(item, obj)
    return item


def _reason(reason: HouseRuleReason | str | None) -> HouseRuleReason:
    if isinstance(reason, HouseRuleReason):
        if not reason.is_active:
            raise ValidationError("Choose a reason from the house rules.")
        return reason
    found = HouseRuleReason.objects.filter(code=reason or "", is_active=True).first()
    if found is None:
        raise ValidationError("Choose a reason from the house rules.")
    return found


def item_reject(
    *,
    item: ModerationItem,
    moderator,
    reason: HouseRuleReason | str,
    note_to_author: str = "",
    seen_version: int | None = None,
    now: dt.datetime | None = None,
) -> ModerationItem:
    """Don't approve `item`, for a reason from the house rules, with an optional note.

    The author is told kindly, with the reason in plain words, and may change it and
    send it again.
    """
    common.require_moderator(moderator)
    reason = _reason(reason)
    note = common.clean_note(note_to_author, required=False, what="the note to the author")
    now = now or common.now()
    with transaction.atomic():
        item = common.lock_item(item)
        common.check_moderator_may(
            item, moderator, AuditAction.REJECT, now=now, seen_version=seen_version
        )
        move(
            item,
            AuditAction.REJECT,
            actor=moderator,
            now=now,
            reason_code=reason.code,
            reason=reason.label,
            note_to_author=note,
            wait_seconds=common.seconds_between(item.queued_at, now),
        )
        common.end_claim(item)
        common.resolve_open_reports(item, now=now)
        item.decided_at, item.decided_by = now, moderator
        item.rejection_reason, item.note_to_author = reason, note
        item.save()
        obj = item.content_object
        registry.call_hook("on_reject", obj, item)
        notices.tell_author_rejected(item, obj)
    return item


RISK_GOES_AS_SAFEGUARDING = (
    "Screening found possible safeguarding risk in this, so it goes to senior moderators "
    "as a safeguarding escalation. Nothing was changed: please choose safeguarding."
)


def item_escalate(
    *,
    item: ModerationItem,
    moderator,
    kind: EscalationKind | str,
    reason: str,
    seen_version: int | None = None,
) -> ModerationItem:
    """Hand `item` to senior moderators, saying what kind of question it is and why.

    Each kind has its own priority, wording and people told (`moderation/escalations.py`).
    A safeguarding escalation alerts senior moderators at once, opens a safeguarding
    case and points the author to support; the other kinds tell the author only that
    we're looking at it. An item with a risk flag can only go as safeguarding.
    """
    common.require_moderator(moderator)
    if kind not in EscalationKind.values:
        raise ValidationError("Choose what kind of question this is.")
    kind = EscalationKind(kind)
    reason = common.clean_note(reason, required=True, what="why you are escalating this")
    now = common.now()
    with transaction.atomic():
        item = common.lock_item(item)
        common.check_moderator_may(
            item, moderator, AuditAction.ESCALATE, now=now, seen_version=seen_version
        )
        if item.has_risk_flag and kind != EscalationKind.SAFEGUARDING:
            raise ValidationError(RISK_GOES_AS_SAFEGUARDING)
        item.escalation_kind = kind
        move(item, AuditAction.ESCALATE, actor=moderator, now=now, reason_code=kind, reason=reason)
        common.end_claim(item)
        common.resolve_open_reports(item, now=now)
        item.escalation_reason = reason
        item.save()
        obj = item.content_object
        registry.call_hook("on_escalate", obj, item)
        words = escalations.wording(kind)
        notices.tell_author_escalated(item, obj, signposts_support=words.signposts_support)
        notices.alert_escalation(
            item, wording=words, moderator=moderator, why="a moderator escalated it"
        )
        if kind == EscalationKind.SAFEGUARDING:
            cases.open_for_escalation(item=item, moderator=moderator, reason=reason, now=now)
    return item


def risk_escalation_reason(item: ModerationItem) -> str:
    """The reason filled in for a volunteer escalating an item with a risk flag."""
    words = dict.fromkeys(f"“{f.text}”" for f in item.flag_list if f.kind == FlagKind.RISK)
    found = f" ({', '.join(words)})" if words else ""
    return f"Screening found words that may mean {_risk_summary(item.flag_list)}{found}."


def item_clear_risk_flag(*, item: ModerationItem, moderator, reason: str) -> ModerationItem:
    """A senior moderator judges the risk flag a false alarm, and records why.

    The flag's words leave the item (the audit entry keeps which categories were
    cleared), so volunteers may decide it like any other. Screening runs again if the
    author changes it.
    """
    common.require_moderator(moderator)
    if not moderation_rules.can_decide_escalations(moderator):
        raise PermissionDenied("Only a senior moderator can clear a risk flag.")
    reason = common.clean_note(reason, required=True, what="why this is a false alarm")
    now = common.now()
    with transaction.atomic():
        item = common.lock_item(item)
        if not item.has_risk_flag:
            raise ValidationError("This item has no risk flag to clear. Nothing was changed.")
        if item.author_id == moderator.pk:
            raise PermissionDenied(common.OWN_ITEM)
        flags = item.flag_list
        cleared = sorted({flag.category for flag in flags if flag.kind == FlagKind.RISK})
        _apply_screening(item, [flag for flag in flags if flag.kind != FlagKind.RISK])
        kind_before = item.escalation_kind
        if item.status == Status.ESCALATED and kind_before == EscalationKind.SAFEGUARDING:
            # A risk-flagged item can only be escalated as safeguarding; with the flag a
            # false alarm, what remains is whether it may go on the site.
            item.escalation_kind = EscalationKind.HOUSE_RULE
        item.priority = priority_for(
            item.status, has_risk_flag=False, escalation_kind=item.escalation_kind
        )
        move(
            item,
            AuditAction.CLEAR_RISK,
            actor=moderator,
            now=now,
            reason=reason,
            detail={"cleared": cleared, "escalation_kind_before": kind_before},
        )
        item.save()
    return item


def item_redact(
    *,
    item: ModerationItem,
    moderator,
    spans: Iterable[Span],
    seen_version: int | None = None,
) -> ModerationItem:
    """Mark spans of the words to show as "[removed]" in public. Words are never rewritten.

    The original stays in the item's snapshot, which only senior moderators see. The
    owning app hears `on_redact` with the public words to store in place of its own
    copy. The moderator keeps (or takes) the claim, to decide next.
    """
    common.require_moderator(moderator)
    spans = list(spans)
    if not spans:
        raise ValidationError("Choose the words to remove.")
    now = common.now()
    with transaction.atomic():
        # The moderator's row first, then the item's: the same order as claiming,
        # so a redaction and a claim in two tabs cannot deadlock.
        held = common.lock_moderator(moderator)
        item = common.lock_item(item)
        common.check_moderator_may(
            item, moderator, AuditAction.REDACT, now=now, seen_version=seen_version
        )
        if problems := span_problems(spans, item.text_snapshot):
            raise ValidationError(problems)
        existing = [Span.from_dict(data) for data in item.redactions]
        merged = merge_spans(existing + spans)
        move(
            item,
            AuditAction.REDACT,
            actor=moderator,
            now=now,
            detail={"spans": [span.as_dict() for span in merge_spans(spans)]},
        )
        item.redactions = [span.as_dict() for span in merged]
        if item.claimed_by_id != moderator.pk:
            AuditEntry.objects.bulk_create(
                common.release_held(moderator, held, now=now, keep_pk=item.pk)
            )
            item.claimed_by = moderator
        item.claimed_until = common.lease_until(now)
        item.save()
        registry.call_hook("on_redact", item.content_object, item, public_text=item.public_text())
    return item
