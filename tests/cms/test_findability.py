"""Being found and getting help when lost: sitemap, robots.txt, canonical and Open
Graph tags, the favicon, the 404 and 500 pages, and the service status page."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.test import Client, RequestFactory
from django.urls import path
from django.views.defaults import server_error
from wagtail.models import PageViewRestriction

from cms.management.commands.demo_data import HELPLINES
from tests.cms.test_pages import parse
from tests.cms.test_search import standard_page
from tests.evidence.test_snippets import publish
from tests.participation.factories import topic

ROOT = Path(__file__).resolve().parents[2]
SITE = "http://localhost:8000"  # the demo Site's root URL, as canonical links use it


def broken_view(request):
    raise RuntimeError("a fault on our side")


# Django's own handlers, with one view that fails (see the 500 tests).
urlpatterns = [path("broken/", broken_view)]


def meta_tags(html: str) -> list[dict]:
    return [attrs for name, attrs in parse(html).tags if name in {"meta", "link"}]


def named(tags, **match) -> list[dict]:
    return [t for t in tags if all(t.get(key) == value for key, value in match.items())]


def loads_only_from_this_site(html: str) -> None:
    for name, attrs in parse(html).tags:
        if name in {"script", "img", "iframe", "link", "source", "video", "audio"}:
            address = attrs.get("src") or attrs.get("href") or ""
            if name == "link" and attrs.get("rel") == "canonical":
                continue  # names this page; loads nothing
            assert address.startswith("/") and not address.startswith("//"), address


# --- The sitemap and robots.txt -----------------------------------------------------


def sitemap_locations(client) -> list[str]:
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    xml = response.content.decode()
    assert '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"' in xml
    return re.findall(r"<loc>([^<]+)</loc>", xml)


@pytest.mark.django_db
def test_the_sitemap_lists_live_public_pages(visitor, site):
    locations = sitemap_locations(visitor)
    assert f"{SITE}/" in locations
    assert f"{SITE}/about/" in locations
    assert f"{SITE}/get-help/" in locations


@pytest.mark.django_db
def test_the_sitemap_leaves_out_draft_unpublished_and_private_pages(visitor, site):
    standard_page("Draft", slug="draft-page", live=False)
    standard_page("Unpublished", slug="unpublished-page").unpublish()
    private = standard_page("Private", slug="private-page")
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    standard_page("Inside private", slug="inside-private", parent=private)
    standard_page("Public", slug="public-page")
    locations = sitemap_locations(visitor)
    assert f"{SITE}/public-page/" in locations
    for slug in ("draft-page", "unpublished-page", "private-page", "private-page/inside-private"):
        assert f"{SITE}/{slug}/" not in locations
    assert not any("private" in location for location in locations)


@pytest.mark.django_db
def test_robots_txt_allows_the_site_keeps_out_of_private_areas_and_names_the_sitemap(visitor, site):
    response = visitor.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert lines[:2] == ["User-agent: *", "Allow: /"]
    for area in ("/admin/", "/me/", "/moderation/", "/accounts/"):
        assert f"Disallow: {area}" in lines
    assert "Disallow: /" not in lines
    assert f"Sitemap: {SITE}/sitemap.xml" in lines


# --- Canonical and Open Graph -------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/", "/about/", "/get-help/", "/accounts/login/", "/status/"])
def test_every_page_has_one_canonical_address_and_open_graph_tags(visitor, site, url):
    tags = meta_tags(visitor.get(url + "?utm_source=chat").content.decode())
    canonical = named(tags, rel="canonical")
    assert [t["href"] for t in canonical] == [f"{SITE}{url}"]
    og = {t["property"]: t["content"] for t in tags if t.get("property", "").startswith("og:")}
    assert og["og:url"] == f"{SITE}{url}"
    assert og["og:site_name"] == "Listening Hub"
    assert og["og:type"] == "website"
    assert og["og:title"] and og["og:description"]
    assert len(named(tags, name="description")) == 1


@pytest.mark.django_db
def test_the_description_comes_from_the_promote_tab_else_the_introduction(visitor, site):
    standard_page("Sleep", slug="sleep", introduction="<b>Tips</b> for better sleep &amp; rest.")
    standard_page("Food", slug="food", introduction="Ignored.", search_description="Eat well.")
    sleep = {
        t.get("property") or t.get("name"): t.get("content")
        for t in meta_tags(visitor.get("/sleep/").content.decode())
    }
    assert sleep["description"] == sleep["og:description"] == "Tips for better sleep & rest."
    assert sleep["og:title"] == "Sleep"
    food = {
        t.get("property") or t.get("name"): t.get("content")
        for t in meta_tags(visitor.get("/food/").content.decode())
    }
    assert food["og:description"] == "Eat well."


@pytest.mark.django_db
def test_a_share_page_gives_its_own_tags_once(visitor, site):
    snippet = publish(topics=[topic()])
    tags = meta_tags(visitor.get(f"/evidence/{snippet.pk}/share/").content.decode())
    assert len(named(tags, rel="canonical")) == 1
    assert len(named(tags, property="og:url")) == 1
    assert len(named(tags, property="og:title")) == 1
    assert len(named(tags, name="description")) == 1
    assert named(tags, property="og:image")


@pytest.mark.django_db
def test_the_data_explorer_names_its_view_as_canonical_once(visitor, site):
    from evidence.models import DataExplorerPage
    from tests.evidence.test_explorer import HEADER, load
    from tests.participation.factories import home_page

    topic()  # "mental-health", which the statistics count
    load(HEADER + "crm,2026-10,mental-health,helpline,,,1200\n")
    explorer = DataExplorerPage(title="Explore the data", slug="explore-it", default_months=3)
    home_page().add_child(instance=explorer)
    explorer.save_revision().publish()
    tags = meta_tags(visitor.get("/explore-it/", {"view": "trend"}).content.decode())
    canonical = [t["href"] for t in named(tags, rel="canonical")]
    assert len(canonical) == 1 and canonical[0].startswith(f"{SITE}/explore-it/?")
    assert [t["content"] for t in named(tags, property="og:url")] == canonical


# --- The favicon --------------------------------------------------------------------


@pytest.mark.django_db
def test_every_page_links_the_sites_own_svg_favicon(visitor, site):
    icons = named(meta_tags(visitor.get("/").content.decode()), rel="icon")
    assert icons == [{"rel": "icon", "href": "/static/favicon.svg", "type": "image/svg+xml"}]
    svg = Path(finders.find("favicon.svg")).read_text()
    assert svg.lstrip().startswith("<svg") and "http" not in svg.replace(
        "http://www.w3.org/2000/svg", ""
    )


# --- Lost: the 404 page -------------------------------------------------------------


@pytest.mark.django_db
def test_a_missing_page_says_so_kindly_and_offers_a_way_on(visitor, site):
    response = visitor.get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    page = parse(html)
    assert page.count("h1") == 1
    assert "Sorry, we can't find that page" in html
    assert 'action="/search/"' in html and '<label for="not-found-search-query"' in html
    assert 'href="/"' in html and 'href="/evidence/"' in html
    assert "116 123" in html  # the footer's helplines
    assert named(meta_tags(html), name="robots", content="noindex")
    assert not named(meta_tags(html), rel="canonical")
    loads_only_from_this_site(html)


# --- Broken: the 500 page, with no database -----------------------------------------


def test_the_500_page_renders_with_the_database_blocked():
    # No django_db mark: any query here fails the test.
    response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    html = response.content.decode()
    assert "Sorry, something went wrong on our side" in html
    assert parse(html).count("h1") == 1
    assert "If you are in danger now, call 999." in html
    for helpline in HELPLINES:
        assert helpline["name"] in html
        for detail in ("phone", "text_message", "opening_hours"):
            assert helpline[detail] in html
    assert 'href="/status/"' in html
    loads_only_from_this_site(html)


@pytest.mark.urls("tests.cms.test_findability")
def test_a_fault_shows_the_500_page_through_every_middleware_with_no_database():
    response = Client(raise_request_exception=False).get("/broken/")
    assert response.status_code == 500
    assert "Sorry, something went wrong on our side" in response.content.decode()


# --- The service status page --------------------------------------------------------


@pytest.mark.django_db
def test_the_footer_links_the_status_page_for_people_and_healthz_stays_for_machines(visitor, site):
    html = visitor.get("/about/").content.decode()
    footer = html[html.index("<footer") :]
    assert '<a href="/status/">Service status</a>' in footer
    assert "/healthz" not in footer
    response = visitor.get("/status/")
    assert response.status_code == 200
    assert "no-cache" in response["Cache-Control"]
    page = response.content.decode()
    assert "Everything is working" in page
    assert "The website and its database are working normally." in page
    assert parse(page).count("h1") == 1
    loads_only_from_this_site(page)
    health = visitor.get("/healthz")
    assert health.status_code == 200
    assert health.json()["database"] == "ok"


def test_the_status_page_says_plainly_when_the_database_is_down(tmp_path):
    # A fresh process whose database cannot be opened: a real failure, not a stand-in.
    script = (
        "import django, json; django.setup();"
        "from django.test import Client; r = Client().get('/status/');"
        "print(json.dumps([r.status_code, r.content.decode()]))"
    )
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path}/missing-folder/listening-hub.sqlite3",
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
    }
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    status, html = json.loads(result.stdout.strip().splitlines()[-1])
    assert status == 503
    assert "Something is wrong" in html
    assert "can't reach its database" in html
    assert "Please try again later" in html
    assert "116 123" in html and "If you are in danger now, call 999." in html
    assert parse(html).count("h1") == 1
    assert not re.search(r"My account|Log in", html)  # no account links: they need the database
