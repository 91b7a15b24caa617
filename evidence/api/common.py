"""What every endpoint of the open-data API shares: errors, pagination, figures, links.

Anything typed `FigureOut` comes from an `evidence.disclosure.Figure` (`Figure.as_json()`),
so no exact count about young people can reach an answer through these schemas.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from typing import Annotated, Any
from urllib.parse import urlencode

from django.conf import settings
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils.http import http_date
from ninja import Field, Path, Query, Schema
from ninja.errors import HttpError
from ninja.pagination import PaginationBase, paginate

from config.ids import BIGGEST_ID

SLUG_PATTERN = r"^[-a-zA-Z0-9_]+$"
SLUG_MAX_LENGTH = 80
DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
MAX_PAGE = 1_000_000  # far beyond any real page: bigger numbers are typing mistakes

# The licence is the charity's choice for its open data; change it here, and in
# docs/open-data.md. OPEN_DATA_PUBLISHER (a setting) is the charity's name.
LICENCE_NAME = "CC BY 4.0"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"


def publisher() -> str:
    return getattr(settings, "OPEN_DATA_PUBLISHER", "the youth charity that runs it")


def attribution() -> str:
    return f"Contains data from the Listening Hub, {publisher()}, licensed under {LICENCE_NAME}"


# --- Parameters -------------------------------------------------------------------

Id = Annotated[
    int,
    Path(
        ...,
        ge=1,
        le=BIGGEST_ID,
        description="A whole number from 1, as given in a list's `id`.",
        examples=[1],
    ),
]
Slug = Annotated[
    str,
    Path(
        ...,
        min_length=1,
        max_length=SLUG_MAX_LENGTH,
        pattern=SLUG_PATTERN,
        description="A topic's slug: letters, digits, hyphens and underscores.",
        examples=["anxiety"],
    ),
]


def optional_slug(description: str) -> Any:
    """A query parameter naming a topic (or anything else with a slug), or nothing."""
    return Query(
        None,
        min_length=1,
        max_length=SLUG_MAX_LENGTH,
        pattern=SLUG_PATTERN,
        description=description,
        examples=["anxiety"],
    )


# --- Errors -----------------------------------------------------------------------


class ErrorItem(Schema):
    location: str = Field(
        description="Where the problem is: `query` or `path`.", examples=["query"]
    )
    parameter: str = Field(description="The parameter's name.", examples=["page"])
    message: str = Field(
        description="What is wrong with it, in plain words.", examples=["should be at least 1"]
    )


class ErrorOut(Schema):
    """Every error: a sentence to show a person, and for bad input what to fix."""

    detail: str = Field(
        description="What went wrong, in plain words.",
        examples=["Please check page: it should be at least 1."],
    )
    errors: list[ErrorItem] = Field(
        default_factory=list, description="For bad input, one entry per problem; else empty."
    )


class ApiError(HttpError):
    """An answer that isn't the data asked for: a status, a sentence and, for bad
    input, which parameters to fix. Views raise it; `http` turns it into JSON."""

    def __init__(self, status_code: int, detail: str, errors: list[dict] | None = None):
        super().__init__(status_code, detail)
        self.errors = errors or []


def not_found(detail: str) -> ApiError:
    return ApiError(404, detail)


def bad_parameter(location: str, parameter: str, message: str, detail: str) -> ApiError:
    return ApiError(
        400, detail, [{"location": location, "parameter": parameter, "message": message}]
    )


# Every endpoint documents these answers besides its own 200 (and 404 where it names
# one thing): bad input, too many requests.
ERRORS = {400: ErrorOut, 429: ErrorOut}
ERRORS_AND_404 = {400: ErrorOut, 404: ErrorOut, 429: ErrorOut}


# --- Figures and links ------------------------------------------------------------


class FigureOut(Schema):
    """A number as it may be published: rounded to the nearest 5, or not shown."""

    value: int | None = Field(
        description="Rounded to the nearest 5 (never under 10); null when not shown.",
        examples=[1235],
    )
    suppressed: bool = Field(
        description="True when the figure isn't shown, to protect small numbers.",
        examples=[False],
    )
    label: str | None = Field(
        None,
        description='Only when suppressed: "fewer than 10", or "not shown" (hidden so '
        "that a small number can't be worked out from the others).",
        examples=[None],
    )


def absolute(request: HttpRequest, url: str | None) -> str | None:
    """A full address for `url` (a path on this site), for clients elsewhere."""
    return request.build_absolute_uri(url) if url else None


def set_last_modified(response: HttpResponse, *moments: dt.datetime | None) -> None:
    """Send the latest of `moments` as Last-Modified: what a client's If-Modified-Since
    is compared with (see `http.conditional`). Leave it off when the answer can change
    without any of them changing."""
    known = [moment for moment in moments if moment is not None]
    if known:
        response["Last-Modified"] = http_date(max(known).timestamp())


# --- Pagination -------------------------------------------------------------------


class PublicPagination(PaginationBase):
    """Pages of a list, numbered from 1: `?page=2&page_size=50`.

    Register a list with `paginated_get` (Ninja's `@paginate(PublicPagination)` under
    `router.get`, answering `list[SomeSchema]`); the view returns a queryset or a list. A page past the last
    one, and any page number or size out of range, is a 400 that says what exists.
    """

    class Input(Schema):
        page: int = Field(1, ge=1, le=MAX_PAGE, description="Which page, from 1.", examples=[1])
        page_size: int = Field(
            DEFAULT_PAGE_SIZE,
            ge=1,
            le=MAX_PAGE_SIZE,
            description=f"How many results a page, 1 to {MAX_PAGE_SIZE}.",
            examples=[DEFAULT_PAGE_SIZE],
        )

    class Output(Schema):
        count: int = Field(
            description="How many results there are on every page together.", examples=[1]
        )
        next: str | None = Field(
            description="The next page's address; null on the last page.", examples=[None]
        )
        previous: str | None = Field(
            description="The previous page's address; null on the first page.", examples=[None]
        )
        results: list[Any] = Field(description="This page's results.")

    items_attribute = "results"

    def paginate_queryset(
        self, queryset: QuerySet | list, pagination: Input, request: HttpRequest, **params: Any
    ) -> dict:
        count = self._items_count(queryset)
        size = pagination.page_size
        pages = max(1, math.ceil(count / size))
        page = pagination.page
        if page > pages:
            results = "no results" if not count else f"{count} result{'s' * (count != 1)}"
            raise bad_parameter(
                "query",
                "page",
                f"should be at most {pages}",
                f"There is no page {page}: there {'is' if pages == 1 else 'are'} {pages} "
                f"page{'s' * (pages != 1)} of {size} ({results}).",
            )
        start = (page - 1) * size
        return {
            "count": count,
            "next": _page_url(request, page + 1) if page < pages else None,
            "previous": _page_url(request, page - 1) if page > 1 else None,
            "results": list(queryset[start : start + size]),
        }


def paginated_get(
    router, path: str, *, item: type, summary: str, description: str, errors: dict = ERRORS
) -> Callable:
    """Register the decorated view as a GET of `path` answering `list[item]` page by page
    (`PublicPagination`), with `errors` as its documented error answers."""

    def register(view: Callable) -> Callable:
        response = {200: list[item], **errors}
        listing = paginate(PublicPagination)(view)
        return router.get(path, response=response, summary=summary, description=description)(
            listing
        )

    return register


class Mapped:
    """A queryset whose page becomes plain data only once it is sliced out: for a
    `paginated_get` view that builds its answer with a function rather
    than from model attributes. `to_data` is called on each item of the page only."""

    def __init__(self, queryset: QuerySet, to_data: Callable[[Any], Any]):
        self.queryset, self.to_data = queryset, to_data

    def all(self) -> Mapped:
        return self

    def count(self) -> int:
        return self.queryset.count()

    def __getitem__(self, page: slice) -> list:
        return [self.to_data(item) for item in self.queryset[page]]


def _page_url(request: HttpRequest, page: int) -> str:
    query = request.GET.copy()
    query["page"] = str(page)
    return request.build_absolute_uri(
        f"{request.path}?{urlencode(sorted(query.lists()), doseq=True)}"
    )
