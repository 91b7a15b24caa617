"""No query string makes the site fail: every GET parameter, fuzzed.

Property-based (hypothesis): text, numbers of any size, Unicode, empty values and
repeated keys, for each view that reads the query string; the answer is never a
5xx. First, a sweep of every URL pattern of the project's own views (and every route
of the routable vote pages) with hostile query strings, as each kind of visitor.
Forms are fuzzed in test_fuzz_forms.py.
"""

import urllib.parse

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from hypothesis import given

from evidence.explorer.query import ExplorerForm
from evidence.models import DataExplorerPage
from moderation.forms import QueueFilterForm
from tests.security.fuzzing import (  # noqa: F401  (fixtures, used by name)
    client_as,
    form_data,
    fuzz,
    no_rate_limits_fixture,
    not_a_failure,
    query,
    world_fixture,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_rate_limits")]


# A sweep of every URL pattern of the project's own views.

OWN = ("cms.", "participation.", "moderation.", "evidence.", "config.", "pagecache.")
ARGUMENT = {"int": "1", "id": "1", "str": "x", "slug": "x", "path": "x"}


def _patterns(resolver, prefix=""):
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from _patterns(entry, route)
        elif isinstance(entry, URLPattern):
            module = getattr(entry.callback, "__module__", "") or ""
            wrapped = getattr(entry.callback, "view_class", None)
            if wrapped is not None:
                module = wrapped.__module__
            if module.startswith(OWN) and not any(c in route for c in "^[$"):
                yield route


def _filled(route: str) -> str:
    while "<" in route:
        start, end = route.index("<"), route.index(">")
        converter = route[start + 1 : end].split(":")[0] if ":" in route[start:end] else "str"
        route = route[:start] + ARGUMENT.get(converter, "1") + route[end + 1 :]
    return route


def own_urls(pages=()) -> list[str]:
    """Every URL pattern of our views, and every route of the routable `pages`, with
    each argument filled in."""
    urls = {"/" + _filled(route) for route in _patterns(get_resolver())}
    for page in pages:
        for pattern in page.get_subpage_urls():
            urls.add(page.url + _filled(str(pattern.pattern)))
    return sorted(urls)


HOSTILE_QUERIES = [
    "page=99999999999999999999&page=-1&q=%00&format=csv&kind=x&receipt=%E2%80%AE"
    "&type=99999999999999999999999&status=nope&flag=&age=7&next=//evil.example",
    "q=" + urllib.parse.quote("<script>alert(1)</script>" * 50) + "&topic=1&topic=abc"
    "&from=2026-99&to=&region=%E2%80%AE&measure=&view=x&by=x&show=x&state=x&page_id=x",
]


def test_the_sweep_reaches_the_projects_views():
    urls = own_urls()
    assert len(urls) > 30
    assert "/search/" in urls and "/admin/moderation/" in urls


@pytest.mark.parametrize("role", ["visitor", "participant", "admin"])
def test_no_url_of_ours_fails_on_hostile_query_strings(request, world, role, client_for):
    client = Client() if role == "visitor" else client_for(request.getfixturevalue(role))
    for url in own_urls([world["vote"], world["open_vote"]]):
        if "logout" in url:
            continue
        for qs in HOSTILE_QUERIES:
            not_a_failure(client.get(f"{url}?{qs}"), f"{role} GET {url}?{qs}")


# GET parameters, view by view.


def explorer_url():
    page = DataExplorerPage.objects.live().first()
    return page.url if page else "/"


GET_TARGETS = {
    "search": ("visitor", lambda w: "/search/", ["q", "page", "kind"]),
    "explorer": (
        "visitor",
        lambda w: explorer_url(),
        [*ExplorerForm.base_fields, "format", "page"],
    ),
    "snippets": ("visitor", lambda w: "/evidence/", ["page", "topic"]),
    "vote page": ("visitor", lambda w: w["vote"].url, ["page"]),
    "receipt check": (
        "visitor",
        lambda w: w["vote"].url + w["vote"].reverse_subpage("receipt-check", args=[1]),
        ["receipt"],
    ),
    "results": (
        "visitor",
        lambda w: w["vote"].url + w["vote"].reverse_subpage("results", args=[1]),
        ["page", "round"],
    ),
    "notices": ("participant", lambda w: "/moderation/notices/", ["page"]),
    "queue": (
        "senior_moderator",
        lambda w: "/admin/moderation/",
        [*QueueFilterForm.base_fields, "page"],
    ),
    "escalations": ("senior_moderator", lambda w: "/admin/moderation/escalations/", ["page"]),
    "cases": ("senior_moderator", lambda w: "/admin/moderation/cases/", ["show", "page"]),
    "audit log": ("admin", lambda w: "/admin/moderation/audit-log/", ["page", "action", "q"]),
    "feedback report": ("policy_editor", lambda w: "/admin/feedback/", ["page_id", "page"]),
    "policy nominations": (
        "policy_editor",
        lambda w: f"/admin/campaign-votes/{w['vote'].pk}/nominations/",
        ["state"],
    ),
    "api statistics": (
        "visitor",
        lambda w: "/api/v1/statistics",
        [*ExplorerForm.base_fields, "page"],
    ),
    "api votes": ("visitor", lambda w: "/api/v1/votes", ["page", "limit"]),
}


@pytest.mark.parametrize("target", sorted(GET_TARGETS))
def test_no_query_string_makes_a_view_fail(request, world, client_for, target):
    role, url_of, keys = GET_TARGETS[target]
    client, url = client_as(request, role, client_for), url_of(world)

    @fuzz
    @given(qs=query(keys))
    def check(qs):
        not_a_failure(client.get(f"{url}?{qs}"), f"{target}: GET {url}?{qs}")

    check()
