"""Casting a ballot: one counted ballot per participant per round, changeable until close."""

from __future__ import annotations

import datetime as dt
import secrets

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.utils import timezone

from participation.models import Ballot, Round, RoundState, RoundVoter, User
from participation.selectors import ParticipantStatus, participant_status
from participation.services.rounds import open_round_for_ballot

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
    One short transaction: read the round under the shared ballot lock (so it cannot
    close mid-write), then one upsert on the one-ballot-per-voter constraint. Two
    submissions at once (a double click, two tabs, two devices) are written one after
    the other by the database, so the second replaces the first instead of both
    inserting; the receipt and the time first cast stay those of the first.
    """
    if participant_status(participant) is not ParticipantStatus.PARTICIPANT:
        raise PermissionDenied("Only participants can vote.")
    now = now or timezone.now()
    with transaction.atomic():
        found = open_round_for_ballot(round.pk)
        if found is None:
            raise ValidationError("This round no longer exists.")
        round, has_result = found
        state = round.state(now, has_result=has_result)
        if state == RoundState.SCHEDULED:
            raise ValidationError("Voting in this round hasn't started yet.")
        if state != RoundState.OPEN:
            raise ValidationError("Voting in this round has closed.")
        stored = check_choices(round=round, choices=choices, shortlist=shortlist)
        ballot = _upsert_ballot(round=round, participant=participant, choices=stored, now=now)
        _record_voter(round=round, participant=participant, now=now)
    return ballot


def _prepared(model, **values) -> list:
    """`values` as the database stores them (JSON, time zones, SQLite's text dates)."""
    fields = {field.attname: field for field in model._meta.concrete_fields}
    return [fields[name].get_db_prep_save(value, connection) for name, value in values.items()]


def _upsert_ballot(*, round: Round, participant: User, choices: list[int], now) -> Ballot:
    # The ORM's update_conflicts cannot name a partial unique index as its target, and
    # the one-ballot-per-voter constraint is partial (detached ballots have no voter).
    params = _prepared(
        Ballot,
        round_id=round.pk,
        voter_id=participant.pk,
        choices=choices,
        receipt=new_receipt(),
        cast_at=now,
        updated_at=now,
    )
    (ballot,) = Ballot.objects.raw(
        """
        INSERT INTO participation_ballot (round_id, voter_id, choices, receipt, cast_at, updated_at)
        VALUES (%s, %s, %s, %s, %s, %s)
        ON CONFLICT (round_id, voter_id) WHERE voter_id IS NOT NULL
        DO UPDATE SET choices = excluded.choices, updated_at = excluded.updated_at
        RETURNING *
        """,
        params,
    )
    return ballot


def _record_voter(*, round: Round, participant: User, now) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO participation_roundvoter (round_id, participant_id, voted_at)
            VALUES (%s, %s, %s)
            ON CONFLICT (round_id, participant_id) DO NOTHING
            """,
            _prepared(RoundVoter, round_id=round.pk, participant_id=participant.pk, voted_at=now),
        )
