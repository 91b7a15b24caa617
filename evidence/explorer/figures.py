"""The explorer's answer: every figure counted from the monthly rollup and disclosed.

One table answers every way of showing a query. Its cells are contacts per compared
topic (a *series*) per row (a month, a channel, an age band or an area). When topics
are compared, each row also holds "every other topic", so the row's total is all
contacts in that month or group: the denominator of a share. The table goes through
`disclose_table` with each series' total and each row's total as published groups,
so counts, shares, downloads and the API all stand on the same suppression and can't
be played off against each other. The "every other topic" cells are never shown
(`unpublished`): they hide a compared topic's count from its row's total, and the
audit makes sure they can't be worked out either.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Sum
from django.utils.formats import date_format

from evidence.disclosure import Figure, disclose_table, share
from evidence.explorer.query import By, ExplorerQuery, Measure, View
from evidence.models.statistics import AgeBand, MonthlyCell
from evidence.models.topics import Channel, Topic
from evidence.regions import Region

ALL = "all"
OTHER = "__other__"


@dataclass(frozen=True)
class Series:
    key: str  # a topic's slug, or "all"
    label: str
    topic: Topic | None


@dataclass(frozen=True)
class Cell:
    figure: Figure
    share: float | None  # of all contacts in the row (or in the period, with no topics)

    @property
    def shown(self) -> bool:
        return self.figure.shown

    def text(self, measure: str) -> str:
        if measure == Measure.SHARE:
            return percent(self.share) if self.share is not None else str(self.figure)
        return str(self.figure)


@dataclass(frozen=True)
class Row:
    key: str  # "2026-03", a channel's slug, an age band, an area code
    label: str
    cells: tuple[Cell, ...]
    whole: Figure | None  # all contacts in the row, every topic (shares only)
    long_label: str = ""  # for sentences: "December 2025" where the table says "Dec 2025"

    @property
    def said(self) -> str:
        return self.long_label or self.label


@dataclass(frozen=True)
class ExplorerResult:
    query: ExplorerQuery
    series: tuple[Series, ...]
    rows: tuple[Row, ...]
    totals: tuple[Cell, ...]
    whole: Figure | None  # all contacts in the period, every topic

    @property
    def dimension(self) -> str:
        if self.query.view == View.TREND:
            return "Month"
        return dict(By.choices)[self.query.by]

    @property
    def compared(self) -> bool:
        return self.series[0].key != ALL

    @property
    def hidden(self) -> bool:
        """Whether any figure is hidden to protect small numbers."""
        cells = [cell for row in self.rows for cell in row.cells] + list(self.totals)
        wholes = [row.whole for row in self.rows if row.whole is not None]
        return any(not c.shown for c in cells) or any(not w.shown for w in wholes)

    @property
    def empty(self) -> bool:
        """Nothing at all to show: every figure is hidden."""
        return not any(cell.shown for row in self.rows for cell in row.cells)

    def value(self, cell: Cell) -> float | None:
        """What the chart draws: the count, or the share as a percentage."""
        if self.query.measure == Measure.SHARE:
            return None if cell.share is None else round(cell.share * 100, 1)
        return cell.figure.value

    def chart_points(self) -> list[tuple[str, str, float]]:
        """(row label, series label, value) for every shown figure, in order."""
        points = []
        for row in self.rows:
            for series, cell in zip(self.series, row.cells, strict=True):
                value = self.value(cell)
                if value is not None:
                    points.append((row.label, series.label, value))
        return points


def percent(fraction: float) -> str:
    return f"{fraction * 100:.1f}%"


def _row_keys(query: ExplorerQuery, found: set) -> list[tuple[object, str, str]]:
    """(database key, key for people and files, label) of every row, in display order.

    Every month, age band and area is listed, so one with no contacts reads "fewer
    than 10", never a bare 0 that would say more than we know.
    """
    if query.view == View.TREND:
        return [(m, f"{m:%Y-%m}", date_format(m, "M Y")) for m in query.months]
    if query.by == By.AGE_BAND:
        return [(value, value, label) for value, label in AgeBand.choices]
    if query.by == By.REGION:
        return [(value, value, label) for value, label in Region.choices]
    channels = list(query.channels) or [
        channel for channel in Channel.objects.all() if channel.is_active or channel.pk in found
    ]
    return [(channel.pk, channel.slug, channel.name) for channel in channels]


def _cells(query: ExplorerQuery):
    """The query's rows of the rollup, before any grouping."""
    rows = MonthlyCell.objects.filter(month__gte=query.first, month__lte=query.last)
    if query.channels:
        rows = rows.filter(channel_id__in=[channel.pk for channel in query.channels])
    if query.view == View.BREAKDOWN and query.by == By.AGE_BAND:
        return rows.filter(region="").exclude(age_band=""), "age_band"
    if query.view == View.BREAKDOWN and query.by == By.REGION:
        return rows.filter(age_band="").exclude(region=""), "region"
    rows = rows.filter(age_band=query.age_band, region=query.region)
    return rows, ("month" if query.view == View.TREND else "channel_id")


def explore(query: ExplorerQuery) -> ExplorerResult:
    """Count and disclose the answer to `query`."""
    rows, key = _cells(query)
    topics = list(query.topics)
    # Each compared topic counts the topics under it; the form refuses a topic beside
    # its own parent, so no contact counts towards two series.
    series_of: dict[int, int] = {}
    for position, topic in enumerate(topics):
        series_of[topic.pk] = position
    for child_id, parent_id in Topic.objects.filter(parent__in=topics).values_list(
        "pk", "parent_id"
    ):
        series_of.setdefault(child_id, series_of[parent_id])

    counts: dict[tuple[int, object], int] = defaultdict(int)
    wholes: dict[object, int] = defaultdict(int)
    for topic_id, group, n in (
        rows.values_list("topic_id", key).annotate(n=Sum("contacts")).order_by()
    ):
        wholes[group] += n
        if not topics:
            counts[(0, group)] += n
        elif topic_id in series_of:
            counts[(series_of[topic_id], group)] += n

    row_keys = _row_keys(query, set(wholes))
    width = max(len(topics), 1)
    cells: dict[tuple[object, object], int] = {}
    for position in range(width):
        for group, _key, _label in row_keys:
            cells[(position, group)] = counts.get((position, group), 0)
    if topics:
        for group, _key, _label in row_keys:
            cells[(OTHER, group)] = wholes.get(group, 0) - sum(
                counts.get((position, group), 0) for position in range(width)
            )
    columns = [[(position, group) for group, _k, _l in row_keys] for position in range(width)]
    groups = list(columns)
    if topics:
        groups += [
            [(position, group) for position in (*range(width), OTHER)] for group, _k, _l in row_keys
        ]
        groups.append(list(cells))  # every topic, the whole period
    table = disclose_table(cells, groups, unpublished=[key for key in cells if key[0] == OTHER])
    totals = table.totals[:width]
    row_totals = table.totals[width:-1] if topics else ()
    period_whole = table.totals[-1] if topics else totals[0]

    result_rows = []
    for index, (group, people_key, label) in enumerate(row_keys):
        whole = row_totals[index] if topics else None
        row_cells = []
        for position in range(width):
            figure = table[(position, group)]
            denominator = whole if topics else period_whole
            row_cells.append(Cell(figure, share(figure, denominator)))
        long_label = date_format(group, "F Y") if query.view == View.TREND else ""
        result_rows.append(Row(people_key, label, tuple(row_cells), whole, long_label))
    series = tuple(Series(t.slug, t.name, t) for t in topics) or (Series(ALL, "All topics", None),)
    return ExplorerResult(
        query=query,
        series=series,
        rows=tuple(result_rows),
        totals=tuple(Cell(total, share(total, period_whole)) for total in totals),
        whole=period_whole if topics else None,
    )
