"""Items in the queue, the reasons for not approving, and reports."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils import timezone
from wagtail.admin.panels import FieldPanel

from moderation import registry
from moderation.redaction import apply_redactions
from moderation.screening import Flag, FlagKind


class Status(models.TextChoices):
    """States as moderators name them. Authors never see these words: they see
    `moderation.author_view.author_state()`, which reveals no one else's actions."""

    PENDING = "pending", "Waiting for a moderator"
    APPROVED = "approved", "Approved"
    REJECTED = "rejected", "Not approved"
    ESCALATED = "escalated", "Escalated to a senior moderator"
    REPORTED = "reported", "Reported after approval"


class EscalationKind(models.TextChoices):
    """Why a moderator hands an item on. Only safeguarding uses safeguarding words,
    alerts and helpline signposting; see `moderation/escalations.py` for each kind's
    wording, priority and who is told."""

    SAFEGUARDING = "safeguarding", "Safeguarding: a risk to the young person or others"
    PERSONAL_DETAILS = "personal_details", "Personal details"
    HOUSE_RULE = "house_rule", "A house-rule question"
    POLICY = "policy", "A policy question"


# States in which an item waits in the queue (the partial index below covers them).
QUEUE_STATUSES = (Status.PENDING, Status.REPORTED, Status.ESCALATED)
# States a volunteer works; escalations are decided by senior moderators.
VOLUNTEER_STATUSES = (Status.PENDING, Status.REPORTED)
# States in which an item is on the site (unless hidden after reports).
PUBLIC_STATUSES = (Status.APPROVED, Status.REPORTED)


# The queue's order: priority, then (among reported items) the weighted report score,
# then the oldest. "Take next" and the queue page both use it.
QUEUE_ORDER = ("priority", "-report_score", "queued_at", "id")


class Priority(models.IntegerChoices):
    """Lower comes first. Safeguarding risks reach someone before anything else."""

    RISK = 0, "Possible safeguarding risk"
    ESCALATED = 1, "Escalated"
    QUESTION = 2, "A question for a senior moderator"
    REPORTED = 3, "Reported"
    NORMAL = 4, "Normal"


ESCALATION_PRIORITY = {
    EscalationKind.SAFEGUARDING: Priority.RISK,
    EscalationKind.PERSONAL_DETAILS: Priority.ESCALATED,
    EscalationKind.HOUSE_RULE: Priority.QUESTION,
    EscalationKind.POLICY: Priority.QUESTION,
}


def priority_for(status: str, *, has_risk_flag: bool, escalation_kind: str = "") -> int:
    if has_risk_flag:
        return Priority.RISK
    if status == Status.ESCALATED:
        return ESCALATION_PRIORITY.get(escalation_kind, Priority.ESCALATED)
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
        return self.order_by(*QUEUE_ORDER)


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
    escalation_kind = models.CharField(
        max_length=20,
        choices=EscalationKind.choices,
        blank=True,
        help_text="The last escalation's kind.",
    )
    team = models.ForeignKey(
        "moderation.Team",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="items",
        help_text="The team whose queue holds it; empty for the shared queue every team sees.",
    )

    open_report_count = models.PositiveIntegerField(
        default=0, help_text="How many people reported it since the last decision."
    )
    report_score = models.FloatField(
        default=0,
        help_text="Open reports weighed by each reporter's record: reported items with more "
        "weight come first.",
    )
    is_hidden = models.BooleanField(
        default=False,
        help_text="Taken off the site after reports of a risk, until a moderator reviews it.",
    )
    withheld_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="Held back while its author's taking part is suspended: out of the queue "
        "and never published until the suspension is lifted.",
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
            ("view_volunteer_figures", "Can see every volunteer's and team's figures"),
            ("manage_cases", "Can see and record safeguarding cases"),
            ("bulk_decide", "Can reject or escalate a selection of items at once"),
            ("hear_policy_questions", "Is told of policy questions from moderators"),
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
                fields=list(QUEUE_ORDER),
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
        return registry.label_for(ContentType.objects.get_for_id(self.content_type_id))

    @property
    def flag_list(self) -> list[Flag]:
        return [Flag.from_dict(data) for data in self.flags]

    @property
    def flag_kinds(self) -> set[FlagKind]:
        return {flag.kind for flag in self.flag_list}

    @property
    def is_safeguarding(self) -> bool:
        """Risk language, or a moderator's safeguarding escalation: the only items that
        get safeguarding words, alerts, guidance and helpline signposting."""
        return self.has_risk_flag or (
            self.status == Status.ESCALATED and self.escalation_kind == EscalationKind.SAFEGUARDING
        )

    @property
    def shows_support(self) -> bool:
        """Whether the author should be shown support signposting alongside this item."""
        return self.is_safeguarding

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
        return apply_redactions(self.text_snapshot, self.redactions)


class ReportKind(models.TextChoices):
    """What the reporter says is wrong. Only "someone may be in danger" carries a risk
    flag, and only reports carrying one can take an approved item off the site."""

    HOUSE_RULES = "house_rules", "It breaks the house rules"
    DANGER = "danger", "Someone may be in danger"


class Report(models.Model):
    """A participant says a published item breaks the house rules, or that someone may
    be in danger. Weighed by the reporter's record (`weight`); see services/reports.py."""

    item = models.ForeignKey(ModerationItem, on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="moderation_reports"
    )
    kind = models.CharField(
        max_length=16, choices=ReportKind.choices, default=ReportKind.HOUSE_RULES
    )
    reason = models.TextField()
    weight = models.FloatField(
        default=1.0, help_text="How much it counts, from the reporter's past reports."
    )
    folded = models.BooleanField(
        default=False,
        help_text="Beyond the item's limit of listed reports: counted, its words not kept.",
    )
    ignored_at = models.DateTimeField(
        null=True, blank=True, help_text="No longer counted: the reporter was suspended."
    )
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
        indexes = [
            models.Index(fields=["reporter", "created_at"], name="moderation_report_by_reporter"),
        ]

    def __str__(self) -> str:
        return f"Report on {self.item_id}"
