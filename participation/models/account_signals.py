"""Signals that two accounts may be one person: one person, one vote.

Recorded at sign-up and log-in (participation/services/signals.py), kept only for
HUB_DUPLICATE_SIGNAL_DAYS, and shown to senior moderators, who decide: nothing is
blocked automatically. Nothing here can be turned back into what it came from:
the device cookie and the network are stored only as keyed hashes (HMAC with the
SECRET_KEY), and the network is the address cut down to its /24 (IPv4) or /48 (IPv6)
before it is hashed, so no one's address is kept.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone


class SignalKind(models.TextChoices):
    DEVICE = "device", "Same device"
    NETWORK = "network", "Same network"


class AccountSignal(models.Model):
    """One account seen with one device or network; `last_seen_at` moves on each visit."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="account_signals"
    )
    kind = models.CharField(max_length=8, choices=SignalKind.choices)
    digest = models.CharField(max_length=64, help_text="A keyed hash; never the value itself.")
    first_seen_at = models.DateTimeField(default=timezone.now)
    last_seen_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "kind", "digest"], name="participation_account_signal_unique"
            )
        ]
        indexes = [
            models.Index(
                fields=["kind", "digest", "last_seen_at"], name="participation_signal_lookup"
            ),
            models.Index(fields=["last_seen_at"], name="participation_signal_seen"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · account {self.user_id}"


class LinkedAccountsDismissal(models.Model):
    """A senior moderator looked at a group of linked accounts and found nothing wrong.

    The group stays off the page while its accounts are the same ones (`user_ids`);
    a new account joining it shows it again. Kept as long as the signals are.
    """

    kind = models.CharField(max_length=8, choices=SignalKind.choices)
    digest = models.CharField(max_length=64)
    user_ids = models.JSONField(default=list)
    dismissed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    dismissed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [
            models.Index(fields=["kind", "digest"], name="participation_dismissal_group"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} dismissed {self.dismissed_at:%Y-%m-%d}"
