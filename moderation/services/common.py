"""Checks and locks the moderation services share. Not for use outside `services/`."""

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.utils import timezone

from moderation import conf, selectors
from moderation import rules as moderation_rules
from moderation.models import AuditAction, AuditEntry, ModerationItem, Status, TeamMembership
from moderation.services.transitions import DECIDE_ESCALATION, target_of, unchanged_entry, who_may

MAX_TEXT_LENGTH = 20_000

NOT_A_MODERATOR = "Only moderators can do that."
ESCALATION_NEEDS_SENIOR = "Only a senior moderator can decide an escalated item."
RISK_NEEDS_SENIOR = (
    "Screening found possible safeguarding risk in this, so only a senior moderator can "
    "decide it. Nothing was changed: please escalate it (the reason is filled in for you)."
)
OTHER_TEAMS_ITEM = (
    "This item is in another team's queue. Nothing was changed: please choose one from "
    "your own team's queue."
)
# Decisions a volunteer may not make on an item with a risk flag: deciding whether
# words about self-harm or abuse go public is a senior moderator's call.
RISK_DECISIONS = (AuditAction.APPROVE, AuditAction.REJECT, AuditAction.REDACT)
OWN_ITEM = "You can't moderate something you wrote yourself. Another moderator will look at it."
AUTHOR_CHANGED_IT = (
    "The author changed this while you were reading it. Nothing was changed: "
    "please read it again before deciding."
)
ITEM_GONE = "This item is no longer in the queue; its author may have removed it."


def require_moderator(user) -> None:
    if not moderation_rules.can_work_queue(user):
        raise PermissionDenied(NOT_A_MODERATOR)


def require_signed_in(user, message: str) -> None:
    if not moderation_rules.is_signed_in(user):
        raise PermissionDenied(message)


def lock_item(item: ModerationItem) -> ModerationItem:
    """Re-read `item` with its row locked until the transaction ends.

    Prevents two moderators (or a moderator and the author) from both reading the
    same state and both writing: the second waits, then sees the first one's change.
    """
    try:
        return ModerationItem.objects.select_for_update().get(pk=item.pk)
    except ModerationItem.DoesNotExist:
        raise ValidationError(ITEM_GONE) from None


@dataclass(frozen=True)
class HeldClaim:
    pk: int
    status: str
    content_type_id: int
    object_id: int


def lock_moderator(moderator) -> list[HeldClaim]:
    """Lock the moderator's user row, and return the claim they hold (at most one).

    Serialises one moderator's own claim requests (two tabs pressing "next" at
    once): a moderator holds at most one claim (a unique constraint), and without
    this lock both requests would pick an item and the second would fail on the
    constraint. The held claim is read by a second statement, after the lock is
    granted, so a claim another tab took a moment ago is seen.
    """
    # FOR NO KEY UPDATE: a decision in another tab sets `decided_by` to this user, and
    # its foreign-key check takes a share lock on this row; a full update lock here
    # would deadlock with it.
    list(
        get_user_model()
        .objects.select_for_update(no_key=True)
        .filter(pk=moderator.pk)
        .values_list("pk", flat=True)
    )
    return [
        HeldClaim(*row)
        for row in ModerationItem.objects.filter(claimed_by=moderator).values_list(
            "pk", "status", "content_type_id", "object_id"
        )
    ]


def release_held(
    moderator, held: list[HeldClaim], *, now: dt.datetime, keep_pk: int | None
) -> list[AuditEntry]:
    """End the moderator's other claim; returns its (unsaved) audit entries.

    The update re-checks `claimed_by` under the row lock, so a claim a decision
    ended a moment ago is not "released" a second time.
    """
    entries = []
    for claim in held:
        if claim.pk == keep_pk:
            continue
        released = ModerationItem.objects.filter(pk=claim.pk, claimed_by=moderator).update(
            claimed_by=None, claimed_until=None
        )
        if released:
            entries.append(unchanged_entry(claim, AuditAction.RELEASE, actor=moderator, now=now))
    return entries


WITHHELD = (
    "The person who wrote this has had their taking part paused by a senior moderator, "
    "so nothing of theirs goes on the site until that is lifted. Nothing was changed."
)


def check_moderator_may(
    item: ModerationItem,
    moderator,
    action: AuditAction,
    *,
    now: dt.datetime,
    seen_version: int | None = None,
) -> Status:
    """Refuse, with a plain message, anything `moderator` may not do to `item` now.

    The caller holds the item's row lock. Returns the state the action leads to.
    """
    target = target_of(action, item.status)
    senior = moderation_rules.can_decide_escalations(moderator)
    if who_may(action, item.status) == DECIDE_ESCALATION and not senior:
        raise PermissionDenied(ESCALATION_NEEDS_SENIOR)
    if item.has_risk_flag and action in RISK_DECISIONS and not senior:
        raise PermissionDenied(RISK_NEEDS_SENIOR)
    # Another team's item is theirs only while that team is active and on shift.
    if (
        item.team_id
        and not senior
        and item.team_id != team_id_of(moderator)
        and selectors.teams_on_shift(now=now).filter(team_id=item.team_id).exists()
    ):
        raise PermissionDenied(OTHER_TEAMS_ITEM)
    if item.author_id == moderator.pk:
        raise PermissionDenied(OWN_ITEM)
    if item.withheld_at is not None and action == AuditAction.APPROVE:
        raise ValidationError(WITHHELD)
    if item.claim_is_live(now=now) and item.claimed_by_id != moderator.pk:
        name = str(item.claimed_by) if item.claimed_by_id else "Another moderator"
        raise ValidationError(
            f"{name} is already working on this item. Nothing was changed: "
            "please choose another one."
        )
    if seen_version is not None and seen_version != item.version:
        raise ValidationError(AUTHOR_CHANGED_IT)
    return target


def team_id_of(moderator) -> int | None:
    """The team a moderator belongs to, or None."""
    return (
        TeamMembership.objects.filter(moderator_id=moderator.pk)
        .values_list("team_id", flat=True)
        .first()
    )


def clean_text_fields(text_fields: Mapping[str, str]) -> dict[str, str]:
    if not isinstance(text_fields, Mapping) or not text_fields:
        raise ValidationError("There is nothing to send.")
    cleaned = {}
    for name, text in text_fields.items():
        if not isinstance(name, str) or not isinstance(text, str):
            raise ValidationError("Each part must be text.")
        if len(text) > MAX_TEXT_LENGTH:
            raise ValidationError("That is too long to send. Please make it shorter.")
        cleaned[name] = text
    if not any(text.strip() for text in cleaned.values()):
        raise ValidationError("There is nothing to send.")
    return cleaned


# Characters nobody means to type in a note: NUL and the other C0 controls (tab and
# line breaks kept). PostgreSQL cannot store NUL in text at all, so a note holding one
# would fail to save instead of being refused kindly.
_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean_note(text: str, *, required: bool, what: str) -> str:
    """A reason or note: without control characters, stripped, within the length limit."""
    text = _CONTROLS.sub("", text or "").strip()
    if required and not text:
        raise ValidationError(f"Please write {what}.")
    if len(text) > conf.max_note_length():
        raise ValidationError(
            f"Please keep {what} to {conf.max_note_length()} characters or fewer."
        )
    return text


def lease_until(now: dt.datetime) -> dt.datetime:
    return now + dt.timedelta(minutes=conf.claim_minutes())


def end_claim(item: ModerationItem) -> None:
    item.claimed_by = None
    item.claimed_until = None


def resolve_open_reports(item: ModerationItem, *, now: dt.datetime) -> None:
    item.reports.filter(resolved_at__isnull=True).update(resolved_at=now)
    item.open_report_count = 0
    item.report_score = 0
    item.is_hidden = False


def seconds_between(start: dt.datetime, end: dt.datetime) -> int:
    return max(0, int((end - start).total_seconds()))


def now() -> dt.datetime:
    return timezone.now()


def claimable_filter(now: dt.datetime) -> Q:
    return Q(claimed_until__isnull=True) | Q(claimed_until__lt=now)
