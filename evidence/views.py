"""Public pages of the charity's data: published evidence snippets."""

from django.http import FileResponse, HttpResponse, HttpResponseNotFound
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.views.decorators.http import require_safe

from evidence import charts, selectors, share
from evidence.models import EvidenceSnippet


def snippet_context(snippet: EvidenceSnippet) -> dict:
    """Everything a page needs to show one snippet: figure, chart, table, source."""
    return snippet_contexts([snippet])[0]


def snippet_contexts(snippets) -> list[dict]:
    """`snippet_context` for each of `snippets`, read together: a page showing several
    costs the same few queries as a page showing one."""
    snippets = list(snippets)
    if not snippets:
        return []
    latest = selectors.latest_import()
    contexts = []
    for snippet, figures in zip(snippets, selectors.snippets_figures(snippets), strict=True):
        chart = ""
        if figures is not None:
            chart = charts.chart_svg(
                figures.chart_rows, trend=figures.breakdown == "month", title=snippet.headline
            )
        contexts.append(
            {
                "snippet": snippet,
                "figures": figures,
                "chart": chart,
                "updated": selectors.data_updated_since(snippet.last_published_at, latest=latest),
            }
        )
    return contexts


def snippet_list(request):
    snippets = list(selectors.published_snippets().order_by("headline"))
    return TemplateResponse(request, "evidence/snippet_list.html", {"snippets": snippets})


def snippet_detail(request, pk: int):
    snippet = get_object_or_404(selectors.published_snippets(), pk=pk)
    return TemplateResponse(request, "evidence/snippet_detail.html", snippet_context(snippet))


def snippet_share(request, pk: int):
    snippet = get_object_or_404(selectors.published_snippets(), pk=pk)
    card = share.snippet_card(
        snippet, selectors.snippet_figures(snippet), site_name=share.site_name(request)
    )
    context = {"snippet": snippet, **share.share_context(request, card=card)}
    return TemplateResponse(request, "evidence/snippet_share.html", context)


@require_safe
def share_card_image(request, digest: str):
    """A stored share card. Its name is its content's hash, so it never changes: browsers
    and caches may keep it for a year, and a changed card has a new name."""
    if not share.DIGEST.fullmatch(digest):
        return _no_card()
    etag = f'"{digest}"'
    if request.headers.get("If-None-Match") == etag:
        response = HttpResponse(status=304)
    else:
        try:
            stored = share.card_storage().open(share.image_name(digest), "rb")
        except FileNotFoundError:
            return _no_card()
        response = FileResponse(stored, content_type="image/png")
    response["Cache-Control"] = share.IMMUTABLE
    response["ETag"] = etag
    return response


def _no_card() -> HttpResponse:
    # Not cached: a card still being drawn by a worker is there on the next try.
    response = HttpResponseNotFound("No such share card.", content_type="text/plain")
    response["Cache-Control"] = "no-store"
    return response
