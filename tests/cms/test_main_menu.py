"""The main menu is kept in the cache between pages, and any change to the pages in it
shows on the very next page: published, renamed, unpublished, moved, restricted or
deleted, whether the change is still in its transaction or committed."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from cms.models import StandardPage
from cms.selectors import main_menu

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def rendered_each_time(settings):
    """Every answer rendered, not served by the anonymous page cache."""
    settings.HUB_PAGE_CACHE_SECONDS = 0


def menu(client) -> dict[str, str]:
    html = client.get("/about/").content.decode()
    start = html.index('aria-label="Main"')
    nav = html[start : html.index("</nav>", start)]
    return {title: href for href, title in re.findall(r'href="([^"]+)"[^>]*>([^<]+)</a>', nav)}


def published(site, **fields) -> StandardPage:
    page = StandardPage(show_in_menus=True, **fields)
    site.root_page.add_child(instance=page)
    page.save_revision().publish()
    return page


def test_a_newly_published_page_is_in_the_menu_at_once(visitor, site):
    assert "Our volunteers" not in menu(visitor)  # the menu is kept from here on
    published(site, title="Our volunteers", slug="volunteers")
    assert menu(visitor)["Our volunteers"] == "/volunteers/"


def test_a_committed_publish_shows_at_once_too(visitor, site, django_capture_on_commit_callbacks):
    menu(visitor)
    with django_capture_on_commit_callbacks(execute=True):
        published(site, title="Our volunteers", slug="volunteers")
    assert menu(visitor)["Our volunteers"] == "/volunteers/"


def test_a_renamed_page_shows_its_new_title_at_once(visitor, site):
    page = published(site, title="Our volunteers", slug="volunteers")
    assert "Our volunteers" in menu(visitor)
    page.title = "Who reads what you write"
    page.save_revision().publish()
    links = menu(visitor)
    assert links["Who reads what you write"] == "/volunteers/"
    assert "Our volunteers" not in links


def test_an_unpublished_page_leaves_the_menu_at_once(visitor, site):
    page = published(site, title="Our volunteers", slug="volunteers")
    assert "Our volunteers" in menu(visitor)
    page.unpublish()
    assert "Our volunteers" not in menu(visitor)


def test_a_page_moved_below_another_leaves_the_menu_at_once(visitor, site):
    page = published(site, title="Our volunteers", slug="volunteers")
    assert "Our volunteers" in menu(visitor)
    page.move(StandardPage.objects.get(slug="about"), pos="last-child")
    assert "Our volunteers" not in menu(visitor)


def test_a_page_given_a_view_restriction_leaves_the_menu_at_once(visitor, site):
    page = published(site, title="Our volunteers", slug="volunteers")
    assert "Our volunteers" in menu(visitor)
    PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)
    assert "Our volunteers" not in menu(visitor)


def test_a_deleted_page_leaves_the_menu_at_once(visitor, site):
    page = published(site, title="Our volunteers", slug="volunteers")
    assert "Our volunteers" in menu(visitor)
    page.delete()
    assert "Our volunteers" not in menu(visitor)


def test_the_kept_menu_costs_one_cache_read(site):
    first = main_menu(site)
    with CaptureQueriesContext(connection) as queries:
        again = main_menu(site)
    assert again == first
    assert [item.title for item in again] == [
        page.title for page in site.root_page.get_children().live().public().in_menu()
    ]
    # No page is read: the version and the menu come in one read of the cache (a query
    # with the database cache, none with Redis).
    assert len(queries) <= 1
    assert not any("wagtailcore" in query["sql"] for query in queries.captured_queries)
