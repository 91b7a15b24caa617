"""Public pages of the charity's data: published evidence snippets."""

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse

from evidence import charts, selectors
from evidence.models import EvidenceSnippet


def snippet_context(snippet: EvidenceSnippet) -> dict:
    """Everything a page needs to show one snippet: figure, chart, table, source."""
    figures = selectors.snippet_figures(snippet)
    chart = ""
    if figures is not None:
        chart = charts.chart_svg(
            figures.chart_rows, trend=figures.breakdown == "month", title=snippet.headline
        )
    return {
        "snippet": snippet,
        "figures": figures,
        "chart": chart,
        "updated": selectors.data_updated_since(snippet.last_published_at),
    }


def snippet_list(request):
    snippets = list(selectors.published_snippets().order_by("headline"))
    return TemplateResponse(request, "evidence/snippet_list.html", {"snippets": snippets})


def snippet_detail(request, pk: int):
    if pk > 2**63 - 1:
        raise Http404
    snippet = get_object_or_404(selectors.published_snippets(), pk=pk)
    return TemplateResponse(request, "evidence/snippet_detail.html", snippet_context(snippet))
