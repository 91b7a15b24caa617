"""Shared reads of the site's own pages."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from evidence.related import Related

if TYPE_CHECKING:
    from participation.models import CampaignVotePage, Nomination


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


def campaign_why(page) -> CampaignWhy | None:
    """The nomination a campaign started from, with its supporters, its published
    evidence and the vote's final results; None when there is none to show (never
    linked, erased, or no longer public: nothing user-written shows without approval)."""
    from participation.models import CampaignVotePage, Nomination

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
    links = nomination.evidence_links.select_related("snippet").filter(snippet__live=True)
    return CampaignWhy(
        nomination=nomination,
        url=vote.url + vote.reverse_subpage("nomination-detail", args=[nomination.pk]),
        vote=vote,
        supporter_count=nomination.supporter_count,
        evidence_links=list(links),
        results_url=results_url,
    )


def is_following(user, page) -> bool:
    from cms.models import CampaignFollow

    if not user.is_authenticated or page.pk is None:
        return False
    return CampaignFollow.objects.filter(participant=user, campaign_id=page.pk).exists()
