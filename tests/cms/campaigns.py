"""Building campaigns for tests: a campaigns page, campaign pages, and finished votes."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from cms.models import CampaignIndexPage, CampaignPage, CampaignUpdate
from participation.models import CampaignVotePage, Nomination
from participation.services.ballots import ballot_cast
from participation.services.nominations import support_add
from participation.services.rounds import round_close, round_shortlist_freeze
from tests.factories import ParticipantFactory
from tests.participation.factories import campaign_vote, submitted_nominations, topic


def campaign_index(site, **fields) -> CampaignIndexPage:
    index = CampaignIndexPage(
        title="Our campaigns",
        slug="campaigns",
        introduction="What young people chose, and what we did.",
        **fields,
    )
    site.root_page.add_child(instance=index)
    return index


def campaign_page(index, *, updates=(), nomination=None, **fields) -> CampaignPage:
    """A live campaign page, added as code does it (no publish, so no sign-off)."""
    page = CampaignPage(
        title=fields.pop("title", "Cleaner air near schools"),
        slug=fields.pop("slug", "cleaner-air"),
        summary=fields.pop("summary", "Young people want cleaner air where they learn."),
        nomination=nomination,
        **fields,
    )
    page.updates = [
        CampaignUpdate(date=date, title=title, text=f"<p>{title}: what happened.</p>")
        for date, title in updates
    ]
    index.add_child(instance=page)
    page.topics.set([topic()])
    return page


def cast(round_, nominations: list[Nomination], *, now=None) -> None:
    """One new participant's ballot for each nomination in the list, in that order."""
    round_shortlist_freeze(round=round_, default=nominations)
    for nomination in nominations:
        ballot_cast(
            participant=ParticipantFactory(),
            round=round_,
            choices=[nomination.pk],
            now=now,
        )


@dataclass
class FinishedVote:
    page: CampaignVotePage
    winner: Nomination
    runner_up: Nomination  # went through from round 1, lost the final round
    loser: Nomination  # went out in round 1
    author: object
    supporters: list


def finished_vote(moderator, *, final_closed=True) -> FinishedVote:
    """A two-round vote: round 1 (two go through) closed; then the final round, won by
    the first nomination, closed unless `final_closed` is False."""
    author = ParticipantFactory(display_name="IssueRaiser")
    page = campaign_vote(rounds=(("approval", 2, 3), ("approval", 1, 3)))
    winner, runner_up, loser = submitted_nominations(
        page, 3, author=author, moderator=moderator, titles=["Clean air", "Bus fares", "Parks"]
    )
    supporters = [ParticipantFactory(), ParticipantFactory()]
    for supporter in supporters:
        support_add(participant=supporter, nomination=winner)
    first, final = page.ordered_rounds()
    cast(first, [winner, winner, winner, runner_up, runner_up, loser])
    round_close(round=first, actor=None, now=first.closes_at)
    if final_closed:
        during = final.opens_at + dt.timedelta(hours=1)
        final_ballot = [winner.pk, winner.pk, runner_up.pk]
        sorted(final.shortlist.values_list("nomination_id", flat=True))
        for choice in final_ballot:
            ballot_cast(
                participant=ParticipantFactory(),
                round=final,
                choices=[choice],
                now=during,
            )
        round_close(round=final, actor=None, now=final.closes_at)
    return FinishedVote(page, winner, runner_up, loser, author, supporters)
