"""When an author's taking part is suspended, and when that is lifted.

The owning app decides who is suspended (moderation knows nothing of participants);
it calls these so that, meanwhile, what the author sent is neither published nor
waiting on a volunteer's time, and their reports stop counting.
"""

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.db import transaction

from moderation import rules as moderation_rules
from moderation.models import AuditAction, AuditEntry, ModerationItem, Status
from moderation.services import common, reports
from moderation.services.transitions import unchanged_entry

NOT_SENIOR = "Only a senior moderator can do that."


def _require_senior(actor) -> None:
    if not moderation_rules.can_decide_escalations(actor):
        raise PermissionDenied(NOT_SENIOR)


def author_items_withhold(*, author, actor, now: dt.datetime | None = None) -> int:
    """Hold back `author`'s items waiting for a moderator: out of the queue, so nobody
    approves them, until `author_items_restore`. Anything with risk language stays
    with the moderators (a safeguarding concern is never held back), and escalated
    items stay with senior moderators. Their open reports stop counting too.
    Returns how many items were held back."""
    _require_senior(actor)
    now = now or common.now()
    with transaction.atomic():
        items = list(
            ModerationItem.objects.select_for_update().filter(
                author_id=author.pk,
                status=Status.PENDING,
                has_risk_flag=False,
                withheld_at__isnull=True,
            )
        )
        for item in items:
            item.withheld_at = now
            common.end_claim(item)
        ModerationItem.objects.bulk_update(items, ["withheld_at", "claimed_by", "claimed_until"])
        AuditEntry.objects.bulk_create(
            unchanged_entry(item, AuditAction.WITHHOLD, actor=actor, now=now) for item in items
        )
        reports.reports_ignore_from(reporter=author, actor=actor, now=now)
    return len(items)


def author_items_restore(*, author, actor, now: dt.datetime | None = None) -> int:
    """Put `author`'s held-back items back in the queue, where they were. Returns how many."""
    _require_senior(actor)
    now = now or common.now()
    with transaction.atomic():
        items = list(
            ModerationItem.objects.select_for_update().filter(
                author_id=author.pk, withheld_at__isnull=False
            )
        )
        for item in items:
            item.withheld_at = None
        ModerationItem.objects.bulk_update(items, ["withheld_at"])
        AuditEntry.objects.bulk_create(
            unchanged_entry(item, AuditAction.RESTORE, actor=actor, now=now) for item in items
        )
    return len(items)


def is_withheld(item: ModerationItem) -> bool:
    return item.withheld_at is not None
