"""The audit log: one immutable entry for everything that happens to an item."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils import timezone

from moderation.models.items import ModerationItem, Status


class AuditLogIsImmutable(PermissionDenied):
    """Raised on any attempt to change or delete an audit entry."""

    def __init__(self, message: str = "The moderation audit log cannot be changed or deleted."):
        super().__init__(message)


class AuditEntryQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AuditLogIsImmutable

    def delete(self):
        raise AuditLogIsImmutable

    def bulk_update(self, objs, fields, batch_size=None):
        raise AuditLogIsImmutable

    def update_or_create(self, *args, **kwargs):
        raise AuditLogIsImmutable


class AppendOnly(models.Model):
    """A record that can be added to, never changed or deleted (its queryset refuses too:
    use `AuditEntryQuerySet.as_manager()`)."""

    immutable_message = "The moderation audit log cannot be changed or deleted."

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AuditLogIsImmutable(self.immutable_message)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AuditLogIsImmutable(self.immutable_message)


class AuditAction(models.TextChoices):
    SUBMIT = "submit", "Submitted"
    EDIT = "edit", "Changed by the author"
    WITHDRAW = "withdraw", "Withdrawn by the author"
    CLAIM = "claim", "Claimed"
    RELEASE = "release", "Released"
    CLAIM_EXPIRED = "claim_expired", "Claim ran out"
    APPROVE = "approve", "Approved"
    REJECT = "reject", "Not approved"
    ESCALATE = "escalate", "Escalated"
    REDACT = "redact", "Personal details removed"
    REPORT = "report", "Reported"
    HIDE = "hide", "Hidden after reports"
    CLEAR_RISK = "clear_risk", "Risk flag cleared as a false alarm"
    CASE = "case", "Safeguarding case record"
    WITHHOLD = "withhold", "Held back: its author is suspended"
    RESTORE = "restore", "Back in the queue: the author's suspension was lifted"
    IGNORE_REPORT = "ignore_report", "Report no longer counted: the reporter is suspended"


DECISION_ACTIONS = (AuditAction.APPROVE, AuditAction.REJECT)


class AuditEntry(AppendOnly):
    """One thing that happened to an item: who, when, what, why, and the state either side.

    Entries can be added, never changed or deleted: by this model, its queryset, the
    admin (read-only) and, on PostgreSQL, a trigger. They outlive the item and the
    people involved (no database foreign keys), so erasing a participant's data does
    not erase what moderators did. They hold no user-written words except a report's
    or an escalation's reason.
    """

    item = models.ForeignKey(
        ModerationItem,
        null=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="audit_entries",
    )
    content_type = models.ForeignKey(
        ContentType,
        null=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    object_id = models.PositiveBigIntegerField(null=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
        help_text="Empty when the system acted (a claim running out, hiding after reports).",
    )
    action = models.CharField(max_length=16, choices=AuditAction.choices)
    status_before = models.CharField(max_length=16, choices=Status.choices, blank=True)
    status_after = models.CharField(max_length=16, choices=Status.choices, blank=True)
    reason_code = models.CharField(max_length=40, blank=True)
    reason = models.TextField(blank=True)
    note_to_author = models.TextField(blank=True)
    detail = models.JSONField(default=dict, blank=True)
    wait_seconds = models.PositiveIntegerField(
        null=True, blank=True, help_text="For decisions: how long the item waited in the queue."
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        default_permissions = ("view",)
        verbose_name = "audit entry"
        verbose_name_plural = "audit log"
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["action", "created_at"], name="moderation_audit_action"),
            models.Index(fields=["actor", "created_at"], name="moderation_audit_actor"),
            models.Index(fields=["created_at"], name="moderation_audit_created"),
        ]

    def __str__(self) -> str:
        return f"{self.get_action_display()} · item {self.item_id}"
