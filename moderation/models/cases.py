"""Safeguarding cases: what senior moderators did about a safeguarding escalation.

A case belongs to one safeguarding escalation of one item. Its current state (status,
follow-up date) lives on the case row, changed only by `moderation.services.cases`
under the row's lock; everything that happened lives in its entries, which, like the
audit log, can be added and never changed or deleted (model, queryset, admin and a
PostgreSQL trigger all refuse). Only senior moderators and administrators see cases.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from wagtail.admin.panels import FieldPanel

from moderation.models.audit import AppendOnly, AuditEntryQuerySet
from moderation.models.items import ModerationItem


class CaseStatus(models.TextChoices):
    OPEN = "open", "Open"
    ACTION_TAKEN = "action_taken", "Action taken"
    CLOSED = "closed", "Closed"


# The moves a case may make, written once: (from, to).
CASE_MOVES = {
    (CaseStatus.OPEN, CaseStatus.ACTION_TAKEN),
    (CaseStatus.OPEN, CaseStatus.CLOSED),
    (CaseStatus.ACTION_TAKEN, CaseStatus.CLOSED),
    (CaseStatus.CLOSED, CaseStatus.OPEN),  # reopened, with a note saying why
}


class SafeguardingActionType(models.Model):
    """Something a senior moderator can do about a case. An editable list."""

    code = models.SlugField(max_length=40, unique=True)
    label = models.CharField(max_length=100)
    needs_note = models.BooleanField(
        default=False, help_text="Ask for a note whenever this action is recorded."
    )
    is_active = models.BooleanField(
        default=True, help_text="Switch off instead of deleting an action already used."
    )
    sort_order = models.PositiveSmallIntegerField(default=0)

    panels = [
        FieldPanel("label"),
        FieldPanel("code"),
        FieldPanel("needs_note"),
        FieldPanel("is_active"),
        FieldPanel("sort_order"),
    ]

    class Meta:
        ordering = ["sort_order", "label"]
        verbose_name = "safeguarding action"

    def __str__(self) -> str:
        return self.label


class SafeguardingCase(models.Model):
    """A senior moderator's record of one safeguarding escalation."""

    # No database foreign key to the item: the case outlives it, like the audit log.
    item = models.ForeignKey(
        ModerationItem,
        null=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="cases",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The young person, for private messages through the site.",
    )
    status = models.CharField(max_length=16, choices=CaseStatus.choices, default=CaseStatus.OPEN)
    opened_at = models.DateTimeField(default=timezone.now)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.TextField(blank=True, help_text="Why it was escalated.")
    follow_up_on = models.DateField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        default_permissions = ()
        ordering = ["-opened_at", "-id"]
        constraints = [
            # One case at a time per item: a second escalation adds to the open case.
            models.UniqueConstraint(
                fields=["item"],
                condition=~Q(status=CaseStatus.CLOSED),
                name="moderation_case_one_open_per_item",
            ),
            models.CheckConstraint(
                condition=Q(status__in=CaseStatus.values), name="moderation_case_status_valid"
            ),
        ]
        indexes = [
            models.Index(
                fields=["follow_up_on"],
                condition=~Q(status=CaseStatus.CLOSED),
                name="moderation_case_follow_up",
            ),
            models.Index(fields=["status", "opened_at"], name="moderation_case_status"),
        ]

    def __str__(self) -> str:
        return f"Safeguarding case {self.pk} ({self.get_status_display().lower()})"

    @property
    def is_closed(self) -> bool:
        return self.status == CaseStatus.CLOSED


class CaseEntryKind(models.TextChoices):
    OPENED = "opened", "Case opened"
    ACTION = "action", "Action"
    NOTE = "note", "Note"
    STATUS = "status", "Status changed"
    FOLLOW_UP = "follow_up", "Follow-up date set"
    MESSAGE = "message", "Message sent to the young person"


class CaseEntry(AppendOnly):
    """One thing done or noted on a case: who, when, what. Never changed or deleted."""

    immutable_message = "A safeguarding case record cannot be changed or deleted."

    case = models.ForeignKey(
        SafeguardingCase, on_delete=models.DO_NOTHING, db_constraint=False, related_name="entries"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    kind = models.CharField(max_length=16, choices=CaseEntryKind.choices)
    action_type = models.ForeignKey(
        SafeguardingActionType, null=True, on_delete=models.PROTECT, related_name="+"
    )
    note = models.TextField(blank=True)
    status_before = models.CharField(max_length=16, choices=CaseStatus.choices, blank=True)
    status_after = models.CharField(max_length=16, choices=CaseStatus.choices, blank=True)
    follow_up_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        default_permissions = ()
        ordering = ["created_at", "id"]
        verbose_name = "case entry"
        verbose_name_plural = "case entries"

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on case {self.case_id}"
