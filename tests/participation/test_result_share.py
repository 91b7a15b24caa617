"""A closed round's share card: what young people chose, as a page, a picture and text."""

import datetime as dt

import pytest
from django.utils import timezone
from django.utils.formats import date_format

from participation.models import Round
from participation.services.ballots import ballot_cast
from participation.services.rounds import round_close, round_shortlist_freeze
from tests.evidence.test_share_cards import (
    assert_card_image,
    assert_nothing_from_another_site,
    assert_share_tags,
    parse,
)
from tests.factories import ParticipantFactory
from tests.participation.factories import campaign_vote, submitted_nominations

pytestmark = pytest.mark.django_db

TITLES = ["Free bus travel for under-18s", "Better mental health support in schools", "Safer parks"]


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def vote(volunteer):
    page = campaign_vote(rounds=(("approval", 1, 3),))
    issues = submitted_nominations(
        page, 3, author=ParticipantFactory(), moderator=volunteer, titles=TITLES
    )
    return page, issues


def close(page, issues, picks):
    round_ = page.ordered_rounds()[0]
    round_shortlist_freeze(round=round_, default=issues)
    for choice in picks:
        ballot_cast(
            participant=ParticipantFactory(),
            round=round_,
            choices=[issues[i].pk for i in choice],
        )
    return round_close(round=round_, actor=None, now=round_.closes_at)


def url(page, name: str, number: int = 1) -> str:
    return page.url + page.reverse_subpage(name, args=[number])


def test_a_closed_round_has_a_share_page_with_its_result(visitor, vote):
    page, issues = vote
    close(page, issues, [[1], [1, 0], [1, 2], [0], [2]])
    response = visitor.get(url(page, "results-share"))
    shared = parse(response)
    image = assert_share_tags(
        shared,
        title=f"Round 1 results: {page.title}",
        page_url=f"http://testserver{url(page, 'results-share')}",
    )
    png = assert_card_image(visitor, image)
    assert len(png) > 1000
    closed = date_format(timezone.localtime(page.ordered_rounds()[0].closes_at), "j F Y")
    assert shared.textareas["share-text"].splitlines()[:6] == [
        f"Round 1 results: {page.title}",
        "5 ballots counted.",
        "Counting method: Approval voting.",
        "Young people chose “Better mental health support in schools” as the issue to campaign on.",
        f"Source: Ballots cast in “{page.title}”, Round 1, which closed on {closed}.",
        "Listening Hub",
    ]


def test_the_results_page_links_to_the_share_page(visitor, vote):
    page, issues = vote
    close(page, issues, [[0]])
    results = visitor.get(url(page, "results")).content.decode()
    assert f'href="{url(page, "results-share")}"' in results


def test_a_round_that_has_not_closed_has_no_share_page(visitor, vote, media):
    page, _ = vote
    assert visitor.get(url(page, "results-share")).status_code == 404
    assert visitor.get(url(page, "results-share", 2)).status_code == 404
    assert not (media / "share-cards").exists()


def test_a_round_past_its_closing_time_but_not_counted_has_no_share_page(visitor, vote):
    page, issues = vote
    round_ = page.ordered_rounds()[0]
    round_shortlist_freeze(round=round_, default=issues)
    # Time passes (an opened round's settings can't be saved, so straight to the table).
    Round.objects.filter(pk=round_.pk).update(closes_at=timezone.now() - dt.timedelta(minutes=1))
    assert visitor.get(url(page, "results-share")).status_code == 404


def test_the_result_share_page_loads_nothing_from_another_site(visitor, vote):
    page, issues = vote
    close(page, issues, [[0], [1]])
    shared = parse(visitor.get(url(page, "results-share")))
    assert_nothing_from_another_site(shared)


def test_a_new_round_result_gets_its_own_image(visitor, volunteer):
    page = campaign_vote(title="What matters most?", rounds=(("approval", 1, 3),))
    issues = submitted_nominations(
        page, 3, author=ParticipantFactory(), moderator=volunteer, titles=TITLES
    )
    close(page, issues, [[0]])
    other = campaign_vote(title="What matters next?", rounds=(("approval", 1, 3),))
    other_issues = submitted_nominations(
        other, 3, author=ParticipantFactory(), moderator=volunteer, titles=TITLES
    )
    close(other, other_issues, [[0]])
    first = parse(visitor.get(url(page, "results-share"))).meta["og:image"]
    second = parse(visitor.get(url(other, "results-share"))).meta["og:image"]
    assert first != second
    assert assert_card_image(visitor, first) != assert_card_image(visitor, second)
