"""The world a journey starts in, made through the same services the site uses.

Each journey makes its own campaign vote and its own people (with a fresh suffix), so
journeys never depend on each other or on their order. "Time passes" only by moving a
vote's dates into the past, as the clock would: nothing else is done behind the
browser's back.
"""

from __future__ import annotations

import datetime as dt
import uuid

from allauth.account.models import EmailAddress
from django.utils import timezone

from cms.models import HomePage
from evidence.models import Topic
from moderation import services as moderation
from participation import services
from participation.models import CampaignVotePage, Nomination, Round, User
from participation.selectors.rounds import round_ballot_paper
from participation.services.ballots import ballot_cast
from participation.services.nominations import nomination_submit
from participation.services.rounds import round_shortlist_freeze
from tests.e2e.browser import PASSWORD

DAY = dt.timedelta(days=1)


def suffix() -> str:
    return uuid.uuid4().hex[:6]


def participant(name: str) -> User:
    """A verified participant aged 16 in London, who can log in with the demo password."""
    user = User.objects.create_user(email=f"young.person.{suffix()}@example.com", password=PASSWORD)
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return services.participant_profile_complete(
        user=user,
        display_name=name,
        date_of_birth=timezone.localdate() - dt.timedelta(days=16 * 366),
        region="E12000007",
        accepted_house_rules=True,
    )


def vote_page(*, title: str, rounds: list[tuple[str, int, int]]) -> CampaignVotePage:
    """A campaign vote taking nominations now; `rounds` are (method, advance, max)."""
    now = timezone.now()
    home = HomePage.objects.get()
    page = CampaignVotePage(
        title=title,
        slug=f"journey-{suffix()}",
        introduction="<p>Tell us what needs to change.</p>",
        nominations_open_at=now - DAY,
        nominations_close_at=now + 7 * DAY,
    )
    home.add_child(instance=page)
    page.topics.set(Topic.objects.filter(parent__isnull=True))
    for order, (method, advance, max_choices) in enumerate(rounds):
        Round.objects.create(
            page=page,
            sort_order=order,
            method=method,
            opens_at=now + (8 + 3 * order) * DAY,
            closes_at=now + (9 + 3 * order) * DAY,
            advance_count=advance,
            max_choices=max_choices,
        )
    page.save_revision().publish()
    return CampaignVotePage.objects.get(pk=page.pk)


def approved_nomination(page, author, title: str, moderator) -> Nomination:
    topic = Topic.objects.get(slug="getting-around")
    nomination, item = nomination_submit(
        participant=author,
        campaign_vote=page,
        title=title,
        description=f"{title}: it matters to everyone I know, and it is getting worse.",
        topic=topic,
    )
    moderation.item_claim(item=item, moderator=moderator)
    moderation.item_approve(item=item, moderator=moderator)
    return nomination


def close_nominations(page: CampaignVotePage) -> None:
    page.nominations_close_at = timezone.now() - dt.timedelta(minutes=5)
    page.nominations_open_at = min(page.nominations_open_at, page.nominations_close_at - DAY)
    page.save_revision().publish()


def open_round(round_: Round) -> None:
    now = timezone.now()
    round_.opens_at = now - dt.timedelta(minutes=1)
    round_.closes_at = now + DAY
    round_.save(update_fields=["opens_at", "closes_at"])


def end_round(round_: Round) -> None:
    """Move an open round's end into the past, as the clock would: the one change made
    behind the browser's back. (`Round.save` rightly refuses to change an opened round's
    times, so this writes the row directly.)"""
    Round.objects.filter(pk=round_.pk).update(closes_at=timezone.now() - dt.timedelta(seconds=1))
    round_.refresh_from_db()


def ballots(round_: Round, voters_choices: list[tuple[User, list[Nomination]]]) -> None:
    """Other young people's ballots, cast through the ballot service."""
    round_shortlist_freeze(round=round_, default=round_ballot_paper(round_))
    for voter, choices in voters_choices:
        ballot_cast(participant=voter, round=round_, choices=[n.pk for n in choices])
