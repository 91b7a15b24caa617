"""The explorer's answer in plain words: one sentence per compared topic.

Said from the published figures only (rounded, hidden ones skipped), in words a
16-year-old uses: "rose by about a third", not "+33.2%".
"""

from __future__ import annotations

from evidence.explorer.figures import Cell, ExplorerResult, percent
from evidence.explorer.query import By, Measure, View

# (fraction, words) for a change: the nearest one is said.
FRACTIONS = [
    (0.1, "a tenth"),
    (0.2, "a fifth"),
    (0.25, "a quarter"),
    (1 / 3, "a third"),
    (0.5, "a half"),
    (2 / 3, "two-thirds"),
    (0.75, "three-quarters"),
]


def change_words(first: float, last: float) -> str:
    """How `last` compares with `first`, in words: "rose by about a third"."""
    if first <= 0:
        return "rose"
    ratio = last / first
    if abs(ratio - 1) < 0.05:
        return "stayed about the same"
    if ratio > 1:
        rise = ratio - 1
        if rise < 0.875:
            return f"rose by about {_nearest(rise)}"
        if rise < 1.25:
            return "about doubled"
        return f"rose to about {round(ratio)} times as many"
    fall = 1 - ratio
    if fall >= 0.875:
        return "fell to almost none"
    return f"fell by about {_nearest(fall)}"


def _nearest(fraction: float) -> str:
    return min(FRACTIONS, key=lambda pair: abs(pair[0] - fraction))[1]


def _about(result: ExplorerResult, cell: Cell) -> str:
    if result.query.measure == Measure.SHARE and cell.share is not None:
        return percent(cell.share)
    return f"about {cell.figure}"


def _subject(result: ExplorerResult, label: str) -> str:
    query = result.query
    topic = f"about {label.lower()}" if result.compared else ""
    channels = ""
    if query.channels:
        names = [channel.name.lower() for channel in query.channels]
        channels = "by " + (
            names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]
        )
    return " ".join(part for part in ("contacts", topic, query.who, channels) if part)


def summary(result: ExplorerResult) -> list[str]:
    """One sentence for each series, or one saying why there is none."""
    if result.empty:
        return [
            "There are too few contacts to show for these choices: we never show fewer "
            "than 10, or anything that would let someone work one out."
        ]
    sentences = []
    for position, series in enumerate(result.series):
        cells = [(row, row.cells[position]) for row in result.rows]
        shown = [(row, cell) for row, cell in cells if result.value(cell) is not None]
        subject = _subject(result, series.label)
        if not shown:
            sentences.append(f"There are too few {subject} to show.")
            continue
        if result.query.view == View.TREND:
            sentences.append(_trend(result, subject, shown))
        else:
            sentences.append(_breakdown(result, subject, shown))
    return sentences


def _trend(result: ExplorerResult, subject: str, shown) -> str:
    (first_row, first), (last_row, last) = shown[0], shown[-1]
    if first_row is last_row:
        return f"{subject.capitalize()} in {first_row.said}: {_about(result, first)}."
    share = result.query.measure == Measure.SHARE
    what = f"The share of {subject}" if share else subject.capitalize()
    words = change_words(result.value(first), result.value(last))
    return (
        f"{what} {words} between {first_row.said} and {last_row.said} "
        f"(from {_about(result, first)} to {_about(result, last)})."
    )


def _breakdown(result: ExplorerResult, subject: str, shown) -> str:
    row, cell = max(shown, key=lambda pair: (result.value(pair[1]), pair[0].label))
    by = result.query.by
    if by == By.CHANNEL:
        where = f"came through {row.label.lower()}"
    elif by == By.AGE_BAND:
        where = f"came from {row.label} year olds"
    else:
        where = f"came from {row.label}"
    period = result.query.period_label
    if result.query.measure == Measure.SHARE and result.compared:
        return (
            f"{subject.capitalize()} made up the biggest share of the contacts that "
            f"{where} ({_about(result, cell)}), {period}."
        )
    return f"Of {subject}, {period}, the most {where} ({_about(result, cell)})."
