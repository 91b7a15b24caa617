"""Channel statistics: how many young people contacted the charity, about what, how.

One row is one cell: contacts about a topic, through a channel, in a period, from one
source system, either for everyone (no age band, no region: the *total* row) or for
one age band or one region (a *breakdown* row). Totals and breakdowns are separate
rows, so sums over totals never count a contact twice. These are exact counts: only
staff see them as they are; every public figure passes `evidence.disclosure`.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from evidence.models.topics import Channel, Topic
from evidence.regions import Region


class AgeBand(models.TextChoices):
    AGE_13_15 = "13-15", "13–15"
    AGE_16_18 = "16-18", "16–18"
    AGE_19_21 = "19-21", "19–21"
    AGE_22_25 = "22-25", "22–25"


class StatisticsImport(models.Model):
    """One import of a statistics file: who, when, what it changed."""

    file_name = models.CharField(max_length=255)
    imported_at = models.DateTimeField(default=timezone.now)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    rows_added = models.PositiveIntegerField(default=0)
    rows_replaced = models.PositiveIntegerField(default=0)
    sources = models.JSONField(default=list, help_text="The sources the file held.")
    periods = models.JSONField(default=list, help_text="The months the file held (YYYY-MM).")

    class Meta:
        ordering = ["-imported_at", "-id"]
        default_permissions = ("add", "view")

    def __str__(self) -> str:
        return f"{self.file_name} ({self.imported_at:%d %b %Y})"


class ChannelStatistic(models.Model):
    source = models.SlugField(max_length=60, help_text="The system the counts come from.")
    period = models.DateField(help_text="The first day of the month (or the day) counted.")
    topic = models.ForeignKey(Topic, on_delete=models.PROTECT, related_name="statistics")
    channel = models.ForeignKey(Channel, on_delete=models.PROTECT, related_name="statistics")
    age_band = models.CharField(max_length=5, choices=AgeBand.choices, blank=True)
    region = models.CharField(max_length=9, choices=Region.choices, blank=True)
    contacts = models.PositiveIntegerField()
    imported = models.ForeignKey(
        StatisticsImport, null=True, on_delete=models.SET_NULL, related_name="rows"
    )

    class Meta:
        default_permissions = ("view",)
        constraints = [
            models.UniqueConstraint(
                fields=["source", "period", "topic", "channel", "age_band", "region"],
                name="evidence_statistic_one_cell",
            ),
            # A breakdown row is by age band or by region, not both: the two never add up
            # to the same total, and a cell by both would be too small to show anyway.
            models.CheckConstraint(
                condition=Q(age_band="") | Q(region=""), name="evidence_statistic_one_breakdown"
            ),
        ]
        indexes = [
            # Totals over time for topics and channels (snippets, the explorer).
            models.Index(
                fields=["topic", "period", "channel"],
                condition=Q(age_band="", region=""),
                name="evidence_statistic_totals",
            ),
            models.Index(fields=["source", "period"], name="evidence_statistic_source"),
        ]

    def __str__(self) -> str:
        return f"{self.topic} via {self.channel}, {self.period:%b %Y}: {self.contacts}"


class TopicMonthTotal(models.Model):
    """All contacts about a topic in a month, every channel and source: a rollup kept
    by the importer, so "you are not alone" reads 12 rows, not millions."""

    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="month_totals")
    month = models.DateField()
    contacts = models.PositiveBigIntegerField()

    class Meta:
        default_permissions = ()
        constraints = [
            models.UniqueConstraint(fields=["topic", "month"], name="evidence_topic_month_once")
        ]

    def __str__(self) -> str:
        return f"{self.topic}, {self.month:%b %Y}: {self.contacts}"


class MonthlyCell(models.Model):
    """Contacts per topic, channel, month and breakdown, every source summed: a rollup the
    importer keeps, so a snippet over a year reads a few thousand rows, not millions of
    daily ones. Same meaning of blank age band and region as ChannelStatistic."""

    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="+")
    channel = models.ForeignKey(Channel, on_delete=models.CASCADE, related_name="+")
    month = models.DateField()
    age_band = models.CharField(max_length=5, choices=AgeBand.choices, blank=True)
    region = models.CharField(max_length=9, choices=Region.choices, blank=True)
    contacts = models.PositiveBigIntegerField()

    class Meta:
        default_permissions = ()
        constraints = [
            models.UniqueConstraint(
                fields=["topic", "month", "channel", "age_band", "region"],
                name="evidence_monthly_cell_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.topic} via {self.channel}, {self.month:%b %Y}: {self.contacts}"
