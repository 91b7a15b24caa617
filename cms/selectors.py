"""Shared reads of the site's own pages."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.core.cache import cache
from django.db import transaction
from wagtail.models import Page

from cms import routing
from evidence.related import Related

if TYPE_CHECKING:
    from participation.models import CampaignVotePage, Nomination


# --- The main menu ---------------------------------------------------------------------

MENU_KEY = "cms:main-menu:{site_id}"
MENU_VERSION_KEY = "cms:main-menu:version"


@dataclass(frozen=True)
class MenuItem:
    """One link of the main menu: a top-level page shown in menus."""

    title: str
    url: str
    url_path: str


def main_menu(site, request=None) -> list[MenuItem]:
    """The live, public top-level pages of `site` shown in menus, in the page tree's order.

    Every page shows the menu, and it changes only when pages do: it is kept in the
    shared cache with the menu version it was read at, and both come back in one cache
    read. Any change to a page, a view restriction or a site replaces the version
    (`main_menu_changed`), so the next page read after it reads the menu again.
    """
    key = MENU_KEY.format(site_id=site.pk)
    found = cache.get_many([MENU_VERSION_KEY, key])
    version = found.get(MENU_VERSION_KEY)
    kept = found.get(key)
    if version is not None and kept is not None and kept[0] == version:
        return kept[1]
    if version is None:
        version = secrets.token_hex(8)
        if not cache.add(MENU_VERSION_KEY, version, timeout=None):
            version = cache.get(MENU_VERSION_KEY) or version
    pages = site.root_page.get_children().live().public().in_menu()
    items = [MenuItem(page.title, page.get_url(request=request), page.url_path) for page in pages]
    cache.set(key, (version, items))
    return items


def main_menu_changed() -> None:
    """Throw the kept main menu away: at once, and again when the change is committed.

    The second time is what counts: a page read between the two may have kept the menu
    as it was before the change, under the version the first replacement set.
    """
    _replace_menu_version()
    transaction.on_commit(_replace_menu_version)


def _replace_menu_version() -> None:
    cache.set(MENU_VERSION_KEY, secrets.token_hex(8), timeout=None)


def related_pages(topic_ids: set[int], limit: int) -> list[Related]:
    """Live, public content pages (help and information) on any of `topic_ids`."""
    from cms.models import StandardPage

    pages = (
        StandardPage.objects.live()
        .public()
        .filter(topics__in=topic_ids)
        .distinct()
        .order_by("-first_published_at")[:limit]
    )
    return [Related("page", page.title, page.url, page.first_published_at) for page in pages]


@dataclass(frozen=True)
class CampaignWhy:
    """Why a campaign exists: the winning nomination, as the public may see it."""

    nomination: Nomination
    url: str
    vote: CampaignVotePage
    supporter_count: int
    evidence_links: list
    results_url: str
    evidence: list = field(default_factory=list)  # (link, what showing its snippet needs)


def campaign_why(page) -> CampaignWhy | None:
    """The nomination a campaign started from, with its supporters, its published
    evidence and the vote's final results; None when there is none to show (never
    linked, erased, or no longer public: nothing user-written shows without approval)."""
    from evidence.views import snippet_contexts
    from participation.models import CampaignVotePage, Nomination
    from participation.selectors.nominations import nomination_live_evidence_links

    if page.nomination_id is None:
        return None
    nomination = (
        Nomination.objects.public()
        .active()
        .with_counts()
        .select_related("campaign_vote")
        .filter(pk=page.nomination_id)
        .first()
    )
    if nomination is None:
        return None
    vote = CampaignVotePage.objects.live().public().filter(pk=nomination.campaign_vote_id).first()
    if vote is None:
        return None
    rounds = vote.ordered_rounds()
    results_url = ""
    if rounds and rounds[-1].result_or_none() is not None:
        results_url = vote.url + vote.reverse_subpage("results", args=[len(rounds)])
    links = nomination_live_evidence_links(nomination)
    return CampaignWhy(
        nomination=nomination,
        url=vote.url + vote.reverse_subpage("nomination-detail", args=[nomination.pk]),
        vote=vote,
        supporter_count=nomination.supporter_count,
        evidence_links=links,
        results_url=results_url,
        evidence=list(zip(links, snippet_contexts([link.snippet for link in links]), strict=True)),
    )


def is_following(user, page) -> bool:
    from cms.models import CampaignFollow

    if not user.is_authenticated or page.pk is None:
        return False
    return CampaignFollow.objects.filter(participant=user, campaign_id=page.pk).exists()


@routing.context_provider("campaign")
def campaign_page_context(page, request) -> dict:
    """What a campaign page shows besides its own fields."""
    return {
        "why": campaign_why(page),
        "updates": page.updates_newest_first(),
        "following": is_following(request.user, page),
    }


@dataclass(frozen=True)
class VoteCard:
    vote: CampaignVotePage
    phase: str
    until: object  # when the phase changes, if it will
    action: str  # what to do now, in words
    url: str


def _vote_card(vote, request=None) -> VoteCard:
    from participation.models import VotePhase

    standing = vote.standing()
    home = vote.get_url(request=request)
    if standing.phase == VotePhase.NOMINATIONS_OPEN:
        action, url = "Nominate an issue", home + vote.reverse_subpage("nominate")
    elif standing.phase == VotePhase.VOTING and standing.round is not None:
        number = standing.round.number
        action, url = "Vote now", home + vote.reverse_subpage("ballot", args=[number])
    elif standing.phase == VotePhase.RESULTS and standing.round is not None:
        number = standing.round.number
        action = "See the results"
        url = home + vote.reverse_subpage("results", args=[number])
    else:
        action, url = "Find out more", home
    return VoteCard(vote, standing.phase.label, standing.next_change, action, url)


# The home page features up to this many figures, from this many of the newest snippets.
FEATURED = 3
FEATURED_FROM = 6


@routing.context_provider("home")
def home_sections(home, request=None) -> dict:
    """What the home page shows: votes to take part in, with what to do now; the
    campaigns young people chose, with their latest news; recent evidence; and how
    many others got in touch about the most common topic.

    A fixed number of queries however much there is: every vote's rounds and results,
    every campaign's updates and every featured figure are read together, and with the
    `request` every address comes from the site root paths Wagtail keeps on it.
    """
    from cms.models import CampaignPage
    from evidence import selectors as evidence
    from participation.models import CampaignVotePage, VotePhase

    # One read of the view restrictions for both lists (`.public()` reads them each time).
    private = Page.objects.private_q()
    votes = [
        _vote_card(vote, request)
        for vote in CampaignVotePage.objects.live()
        .exclude(private)
        .descendant_of(home)
        .order_by("-nominations_open_at")
        .prefetch_related("rounds__result")[:3]
    ]
    # Votes asking for something now come first.
    now_first = {VotePhase.NOMINATIONS_OPEN.label: 0, VotePhase.VOTING.label: 0}
    votes.sort(key=lambda card: now_first.get(card.phase, 1))
    campaigns = (
        CampaignPage.objects.live()
        .exclude(private)
        .descendant_of(home)
        .order_by("-first_published_at", "-pk")
        .prefetch_related("updates")[:3]
    )
    newest = evidence.newest_month()
    snippets = list(
        evidence.published_snippets()
        .prefetch_related("channels")
        .order_by("-last_published_at", "-pk")[:FEATURED_FROM]
    )
    # A headline of "fewer than 10" says little on a front page: show the next one.
    featured = [
        (snippet, figures)
        for snippet, figures in zip(
            snippets, evidence.snippet_headlines(snippets, newest=newest), strict=True
        )
        if figures is not None and figures.headline.shown
    ][:FEATURED]
    topic = evidence.busiest_topic(newest=newest)
    return {
        "votes": votes,
        "campaigns": [(campaign, campaign.latest_update()) for campaign in campaigns],
        "featured_evidence": featured,
        "not_alone_topic": topic,
        "not_alone": evidence.not_alone(topic, newest=newest),
    }


# --- Page feedback (staff only) -------------------------------------------------------


@dataclass(frozen=True)
class FeedbackCounts:
    """Yes and no answers for one page or one month."""

    label: str
    yes: int
    no: int
    page_id: int | None = None

    @property
    def total(self) -> int:
        return self.yes + self.no

    @property
    def share_useful(self) -> int | None:
        """Whole percent answering Yes; None with no answers."""
        return round(100 * self.yes / self.total) if self.total else None


def _yes_no():
    from django.db.models import Count, Q

    return {"yes": Count("pk", filter=Q(useful=True)), "no": Count("pk", filter=Q(useful=False))}


def feedback_by_page() -> list[FeedbackCounts]:
    """Every page with feedback, the most answered first."""
    from django.db.models import Count

    from cms.models import PageFeedback

    rows = (
        PageFeedback.objects.values("page_id", "page__title")
        .annotate(**_yes_no(), total=Count("pk"))
        .order_by("-total", "page__title")
    )
    return [
        FeedbackCounts(
            label=row["page__title"], yes=row["yes"], no=row["no"], page_id=row["page_id"]
        )
        for row in rows
    ]


def feedback_by_month(*, now, page_id: int | None = None, months: int = 12) -> list[FeedbackCounts]:
    """The last `months` calendar months (this one last), for one page or all of them;
    months without answers are shown as zero."""
    from django.db.models.functions import TruncMonth
    from django.utils import timezone

    from cms.models import PageFeedback

    local = timezone.localtime(now)
    year, month = local.year, local.month
    starts = []
    for _ in range(months):
        starts.append(
            local.replace(year=year, month=month, day=1, hour=0, minute=0, second=0, microsecond=0)
        )
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    starts.reverse()
    answers = PageFeedback.objects.filter(created_at__gte=starts[0])
    if page_id is not None:
        answers = answers.filter(page_id=page_id)
    rows = answers.annotate(month=TruncMonth("created_at")).values("month").annotate(**_yes_no())
    found = {
        (timezone.localtime(row["month"]).year, timezone.localtime(row["month"]).month): row
        for row in rows
    }
    result = []
    for start in starts:
        row = found.get((start.year, start.month), {"yes": 0, "no": 0})
        result.append(FeedbackCounts(label=f"{start:%B %Y}", yes=row["yes"], no=row["no"]))
    return result


def approved_feedback_comments(*, page_id: int | None = None, limit: int = 200):
    """Comments a moderator approved, newest first: for staff to read, never the public.

    The words are the ones moderators left (redacted spans already replaced)."""
    from django.contrib.contenttypes.models import ContentType

    from cms.models import PageFeedback
    from moderation.models import ModerationItem, Status

    approved = ModerationItem.objects.filter(
        content_type=ContentType.objects.get_for_model(PageFeedback),
        status=Status.APPROVED,
        is_hidden=False,
    ).values("object_id")
    comments = PageFeedback.objects.filter(pk__in=approved).exclude(comment="")
    if page_id is not None:
        comments = comments.filter(page_id=page_id)
    return comments.select_related("page").order_by("-created_at", "-pk")[:limit]
