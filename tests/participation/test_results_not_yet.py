"""The results address of a round with no result yet: when results come, in UK time."""

import datetime as dt
import html
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import AnonymousUser
from django.template.response import TemplateResponse
from django.test import RequestFactory

from participation.results import results_not_yet_context, uk_time
from tests.cms.test_pages import parse
from tests.participation.factories import campaign_vote

LONDON = ZoneInfo("Europe/London")


@pytest.mark.parametrize(
    ("moment", "said"),
    [
        (dt.datetime(2026, 11, 3, 17, 0, tzinfo=dt.UTC), "Tuesday 3 November 2026 at 5pm"),
        # British Summer Time: 16:30 UTC is 5:30pm in London.
        (dt.datetime(2026, 7, 7, 16, 30, tzinfo=dt.UTC), "Tuesday 7 July 2026 at 5:30pm"),
        (dt.datetime(2026, 11, 3, 9, 5, tzinfo=LONDON), "Tuesday 3 November 2026 at 9:05am"),
        (dt.datetime(2026, 11, 3, 12, 0, tzinfo=LONDON), "Tuesday 3 November 2026 at midday"),
        (
            dt.datetime(2026, 11, 4, 0, 0, tzinfo=LONDON),
            "midnight at the end of Tuesday 3 November 2026",
        ),
    ],
)
def test_times_are_said_in_uk_time_as_people_say_them(moment, said):
    assert uk_time(moment) == said


def render(context) -> str:
    request = RequestFactory().get("/results/")
    request.user = AnonymousUser()
    response = TemplateResponse(request, "participation/results_not_yet.html", context)
    return html.unescape(response.render().content.decode())


@pytest.mark.django_db
def test_an_open_round_says_when_results_are_published_and_links_the_ballot(site):
    vote = campaign_vote(open_round=0)
    round_ = vote.ordered_rounds()[0]
    context = results_not_yet_context(round_)
    closes = uk_time(round_.closes_at)
    assert (
        context["status_message"]
        == f"Results are published when voting closes on {closes} (UK time)."
    )
    assert context["page"] == vote and context["number"] == 1
    page = render(context)
    assert parse(page).count("h1") == 1
    assert "The results aren't out yet" in page
    assert "Need to talk to someone?" in page  # the footer's own heading, untouched
    assert f"Results are published when voting closes on {closes} (UK time)." in page
    assert f'href="{vote.url}rounds/1/vote/"' in page
    assert '<meta name="robots" content="noindex">' in page


@pytest.mark.django_db
def test_a_round_not_open_yet_also_says_when_voting_opens(site):
    vote = campaign_vote(open_round=None)
    round_ = vote.ordered_rounds()[0]
    page = render(results_not_yet_context(round_))
    assert f"Voting opens on {uk_time(round_.opens_at)} (UK time)." in page
    assert "rounds/1/vote/" not in page


@pytest.mark.django_db
def test_a_closed_round_still_being_counted_says_so(site):
    vote = campaign_vote(open_round=0)
    round_ = vote.ordered_rounds()[0]
    later = round_.closes_at + dt.timedelta(minutes=5)
    context = results_not_yet_context(round_, now=later)
    assert context["status_heading"] == "We're counting the votes"
    assert context["status_message"].startswith(f"Voting closed on {uk_time(round_.closes_at)}")
    assert "as soon as" in render(context)


@pytest.mark.django_db
def test_the_results_address_before_closing_says_when_not_not_found(client):
    vote = campaign_vote(open_round=0)
    response = client.get(vote.url + vote.reverse_subpage("results", args=[1]))
    assert response.status_code == 200
    page = html.unescape(response.content.decode())
    assert "Results are published when voting closes on" in page
    assert client.get(vote.url + vote.reverse_subpage("results", args=[9])).status_code == 404
