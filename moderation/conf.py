"""Moderation settings, each with a default so the app works before anyone sets them.

Set them in `config/settings/base.py` (the `MODERATION_*` block) to change them.
"""

from django.conf import settings
from django.utils.module_loading import import_string


def claim_minutes() -> int:
    """How long a claim lasts before another moderator may take the item."""
    return int(getattr(settings, "MODERATION_CLAIM_MINUTES", 10))


def reports_to_hide() -> int:
    """Before any moderator approved an item this is never reached (it isn't public);
    after approval, reports alone never hide it: only reports carrying a risk flag
    ("someone may be in danger") whose weights add up to `danger_weight_to_hide()`.
    Kept for items reported by this many people: they show as reported by many."""
    return int(getattr(settings, "MODERATION_REPORTS_TO_HIDE", 3))


def reports_per_day() -> int:
    """How many reports one person may make in 24 hours."""
    return int(getattr(settings, "MODERATION_REPORTS_PER_DAY", 10))


def reports_listed_per_item() -> int:
    """How many open reports an item lists with their words; any more are counted only."""
    return int(getattr(settings, "MODERATION_REPORTS_PER_ITEM", 20))


def danger_weight_to_hide() -> float:
    """How much weight of "someone may be in danger" reports takes an approved item off
    the site until a moderator looks (one report from someone with a fair record)."""
    return float(getattr(settings, "MODERATION_DANGER_WEIGHT_TO_HIDE", 1.0))


def reporter_new_account_days() -> int:
    """Reports from accounts younger than this count for half."""
    return int(getattr(settings, "MODERATION_REPORTER_NEW_ACCOUNT_DAYS", 7))


def max_note_length() -> int:
    """The longest reason or note a moderator or reporter may write."""
    return int(getattr(settings, "MODERATION_MAX_NOTE_LENGTH", 1000))


def queue_page_size() -> int:
    return int(getattr(settings, "MODERATION_QUEUE_PAGE_SIZE", 50))


def menu_count_cap() -> int:
    """Menu counts stop at this number ("1000+"), so every admin page stays cheap."""
    return int(getattr(settings, "MODERATION_MENU_COUNT_CAP", 1000))


def support_url() -> str:
    """Where an author is sent for help: the site's own "Get help now" page."""
    return getattr(settings, "MODERATION_SUPPORT_URL", "/get-help/")


def site_url() -> str:
    """The address put in front of links in emails."""
    return getattr(
        settings, "MODERATION_SITE_URL", getattr(settings, "WAGTAILADMIN_BASE_URL", "")
    ).rstrip("/")


def shift_hours() -> int:
    """A shift nobody ended is over after this many hours."""
    return int(getattr(settings, "MODERATION_SHIFT_HOURS", 8))


def risk_items_per_shift() -> int:
    """For volunteers in no team: items with possible risk per shift (teams set their own)."""
    return int(getattr(settings, "MODERATION_RISK_ITEMS_PER_SHIFT", 5))


def break_after_minutes() -> int:
    """For volunteers in no team: suggest a break after this long (teams set their own)."""
    return int(getattr(settings, "MODERATION_BREAK_AFTER_MINUTES", 45))


def helplines() -> str:
    """The helplines named in private messages to a young person (the support page
    has the site's full, editable list)."""
    return getattr(
        settings,
        "MODERATION_HELPLINES",
        "Childline on 0800 1111 (free, any time), Samaritans on 116 123, or text SHOUT to 85258",
    )


def report_rate_limit():
    """The decorator that limits how often one person may send the report form: the
    project's own, named by a dotted path in MODERATION_REPORT_RATE_LIMIT (so this app
    imports nothing of the project's), or none. The service's own per-day limit
    (`reports_per_day`) holds either way."""
    path = getattr(settings, "MODERATION_REPORT_RATE_LIMIT", "")
    return import_string(path) if path else (lambda view: view)
