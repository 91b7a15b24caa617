"""Published evidence snippets, with their figures as the snippet pages show them.

Only live snippets (drafts and unpublished ones are never here), and every number
comes from `selectors.snippet_figures` as disclosed `Figure`s: no exact count.
"""

import datetime as dt

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from ninja import Field, Router, Schema

from evidence import selectors
from evidence.api.common import (
    ERRORS_AND_404,
    FigureOut,
    Id,
    absolute,
    not_found,
    optional_slug,
    paginated_get,
    set_last_modified,
)
from evidence.api.topics import topic_by_slug
from evidence.models import Breakdown, EvidenceSnippet

router = Router(tags=["Evidence snippets"])


class SlugNameOut(Schema):
    slug: str = Field(examples=["anxiety"])
    name: str = Field(examples=["Anxiety"])


class SnippetPeriodOut(Schema):
    first_month: str = Field(description="The first month counted (YYYY-MM).", examples=["2025-12"])
    last_month: str = Field(
        description="The last month counted (YYYY-MM), the newest with data.",
        examples=["2026-11"],
    )
    label: str = Field(examples=["December 2025 to November 2026"])


class SnippetRowOut(Schema):
    label: str = Field(
        description="A month, channel, age band, area or topic.", examples=["Nov 2026"]
    )
    figure: FigureOut


class SnippetFiguresOut(Schema):
    headline: FigureOut = Field(
        description="About how many contacts the snippet counts, over the whole period."
    )
    breakdown: str = Field(description="What the rows break it down by.", examples=["month"])
    rows: list[SnippetRowOut] = Field(
        description="The breakdown, in the order the snippet's page shows it. Empty when "
        "it couldn't be shown beside the headline without giving a small number away."
    )
    period: SnippetPeriodOut
    hidden: bool = Field(
        description="True when some rows (or the whole breakdown) are hidden to protect "
        "small numbers.",
        examples=[False],
    )


class SnippetOut(Schema):
    id: int = Field(examples=[1])
    headline: str = Field(examples=["Young people ask us about anxiety more than anything else"])
    sentence: str = Field(examples=["Young people tell us about anxiety every month."])
    source_note: str = Field(
        description="Where the data comes from.",
        examples=["The charity's own records of contacts from young people"],
    )
    topics: list[SlugNameOut] = Field(
        description="The topics counted, each with the topics under it."
    )
    channels: list[SlugNameOut] = Field(
        description="The channels counted; empty means every channel.", examples=[[]]
    )
    months: int = Field(description="How many months up to the newest data.", examples=[12])
    breakdown: str = Field(
        description="month, channel, age_band, region or topic.", examples=["month"]
    )
    breakdown_label: str = Field(examples=["Month by month (a trend)"])
    figures: SnippetFiguresOut | None = Field(
        description="Worked out now from the statistics; null while there is no data."
    )
    last_published_at: dt.datetime | None = Field(
        description="When the policy team last published the snippet."
    )
    data_updated_at: dt.datetime | None = Field(
        description="When new statistics were imported since then, if they were: the "
        "figures are worked out again from them. Null otherwise."
    )
    page_url: str = Field(
        description="The snippet's page on the site.",
        examples=["http://127.0.0.1:8000/evidence/1/"],
    )
    url: str = Field(
        description="This snippet in the API.",
        examples=["http://127.0.0.1:8000/api/v1/snippets/1"],
    )

    @staticmethod
    def resolve_topics(obj: EvidenceSnippet) -> list[dict]:
        return [{"slug": t.slug, "name": t.name} for t in obj.topics.all()]

    @staticmethod
    def resolve_channels(obj: EvidenceSnippet) -> list[dict]:
        return [{"slug": c.slug, "name": c.name} for c in obj.channels.all()]

    @staticmethod
    def resolve_breakdown_label(obj: EvidenceSnippet) -> str:
        return Breakdown(obj.breakdown).label if obj.breakdown in Breakdown.values else ""

    @staticmethod
    def resolve_figures(obj: EvidenceSnippet, context) -> dict | None:
        return figures_json(obj, newest=_newest_month(context["request"]))

    @staticmethod
    def resolve_data_updated_at(obj: EvidenceSnippet) -> dt.datetime | None:
        return selectors.data_updated_since(obj.last_published_at)

    @staticmethod
    def resolve_page_url(obj: EvidenceSnippet, context) -> str:
        return absolute(context["request"], obj.get_url())

    @staticmethod
    def resolve_url(obj: EvidenceSnippet, context) -> str:
        return absolute(context["request"], reverse("api-v1:snippet_detail", args=[obj.pk]))


def _newest_month(request: HttpRequest) -> dt.date | None:
    """Looked up once a request, however many snippets a page holds."""
    if not hasattr(request, "evidence_newest_month"):
        request.evidence_newest_month = selectors.newest_month()
    return request.evidence_newest_month


def figures_json(snippet: EvidenceSnippet, *, newest: dt.date | None = None) -> dict | None:
    figures = selectors.snippet_figures(snippet, newest=newest)
    if figures is None:
        return None
    window = figures.window
    return {
        "headline": figures.headline.as_json(),
        "breakdown": figures.breakdown,
        "rows": [{"label": label, "figure": figure.as_json()} for label, figure in figures.rows],
        "period": {
            "first_month": f"{window.first:%Y-%m}",
            "last_month": f"{window.last:%Y-%m}",
            "label": window.label,
        },
        "hidden": figures.hidden,
    }


def _snippets():
    return selectors.published_snippets().prefetch_related("channels")


@paginated_get(
    router,
    "",
    item=SnippetOut,
    summary="List published evidence snippets",
    description="Every published snippet, by headline, with its figure and breakdown "
    "worked out from the newest statistics. Small numbers are never shown: see "
    "`FigureOut`. Filter by `topic` to get the snippets on it or on a topic under it.",
)
def snippet_list(
    request: HttpRequest,
    topic: str | None = optional_slug(
        "Only snippets on this topic (a slug from /api/v1/topics) or a topic under it."
    ),
):
    snippets = _snippets()
    chosen = topic_by_slug(topic)
    if chosen is not None:
        ids = selectors.with_children([chosen.pk])
        snippets = snippets.filter(topics__in=ids).distinct()
    return snippets.order_by("headline", "pk")


@router.get(
    "/{snippet_id}",
    response={200: SnippetOut, **ERRORS_AND_404},
    summary="One published evidence snippet",
    description="A published snippet by its id. Drafts and unpublished snippets are 404.",
)
def snippet_detail(request: HttpRequest, snippet_id: Id, response: HttpResponse):
    snippet = _snippets().filter(pk=snippet_id).first()
    if snippet is None:
        raise not_found(f"There is no published evidence snippet {snippet_id}.")
    set_last_modified(
        response,
        snippet.last_published_at,
        selectors.data_updated_since(snippet.last_published_at),
    )
    return snippet
