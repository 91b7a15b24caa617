"""The allowed moves between states, written once, and the one function that applies them.

Every service that changes an item's state calls `move()`: it looks the move up in
TRANSITIONS (refusing anything not listed, with a plain message), sets the new
status and queue priority, and writes the audit entry with the state either side.
"""

from typing import Final

from django.core.exceptions import ValidationError
from django.utils import timezone

from moderation.models import AuditAction, AuditEntry, ModerationItem, Status, priority_for

# Who may make a move. Django permissions by codename; the other three are checked
# by the service itself.
AUTHOR: Final = "the author"
SIGNED_IN: Final = "anyone signed in, except the author"
SYSTEM: Final = "the system"
WORK_QUEUE: Final = "moderation.work_queue"
DECIDE_ESCALATION: Final = "moderation.decide_escalation"

A, S = AuditAction, Status

# (action,      from,          to,            who may)
TRANSITIONS: Final = (
    (A.SUBMIT, None, S.PENDING, AUTHOR),
    (A.APPROVE, S.PENDING, S.APPROVED, WORK_QUEUE),
    (A.APPROVE, S.REPORTED, S.APPROVED, WORK_QUEUE),
    (A.APPROVE, S.ESCALATED, S.APPROVED, DECIDE_ESCALATION),
    (A.REJECT, S.PENDING, S.REJECTED, WORK_QUEUE),
    (A.REJECT, S.REPORTED, S.REJECTED, WORK_QUEUE),
    (A.REJECT, S.ESCALATED, S.REJECTED, DECIDE_ESCALATION),
    (A.ESCALATE, S.PENDING, S.ESCALATED, WORK_QUEUE),
    (A.ESCALATE, S.REPORTED, S.ESCALATED, WORK_QUEUE),
    (A.REDACT, S.PENDING, S.PENDING, WORK_QUEUE),
    (A.REDACT, S.REPORTED, S.REPORTED, WORK_QUEUE),
    (A.REDACT, S.ESCALATED, S.ESCALATED, DECIDE_ESCALATION),
    (A.CLAIM, S.PENDING, S.PENDING, WORK_QUEUE),
    (A.CLAIM, S.REPORTED, S.REPORTED, WORK_QUEUE),
    (A.CLAIM, S.ESCALATED, S.ESCALATED, DECIDE_ESCALATION),
    (A.REPORT, S.APPROVED, S.REPORTED, SIGNED_IN),
    (A.REPORT, S.REPORTED, S.REPORTED, SIGNED_IN),
    (A.HIDE, S.REPORTED, S.REPORTED, SYSTEM),
    # An edit after a decision goes back to the queue; an escalation stays with staff.
    (A.EDIT, S.PENDING, S.PENDING, AUTHOR),
    (A.EDIT, S.APPROVED, S.PENDING, AUTHOR),
    (A.EDIT, S.REJECTED, S.PENDING, AUTHOR),
    (A.EDIT, S.REPORTED, S.PENDING, AUTHOR),
    (A.EDIT, S.ESCALATED, S.ESCALATED, AUTHOR),
)

_MOVES: Final = {(action, source): (target, who) for action, source, target, who in TRANSITIONS}

# Actions that leave the state as it is: claims ending, a withdrawal (kept or not), a
# risk flag cleared, a case record, a report no longer counted.
_STATE_KEEPING = (A.RELEASE, A.CLAIM_EXPIRED, A.WITHDRAW, A.CLEAR_RISK, A.CASE, A.IGNORE_REPORT)

_VERBS = {
    A.APPROVE: "approve",
    A.REJECT: "turn down",
    A.ESCALATE: "escalate",
    A.REDACT: "remove words from",
    A.CLAIM: "claim",
    A.REPORT: "report",
    A.HIDE: "hide",
    A.EDIT: "change",
    A.SUBMIT: "send",
}


def allowed(action: AuditAction, source: Status | None) -> bool:
    return (action, source) in _MOVES


def who_may(action: AuditAction, source: Status | None) -> str:
    return _MOVES[(action, source)][1]


def target_of(action: AuditAction, source: Status | None) -> Status:
    """The state `action` leads to from `source`, or a ValidationError saying why not."""
    if (action, source) in _MOVES:
        return _MOVES[(action, source)][0]
    decisions = (A.APPROVE, A.REJECT, A.ESCALATE, A.REDACT, A.CLAIM)
    if action in decisions and source in (S.APPROVED, S.REJECTED):
        raise ValidationError(
            f"This item has already been decided ({Status(source).label.lower()}). "
            "Nothing was changed."
        )
    if action == A.ESCALATE and source == S.ESCALATED:
        raise ValidationError("This item is already with a senior moderator. Nothing was changed.")
    if action == A.REPORT:
        raise ValidationError("Only things already on the site can be reported.")
    verb = _VERBS.get(action, str(action))
    state = Status(source).label.lower() if source else "new"
    raise ValidationError(f"You can't {verb} an item that is {state}. Nothing was changed.")


def move(item: ModerationItem, action: AuditAction, *, actor, now=None, **fields) -> AuditEntry:
    """Apply `action` to `item` (in memory) and write the audit entry.

    The caller holds the item's row lock and saves the item afterwards; the status and
    priority fields are set here so the table above is the only place that says where
    an action leads. `fields` are the entry's own (`reason_code`, `reason`,
    `note_to_author`, `detail`, `wait_seconds`).
    """
    before = item.status if item.pk else None
    if action in _STATE_KEEPING:
        after = item.status
    else:
        after = target_of(action, before)
        item.status = after
        item.priority = priority_for(
            after, has_risk_flag=item.has_risk_flag, escalation_kind=item.escalation_kind
        )
    return audit(
        item, action, actor=actor, now=now, status_before=before or "", status_after=after, **fields
    )


def audit_entry(
    item: ModerationItem,
    action: AuditAction,
    *,
    actor,
    now=None,
    status_before: str = "",
    status_after: str = "",
    **fields,
) -> AuditEntry:
    """An unsaved audit entry about `item` (for `bulk_create`); `audit` saves one."""
    fields = {key: value for key, value in fields.items() if value is not None}
    return AuditEntry(
        item_id=item.pk,
        content_type_id=item.content_type_id,
        object_id=item.object_id,
        actor=actor,
        action=action,
        status_before=status_before,
        status_after=status_after,
        created_at=now or timezone.now(),
        **fields,
    )


def unchanged_entry(item, action: AuditAction, *, actor, now=None, **fields) -> AuditEntry:
    """An unsaved audit entry for `action`, which leaves `item` in the state it is in."""
    return audit_entry(
        item,
        action,
        actor=actor,
        now=now,
        status_before=item.status,
        status_after=item.status,
        **fields,
    )


def audit(item: ModerationItem, action: AuditAction, **kwargs) -> AuditEntry:
    entry = audit_entry(item, action, **kwargs)
    entry.save(force_insert=True)
    return entry
