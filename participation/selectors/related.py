"""Things on the same topics as a page, across the site's apps."""

import datetime as dt

from wagtail.models import Page

from evidence import related
from evidence import selectors as evidence_selectors
from participation.models import CampaignVotePage, Nomination

_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


def related_items(topic_ids, *, user, exclude=None, limit: int = 5, request=None) -> list:
    """Up to `limit` things on the same topics, newest first, that `user` may see:
    published evidence snippets, approved nominations, live campaign votes, and what
    other apps register with `evidence.related` (the site's pages).

    Given the `request`, every page's address comes from the site root paths Wagtail
    keeps on it, rather than a cache read for each page.
    """
    exclude_url = exclude.get_url(request=request) if isinstance(exclude, Page) else None
    ids = evidence_selectors.with_children(topic_ids)
    if not ids:
        return []
    found: list[related.Related] = [
        related.Related("evidence", snippet.headline, snippet.get_url(), snippet.last_published_at)
        for snippet in evidence_selectors.snippets_for_topics(ids, limit=limit, children=False)
    ]
    # One read of the view restrictions for both uses (`.public()` reads them each time).
    live_votes = CampaignVotePage.objects.live().exclude(Page.objects.private_q())
    nominations = (
        Nomination.objects.visible_to(None)
        .active()
        .filter(topic_id__in=ids, campaign_vote__in=live_votes)
        .select_related("campaign_vote")
        .order_by("-created_at")[: limit + 1]
    )
    vote_urls: dict[int, str] = {}
    for nomination in nominations:
        if nomination == exclude:
            continue
        vote = nomination.campaign_vote
        if vote.pk not in vote_urls:
            vote_urls[vote.pk] = vote.get_url(request=request)
        url = vote_urls[vote.pk] + vote.reverse_subpage("nomination-detail", args=[nomination.pk])
        found.append(related.Related("nomination", nomination.title, url, nomination.created_at))
    votes = live_votes.filter(topics__in=ids).distinct()
    for vote in votes.order_by("-first_published_at")[:limit]:
        if vote == exclude:
            continue
        url = vote_urls.get(vote.pk) or vote.get_url(request=request)
        found.append(related.Related("campaign vote", vote.title, url, vote.first_published_at))
    found.extend(item for item in related.from_providers(ids, limit) if item.url != exclude_url)
    found.sort(key=lambda item: item.when or _EPOCH, reverse=True)
    return found[:limit]
