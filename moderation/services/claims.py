"""Claims: a moderator's lease on one item, so two moderators never decide the same one.

A claim lasts `MODERATION_CLAIM_MINUTES` (10 by default). It ends early on a
decision, when the moderator releases it, or when they take another item (a
moderator holds at most one claim). Expired claims stop counting at once, because
every query asks `claimed_until < now`; `claims_release_expired` (run by
`manage.py release_claims` and whenever the queue is read) also clears them and
records it in the audit log.
"""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import models, transaction

from moderation import rules as moderation_rules
from moderation import selectors
from moderation.models import (
    QUEUE_ORDER,
    QUEUE_STATUSES,
    VOLUNTEER_STATUSES,
    AuditAction,
    AuditEntry,
    ModerationItem,
)
from moderation.services import common, teams
from moderation.services.transitions import move, unchanged_entry

RISK_LIMIT_REACHED = (
    "You've read as many items about possible risk as one shift should hold, so the "
    "queue is keeping the rest for others. Nothing was changed. Thank you: please "
    "look after yourself, and take a break if you can."
)


def next_item_query(moderator, *, now: dt.datetime, shift) -> models.QuerySet:
    """The pick "take next" makes for `moderator` (one row, locked, skipping locked ones).

    Walks the queue's partial index in order and stops at the first row that passes
    the filters; the benchmark explains this same query.
    """
    senior = moderation_rules.can_decide_escalations(moderator)
    candidates = (
        ModerationItem.objects.filter(status__in=QUEUE_STATUSES if senior else VOLUNTEER_STATUSES)
        .filter(common.claimable_filter(now))
        .filter(withheld_at__isnull=True)
        .exclude(author=moderator)
        .order_by(*QUEUE_ORDER)
    )
    if not senior:
        candidates = candidates.filter(selectors.team_filter(moderator, now=now)).exclude(
            pk__in=teams.given_back_this_shift(moderator, shift)
        )
        if teams.risk_items_left(moderator, shift) == 0:
            candidates = candidates.filter(has_risk_flag=False)
    # SKIP LOCKED: moderators pressing "next" at the same moment each get a
    # different item, instead of queueing on one row and all but one losing it.
    return candidates.select_for_update(skip_locked=True, of=("self",))[:1]


def item_claim_next(*, moderator) -> ModerationItem | None:
    """Give `moderator` the next item, or None when the queue is empty.

    Order: safeguarding risks, then escalations (senior moderators only), then
    reported items, then the oldest. Never the moderator's own writing, and for a
    volunteer only their team's queue and the shared one, and no more items with a
    risk flag once they have had their team's limit for the shift. Any claim the
    moderator held before is released. The claim counts towards the moderator's
    shift, which starts now if it hadn't.
    """
    common.require_moderator(moderator)
    now = common.now()
    with transaction.atomic():
        held = common.lock_moderator(moderator)
        shift = teams.shift_for_claim(moderator, now=now)
        item = next_item_query(moderator, now=now, shift=shift).first()
        entries = common.release_held(moderator, held, now=now, keep_pk=item.pk if item else None)
        if item is not None:
            entries.append(_take(item, moderator, now=now))
            teams.count_risk_item(shift, item, moderator)
        # One insert for every audit entry of this request.
        AuditEntry.objects.bulk_create(entries)
    return item


def item_claim(*, item: ModerationItem, moderator) -> ModerationItem:
    """Claim a chosen item. Refused if someone else holds a live claim on it, and for
    a volunteer an item with a risk flag once they have had their limit this shift."""
    common.require_moderator(moderator)
    now = common.now()
    with transaction.atomic():
        held = common.lock_moderator(moderator)
        item = common.lock_item(item)
        common.check_moderator_may(item, moderator, AuditAction.CLAIM, now=now)
        if item.claimed_by_id == moderator.pk:
            item.claimed_until = common.lease_until(now)
            item.save(update_fields=["claimed_until"])
            return item
        shift = teams.shift_for_claim(moderator, now=now)
        if item.has_risk_flag and teams.risk_items_left(moderator, shift) == 0:
            raise ValidationError(RISK_LIMIT_REACHED)
        entries = common.release_held(moderator, held, now=now, keep_pk=item.pk)
        entries.append(_take(item, moderator, now=now))
        teams.count_risk_item(shift, item, moderator)
        AuditEntry.objects.bulk_create(entries)
    return item


def _take(item: ModerationItem, moderator, *, now: dt.datetime) -> AuditEntry:
    """Claim `item` for `moderator`; returns the (unsaved) audit entry."""
    item.claimed_by = moderator
    item.claimed_until = common.lease_until(now)
    item.save(update_fields=["claimed_by", "claimed_until"])
    return unchanged_entry(item, AuditAction.CLAIM, actor=moderator, now=now)


def claim_release(*, item: ModerationItem, moderator) -> ModerationItem:
    """Give back a claimed item without deciding it, so someone else can take it."""
    common.require_moderator(moderator)
    now = common.now()
    with transaction.atomic():
        item = common.lock_item(item)
        if item.claimed_by_id != moderator.pk:
            raise ValidationError(
                "You haven't claimed this item, so there is nothing to give back."
            )
        common.end_claim(item)
        item.save(update_fields=["claimed_by", "claimed_until"])
        move(item, AuditAction.RELEASE, actor=moderator, now=now)
    return item


def claims_release_expired(*, now: dt.datetime | None = None) -> int:
    """End every claim whose lease has run out; returns how many."""
    now = now or common.now()
    with transaction.atomic():
        # SKIP LOCKED: an item being decided right now is left to that decision
        # (which ends its claim anyway) instead of making this wait for it.
        expired = list(
            ModerationItem.objects.select_for_update(skip_locked=True)
            .filter(claimed_until__lt=now)
            .only("pk", "status", "content_type_id", "object_id", "claimed_by_id")
        )
        if not expired:
            return 0
        ModerationItem.objects.filter(pk__in=[item.pk for item in expired]).update(
            claimed_by=None, claimed_until=None
        )
        AuditEntry.objects.bulk_create(
            unchanged_entry(
                item,
                AuditAction.CLAIM_EXPIRED,
                actor=None,
                now=now,
                detail={"moderator_id": item.claimed_by_id},
            )
            for item in expired
        )
    return len(expired)
