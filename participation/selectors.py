"""Shared reads about participants."""

import datetime as dt
import hashlib
import hmac
import re
from enum import StrEnum

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet
from django.utils import timezone
from wagtail.models import Page

from participation.eligibility import check_age
from participation.models import Ballot, Nomination, Round, User

_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


class ParticipantStatus(StrEnum):
    """Where a user stands on the way to taking part, in the order they meet the steps."""

    ANONYMOUS = "anonymous"
    UNVERIFIED = "unverified"
    INCOMPLETE = "incomplete"
    INELIGIBLE = "ineligible"
    PARTICIPANT = "participant"
    # A senior moderator has paused their taking part (see services/suspension.py).
    SUSPENDED = "suspended"


def email_is_verified(user: User) -> bool:
    """Whether the account's own address is verified. Remembered on this user object
    for its address (one request's `request.user`), as every participant-only step
    asks; a later address change asks the database again."""
    known = user.__dict__.get("_email_verified")
    if known is not None and known[0] == user.email:
        return known[1]
    verified = EmailAddress.objects.filter(
        user=user, email__iexact=user.email, verified=True
    ).exists()
    user.__dict__["_email_verified"] = (user.email, verified)
    return verified


def profile_is_complete(user: User) -> bool:
    return bool(
        user.display_name
        and user.date_of_birth
        and user.region
        and user.house_rules_accepted_at
        and user.profile_completed_at
    )


def participant_status(user: User | AnonymousUser) -> ParticipantStatus:
    """Whether `user` is a participant and, if not, which step they lack.

    Eligibility is judged on the age at registration (when the profile was
    completed), as the glossary defines a participant, on that day's UK date (as
    sign-up judged it: `timezone.localdate`, Europe/London), not the UTC date. A
    participant a senior moderator suspended is SUSPENDED until it is lifted.
    """
    if not user.is_authenticated:
        return ParticipantStatus.ANONYMOUS
    if not email_is_verified(user):
        return ParticipantStatus.UNVERIFIED
    if not profile_is_complete(user):
        return ParticipantStatus.INCOMPLETE
    registered_on = timezone.localdate(user.profile_completed_at)
    if not check_age(user.date_of_birth, registered_on).eligible:
        return ParticipantStatus.INELIGIBLE
    if user.suspended_at is not None:
        return ParticipantStatus.SUSPENDED
    return ParticipantStatus.PARTICIPANT


def is_suspended(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.suspended_at is not None)


def display_name_taken(name: str, *, exclude_user: User | None = None) -> bool:
    users = User.objects.filter(display_name__iexact=name.strip())
    if exclude_user is not None:
        users = users.exclude(pk=exclude_user.pk)
    return users.exists()


# --- Campaign votes ------------------------------------------------------------------

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


def round_frozen_paper(round: Round) -> list[Nomination]:
    """The nominations on a round's frozen shortlist (none before it is frozen)."""
    return list(Nomination.objects.filter(shortlist_entries__round=round).order_by("pk"))


def round_ballot_paper(round: Round) -> list[Nomination]:
    """The nominations on a round's ballot: its frozen shortlist, or for the first round
    before it is frozen, every public active nomination."""
    entries = round_frozen_paper(round)
    if entries or round.number > 1:
        return entries
    return list(public_nominations(round.page).order_by("pk"))


def shuffled_for(participant: User, round: Round, nominations: list) -> list:
    """The ballot paper in an order of its own for each participant (no position bias).

    Stable for one participant, so the page does not reshuffle on every visit, and
    not guessable: the key includes the site's secret.
    """

    def key(nomination) -> str:
        message = f"{round.pk}:{participant.pk}:{nomination.pk}".encode()
        return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()

    return sorted(nominations, key=key)


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


def published_ballots(round: Round) -> list[tuple[str, list[int]]]:
    """A closed round's anonymised ballots: (receipt fingerprint, choices), in the order of
    the fingerprints, which shuffles them. No voter ids: they were removed at closing."""
    rows = Ballot.objects.filter(round=round, voter__isnull=True).values_list("receipt", "choices")
    # Ties between fingerprints (never yet seen) go by receipt, as in the published files
    # (services/ballot_store.py).
    ordered = sorted((receipt_fingerprint(receipt), receipt, choices) for receipt, choices in rows)
    return [(fingerprint, choices) for fingerprint, _, choices in ordered]


def receipt_fingerprint(receipt: str) -> str:
    """What the published set shows of a receipt: enough to find it, not to forge it."""
    return hashlib.sha256(receipt.strip().upper().encode()).hexdigest()[:16]


def visible_statements(nomination: Nomination, user) -> list:
    from participation.models import SupportingStatement

    return list(
        SupportingStatement.objects.visible_to(user)
        .filter(nomination=nomination)
        .select_related("author")
        .order_by("created_at", "pk")
    )


def is_public(nomination: Nomination) -> bool:
    return Nomination.objects.public().filter(pk=nomination.pk).exists()


def live_evidence_links(nomination: Nomination) -> list:
    """The evidence attached to `nomination` that is still published, with what showing
    each snippet needs read for all of them at once."""
    return list(
        nomination.evidence_links.filter(snippet__live=True)
        .select_related("snippet")
        .prefetch_related("snippet__topics", "snippet__channels")
    )


def find_receipt(round: Round, receipt: str) -> tuple[int, list[int]] | None:
    """Where a receipt's ballot stands in the published set (row number, choices), if it is there."""
    fingerprint = receipt_fingerprint(receipt)
    for row, (published, choices) in enumerate(published_ballots(round), start=1):
        if published == fingerprint:
            return row, choices
    return None


def my_participation(user: User) -> dict:
    """Everything a participant has done, with moderation state, for their own eyes only."""
    from moderation.models import ModerationItem
    from participation.models import RoundVoter, Support, SupportingStatement

    nominations = list(
        Nomination.objects.filter(author=user)
        .select_related("campaign_vote", "topic")
        .order_by("-created_at")
    )
    statements = list(
        SupportingStatement.objects.filter(author=user)
        .select_related("nomination__campaign_vote")
        .order_by("-created_at")
    )
    items = ModerationItem.objects.filter(author=user).select_related("rejection_reason")
    by_object = {(item.content_type_id, item.object_id): item for item in items}
    from django.contrib.contenttypes.models import ContentType

    nomination_type = ContentType.objects.get_for_model(Nomination).pk
    statement_type = ContentType.objects.get_for_model(SupportingStatement).pk
    return {
        "nominations": [(n, by_object.get((nomination_type, n.pk))) for n in nominations],
        "statements": [(s, by_object.get((statement_type, s.pk))) for s in statements],
        "supports": list(
            Support.objects.filter(participant=user)
            .select_related("nomination__campaign_vote")
            .order_by("-created_at")
        ),
        # A round names itself by its place among its vote's rounds: read those once.
        "open_ballots": list(
            Ballot.objects.filter(voter=user)
            .select_related("round__page")
            .prefetch_related("round__page__rounds")
            .order_by("-updated_at")
        ),
        "rounds_voted": list(
            RoundVoter.objects.filter(participant=user)
            .select_related("round__page")
            .prefetch_related("round__page__rounds")
            .order_by("-voted_at")
        ),
    }


def author_may_edit(nomination: Nomination) -> bool:
    """The author may change a nomination while it waits or after it was not approved."""
    from moderation.models import Status
    from moderation.selectors import item_for

    item = item_for(nomination)
    return nomination.campaign_vote.nominations_are_open() and (
        item is None or item.status in (Status.PENDING, Status.REJECTED)
    )


def related_items(topic_ids, *, user, exclude=None, limit: int = 5, request=None) -> list:
    """Up to `limit` things on the same topics, newest first, that `user` may see:
    published evidence snippets, approved nominations, live campaign votes, and what
    other apps register with `evidence.related` (the site's pages).

    Given the `request`, every page's address comes from the site root paths Wagtail
    keeps on it, rather than a cache read for each page.
    """
    from evidence import related
    from evidence import selectors as evidence_selectors
    from participation.models import CampaignVotePage

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
