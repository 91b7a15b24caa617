"""Suspending a participant, and lifting it: senior moderators only, with a reason.

While suspended, `participant_status` says SUSPENDED, so every participant-only step
(voting, nominating, supporting, statements, reporting) refuses them; what they sent
that still waits for a moderator is held back (out of the queue, never published),
and their open reports stop counting. Risk language and escalations stay with the
moderators: a safeguarding concern is never held back. Each change writes an entry
to the admin's log of the account (Wagtail's log, as the policy team's actions do).
"""

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from wagtail.log_actions import log

from moderation import rules as moderation_rules
from moderation.services.authors import author_items_restore, author_items_withhold
from participation.models import User

SUSPEND_ACTION = "participation.suspend"
UNSUSPEND_ACTION = "participation.unsuspend"
REASON_MAX = 1000

NOT_SENIOR = "Only a senior moderator can suspend someone or lift a suspension."


def support_url() -> str:
    return getattr(settings, "MODERATION_SUPPORT_URL", "/get-help/")


SUSPENDED_MESSAGE = (
    "Your taking part in the Listening Hub is paused for now, so you can't vote, nominate, "
    "support, write statements or report things. You can still read everything. A senior "
    "moderator did this because something you did went against the house rules. If you "
    "think it's a mistake, or you'd like to talk about it, please contact us. If something "
    "is worrying you, you can get help now."
)


def _require_senior(actor) -> None:
    if not moderation_rules.can_decide_escalations(actor):
        raise PermissionDenied(NOT_SENIOR)


def _reason(reason: str) -> str:
    reason = (reason or "").strip()
    if len(reason) > REASON_MAX:
        raise ValidationError(f"Please keep the reason to {REASON_MAX} characters or fewer.")
    return reason


def _set(user: User, *, at, reason: str, by) -> None:
    """Save the suspension fields on `user` (locked by the caller)."""
    user.suspended_at, user.suspended_reason, user.suspended_by = at, reason, by
    user.save(update_fields=["suspended_at", "suspended_reason", "suspended_by"])


def _record(user: User, action: str, actor, **data) -> None:
    """The entry in the admin's log of the account."""
    log(instance=user, action=action, user=actor, data=data)


def participant_suspend(*, actor, user: User, reason: str) -> User:
    """Pause `user`'s taking part, for `reason` (kept for senior moderators; the
    participant is told kindly, without it). Refused: anyone but a senior moderator,
    suspending yourself or a staff account, no reason, or someone already suspended."""
    _require_senior(actor)
    reason = _reason(reason)
    if not reason:
        raise ValidationError("Please write why, so other senior moderators know.")
    if user.pk == actor.pk:
        raise ValidationError("You can't suspend your own account.")
    if user.is_staff or user.is_superuser:
        raise ValidationError(
            "Staff accounts can't be suspended here; please ask an administrator."
        )
    now = timezone.now()
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        if user.suspended_at is not None:
            raise ValidationError("This participant is already suspended. Nothing was changed.")
        _set(user, at=now, reason=reason, by=actor)
        held = author_items_withhold(author=user, actor=actor, now=now)
        _record(user, SUSPEND_ACTION, actor, reason=reason, items_held_back=held)
    return user


def participant_unsuspend(*, actor, user: User, reason: str = "") -> User:
    """Lift `user`'s suspension: they take part again and what was held back goes back
    into the queue. Refused for anyone but a senior moderator, or someone not suspended."""
    _require_senior(actor)
    reason = _reason(reason)
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        if user.suspended_at is None:
            raise ValidationError("This participant isn't suspended. Nothing was changed.")
        _set(user, at=None, reason="", by=None)
        restored = author_items_restore(author=user, actor=actor)
        _record(user, UNSUSPEND_ACTION, actor, reason=reason, items_back_in_queue=restored)
    return user
