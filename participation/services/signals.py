"""Duplicate-account signals: recorded at sign-up and log-in, shown to senior moderators.

One person, one vote. Two signals suggest that accounts may belong to one person:
the same device (a random first-party cookie, `DEVICE_COOKIE`) and the same network
(the address cut down to its /24 for IPv4, /48 for IPv6). Both are stored only as
keyed hashes (HMAC with the SECRET_KEY), never as themselves, and only for
HUB_DUPLICATE_SIGNAL_DAYS. Staff accounts are never recorded.

A device shared by two or more accounts is flagged; a network only when more than
HUB_ACCOUNTS_PER_NETWORK accounts share it, because a school or a family shares one.
A flag is a question for a senior moderator, never a verdict: nothing here blocks,
bans or hides anyone. They may suspend an account (services/suspension.py) or
dismiss the flag, which writes an entry in each account's log.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import re
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Max, Min
from django.utils import timezone
from django.utils.crypto import salted_hmac
from wagtail.log_actions import log

from moderation import rules as moderation_rules
from participation.models import AccountSignal, LinkedAccountsDismissal, SignalKind, User

DEVICE_COOKIE = "hub_device"
DEVICE_COOKIE_MAX_AGE = 365 * 24 * 60 * 60  # a year; the signals themselves last far less
DEVICE_TOKEN = re.compile(r"^[A-Za-z0-9_-]{32,64}$")
IPV4_PREFIX = 24
IPV6_PREFIX = 48
DISMISS_ACTION = "participation.linked_accounts_dismiss"

NOT_SENIOR = "Only senior moderators can see or dismiss linked accounts."
NOT_FLAGGED = "These accounts aren't flagged any more, so there's nothing to dismiss."


def window_days() -> int:
    return int(getattr(settings, "HUB_DUPLICATE_SIGNAL_DAYS", 30))


def accounts_per_network() -> int:
    return int(getattr(settings, "HUB_ACCOUNTS_PER_NETWORK", 5))


def _cutoff(now: dt.datetime | None) -> dt.datetime:
    return (now or timezone.now()) - dt.timedelta(days=window_days())


def _require_senior(user) -> None:
    if not moderation_rules.can_decide_escalations(user):
        raise PermissionDenied(NOT_SENIOR)


# --- What is kept ------------------------------------------------------------------


def new_device_token() -> str:
    return secrets.token_urlsafe(32)


def is_device_token(value: str | None) -> bool:
    return bool(value and DEVICE_TOKEN.match(value))


def network_of(address: str) -> str | None:
    """The network an address is in: "203.0.113.7" → "203.0.113.0/24"; None if it
    isn't an address."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return None
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    prefix = IPV4_PREFIX if ip.version == 4 else IPV6_PREFIX
    return str(ipaddress.ip_network(f"{ip}/{prefix}", strict=False))


def keyed_digest(kind: str, value: str) -> str:
    """A keyed hash (HMAC-SHA256 with the SECRET_KEY) of `value`: the same value always
    gives the same digest, and the digest can't be turned back into the value."""
    return salted_hmac(f"participation.signals.{kind}", value, algorithm="sha256").hexdigest()


def is_recorded(user: User) -> bool:
    """Staff accounts are not recorded: they share the charity's devices and network."""
    return not (user.is_staff or user.is_superuser or user.groups.exists())


def account_signals_record(
    *,
    user: User,
    device_token: str | None,
    address: str | None,
    now: dt.datetime | None = None,
) -> list[AccountSignal]:
    """Note that `user` was seen with this device and from this address's network.

    Each (account, kind, digest) is one row whose `last_seen_at` moves on; a second
    sign-in at the same moment (two tabs) may race to create it, which the unique
    constraint settles: the loser updates the winner's row.
    """
    if not is_recorded(user):
        return []
    now = now or timezone.now()
    seen = []
    if is_device_token(device_token):
        seen.append((SignalKind.DEVICE, keyed_digest(SignalKind.DEVICE, device_token)))
    network = network_of(address or "")
    if network:
        seen.append((SignalKind.NETWORK, keyed_digest(SignalKind.NETWORK, network)))
    rows = []
    for kind, digest in seen:
        rows.append(_seen(user=user, kind=kind, digest=digest, now=now))
    return rows


def _seen(*, user: User, kind: str, digest: str, now: dt.datetime) -> AccountSignal:
    existing = AccountSignal.objects.filter(user=user, kind=kind, digest=digest)
    if existing.update(last_seen_at=now):
        return existing.get()
    try:
        with transaction.atomic():
            return AccountSignal.objects.create(
                user=user, kind=kind, digest=digest, first_seen_at=now, last_seen_at=now
            )
    except IntegrityError:
        existing.update(last_seen_at=now)
        return existing.get()


def account_signals_delete_expired(*, now: dt.datetime | None = None) -> int:
    """Delete signals not seen within HUB_DUPLICATE_SIGNAL_DAYS, and dismissals as
    old; `manage.py apply_retention` calls this. Returns how many rows went."""
    cutoff = _cutoff(now)
    signals, _ = AccountSignal.objects.filter(last_seen_at__lt=cutoff).delete()
    dismissals, _ = LinkedAccountsDismissal.objects.filter(dismissed_at__lt=cutoff).delete()
    return signals + dismissals


# --- What senior moderators see -------------------------------------------------------


@dataclass(frozen=True)
class LinkedAccount:
    user: User
    first_seen_at: dt.datetime
    last_seen_at: dt.datetime

    @property
    def name(self) -> str:
        return self.user.display_name or f"Account {self.user.pk} (no display name yet)"

    @property
    def suspended(self) -> bool:
        return getattr(self.user, "suspended_at", None) is not None


@dataclass(frozen=True)
class LinkedGroup:
    kind: str
    digest: str
    accounts: tuple[LinkedAccount, ...]

    @property
    def label(self) -> str:
        return SignalKind(self.kind).label

    @property
    def last_seen_at(self) -> dt.datetime:
        return max(account.last_seen_at for account in self.accounts)

    @property
    def user_ids(self) -> list[int]:
        return sorted(account.user.pk for account in self.accounts)


def _flagged_digests(kind: str, cutoff: dt.datetime, more_than: int) -> list[str]:
    return list(
        _recent(cutoff)
        .filter(kind=kind)
        .values("digest")
        .annotate(accounts=Count("user", distinct=True))
        .filter(accounts__gt=more_than)
        .values_list("digest", flat=True)
    )


def _recent(cutoff: dt.datetime):
    # Recorded before they became staff, perhaps: staff are never part of a group.
    return AccountSignal.objects.filter(
        last_seen_at__gte=cutoff,
        user__is_staff=False,
        user__is_superuser=False,
        user__groups__isnull=True,
    )


def _groups(cutoff: dt.datetime) -> list[LinkedGroup]:
    flagged = [
        (SignalKind.DEVICE, digest) for digest in _flagged_digests(SignalKind.DEVICE, cutoff, 1)
    ] + [
        (SignalKind.NETWORK, digest)
        for digest in _flagged_digests(SignalKind.NETWORK, cutoff, accounts_per_network())
    ]
    if not flagged:
        return []
    rows = (
        _recent(cutoff)
        .filter(digest__in=[digest for _kind, digest in flagged])
        .values("kind", "digest", "user")
        .annotate(first=Min("first_seen_at"), last=Max("last_seen_at"))
    )
    users = User.objects.in_bulk({row["user"] for row in rows})
    by_group: dict[tuple[str, str], list[LinkedAccount]] = {}
    for row in rows:
        account = LinkedAccount(users[row["user"]], row["first"], row["last"])
        by_group.setdefault((row["kind"], row["digest"]), []).append(account)
    groups = []
    for kind, digest in flagged:
        accounts = sorted(by_group.get((kind, digest), []), key=lambda a: a.first_seen_at)
        groups.append(LinkedGroup(kind, digest, tuple(accounts)))
    return groups


def _dismissed(group: LinkedGroup, cutoff: dt.datetime) -> bool:
    current = set(group.user_ids)
    return any(
        current <= set(user_ids)
        for user_ids in LinkedAccountsDismissal.objects.filter(
            kind=group.kind, digest=group.digest, dismissed_at__gte=cutoff
        ).values_list("user_ids", flat=True)
    )


def linked_account_groups(*, viewer, now: dt.datetime | None = None) -> list[LinkedGroup]:
    """Groups of accounts that share a device (two or more) or a network (more than
    HUB_ACCOUNTS_PER_NETWORK) within the window, newest first, leaving out those a
    senior moderator dismissed. Senior moderators only."""
    _require_senior(viewer)
    cutoff = _cutoff(now)
    groups = [group for group in _groups(cutoff) if not _dismissed(group, cutoff)]
    return sorted(groups, key=lambda group: group.last_seen_at, reverse=True)


def linked_accounts_dismiss(
    *, moderator, kind: str, digest: str, now: dt.datetime | None = None
) -> LinkedAccountsDismissal:
    """A senior moderator found nothing wrong with a flagged group: it leaves the page
    until another account joins it. Writes an entry in each account's log."""
    _require_senior(moderator)
    now = now or timezone.now()
    cutoff = _cutoff(now)
    group = next(
        (g for g in _groups(cutoff) if g.kind == kind and g.digest == digest),
        None,
    )
    if group is None or _dismissed(group, cutoff):
        raise ValidationError(NOT_FLAGGED)
    with transaction.atomic():
        dismissal = LinkedAccountsDismissal.objects.create(
            kind=kind,
            digest=digest,
            user_ids=group.user_ids,
            dismissed_by=moderator,
            dismissed_at=now,
        )
        for account in group.accounts:
            log(
                instance=account.user,
                action=DISMISS_ACTION,
                user=moderator,
                data={"signal": kind, "accounts": group.user_ids},
            )
    return dismissal
