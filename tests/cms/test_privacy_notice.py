"""The privacy notice: linked from every page, and saying what the code really does."""

import html5lib
import pytest
from django.template.loader import render_to_string

from tests.participation.factories import campaign_vote

pytestmark = pytest.mark.django_db

PRIVACY = "/privacy/"


def links(content: bytes | str) -> set[str]:
    document = html5lib.parse(content, namespaceHTMLElements=False)
    return {a.get("href") for a in document.iter("a")}


def test_the_privacy_page_explains_download_erasure_and_the_cooling_off_period(visitor, site):
    response = visitor.get(PRIVACY)
    assert response.status_code == 200
    page = response.content.decode()
    for question in (
        "What do we keep?",
        "Who sees it?",
        "How long do we keep it?",
        "How do I get a copy or delete it?",
        "Who do I talk to?",
    ):
        assert question in page
    assert "Download my data" in page
    assert "Erase my account" in page
    assert "7-day cooling-off period" in page
    assert "/me/privacy/" in links(page)


@pytest.mark.parametrize("path", ["/", "/accounts/signup/", "/no-such-page/"])
def test_public_pages_link_to_it(visitor, site, path):
    response = visitor.get(path)
    assert response.status_code in (200, 404)
    assert PRIVACY in links(response.content)


def test_a_vote_page_links_to_it(visitor, site):
    page = campaign_vote(open_round=None)
    assert PRIVACY in links(visitor.get(page.url).content)


def test_the_account_page_links_to_it_and_to_your_data(client_for, participant):
    found = links(client_for(participant).get("/me/").content)
    assert {PRIVACY, "/me/privacy/"} <= found


def test_the_page_shown_when_the_database_is_down_links_to_it():
    assert PRIVACY in links(render_to_string("500.html"))
