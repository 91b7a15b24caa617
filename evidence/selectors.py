"""Reads of the charity's data that pages share. Everything public comes out of here
already through disclosure control: no exact count leaves this module for a page."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import CharField, F, Max, Sum, Value
from django.db.models.functions import Cast
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


def not_alone(
    topic: Topic | None, *, months: int = 12, newest: dt.date | None = None
) -> NotAlone | None:
    """About how many young people contacted the charity about `topic` (and the topics
    under it) in the last `months` months, every channel; None when there is no data
    or the figure would be too small to show."""
    if topic is None:
        return None
    span = window(months, newest=newest)
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


@dataclass(frozen=True)
class SnippetHeadline:
    """A snippet's headline figure alone, as `snippet_figures` gives it (the home page)."""

    headline: Figure
    window: Window


@dataclass(frozen=True)
class _TopicTree:
    """Every topic's parent and name, read in one query (the taxonomy is a few dozen
    rows, two levels deep): what several snippets need to know of their topics."""

    parents: dict[int, int | None]
    names: dict[int, str]

    @classmethod
    def read(cls) -> _TopicTree:
        rows = list(Topic.objects.order_by().values_list("pk", "parent_id", "name"))
        return cls({pk: parent for pk, parent, _ in rows}, {pk: name for pk, _, name in rows})

    def with_children(self, topic_ids: Iterable[int]) -> set[int]:
        ids = set(topic_ids)
        return ids | {pk for pk, parent in self.parents.items() if parent in ids}


@dataclass(frozen=True)
class _Plan:
    """What one snippet counts, before it is counted."""

    snippet: EvidenceSnippet
    topics: list[int]
    window: Window
    rows: object  # the MonthlyCell rows it counts: QuerySet
    tree: _TopicTree

    @property
    def totals(self):
        return self.rows.filter(age_band="", region="")

    def grouped(self):
        breakdown = self.snippet.breakdown
        if breakdown == Breakdown.MONTH:
            return self.totals, "month"
        if breakdown == Breakdown.CHANNEL:
            return self.totals, "channel_id"
        if breakdown == Breakdown.TOPIC:
            # Contacts about a sub-topic count towards the snippet's topic it sits under.
            return self.totals, "topic_id"
        if breakdown == Breakdown.AGE_BAND:
            return self.rows.exclude(age_band=""), "age_band"
        return self.rows.exclude(region=""), "region"


def _plans(snippets, newest: dt.date | None) -> list[_Plan | None]:
    """Each snippet's counting plan; None where it has no topics or there is no data."""
    snippets = list(snippets)
    newest = newest or (newest_month() if snippets else None)
    # .all() works on saved relations and on a draft revision's in-memory cluster alike.
    chosen = [[topic.pk for topic in snippet.topics.all()] for snippet in snippets]
    tree = _TopicTree.read() if newest is not None and any(chosen) else None
    plans: list[_Plan | None] = []
    for snippet, topics in zip(snippets, chosen, strict=True):
        if tree is None or not topics:
            plans.append(None)
            continue
        span = window(snippet.months, newest=newest)
        # The monthly rollup: whole months are all a snippet shows, at a thirtieth of the rows.
        rows = MonthlyCell.objects.filter(
            topic_id__in=tree.with_children(topics), month__gte=span.first, month__lte=span.last
        )
        channels = [channel.pk for channel in snippet.channels.all()]
        if channels:
            rows = rows.filter(channel_id__in=channels)
        plans.append(_Plan(snippet, topics, span, rows, tree))
    return plans


# SQLite allows 500 SELECTs in one compound statement; two a snippet, well within it.
_PARTS_PER_QUERY = 400


def _union(parts: list) -> list[dict]:
    """Run grouped counts, each a values("part", "key") + Sum as "n" queryset, as one
    query: every snippet of a page is counted in a single round trip."""
    rows: list[dict] = []
    for start in range(0, len(parts), _PARTS_PER_QUERY):
        chunk = parts[start : start + _PARTS_PER_QUERY]
        rows.extend(chunk[0].union(*chunk[1:], all=True) if len(chunk) > 1 else chunk[0])
    return rows


def _headline_part(plan: _Plan, part: int):
    # No GROUP BY (constant columns only): one row, its sum NULL when nothing matched.
    return (
        plan.totals.annotate(part=Value(part), key=Value(None, output_field=CharField()))
        .values("part", "key")
        .annotate(n=Sum("contacts"))
        .order_by()
    )


def _cells_part(plan: _Plan, part: int):
    rows, field = plan.grouped()
    # Keys are months, ids or codes: as text, so the parts of the union share one type.
    return (
        rows.annotate(part=Value(part), key=Cast(F(field), CharField()))
        .values("part", "key")
        .annotate(n=Sum("contacts"))
        .order_by()
    )


def _key(breakdown: str, text: str):
    if breakdown == Breakdown.MONTH:
        return dt.date.fromisoformat(text[:10])
    if breakdown in (Breakdown.CHANNEL, Breakdown.TOPIC):
        return int(text)
    return text


def snippet_headlines(snippets, *, newest: dt.date | None = None) -> list[SnippetHeadline | None]:
    """Each snippet's headline figure, all counted in one query; None as for
    `snippet_figures`."""
    plans = _plans(snippets, newest)
    parts = [_headline_part(plan, n) for n, plan in enumerate(plans) if plan is not None]
    totals = {row["part"]: row["n"] or 0 for row in _union(parts)} if parts else {}
    return [
        None if plan is None else SnippetHeadline(disclose(totals.get(n, 0)), plan.window)
        for n, plan in enumerate(plans)
    ]


def snippets_figures(snippets, *, newest: dt.date | None = None) -> list[SnippetFigures | None]:
    """`snippet_figures` for several snippets at once, in a fixed number of queries
    however many there are: the newest month, the topics, one count of every snippet's
    cells and headline, and the channels' names if a snippet is by channel."""
    plans = _plans(snippets, newest)
    parts = []
    for n, plan in enumerate(plans):
        if plan is not None:
            parts += [_headline_part(plan, 2 * n), _cells_part(plan, 2 * n + 1)]
    headlines: dict[int, int] = {}
    cells: dict[int, dict] = {}
    for row in _union(parts) if parts else []:
        n, is_cells = divmod(row["part"], 2)
        if is_cells:
            cells.setdefault(n, {})[_key(plans[n].snippet.breakdown, row["key"])] = row["n"]
        else:
            headlines[n] = row["n"] or 0
    channel_keys = {
        key
        for n, plan in enumerate(plans)
        if plan is not None and plan.snippet.breakdown == Breakdown.CHANNEL
        for key in cells.get(n, {})
    }
    channel_names = (
        dict(Channel.objects.filter(pk__in=channel_keys).values_list("pk", "name"))
        if channel_keys
        else {}
    )
    return [
        None
        if plan is None
        else _figures(
            plan, dict(sorted(cells.get(n, {}).items())), headlines.get(n, 0), channel_names
        )
        for n, plan in enumerate(plans)
    ]


def _labels(breakdown: str, keys, *, tree: _TopicTree, channel_names: dict) -> dict:
    if breakdown == Breakdown.CHANNEL:
        return {key: channel_names[key] for key in keys if key in channel_names}
    if breakdown == Breakdown.TOPIC:
        return {key: tree.names[key] for key in keys if key in tree.names}
    if breakdown == Breakdown.AGE_BAND:
        return dict(AgeBand.choices)
    if breakdown == Breakdown.REGION:
        return dict(Region.choices)
    return {key: date_format(key, "M Y") for key in keys}


def snippet_figures(
    snippet: EvidenceSnippet, *, newest: dt.date | None = None
) -> SnippetFigures | None:
    """The snippet's figure and breakdown, computed now from the statistics."""
    return snippets_figures([snippet], newest=newest)[0]


def _figures(plan: _Plan, cells: dict, headline_total: int, channel_names: dict) -> SnippetFigures:
    """The figures of one counted snippet: `cells` by key (in key order) and its total."""
    breakdown = plan.snippet.breakdown
    if breakdown == Breakdown.TOPIC:
        cells = _roll_up_to(cells, plan.topics, plan.tree)
    if breakdown in (Breakdown.AGE_BAND, Breakdown.REGION):
        # Every group is shown, so a missing one is "fewer than 10", never a bare 0.
        every = AgeBand.values if breakdown == Breakdown.AGE_BAND else Region.values
        cells = {key: cells.get(key, 0) for key in every}
    table = disclose_table(cells, [list(cells)]) if cells else None
    labels = _labels(breakdown, list(cells), tree=plan.tree, channel_names=channel_names)
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
        window=plan.window,
        breakdown=breakdown,
        hidden=bool(table is None and headline_total) or bool(table and table.suppressed),
    )


def _roll_up_to(cells: dict[int, int], topics: list[int], tree: _TopicTree) -> dict[int, int]:
    """Count sub-topics towards the chosen topic above them; with one broad topic
    chosen, show its sub-topics (and the rest of it) instead of one bar."""
    if len(topics) == 1:
        return cells
    parents = {pk: parent for pk, parent in tree.parents.items() if parent in topics}
    rolled: dict[int, int] = {}
    for topic_id, count in cells.items():
        key = topic_id if topic_id in topics else parents.get(topic_id, topic_id)
        rolled[key] = rolled.get(key, 0) + count
    return rolled


def latest_import() -> dt.datetime | None:
    """When statistics were last imported."""
    return StatisticsImport.objects.aggregate(latest=Max("imported_at"))["latest"]


_UNREAD = object()


def data_updated_since(moment: dt.datetime | None, *, latest=_UNREAD) -> dt.datetime | None:
    """When statistics were last imported, if after `moment` (a snippet's publishing).
    `latest` is `latest_import()` when the caller has read it already."""
    latest = latest_import() if latest is _UNREAD else latest
    if latest and moment and latest > moment:
        return latest
    return None


def published_snippets():
    return EvidenceSnippet.objects.filter(live=True).prefetch_related("topics")


def snippets_for_topics(topic_ids: Iterable[int], *, limit: int = 5, children: bool = True):
    """Published snippets on `topic_ids` (and, unless the caller has added them already,
    the topics under them), newest first."""
    ids = with_children(topic_ids) if children else set(topic_ids)
    return (
        EvidenceSnippet.objects.filter(live=True, topics__in=ids)
        .distinct()
        .order_by("-last_published_at", "-id")[:limit]
    )


def busiest_topic(*, months: int = 12, newest: dt.date | None = None) -> Topic | None:
    """The broad topic young people contacted the charity about most in the last
    `months` months (its sub-topics counted with it): the home page's "not alone"."""
    span = window(months, newest=newest)
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
