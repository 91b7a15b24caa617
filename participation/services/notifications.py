"""Notifications: what each person hears about, and how (in the site, by email).

Every notice is of one kind, `NotificationKind` (moderation's `NoticeKind`, the one
list). Each goes to the person's messages on the site; it is emailed too when it has
a subject and the person has not switched that kind of email off. Safeguarding
messages and staff alerts can't be switched off. Emails go through the task
interface once the change commits, never in the request.

Other apps (e.g. campaign pages telling followers of an update) call `notify`.
"""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse

from moderation import conf as moderation_conf
from moderation import registry
from moderation.models import ALWAYS_DELIVERED, Notice
from moderation.models import NoticeKind as NotificationKind
from moderation.services import notice_send
from participation.models import EMAIL_SWITCHES, NotificationPreferences, User

# A salt of its own, so no other signed value of the site works as an unsubscribe link.
UNSUBSCRIBE_SALT = "participation.notifications.unsubscribe"
UNSUBSCRIBE_MAX_AGE = dt.timedelta(days=60)

# Each kind people may switch off, as said to them: "we won't email you about …".
EMAIL_ABOUT = {
    NotificationKind.DECISION: "decisions on what you wrote",
    NotificationKind.ROUND_OPENING: "new rounds opening in votes you took part in",
    NotificationKind.CAMPAIGN_UPDATE: "updates on campaigns you follow",
}


def notify(
    *, recipient: User, kind: str, subject: str, message: str, link: str = ""
) -> Notice | None:
    """Tell one person something, in plain words.

    Writes the notice in their messages on the site (with `link`, a path on this
    site such as "/campaigns/clean-air/"), and emails it with `subject` once the
    surrounding transaction commits, unless they switched `kind` off. Returns the
    notice, or None if nothing was sent.
    """
    if kind not in NotificationKind.values:
        raise ValueError(f"Unknown notification kind {kind!r}")
    return notice_send(recipient=recipient, kind=kind, message=message, link=link, subject=subject)


# --- Preferences -------------------------------------------------------------------


def preferences_for(user: User) -> NotificationPreferences:
    """The person's switches; unsaved defaults (every switch on) if they never chose."""
    preferences = NotificationPreferences.objects.filter(user_id=user.pk).first()
    return preferences or NotificationPreferences(user=user)


def _absolute(path: str) -> str:
    return moderation_conf.site_url() + path


def notice_delivery(recipient: User, kind: str) -> registry.NoticeDelivery:
    """The notice policy moderation asks before every notice (set in AppConfig.ready)."""
    if kind in ALWAYS_DELIVERED or kind not in EMAIL_SWITCHES:
        return registry.NoticeDelivery()
    token = unsubscribe_token(user=recipient, kind=kind)
    return registry.NoticeDelivery(
        in_site=True,
        email=preferences_for(recipient).wants_email(kind),
        unsubscribe_url=_absolute(reverse("participation:notification-unsubscribe", args=[token])),
        preferences_url=_absolute(reverse("participation:notification-preferences")),
    )


def _locked_preferences(user: User) -> NotificationPreferences:
    # get_or_create first: two requests creating the row at once meet the unique
    # user column, and the loser reads the winner's row.
    preferences, _created = NotificationPreferences.objects.get_or_create(user=user)
    # Then lock it, so two changes at once (the page and a one-click unsubscribe)
    # are applied one after the other rather than one overwriting the other.
    return NotificationPreferences.objects.select_for_update().get(pk=preferences.pk)


def notification_preferences_update(
    *,
    user: User,
    email_decisions: bool,
    email_round_openings: bool,
    email_campaign_updates: bool,
) -> NotificationPreferences:
    """Set which kinds of notice a person also gets by email."""
    if not user.is_authenticated or not user.is_active:
        raise ValidationError("Please log in to choose your emails.")
    with transaction.atomic():
        preferences = _locked_preferences(user)
        preferences.email_decisions = bool(email_decisions)
        preferences.email_round_openings = bool(email_round_openings)
        preferences.email_campaign_updates = bool(email_campaign_updates)
        preferences.save()
    return preferences


def notification_email_stop(*, user: User, kind: str) -> bool:
    """Switch one kind of email off (the one-click unsubscribe). True if it was on;
    asking again changes nothing."""
    if kind in ALWAYS_DELIVERED:
        raise ValidationError(
            "We always send messages about safety and support, so they can't be switched off."
        )
    field = EMAIL_SWITCHES.get(kind)
    if field is None:
        raise ValidationError("We don't send that kind of email.")
    with transaction.atomic():
        preferences = _locked_preferences(user)
        if not getattr(preferences, field):
            return False
        setattr(preferences, field, False)
        preferences.save(update_fields=[field, "updated_at"])
    return True


# --- One-click unsubscribe links ---------------------------------------------------


class UnsubscribeLinkError(Exception):
    """An unsubscribe link that can't be used; `reason` is one of the constants below."""

    EXPIRED = "expired"
    INVALID = "invalid"
    ALWAYS_SENT = "always_sent"

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


class UnsubscribeLink(NamedTuple):
    user: User
    kind: str


def unsubscribe_token(*, user: User, kind: str) -> str:
    """A signed, dated token naming the person and one kind of email. No login needed
    to use it, so it says nothing but that: a user id and a kind."""
    return signing.dumps({"user": user.pk, "kind": str(kind)}, salt=UNSUBSCRIBE_SALT)


def unsubscribe_link_read(token: str) -> UnsubscribeLink:
    """Who and which kind a token is for. Raises UnsubscribeLinkError for a token that
    was forged, altered, is too old, or names a kind nobody may switch off."""
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT, max_age=UNSUBSCRIBE_MAX_AGE)
    except signing.SignatureExpired:
        raise UnsubscribeLinkError(UnsubscribeLinkError.EXPIRED) from None
    except (signing.BadSignature, ValueError, TypeError):
        raise UnsubscribeLinkError(UnsubscribeLinkError.INVALID) from None
    if not isinstance(data, dict):
        raise UnsubscribeLinkError(UnsubscribeLinkError.INVALID)
    kind, user_id = data.get("kind"), data.get("user")
    if kind in ALWAYS_DELIVERED:
        raise UnsubscribeLinkError(UnsubscribeLinkError.ALWAYS_SENT)
    if kind not in EMAIL_SWITCHES or not isinstance(user_id, int):
        raise UnsubscribeLinkError(UnsubscribeLinkError.INVALID)
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        raise UnsubscribeLinkError(UnsubscribeLinkError.INVALID)
    return UnsubscribeLink(user=user, kind=kind)


__all__ = [
    "EMAIL_ABOUT",
    "UNSUBSCRIBE_MAX_AGE",
    "NotificationKind",
    "UnsubscribeLink",
    "UnsubscribeLinkError",
    "notice_delivery",
    "notification_email_stop",
    "notification_preferences_update",
    "notify",
    "preferences_for",
    "unsubscribe_link_read",
    "unsubscribe_token",
]
