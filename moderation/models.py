"""The moderation queue: items, reports, the audit log, notices and screening settings.

An item holds one user-written object of any registered type (see `registry.py`)
through a generic relation, with a snapshot of the words as submitted. Its state
changes only through `moderation.services`; the allowed moves are the table in
`moderation/services/transitions.py`.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Q
from django.utils import timezone
from wagtail.admin.panels import FieldPanel, HelpPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting

from moderation import screening_defaults
from moderation.screening import Flag, FlagKind, ScreeningConfig


class Status(models.TextChoices):
    PENDING = "pending", "Waiting for a moderator"
    APPROVED = "approved", "Approved"
    REJECTED = "rejected", "Not approved"
    ESCALATED = "escalated", "Escalated to a senior moderator"
    REPORTED = "reported", "Reported after approval"


# States in which an item waits in the queue (the partial index below covers them).
QUEUE_STATUSES = (Status.PENDING, Status.REPORTED, Status.ESCALATED)
# States a volunteer works; escalations are decided by senior moderators.
VOLUNTEER_STATUSES = (Status.PENDING, Status.REPORTED)
# States in which an item is on the site (unless hidden after reports).
PUBLIC_STATUSES = (Status.APPROVED, Status.REPORTED)


class Priority(models.IntegerChoices):
    """Lower comes first. Safeguarding risks reach someone before anything else."""

    RISK = 0, "Possible safeguarding risk"
    ESCALATED = 1, "Escalated"
    REPORTED = 2, "Reported"
    NORMAL = 3, "Normal"


def priority_for(status: str, *, has_risk_flag: bool) -> int:
    if has_risk_flag:
        return Priority.RISK
    if status == Status.ESCALATED:
        return Priority.ESCALATED
    if status == Status.REPORTED:
        return Priority.REPORTED
    return Priority.NORMAL


class HouseRuleReason(models.Model):
    """A reason a moderator may give for not approving something, from the house rules."""

    code = models.SlugField(max_length=40, unique=True)
    label = models.CharField(max_length=100, help_text="What moderators see.")
    message_to_author = models.CharField(
        max_length=300,
        help_text=(
            "Plain, kind words for the young person, completing the sentence "
            "“We couldn't put it on the Listening Hub this time, because …”."
        ),
    )
    is_active = models.BooleanField(
        default=True, help_text="Switch off instead of deleting a reason already used."
    )
    sort_order = models.PositiveSmallIntegerField(default=0)

    panels = [
        FieldPanel("label"),
        FieldPanel("code"),
        FieldPanel("message_to_author"),
        FieldPanel("is_active"),
        FieldPanel("sort_order"),
    ]

    class Meta:
        ordering = ["sort_order", "label"]
        verbose_name = "house rule reason"

    def __str__(self) -> str:
        return self.label


class ModerationItemQuerySet(models.QuerySet):
    def in_queue(self):
        return self.filter(status__in=QUEUE_STATUSES)

    def claimable(self, *, now):
        """Unclaimed, or claimed by a lease that has run out."""
        return self.filter(Q(claimed_until__isnull=True) | Q(claimed_until__lt=now))

    def in_queue_order(self):
        return self.order_by("priority", "queued_at", "id")


class ModerationItem(models.Model):
    """One user-written object waiting for, or carrying, a moderator's decision."""

    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.PositiveBigIntegerField()
    content_object = GenericForeignKey("content_type", "object_id")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="moderation_items"
    )

    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    priority = models.PositiveSmallIntegerField(choices=Priority.choices, default=Priority.NORMAL)
    version = models.PositiveIntegerField(
        default=1, help_text="Goes up each time the author changes the words."
    )
    submitted_at = models.DateTimeField(default=timezone.now)
    queued_at = models.DateTimeField(
        default=timezone.now, help_text="When it last joined the queue; the queue is oldest first."
    )

    # Exactly what was submitted: field name → text. The only copy of the original
    # words once a moderator redacts part of them, so only senior moderators see it.
    text_snapshot = models.JSONField(default=dict)
    flags = models.JSONField(default=list, blank=True)
    has_risk_flag = models.BooleanField(default=False)
    has_personal_flag = models.BooleanField(default=False)
    has_profanity_flag = models.BooleanField(default=False)
    redactions = models.JSONField(
        default=list, blank=True, help_text='Spans replaced by "[removed]" in public.'
    )

    # A claim is a lease: it ends at claimed_until, on a decision, or on release.
    claimed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="moderation_claims",
    )
    claimed_until = models.DateTimeField(null=True, blank=True)

    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    rejection_reason = models.ForeignKey(
        HouseRuleReason, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    note_to_author = models.TextField(blank=True)
    escalation_reason = models.TextField(blank=True)

    open_report_count = models.PositiveIntegerField(default=0)
    is_hidden = models.BooleanField(
        default=False, help_text="Taken off the site after reports, until a moderator reviews it."
    )

    objects = ModerationItemQuerySet.as_manager()

    class Meta:
        default_permissions = ()
        permissions = [
            ("view_queue", "Can see the moderation queue and items"),
            ("work_queue", "Can claim and decide items in the moderation queue"),
            ("view_escalations", "Can see escalated items"),
            ("decide_escalation", "Can decide escalated items"),
            ("view_original", "Can see the original words behind a redaction"),
            ("view_volunteer_figures", "Can see each volunteer's figures"),
        ]
        constraints = [
            # One item per moderated object: its whole history lives on that item.
            models.UniqueConstraint(
                fields=["content_type", "object_id"], name="moderation_item_one_per_object"
            ),
            # One claim per moderator at a time: "take next" gives back the last one.
            models.UniqueConstraint(
                fields=["claimed_by"],
                condition=Q(claimed_by__isnull=False),
                name="moderation_item_one_claim_per_moderator",
            ),
            models.CheckConstraint(
                condition=Q(claimed_by__isnull=True, claimed_until__isnull=True)
                | Q(claimed_by__isnull=False, claimed_until__isnull=False),
                name="moderation_item_claim_has_lease",
            ),
            models.CheckConstraint(
                condition=Q(is_hidden=False) | Q(status=Status.REPORTED),
                name="moderation_item_hidden_only_when_reported",
            ),
            models.CheckConstraint(
                condition=Q(status__in=Status.values), name="moderation_item_status_valid"
            ),
        ]
        indexes = [
            # "Take next": walk this index in order and stop at the first free row.
            models.Index(
                fields=["priority", "queued_at", "id"],
                condition=Q(status__in=QUEUE_STATUSES),
                name="moderation_item_queue_order",
            ),
            models.Index(
                fields=["claimed_until"],
                condition=Q(claimed_until__isnull=False),
                name="moderation_item_claim_expiry",
            ),
            models.Index(fields=["author", "status"], name="moderation_item_author"),
        ]

    def __str__(self) -> str:
        return f"{self.type_label} {self.object_id} ({self.get_status_display().lower()})"

    @property
    def type_label(self) -> str:
        from moderation import registry

        return registry.label_for(ContentType.objects.get_for_id(self.content_type_id))

    @property
    def flag_list(self) -> list[Flag]:
        return [Flag.from_dict(data) for data in self.flags]

    @property
    def flag_kinds(self) -> set[FlagKind]:
        return {flag.kind for flag in self.flag_list}

    @property
    def shows_support(self) -> bool:
        """Whether the author should be shown support signposting alongside this item."""
        return self.has_risk_flag or self.status == Status.ESCALATED

    @property
    def is_public(self) -> bool:
        return self.status in PUBLIC_STATUSES and not self.is_hidden

    @property
    def is_in_queue(self) -> bool:
        return self.status in QUEUE_STATUSES

    def claim_is_live(self, *, now) -> bool:
        return bool(self.claimed_by_id and self.claimed_until and self.claimed_until > now)

    def public_text(self) -> dict[str, str]:
        """The words as shown in public: redacted spans replaced by "[removed]"."""
        from moderation.redaction import apply_redactions

        return apply_redactions(self.text_snapshot, self.redactions)


class Report(models.Model):
    """Someone signed in says a published item breaks the house rules."""

    item = models.ForeignKey(ModerationItem, on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="moderation_reports"
    )
    reason = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        default_permissions = ()
        ordering = ["created_at"]
        constraints = [
            # One open report per person per item: a second click is not a second voice.
            models.UniqueConstraint(
                fields=["item", "reporter"],
                condition=Q(resolved_at__isnull=True),
                name="moderation_report_one_open_per_reporter",
            ),
        ]

    def __str__(self) -> str:
        return f"Report on {self.item_id}"


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


DECISION_ACTIONS = (AuditAction.APPROVE, AuditAction.REJECT)


class AuditEntry(models.Model):
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

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AuditLogIsImmutable
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AuditLogIsImmutable


class Notice(models.Model):
    """A short in-app message to one person, e.g. the decision on what they wrote."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="moderation_notices"
    )
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


@register_setting(icon="warning")
class ScreeningSettings(BaseGenericSetting):
    """The word lists pre-screening uses, and the guidance shown with a risk flag.

    Editable by senior moderators and administrators. One term per line; each is
    matched as whole words and through common disguises ("k1ll", "s.u.i.c.i.d.e").
    """

    suicide_terms = models.TextField(default=screening_defaults.suicide_terms)
    self_harm_terms = models.TextField(default=screening_defaults.self_harm_terms)
    abuse_terms = models.TextField(default=screening_defaults.abuse_terms)
    profanity_terms = models.TextField(default=screening_defaults.profanity_terms)
    profanity_allowed_words = models.TextField(
        blank=True,
        default=screening_defaults.profanity_allowed_words,
        help_text="Whole words never flagged as swearing, such as place names (Twatt).",
    )
    school_names = models.TextField(
        blank=True,
        default=screening_defaults.school_names,
        help_text="One school per line. Matched without regard to capitals.",
    )
    safeguarding_guidance = models.TextField(
        default=screening_defaults.safeguarding_guidance,
        help_text="Shown to the moderator beside any item with a risk flag.",
    )

    panels = [
        HelpPanel(
            content=(
                "<p>One term per line. Terms match whole words, and see through "
                "disguises like “k1ll”, “suiiicide” and “s.u.i.c.i.d.e”.</p>"
            )
        ),
        MultiFieldPanel(
            [
                FieldPanel("suicide_terms"),
                FieldPanel("self_harm_terms"),
                FieldPanel("abuse_terms"),
            ],
            heading="Risk language",
        ),
        MultiFieldPanel(
            [FieldPanel("profanity_terms"), FieldPanel("profanity_allowed_words")],
            heading="Swearing",
        ),
        FieldPanel("school_names"),
        FieldPanel("safeguarding_guidance"),
    ]

    class Meta:
        verbose_name = "screening"

    def as_config(self) -> ScreeningConfig:
        return ScreeningConfig.from_text(
            self_harm_terms=self.self_harm_terms,
            suicide_terms=self.suicide_terms,
            abuse_terms=self.abuse_terms,
            profanity_terms=self.profanity_terms,
            profanity_allowed_words=self.profanity_allowed_words,
            school_names=self.school_names,
        )
