"""Shortlists, opening and closing rounds: where a round's ballots become a frozen result.

Round states move only forward, by time and by `round_close`:

    scheduled --(opens_at)--> open --(closes_at)--> counting --(round_close)--> closed

When a round opens, `round_opening_announce` tells everyone who took part earlier in
the campaign vote, once each (the minute job runs it, see `close_rounds`).

A round's settings are locked once it opens: `Round.save` refuses a change to them
(participation/models/votes.py), so the admin form, a revision published later, a
scheduled publish and code all meet the same rule.

The policy team's actions here take the `actor` doing them, check the actor's
permission themselves and record an entry in the vote page's history (services/audit).
`actor=None` is the system: the minute job closing a round by the clock, or the first
ballot fixing the ballot paper.
"""

from __future__ import annotations

import datetime as dt
import logging
import secrets

from allauth.account.models import EmailAddress
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, router, transaction
from django.db.models import Count, Exists, OuterRef
from django.utils import timezone

from participation import ballot_files, counting
from participation.eligibility import age_band, age_on
from participation.labels import NOMINATIONS_KEY, nomination_labels
from participation.models import (
    Ballot,
    Nomination,
    NominationState,
    Round,
    RoundResult,
    ShortlistEntry,
    User,
)
from participation.selectors import ballot_rows
from participation.selectors.rounds import round_shortlist_ids
from participation.services import anonymity, audit

# Opening lives in its own module (round_opening.py); its names stay importable here.
from participation.services.round_opening import round_opening_announce, rounds_announce_opened

logger = logging.getLogger(__name__)


# Advisory-lock keys for "ballots are being written into round N": this namespace in
# the high bits, the round id in the low 40.
BALLOT_LOCK_NAMESPACE = 4_717 << 40


def open_round_for_ballot(round_id: int) -> tuple[Round, bool] | None:
    """Inside a transaction: the round as it is now and whether it has a result, while
    holding a shared lock that `round_close` must wait for. One round trip.

    The lock is a PostgreSQL advisory lock, shared by every ballot being written and
    taken exclusively by `round_close` (`lock_round_for_count`), so a ballot cannot
    slip in after the count has read the ballot set. Unlike `FOR SHARE` on the round's
    row, a shared advisory lock writes nothing, so ten thousand voters do not queue on
    one row. SQLite serialises every write anyway.
    """
    if connection.vendor == "postgresql":
        sql, params = _ROUND_FOR_BALLOT_LOCKED, [BALLOT_LOCK_NAMESPACE, round_id]
    else:
        sql, params = _ROUND_FOR_BALLOT, [round_id]
    rows = list(Round.objects.raw(sql, params))
    if not rows:
        return None
    return rows[0], bool(rows[0].has_result)


_ROUND_FOR_BALLOT = """
    SELECT r.*, EXISTS (
        SELECT 1 FROM participation_roundresult rr WHERE rr.round_id = r.id
    ) AS has_result
    FROM participation_round r WHERE r.id = %s
"""
_ROUND_FOR_BALLOT_LOCKED = """
    SELECT pg_advisory_xact_lock_shared(%s::bigint + r.id) IS NULL AS locked, r.*, EXISTS (
        SELECT 1 FROM participation_roundresult rr WHERE rr.round_id = r.id
    ) AS has_result
    FROM participation_round r WHERE r.id = %s
"""


def lock_round_for_count(round_id: int) -> None:
    """Inside a transaction: wait for ballots being written into the round, and keep
    new ones out until the transaction ends (see `open_round_for_ballot`)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_advisory_xact_lock(%s::bigint + %s)", [BALLOT_LOCK_NAMESPACE, round_id]
            )


def round_shortlist_set(*, round: Round, nominations: list[Nomination], actor: User) -> list[int]:
    """The policy team picks or adjusts a round's shortlist before it opens."""
    if actor is None:  # a person always chooses a shortlist
        raise PermissionDenied("Only the policy team can change a shortlist.")
    audit.require_policy_team(actor, "participation.change_round", "change a shortlist")
    with transaction.atomic():
        # Lock the round so the shortlist cannot change under a round that is opening.
        round = Round.objects.select_for_update().get(pk=round.pk)
        if round.has_opened():
            raise ValidationError("This round has opened, so its shortlist can't change.")
        wrong = [
            n
            for n in nominations
            if n.campaign_vote_id != round.page_id or n.state != NominationState.ACTIVE
        ]
        if wrong:
            raise ValidationError(f"“{wrong[0].title}” can't go on this shortlist.")
        before = round_shortlist_ids(round)
        ShortlistEntry.objects.filter(round=round).exclude(nomination__in=nominations).delete()
        ShortlistEntry.objects.bulk_create(
            [ShortlistEntry(round=round, nomination=n) for n in nominations], ignore_conflicts=True
        )
        after = sorted(n.pk for n in nominations)
        audit.record_round(
            round=round, action=audit.ROUND_SHORTLIST, actor=actor, before=before, after=after
        )
    return after


def round_shortlist_freeze(
    *, round: Round, default: list[Nomination], actor: User | None = None
) -> list[int]:
    """Fix the ballot paper the first time it is needed once the round is open.

    A round with no shortlist chosen takes `default` (for round 1: every approved,
    active nomination). Usually the system does this (`actor=None`): the first ballot,
    or a late approval; a person passed as `actor` must be on the policy team. All or
    nothing, under the round's row lock: two first ballots at once fix one paper, and
    a failure part-way leaves the round with no paper rather than half of one.
    """
    audit.require_policy_team(actor, "participation.change_round", "fix a ballot paper")
    with transaction.atomic():
        round = Round.objects.select_for_update().select_related("page").get(pk=round.pk)
        existing = round_shortlist_ids(round)
        if existing:
            return existing
        ShortlistEntry.objects.bulk_create(
            [ShortlistEntry(round=round, nomination=n) for n in default], ignore_conflicts=True
        )
        frozen = round_shortlist_ids(round)
        audit.record_round(
            round=round, action=audit.ROUND_SHORTLIST_FREEZE, actor=actor, after=frozen
        )
    return frozen


def _turnout(round: Round) -> dict:
    """Who voted, by age band on the closing day and by region: one aggregation in the
    database (a row per birth date and region), never a row per voter."""
    groups = (
        User.objects.filter(rounds_voted__round=round)
        .order_by()
        .values_list("date_of_birth", "region")
        .annotate(number=Count("pk"))
        .values_list("date_of_birth", "region", "number")
    )
    on = timezone.localtime(round.closes_at).date()
    by_band: dict[str, int] = {}
    by_region: dict[str, int] = {}
    total = 0
    for born, region, number in groups:
        total += number
        if born:
            band = age_band(age_on(born, on))
            by_band[band] = by_band.get(band, 0) + number
        if region:
            by_region[region] = by_region.get(region, 0) + number
    return {"voters": total, "by_age_band": by_band, "by_region": by_region}


def _eligible_count() -> int:
    verified = EmailAddress.objects.filter(user=OuterRef("pk"), verified=True)
    return User.objects.filter(profile_completed_at__isnull=False).filter(Exists(verified)).count()


def _count(
    round: Round, candidates: list[str], ballots: counting.Ballots | None, seed: str
) -> tuple[list[str], dict, str, str]:
    """Winners (as candidates), the engine's full record, the checksum and the seed."""
    seats = min(round.advance_count, len(candidates))
    cast = ballots.total if ballots is not None else 0
    if not cast or seats >= len(candidates):
        # Nothing to decide: every nomination goes through (or nobody voted). The
        # record says so rather than inventing a count.
        reason = "no ballots were cast" if not cast else "no more nominations than places"
        winners = candidates if cast else []
        return winners, {"uncontested": True, "reason": reason, "candidates": candidates}, "", ""
    result = counting.count(
        round.method,
        ballots=ballots,
        seats=seats if round.spec.multiple_seats else 1,
        # Drawn at closing: the engine's default, the ballot checksum, is known
        # beforehand to anyone who knows the ballots, so a lot could be foreseen.
        seed=seed,
    )
    return list(result.winners), result.to_dict(), result.ballot_checksum, result.seed


def round_close(*, round: Round, actor: User | None, now: dt.datetime | None = None) -> RoundResult:
    """Count a round whose voting has ended and freeze its result. Idempotent.

    `actor` is the person closing it from the admin (policy team or administrator),
    or None for the system: the minute job closing it by the clock. Locks the round
    row: two closers at once (the minute job and an admin action) count once; the
    second gets the first's result.

    The ballots are read in bulk and counted with each nomination named by its label
    (participation/labels.py), the names the published files use, so anyone can
    recount the files and get the checksum; the record maps the labels back to
    nominations. Any tie decided by lot uses a seed drawn now. The published files
    are written once, here. Then the winners go on to the next round's shortlist,
    and ballots are detached from their voters so erasing an account never changes
    the result. The close is recorded in the vote's history.
    """
    audit.require_policy_team(actor, "participation.change_round", "close a round")
    now = now or timezone.now()
    with transaction.atomic():
        round = Round.objects.select_for_update().select_related("page").get(pk=round.pk)
        lock_round_for_count(round.pk)
        existing = RoundResult.objects.filter(round=round).first()
        if existing is not None:
            return existing
        if now < round.closes_at:
            raise ValidationError("This round is still open for voting.")
        titles = dict(
            round.shortlist.order_by("nomination_id").values_list(
                "nomination_id", "nomination__title"
            )
        )
        # A nomination that isn't public (taken down, or never approved) is named by its
        # number alone: its title may be the reason it was taken down, and the files
        # published now can't be changed later.
        public = set(Nomination.objects.public().filter(pk__in=titles).values_list("pk", flat=True))
        labels = nomination_labels(
            (pk, title if pk in public else "") for pk, title in titles.items()
        )
        nominations = sorted(titles)
        candidates = [labels[pk] for pk in nominations]
        using = router.db_for_write(Ballot)
        if connection.vendor == "postgresql":
            # Room to sort a million ballots (the rewrite in receipt order) in memory.
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL work_mem = '256MB'")
        rows = ballot_rows.read_rows(round, nominations, using=using)
        files = None
        try:
            # Counting and writing the files need no database: the ballots are
            # detached meanwhile (see anonymity.detaching).
            with anonymity.detaching(round, stamp=round.closes_at):
                # No ballot paper was ever fixed when nobody voted: nothing to count.
                ballots = rows.ballots(candidates, ranked=round.is_ranked) if candidates else None
                named, record, checksum, seed = _count(
                    round, candidates, ballots, secrets.token_hex(16)
                )
                record[NOMINATIONS_KEY] = {labels[pk]: pk for pk in nominations}
                winners = [record[NOMINATIONS_KEY][label] for label in named]
                files = ballot_files.publish(
                    round, candidates=candidates, rows=rows, ballots=ballots
                )
                del ballots
            result = RoundResult.objects.create(
                round=round,
                method=round.method,
                method_version=round.spec.version,
                winners=winners,
                count=record,
                ballot_checksum=checksum,
                seed=seed,
                ballot_count=len(rows),
                turnout=_turnout(round),
                eligible_count=_eligible_count(),
                counted_at=now,
                ballots_csv=files.ballots_csv,
                ballots_blt=files.ballots_blt,
                receipts_csv=files.receipts_csv,
            )
            following = round.next_round()
            if following is not None and winners:
                ShortlistEntry.objects.bulk_create(
                    [ShortlistEntry(round=following, nomination_id=pk) for pk in winners],
                    ignore_conflicts=True,
                )
            audit.record_round(
                round=round,
                action=audit.ROUND_CLOSE,
                actor=actor,
                ballots=len(rows),
                winners=winners,
                checksum=checksum,
            )
        except BaseException:
            # The transaction rolls back: the files it would have published go with it.
            if files is not None:
                files.delete()
            raise
    logger.info("Closed %s: %d ballots, winners %s", round, len(rows), winners)
    return result


def rounds_close_due(*, now: dt.datetime | None = None) -> list[RoundResult]:
    """Close every round whose voting has ended and that has no result yet.

    The clock's job, so the system closes them (`actor=None`)."""
    now = now or timezone.now()
    due = Round.objects.filter(closes_at__lte=now, result__isnull=True).order_by("closes_at", "pk")
    return [round_close(round=round_, actor=None, now=now) for round_ in due]


__all__ = [
    "lock_round_for_count",
    "open_round_for_ballot",
    "round_close",
    "round_opening_announce",
    "round_shortlist_freeze",
    "round_shortlist_set",
    "rounds_announce_opened",
    "rounds_close_due",
]
