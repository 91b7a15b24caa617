"""Volunteer teams, their leads, and shifts.

The charity's moderators work in teams, in shifts, often reading distressing words.
A team lead (a senior moderator) looks after their team: they see its figures and
hear when someone needs to talk. A shift starts when a volunteer starts work (or
takes their first item) and ends when they say so, or after `MODERATION_SHIFT_HOURS`.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel


class Team(ClusterableModel):
    """Volunteer moderators who work together under a lead."""

    name = models.CharField(max_length=80, unique=True)
    lead = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="teams_led",
        help_text="A senior moderator. They see the team's figures and hear when a "
        "volunteer asks to talk about something they read.",
    )
    risk_items_per_shift = models.PositiveSmallIntegerField(
        default=5,
        help_text="After this many items with possible safeguarding risk in one shift, "
        "the queue gives a volunteer no more of them.",
    )
    break_after_minutes = models.PositiveSmallIntegerField(
        default=45, help_text="Suggest a break after this long in the queue without one."
    )
    is_active = models.BooleanField(
        default=True, help_text="Inactive teams are given no new items."
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("lead"),
        MultiFieldPanel(
            [FieldPanel("risk_items_per_shift"), FieldPanel("break_after_minutes")],
            heading="Looking after the team",
        ),
        FieldPanel("is_active"),
        InlinePanel("memberships", heading="Volunteers", label="Volunteer"),
    ]

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        super().clean()
        if self.lead_id and not self.lead.has_perm("moderation.decide_escalation"):
            raise ValidationError({"lead": "A team lead must be a senior moderator."})


class TeamMembership(models.Model):
    team = ParentalKey(Team, on_delete=models.CASCADE, related_name="memberships")
    moderator = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="team_membership",
        help_text="A volunteer is in one team at a time.",
    )

    panels = [FieldPanel("moderator")]

    class Meta:
        verbose_name = "team member"

    def __str__(self) -> str:
        return f"{self.moderator} in {self.team}"


class Shift(models.Model):
    """One stretch of a moderator's time in the queue."""

    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="moderation_shifts"
    )
    team = models.ForeignKey(
        Team, null=True, blank=True, on_delete=models.SET_NULL, related_name="shifts"
    )
    started_at = models.DateTimeField(default=timezone.now)
    ended_at = models.DateTimeField(null=True, blank=True)
    last_break_at = models.DateTimeField(null=True, blank=True)
    risk_items_seen = models.PositiveSmallIntegerField(
        default=0, help_text="Items with possible safeguarding risk taken this shift."
    )

    class Meta:
        default_permissions = ()
        ordering = ["-started_at"]
        constraints = [
            # One open shift per moderator: "who is on now" counts people, not rows.
            models.UniqueConstraint(
                fields=["moderator"],
                condition=Q(ended_at__isnull=True),
                name="moderation_shift_one_open_per_moderator",
            )
        ]
        indexes = [
            models.Index(
                fields=["started_at"],
                condition=Q(ended_at__isnull=True),
                name="moderation_shift_open",
            )
        ]

    def __str__(self) -> str:
        return f"{self.moderator}'s shift from {self.started_at:%d %b %H:%M}"
