"""Charts of disclosed figures, drawn on the server as SVG by Vega-Lite (vl-convert).

Only published (rounded, unsuppressed) values ever reach a chart; hidden ones are
left out and the table beside the chart, its text alternative, says so. A chart is
drawn once per set of values and kept in the cache, since drawing takes a few
hundred milliseconds.

Each chart is drawn twice: wide (about 600px) and narrow (under 300px), with the
same 14px text. The page shows the one that fits its box (static/evidence/charts.css),
so a phone never shows a wide chart shrunk until its words are too small to read. In
the narrow drawing each bar's label sits on its own line above the bar, and a time
axis names only a few months.
"""

from __future__ import annotations

import hashlib
import json

import vl_convert
from django.core.cache import cache
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

INK = "#1b1b1f"
# Purple, teal, coral, slate: the site's chart colours, in this order.
PALETTE = ["#4a2c8f", "#00756f", "#b3411b", "#3d5a80"]
BAR = PALETTE[0]
FONT = "'Atkinson Hyperlegible', system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif"
TEXT_SIZE = 14
CACHE_SECONDS = 7 * 24 * 3600

NARROW_WIDTH = 210  # the narrow drawing's plot: with its axis and labels, under 300px
NARROW_MONTHS = 4  # the most months named on a narrow time axis
LABEL_SLOT = " "  # the first place in each narrow bar group, where its label sits


def _common(title: str, data: list[dict]) -> dict:
    """What every chart shares: its data, its words for a screen reader, the house style."""
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "description": title,
        "data": {"values": data},
        "config": {
            "font": FONT,
            "axis": {
                "labelFontSize": TEXT_SIZE,
                "titleFontSize": TEXT_SIZE,
                "labelColor": INK,
                "titleColor": INK,
            },
            "legend": {"labelColor": INK, "labelFontSize": TEXT_SIZE},
            "text": {"fontSize": TEXT_SIZE, "color": INK},
            "view": {"stroke": None},
        },
        "background": "white",
    }


def _spec(rows: list[tuple[str, int]], *, trend: bool, title: str) -> dict:
    data = [
        {"label": label, "contacts": value, "order": n} for n, (label, value) in enumerate(rows)
    ]
    common = _common(title, data)
    if trend:
        return {
            **common,
            "width": 520,
            "height": 220,
            "mark": {"type": "line", "point": True, "color": BAR, "strokeWidth": 3},
            "encoding": {
                "x": {
                    "field": "label",
                    "type": "ordinal",
                    "sort": {"field": "order"},
                    "title": None,
                    "axis": {"labelAngle": -45},
                },
                "y": {"field": "contacts", "type": "quantitative", "title": "Contacts (rounded)"},
            },
        }
    return {
        **common,
        "width": 300,
        "height": {"step": 26},
        "layer": [
            {"mark": {"type": "bar", "color": BAR}},
            {
                "mark": {
                    "type": "text",
                    "align": "left",
                    "dx": 4,
                    "fontSize": TEXT_SIZE,
                    "color": INK,
                },
                "encoding": {"text": {"field": "contacts", "type": "quantitative", "format": ","}},
            },
        ],
        "encoding": {
            "y": {
                "field": "label",
                "type": "nominal",
                "sort": {"field": "order"},
                "title": None,
                "axis": {"labelLimit": 160},
            },
            "x": {"field": "contacts", "type": "quantitative", "title": "Contacts (rounded)"},
        },
    }


DASHES = [[1, 0], [8, 4], [2, 3], [10, 3, 2, 3]]  # so lines differ without colour too
SHAPES = ["circle", "square", "triangle-up", "diamond"]


def _line_style(colour: dict, series: list[str]) -> dict:
    """Each line's colour, dash and marker, so lines differ without colour too."""

    def by_series(values: list) -> dict:
        scale = {"domain": series, "range": values[: len(series)]}
        return {"field": "series", "type": "nominal", "scale": scale, "legend": None}

    return {"color": colour, "strokeDash": by_series(DASHES), "shape": by_series(SHAPES)}


def _series_common(
    points: list[tuple[str, str, float]], series: list[str], title: str, legend: dict | None
) -> tuple[dict, dict]:
    """What the wide and the narrow drawing of a series chart share: the data, the
    house style and the colour of each series."""
    data = [{"row": row, "series": name, "value": value} for row, name, value in points]
    colour = {
        "field": "series",
        "type": "nominal",
        "title": None,
        "scale": {"domain": series, "range": PALETTE[: len(series)]},
        "legend": legend,
    }
    return _common(title, data), colour


def _rows_field(rows: list[str], kind: str, axis: dict) -> dict:
    """The encoding of the rows (months, or the parts of a breakdown), in their order."""
    return {"field": "row", "type": kind, "sort": rows, "title": None, "axis": axis}


def _series_spec(
    points: list[tuple[str, str, float]],
    *,
    series: list[str],
    rows: list[str],
    trend: bool,
    title: str,
    y_title: str,
) -> dict:
    legend = {"orient": "top", "labelFontSize": TEXT_SIZE, "symbolSize": 160}
    common, colour = _series_common(points, series, title, legend if len(series) > 1 else None)
    if trend:
        return {
            **common,
            "width": 560,
            "height": 240,
            "mark": {"type": "line", "point": {"size": 60, "filled": True}, "strokeWidth": 3},
            "encoding": {
                "x": _rows_field(rows, "ordinal", {"labelAngle": -45}),
                "y": {"field": "value", "type": "quantitative", "title": y_title},
                **_line_style(colour, series),
            },
        }
    return {
        **common,
        # The browser's font can be wider than the one the chart was measured with:
        # room on the left keeps long area names from being cut off.
        "padding": {"left": 48, "right": 8, "top": 5, "bottom": 5},
        "width": 360,
        "height": {"step": 22 if len(series) > 1 else 26},
        "mark": {"type": "bar"},
        "encoding": {
            "y": _rows_field(rows, "nominal", {"labelLimit": 180}),
            "yOffset": {"field": "series", "sort": series},
            "x": {"field": "value", "type": "quantitative", "title": y_title},
            "color": colour,
        },
    }


# --- Narrow drawings --------------------------------------------------------------------


def _narrow_legend(series: list[str]) -> dict | None:
    if len(series) < 2:
        return None
    return {"orient": "top", "direction": "vertical", "labelLimit": 270, "symbolSize": 140}


def _narrow_spec(
    points: list[tuple[str, str, float]],
    *,
    series: list[str],
    rows: list[str],
    trend: bool,
    title: str,
    y_title: str,
    value_labels: bool,
) -> dict:
    """A chart for a narrow screen: the same text size, on a plot under 300px wide."""
    common, colour = _series_common(points, series, title, _narrow_legend(series))
    if trend:
        # A few months, spread out and written on two lines ("Jan" over "2026").
        last = len(rows) - 1
        shown = sorted({round(i * last / (NARROW_MONTHS - 1)) for i in range(NARROW_MONTHS)})
        return {
            **common,
            "width": NARROW_WIDTH,
            "height": 200,
            "mark": {"type": "line", "point": {"size": 50, "filled": True}, "strokeWidth": 3},
            "encoding": {
                "x": _rows_field(
                    rows,
                    "ordinal",
                    {
                        "labelAngle": 0,
                        "values": [rows[i] for i in shown] if rows else [],
                        "labelExpr": "[slice(split(datum.value, ' ')[0], 0, 3),"
                        " split(datum.value, ' ')[1]]",
                        "labelFlush": True,
                        "labelOverlap": False,
                    },
                ),
                "y": {
                    "field": "value",
                    "type": "quantitative",
                    "title": y_title,
                    "axis": {"tickCount": 4},
                },
                **_line_style(colour, series),
            },
        }
    # Each row is a group: its label on the first line, then one bar per series.
    shown_rows = {row for row, _, _ in points}
    offset = {"field": "series", "scale": {"domain": [LABEL_SLOT, *series]}}
    layers = [
        {
            # One label a row, whichever of its series have figures shown.
            "data": {"values": [{"row": row} for row in rows if row in shown_rows]},
            "mark": {"type": "text", "align": "left", "baseline": "middle", "limit": 270},
            "encoding": {
                "text": {"field": "row"},
                "x": {"value": 0},
                "yOffset": {"datum": LABEL_SLOT, "scale": offset["scale"]},
            },
        },
        {
            "mark": {"type": "bar"},
            "encoding": {
                "x": {
                    "field": "value",
                    "type": "quantitative",
                    "title": None if value_labels else y_title,
                    "axis": None if value_labels else {"tickCount": 3, "labelFlush": True},
                },
                "yOffset": offset,
                "color": colour,
            },
        },
    ]
    if value_labels:
        layers.append(
            {
                "mark": {"type": "text", "align": "left", "baseline": "middle", "dx": 4},
                "encoding": {
                    "x": {"field": "value", "type": "quantitative"},
                    "yOffset": offset,
                    "text": {"field": "value", "type": "quantitative", "format": ","},
                },
            }
        )
    return {
        **common,
        "width": NARROW_WIDTH,
        "height": {"step": 20},
        "encoding": {
            "y": {
                "field": "row",
                "type": "nominal",
                "sort": rows,
                "axis": None,
                "scale": {"paddingInner": 0.3, "paddingOuter": 0},
            }
        },
        "layer": layers,
    }


def series_chart_svg(
    points: list[tuple[str, str, float]],
    *,
    series: list[str],
    rows: list[str],
    trend: bool,
    title: str,
    y_title: str,
) -> str:
    """A chart of (row, series, published value) points, one line or bar colour per series:
    its wide and narrow drawings (see `pair`)."""
    if not points:
        return ""
    shape = {"series": series, "rows": rows, "trend": trend, "title": title, "y_title": y_title}
    return pair(
        _series_spec(points, **shape),
        _narrow_spec(points, **shape, value_labels=False),
    )


def _draw(spec: dict) -> str:
    key = "evidence-chart:" + hashlib.sha256(json.dumps(spec, sort_keys=True).encode()).hexdigest()
    svg = cache.get(key)
    if svg is None:
        svg = vl_convert.vegalite_to_svg(spec)
        # The text alternative is the table beside it; the picture itself is decorative
        # to a screen reader, which would otherwise read every tick label.
        svg = svg.replace("<svg ", '<svg aria-hidden="true" focusable="false" ', 1)
        cache.set(key, svg, CACHE_SECONDS)
    return svg


def pair(wide: dict, narrow: dict) -> SafeString:
    """Both drawings of a chart. The page shows the one that fits its box with
    static/evidence/charts.css, which every template showing a chart loads."""
    return format_html(
        '<div class="chart-wide">{}</div><div class="chart-narrow">{}</div>',
        mark_safe(_draw(wide)),  # noqa: S308 - drawn by vl-convert from our own figures
        mark_safe(_draw(narrow)),  # noqa: S308 - as above
    )


def chart_svg(rows: list[tuple[str, int]], *, trend: bool, title: str) -> str:
    """A chart of `rows` (label, published value), wide and narrow; "" when there is
    nothing to draw."""
    if not rows:
        return ""
    points = [(label, "Contacts", value) for label, value in rows]
    narrow = _narrow_spec(
        points,
        series=["Contacts"],
        rows=[label for label, _ in rows],
        trend=trend,
        title=title,
        y_title="Contacts (rounded)",
        value_labels=True,
    )
    return pair(_spec(rows, trend=trend, title=title), narrow)
