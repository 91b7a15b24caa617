"""Bulk decisions for senior moderators: reject or escalate a selection (a spam wave).

Each item goes through the same service as a single decision, in its own savepoint,
so each is checked, locked, audited and its author told one by one. An item that
can't be decided (already decided, someone else working on it, your own writing)
is skipped with the reason and the rest go ahead. Items that may be a safeguarding
risk are always left for a decision of their own.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from moderation import rules as moderation_rules
from moderation.models import EscalationKind, HouseRuleReason, ModerationItem
from moderation.services import common
from moderation.services.decisions import item_escalate, item_reject

MAX_BULK = 200
NOT_FOR_BULK = "Only senior moderators can decide a selection of items at once."
NEEDS_ITS_OWN_DECISION = (
    "it may be a safeguarding risk, so it needs to be read and decided on its own."
)


@dataclass
class BulkOutcome:
    done: list[int] = field(default_factory=list)
    skipped: list[tuple[int, str]] = field(default_factory=list)


def _items(items: Iterable[ModerationItem | int]) -> list[ModerationItem]:
    ids = sorted({item.pk if isinstance(item, ModerationItem) else int(item) for item in items})
    if not ids:
        raise ValidationError("Choose at least one item.")
    if len(ids) > MAX_BULK:
        raise ValidationError(f"Choose at most {MAX_BULK} items at a time.")
    return list(ModerationItem.objects.filter(pk__in=ids).order_by("pk"))


def _each(items, moderator, decide) -> BulkOutcome:
    if not moderation_rules.can_bulk_decide(moderator):
        raise PermissionDenied(NOT_FOR_BULK)
    outcome = BulkOutcome()
    found = _items(items)
    with transaction.atomic():
        for item in found:
            if item.is_safeguarding:
                # A disclosure hidden in a spam wave must be read and decided on its own.
                outcome.skipped.append((item.pk, NEEDS_ITS_OWN_DECISION))
                continue
            try:
                with transaction.atomic():
                    decide(item)
            except (PermissionDenied, ValidationError) as error:
                message = " ".join(getattr(error, "messages", [str(error)]))
                outcome.skipped.append((item.pk, message))
            else:
                outcome.done.append(item.pk)
    return outcome


def items_reject(
    *,
    items: Iterable[ModerationItem | int],
    moderator,
    reason: HouseRuleReason | str,
    note_to_author: str = "",
) -> BulkOutcome:
    """Don't approve each of `items`, for one reason from the house rules."""
    common.require_moderator(moderator)
    return _each(
        items,
        moderator,
        lambda item: item_reject(
            item=item, moderator=moderator, reason=reason, note_to_author=note_to_author
        ),
    )


def items_escalate(
    *, items: Iterable[ModerationItem | int], moderator, kind: str, reason: str
) -> BulkOutcome:
    """Escalate each of `items`, with one kind and reason (never as safeguarding: that
    is a judgement about one young person, and each opens a case and alerts everyone)."""
    common.require_moderator(moderator)
    if kind == EscalationKind.SAFEGUARDING:
        raise ValidationError(
            "Safeguarding escalations are made one item at a time. Nothing was changed."
        )
    return _each(
        items,
        moderator,
        lambda item: item_escalate(item=item, moderator=moderator, kind=kind, reason=reason),
    )
