"""Whole pages cached for logged-out visitors: fast, never stale, never someone else's."""

import datetime as dt
import re

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from moderation.selectors import item_for
from moderation.services import item_approve, item_claim, item_reject
from pagecache.middleware import HIT_HEADER
from participation.services.nominations import support_add
from participation.services.rounds import round_close
from tests.factories import ParticipantFactory
from tests.participation.factories import campaign_vote, submitted_nominations

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')


def served(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.get(HIT_HEADER), response.content.decode()


def without_tokens(html: str) -> str:
    return TOKEN.sub("", html)


@pytest.fixture
def vote(volunteer):
    page = campaign_vote(open_round=None)
    issues = submitted_nominations(
        page, 2, author=ParticipantFactory(), moderator=volunteer, titles=["Bus fares", "Exams"]
    )
    return page, issues


def test_the_second_visitor_gets_the_stored_page_without_the_view_running(
    site, django_assert_num_queries
):
    first, html = served(Client(), "/")
    assert first == "stored"
    with django_assert_num_queries(1):  # the generation and the page, in one cache read
        again, same = served(Client(), "/")
    assert again == "hit"
    assert without_tokens(same) == without_tokens(html)


def test_a_published_change_shows_at_once(site):
    home = site.root_page.specific
    served(Client(), "/")
    home.title = "Welcome to the new Listening Hub"
    home.save_revision().publish()
    state, html = served(Client(), "/")
    assert state == "stored"
    assert "Welcome to the new Listening Hub" in html


def test_approving_and_rejecting_show_at_once(vote, volunteer):
    page, _ = vote
    served(Client(), page.url)
    author = ParticipantFactory()
    waiting, rejected = submitted_nominations(
        page, 2, author=author, titles=["Youth clubs closing", "Something unkind"]
    )
    assert "Youth clubs closing" not in served(Client(), page.url)[1]
    item_claim(item=item_for(waiting), moderator=volunteer)
    item_approve(item=item_for(waiting), moderator=volunteer)
    item_claim(item=item_for(rejected), moderator=volunteer)
    item_reject(item=item_for(rejected), moderator=volunteer, reason="unkind")
    state, html = served(Client(), page.url)
    assert state == "stored"
    assert "Youth clubs closing" in html
    assert "Something unkind" not in html


def test_a_new_supporter_shows_at_once(vote):
    page, (bus, _) = vote
    detail = page.url + page.reverse_subpage("nomination-detail", args=[bus.pk])
    before = served(Client(), detail)[1]
    support_add(participant=ParticipantFactory(), nomination=bus)
    state, after = served(Client(), detail)
    assert state == "stored"
    assert after != before


def test_a_closed_round_shows_its_result_at_once(volunteer):
    page = campaign_vote(rounds=(("approval", 1, 1),))
    submitted_nominations(page, 2, author=ParticipantFactory(), moderator=volunteer)
    round_ = page.ordered_rounds()[0]
    served(Client(), page.url)
    with time_machine.travel(round_.closes_at + dt.timedelta(minutes=1)):
        round_close(round=round_, actor=None)
        state, html = served(Client(), page.url)
    assert state == "stored"
    assert "/rounds/1/results/" in html


def test_nothing_is_kept_past_a_round_opening_by_the_clock(vote):
    page, _ = vote
    round_ = page.ordered_rounds()[0]
    before = served(Client(), page.url)[1]
    assert "Vote now" not in before
    with time_machine.travel(round_.opens_at + dt.timedelta(seconds=1)):
        state, html = served(Client(), page.url)
    assert state == "stored"
    assert "Vote now" in html


def test_a_logged_in_page_is_never_stored_nor_given_to_anyone_else(site, client_for, participant):
    client = client_for(participant)
    for _ in range(2):
        mine = client.get("/")
        assert "Log out" in mine.content.decode()
        assert mine.get(HIT_HEADER) is None
    state, html = served(Client(), "/")
    assert state == "stored"
    assert "Log out" not in html


def test_each_visitor_gets_a_form_token_of_their_own_that_works(site):
    served(Client(), "/")  # stored, with its feedback form
    for _ in range(2):
        visitor = Client(enforce_csrf_checks=True)
        response = visitor.get("/")
        assert response.get(HIT_HEADER) == "hit"
        html = response.content.decode()
        token = html.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
        assert visitor.cookies["csrftoken"].value
        sent = visitor.post(
            f"/feedback/{site.root_page_id}/",
            {"csrfmiddlewaretoken": token, "useful": "yes"},
        )
        assert sent.status_code == 302  # accepted, not refused as a forgery (403)


def test_visitors_with_a_session_or_messages_are_drawn_afresh(site):
    served(Client(), "/")
    for cookie in ("sessionid", "messages"):
        visitor = Client()
        visitor.cookies[cookie] = "something"
        assert visitor.get("/").get(HIT_HEADER) is None


@pytest.mark.parametrize("path", ["/accounts/login/", "/search/?q=bus", "/status/"])
def test_private_and_live_paths_are_never_stored(site, path):
    for _ in range(2):
        assert Client().get(path).get(HIT_HEADER) is None


def test_a_stored_page_keeps_its_security_headers(site):
    first = Client().get("/")
    again = Client().get("/")
    assert again.get(HIT_HEADER) == "hit"
    for header in ("X-Frame-Options", "Content-Type", "Referrer-Policy"):
        assert again.get(header) == first.get(header)


def test_the_cache_turned_off_stores_nothing(site, settings):
    settings.HUB_PAGE_CACHE_SECONDS = 0
    for _ in range(2):
        assert Client().get("/").get(HIT_HEADER) is None


def test_pages_are_kept_no_longer_than_the_next_scheduled_change(vote):
    from pagecache.generation import current_generation, seconds_until_next_change

    page, _ = vote
    first_change = min(page.nominations_close_at, page.ordered_rounds()[0].opens_at)
    left = seconds_until_next_change(current_generation())
    assert left == pytest.approx((first_change - timezone.now()).total_seconds(), abs=5)


def test_logging_in_signing_up_and_claiming_keep_the_stored_pages(site, volunteer, vote):
    from django.contrib.auth import get_user_model

    page, _ = vote
    served(Client(), page.url)
    get_user_model().objects.create_user(email="new.person@example.com", password="x-y-z-1-2-3")
    volunteer.save(update_fields=["last_login"])
    assert served(Client(), page.url)[0] == "hit"
    waiting = submitted_nominations(page, 1, author=ParticipantFactory())[0]
    served(Client(), page.url)  # the submission itself counts as a change
    item_claim(item=item_for(waiting), moderator=volunteer)
    assert served(Client(), page.url)[0] == "hit"
