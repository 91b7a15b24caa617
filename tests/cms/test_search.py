"""Site search: grouped results from live public pages, approved nominations and
published evidence; never anything unapproved; no query makes it fail."""

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from wagtail.models import PageViewRestriction

from cms.models import StandardPage
from cms.search import MAX_QUERY_LENGTH, PAGE_SIZE, clean_query
from evidence.models import EvidenceSnippet
from moderation import services as moderation
from moderation.redaction import Span
from moderation.selectors import item_for
from participation.models import Nomination
from participation.services.nominations import nomination_withdraw
from tests.cms.test_pages import parse
from tests.evidence.test_snippets import publish
from tests.factories import ParticipantFactory
from tests.participation.factories import (
    approve,
    campaign_vote,
    home_page,
    submitted_nominations,
    topic,
)

pytestmark = pytest.mark.django_db


def search(client, q, **params):
    return client.get("/search/", {"q": q, **params})


def text_of(response) -> str:
    return response.content.decode()


def found(client, words) -> bool:
    """Whether searching for `words` finds anything (the page always repeats the words)."""
    return 'id="result-count"' in text_of(search(client, words))


def nomination_titled(vote, title, *, author, moderator=None):
    return submitted_nominations(vote, 1, author=author, moderator=moderator, titles=[title])[0]


def standard_page(title, *, parent=None, live=True, **fields):
    page = StandardPage(title=title, introduction=fields.pop("introduction", ""), **fields)
    (parent or home_page()).add_child(instance=page)
    if live:
        page.save_revision().publish()
    else:
        page.live = False
        page.save_revision()
        page.save()
    return page


# --- What it finds ------------------------------------------------------------------


def test_it_groups_pages_votes_nominations_and_evidence_with_a_count(
    visitor, participant, volunteer
):
    vote = campaign_vote(title="Should buses be free for students?")
    nomination_titled(vote, "Free buses to college", author=participant, moderator=volunteer)
    publish(
        topics=[topic()],
        headline="Buses come up when young people talk about money",
        sentence="Getting to college on the bus costs young people a lot.",
    )
    standard_page("Travel help", introduction="What to do if buses are too dear.")

    response = search(visitor, "buses")
    assert response.status_code == 200
    page = text_of(response)
    assert "4 results for “buses”" in page
    headings = re.findall(r'<h2 id="results-(\w+)"', page)
    assert headings == ["votes", "nominations", "evidence", "pages"]
    for title in (
        "Should buses be free for students?",
        "Free buses to college",
        "Buses come up when young people talk about money",
        "Travel help",
    ):
        assert title in page
    assert f'href="{vote.url}nominations/' in page
    assert "Nomination for “Should buses be free for students?”" in page


def test_it_finds_published_campaigns_under_their_own_heading(visitor, site):
    from tests.cms.campaigns import campaign_index, campaign_page

    index = campaign_index(site)
    campaign_page(index, title="Cleaner air near schools", summary="Less traffic at the gates.")
    campaign_page(index, title="Cleaner rivers", slug="cleaner-rivers", live=False)
    page = text_of(search(visitor, "cleaner"))
    assert re.findall(r'<h2 id="results-(\w+)"', page) == ["campaigns"]
    assert "Cleaner air near schools" in page and "Less traffic at the gates." in page
    assert "Cleaner rivers" not in page


def test_it_finds_pages_by_their_introduction_and_body(visitor, site):
    assert found(visitor, "confidential")  # the demo's "Get help now" page


def test_a_new_search_takes_the_words_of_a_page_as_it_was_published(visitor, site):
    page = standard_page("Volunteering", introduction="Give your time.")
    page.introduction = "Kangaroos welcome."
    page.save_revision()  # a draft change, not published
    assert not found(visitor, "kangaroos")
    assert found(visitor, "volunteering")


# --- What it never finds ------------------------------------------------------------


def _pending(nomination, **_):
    return nomination


def _rejected(nomination, *, volunteer, **_):
    moderation.item_reject(item=item_for(nomination), moderator=volunteer, reason="unkind")


def _escalated(nomination, *, volunteer, **_):
    moderation.item_escalate(
        item=item_for(nomination), moderator=volunteer, kind="policy", reason="Not sure"
    )


def _withdrawn(nomination, *, volunteer, participant, **_):
    approve(nomination, volunteer)
    nomination_withdraw(nomination=nomination, author=participant)


def _hidden_after_reports(nomination, *, volunteer, **_):
    approve(nomination, volunteer)
    # Two new accounts saying someone may be in danger take it off the site.
    for _ in range(2):
        moderation.item_report(
            item=item_for(nomination),
            reporter=ParticipantFactory(),
            reason="It is unkind",
            kind="danger",
        )


@pytest.mark.parametrize(
    "make", [_pending, _rejected, _escalated, _withdrawn, _hidden_after_reports]
)
def test_it_never_shows_a_nomination_that_is_not_approved_and_public(
    visitor, participant, volunteer, make
):
    vote = campaign_vote(open_round=None)  # nominations open, so the author may withdraw
    nomination = nomination_titled(vote, "Zebra crossings near schools", author=participant)
    make(nomination, volunteer=volunteer, participant=participant)
    page = text_of(search(visitor, "zebra"))
    assert "Zebra crossings" not in page
    assert "No results for “zebra”" in page


def test_it_shows_an_approved_nomination_and_hides_it_again_when_withdrawn(
    visitor, participant, volunteer
):
    vote = campaign_vote(open_round=None)
    nomination = nomination_titled(vote, "Zebra crossings near schools", author=participant)
    approve(nomination, volunteer)
    assert found(visitor, "zebra")
    nomination_withdraw(nomination=nomination, author=participant)
    assert not found(visitor, "zebra crossings")


def test_it_hides_nominations_of_a_vote_page_that_is_not_live(visitor, participant, volunteer):
    vote = campaign_vote()
    nomination_titled(vote, "Zebra crossings near schools", author=participant, moderator=volunteer)
    vote.unpublish()
    assert not found(visitor, "zebra crossings")


def test_words_removed_by_a_moderator_cannot_be_searched_for(visitor, participant, volunteer):
    vote = campaign_vote(open_round=None)
    nomination = Nomination.objects.create(
        campaign_vote=vote,
        author=participant,
        title="Safer parks for everyone",
        description="Ask for Jordan Whitlock at the youth club.",
        topic=topic(),
    )
    item = moderation.item_submit(
        obj=nomination,
        author=participant,
        text_fields={"title": nomination.title, "description": nomination.description},
    )
    start = nomination.description.index("Jordan")
    span = Span("description", start, start + len("Jordan Whitlock"))
    moderation.item_redact(item=item, moderator=volunteer, spans=[span])
    approve(nomination, volunteer)
    assert found(visitor, "parks")
    assert not found(visitor, "Whitlock")


def test_it_never_shows_draft_unpublished_or_private_pages(visitor, site):
    standard_page("Draft about otters", live=False)
    unpublished = standard_page("Unpublished about otters")
    unpublished.unpublish()
    private = standard_page("Private about otters")
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    standard_page("Inside the private section about otters", parent=private)
    standard_page("Public about otters")
    page = text_of(search(visitor, "otters"))
    assert "Public about otters" in page
    assert "1 result for “otters”" in page
    for title in ("Draft", "Unpublished", "Private", "Inside the private"):
        assert f"{title} about otters" not in page


def test_it_never_shows_a_draft_or_unpublished_snippet(visitor, site):
    draft = EvidenceSnippet(
        headline="Walruses in the data", sentence="Walruses are rare.", live=False
    )
    draft.save()
    draft.topics.set([topic()])
    draft.save_revision()
    withdrawn = publish(topics=[topic()], headline="Walruses again", sentence="Walruses.")
    withdrawn.unpublish()
    live = publish(topics=[topic()], headline="Puffins in the data", sentence="Puffins.")
    live.headline = "Walruses instead"
    live.save_revision()  # a draft change to a published snippet
    assert not EvidenceSnippet.objects.filter(live=True, headline__icontains="walrus").exists()
    assert "No results for “walruses”" in text_of(search(visitor, "walruses"))
    assert "Puffins in the data" in text_of(search(visitor, "puffins"))


# --- Pages of results ---------------------------------------------------------------


def test_one_kind_of_result_comes_a_page_at_a_time(visitor, participant, volunteer):
    vote = campaign_vote()
    titles = [f"Skateparks idea {i}" for i in range(PAGE_SIZE + 2)]
    submitted_nominations(vote, len(titles), author=participant, moderator=volunteer, titles=titles)
    overview = text_of(search(visitor, "skateparks"))
    assert f"See all {PAGE_SIZE + 2} nominations" in overview
    first = text_of(search(visitor, "skateparks", kind="nominations"))
    second = text_of(search(visitor, "skateparks", kind="nominations", page="2"))
    assert first.count('class="search-hit"') == PAGE_SIZE
    assert second.count('class="search-hit"') == 2
    assert "Page 1 of 2" in first and "Page 2 of 2" in second
    assert "/search/?q=skateparks&amp;kind=nominations&amp;page=2" in first
    assert 'aria-current="page">Nominations (12)' in first


@pytest.mark.parametrize("number", ["0", "-1", "abc", "99999", "1.5", ""])
def test_a_page_number_that_is_not_there_shows_a_page_that_is(visitor, site, number):
    response = search(visitor, "help", kind="pages", page=number)
    assert response.status_code == 200


def test_an_unknown_kind_shows_every_kind(visitor, site):
    response = search(visitor, "confidential", kind="<script>")
    assert response.status_code == 200
    assert "Get help now" in text_of(response)


# --- Queries ------------------------------------------------------------------------


def test_an_empty_search_asks_what_to_look_for(visitor, site):
    for q in ("", "   "):
        page = text_of(visitor.get("/search/", {"q": q}))
        assert "Type a word or two in the box" in page
        assert "results for" not in page
    assert visitor.get("/search/").status_code == 200


def test_no_results_say_so_plainly_with_suggestions(visitor, site):
    page = text_of(search(visitor, "xylophonequest"))
    assert "No results for “xylophonequest”" in page
    assert "check the spelling" in page
    assert 'href="/search/?q=mental%20health"' in page
    assert 'href="/get-help/"' in page


def test_markup_is_taken_out_with_a_note_and_never_echoed(visitor, site):
    response = search(visitor, "<script>alert('hi')</script><b>confidential</b>")
    page = text_of(response)
    assert response.status_code == 200
    assert "took out the parts that looked like code" in page
    assert "<script>alert" not in page and "<b>confidential" not in page
    assert "Get help now" in page


def test_a_very_long_search_is_cut_short_with_a_note(visitor, site):
    response = search(visitor, "confidential " + "a" * 10_000)
    page = text_of(response)
    assert response.status_code == 200
    assert f"we only used the first {MAX_QUERY_LENGTH} characters" in page
    assert "a" * (MAX_QUERY_LENGTH + 1) not in page
    assert "Get help now" in page


def test_symbols_alone_ask_for_words(visitor, site):
    page = text_of(search(visitor, '"*()'))
    assert "Please type some words to search for" in page


@pytest.mark.parametrize(
    "q",
    [
        '"',
        '"unterminated',
        "AND",
        "OR NOT",
        "NEAR(a b)",
        "a*",
        "title:help",
        "^help",
        "\x00help",
        "help\u202e",
        "😀 help",
        "%",
        "\\",
        "'; DROP TABLE wagtailcore_page; --",
        "&lt;b&gt;",
        "<",
    ],
)
def test_search_syntax_is_only_words(visitor, site, q):
    assert search(visitor, q).status_code == 200


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.text(max_size=300))
def test_no_query_makes_search_fail(visitor, site, q):
    assert search(visitor, q).status_code == 200


def test_clean_query_keeps_words_and_what_to_show():
    query = clean_query("  Mental   health? <i>now</i>\x00 ")
    assert query.text == "Mental health now"
    assert query.shown == "Mental health? now"
    assert len(query.notes) == 1


# --- The page -----------------------------------------------------------------------


def test_the_search_page_has_one_heading_a_labelled_box_and_no_header_box(visitor, site):
    page = parse(text_of(search(visitor, "help")))
    assert page.count("h1") == 1
    inputs = [attrs for name, attrs in page.tags if name == "input" and attrs.get("name") == "q"]
    assert [attrs["id"] for attrs in inputs] == ["search-query"]
    labels = [attrs for name, attrs in page.tags if name == "label"]
    assert any(attrs.get("for") == "search-query" for attrs in labels)


def test_every_page_has_a_labelled_search_form_in_the_header_that_needs_no_script(visitor, site):
    html = text_of(visitor.get("/about/"))
    header = html[html.index("<header") : html.index("</header>")]
    form = re.search(r"<form[^>]*role=\"search\"[^>]*>", header).group(0)
    assert 'method="get"' in form and 'action="/search/"' in form
    assert '<label for="site-search-query"' in header
    assert 'id="site-search-query" name="q"' in header
    assert '<button type="submit"' in header


def test_nothing_on_the_search_page_comes_from_another_site(visitor, site):
    page = parse(text_of(search(visitor, "help")))
    for name, attrs in page.tags:
        if name in {"script", "img", "iframe", "link", "source", "video", "audio"}:
            address = attrs.get("src") or attrs.get("href")
            if name == "link" and attrs.get("rel") == "canonical":
                assert address.startswith("http://localhost:8000/")
                continue
            assert address.startswith("/"), address
