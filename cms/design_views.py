"""The components page (/design/): every part of the hub's look in every state, with
the colour tokens' contrast ratios worked out from the stylesheet the site ships.

Staff and developers only: everyone else gets a plain 404, as if it were not there.
"""

import re
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render

STYLESHEET = "css/site.css"

# What each colour token is for, in the order the page shows them.
COLOUR_TOKENS = [
    ("--hub-ink", "Text"),
    ("--hub-ink-muted", "Secondary text, hints"),
    ("--hub-primary", "Links, primary buttons, checked controls"),
    ("--hub-primary-dark", "Headings, hover"),
    ("--hub-primary-soft", "Soft surface: footer, info messages, current menu item"),
    ("--hub-teal", "Success"),
    ("--hub-coral", "Warm accent"),
    ("--hub-slate", "Neutral accent, secondary badges"),
    ("--hub-danger", "Errors"),
    ("--hub-warning", "Warnings"),
    ("--hub-control-border", "The edge of every form control"),
    ("--hub-focus", "Focus halo (always with an ink outline)"),
    ("--hub-line", "Dividers and card edges (decoration only)"),
]
CHART_TOKENS = ["--hub-chart-1", "--hub-chart-2", "--hub-chart-3", "--hub-chart-4"]
SURFACES = [("white", "#ffffff"), ("soft surface", "#efeaf8")]

# Made-up figures for the table example: wide enough to need scrolling on a phone.
EXAMPLE_MONTHS = ["January", "February", "March", "April", "May", "June"]
EXAMPLE_ROWS = [
    ("Example topic A", [1840, 1905, 2010, 2150, 2230, 2315]),
    ("Example topic B", [6120, 6340, 6485, 6700, 6810, 6955]),
    ("Example topic C", [910, 880, 935, 990, 1015, 1040]),
    ("Example topic D", [1205, 1190, 1260, 1310, 1345, 1390]),
]


def relative_luminance(colour: str) -> float:
    """WCAG 2 relative luminance of a #rrggbb or #rgb colour."""
    value = colour.lstrip("#")
    if len(value) == 3:
        value = "".join(c * 2 for c in value)
    channels = [int(value[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_ratio(first: str, second: str) -> float:
    """WCAG 2 contrast ratio between two colours, from 1 to 21."""
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def root_custom_properties(css: str) -> dict[str, str]:
    """The custom properties declared in the stylesheet's :root rules, var() resolved."""
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    declared: dict[str, str] = {}
    for body in re.findall(r"(?:^|[}\s]):root\s*\{([^}]*)\}", css):
        for name, value in re.findall(r"(--[\w-]+)\s*:\s*([^;]+)", body):
            declared[name] = value.strip()

    def resolve(value: str, depth: int = 0) -> str:
        match = re.fullmatch(r"var\(\s*(--[\w-]+)\s*(?:,\s*(.+))?\)", value)
        if not match or depth > 10:
            return value
        name, fallback = match.groups()
        if name in declared:
            return resolve(declared[name], depth + 1)
        return resolve(fallback, depth + 1) if fallback else value

    return {name: resolve(value) for name, value in declared.items()}


@lru_cache(maxsize=1)
def _stylesheet_tokens(path: str, modified: float) -> dict[str, str]:
    return root_custom_properties(Path(path).read_text())


def stylesheet_tokens() -> dict[str, str]:
    path = finders.find(STYLESHEET)
    return _stylesheet_tokens(path, Path(path).stat().st_mtime)


def _swatch(tokens: dict[str, str], name: str, use: str) -> dict:
    colour = tokens[name]
    return {
        "name": name,
        "colour": colour,
        "use": use,
        "ratios": [
            {"surface": label, "ratio": contrast_ratio(colour, surface)}
            for label, surface in SURFACES
        ],
    }


def components(request):
    if not (settings.DEBUG or request.user.is_staff):
        raise Http404
    tokens = stylesheet_tokens()
    return render(
        request,
        "design/components.html",
        {
            "colours": [_swatch(tokens, name, use) for name, use in COLOUR_TOKENS],
            "chart_colours": [
                _swatch(tokens, name, f"Series {number}")
                for number, name in enumerate(CHART_TOKENS, start=1)
            ],
            "example_page": Paginator(range(50), 10).page(2),
            "table_months": EXAMPLE_MONTHS,
            "table_rows": EXAMPLE_ROWS,
        },
    )
