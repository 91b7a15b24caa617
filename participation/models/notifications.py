"""What each person wants to hear about by email, and which round openings they heard of."""

from django.conf import settings
from django.db import models

from moderation.models import NoticeKind

# The kinds a person may switch email off for, and the field holding each switch.
EMAIL_SWITCHES = {
    NoticeKind.DECISION: "email_decisions",
    NoticeKind.ROUND_OPENING: "email_round_openings",
    NoticeKind.CAMPAIGN_UPDATE: "email_campaign_updates",
}


class NotificationPreferences(models.Model):
    """One person's email switches, one per kind. No row yet means every switch is on.

    The in-site messages list always shows every notice; these switch only the email.
    Campaign updates reach only people who follow a campaign, so following is the
    opt-in and this switch the way out.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    email_decisions = models.BooleanField(
        "Decisions on what I wrote",
        default=True,
        help_text="When a moderator has looked at a nomination or statement of yours.",
    )
    email_round_openings = models.BooleanField(
        "A new round opening in a vote I took part in",
        default=True,
        help_text="When voting opens in a vote where you nominated, supported or voted.",
    )
    email_campaign_updates = models.BooleanField(
        "Updates on campaigns I follow",
        default=True,
        help_text="News from the policy team about a campaign you follow.",
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "notification preferences"
        verbose_name_plural = "notification preferences"

    def __str__(self) -> str:
        return f"Notification preferences of {self.user}"

    def wants_email(self, kind: str) -> bool:
        """Whether this kind is emailed (kinds without a switch always are)."""
        field = EMAIL_SWITCHES.get(kind)
        return True if field is None else getattr(self, field)


class RoundOpeningNotice(models.Model):
    """That a participant was told a round opened: at most once per round each."""

    round = models.ForeignKey(
        "participation.Round", on_delete=models.CASCADE, related_name="opening_notices"
    )
    participant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="round_opening_notices"
    )
    notified_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["round", "participant"], name="participation_round_opening_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.participant} told {self.round} opened"
