"""Nominations, supports ("me too") and supporting statements."""

from django.conf import settings
from django.db import models
from wagtail.search import index

from moderation.selectors import ModeratedQuerySet


class NominationQuerySet(ModeratedQuerySet):
    def active(self):
        return self.filter(state=NominationState.ACTIVE)

    def with_counts(self):
        """Supporters and public statements, counted by the database in the same query."""
        from moderation.selectors import public

        public_statements = public(
            SupportingStatement.objects.filter(nomination=models.OuterRef("pk"))
        )
        return self.annotate(
            supporter_count=models.Count("supports", distinct=True),
            statement_count=models.Subquery(
                public_statements.order_by()
                .values("nomination")
                .annotate(n=models.Count("pk"))
                .values("n")[:1],
                output_field=models.IntegerField(),
            ),
        )

    def with_is_public(self):
        """`is_public`: whether everyone may see it (approved, not hidden), in the same query."""
        return self.annotate(
            is_public=models.Exists(Nomination.objects.public().filter(pk=models.OuterRef("pk")))
        )


class NominationState(models.TextChoices):
    """The nomination's own life, apart from moderation (which decides if it is public)."""

    ACTIVE = "active", "Active"
    WITHDRAWN = "withdrawn", "Withdrawn by its author"
    MERGED = "merged", "Merged into another nomination"
    INELIGIBLE = "ineligible", "Not eligible"


class Nomination(index.Indexed, models.Model):
    """A policy issue a participant proposes for a campaign vote. Pre-moderated.

    Indexed for site search, which shows only what `public()` allows: the index holds
    every nomination's words, so no search may bypass that filter (see cms/search.py).
    """

    campaign_vote = models.ForeignKey(
        "participation.CampaignVotePage", on_delete=models.CASCADE, related_name="nominations"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="nominations"
    )
    title = models.CharField(max_length=120)
    description = models.TextField(max_length=2000)
    topic = models.ForeignKey(
        "evidence.Topic", on_delete=models.PROTECT, related_name="nominations"
    )
    state = models.CharField(
        max_length=12, choices=NominationState.choices, default=NominationState.ACTIVE
    )
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="merged_from"
    )
    ineligible_reason = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = NominationQuerySet.as_manager()

    search_fields = [
        index.SearchField("title", boost=2),
        index.SearchField("description"),
    ]

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [
            models.Index(fields=["campaign_vote", "state"], name="participation_nom_vote_state")
        ]

    def __str__(self) -> str:
        return self.title


class NominationEvidence(models.Model):
    """A published evidence snippet a participant attached to their nomination, with an
    optional note in their own words (moderated with the nomination)."""

    nomination = models.ForeignKey(
        Nomination, on_delete=models.CASCADE, related_name="evidence_links"
    )
    snippet = models.ForeignKey(
        "evidence.EvidenceSnippet", on_delete=models.CASCADE, related_name="nomination_links"
    )
    note = models.CharField(max_length=200, blank=True)
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["sort_order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["nomination", "snippet"], name="participation_evidence_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.snippet} on {self.nomination}"


class Support(models.Model):
    """A participant's "me too" on a nomination: at most one each."""

    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="supports")
    participant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="supports"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["nomination", "participant"],
                name="participation_support_once",
                violation_error_message="You already support this.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.participant} supports {self.nomination}"


class SupportingStatement(models.Model):
    """A short "why this matters to me" on a nomination. Pre-moderated; one per author."""

    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="statements")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="statements"
    )
    text = models.TextField(max_length=500)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ModeratedQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["nomination", "author"],
                condition=models.Q(author__isnull=False),
                name="participation_statement_once",
            )
        ]

    def __str__(self) -> str:
        return self.text[:60]
