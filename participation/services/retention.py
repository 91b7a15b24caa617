"""Retention of accounts: carry out due erasures, end the safeguarding period of
erased accounts, and delete accounts never verified. Called by cms/retention.py
(`apply_retention` and the daily scheduler job); the rules are in docs/privacy.md.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.contrib.contenttypes.models import ContentType
from django.db import transaction

from moderation.services import privacy as moderation_privacy
from participation.models import Nomination, NominationEvidence, User
from participation.services.privacy import (
    WITHDRAWN_TITLE,
    cooling_off,
    participant_erase,
    safeguarding_retention,
    sessions_end,
    unverified_account_age,
)

logger = logging.getLogger(__name__)


def participants_erase_due(*, now: dt.datetime, dry_run: bool = False) -> int:
    """Erase every account whose cooling-off period has passed; returns how many."""
    due = User.objects.filter(
        erased_at__isnull=True, erasure_requested_at__lte=now - cooling_off()
    ).order_by("pk")
    if dry_run:
        return due.count()
    return sum(participant_erase(user=user, now=now) for user in due)


def erased_safeguarding_items_delete(*, now: dt.datetime, dry_run: bool = False) -> int:
    """Once the safeguarding period after an erasure is over, delete the items kept for
    a concern, and their words; returns how many items."""
    accounts = User.objects.filter(erased_at__lte=now - safeguarding_retention())
    removed = 0
    for user_id in accounts.values_list("pk", flat=True):
        if dry_run:
            removed += moderation_privacy.person_safeguarding_items(user_id=user_id).count()
            continue
        with transaction.atomic():
            keys = moderation_privacy.person_safeguarding_items_delete(user_id=user_id)
            for content_type_id, object_id in keys:
                model = ContentType.objects.get_for_id(content_type_id).model_class()
                if model is Nomination:
                    Nomination.objects.filter(pk=object_id).update(
                        title=WITHDRAWN_TITLE, description=""
                    )
                    NominationEvidence.objects.filter(nomination_id=object_id).update(note="")
                elif model is not None:
                    model._base_manager.filter(pk=object_id).delete()
            removed += len(keys)
    return removed


def unverified_accounts_delete(*, now: dt.datetime, dry_run: bool = False) -> int:
    """Delete accounts older than HUB_UNVERIFIED_ACCOUNT_DAYS with no verified email
    address: never staff, never anyone with a role. Returns how many."""
    stale = (
        User.objects.filter(
            date_joined__lt=now - unverified_account_age(),
            is_staff=False,
            is_superuser=False,
            groups__isnull=True,
            erased_at__isnull=True,
        )
        .exclude(emailaddress__verified=True)
        .order_by("pk")
    )
    if dry_run:
        return stale.count()
    deleted = 0
    for user in stale:
        with transaction.atomic():
            user_id = user.pk
            sessions_end(user_id=user_id)
            user.delete()
            logger.info("Deleted unverified account %s", user_id)
            deleted += 1
    return deleted
