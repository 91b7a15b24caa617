"""Statistics with the data explorer's filters: the explorer's own answer, as data.

The parameters are the explorer's (`evidence.explorer.query`), read by the same form,
and the answer is the same object its downloads are made from, so an explorer link
and an API call with the same query string give the same figures. Every figure has
been through disclosure control: rounded to 5, small ones "fewer than 10", and more
hidden where a small one could be worked out.
"""

from django.db.models import Max
from django.http import HttpRequest, HttpResponse
from ninja import Field, Query, Router, Schema

from evidence.api.common import ERRORS, ApiError, FigureOut, set_last_modified
from evidence.explorer.downloads import as_json
from evidence.explorer.figures import explore
from evidence.explorer.query import MAX_LENGTH, MAX_MONTHS, MAX_TOPICS, ExplorerForm
from evidence.models import DataExplorerPage, StatisticsImport

router = Router(tags=["Statistics"])
MONTH = r"^[0-9]{4}-[0-9]{2}$"


class CellOut(FigureOut):
    share: float | None = Field(
        description="With measure=share: the part of all contacts in the row (with no "
        "topic chosen, of the whole period), from the rounded figures; else null.",
        examples=[None],
    )


class SeriesOut(Schema):
    key: str = Field(description="The topic's slug, or `all` for every topic.", examples=["money"])
    label: str = Field(examples=["Money"])


class RowOut(Schema):
    key: str = Field(
        description="The month (YYYY-MM), channel slug, age band or area code.",
        examples=["2026-11"],
    )
    label: str = Field(examples=["Nov 2026"])
    cells: list[CellOut] = Field(description="One per series, in the order of `series`.")
    all_contacts: FigureOut | None = Field(
        description="With measure=share and topics compared: all contacts in the row, "
        "every topic (the shares' denominator); else null."
    )


class PeriodOut(Schema):
    first_month: str = Field(examples=["2025-12"])
    last_month: str = Field(examples=["2026-11"])
    label: str = Field(examples=["December 2025 to November 2026"])


class DisclosureOut(Schema):
    threshold: int = Field(examples=[10])
    round_to: int = Field(examples=[5])
    rule: str


class StatisticsOut(Schema):
    query: dict[str, str | list[str]] = Field(
        description="The query as it was understood, with every default filled in: "
        "the same parameters give the same answer.",
        examples=[{"topic": ["money"], "channel": [], "from": "2025-12", "to": "2026-11"}],
    )
    link: str | None = Field(
        description="The same view on the site's data explorer, if the site has one."
    )
    period: PeriodOut
    measure: str = Field(examples=["count"])
    view: str = Field(examples=["trend"])
    dimension: str = Field(description="What the rows are.", examples=["Month"])
    series: list[SeriesOut]
    rows: list[RowOut]
    totals: list[CellOut] = Field(description="Each series over every row.")
    summary: list[str] = Field(
        description="The answer in plain words, one sentence per series.",
        examples=[["Contacts about money rose by about a third between …"]],
    )
    notes: list[str] = Field(description="Anything changed in the query, said plainly.")
    disclosure: DisclosureOut
    source: str
    licence: str


def _list(description: str, example: str):
    return Query([], description=description, examples=[[example]], max_length=MAX_TOPICS * 5)


TOPICS = _list(f"Topic slugs to compare, up to {MAX_TOPICS}.", "money")
CHANNELS = _list("Channel slugs; none for every channel.", "helpline")


@router.get(
    "",
    response={200: StatisticsOut, **ERRORS},
    summary="Statistics with the explorer's filters",
    description=(
        "Contacts from young people by month (view=trend) or broken down by channel, "
        "age band or area (view=breakdown&by=…), for up to "
        f"{MAX_TOPICS} topics compared (each with the topics under it), as counts or "
        "as shares of all contacts. Defaults: every topic, every channel, the last 12 "
        f"months with data (at most {MAX_MONTHS}), everyone, counts, a trend. Every "
        "figure passes disclosure control. A query the explorer would refuse (an "
        "unknown topic, a start after the end, an age band with an area…) is a 400 "
        "naming each problem."
    ),
)
def statistics(
    request: HttpRequest,
    response: HttpResponse,
    topic: list[str] = TOPICS,
    channel: list[str] = CHANNELS,
    from_: str | None = Query(
        None, alias="from", pattern=MONTH, description="First month, YYYY-MM.", examples=["2026-01"]
    ),
    to: str | None = Query(
        None, pattern=MONTH, description="Last month, YYYY-MM.", examples=["2026-11"]
    ),
    age: str | None = Query(
        None,
        max_length=MAX_LENGTH,
        description="One age band: 13-15, 16-18, 19-21 or 22-25.",
        examples=["16-18"],
    ),
    region: str | None = Query(
        None,
        max_length=MAX_LENGTH,
        description="One nation or region, by its ONS code.",
        examples=["E12000007"],
    ),
    measure: str | None = Query(
        None, max_length=MAX_LENGTH, description="count or share.", examples=["count"]
    ),
    view: str | None = Query(
        None, max_length=MAX_LENGTH, description="trend or breakdown.", examples=["trend"]
    ),
    by: str | None = Query(
        None,
        max_length=MAX_LENGTH,
        description="For a breakdown: channel, age_band or region.",
        examples=["channel"],
    ),
):
    # The typed parameters above are for the schema; the explorer's form reads the
    # query string itself, so the API refuses exactly what the explorer refuses.
    form = ExplorerForm(request.GET, default_months=12)
    if not form.is_valid():
        raise ApiError(
            400,
            "Some of the choices can't be used; nothing was counted.",
            [
                {
                    "location": "query",
                    "parameter": name if name != "__all__" else "",
                    "message": message,
                }
                for name, message in form.error_list()
            ],
        )
    query = form.to_query()
    if query is None:
        raise ApiError(404, "There are no statistics yet.")
    page = DataExplorerPage.objects.live().public().first()
    link = (
        f"{request.build_absolute_uri(page.get_url(request))}?{query.querystring()}"
        if page
        else None
    )
    latest = StatisticsImport.objects.aggregate(latest=Max("imported_at"))["latest"]
    set_last_modified(response, latest)
    return as_json(explore(query), link=link)
