"""The page shell every page shares: a header that works on a phone with JavaScript off,
the account links inside it, and what the shell loads.

The header's menu is a <details>: a browser opens it with no script at all, so what a
person needs (Log in, Join, their own pages, Log out, search, the main navigation) must
sit inside it, not behind anything that needs JavaScript."""

import pytest
from bs4 import BeautifulSoup
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.urls import reverse

from moderation import selectors as moderation_selectors

pytestmark = pytest.mark.django_db


def parse(response) -> BeautifulSoup:
    assert response.status_code == 200, response.status_code
    return BeautifulSoup(response.content.decode(), "html.parser")


def header_menu(page: BeautifulSoup):
    """The header's <details> menu, checked to open with its own <summary> button."""
    header = page.find("header", class_="site-header")
    menu = header.find("details", class_="site-menu")
    assert menu is not None, "the header's menu is not a <details>"
    button = menu.find(True)
    assert button.name == "summary" and button.get_text(strip=True) == "Menu"
    return menu


def link_texts(element) -> dict[str, str]:
    return {a.get_text(" ", strip=True): a["href"] for a in element.find_all("a")}


def static_file(address: str) -> str | None:
    assert address.startswith("/static/"), address
    return finders.find(address.removeprefix("/static/"))


def test_a_visitor_can_open_the_menu_without_javascript_and_find_log_in_and_join(visitor, site):
    page = parse(visitor.get("/"))
    menu = header_menu(page)
    account = menu.find("nav", attrs={"aria-label": "Account"})
    links = link_texts(account)
    assert links["Log in"] == reverse("account_login")
    assert links["Join"] == reverse("account_signup")
    header = page.find("header")
    # Nothing in the header waits for a script: no Bootstrap collapse, no toggles.
    assert not header.find_all(class_="collapse")
    assert not [
        tag for tag in header.find_all(True) if any(a.startswith("data-bs-") for a in tag.attrs)
    ]
    assert not header.find_all("script")
    assert "no-js" not in page.html.get("class", [])


def test_a_participant_finds_their_own_pages_and_log_out_in_the_menu(client_for, participant, site):
    menu = header_menu(parse(client_for(participant).get("/")))
    account = menu.find("nav", attrs={"aria-label": "Account"})
    links = link_texts(account)
    assert links["My participation"] == reverse("participation:my-participation")
    assert links["Messages"] == reverse("moderation:notice-list")
    assert links["My account"] == reverse("participation:profile-detail")
    assert "Log in" not in links and "Join" not in links and "Admin" not in links
    (log_out,) = account.find_all("form")
    assert log_out["method"] == "post" and log_out["action"] == reverse("account_logout")
    assert log_out.find("input", attrs={"name": "csrfmiddlewaretoken"})["value"]
    assert log_out.find("button", attrs={"type": "submit"}).get_text(strip=True) == "Log out"


def test_staff_who_can_use_the_admin_get_an_admin_link(client_for, admin, site):
    account = header_menu(parse(client_for(admin).get("/"))).find(
        "nav", attrs={"aria-label": "Account"}
    )
    assert link_texts(account)["Admin"] == reverse("wagtailadmin_home")


def test_unread_messages_show_a_count_that_says_what_it_counts(
    client_for, participant, site, monkeypatch
):
    monkeypatch.setattr(moderation_selectors, "unread_notice_count", lambda user: 3)
    account = header_menu(parse(client_for(participant).get("/"))).find(
        "nav", attrs={"aria-label": "Account"}
    )
    messages = account.find("a", href=reverse("moderation:notice-list"))
    badge = messages.find(class_="badge")
    assert badge.get_text() == "3 unread"
    assert badge.find(class_="visually-hidden").get_text() == " unread"


def test_the_account_page_you_are_on_is_marked_as_current(client_for, participant, site):
    account = header_menu(
        parse(client_for(participant).get(reverse("participation:my-participation")))
    ).find("nav", attrs={"aria-label": "Account"})
    current = account.find_all(attrs={"aria-current": "page"})
    assert [a["href"] for a in current] == [reverse("participation:my-participation")]


def test_the_main_navigation_is_in_the_menu_with_the_current_page_marked(visitor, site):
    menu = header_menu(parse(visitor.get("/house-rules/")))
    main = menu.find("nav", attrs={"aria-label": "Main"})
    links = link_texts(main)
    assert links["House rules"] == "/house-rules/"
    assert "About the Listening Hub" in links
    (current,) = main.find_all(attrs={"aria-current": "page"})
    assert current["href"] == "/house-rules/"


def test_the_site_search_is_in_the_menu_with_a_label(visitor, site):
    menu = header_menu(parse(visitor.get("/")))
    search = menu.find("form", attrs={"role": "search"})
    assert search["action"] == reverse("search") and search["method"] == "get"
    field = search.find("input", attrs={"name": "q"})
    assert search.find("label", attrs={"for": field["id"]}).get_text(strip=True)


def test_the_search_page_keeps_only_its_own_search_box(visitor, site):
    page = parse(visitor.get(reverse("search")))
    assert not page.find("header").find_all("form", attrs={"role": "search"})
    assert page.find("main").find("form", attrs={"role": "search"})


def test_the_skip_link_comes_first_and_the_logo_links_home(visitor, site):
    page = parse(visitor.get("/about/"))
    first = page.body.find(["a", "button", "input", "summary"])
    assert first["href"] == "#main" and "skip-link" in first["class"]
    brand = page.find("header").find("a", class_="site-brand")
    assert brand["href"] == "/"
    logo = brand.find("img")
    assert logo["alt"] == "Listening Hub"
    assert static_file(logo["src"])


def test_the_shell_loads_bootstrap_then_the_site_css_and_preloads_the_regular_font(visitor, site):
    head = parse(visitor.get("/")).head
    stylesheets = [link["href"] for link in head.find_all("link", rel="stylesheet")]
    assert stylesheets[:2] == [
        "/static/vendor/bootstrap/bootstrap.min.css",
        "/static/css/site.css",
    ], "site.css must come after Bootstrap to override it"
    (font,) = head.find_all("link", rel="preload")
    assert font["as"] == "font" and font["type"] == "font/woff2" and font.has_attr("crossorigin")
    assert font["href"].endswith("atkinson-hyperlegible-latin-400-normal.woff2")
    assert static_file(font["href"])
    icon = head.find("link", rel="icon")
    assert icon["type"] == "image/svg+xml" and static_file(icon["href"])


def test_the_footer_signposts_help_and_links_on(visitor, site):
    footer = parse(visitor.get("/")).find("footer", class_="site-footer")
    assert footer.find(class_="site-footer-help").find("h2").get_text(strip=True)
    links = link_texts(footer.find("nav", attrs={"aria-label": "Footer"}))
    assert links["Service status"] == reverse("status")


def test_the_page_that_needs_no_database_has_the_same_look_and_no_account_links():
    page = BeautifulSoup(render_to_string("500.html"), "html.parser")
    assert page.find("a", class_="site-brand").find("img")["alt"] == "Listening Hub"
    assert "/static/css/site.css" in [
        link["href"] for link in page.find_all("link", rel="stylesheet")
    ]
    assert not page.find("nav", attrs={"aria-label": "Account"})
    assert page.find("footer").find(string=lambda text: "116 123" in text)
