"""Moderation settings, each with a default so the app works before anyone sets them.

Set them in `config/settings/base.py` (the `MODERATION_*` block) to change them.
"""

from django.conf import settings


def claim_minutes() -> int:
    """How long a claim lasts before another moderator may take the item."""
    return int(getattr(settings, "MODERATION_CLAIM_MINUTES", 10))


def reports_to_hide() -> int:
    """How many open reports take a published item off the site until it is reviewed."""
    return int(getattr(settings, "MODERATION_REPORTS_TO_HIDE", 3))


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
