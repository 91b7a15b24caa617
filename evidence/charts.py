"""Charts of disclosed figures, drawn on the server as SVG by Vega-Lite (vl-convert).

Only published (rounded, unsuppressed) values ever reach a chart; hidden ones are
left out and the table beside the chart, its text alternative, says so. A chart is
drawn once per set of values and kept in the cache, since drawing takes a few
hundred milliseconds.
"""

from __future__ import annotations

import hashlib
import json

import vl_convert
from django.core.cache import cache

INK = "#1f2a44"
BAR = "#5b3f8f"
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif"
CACHE_SECONDS = 7 * 24 * 3600


def _common(title: str, data: list[dict]) -> dict:
    """What every chart shares: its data, its words for a screen reader, the house style."""
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "description": title,
        "data": {"values": data},
        "config": {
            "font": FONT,
            "axis": {
                "labelFontSize": 14,
                "titleFontSize": 14,
                "labelColor": INK,
                "titleColor": INK,
            },
            "legend": {"labelColor": INK},
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
                "mark": {"type": "text", "align": "left", "dx": 4, "fontSize": 13, "color": INK},
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


PALETTE = ["#5b3f8f", "#0b6e4f", "#b3421b", "#1f5fa8"]
DASHES = [[1, 0], [8, 4], [2, 3], [10, 3, 2, 3]]  # so lines differ without colour too
SHAPES = ["circle", "square", "triangle-up", "diamond"]


def _series_spec(
    points: list[tuple[str, str, float]],
    *,
    series: list[str],
    rows: list[str],
    trend: bool,
    title: str,
    y_title: str,
) -> dict:
    data = [{"row": row, "series": name, "value": value} for row, name, value in points]
    colour = {
        "field": "series",
        "type": "nominal",
        "title": None,
        "scale": {"domain": series, "range": PALETTE[: len(series)]},
        "legend": {"orient": "top", "labelFontSize": 14, "symbolSize": 160}
        if len(series) > 1
        else None,
    }
    common = _common(title, data)
    if trend:
        return {
            **common,
            "width": 560,
            "height": 240,
            "mark": {"type": "line", "point": {"size": 60, "filled": True}, "strokeWidth": 3},
            "encoding": {
                "x": {
                    "field": "row",
                    "type": "ordinal",
                    "sort": rows,
                    "title": None,
                    "axis": {"labelAngle": -45},
                },
                "y": {"field": "value", "type": "quantitative", "title": y_title},
                "color": colour,
                "strokeDash": {
                    "field": "series",
                    "type": "nominal",
                    "scale": {"domain": series, "range": DASHES[: len(series)]},
                    "legend": None,
                },
                "shape": {
                    "field": "series",
                    "type": "nominal",
                    "scale": {"domain": series, "range": SHAPES[: len(series)]},
                    "legend": None,
                },
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
            "y": {
                "field": "row",
                "type": "nominal",
                "sort": rows,
                "title": None,
                "axis": {"labelLimit": 180},
            },
            "yOffset": {"field": "series", "sort": series},
            "x": {"field": "value", "type": "quantitative", "title": y_title},
            "color": colour,
        },
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
    """A chart of (row, series, published value) points, one line or bar colour per series."""
    if not points:
        return ""
    spec = _series_spec(points, series=series, rows=rows, trend=trend, title=title, y_title=y_title)
    return _draw(spec)


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


def chart_svg(rows: list[tuple[str, int]], *, trend: bool, title: str) -> str:
    """An SVG chart of `rows` (label, published value); "" when there is nothing to draw."""
    if not rows:
        return ""
    return _draw(_spec(rows, trend=trend, title=title))
