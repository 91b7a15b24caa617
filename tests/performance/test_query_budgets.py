"""Each main page costs a fixed number of queries, however much there is on the site.

Every page is asked for in a small world and in a large one (see `world.py`: 2
nominations or 30, 1 round or 6, one supporter or six, 1 topic or 6, more snippets,
campaigns and menu pages). A query per nomination, per round or per supporter makes
the large count bigger than the small one, and the test fails, showing the queries
the large world added. The budget is written down per page: changing it is a
decision taken here, not a drift.

Counted on the test settings, where the shared cache is the database cache (as in
production without Redis): a cache read is a query too, so reading Wagtail's site
root paths or the main menu once per link would show here.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings

from cms import roles
from tests.factories import ParticipantFactory, UserFactory
from tests.performance import world as worlds

# Marked for the database so that pytest-django makes the test database before the
# module's fixture below builds its worlds (it makes none for a session without marks).
pytestmark = pytest.mark.django_db

# Queries per page, the same at both sizes. Wagtail answers every page with the site,
# the page (and each page on its path) and its view restrictions; the shell around it
# adds the main menu (one cache read), the safety settings with the house rules page,
# and the site root paths (one cache read, kept on the request). A logged-in page adds
# the session, the user, their email check, their permissions and their unread
# messages. A snippet's chart is two reads of the chart cache; a nomination shows three.
BUDGETS = {
    "home": 23,
    "campaign vote": 22,
    "nomination": 34,
    "results": 11,
    "data explorer": 17,
    "ballot": 18,
    "my participation": 18,
}


def _pages(world: worlds.World) -> dict[str, tuple[bool, str]]:
    """Each main page: whether it is asked for logged in, and its address."""
    return {
        "home": (False, "/"),
        "campaign vote": (False, world.vote_url),
        "nomination": (False, world.nomination_url),
        "results": (False, world.results_url),
        "data explorer": (False, world.explorer_url),
        "ballot": (True, world.ballot_url),
        "my participation": (True, "/me/participation/"),
    }


def _count(client: Client, url: str) -> list[str]:
    """The queries answering `url`, asked for the second time.

    The first answer fills what is kept between requests (compiled templates, content
    types, Wagtail's site root paths, the main menu, each chart's drawing in the
    shared cache): those are paid once per process or once per change, not per page.
    """
    assert client.get(url).status_code == 200, url
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return [query["sql"] for query in queries.captured_queries]


def _measure(size: worlds.Size) -> dict[str, list[str]]:
    """Build the world at `size`, ask for every main page, then undo it all."""
    with transaction.atomic():
        participant = ParticipantFactory(email="participant@example.org")
        volunteer = UserFactory(email="volunteer@example.org", groups=[roles.VOLUNTEER_MODERATOR])
        world = worlds.build(size, participant=participant, moderator=volunteer)
        visitor, signed_in = Client(), Client()
        signed_in.force_login(participant)
        measured = {
            page: _count(signed_in if logged_in else visitor, url)
            for page, (logged_in, url) in _pages(world).items()
        }
        transaction.set_rollback(True)
    return measured


@pytest.fixture(scope="module")
def queries(django_db_setup, django_db_blocker):
    """Every main page's queries, in the small world and in the large one.

    Both worlds are built in this one database, each inside a transaction rolled back
    once measured, so neither sees the other and no other test sees either.
    """
    if not settings.CACHES["default"]["BACKEND"].endswith("DatabaseCache"):
        pytest.skip("the budgets count cache reads as queries: run without REDIS_URL")
    # Measure rendering, not the anonymous page cache (which would answer the second
    # request from the first without rendering anything).
    with django_db_blocker.unblock(), override_settings(HUB_PAGE_CACHE_SECONDS=0):
        name = str(connection.settings_dict["NAME"])
        assert "memory" in name or Path(name).name.startswith("test_"), (
            f"not a test database: {name}"
        )
        return {size.name: _measure(size) for size in (worlds.SMALL, worlds.LARGE)}


def _shape(sql: str) -> str:
    """A query without its values: the two worlds' rows have different ids and dates."""
    return re.sub(r"\b\d+\b", "?", re.sub(r"'[^']*'", "?", sql))


def _added(small: list[str], large: list[str]) -> str:
    extra = Counter(map(_shape, large)) - Counter(map(_shape, small))
    return "\n".join(f"  {n} x {sql[:160]}" for sql, n in extra.most_common())


@pytest.mark.parametrize("page", list(BUDGETS))
def test_the_page_costs_its_budget_at_any_size(queries, page):
    small, large = queries["small"][page], queries["large"][page]
    assert len(small) == len(large), (
        f"{page}: {len(small)} queries in the small world, {len(large)} in the large one; "
        f"the large one added:\n{_added(small, large)}"
    )
    assert len(small) == BUDGETS[page], (
        f"{page}: {len(small)} queries, the budget is {BUDGETS[page]}:\n"
        + "\n".join(f"  {sql[:160]}" for sql in small)
    )
