"""The explorer's answer as a file: the page's table, cell for cell, as CSV or JSON.

Both are built from the same `ExplorerResult` as the page, so a download can never
show a figure the page hides. The JSON is also the open-data API's answer for
statistics.
"""

from __future__ import annotations

import csv
import io

from evidence.disclosure import ROUND_TO, THRESHOLD, Figure
from evidence.explorer.figures import Cell, ExplorerResult
from evidence.explorer.query import Measure
from evidence.explorer.sentences import summary

SOURCE = "The charity's own records of contacts from young people"
LICENCE = "CC BY 4.0"


def _figure_text(figure: Figure | None) -> str:
    if figure is None:
        return ""
    return str(figure.value) if figure.shown else str(figure)


def _share_text(cell: Cell) -> str:
    return f"{cell.share * 100:.1f}" if cell.share is not None else str(cell.figure)


def header(result: ExplorerResult) -> list[str]:
    columns = [result.dimension]
    for series in result.series:
        columns.append(f"{series.label}: contacts")
        if result.query.measure == Measure.SHARE:
            columns.append(f"{series.label}: % of all contacts")
    if result.query.measure == Measure.SHARE and result.compared:
        columns.append("All contacts")
    return columns


def table_rows(result: ExplorerResult) -> list[list[str]]:
    """The table's body and its total line, as the CSV holds them."""
    share = result.query.measure == Measure.SHARE

    def line(label: str, cells, whole) -> list[str]:
        texts = [label]
        for cell in cells:
            texts.append(_figure_text(cell.figure))
            if share:
                texts.append(_share_text(cell))
        if share and result.compared:
            texts.append(_figure_text(whole))
        return texts

    lines = [line(row.label, row.cells, row.whole) for row in result.rows]
    lines.append(line("Total", result.totals, result.whole))
    return lines


def as_csv(result: ExplorerResult) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header(result))
    writer.writerows(table_rows(result))
    return out.getvalue()


def _figure_json(figure: Figure) -> dict:
    """A figure with the same keys whether shown or not, as the API's schema has it."""
    return {"label": None, **figure.as_json()}


def _cell_json(cell: Cell, share: bool) -> dict:
    data = _figure_json(cell.figure)
    data["share"] = round(cell.share, 4) if share and cell.share is not None else None
    return data


def as_json(result: ExplorerResult, *, link: str | None = None) -> dict:
    """The answer as data: the query, each row's disclosed figures, the sentence, the rules."""
    query = result.query
    share = query.measure == Measure.SHARE
    return {
        "query": dict(_grouped(query.params())),
        "link": link,
        "period": {
            "first_month": f"{query.first:%Y-%m}",
            "last_month": f"{query.last:%Y-%m}",
            "label": query.period_label,
        },
        "measure": query.measure,
        "view": query.view,
        "dimension": result.dimension,
        "series": [{"key": series.key, "label": series.label} for series in result.series],
        "rows": [
            {
                "key": row.key,
                "label": row.label,
                "cells": [_cell_json(cell, share) for cell in row.cells],
                "all_contacts": _figure_json(row.whole) if share and row.whole else None,
            }
            for row in result.rows
        ],
        "totals": [_cell_json(cell, share) for cell in result.totals],
        "summary": summary(result),
        "notes": list(query.notes),
        "disclosure": {
            "threshold": THRESHOLD,
            "round_to": ROUND_TO,
            "rule": f"Counts under {THRESHOLD} are shown as “fewer than {THRESHOLD}”; "
            f"others are rounded to the nearest {ROUND_TO}; more are hidden where a "
            "hidden count could be worked out from the others. Shares are worked out "
            "from the rounded counts.",
        },
        "source": SOURCE,
        "licence": LICENCE,
    }


def _grouped(pairs: list[tuple[str, str]]) -> dict[str, object]:
    grouped: dict[str, object] = {}
    for key, value in pairs:
        if key in ("topic", "channel"):
            grouped.setdefault(key, []).append(value)  # type: ignore[union-attr]
        else:
            grouped[key] = value
    grouped.setdefault("topic", [])
    grouped.setdefault("channel", [])
    return grouped
