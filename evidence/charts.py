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


def _spec(rows: list[tuple[str, int]], *, trend: bool, title: str) -> dict:
    data = [
        {"label": label, "contacts": value, "order": n} for n, (label, value) in enumerate(rows)
    ]
    common = {
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
            "view": {"stroke": None},
        },
        "background": "white",
    }
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


def chart_svg(rows: list[tuple[str, int]], *, trend: bool, title: str) -> str:
    """An SVG chart of `rows` (label, published value); "" when there is nothing to draw."""
    if not rows:
        return ""
    spec = _spec(rows, trend=trend, title=title)
    key = "evidence-chart:" + hashlib.sha256(json.dumps(spec, sort_keys=True).encode()).hexdigest()
    svg = cache.get(key)
    if svg is None:
        svg = vl_convert.vegalite_to_svg(spec)
        # The text alternative is the table beside it; the picture itself is decorative
        # to a screen reader, which would otherwise read every tick label.
        svg = svg.replace("<svg ", '<svg aria-hidden="true" focusable="false" ', 1)
        cache.set(key, svg, CACHE_SECONDS)
    return svg
