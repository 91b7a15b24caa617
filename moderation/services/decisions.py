"""A moderator's decisions on an item: approve, reject, escalate, redact, clear a risk flag.

Approving, rejecting and escalating go through one step (`_decide`): what differs
between them is passed in.
"""

import datetime as dt
from collections.abc import Callable, Iterable, Mapping

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction

from moderation import escalations, registry
from moderation import rules as moderation_rules
from moderation.models import (
    AuditAction,
    AuditEntry,
    EscalationKind,
    HouseRuleReason,
    ModerationItem,
    Status,
    priority_for,
)
from moderation.redaction import Span, merge_spans, span_problems
from moderation.screening import FlagKind
from moderation.services import cases, common, notices
from moderation.services.items import apply_screening
from moderation.services.transitions import move


class ApprovalNeedsConfirmation(ValidationError):
    """The owning app says approving has a consequence the moderator should confirm
    (a nomination for a vote whose nomination window has closed, say)."""


def _decide(
    item: ModerationItem,
    moderator,
    action: AuditAction,
    *,
    now: dt.datetime,
    seen_version: int | None,
    fields: Mapping[str, object],
    hook: str,
    tell: Callable[[ModerationItem, models.Model | None], None],
    check: Callable[[ModerationItem], None] | None = None,
    records_wait: bool = True,
    **entry,
) -> ModerationItem:
    """A moderator's decision on `item` (approve, reject or escalate), in one place.

    Locks the item's row, refuses what `moderator` may not do now (and what `check`
    refuses), sets `fields`, moves the item and writes the audit entry (with `entry`
    and, when `records_wait`, how long it waited), ends the claim, closes its open
    reports, saves, then tells the owning app (`hook`) and the people concerned (`tell`).
    """
    with transaction.atomic():
        item = common.lock_item(item)
        common.check_moderator_may(item, moderator, action, now=now, seen_version=seen_version)
        if check is not None:
            check(item)
        for name, value in fields.items():
            setattr(item, name, value)
        if records_wait:
            entry["wait_seconds"] = common.seconds_between(item.queued_at, now)
        move(item, action, actor=moderator, now=now, **entry)
        common.end_claim(item)
        common.resolve_open_reports(item, now=now)
        item.save()
        obj = item.content_object
        registry.call_hook(hook, obj, item)
        tell(item, obj)
    return item


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

    def ask_first(item: ModerationItem) -> None:
        if not confirmed and (warning := registry.approval_warning(item.content_object, now=now)):
            raise ApprovalNeedsConfirmation(warning)

    return _decide(
        item,
        moderator,
        AuditAction.APPROVE,
        now=now,
        seen_version=seen_version,
        check=ask_first,
        fields={
            "decided_at": now,
            "decided_by": moderator,
            "rejection_reason": None,
            "note_to_author": "",
        },
        hook="on_approve",
        tell=notices.tell_author_approved,
    )


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
    return _decide(
        item,
        moderator,
        AuditAction.REJECT,
        now=now,
        seen_version=seen_version,
        fields={
            "decided_at": now,
            "decided_by": moderator,
            "rejection_reason": reason,
            "note_to_author": note,
        },
        hook="on_reject",
        tell=notices.tell_author_rejected,
        reason_code=reason.code,
        reason=reason.label,
        note_to_author=note,
    )


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
    words = escalations.wording(kind)

    def risk_goes_as_safeguarding(item: ModerationItem) -> None:
        if item.has_risk_flag and kind != EscalationKind.SAFEGUARDING:
            raise ValidationError(RISK_GOES_AS_SAFEGUARDING)

    def tell(item: ModerationItem, obj: models.Model | None) -> None:
        notices.tell_author_escalated(item, obj, signposts_support=words.signposts_support)
        notices.alert_escalation(
            item, wording=words, moderator=moderator, why="a moderator escalated it"
        )
        if kind == EscalationKind.SAFEGUARDING:
            cases.open_for_escalation(item=item, moderator=moderator, reason=reason, now=now)

    return _decide(
        item,
        moderator,
        AuditAction.ESCALATE,
        now=now,
        seen_version=seen_version,
        check=risk_goes_as_safeguarding,
        # Set before the move: the queue priority it moves to depends on the kind.
        fields={"escalation_kind": kind, "escalation_reason": reason},
        hook="on_escalate",
        tell=tell,
        # Not a decision yet: the times to decide count approvals and rejections only.
        records_wait=False,
        reason_code=kind,
        reason=reason,
    )


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
        apply_screening(item, [flag for flag in flags if flag.kind != FlagKind.RISK])
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
