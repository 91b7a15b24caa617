"""When a round opens: tell everyone who took part earlier in the campaign vote.

Rounds open by the clock; the minute job (`close_rounds`) runs `rounds_announce_opened`,
which also records the opening in the vote page's history, once per round, as the
system's act (no user).
"""

from __future__ import annotations

import datetime as dt
import logging

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from wagtail.models import PageLogEntry

from participation.models import (
    Nomination,
    NominationState,
    Round,
    RoundOpeningNotice,
    RoundVoter,
    Support,
    SupportingStatement,
    User,
)
from participation.selectors.rounds import round_shortlist_ids
from participation.services import audit
from participation.services.notifications import NotificationKind, notify

logger = logging.getLogger(__name__)


def _record_opening(round: Round) -> None:
    """Under the round's row lock, so two runs at once record one opening."""
    entries = PageLogEntry.objects.filter(page_id=round.page_id, action=audit.ROUND_OPEN)
    if any(entry.data.get("round") == round.pk for entry in entries):
        return
    audit.record_round(
        round=round,
        action=audit.ROUND_OPEN,
        actor=None,
        method=round.method,
        shortlist=round_shortlist_ids(round),
    )


def _earlier_participant_ids(round: Round) -> set[int]:
    """Who nominated, supported or voted in this campaign vote before `round` opened."""
    page_id, before = round.page_id, round.opens_at
    nominated = (
        Nomination.objects.filter(campaign_vote_id=page_id, created_at__lt=before)
        .exclude(state=NominationState.WITHDRAWN)
        .values_list("author_id", flat=True)
    )
    supported = Support.objects.filter(
        nomination__campaign_vote_id=page_id, created_at__lt=before
    ).values_list("participant_id", flat=True)
    wrote = SupportingStatement.objects.filter(
        nomination__campaign_vote_id=page_id, created_at__lt=before
    ).values_list("author_id", flat=True)
    voted = RoundVoter.objects.filter(
        round__page_id=page_id, round__opens_at__lt=before
    ).values_list("participant_id", flat=True)
    return {pk for query in (nominated, supported, wrote, voted) for pk in query if pk}


def _round_opening_words(round: Round) -> dict:
    page = round.page
    closes = date_format(timezone.localtime(round.closes_at), "j F Y \\a\\t H:i")
    url = page.url
    return {
        "subject": f"Voting is open: {page.title}",
        "message": (
            f"Voting has opened in {round.label} of “{page.title}”. You took part in this "
            f"vote before, so we wanted you to know. You can vote until {closes}."
        ),
        "link": url + page.reverse_subpage("ballot", args=[round.number]) if url else "",
    }


def round_opening_announce(*, round: Round, now: dt.datetime | None = None) -> int:
    """Tell everyone who took part earlier in the campaign vote that `round` is open.

    Once per round per person, however often it runs: each person told is recorded
    (unique per round and person) in the same transaction as their notice. Returns
    how many were told now.
    """
    now = now or timezone.now()
    with transaction.atomic():
        # Lock the round: two runs of the minute job at once would otherwise both find
        # the same people not yet told, and tell them twice.
        round = Round.objects.select_for_update().select_related("page").get(pk=round.pk)
        if not round.opens_at <= now < round.closes_at:
            return 0
        _record_opening(round)
        told = set(
            RoundOpeningNotice.objects.filter(round=round).values_list("participant_id", flat=True)
        )
        people = list(
            User.objects.filter(
                pk__in=_earlier_participant_ids(round) - told, is_active=True
            ).order_by("pk")
        )
        if not people:
            return 0
        RoundOpeningNotice.objects.bulk_create(
            [RoundOpeningNotice(round=round, participant=p, notified_at=now) for p in people]
        )
        words = _round_opening_words(round)
        for person in people:
            notify(recipient=person, kind=NotificationKind.ROUND_OPENING, **words)
    logger.info("Told %d people that %s is open", len(people), round)
    return len(people)


def rounds_announce_opened(*, now: dt.datetime | None = None) -> int:
    """Tell earlier participants of every open round of a live vote (idempotent)."""
    now = now or timezone.now()
    open_rounds = Round.objects.filter(
        opens_at__lte=now, closes_at__gt=now, page__live=True
    ).order_by("opens_at", "pk")
    return sum(round_opening_announce(round=round_, now=now) for round_ in open_rounds)
