"""Casting a ballot: one counted ballot per participant per round, changeable until close."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.utils import timezone

from participation.ballot_checks import check_choices
from participation.models import Ballot, Nomination, Round, RoundState, RoundVoter, User
from participation.receipts import new_receipt
from participation.selectors.participants import ParticipantStatus, participant_status
from participation.selectors.rounds import round_shortlist_ids
from participation.services.rounds import open_round_for_ballot, round_shortlist_freeze


def ballot_cast(
    *,
    participant: User,
    round: Round,
    choices: list[int],
    paper: Sequence[Nomination] = (),
    now: dt.datetime | None = None,
) -> Ballot:
    """Record or replace `participant`'s ballot in an open round.

    The ballot is checked against the round's frozen ballot paper. The first ballot in
    a round with none frozen yet freezes `paper` (what the voter was shown, see
    rounds.round_shortlist_freeze) in the same transaction, so a refused ballot leaves
    no paper behind.

    One short transaction: (freeze the paper under the round's row lock, only while it
    has none, the order `round_close` takes its locks in), read the round under the
    shared ballot lock (so it cannot close mid-write), then one upsert on the
    one-ballot-per-voter constraint. Two submissions at once (a double click, two tabs,
    two devices) are written one after the other by the database, so the second
    replaces the first instead of both inserting; the receipt and the time first cast
    stay those of the first.
    """
    if participant_status(participant) is not ParticipantStatus.PARTICIPANT:
        raise PermissionDenied("Only participants can vote.")
    now = now or timezone.now()
    with transaction.atomic():
        shortlist = round_shortlist_ids(round) or _freeze(round, paper)
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


def _freeze(round: Round, paper: Sequence[Nomination]) -> list[int]:
    try:
        return round_shortlist_freeze(round=round, default=list(paper))
    except Round.DoesNotExist:
        raise ValidationError("This round no longer exists.") from None


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
