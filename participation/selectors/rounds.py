"""Reads about rounds: a round's shortlist and the ballot paper each voter sees."""

import hashlib
import hmac

from django.conf import settings

from participation.models import Nomination, Round, ShortlistEntry, User
from participation.selectors.nominations import public_nominations


def round_shortlist_ids(round: Round) -> list[int]:
    """The ids on a round's shortlist, in order (none before one is chosen or frozen)."""
    return sorted(
        ShortlistEntry.objects.filter(round=round).values_list("nomination_id", flat=True)
    )


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


def round_paper_shuffled_for(participant: User, round: Round, nominations: list) -> list:
    """The ballot paper in an order of its own for each participant (no position bias).

    Stable for one participant, so the page does not reshuffle on every visit, and
    not guessable: the key includes the site's secret.
    """

    def key(nomination) -> str:
        message = f"{round.pk}:{participant.pk}:{nomination.pk}".encode()
        return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()

    return sorted(nominations, key=key)
