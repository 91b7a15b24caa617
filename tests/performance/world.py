"""A whole Listening Hub at a chosen size, for tests that compare a small site with a
large one.

Everything goes through the services young people, moderators and the policy team
use (moderation, supports, statements, ballots, closing rounds), on top of the demo
site every test database starts with. Only the amounts change between sizes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone
from wagtail.models import Site

from cms.models import StandardPage
from evidence import demo as evidence_demo
from evidence.models import DataExplorerPage, EvidenceSnippet
from moderation.services.items import item_submit
from participation.forms import NominationForm
from participation.models import CampaignVotePage, Nomination, NominationEvidence
from participation.services.ballots import ballot_cast
from participation.services.nominations import statement_submit, support_add
from participation.services.rounds import round_close, round_shortlist_freeze
from tests.cms.campaigns import campaign_index, campaign_page
from tests.factories import ParticipantFactory
from tests.participation.factories import approve, campaign_vote

# Every nomination carries as much evidence as a nomination can. Each snippet on a page
# draws its chart from the chart cache (two reads, see evidence/charts.py), so that cost
# is the same at both sizes by design, and the nomination page's count shows whether
# anything else grows with the site.
EVIDENCE = len(NominationForm.EVIDENCE_SLOTS)


@dataclass(frozen=True)
class Size:
    name: str
    nominations: int  # on each vote
    rounds: int  # on each vote
    supporters: int  # of each nomination
    statements: int  # approved, on each nomination
    snippets: int  # published evidence snippets (at least EVIDENCE)
    topics: int  # the nominations take these in turn
    campaigns: int
    updates: int  # of each campaign
    menu_pages: int  # information pages in the main menu, besides the demo site's
    voters: int  # in the final round of the finished vote
    mine: int  # nominations by the participant, and supports and statements of theirs


SMALL = Size(
    name="small",
    nominations=2,
    rounds=1,
    supporters=1,
    statements=1,
    snippets=EVIDENCE,
    topics=1,
    campaigns=1,
    updates=1,
    menu_pages=0,
    voters=3,
    mine=1,
)
LARGE = Size(
    name="large",
    nominations=30,
    rounds=6,
    supporters=6,
    statements=3,
    snippets=10,
    topics=6,
    campaigns=4,
    updates=4,
    menu_pages=4,
    voters=12,
    mine=6,
)


@dataclass
class World:
    size: Size
    voting: CampaignVotePage  # its last round is open now
    finished: CampaignVotePage  # every round closed, the last counted from ranked ballots
    nomination: Nomination  # on the voting vote, by someone else than the participant
    explorer: DataExplorerPage

    @staticmethod
    def address(page, route: str, *args) -> str:
        return page.url + page.reverse_subpage(route, args=list(args))

    @property
    def vote_url(self) -> str:
        return self.voting.url

    @property
    def nomination_url(self) -> str:
        return self.address(self.voting, "nomination-detail", self.nomination.pk)

    @property
    def results_url(self) -> str:
        return self.address(self.finished, "results", self.size.rounds)

    @property
    def ballot_url(self) -> str:
        return self.address(self.voting, "ballot", self.size.rounds)

    @property
    def explorer_url(self) -> str:
        return self.explorer.url


def _rounds(size: Size) -> tuple:
    # Every round but the last lets all the nominations through, so the last round's
    # ballot paper and results are as long as the vote's list of nominations.
    through = [("approval", size.nominations, 3)] * (size.rounds - 1)
    return (*through, ("irv", 1, 3))


def _nominations(page, size: Size, *, authors, topics, moderator) -> list[Nomination]:
    """`size.nominations` approved nominations, by `authors` and on `topics` in turn."""
    made = []
    for i in range(size.nominations):
        author = authors[i % len(authors)]
        title = f"Issue number {i} on {page.slug}"
        nomination = Nomination.objects.create(
            campaign_vote=page,
            author=author,
            title=title,
            description=f"Why {title} matters to young people.",
            topic=topics[i % len(topics)],
        )
        item_submit(
            obj=nomination,
            author=author,
            text_fields={"title": title, "description": nomination.description},
        )
        approve(nomination, moderator)
        made.append(nomination)
    return made


def _vote_through(page, nominations, *, earlier_voter, final_voters) -> None:
    """Vote in every round of `page` that has opened and close those that have ended:
    one ballot in each round before the last, `final_voters` ranking in the last."""
    now = timezone.now()
    rounds = page.ordered_rounds()
    shortlist = round_shortlist_freeze(round=rounds[0], default=nominations)
    for round_ in rounds:
        voters = final_voters if round_ is rounds[-1] else [earlier_voter]
        for n, person in enumerate(voters):
            turn = n % len(shortlist)
            ballot_cast(
                participant=person,
                round=round_,
                choices=(shortlist[turn:] + shortlist[:turn])[: round_.max_choices],
                now=round_.opens_at + dt.timedelta(minutes=30),
            )
        if round_.closes_at > now:
            return  # still open
        round_close(round=round_, actor=None, now=round_.closes_at)
        following = round_.next_round()
        if following is not None:
            shortlist = sorted(following.shortlist.values_list("nomination_id", flat=True))


def build(size: Size, *, participant, moderator) -> World:
    """The demo site plus statistics, snippets, two votes and campaigns, of `size`."""
    site = Site.objects.get(is_default_site=True)
    home = site.root_page
    evidence_demo.seed_statistics(months=13)
    topics_by_slug = evidence_demo.seed_topics()
    topics = list(topics_by_slug.values())[: size.topics]
    for headline, sentence, slugs, _channels, months, breakdown in evidence_demo.SNIPPETS[
        : size.snippets
    ]:
        snippet = EvidenceSnippet(
            headline=headline, sentence=sentence, months=months, breakdown=breakdown
        )
        snippet.save()
        snippet.topics.set([topics_by_slug[slug] for slug in slugs])
        snippet.save_revision().publish()
    snippets = list(EvidenceSnippet.objects.filter(live=True).order_by("pk"))[:EVIDENCE]

    explorer = DataExplorerPage(title="Explore the data", slug="explore", show_in_menus=True)
    home.add_child(instance=explorer)
    explorer.default_topics.set([topics_by_slug["money-and-work"], topics_by_slug["mental-health"]])
    explorer.save_revision().publish()
    for n in range(size.menu_pages):
        page = StandardPage(title=f"Information {n}", slug=f"information-{n}", show_in_menus=True)
        home.add_child(instance=page)

    others = ParticipantFactory.create_batch(max(size.supporters, size.statements, size.voters))
    voting = campaign_vote(
        title="What should we campaign on next?", rounds=_rounds(size), open_round=size.rounds - 1
    )
    voting.topics.set(topics[:1])
    voting.save()
    authors = [participant] * size.mine + [
        others[k % len(others)] for k in range(size.nominations - size.mine)
    ]
    voting_nominations = _nominations(
        voting, size, authors=authors, topics=topics, moderator=moderator
    )
    for nomination in voting_nominations:
        for supporter in others[: size.supporters]:
            support_add(participant=supporter, nomination=nomination)
        for writer in others[: size.statements]:
            statement, _item = statement_submit(
                participant=writer, nomination=nomination, text="This matters to me too."
            )
            approve(statement, moderator)
        for order, snippet in enumerate(snippets):
            NominationEvidence.objects.create(
                nomination=nomination, snippet=snippet, note="It backs this up.", sort_order=order
            )
    # The participant backs and speaks up for issues others raised, too.
    raised_by_others = [n for n in voting_nominations if n.author != participant]
    for nomination in raised_by_others[: size.mine]:
        support_add(participant=participant, nomination=nomination)
        statement, _item = statement_submit(
            participant=participant, nomination=nomination, text="I feel the same."
        )
        approve(statement, moderator)
    _vote_through(voting, voting_nominations, earlier_voter=participant, final_voters=[participant])

    finished = campaign_vote(
        title="What should we campaign on this year?", rounds=_rounds(size), open_round=size.rounds
    )
    finished_nominations = _nominations(
        finished, size, authors=others, topics=topics, moderator=moderator
    )
    _vote_through(
        finished,
        finished_nominations,
        earlier_voter=participant,
        final_voters=[participant, *others][: size.voters],
    )

    index = campaign_index(site, show_in_menus=True)
    today = timezone.localdate()
    for n in range(size.campaigns):
        campaign_page(
            index,
            title=f"Campaign {n}",
            slug=f"campaign-{n}",
            updates=[
                (today - dt.timedelta(days=7 * k), f"Step {k} of campaign {n}")
                for k in range(size.updates)
            ],
        )

    return World(
        size=size,
        voting=CampaignVotePage.objects.get(pk=voting.pk),
        finished=CampaignVotePage.objects.get(pk=finished.pk),
        nomination=raised_by_others[0],
        explorer=DataExplorerPage.objects.get(pk=explorer.pk),
    )
