"""Demo campaign votes: one finished with published results, one in its first round.

Everything goes through the real services (sign-up, nominating, moderation, ballots,
closing), so what the demo shows is what the site does. Called by `manage.py demo_data`; idempotent.
"""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from evidence.models import Topic
from evidence.selectors import snippets_for_topics
from moderation import services as moderation
from participation.models import CampaignVotePage, Nomination, Round, User
from participation.regions import Region
from participation.selectors.rounds import round_ballot_paper
from participation.services import accounts
from participation.services.ballots import ballot_cast
from participation.services.nominations import nomination_submit, support_add
from participation.services.rounds import round_close, round_shortlist_freeze
from participation.services.staff import account_email_vouch

TOPICS = [
    ("Mental health", "mental-health"),
    ("Money and work", "money-and-work"),
    ("Housing", "housing"),
    ("Education", "education"),
    ("Relationships", "relationships"),
    ("Physical health", "physical-health"),
    ("Discrimination", "discrimination"),
    ("Getting around", "getting-around"),
]

ISSUES = [
    (
        "Shorter waits for mental health support",
        "mental-health",
        "Young people wait months for counselling after asking for help.",
    ),
    (
        "Counsellors in every school and college",
        "mental-health",
        "Someone to talk to, on site, without a long referral.",
    ),
    (
        "Mental health first aid for teachers",
        "mental-health",
        "Teachers often don't know what to say when a student is struggling.",
    ),
    (
        "Support that doesn't stop at 18",
        "mental-health",
        "Moving from children's to adult services means starting again.",
    ),
    (
        "Free bus travel for under-18s",
        "getting-around",
        "Getting to college or work costs too much for many families.",
    ),
    (
        "Cheaper train fares for apprentices",
        "getting-around",
        "Apprentices earn little and often travel far.",
    ),
    (
        "Safer late-night transport",
        "getting-around",
        "Getting home after a late shift shouldn't feel dangerous.",
    ),
    (
        "A real living wage for under-21s",
        "money-and-work",
        "The same work should get the same pay.",
    ),
    (
        "Help with the cost of exams and resits",
        "money-and-work",
        "Resit fees stop people from trying again.",
    ),
    (
        "Clear advice on first jobs and contracts",
        "money-and-work",
        "Zero-hours contracts are confusing and unfair.",
    ),
    (
        "Money lessons in school",
        "money-and-work",
        "Budgets, debt and tax should be taught before you need them.",
    ),
    (
        "No more hidden fees for renters",
        "housing",
        "Deposits and fees make it impossible to move out.",
    ),
    (
        "Homes for young people leaving care",
        "housing",
        "Care leavers shouldn't face homelessness at 18.",
    ),
    (
        "Emergency housing that is safe for young people",
        "housing",
        "Hostels can be frightening places for a 17-year-old.",
    ),
    (
        "Stop sofa-surfing being invisible",
        "housing",
        "Young people without a home don't show up in the numbers.",
    ),
    (
        "Better relationships education",
        "relationships",
        "Lessons should cover consent, control and online pressure.",
    ),
    (
        "Help for young carers",
        "relationships",
        "Young carers miss school and have no time for themselves.",
    ),
    (
        "Support after a family breakdown",
        "relationships",
        "When parents split up, nobody asks the children how they are.",
    ),
    (
        "Action on online bullying",
        "relationships",
        "Platforms should act faster when young people report abuse.",
    ),
    (
        "Free period products everywhere",
        "physical-health",
        "Not just in schools: in colleges, libraries and workplaces.",
    ),
    (
        "Sexual health services that are easy to reach",
        "physical-health",
        "Clinics close early and are far away.",
    ),
    (
        "Help with eating disorders, sooner",
        "physical-health",
        "You shouldn't have to be very ill before you get help.",
    ),
    (
        "Youth clubs in every area",
        "physical-health",
        "Somewhere safe to go that doesn't cost money.",
    ),
    ("End racism in schools", "discrimination", "Racist bullying is often not taken seriously."),
    (
        "Support for LGBTQ+ young people",
        "discrimination",
        "Many still don't feel safe being themselves at school.",
    ),
    (
        "Accessible colleges and universities",
        "discrimination",
        "Disabled students face barriers at every step.",
    ),
    (
        "Fair treatment by the police",
        "discrimination",
        "Stop and search makes young people feel targeted.",
    ),
    ("Votes at 16", "education", "If we can work and pay tax, we should be able to vote."),
    ("Less exam pressure", "education", "Everything rides on a few weeks of exams."),
    ("Better careers advice", "education", "Careers advice is one meeting, too late."),
    ("Help for young people not in school", "education", "Excluded pupils fall through the gaps."),
    (
        "Free school meals for every family on benefits",
        "education",
        "Some hungry children still miss out.",
    ),
    ("Digital access for every student", "education", "Homework needs a laptop and the internet."),
    (
        "Support for young refugees",
        "discrimination",
        "Young people seeking asylum need support in their own language.",
    ),
    (
        "Help with loneliness",
        "mental-health",
        "Lots of young people feel alone even when surrounded by people.",
    ),
    ("Affordable gym and sport", "physical-health", "Keeping active shouldn't be a luxury."),
    (
        "Protect young workers from harassment",
        "money-and-work",
        "Young workers are least likely to report it.",
    ),
    (
        "Advice on gambling and loot boxes",
        "money-and-work",
        "Gambling-like games target young people.",
    ),
    ("Local mental health drop-ins", "mental-health", "Somewhere to go without an appointment."),
    ("Fair rent for students", "housing", "Student rents take most of the loan."),
    (
        "Make apps safer by design",
        "relationships",
        "Safety settings should be on by default for under-18s.",
    ),
    (
        "Better support after bereavement",
        "mental-health",
        "Grief support for young people is hard to find.",
    ),
]

REGIONS = list(Region.values)


def participant_sign_up(
    *, email: str, password: str | None, display_name: str, date_of_birth: dt.date, region: str
) -> User:
    """A young person joining, as the sign-up form does it (the account, then its profile
    through `participant_profile_complete`), with the address confirmed at once rather
    than by the link a real sign-up is emailed."""
    user = User.objects.create_user(email=email, password=password)
    user = accounts.participant_profile_complete(
        user=user,
        display_name=display_name,
        date_of_birth=date_of_birth,
        region=region,
        accepted_house_rules=True,
    )
    account_email_vouch(user=user)
    return user


def _topics() -> dict[str, Topic]:
    return {
        slug: Topic.objects.get_or_create(slug=slug, defaults={"name": name})[0]
        for name, slug in TOPICS
    }


def _voters(count: int) -> list[User]:
    """Demo young people with verified emails and complete profiles (ages 13 to 25)."""
    rng = random.Random(2027)  # noqa: S311 - demo data, not security
    adjectives = (
        "Bright",
        "Calm",
        "Kind",
        "Swift",
        "Brave",
        "Gentle",
        "Sunny",
        "Bold",
        "Clever",
        "Quiet",
    )
    animals = ("Heron", "Otter", "Wren", "Badger", "Puffin", "Hare", "Robin", "Seal", "Owl", "Fox")
    today = timezone.localdate()
    voters = []
    for number in range(1, count + 1):
        email = f"young.person.{number:03d}@example.com"
        user = User.objects.filter(email=email).first()
        if user is None:
            age_days = rng.randint(13 * 366, 25 * 365)
            user = participant_sign_up(
                email=email,
                password=None,
                display_name=f"{adjectives[number % 10]}{animals[(number // 10) % 10]}{number:03d}",
                date_of_birth=today - dt.timedelta(days=age_days),
                region=rng.choice(REGIONS),
            )
        voters.append(user)
    return voters


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
        for voter in voters[:60]:
            for nomination in support_rng.sample(issues, k=2):
                if not nomination.supports.filter(participant=voter).exists():
                    support_add(participant=voter, nomination=nomination)
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
        for voter in voters[:50]:
            for nomination in rng.sample(public, k=3):
                if not nomination.supports.filter(participant=voter).exists():
                    support_add(participant=voter, nomination=nomination)
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
