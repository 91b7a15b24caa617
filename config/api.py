"""The open-data API, version 1, mounted at /api/v1/ by config/urls.py.

One router per subject; a new one is one `add_router` line below. Everything under
/api/v1/ gets the same HTTP treatment (see evidence/api/http.py): read-only, ETag
and Last-Modified with 304s, HEAD, a per-client rate limit, errors as JSON.
"""

from functools import cache

from django.http import HttpRequest
from django.template.response import TemplateResponse
from django.urls import re_path, reverse
from django.utils.cache import patch_cache_control
from ninja import Field, NinjaAPI, Schema

from evidence.api import common, docs, http

DESCRIPTION = (
    "Read-only open data from the Listening Hub: topics, published evidence snippets, "
    "campaign votes with their rounds, and closed rounds' results and anonymised "
    "ballots. Every figure about young people passes disclosure control: under 10 is "
    'shown as "fewer than 10", others are rounded to the nearest 5, and more is hidden '
    "where a small number could be worked out. Nothing unapproved and no personal data "
    f"is published. {common.attribution()}."
)


class OpenDataAPI(NinjaAPI):
    def get_openapi_schema(self, **kwargs):
        return http.describe_http(super().get_openapi_schema(**kwargs))


api = OpenDataAPI(
    title="Listening Hub open data",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api-v1",
    docs_url=None,
    docs_decorator=http.rate_limited,
    throttle=http.ClientRateLimit(),
    openapi_extra={
        "info": {"license": {"name": common.LICENCE_NAME, "url": common.LICENCE_URL}},
    },
)
http.install_error_handlers(api)

api.add_router("/topics", "evidence.api.topics.router")
api.add_router("/snippets", "evidence.api.snippets.router")
api.add_router("/votes", "participation.api.votes.router")
api.add_router("/votes", "participation.api.results.router")
api.add_router("/statistics", "evidence.api.statistics.router")


class LicenceOut(Schema):
    name: str = Field(examples=[common.LICENCE_NAME])
    url: str = Field(examples=[common.LICENCE_URL])
    attribution: str = Field(
        description="The words to credit the data with wherever you use it.",
        examples=[common.attribution()],
    )


class IndexOut(Schema):
    title: str = Field(examples=[api.title])
    version: str = Field(examples=["1"])
    docs: str = Field(description="The docs, for people.")
    openapi: str = Field(description="The OpenAPI 3 schema, for programs.")
    licence: LicenceOut
    lists: list[str] = Field(
        description="The address of every list the API publishes.",
        examples=[["http://127.0.0.1:8000/api/v1/topics"]],
    )


@cache
def _schema() -> dict:
    """Worked out once a process: the schema only changes with the code."""
    return api.get_openapi_schema()


@cache
def _list_paths() -> tuple[str, ...]:
    return tuple(p for p in _schema()["paths"] if "{" not in p and p != _root())


def _root() -> str:
    return reverse("api-v1:api-root")


@api.get(
    "",
    response={200: IndexOut, **common.ERRORS},
    summary="What the API offers",
    description="Where the docs, the schema and every list are, and the licence.",
    tags=["About"],
    url_name="index",
)
def index(request: HttpRequest):
    return {
        "title": api.title,
        "version": api.version,
        "docs": request.build_absolute_uri(reverse("api-v1:docs")),
        "openapi": request.build_absolute_uri(reverse("api-v1:openapi-json")),
        "licence": {
            "name": common.LICENCE_NAME,
            "url": common.LICENCE_URL,
            "attribution": common.attribution(),
        },
        "lists": [request.build_absolute_uri(p) for p in _list_paths()],
    }


@api.get("/docs/", include_in_schema=False, url_name="docs")
def documentation(request: HttpRequest):
    schema = _schema()
    base = request.build_absolute_uri("/").rstrip("/")
    response = TemplateResponse(
        request,
        "api/docs.html",
        {
            "sections": docs.sections(schema, base),
            "base_url": base,
            "api_url": request.build_absolute_uri(_root()),
            "openapi_url": request.build_absolute_uri(reverse("api-v1:openapi-json")),
            "attribution": common.attribution(),
            "licence_name": common.LICENCE_NAME,
            "licence_url": common.LICENCE_URL,
            "page_size": common.DEFAULT_PAGE_SIZE,
            "max_page_size": common.MAX_PAGE_SIZE,
            "rate_limit": http.rate_in_words(),
        },
    )
    # The page's header shows who is logged in: no shared cache may keep it.
    patch_cache_control(response, private=True, max_age=0)
    return response


def _urls():
    patterns, app_name, namespace = api.urls
    http.wrap_patterns(patterns)
    # Any other address, even one with a line break in it (which `<path:>` won't match).
    patterns.append(re_path(r"^[\s\S]*$", http.unknown_address, name="unknown"))
    return patterns, app_name, namespace


urls = _urls()
