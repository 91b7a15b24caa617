"""Reads of the charity's data that pages share. Everything public comes out of here
already through disclosure control: no exact count leaves this module for a page."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import F, Max, Sum
from django.utils.formats import date_format

from evidence.disclosure import Figure, disclose, disclose_table
from evidence.models import (
    AgeBand,
    Channel,
    EvidenceSnippet,
    MonthlyCell,
    StatisticsImport,
    Topic,
    TopicMonthTotal,
)
from evidence.models.snippets import Breakdown
from evidence.periods import months_ending, next_month
from evidence.regions import Region


@dataclass(frozen=True)
class Window:
    """Whole months, `first` to `last` inclusive."""

    first: dt.date
    last: dt.date

    @property
    def end(self) -> dt.date:
        return next_month(self.last)

    @property
    def label(self) -> str:
        first, last = date_format(self.first, "F Y"), date_format(self.last, "F Y")
        return last if first == last else f"{first} to {last}"


def newest_month() -> dt.date | None:
    """The newest month with data (from the rollup: one index lookup)."""
    return TopicMonthTotal.objects.aggregate(newest=Max("month"))["newest"]


def window(months: int, *, newest: dt.date | None = None) -> Window | None:
    newest = newest or newest_month()
    if newest is None:
        return None
    return Window(first=months_ending(newest, months)[0], last=newest)


def with_children(topic_ids: Iterable[int]) -> set[int]:
    ids = set(topic_ids)
    return ids | set(Topic.objects.filter(parent_id__in=ids).values_list("pk", flat=True))


# --- "You are not alone" -----------------------------------------------------------


@dataclass(frozen=True)
class NotAlone:
    figure: Figure
    topic: Topic
    window: Window
    months: int

    @property
    def help_url(self) -> str:
        return self.topic.help_url or (self.topic.parent.help_url if self.topic.parent else "")


def not_alone(topic: Topic | None, *, months: int = 12) -> NotAlone | None:
    """About how many young people contacted the charity about `topic` (and the topics
    under it) in the last `months` months, every channel; None when there is no data
    or the figure would be too small to show."""
    if topic is None:
        return None
    span = window(months)
    if span is None:
        return None
    total = TopicMonthTotal.objects.filter(
        topic_id__in=with_children([topic.pk]), month__gte=span.first, month__lte=span.last
    ).aggregate(total=Sum("contacts"))["total"]
    if not total:
        return None
    figure = disclose(total)
    return NotAlone(figure, topic, span, months) if figure.shown else None


# --- Snippets ----------------------------------------------------------------------


@dataclass(frozen=True)
class SnippetFigures:
    headline: Figure
    rows: list[tuple[str, Figure]]  # (label, figure), in display order
    window: Window
    breakdown: str
    hidden: bool  # some rows are hidden to protect small numbers

    @property
    def chart_rows(self) -> list[tuple[str, int]]:
        return [(label, figure.value) for label, figure in self.rows if figure.shown]


def _labels(breakdown: str, keys) -> dict:
    if breakdown == Breakdown.CHANNEL:
        return dict(Channel.objects.filter(pk__in=keys).values_list("pk", "name"))
    if breakdown == Breakdown.TOPIC:
        return dict(Topic.objects.filter(pk__in=keys).values_list("pk", "name"))
    if breakdown == Breakdown.AGE_BAND:
        return dict(AgeBand.choices)
    if breakdown == Breakdown.REGION:
        return dict(Region.choices)
    return {key: date_format(key, "M Y") for key in keys}


def snippet_figures(
    snippet: EvidenceSnippet, *, newest: dt.date | None = None
) -> SnippetFigures | None:
    """The snippet's figure and breakdown, computed now from the statistics."""
    span = window(snippet.months, newest=newest)
    # .all() works on saved relations and on a draft revision's in-memory cluster alike.
    topics = [topic.pk for topic in snippet.topics.all()]
    if span is None or not topics:
        return None
    # The monthly rollup: whole months are all a snippet shows, at a thirtieth of the rows.
    rows = MonthlyCell.objects.filter(
        topic_id__in=with_children(topics), month__gte=span.first, month__lte=span.last
    )
    channels = [channel.pk for channel in snippet.channels.all()]
    if channels:
        rows = rows.filter(channel_id__in=channels)
    totals = rows.filter(age_band="", region="")
    breakdown = snippet.breakdown
    if breakdown == Breakdown.MONTH:
        grouped = totals.annotate(key=F("month"))
    elif breakdown == Breakdown.CHANNEL:
        grouped = totals.annotate(key=F("channel_id"))
    elif breakdown == Breakdown.TOPIC:
        # Contacts about a sub-topic count towards the snippet's topic it sits under.
        grouped = totals.annotate(key=F("topic_id"))
    elif breakdown == Breakdown.AGE_BAND:
        grouped = rows.exclude(age_band="").annotate(key=F("age_band"))
    else:
        grouped = rows.exclude(region="").annotate(key=F("region"))
    cells = {
        row["key"]: row["n"]
        for row in grouped.values("key").annotate(n=Sum("contacts")).order_by("key")
    }
    if breakdown == Breakdown.TOPIC:
        cells = _roll_up_to(cells, topics)
    if breakdown in (Breakdown.AGE_BAND, Breakdown.REGION):
        # Every group is shown, so a missing one is "fewer than 10", never a bare 0.
        every = AgeBand.values if breakdown == Breakdown.AGE_BAND else Region.values
        cells = {key: cells.get(key, 0) for key in every}
    headline_total = totals.aggregate(n=Sum("contacts"))["n"] or 0
    table = disclose_table(cells, [list(cells)]) if cells else None
    labels = _labels(breakdown, list(cells))
    ordered = list(cells)
    if breakdown == Breakdown.MONTH:
        ordered.sort()
    elif breakdown in (Breakdown.CHANNEL, Breakdown.TOPIC, Breakdown.REGION):
        ordered.sort(key=lambda key: -cells[key])
    # The headline is the same total "you are not alone" and other snippets publish, so it
    # is always disclosed the same way; if the breakdown can't stand beside it without
    # giving a small group away, the breakdown is withheld instead of the headline.
    headline = disclose(headline_total)
    if table is not None and not (table.totals[0].shown or not headline.shown):
        table = None
        cells = {}
    return SnippetFigures(
        headline=headline,
        rows=[(labels.get(key, str(key)), table[key]) for key in ordered] if table else [],
        window=span,
        breakdown=breakdown,
        hidden=bool(table is None and headline_total) or bool(table and table.suppressed),
    )


def _roll_up_to(cells: dict[int, int], topics: list[int]) -> dict[int, int]:
    """Count sub-topics towards the chosen topic above them; with one broad topic
    chosen, show its sub-topics (and the rest of it) instead of one bar."""
    if len(topics) == 1:
        return cells
    parents = dict(Topic.objects.filter(parent_id__in=topics).values_list("pk", "parent_id"))
    rolled: dict[int, int] = {}
    for topic_id, count in cells.items():
        key = topic_id if topic_id in topics else parents.get(topic_id, topic_id)
        rolled[key] = rolled.get(key, 0) + count
    return rolled


def data_updated_since(moment: dt.datetime | None) -> dt.datetime | None:
    """When statistics were last imported, if after `moment` (a snippet's publishing)."""
    latest = StatisticsImport.objects.aggregate(latest=Max("imported_at"))["latest"]
    if latest and moment and latest > moment:
        return latest
    return None


def published_snippets():
    return EvidenceSnippet.objects.filter(live=True).prefetch_related("topics")


def snippets_for_topics(topic_ids: Iterable[int], *, limit: int = 5):
    ids = with_children(topic_ids)
    return (
        published_snippets()
        .filter(topics__in=ids)
        .distinct()
        .order_by("-last_published_at", "-id")[:limit]
    )


def busiest_topic(*, months: int = 12) -> Topic | None:
    """The broad topic young people contacted the charity about most in the last
    `months` months (its sub-topics counted with it): the home page's "not alone"."""
    span = window(months)
    if span is None:
        return None
    totals: dict[int, int] = {}
    rows = (
        TopicMonthTotal.objects.filter(month__gte=span.first, month__lte=span.last)
        .values_list("topic_id", "topic__parent_id")
        .annotate(n=Sum("contacts"))
        .order_by()
    )
    for topic_id, parent_id, count in rows:
        broad = parent_id or topic_id
        totals[broad] = totals.get(broad, 0) + count
    if not totals:
        return None
    return Topic.objects.filter(pk=max(totals, key=lambda pk: (totals[pk], -pk))).first()
