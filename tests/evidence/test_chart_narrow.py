"""Charts on a phone: every chart is drawn wide and narrow with the same text size, so
that at 320px its words are never shrunk below reading size; each keeps its table."""

import datetime as dt
import io
import re

import pytest

from evidence import charts, services
from evidence.importer import read_statistics
from evidence.models import DataExplorerPage, EvidenceSnippet, Topic
from tests.participation.factories import home_page

pytestmark = pytest.mark.django_db  # drawn charts are kept in the (database) cache
HEADER = "source,period,topic,channel,age_band,region,contacts\n"
REGIONS = [
    "London",
    "South East",
    "Yorkshire and The Humber",
    "East of England",
    "Northern Ireland",
]
MONTH_NAMES = ["January", "February", "March", "April", "May", "June", "July", "August"]
MONTHS = [f"{month} 2026" for month in [*MONTH_NAMES, "September", "October"]]


def drawings(markup: str) -> dict[str, str]:
    """The SVG of each drawing, by its wrapper's class."""
    return dict(re.findall(r'<div class="(chart-wide|chart-narrow)">(<svg.*?</svg>)</div>', markup))


def width(svg: str) -> float:
    return float(re.search(r'<svg[^>]* width="([\d.]+)"', svg).group(1))


def text_sizes(svg: str) -> list[float]:
    return [float(size) for size in re.findall(r'font-size="([\d.]+)(?:px)?"', svg)]


def texts(svg: str) -> list[str]:
    return [re.sub(r"<[^>]+>", " ", t).strip() for t in re.findall(r"<text[^>]*>(.*?)</text>", svg)]


@pytest.fixture
def bars():
    return charts.chart_svg(
        [(name, 1000 - 100 * n) for n, name in enumerate(REGIONS)], trend=False, title="Anxiety"
    )


def test_a_chart_comes_wide_and_narrow_both_hidden_from_screen_readers(bars):
    drawn = drawings(bars)
    assert set(drawn) == {"chart-wide", "chart-narrow"}
    for svg in drawn.values():
        assert svg.startswith('<svg aria-hidden="true" focusable="false"')
    assert width(drawn["chart-narrow"]) <= 300 < width(drawn["chart-wide"])


def test_the_narrow_drawing_keeps_the_text_size_and_whole_labels(bars):
    narrow = drawings(bars)["chart-narrow"]
    assert min(text_sizes(narrow)) >= charts.TEXT_SIZE
    # Each label sits whole on its own line, above its bar, not cut to fit beside it.
    assert set(REGIONS) <= set(texts(narrow))
    assert "1,000" in texts(narrow)


def test_a_narrow_time_axis_names_only_a_few_months():
    markup = charts.series_chart_svg(
        [(month, "Anxiety", 100 + n) for n, month in enumerate(MONTHS)],
        series=["Anxiety"],
        rows=MONTHS,
        trend=True,
        title="Anxiety",
        y_title="Contacts (rounded)",
    )
    drawn = drawings(markup)
    wide, narrow = (" ".join(texts(drawn[name])) for name in ("chart-wide", "chart-narrow"))
    assert wide.count("2026") == len(MONTHS)
    assert narrow.count("2026") <= charts.NARROW_MONTHS
    assert "Jan" in narrow and "Oct" in narrow  # the first and the last month
    assert width(drawn["chart-narrow"]) <= 300
    assert min(text_sizes(drawn["chart-narrow"])) >= charts.TEXT_SIZE


def test_series_use_the_site_colours_and_font():
    markup = charts.series_chart_svg(
        [(region, name, 500) for region in REGIONS for name in ("Anxiety", "Money", "Housing")],
        series=["Anxiety", "Money", "Housing"],
        rows=REGIONS,
        trend=False,
        title="Three topics",
        y_title="Contacts (rounded)",
    )
    for svg in drawings(markup).values():
        assert {"#4a2c8f", "#00756f", "#b3411b"} <= set(re.findall(r"#[0-9a-f]{6}", svg))
        assert "Atkinson Hyperlegible" in svg
        assert "#1b1b1f" in svg
    narrow = drawings(markup)["chart-narrow"]
    assert set(REGIONS) <= set(texts(narrow))  # one label for each group of bars


def test_nothing_to_draw_draws_nothing():
    assert charts.chart_svg([], trend=False, title="None") == ""


def load(text: str):
    data = text.encode()
    result = read_statistics(io.BytesIO(data), size=len(data), today=dt.date(2026, 12, 1))
    assert result.ok, [str(p) for p in result.problems]
    return services.statistics_import(result=result, file_name="t.csv")


@pytest.fixture
def money():
    topic = Topic.objects.get_or_create(slug="money", defaults={"name": "Money"})[0]
    load(
        HEADER
        + "crm,2026-10,money,helpline,,,1200\n"
        + "crm,2026-11,money,helpline,,,1000\n"
        + "crm,2026-11,money,webchat,,,800\n"
    )
    return topic


def test_a_snippet_page_loads_the_chart_styles_and_keeps_its_table(client, money):
    snippet = EvidenceSnippet(headline="Money worries", sentence="Every month.", months=2)
    snippet.save()
    snippet.topics.set([money])
    snippet.save_revision().publish()
    page = client.get(f"/evidence/{snippet.pk}/").content.decode()
    assert page.count('<link rel="stylesheet" href="/static/evidence/charts.css">') == 1
    assert set(drawings(page)) == {"chart-wide", "chart-narrow"}
    region = re.search(r'<div class="table-scroll[^"]*"[^>]*>', page).group(0)
    assert 'role="region"' in region and 'tabindex="0"' in region
    caption_id = re.search(r'aria-labelledby="([^"]+)"', region).group(1)
    assert f'<caption id="{caption_id}">' in page


def test_the_explorer_loads_the_chart_styles_in_the_head_and_keeps_its_table(client, money):
    explorer = DataExplorerPage(title="Explore the data", slug="explore", default_months=2)
    home_page().add_child(instance=explorer)
    explorer.save_revision().publish()
    page = client.get("/explore/?topic=money&view=breakdown&by=channel").content.decode()
    head = page.split("</head>")[0]
    assert '<link rel="stylesheet" href="/static/evidence/charts.css">' in head
    assert set(drawings(page)) == {"chart-wide", "chart-narrow"}
    region = re.search(r'<div class="table-scroll[^"]*"[^>]*>', page).group(0)
    assert 'role="region"' in region and 'tabindex="0"' in region
    assert 'aria-labelledby="explorer-table-caption"' in region
    assert '<caption id="explorer-table-caption">' in page
    assert "table-responsive" not in page
