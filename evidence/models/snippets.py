"""Evidence snippets: a curated statistic, always computed from the data.

The policy team writes the words and chooses the query (topics, channels, how many
months, a breakdown); the figure and the chart come from the channel statistics
through disclosure control, so no number is ever typed in and a new import updates
every snippet. Snippets have drafts, revisions, publishing and locking, as pages do.
"""

import re

from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.db import models
from modelcluster.fields import ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, HelpPanel, MultiFieldPanel
from wagtail.models import DraftStateMixin, LockableMixin, RevisionMixin
from wagtail.search import index

NUMBER = re.compile(r"\d")


class Breakdown(models.TextChoices):
    MONTH = "month", "Month by month (a trend)"
    CHANNEL = "channel", "By channel"
    AGE_BAND = "age_band", "By age band"
    REGION = "region", "By nation and region"
    TOPIC = "topic", "By topic"


class EvidenceSnippet(
    DraftStateMixin, LockableMixin, RevisionMixin, index.Indexed, ClusterableModel
):
    headline = models.CharField(
        max_length=120,
        help_text="A short title, like “Young people ask us about anxiety more than anything else”.",
    )
    sentence = models.TextField(
        max_length=400,
        help_text="One plain sentence about it. Don't type numbers: the figure is worked "
        "out from the data and shown beside it.",
    )
    topics = ParentalManyToManyField(
        "evidence.Topic",
        related_name="snippets",
        help_text="Counts contacts about these topics and the topics under them.",
    )
    channels = ParentalManyToManyField(
        "evidence.Channel",
        blank=True,
        related_name="snippets",
        help_text="Leave empty for every channel.",
    )
    months = models.PositiveSmallIntegerField(
        default=12, help_text="How many months up to the newest data (1 to 60)."
    )
    breakdown = models.CharField(max_length=10, choices=Breakdown.choices, default=Breakdown.MONTH)
    source_note = models.CharField(
        max_length=200,
        default="The charity's own records of contacts from young people",
        help_text="Where the data comes from, in words a young person understands.",
    )
    _revisions = GenericRelation("wagtailcore.Revision", related_query_name="evidence_snippet")

    panels = [
        FieldPanel("headline"),
        FieldPanel("sentence"),
        MultiFieldPanel(
            [
                HelpPanel(
                    content="<p>The figure and chart are computed from these choices, with "
                    "small numbers hidden. They update when new data is imported.</p>"
                ),
                FieldPanel("topics"),
                FieldPanel("channels"),
                FieldPanel("months"),
                FieldPanel("breakdown"),
            ],
            heading="What it counts",
        ),
        FieldPanel("source_note"),
    ]
    search_fields = [index.SearchField("headline"), index.SearchField("sentence")]

    class Meta:
        ordering = ["headline", "id"]
        verbose_name = "evidence snippet"

    def __str__(self) -> str:
        return self.headline

    @property
    def revisions(self):
        return self._revisions

    def clean(self):
        super().clean()
        errors = {}
        if NUMBER.search(self.sentence or ""):
            errors["sentence"] = (
                "Please leave numbers out: the figure is worked out from the data, so it "
                "can never be out of date or too small to show."
            )
        if NUMBER.search(self.headline or ""):
            errors["headline"] = "Please leave numbers out of the headline too."
        if not 1 <= (self.months or 0) <= 60:
            errors["months"] = "Choose between 1 and 60 months."
        if errors:
            raise ValidationError(errors)

    def get_url(self) -> str:
        from django.urls import reverse

        return reverse("evidence:snippet-detail", args=[self.pk])
