"""Reads about nominations: which are public, which are like a new one, and what a
nomination's page shows."""

import re

from django.db.models import QuerySet

from moderation.models import Status
from moderation.selectors import item_for
from participation.models import Nomination, SupportingStatement

WORD = re.compile(r"[a-z0-9']{4,}")
COMMON_WORDS = frozenset(
    {
        "that",
        "this",
        "with",
        "have",
        "from",
        "they",
        "what",
        "more",
        "about",
        "people",
        "young",
        "should",
        "would",
        "there",
        "their",
        "need",
        "needs",
    }
)


def public_nominations(campaign_vote) -> QuerySet[Nomination]:
    """Approved, active nominations of a campaign vote: what everyone may see."""
    return Nomination.objects.public().active().filter(campaign_vote=campaign_vote)


def similar_nominations(campaign_vote, text: str, *, limit: int = 3) -> list[Nomination]:
    """Public nominations that share the most meaningful words with `text`."""
    words = set(WORD.findall(text.lower())) - COMMON_WORDS
    if not words:
        return []
    scored = []
    for nomination in public_nominations(campaign_vote).only("pk", "title", "description")[:2000]:
        theirs = (
            set(WORD.findall(f"{nomination.title} {nomination.description}".lower())) - COMMON_WORDS
        )
        overlap = len(words & theirs)
        if overlap:
            scored.append((overlap / len(words | theirs), nomination.pk, nomination))
    scored.sort(key=lambda item: (-item[0], item[1]))
    return [nomination for score, _, nomination in scored[:limit] if score >= 0.15]


def nomination_is_public(nomination: Nomination) -> bool:
    return Nomination.objects.public().filter(pk=nomination.pk).exists()


def nomination_visible_statements(nomination: Nomination, user) -> list:
    return list(
        SupportingStatement.objects.visible_to(user)
        .filter(nomination=nomination)
        .select_related("author")
        .order_by("created_at", "pk")
    )


def nomination_live_evidence_links(nomination: Nomination) -> list:
    """The evidence attached to `nomination` that is still published, with what showing
    each snippet needs read for all of them at once."""
    return list(
        nomination.evidence_links.filter(snippet__live=True)
        .select_related("snippet")
        .prefetch_related("snippet__topics", "snippet__channels")
    )


def nomination_author_may_edit(nomination: Nomination) -> bool:
    """The author may change a nomination while it waits or after it was not approved."""
    item = item_for(nomination)
    return nomination.campaign_vote.nominations_are_open() and (
        item is None or item.status in (Status.PENDING, Status.REJECTED)
    )
