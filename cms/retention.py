"""Retention: remove personal data whose own expiry has passed, and nothing else.

Run daily by the scheduler (cms/scheduler.py). Each step removes only rows that can
never be used again, so running it early, late or twice at once is harmless:

- sessions past their expiry date (who was signed in, and allauth's state of a
  half-finished sign-in, such as a pending second step);
- email confirmations older than ACCOUNT_EMAIL_CONFIRMATION_EXPIRE_DAYS, whose
  links no longer work (with allauth's default signed links none are stored; rows
  appear only when ACCOUNT_EMAIL_CONFIRMATION_HMAC is off);
- expired entries of a database cache (cached sessions and rate-limit counters
  keyed by address), which the cache itself only removes when it fills up.

Accounts are never removed here, nor anything a person wrote or decided.
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


@dataclass(frozen=True)
class RetentionReport:
    sessions: int
    email_confirmations: int
    cache_entries: int

    def __str__(self) -> str:
        return (
            f"removed {self.sessions} expired session{pluralize(self.sessions)}, "
            f"{self.email_confirmations} expired email "
            f"confirmation{pluralize(self.email_confirmations)} and "
            f"{self.cache_entries} expired cache entr{pluralize(self.cache_entries, 'y,ies')}"
        )


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


def retention_run(*, now: dt.datetime | None = None) -> RetentionReport:
    """Remove everything whose expiry has passed (see the module docstring)."""
    now = now or timezone.now()
    return RetentionReport(
        sessions=sessions_remove_expired(now=now),
        email_confirmations=email_confirmations_remove_expired(),
        cache_entries=cache_entries_remove_expired(now=now),
    )
