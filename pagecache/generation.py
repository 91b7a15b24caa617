"""The site's content generation: a random token replaced whenever public content changes."""

from __future__ import annotations

import datetime as dt
import logging
import secrets
import time
from collections.abc import Callable

from django.core.cache import DEFAULT_CACHE_ALIAS, cache, caches
from django.core.cache.backends.db import BaseDatabaseCache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.utils import timezone

logger = logging.getLogger(__name__)

GENERATION_KEY = "hub:pagecache:generation"

# Models whose rows never show on a public page, so writing them changes no page.
# Everything else (pages, snippets, nominations, supports, results, moderation
# decisions, display names...) makes every cached page stale when saved or deleted.
IGNORED_MODELS = {
    "admin.logentry",
    "sessions.session",
    "contenttypes.contenttype",
    "auth.permission",
    "account.emailaddress",
    "account.emailconfirmation",
    "mfa.authenticator",
    "wagtailcore.revision",
    "wagtailcore.pagelogentry",
    "wagtailcore.modellogentry",
    "wagtailcore.workflowstate",
    "wagtailcore.taskstate",
    "wagtailcore.uploadedfile",
    "wagtailsearch.indexentry",
    "wagtailadmin.editingsession",
    "wagtailusers.userprofile",
    "participation.ballot",
    "participation.roundvoter",
    "participation.roundopeningnotice",
    "participation.notificationpreferences",
    "moderation.auditentry",
    "moderation.notice",
    "moderation.report",
    "moderation.safeguardingcase",
    "moderation.shift",
    "cms.campaignfollow",
    "cms.pagefeedback",
    "bench_ceilings.ceilingrow",
}
# Saves that touch only these fields change nothing public: logging in, completing
# the private part of a profile, a moderator claiming an item.
IGNORED_FIELDS = {
    "participation.user": frozenset(
        {
            "last_login",
            "password",
            "date_of_birth",
            "region",
            "house_rules_accepted_at",
            "profile_completed_at",
        }
    ),
    "moderation.moderationitem": frozenset({"claimed_by", "claimed_until"}),
}
# A new account has nothing public yet: creating one changes no page.
IGNORED_WHEN_CREATED = {"participation.user"}

_schedules: list[Callable[[dt.datetime], dt.datetime | None]] = []


def register_schedule(next_change: Callable[[dt.datetime], dt.datetime | None]) -> None:
    """`next_change(now)` answers when pages may next change without a save (a round
    opening, say), or None; no page is kept past the earliest answer."""
    if next_change not in _schedules:
        _schedules.append(next_change)


def _new_generation() -> str:
    """A random token, and when it began (ms since the epoch)."""
    return f"{secrets.token_hex(8)}-{int(time.time() * 1000)}"


def generation_age(generation: str) -> float:
    """Seconds since `generation` began."""
    try:
        began = int(generation.rsplit("-", 1)[1]) / 1000
    except (IndexError, ValueError):
        return 0.0
    return max(0.0, time.time() - began)


def current_generation() -> str:
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        generation = _new_generation()
        if not cache.add(GENERATION_KEY, generation, timeout=None):
            generation = cache.get(GENERATION_KEY) or generation
    return generation


def _replace_generation() -> None:
    # A cache that cannot be written must not undo or break the change itself (the
    # cache table does not exist yet while the first migrations run, say): stored pages
    # then live until they expire, at most HUB_PAGE_CACHE_SECONDS. The database cache
    # writes in a savepoint of its own, so a failure cannot abort the transaction of
    # the change on PostgreSQL.
    try:
        if isinstance(caches[DEFAULT_CACHE_ALIAS], BaseDatabaseCache):
            with transaction.atomic():
                cache.set(GENERATION_KEY, _new_generation(), timeout=None)
        else:
            cache.set(GENERATION_KEY, _new_generation(), timeout=None)
    except Exception as error:
        logger.warning("Could not mark cached pages stale: %s", error)


def content_changed() -> None:
    """Every cached page is stale, now and again once the current transaction commits.

    Now, so no page stored before the change is served again; after the commit as
    well, because a page drawn from the old rows while the change was being written
    may have been stored in the generation replaced now.
    """
    _replace_generation()
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(_replace_generation)


def seconds_until_next_change(generation: str, now: dt.datetime | None = None) -> float | None:
    """Seconds until the earliest registered scheduled change, or None if there is none.

    Asked once per generation and remembered with it (schedules change only by saves,
    which replace the generation), and asked again once that moment has passed.
    """
    now = now or timezone.now()
    key = f"{GENERATION_KEY}:next:{generation}"
    known = cache.get(key)
    if known is None or (known != "none" and known <= now):
        upcoming = [when for schedule in _schedules if (when := schedule(now)) is not None]
        known = min(upcoming) if upcoming else "none"
        cache.set(key, known, timeout=3600)
    if known == "none":
        return None
    return max(0.0, (known - now).total_seconds())


def _model_saved(sender, created=False, update_fields=None, **kwargs) -> None:
    label = sender._meta.label_lower
    if label in IGNORED_MODELS or (created and label in IGNORED_WHEN_CREATED):
        return
    if update_fields and set(update_fields) <= IGNORED_FIELDS.get(label, frozenset()):
        return
    content_changed()


def _model_deleted(sender, **kwargs) -> None:
    if sender._meta.label_lower not in IGNORED_MODELS:
        content_changed()


def connect() -> None:
    post_save.connect(_model_saved, dispatch_uid="pagecache-saved")
    post_delete.connect(_model_deleted, dispatch_uid="pagecache-deleted")
