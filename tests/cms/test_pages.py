"""The site shell: pages a visitor sees, their structure and their signposting."""

import re
from html.parser import HTMLParser

import pytest

from cms.models import SafetySettings

pytestmark = pytest.mark.django_db

PUBLIC_PAGES = [
    "/",
    "/about/",
    "/house-rules/",
    "/get-help/",
    "/privacy/",
    "/accounts/login/",
    "/accounts/signup/",
]


class Structure(HTMLParser):
    """Collects what an accessibility audit looks at first."""

    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def count(self, tag):
        return sum(1 for name, _ in self.tags if name == tag)

    def first(self, tag):
        return next((attrs for name, attrs in self.tags if name == tag), None)


def parse(html: str) -> Structure:
    structure = Structure()
    structure.feed(html)
    return structure


@pytest.mark.parametrize("url", PUBLIC_PAGES)
def test_every_page_has_landmarks_a_skip_link_and_one_heading(visitor, site, url):
    response = visitor.get(url)
    assert response.status_code == 200
    page = parse(response.content.decode())
    assert page.first("html")["lang"] == "en-GB"
    assert page.count("h1") == 1
    assert page.count("main") == 1 and page.first("main")["id"] == "main"
    assert page.count("header") >= 1 and page.count("footer") >= 1 and page.count("nav") >= 1
    first_link = page.first("a")
    assert first_link["href"] == "#main" and "skip-link" in first_link["class"]
    assert "width=device-width" in page.first("meta").get("content", "") or any(
        attrs.get("name") == "viewport" for name, attrs in page.tags if name == "meta"
    )


@pytest.mark.parametrize("url", PUBLIC_PAGES)
def test_no_page_loads_anything_from_another_site(visitor, site, url):
    page = parse(visitor.get(url).content.decode())
    loaded = [
        attrs.get("src") or attrs.get("href")
        for name, attrs in page.tags
        if name in {"script", "img", "iframe", "link", "source", "video", "audio"}
        and attrs.get("rel") != "canonical"  # names this page at the site's address; loads nothing
    ]
    assert loaded, "the page should load its own stylesheet and script"
    for address in loaded:
        assert address.startswith("/"), f"{url} loads {address} from another site"


def test_the_home_page_shows_the_demo_content_and_ways_in(visitor, site):
    html = visitor.get("/").content.decode()
    assert "Your voice, our campaigns" in html
    assert "How it works" in html
    assert 'href="/accounts/signup/"' in html


def test_the_main_navigation_lists_menu_pages_and_marks_the_current_one(visitor, site):
    html = visitor.get("/house-rules/").content.decode()
    start = html.index('aria-label="Main"')
    nav = html[start : html.index("</nav>", start)]  # the Account navigation comes first
    assert re.search(r'href="/house-rules/"\s+aria-current="page"', nav)
    assert 'href="/about/"' in nav
    assert 'href="/privacy/"' not in nav  # not in menus


def test_the_footer_signposts_helplines_from_the_editable_setting(visitor, site):
    safety = SafetySettings.for_site(site)
    safety.emergency_message = "In an emergency call 999 straight away."
    safety.helplines = [
        (
            "helpline",
            {
                "name": "Test Line",
                "description": "",
                "phone": "0800 000 000",
                "text_message": "",
                "url": "",
                "opening_hours": "",
            },
        )
    ]
    safety.save()
    html = visitor.get("/about/").content.decode()
    footer = html[html.index("<footer") :]
    assert "In an emergency call 999 straight away." in footer
    assert '<a href="tel:0800000000">0800 000 000</a>' in footer
    assert "Samaritans" not in footer


def test_an_unknown_address_gets_a_friendly_404(visitor, site):
    response = visitor.get("/no-such-page/")
    assert response.status_code == 404
    assert "we can't find that page" in response.content.decode().replace("&#x27;", "'")


def test_static_files_are_served_by_the_site_itself(visitor, site):
    assert visitor.get("/static/vendor/bootstrap/bootstrap.min.css").status_code == 200
    assert visitor.get("/static/css/site.css").status_code == 200
