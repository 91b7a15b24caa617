"""Retention: remove personal data whose time is up, and nothing else.

Run daily by the scheduler (cms/scheduler.py) and by `manage.py apply_retention`.
Each step removes only rows that can never be used again, so running it early, late
or twice at once is harmless. The policy, table by table, is docs/privacy.md:

- sessions past their expiry date (who was signed in, and allauth's state of a
  half-finished sign-in, such as a pending second step);
- email confirmations older than ACCOUNT_EMAIL_CONFIRMATION_EXPIRE_DAYS, whose
  links no longer work (with allauth's default signed links none are stored; rows
  appear only when ACCOUNT_EMAIL_CONFIRMATION_HMAC is off);
- expired entries of a database cache (cached sessions and rate-limit counters
  keyed by address), which the cache itself only removes when it fills up;
- accounts never verified within HUB_UNVERIFIED_ACCOUNT_DAYS (never staff);
- erasures asked for more than HUB_ERASURE_COOLING_OFF_DAYS ago;
- items kept for a safeguarding concern, HUB_SAFEGUARDING_RETENTION_DAYS after
  their author's account was erased;
- the free text and actor of moderation audit entries older than
  HUB_AUDIT_DETAIL_RETENTION_DAYS;
- duplicate-account signals (and moderators' dismissals of them) not seen within
  HUB_DUPLICATE_SIGNAL_DAYS.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from importlib import import_module

from allauth.account.models import EmailConfirmation
from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.db import BaseDatabaseCache
from django.db import connections, router
from django.template.defaultfilters import pluralize
from django.utils import timezone

from moderation.services.privacy import audit_details_clear
from participation.models.account_signals import AccountSignal, LinkedAccountsDismissal
from participation.services.retention import (
    erased_safeguarding_items_delete,
    participants_erase_due,
    unverified_accounts_delete,
)
from participation.services.signals import account_signals_delete_expired, window_days

# How long the free text of the moderation audit log is kept (six years, as the
# safeguarding records it explains; see docs/privacy.md).
AUDIT_DETAIL_RETENTION_DAYS = 6 * 365 + 2


@dataclass(frozen=True)
class RetentionReport:
    sessions: int
    email_confirmations: int
    cache_entries: int
    unverified_accounts: int = 0
    erasures: int = 0
    safeguarding_items: int = 0
    audit_details: int = 0
    duplicate_signals: int = 0
    dry_run: bool = False

    def __str__(self) -> str:
        removed = "would remove" if self.dry_run else "removed"
        return (
            f"{removed} {self.sessions} expired session{pluralize(self.sessions)}, "
            f"{self.email_confirmations} expired email "
            f"confirmation{pluralize(self.email_confirmations)} and "
            f"{self.cache_entries} expired cache entr{pluralize(self.cache_entries, 'y,ies')}; "
            f"{self.unverified_accounts} unverified account{pluralize(self.unverified_accounts)}; "
            f"{self.erasures} account erasure{pluralize(self.erasures)}; "
            f"{self.safeguarding_items} safeguarding "
            f"item{pluralize(self.safeguarding_items)} past their period; "
            f"the details of {self.audit_details} old audit "
            f"entr{pluralize(self.audit_details, 'y,ies')} and "
            f"{self.duplicate_signals} expired duplicate-account "
            f"signal{pluralize(self.duplicate_signals)}"
        )

    def as_lines(self) -> list[str]:
        """One line per rule, for `apply_retention`."""
        return [
            f"Expired sessions: {self.sessions}",
            f"Expired email confirmations: {self.email_confirmations}",
            f"Expired cache entries: {self.cache_entries}",
            f"Unverified accounts deleted: {self.unverified_accounts}",
            f"Accounts erased after the cooling-off period: {self.erasures}",
            f"Safeguarding items deleted after their period: {self.safeguarding_items}",
            f"Old audit entries with their details cleared: {self.audit_details}",
            f"Expired duplicate-account signals: {self.duplicate_signals}",
        ]


def sessions_remove_expired(*, now: dt.datetime) -> int:
    """Delete sessions past their expiry date; returns how many."""
    store = import_module(settings.SESSION_ENGINE).SessionStore
    if not hasattr(store, "get_model_class"):
        # Cookie and cache sessions expire on their own; file sessions clear themselves.
        store.clear_expired()
        return 0
    deleted, _ = store.get_model_class().objects.filter(expire_date__lt=now).delete()
    return deleted


def email_confirmations_remove_expired() -> int:
    """Delete email confirmations whose link has expired; returns how many."""
    deleted, _ = EmailConfirmation.objects.all_expired().delete()
    return deleted


def cache_entries_remove_expired(*, now: dt.datetime) -> int:
    """Delete expired rows of every database cache; returns how many."""
    removed = 0
    for alias in settings.CACHES:
        cache = caches[alias]
        if not isinstance(cache, BaseDatabaseCache):
            continue
        connection = connections[router.db_for_write(cache.cache_model_class)]
        quote = connection.ops.quote_name
        # The same statement the database cache runs when it culls itself.
        sql = f"DELETE FROM {quote(cache._table)} WHERE {quote('expires')} < %s"  # noqa: S608
        with connection.cursor() as cursor:
            cursor.execute(sql, [connection.ops.adapt_datetimefield_value(now)])
            removed += max(cursor.rowcount, 0)
    return removed


def audit_detail_retention() -> dt.timedelta:
    return dt.timedelta(
        days=getattr(settings, "HUB_AUDIT_DETAIL_RETENTION_DAYS", AUDIT_DETAIL_RETENTION_DAYS)
    )


def _signals_expired(*, now: dt.datetime) -> int:
    """How many rows `account_signals_delete_expired` would remove."""
    cutoff = now - dt.timedelta(days=window_days())
    return (
        AccountSignal.objects.filter(last_seen_at__lt=cutoff).count()
        + LinkedAccountsDismissal.objects.filter(dismissed_at__lt=cutoff).count()
    )


def retention_run(*, now: dt.datetime | None = None, dry_run: bool = False) -> RetentionReport:
    """Remove everything whose time is up (see the module docstring). With `dry_run`,
    count what would go and change nothing."""
    now = now or timezone.now()
    if dry_run:
        store = import_module(settings.SESSION_ENGINE).SessionStore
        sessions = (
            store.get_model_class().objects.filter(expire_date__lt=now).count()
            if hasattr(store, "get_model_class")
            else 0
        )
        return RetentionReport(
            sessions=sessions,
            email_confirmations=EmailConfirmation.objects.all_expired().count(),
            cache_entries=0,
            unverified_accounts=unverified_accounts_delete(now=now, dry_run=True),
            erasures=participants_erase_due(now=now, dry_run=True),
            safeguarding_items=erased_safeguarding_items_delete(now=now, dry_run=True),
            audit_details=audit_details_clear(before=now - audit_detail_retention(), dry_run=True),
            duplicate_signals=_signals_expired(now=now),
            dry_run=True,
        )
    return RetentionReport(
        # Erasures first: they end the sessions of the accounts they erase.
        erasures=participants_erase_due(now=now),
        unverified_accounts=unverified_accounts_delete(now=now),
        safeguarding_items=erased_safeguarding_items_delete(now=now),
        audit_details=audit_details_clear(before=now - audit_detail_retention()),
        duplicate_signals=account_signals_delete_expired(now=now),
        sessions=sessions_remove_expired(now=now),
        email_confirmations=email_confirmations_remove_expired(),
        cache_entries=cache_entries_remove_expired(now=now),
    )
