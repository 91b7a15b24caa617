"""Public data for the API to publish, and things it must never publish beside it."""

import datetime as dt
import io
from dataclasses import dataclass

import pytest
from django.utils import timezone

from evidence import services
from evidence.importer import read_statistics
from evidence.models import EvidenceSnippet, Topic
from evidence.regions import Region
from participation.models import CampaignVotePage, Nomination, Round, ShortlistEntry
from participation.services.ballots import ballot_cast
from participation.services.rounds import round_close, round_shortlist_freeze
from tests.factories import ParticipantFactory
from tests.participation.factories import campaign_vote, submitted_nominations

HEADER = "source,period,topic,channel,age_band,region,contacts\n"
STATISTICS = HEADER + "".join(
    [
        "crm,2026-09,anxiety,helpline,,,1233\n",
        "crm,2026-10,anxiety,helpline,,,1001\n",
        "crm,2026-11,anxiety,webchat,,,3\n",
        "crm,2026-11,anxiety,helpline,,,880\n",
        "crm,2026-11,anxiety,helpline,13-15,,3\n",
        "crm,2026-11,anxiety,helpline,16-18,,40\n",
        "crm,2026-11,anxiety,helpline,19-21,,480\n",
        "crm,2026-11,anxiety,helpline,22-25,,357\n",
    ]
)
# Exact counts (and sums of them) the statistics hold that no answer may contain; the
# small ones (3, 40) are checked through the figures, which are never under 10.
EXACT = {1233, 1001, 2234, 883, 3117, 357}


def load(text: str):
    data = text.encode()
    result = read_statistics(io.BytesIO(data), size=len(data), today=dt.date(2026, 12, 1))
    assert result.ok, [str(problem) for problem in result.problems]
    return services.statistics_import(result=result, file_name="api-test.csv")


def publish(*, topics, live=True, **fields):
    snippet = EvidenceSnippet(
        headline=fields.pop("headline", "Anxiety is on young people's minds"),
        sentence=fields.pop("sentence", "Young people tell us about anxiety every month."),
        live=live,
        **fields,
    )
    snippet.save()
    snippet.topics.set(topics)
    if live:
        snippet.save_revision().publish()
    return EvidenceSnippet.objects.get(pk=snippet.pk)


@pytest.fixture
def anxiety(db):
    health = Topic.objects.get_or_create(slug="mental-health", defaults={"name": "Mental health"})[
        0
    ]
    return Topic.objects.get_or_create(
        slug="anxiety", defaults={"name": "Anxiety", "parent": health}
    )[0]


@pytest.fixture
def statistics(anxiety):
    return load(STATISTICS)


@pytest.fixture
def snippet(statistics, anxiety):
    return publish(topics=[anxiety], months=3, breakdown="month")


@pytest.fixture
def age_snippet(statistics, anxiety):
    return publish(
        topics=[anxiety],
        months=1,
        breakdown="age_band",
        headline="Who asks us about anxiety",
        sentence="Young people of every age ask us about anxiety.",
    )


@pytest.fixture
def draft_snippet(anxiety):
    return publish(
        topics=[anxiety], live=False, headline="A draft nobody may see", sentence="Not yet."
    )


@dataclass
class ClosedVote:
    page: CampaignVotePage
    round: Round
    nominations: list[Nomination]
    pending: Nomination


VOTERS = (
    [([0, 1], Region.LONDON)] * 6
    + [([1, 0], Region.NORTH_EAST)] * 4
    + [([1], Region.SCOTLAND)] * 3
    + [([2, 0], Region.WALES)] * 1
)


@pytest.fixture
def closed_vote(volunteer, anxiety):
    """A ranked vote counted last week: 14 ballots, three approved nominations and one
    put on its ballot that is no longer public (taken down after it was shortlisted)."""
    past = timezone.now() - dt.timedelta(days=10)
    page = campaign_vote(
        title="What should we campaign on first?", rounds=(("irv", 1, 3),), now=past
    )
    page.topics.set([anxiety])
    page.save()
    author = ParticipantFactory(display_name="SecretAuthorName")
    issues = submitted_nominations(
        page, 3, author=author, moderator=volunteer, titles=["Buses", "Exams", "Housing"]
    )
    pending = submitted_nominations(page, 1, author=author, titles=["Taken down issue"])[0]
    round_ = page.ordered_rounds()[0]
    during = round_.opens_at + dt.timedelta(hours=1)
    shortlist = round_shortlist_freeze(round=round_, default=issues)
    ShortlistEntry.objects.create(round=round_, nomination=pending)
    shortlist = sorted([*shortlist, pending.pk])
    for order, region in VOTERS:
        ballot_cast(
            participant=ParticipantFactory(region=region),
            round=round_,
            choices=[issues[i].pk for i in order],
            now=during,
        )
    round_close(round=round_, actor=None, now=round_.closes_at)
    page = CampaignVotePage.objects.get(pk=page.pk)
    return ClosedVote(page, page.ordered_rounds()[0], issues, pending)


@pytest.fixture
def unpublished_vote(db):
    page = campaign_vote(title="A vote that was taken down", open_round=None)
    page.unpublish()
    return page
