import datetime as dt

from django.conf import settings
from django.utils import timezone
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale, Page, Site

from evidence.models import Topic
from participation.models import CampaignVotePage, Nomination, Round, ShortlistEntry


def home_page():
    """The site's home page; rebuilt when a transactional test has emptied the database."""
    site = Site.objects.filter(is_default_site=True).first()
    if site is not None:
        return site.root_page
    Locale.objects.get_or_create(
        language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE)
    )
    root = Page.get_first_root_node() or Page.add_root(instance=Page(title="Root", slug="root"))
    home = root.add_child(instance=Page(title="Home", slug="home"))
    Site.objects.create(hostname="localhost", root_page=home, is_default_site=True)
    return home


def topic(name="Mental health"):
    return Topic.objects.get_or_create(
        name=name, defaults={"slug": name.lower().replace(" ", "-")}
    )[0]


def campaign_vote(
    *,
    title="What should we campaign on in 2027?",
    rounds=(("approval", 3, 3),),
    now=None,
    open_round=0,
):
    """A campaign vote whose round `open_round` is open now (or None: nominations open)."""
    now = now or timezone.now()
    home = home_page()
    day = dt.timedelta(days=1)
    if open_round is None:
        nominations = (now - day, now + day)
        first_opens = now + 2 * day
    else:
        first_opens = now - dt.timedelta(hours=1) - 2 * open_round * day
        nominations = (first_opens - 3 * day, first_opens - day)
    page = CampaignVotePage(
        title=title,
        introduction="<p>Tell us what matters.</p>",
        nominations_open_at=nominations[0],
        nominations_close_at=nominations[1],
    )
    home.add_child(instance=page)
    for order, (method, advance, max_choices) in enumerate(rounds):
        Round.objects.create(
            page=page,
            sort_order=order,
            method=method,
            opens_at=first_opens + 2 * order * day,
            closes_at=first_opens + (2 * order + 1) * day,
            advance_count=advance,
            max_choices=max_choices,
        )
    return page


def nominations(page, count, *, author=None, shortlist_round=None):
    made = [
        Nomination.objects.create(
            campaign_vote=page,
            author=author,
            title=f"Issue {i}",
            description="Why it matters.",
            topic=topic(),
        )
        for i in range(count)
    ]
    if shortlist_round is not None:
        ShortlistEntry.objects.bulk_create(
            [ShortlistEntry(round=shortlist_round, nomination=n) for n in made]
        )
    return made


def approve(obj, moderator):
    """Approve as a moderator did while nominations were open (for a statement: now).

    Setting up a vote midway through a round means nominations approved back when
    the window was open; approving them "now" would be a late approval, which asks
    the moderator to confirm and keeps them off a ballot that has opened.
    """
    import time_machine

    from moderation.selectors import item_for
    from moderation.services import item_approve

    now = timezone.now()
    vote = getattr(obj, "campaign_vote", None)
    when = now if vote is None else min(now, vote.nominations_close_at - dt.timedelta(minutes=1))
    with time_machine.travel(when, tick=False):
        return item_approve(item=item_for(obj), moderator=moderator)


def submitted_nominations(page, count, *, author, moderator=None, titles=None):
    """Nominations sent through moderation as a participant would; approved when a moderator is given."""
    from moderation.services import item_submit

    made = []
    for i in range(count):
        title = titles[i] if titles else f"Issue number {i}"
        nomination = Nomination.objects.create(
            campaign_vote=page,
            author=author,
            title=title,
            description=f"Why {title} matters.",
            topic=topic(),
        )
        item_submit(
            obj=nomination,
            author=author,
            text_fields={"title": title, "description": nomination.description},
        )
        if moderator is not None:
            approve(nomination, moderator)
        made.append(nomination)
    return made
