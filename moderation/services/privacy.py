"""Moderation's part of erasing an account. Called by the app that owns accounts with a
user id only, so moderation stays free of other apps.

What a person wrote and what moderators decided about it are not removed here: the
owning app withdraws or detaches the words, and the audit log keeps what was done
(see docs/privacy.md). This removes the messages sent to the person, and, once the
safeguarding period is over, the items kept only because of a safeguarding concern.
"""

from __future__ import annotations

import datetime as dt

from django.db import connections, models, transaction
from django.db.models import Q

from moderation.models import (
    PUBLIC_STATUSES,
    AuditEntry,
    ModerationItem,
    Notice,
    SafeguardingCase,
    Status,
)


def _kept_for_safeguarding() -> Q:
    """Items kept after their author withdrew them, as `item_withdraw` keeps them."""
    return (Q(has_risk_flag=True) | Q(status=Status.ESCALATED) | Q(cases__isnull=False)) & ~Q(
        status__in=PUBLIC_STATUSES
    )


def person_notices_delete(*, user_id: int) -> int:
    """Delete every in-site message to the account; returns how many."""
    deleted, _ = Notice.objects.filter(recipient_id=user_id).delete()
    return deleted


def person_safeguarding_items(*, user_id: int):
    """The account's items that are off the site and kept for a safeguarding concern."""
    return (
        ModerationItem.objects.filter(author_id=user_id).filter(_kept_for_safeguarding()).distinct()
    )


def person_safeguarding_items_delete(*, user_id: int) -> list[tuple[int, int]]:
    """End of the safeguarding period: delete the account's items kept for a concern.

    Returns the (content type id, object id) of each, so the owning app can remove the
    words themselves. Items on the site stay: whether they are public depends on them.
    Cases keep their record (it is append-only), without the link to the account.
    """
    with transaction.atomic():
        ids = list(person_safeguarding_items(user_id=user_id).values_list("pk", flat=True))
        items = list(ModerationItem.objects.select_for_update().filter(pk__in=ids))
        keys = [(item.content_type_id, item.object_id) for item in items]
        SafeguardingCase.objects.filter(author_id=user_id).update(author=None)
        ModerationItem.objects.filter(pk__in=[item.pk for item in items]).delete()
    return keys


def audit_details_clear(*, before: dt.datetime, dry_run: bool = False) -> int:
    """Clear the free text (reasons, notes, details) and the actor of audit entries
    older than `before`; returns how many entries. What happened, when, and the state
    either side stay, so figures over the years still add up.

    The log refuses every other change: its queryset refuses `update()`, so this uses
    Django's own, and on PostgreSQL the trigger lets through only this clearing, and
    only inside a transaction that says it is retention (migration 0008).
    """
    old = AuditEntry.objects.filter(created_at__lt=before).exclude(
        reason="", note_to_author="", detail={}, actor__isnull=True
    )
    if dry_run:
        return old.count()
    with transaction.atomic():
        connection = connections[old.db]
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL moderation.retention = 'on'")
        return models.QuerySet.update(old, reason="", note_to_author="", detail={}, actor=None)
