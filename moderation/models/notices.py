"""In-app notices: short messages to one person, of one kind."""

from django.conf import settings
from django.db import models
from django.utils import timezone


class NoticeKind(models.TextChoices):
    """What a notice is about. The one list of kinds: other apps use these values.

    People choose, kind by kind, whether they also get an email (see
    `registry.set_notice_policy`), except for the kinds in `ALWAYS_DELIVERED`.
    """

    DECISION = "decision", "Decisions on what I wrote"
    ROUND_OPENING = "round_opening", "A new round opening in a vote I took part in"
    CAMPAIGN_UPDATE = "campaign_update", "Updates on campaigns I follow"
    STAFF_ALERT = "staff_alert", "Alerts for moderators and staff"
    SAFEGUARDING = "safeguarding", "Safety and support messages"


# Never switched off by anyone's preferences: a safeguarding message to a young
# person, or an alert that a senior moderator must act on, has to arrive.
ALWAYS_DELIVERED = frozenset({NoticeKind.STAFF_ALERT, NoticeKind.SAFEGUARDING})

# Why someone gets each kind, said at the foot of its email.
KIND_REASONS = {
    NoticeKind.DECISION: "You get these emails when a moderator has looked at something you wrote.",
    NoticeKind.ROUND_OPENING: (
        "You get these emails when voting opens in a vote you have taken part in."
    ),
    NoticeKind.CAMPAIGN_UPDATE: (
        "You get these emails about campaigns you follow or helped to start."
    ),
    NoticeKind.STAFF_ALERT: (
        "You get these emails because you help keep the site safe. They can't be switched "
        "off while you have that role."
    ),
    NoticeKind.SAFEGUARDING: (
        "We always send messages about your safety and support, so these can't be switched off."
    ),
}


class Notice(models.Model):
    """A short in-app message to one person, e.g. the decision on what they wrote.

    Every email sent about something is also a notice, so the messages list on the
    site shows the same thing, with the same link.
    """

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="moderation_notices"
    )
    kind = models.CharField(max_length=20, choices=NoticeKind.choices, default=NoticeKind.DECISION)
    subject = models.CharField(max_length=200, blank=True)
    message = models.TextField()
    link = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        default_permissions = ()
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["recipient", "read_at"], name="moderation_notice_unread")]

    def __str__(self) -> str:
        return self.message[:60]

    @property
    def always_delivered(self) -> bool:
        return self.kind in ALWAYS_DELIVERED
