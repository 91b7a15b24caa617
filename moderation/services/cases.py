"""Safeguarding cases: opening, recording what was done, following up, closing.

Every change locks the case row first (`select_for_update`), so two senior
moderators acting on one case at once are put in order: the second sees the first
one's change (a case closed a moment ago is not closed twice). Each entry is also
written to the audit log. Only holders of `moderation.manage_cases` (senior
moderators and administrators) may see or change a case.
"""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from moderation import conf
from moderation import rules as moderation_rules
from moderation.models import (
    CASE_MOVES,
    AuditAction,
    CaseEntry,
    CaseEntryKind,
    CaseStatus,
    ModerationItem,
    NoticeKind,
    SafeguardingActionType,
    SafeguardingCase,
)
from moderation.services import common, notices
from moderation.services.transitions import move

NOT_CASE_STAFF = "Only senior moderators can see or record safeguarding cases."
CASE_IS_CLOSED = "This case is closed. Nothing was changed: reopen it first, saying why."


def require_case_staff(user) -> None:
    if not moderation_rules.can_manage_cases(user):
        raise PermissionDenied(NOT_CASE_STAFF)


def _lock(case: SafeguardingCase) -> SafeguardingCase:
    try:
        return SafeguardingCase.objects.select_for_update().get(pk=case.pk)
    except SafeguardingCase.DoesNotExist:
        raise ValidationError("That case doesn't exist.") from None


def _entry(case, *, actor, kind, now, **fields) -> CaseEntry:
    entry = CaseEntry(case=case, actor=actor, kind=kind, created_at=now, **fields)
    entry.save(force_insert=True)
    item = ModerationItem.objects.filter(pk=case.item_id).first() if case.item_id else None
    if item is not None:
        label = CaseEntryKind(kind).label
        if entry.action_type_id:
            label = f"{label}: {entry.action_type.label}"
        move(
            item,
            AuditAction.CASE,
            actor=actor,
            now=now,
            reason=label,
            detail={"case": case.pk, "entry": entry.pk, "kind": kind},
        )
    return entry


def _move(case: SafeguardingCase, target: CaseStatus, *, actor, now, note: str = "") -> None:
    """Record the case's new status (unsaved); closing it also ends its follow-up."""
    _entry(
        case,
        actor=actor,
        kind=CaseEntryKind.STATUS,
        now=now,
        note=note,
        status_before=case.status,
        status_after=target,
    )
    case.status = target
    case.closed_at = now if target == CaseStatus.CLOSED else None
    if target == CaseStatus.CLOSED:
        case.follow_up_on = None


def case_open(
    *, item: ModerationItem, moderator, reason: str = "", now: dt.datetime | None = None
) -> SafeguardingCase:
    """A senior moderator opens a case by hand for a risk-flagged item or a safeguarding
    escalation (or is given its open case)."""
    require_case_staff(moderator)
    return open_for_escalation(item=item, moderator=moderator, reason=reason, now=now)


def open_for_escalation(
    *, item: ModerationItem, moderator, reason: str = "", now: dt.datetime | None = None
) -> SafeguardingCase:
    """The case every safeguarding escalation opens, whoever escalated it (a volunteer
    may escalate; only senior moderators then see and record on the case). For
    `item_escalate` and `case_open`; not a way in by itself."""
    now = now or common.now()
    with transaction.atomic():
        # The item's row lock (held by an escalation already) keeps two openings apart.
        item = common.lock_item(item)
        if not (item.is_safeguarding or item.has_risk_flag):
            raise ValidationError(
                "Safeguarding cases are only for safeguarding escalations and items with "
                "a risk flag. Nothing was changed."
            )
        existing = item.cases.exclude(status=CaseStatus.CLOSED).first()
        if existing is not None:
            return existing
        case = SafeguardingCase.objects.create(
            item=item,
            author_id=item.author_id,
            opened_by=moderator,
            opened_at=now,
            updated_at=now,
            reason=reason or item.escalation_reason,
        )
        case.item = item
        _entry(
            case,
            actor=moderator,
            kind=CaseEntryKind.OPENED,
            now=now,
            note=case.reason,
            status_after=CaseStatus.OPEN,
        )
    return case


def _action_type(value) -> SafeguardingActionType | None:
    if value in (None, ""):
        return None
    if isinstance(value, SafeguardingActionType):
        found = value if value.is_active else None
    else:
        found = SafeguardingActionType.objects.filter(code=str(value), is_active=True).first()
    if found is None:
        raise ValidationError("Choose an action from the list.")
    return found


def case_record(
    *,
    case: SafeguardingCase,
    moderator,
    action_type: SafeguardingActionType | str | None = None,
    note: str = "",
    status: CaseStatus | str | None = None,
    follow_up_on: dt.date | None = None,
) -> SafeguardingCase:
    """Record on `case` an action taken, a note, a new follow-up date and/or a new status.

    Recording an action moves an open case to "action taken". Closing and reopening
    need a note (the outcome, or why it is reopened), and so does any action whose
    type asks for one; a follow-up date must not be in the past. Nothing is recorded
    unless all of it is valid.
    """
    require_case_staff(moderator)
    action = _action_type(action_type)
    note = common.clean_note(note, required=False, what="a note")
    if status not in (None, "") and status not in CaseStatus.values:
        raise ValidationError("Choose a status from the list.")
    status = CaseStatus(status) if status else None
    today = timezone.localdate()
    if follow_up_on is not None and follow_up_on < today:
        raise ValidationError("The follow-up date is in the past. Choose today or a later day.")
    if action and action.needs_note and not note:
        raise ValidationError(f"Please write a note about “{action.label}”.")
    if status in (CaseStatus.CLOSED, CaseStatus.OPEN) and not note:
        raise ValidationError(
            "Please write a note: the outcome when closing, or why when reopening."
        )
    if not (action or note or status or follow_up_on):
        raise ValidationError("There is nothing to record. Choose an action or write a note.")
    now = common.now()
    with transaction.atomic():
        case = _lock(case)
        if case.is_closed and status != CaseStatus.OPEN:
            raise ValidationError(CASE_IS_CLOSED)
        target = status
        if action and case.status == CaseStatus.OPEN and status is None:
            target = CaseStatus.ACTION_TAKEN
        if target == case.status:
            target = None
        if target is not None and (case.status, target) not in CASE_MOVES:
            raise ValidationError(
                f"A case that is {case.get_status_display().lower()} can't become "
                f"{CaseStatus(target).label.lower()}. Nothing was changed."
            )
        if target == CaseStatus.OPEN and case.item_id:
            newer = (
                SafeguardingCase.objects.filter(item_id=case.item_id)
                .exclude(pk=case.pk)
                .exclude(status=CaseStatus.CLOSED)
                .first()
            )
            if newer is not None:
                raise ValidationError(
                    f"Case {newer.pk} is already open for this item. Nothing was changed: "
                    "please record on that case instead."
                )
        if action:
            _entry(
                case,
                actor=moderator,
                kind=CaseEntryKind.ACTION,
                now=now,
                action_type=action,
                note=note,
            )
        elif note and target is None:
            _entry(case, actor=moderator, kind=CaseEntryKind.NOTE, now=now, note=note)
        if follow_up_on is not None:
            _entry(
                case,
                actor=moderator,
                kind=CaseEntryKind.FOLLOW_UP,
                now=now,
                follow_up_on=follow_up_on,
            )
            case.follow_up_on = follow_up_on
        if target is not None:
            _move(case, target, actor=moderator, now=now, note="" if action else note)
        case.updated_at = now
        case.save()
    return case


# Private messages a senior moderator can send through the site. Kind, plain, never
# quoting what the young person wrote, always with somewhere to turn right now.
MESSAGE_TEMPLATES = {
    "check-in": (
        "Checking in",
        "Hi {name}, this is the Listening Hub team. We read what you wrote and wanted "
        "to check you're OK. You're not on your own: if things feel hard, you can talk "
        "to someone right now — {helplines}.",
    ),
    "signpost": (
        "Where to get support",
        "Hi {name}, thank you for sharing with the Listening Hub. Some of what you wrote "
        "made us want to make sure you know where support is. You can talk to someone "
        "for free — {helplines}. If you are in danger right now, call 999.",
    ),
    "follow-up": (
        "Following up",
        "Hi {name}, it's the Listening Hub team again. We're thinking of you and wanted "
        "to remind you that support is there whenever you need it — {helplines}.",
    ),
}


def message_templates() -> list[tuple[str, str]]:
    return [(code, title) for code, (title, _text) in MESSAGE_TEMPLATES.items()]


def message_text(template: str, *, name: str) -> str:
    _title, text = MESSAGE_TEMPLATES[template]
    return text.format(name=name, helplines=conf.helplines())


def case_message_young_person(
    *, case: SafeguardingCase, moderator, template: str
) -> SafeguardingCase:
    """Send the young person a private, templated message in their messages on the site.

    The message links to the support page and names helplines; it is recorded on
    the case (its words included) and counts as contacting them through the site.
    """
    require_case_staff(moderator)
    if template not in MESSAGE_TEMPLATES:
        raise ValidationError("Choose one of the messages.")
    now = common.now()
    with transaction.atomic():
        case = _lock(case)
        if case.is_closed:
            raise ValidationError(CASE_IS_CLOSED)
        if case.author is None or not case.author.is_active:
            raise ValidationError(
                "This young person's account has gone, so a message can't reach them."
            )
        text = message_text(template, name=str(case.author))
        # A safeguarding message always arrives in their messages on the site: no
        # preference switches it off.
        notices.notice_send(
            recipient=case.author,
            message=text,
            link=conf.support_url(),
            kind=NoticeKind.SAFEGUARDING,
        )
        action = SafeguardingActionType.objects.filter(
            code="contacted-through-site", is_active=True
        ).first()
        _entry(
            case,
            actor=moderator,
            kind=CaseEntryKind.MESSAGE,
            now=now,
            action_type=action,
            note=text,
        )
        if case.status == CaseStatus.OPEN:
            _move(case, CaseStatus.ACTION_TAKEN, actor=moderator, now=now)
        case.updated_at = now
        case.save()
    return case
