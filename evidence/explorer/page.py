"""How a `DataExplorerPage` answers a request: the page, a download, or a kind 400.

The page is a GET form, so the view is its query string: bookmarking or sharing the
address reproduces it, and `?format=csv` or `?format=json` on the same address
downloads exactly the table on the page.
"""

from __future__ import annotations

from django.http import HttpResponse, JsonResponse
from django.template.response import TemplateResponse
from django.utils.text import slugify

from config.db_router import reads_from_replica
from evidence import charts
from evidence.explorer import downloads
from evidence.explorer.figures import ExplorerResult, explore
from evidence.explorer.query import (
    MAX_TOPICS,
    By,
    DataRange,
    ExplorerForm,
    Measure,
    View,
    month_label,
)
from evidence.explorer.sentences import summary
from evidence.models.explorer import DataExplorerPage
from evidence.models.statistics import AgeBand
from evidence.models.topics import Channel, Topic
from evidence.periods import months_ending
from evidence.regions import Region

FORMATS = ("", "html", "csv", "json")


def form_for(request, page, data_range: DataRange | None = None) -> ExplorerForm:
    return ExplorerForm(
        request.GET,
        default_topics=tuple(page.default_topics.all()) if page.pk else (),
        default_months=page.default_months,
        data_range=data_range,
    )


def serve(page, request):
    fmt = request.GET.get("format", "")
    data_range = DataRange.now()
    form = form_for(request, page, data_range)
    if fmt not in FORMATS:
        form.is_valid()
        form.add_error(None, "Downloads come as CSV or JSON: use format=csv or format=json.")
    if not form.is_valid():
        if fmt in ("csv", "json"):
            return JsonResponse(
                {
                    "detail": "Some of the choices can't be used; nothing was counted.",
                    "errors": {name: [str(m) for m in msgs] for name, msgs in form.errors.items()},
                },
                status=400,
            )
        return _render(page, request, form, data_range, status=400)
    query = form.to_query()
    result = explore(query) if query is not None else None
    if result is not None and fmt in ("csv", "json"):
        link = request.build_absolute_uri(page.get_url(request)) + "?" + query.querystring()
        name = f"{slugify(page.title) or 'data'}-{query.first:%Y-%m}-to-{query.last:%Y-%m}"
        if fmt == "csv":
            response = HttpResponse(
                downloads.as_csv(result), content_type="text/csv; charset=utf-8"
            )
            response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
            return response
        response = JsonResponse(
            downloads.as_json(result, link=link), json_dumps_params={"indent": 2}
        )
        response["Content-Disposition"] = f'attachment; filename="{name}.json"'
        return response
    return _render(page, request, form, data_range, result=result)


def _y_title(result: ExplorerResult) -> str:
    if result.query.measure == Measure.SHARE:
        return "% of all contacts"
    return "Contacts (rounded)"


def _chart(result: ExplorerResult) -> str:
    return charts.series_chart_svg(
        result.chart_points(),
        series=[series.label for series in result.series],
        rows=[row.label for row in result.rows],
        trend=result.query.view == View.TREND,
        title=" and ".join(series.label for series in result.series),
        y_title=_y_title(result),
    )


def _choices(form: ExplorerForm, result: ExplorerResult | None) -> dict:
    """What the form shows as chosen: the checked query, else exactly what was sent."""
    if result is not None:
        query = result.query
        return {
            "topic": {topic.slug for topic in query.topics},
            "channel": {channel.slug for channel in query.channels},
            "from": f"{query.first:%Y-%m}",
            "to": f"{query.last:%Y-%m}",
            "age": query.age_band,
            "region": query.region,
            "measure": query.measure,
            "view": query.view,
            "by": query.by,
        }
    data = form.data
    last = form.data_range.last
    default_first = f"{months_ending(last, form.default_months)[0]:%Y-%m}" if last else ""
    return {
        "topic": set(data.getlist("topic")),
        "channel": set(data.getlist("channel")),
        **{name: data.get(name, "") for name in ("age", "region", "by")},
        # Months left out mean the page's usual ones: keep showing those.
        "from": data.get("from") or default_first,
        "to": data.get("to") or (f"{last:%Y-%m}" if last else ""),
        "measure": data.get("measure") or Measure.COUNT,
        "view": data.get("view") or View.TREND,
    }


def _topic_groups() -> list[tuple[Topic, list[Topic]]]:
    topics = list(Topic.objects.all())
    children: dict[int, list[Topic]] = {}
    for topic in topics:
        if topic.parent_id:
            children.setdefault(topic.parent_id, []).append(topic)
    return [(topic, children.get(topic.pk, [])) for topic in topics if not topic.parent_id]


def _months(data_range: DataRange, chosen: dict) -> list[tuple[str, str]]:
    months = [(f"{m:%Y-%m}", month_label(m)) for m in reversed(data_range.months)]
    known = {value for value, _label in months}
    for name in ("from", "to"):
        if chosen[name] and chosen[name] not in known:
            # Keep what the person sent, even if it's not a month we have.
            months.insert(0, (chosen[name], chosen[name]))
            known.add(chosen[name])
    return months


def _render(page, request, form, data_range, *, result=None, status=200):
    context = page.get_context(request)
    chosen = _choices(form, result)
    context.update(
        {
            "form": form,
            "errors": form.error_list() if form.is_bound and form.errors else [],
            "chosen": chosen,
            "topic_groups": _topic_groups(),
            "channels": list(Channel.objects.filter(is_active=True)),
            "months": _months(data_range, chosen),
            "age_bands": AgeBand.choices,
            "regions": Region.choices,
            "measures": Measure.choices,
            "views": View.choices,
            "bys": By.choices,
            "max_topics": MAX_TOPICS,
            "data_range": data_range,
            "result": result,
        }
    )
    if result is not None:
        query = result.query
        querystring = query.querystring()
        context.update(
            {
                "query": query,
                "sentences": summary(result),
                "chart": _chart(result),
                "permalink": request.build_absolute_uri(page.get_url(request)) + "?" + querystring,
                "querystring": querystring,
                "share_measure": query.measure == Measure.SHARE,
                "may_make_snippet": request.user.has_perm("evidence.add_evidencesnippet"),
            }
        )
    return TemplateResponse(request, page.get_template(request), context, status=status)


def attach() -> None:
    """Serve every DataExplorerPage with `serve`; once, at start-up (EvidenceConfig.ready).

    The view is put on the page class from here rather than imported by the model, so
    `evidence.models` imports nothing above it.
    """

    @reads_from_replica
    def serve_page(page, request, *args, **kwargs):
        return serve(page, request)

    serve_page.__name__ = serve_page.__qualname__ = "serve"
    DataExplorerPage.serve = serve_page
