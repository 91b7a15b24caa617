"""Casting a ballot: one counted ballot per participant per round, changeable until close."""

from __future__ import annotations

import datetime as dt
import secrets

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from participation.models import Ballot, Round, RoundState, RoundVoter, User
from participation.selectors import ParticipantStatus, participant_status
from participation.services.rounds import lock_round_for_ballots

RECEIPT_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I to misread


def new_receipt() -> str:
    code = "".join(secrets.choice(RECEIPT_ALPHABET) for _ in range(12))
    return f"{code[:4]}-{code[4:8]}-{code[8:]}"


def check_choices(*, round: Round, choices: list[int], shortlist: list[int]) -> list[int]:
    """The choices as they will be stored, or a ValidationError a young person understands."""
    if not choices:
        raise ValidationError("Choose at least one before you send your vote.")
    if len(set(choices)) != len(choices):
        raise ValidationError("Each choice can only be used once. Please check your ranks.")
    if any(choice not in shortlist for choice in choices):
        raise ValidationError("One of your choices isn't on this ballot. Please choose again.")
    if len(choices) > round.max_choices:
        what = "rank" if round.is_ranked else "choose"
        raise ValidationError(f"You can {what} up to {round.max_choices}. Please remove some.")
    return list(choices) if round.is_ranked else sorted(choices)


def ballot_cast(
    *,
    participant: User,
    round: Round,
    choices: list[int],
    shortlist: list[int],
    now: dt.datetime | None = None,
) -> Ballot:
    """Record or replace `participant`'s ballot in an open round.

    `shortlist` is the frozen ballot paper (see rounds.round_shortlist_freeze).
    Locks the participant's row first: two submissions at once (a double click, two
    tabs, two devices) are written one after the other, so the second replaces the
    first instead of both inserting. A unique constraint backs this up.
    """
    if participant_status(participant) is not ParticipantStatus.PARTICIPANT:
        raise PermissionDenied("Only participants can vote.")
    now = now or timezone.now()
    with transaction.atomic():
        User.objects.select_for_update().only("pk").get(pk=participant.pk)
        lock_round_for_ballots(round.pk)
        round = Round.objects.select_related("page").get(pk=round.pk)
        state = round.state(now)
        if state == RoundState.SCHEDULED:
            raise ValidationError("Voting in this round hasn't started yet.")
        if state != RoundState.OPEN:
            raise ValidationError("Voting in this round has closed.")
        stored = check_choices(round=round, choices=choices, shortlist=shortlist)
        ballot = Ballot.objects.filter(round=round, voter=participant).first()
        if ballot is None:
            ballot = Ballot.objects.create(
                round=round,
                voter=participant,
                choices=stored,
                receipt=new_receipt(),
                cast_at=now,
                updated_at=now,
            )
            RoundVoter.objects.create(round=round, participant=participant, voted_at=now)
        else:
            ballot.choices = stored
            ballot.updated_at = now
            ballot.save(update_fields=["choices", "updated_at"])
    return ballot
