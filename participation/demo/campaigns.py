"""The demo's campaign votes: pages, rounds, nominations, support and ballots."""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from evidence.models import Topic
from evidence.selectors import snippets_for_topics
from moderation import services as moderation
from participation.demo.content import ISSUES, TOPICS
from participation.demo.people import _voters
from participation.models import CampaignVotePage, Nomination, Round
from participation.selectors.rounds import round_ballot_paper
from participation.services.ballots import ballot_cast
from participation.services.nominations import nomination_submit, support_add
from participation.services.rounds import round_close, round_shortlist_freeze


def _topics() -> dict[str, Topic]:
    return {
        slug: Topic.objects.get_or_create(slug=slug, defaults={"name": name})[0]
        for name, slug in TOPICS
    }


def _vote_page(
    home, *, slug, title, introduction, nominations_window, rounds, topics, in_menu=False
) -> CampaignVotePage | None:
    if CampaignVotePage.objects.filter(slug=slug).exists():
        return None
    page = CampaignVotePage(
        title=title,
        slug=slug,
        introduction=introduction,
        nominations_open_at=nominations_window[0],
        nominations_close_at=nominations_window[1],
        show_in_menus=in_menu,
    )
    home.add_child(instance=page)
    page.topics.set(topics.values())
    for order, (method, opens, closes, advance, max_choices) in enumerate(rounds):
        Round.objects.create(
            page=page,
            sort_order=order,
            method=method,
            opens_at=opens,
            closes_at=closes,
            advance_count=advance,
            max_choices=max_choices,
        )
    page.save_revision().publish()
    # As a visitor's request would load it: its topics read from the database.
    return CampaignVotePage.objects.get(pk=page.pk)


def _nominate(
    page, issues, voters, topics, moderator, *, leave_waiting_every: int, reject_every: int
) -> list[Nomination]:
    """Each issue nominated by a demo young person while nominations were open, with the
    published snippets on its topic (no notes: notes are the young person's own words,
    and these were written for the demo), then decided by `moderator` in time: every
    `leave_waiting_every`th (and anything with a risk flag) is left waiting, every
    `reject_every`th is not approved, the rest are approved."""
    # Sent and decided while nominations were open, as they would have been.
    when = page.nominations_close_at - dt.timedelta(hours=1)
    nominations = []
    for position, (title, topic_slug, description) in enumerate(issues, start=1):
        topic = topics[topic_slug]
        nomination, item = nomination_submit(
            participant=voters[(position - 1) % len(voters)],
            campaign_vote=page,
            title=title,
            description=description,
            topic=topic,
            evidence=[(snippet, "") for snippet in snippets_for_topics([topic.pk], limit=2)],
            now=when,
        )
        nominations.append(nomination)
        if position % leave_waiting_every == 0 or item.has_risk_flag:
            continue
        if position % reject_every == 0:
            moderation.item_reject(item=item, moderator=moderator, reason="off-topic", now=when)
        else:
            moderation.item_approve(item=item, moderator=moderator, now=when)
    return nominations


def _cast(round_, voters, rng, *, when):
    paper = round_ballot_paper(round_)
    shortlist = round_shortlist_freeze(round=round_, default=paper)
    ids = sorted(shortlist)
    popular = ids[: max(3, len(ids) // 3)]
    for voter in voters:
        pool = popular if rng.random() < 0.7 else ids
        choices = rng.sample(pool, k=min(len(pool), rng.randint(1, round_.max_choices)))
        ballot_cast(participant=voter, round=round_, choices=choices, now=when)


def _support(voters, nominations, rng, *, each: int) -> None:
    """Each voter says "me too" to `each` of `nominations`, picked by `rng`."""
    for voter in voters:
        for nomination in rng.sample(nominations, k=each):
            if not nomination.supports.filter(participant=voter).exists():
                support_add(participant=voter, nomination=nomination)


def seed(*, home, moderator) -> None:
    now = timezone.now()
    day = dt.timedelta(days=1)
    topics = _topics()
    voters = _voters(80)
    rng = random.Random(7)  # noqa: S311 - demo data, not security

    finished = _vote_page(
        home,
        slug="campaigns-2026",
        title="What should we campaign on in 2026?",
        introduction="<p>Last year's vote: young people shortlisted four issues, then chose "
        "the one we campaign on in 2026.</p>",
        nominations_window=(now - 120 * day, now - 100 * day),
        rounds=[
            ("approval", now - 98 * day, now - 91 * day, 4, 3),
            ("irv", now - 89 * day, now - 82 * day, 1, 4),
        ],
        topics=topics,
    )
    if finished is not None:
        _nominate(
            finished,
            ISSUES[:12],
            voters,
            topics,
            moderator,
            leave_waiting_every=10**6,
            reject_every=10**6,
        )
        # "Me too" came in while nominations were open, as it would have.
        # (Its own random numbers, so the ballots and the result stay as they were.)
        support_rng = random.Random(11)  # noqa: S311 - demo data, not security
        issues = list(finished.nominations.order_by("pk"))
        _support(voters[:60], issues, support_rng, each=2)
        first, second = finished.ordered_rounds()
        _cast(first, voters, rng, when=first.opens_at + day)
        round_close(round=first, actor=None, now=first.closes_at)
        _cast(second, voters[:70], rng, when=second.opens_at + day)
        round_close(round=second, actor=None, now=second.closes_at)

    current = _vote_page(
        home,
        slug="campaigns-2027",
        title="What should we campaign on in 2027?",
        introduction="<p>Tell us what needs to change, back the issues that matter to you, and vote on "
        "what we take on next year.</p>",
        nominations_window=(now - 20 * day, now - 3 * day),
        rounds=[
            ("approval", now - 2 * day, now + 5 * day, 5, 5),
            ("stv", now + 7 * day, now + 12 * day, 2, 5),
        ],
        topics=topics,
        in_menu=True,
    )
    if current is not None:
        nominations = _nominate(
            current,
            ISSUES + ISSUES[:6],
            voters,
            topics,
            moderator,
            leave_waiting_every=9,
            reject_every=13,
        )
        public = [n for n in nominations if Nomination.objects.public().filter(pk=n.pk).exists()]
        _support(voters[:50], public, rng, each=3)
        _cast(current.ordered_rounds()[0], voters[:25], rng, when=now - day)

    # A vote still taking nominations, so every journey can be tried straight away.
    upcoming = _vote_page(
        home,
        slug="transport-2027",
        title="Getting around: what should change?",
        introduction="<p>Buses, trains, cycling and walking: tell us what makes getting to "
        "school, college or work hard, and back the ideas you agree with.</p>",
        nominations_window=(now - 2 * day, now + 14 * day),
        rounds=[("approval", now + 16 * day, now + 23 * day, 3, 3)],
        topics=topics,
    )
    if upcoming is not None:
        _nominate(
            upcoming,
            [issue for issue in ISSUES if issue[1] == "getting-around"],
            voters,
            topics,
            moderator,
            leave_waiting_every=4,
            reject_every=10**6,
        )
